//! The example menu: each entry's id (the `<option>` value and the hash's `ex=`) and its
//! program. Plain Rust.

/// One entry of the example menu (its visible title is the `<option>`'s text in
/// www/index.html, which the browser tests read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The option's `value` and the hash's `ex=`.
    pub id: &'static str,
    pub program: &'static str,
}

/// The example with the training panel (a neuron that learns).
pub const LEARNING_PRESET: &str = "learn";

/// The example menu, in order; the first is the page's default.
pub const EXAMPLES: &[Example] = &[
    Example { id: "fxyz", program: "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z" },
    Example {
        id: "neuron-gates",
        program: "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
    },
    Example {
        id: "neuron-sigma",
        program: "w0 = 2\nx0 = -1\nw1 = -3\nx1 = -2\nw2 = -3\nf = sigmoid(w0*x0 + w1*x1 + w2)",
    },
    Example { id: "max", program: "x = 3\ny = -4\nz = 2\nw = -1\nf = 2 * (x*y + max(z, w))" },
    Example {
        id: "staged",
        program: "x = 3\ny = -4\nsigy = sigmoid(y)\nnum = x + sigy\nsigx = sigmoid(x)\nxpy = x + y\n\
                  xpysqr = xpy^2\nden = sigx + xpysqr\nf = num / den",
    },
    Example {
        id: "apple",
        program: "apple = 100\ncount = 2\ntax = 1.1\napple_price = apple * count\nprice = apple_price * tax",
    },
    Example {
        id: "apple-orange",
        program: "apple = 100\ncount = 2\norange = 150\nocount = 3\ntax = 1.1\napple_price = apple * count\n\
                  orange_price = orange * ocount\nall_price = apple_price + orange_price\n\
                  total = all_price * tax",
    },
    Example {
        id: "net221",
        program: "x1 = 0.5\nx2 = -1\nw11 = 0.8\nw12 = -0.4\nb1 = 0.1\nw21 = 0.3\nw22 = 0.9\nb2 = -0.2\n\
                  v1 = 1.2\nv2 = -0.7\nc = 0.05\ntarget = 1\n\
                  h1 = sigmoid(w11*x1 + w12*x2 + b1)\nh2 = sigmoid(w21*x1 + w22*x2 + b2)\n\
                  out = v1*h1 + v2*h2 + c\nloss = (out - target)^2",
    },
    Example {
        id: "micrograd",
        program: "x = -4\nz = 2x + 2 + x\nq = relu(z) + z * x\nh = relu(z * z)\ny = h + q + q * x",
    },
    // Point 1's loss at the starting weights (`lessons::train`): the page trains the neuron
    // on all 16 points and keeps this circuit on the new weights.
    Example {
        id: LEARNING_PRESET,
        program: "w0 = -1\nw1 = 0.5\nb = 0.5\nx0 = 1\nx1 = 2\np = sigmoid(w0*x0 + w1*x1 + b)\nloss = -log(p)",
    },
];

pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The example `id`, for tests: a misspelt id panics naming the known ones, instead of
/// quietly testing another example.
#[cfg(test)]
pub(crate) fn known_example(id: &str) -> &'static Example {
    example(id).unwrap_or_else(|| {
        let ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
        panic!("no example {id:?}; the examples are {ids:?}")
    })
}
