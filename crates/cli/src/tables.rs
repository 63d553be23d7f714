//! The `trace` and `check` commands' text: aligned columns a student can read.

use autodiff::format::{number, significant};
use autodiff::{Graph, NodeId};

/// Pads every column to its widest cell, two spaces apart: text columns (the
/// columns listed in `left`) to the left, numbers to the right so their digits line up.
pub(crate) fn align(rows: &[Vec<String>], left: &[usize]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if left.contains(&c) {
                    format!("{s:<w$}", w = width[c])
                } else {
                    format!("{s:>w$}", w = width[c])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn gate_name(g: &Graph, id: NodeId) -> String {
    match g.name(id) {
        Some(n) => format!("{} ({n})", g.gate_label(id)),
        None => g.gate_label(id),
    }
}

fn output_line(g: &Graph) -> String {
    match g.output() {
        Some(o) => format!("{} = {}\n", g.display_name(o), autodiff::format::exact(g.value(o))),
        None => String::new(),
    }
}

/// One row per (gate, operand) edge in the order the engine takes them, then each step
/// in words.
pub fn trace(g: &mut Graph) -> String {
    let steps = g.trace();
    let mut rows = vec![["step", "gate", "input", "upstream", "local", "contribution", "running sum"]
        .map(String::from)
        .to_vec()];
    for (k, s) in steps.iter().enumerate() {
        rows.push(vec![
            format!("{}", k + 1),
            gate_name(g, s.gate),
            g.display_name(s.input),
            number(s.upstream),
            number(s.local),
            number(s.contribution),
            number(s.sum),
        ]);
    }
    let mut out = output_line(g);
    out.push('\n');
    out.push_str(&align(&rows, &[1, 2]));
    out.push('\n');
    for (k, s) in steps.iter().enumerate() {
        out.push_str(&format!("{:>3}. {}\n", k + 1, g.describe_step(s)));
    }
    out
}

/// Analytic against numerical gradients for every input.
pub fn check(g: &mut Graph, h: f64) -> String {
    let checks = g.check_gradients(h);
    let mut rows = vec![[
        "input",
        "value",
        "analytic",
        "(f(x+h)-f(x))/h",
        "rel. error",
        "(f(x+h)-f(x-h))/2h",
        "rel. error",
    ]
    .map(String::from)
    .to_vec()];
    for c in &checks {
        rows.push(vec![
            g.display_name(c.input),
            number(g.value(c.input)),
            significant(c.analytic, 10),
            significant(c.forward, 10),
            error(c.forward_error),
            significant(c.centred, 10),
            error(c.centred_error),
        ]);
    }
    format!("{}h = {}\n\n{}", output_line(g), number(h), align(&rows, &[0]))
}

fn error(e: f64) -> String {
    if e.is_finite() {
        format!("{e:.1e}")
    } else {
        number(e)
    }
}
