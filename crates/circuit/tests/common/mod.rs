//! The seed circuits every test draws, and helpers to lay them out.
#![allow(dead_code)]

use autodiff::Graph;

/// (file stem, program): the seed deck's circuits, as the brief writes them and as the
/// page's example menu writes them (with named intermediates).
pub const SEEDS: &[(&str, &str)] = &[
    ("fxyz", "x = -2; y = 5; z = -4; q = x + y; f = q * z"),
    ("neuron-gates", "w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = 1/(1+exp(-(w0*x0+w1*x1+w2)))"),
    ("neuron-sigma", "w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = sigmoid(w0*x0 + w1*x1 + w2)"),
    ("max", "x=3; y=-4; z=2; w=-1; f = 2*(x*y + max(z, w))"),
    ("staged", "x=3; y=-4; f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)"),
    (
        "staged-named",
        "x = 3; y = -4; sigy = sigmoid(y); num = x + sigy; sigx = sigmoid(x); xpy = x + y; \
         xpysqr = xpy^2; den = sigx + xpysqr; f = num / den",
    ),
    ("apple", "apple=100; count=2; tax=1.1; price = apple*count*tax"),
    (
        "apple-orange",
        "apple = 100; count = 2; orange = 150; ocount = 3; tax = 1.1; apple_price = apple * count; \
         orange_price = orange * ocount; all_price = apple_price + orange_price; total = all_price * tax",
    ),
    (
        "net221",
        "x1 = 0.5; x2 = -1; w11 = 0.8; w12 = -0.4; b1 = 0.1; w21 = 0.3; w22 = 0.9; b2 = -0.2; \
         v1 = 1.2; v2 = -0.7; c = 0.05; target = 1; \
         h1 = sigmoid(w11*x1 + w12*x2 + b1); h2 = sigmoid(w21*x1 + w22*x2 + b2); \
         out = v1*h1 + v2*h2 + c; loss = (out - target)^2",
    ),
    ("micrograd", "x = -4; z = 2*x + 2 + x; q = relu(z) + z * x; h = relu(z * z); y = h + q + q * x"),
];

/// The seeds that cannot be drawn without a crossing, with the least number of crossings
/// any layered drawing with inputs in the first column can have. See `tests/geometry.rs`.
pub const MIN_CROSSINGS: &[(&str, usize)] = &[("staged", 1), ("staged-named", 1), ("net221", 1)];

pub fn compiled(src: &str) -> Graph {
    let mut g = autodiff::compile(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    g.recompute();
    g
}

/// A random program of `gates` gates over a few inputs, every gate using earlier values
/// (a small LCG, so the program is the same on every run).
pub fn random_program(gates: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let inputs = 6;
    let mut src = String::new();
    for i in 0..inputs {
        src.push_str(&format!("a{i} = {}; ", i as f64 * 0.5 - 1.0));
    }
    for k in 0..gates {
        let total = inputs + k;
        // Mostly recent values, sometimes old ones: long wires and forks, like real code.
        let pick = |r: usize, far: usize| {
            if far.is_multiple_of(4) {
                r % total
            } else {
                total - 1 - r % total.min(8)
            }
        };
        let a = pick(next(total), next(4));
        let b = pick(next(total), next(4));
        let name = |i: usize| if i < inputs { format!("a{i}") } else { format!("g{}", i - inputs) };
        let expr = match next(6) {
            0 => format!("{} + {}", name(a), name(b)),
            1 => format!("{} * {}", name(a), name(b)),
            2 => format!("tanh({})", name(a)),
            3 => format!("max({}, {})", name(a), name(b)),
            4 => format!("{} * 0.5", name(a)),
            _ => format!("sigmoid({} - {})", name(a), name(b)),
        };
        src.push_str(&format!("g{k} = {expr}; "));
    }
    src
}
