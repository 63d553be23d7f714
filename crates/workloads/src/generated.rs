//! The page's large test circuits: deterministic programs of 500 or 2,000 gates (an MLP
//! 2-16-16-1 is about 2,000) in the page's language, for page-bench's edit and play figures
//! and the page's native edit timing (`crates/playground/examples/edit_timing.rs`).

/// Inputs of the generated programs: `x0` ... `x19`.
pub const INPUTS: usize = 20;

/// A deterministic program of exactly `gates` gates over [`INPUTS`] inputs: one
/// gate per statement (+, *, max, tanh, sigmoid), each taking the oldest value nothing uses
/// yet and, for two-operand gates, a recent value, so the circuit comes out in layers about
/// as wide as the inputs; a tree of + joins what is left into `f`. A value that could grow
/// past 4 in magnitude goes through tanh instead, so every number stays finite.
pub fn program(gates: usize) -> String {
    struct Value {
        name: String,
        bound: f64,
    }
    let mut rng = SplitMix(0x5eed_0000 + gates as u64);
    let mut lines = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut unused = std::collections::VecDeque::new();
    for i in 0..INPUTS {
        let x = (rng.below(200) as f64 - 100.0) / 100.0;
        lines.push(format!("x{i} = {x}"));
        values.push(Value { name: format!("x{i}"), bound: 1.0 });
        unused.push_back(i);
    }
    let mut made = 0;
    let push = |lines: &mut Vec<String>, values: &mut Vec<Value>, expr: String, bound: f64| {
        let name = format!("g{}", values.len() - INPUTS);
        lines.push(format!("{name} = {expr}"));
        values.push(Value { name, bound });
        values.len() - 1
    };
    // Each gate adds one unused value and uses one or two: stop when joining what is left
    // takes exactly the gates still to make.
    while made + unused.len() - 1 < gates {
        let Some(head) = unused.pop_front() else { break };
        let window = values.len().min(3 * INPUTS);
        let mut other = values.len() - 1 - rng.below(window as u64) as usize;
        if other == head {
            other = if head == 0 { 1 } else { head - 1 };
        }
        let (a, b) = (&values[head], &values[other]);
        let (expr, bound, uses_other) = match rng.below(10) {
            0..=2 if a.bound + b.bound <= 4.0 => {
                (format!("{} + {}", a.name, b.name), a.bound + b.bound, true)
            }
            3 | 4 if a.bound * b.bound <= 4.0 => {
                (format!("{} * {}", a.name, b.name), a.bound * b.bound, true)
            }
            5 => (format!("max({}, {})", a.name, b.name), a.bound.max(b.bound), true),
            7 | 8 => (format!("sigmoid({})", a.name), 1.0, false),
            _ => (format!("tanh({})", a.name), 1.0, false),
        };
        if uses_other {
            unused.retain(|&u| u != other);
        }
        let id = push(&mut lines, &mut values, expr, bound);
        unused.push_back(id);
        made += 1;
    }
    // Join the values nothing uses, pairwise, until one is left.
    while unused.len() > 1 {
        let (Some(a), Some(b)) = (unused.pop_front(), unused.pop_front()) else { break };
        let expr = format!("{} + {}", values[a].name, values[b].name);
        let bound = values[a].bound + values[b].bound;
        let id = push(&mut lines, &mut values, expr, bound);
        unused.push_back(id);
        made += 1;
    }
    assert_eq!(made, gates, "the generator made {made} gates, not {gates}");
    // The last statement is the output: call it f.
    if let Some(last) = lines.last_mut() {
        if let Some(rest) = last.split_once(" = ").map(|(_, rest)| rest.to_string()) {
            *last = format!("f = {rest}");
        }
    }
    lines.join("\n")
}

/// SplitMix64: a small, fixed random sequence, so the programs are the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough in 0..n for picking operands.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_have_the_asked_number_of_gates() {
        for gates in [19, 20, 21, 500, 2_000] {
            let p = program(gates);
            let statements = p.lines().count();
            assert_eq!(statements, INPUTS + gates, "{gates}");
            assert!(p.lines().last().is_some_and(|l| l.starts_with("f = ")));
            assert_eq!(p, program(gates), "deterministic");
        }
    }
}
