//! Python-style names and expressions for a graph's nodes, shared by the code view and the
//! quiz's hints: every node gets an identifier (its program name, or `t1`, `t2`, ... for an
//! unnamed gate), and every gate a forward expression and a local gradient per operand.

use autodiff::{format::number, Graph, NodeId, Op, Step};
use lang::fill;

/// One identifier per node; a constant's "name" is its literal, so an expression can write
/// any operand by its name.
#[derive(Debug)]
pub(crate) struct Names(Vec<String>);

impl Names {
    pub(crate) fn new(g: &Graph) -> Names {
        let mut names = Vec::with_capacity(g.len());
        let mut k = 0_usize;
        for id in g.ids() {
            let name = if g.op(id) == Op::Const {
                number(g.value(id))
            } else if let Some(name) = g.name(id) {
                identifier(name)
            } else {
                loop {
                    k += 1;
                    let mut t = String::from("t");
                    t.push_str(&k.to_string());
                    if !g.named().iter().any(|(n, _)| *n == t) {
                        break t;
                    }
                }
            };
            names.push(name);
        }
        Names(names)
    }

    pub(crate) fn get(&self, id: NodeId) -> &str {
        self.0.get(id.index()).map_or("?", String::as_str)
    }

    /// The gate's forward expression over its operands' names: `x + y`, `math.exp(t2)`.
    pub(crate) fn expr(&self, g: &Graph, id: NodeId) -> String {
        let ops = g.operands(id);
        let n = |k: usize| ops.get(k).map_or("?", |&o| self.get(o));
        let template = match g.op(id) {
            Op::Input | Op::Const => return self.get(id).to_string(),
            Op::Sum => return self.join(ops, " + "),
            Op::Affine => {
                let mut s = n(0).to_string();
                for pair in ops[1..].chunks_exact(2) {
                    s.push_str(" + ");
                    s.push_str(self.get(pair[0]));
                    s.push_str(" * ");
                    s.push_str(self.get(pair[1]));
                }
                return s;
            }
            Op::Add => "{0} + {1}",
            Op::Sub => "{0} - {1}",
            Op::Mul => "{0} * {1}",
            Op::Div => "{0} / {1}",
            Op::Pow => "{0} ** {1}",
            Op::Neg => "-{0}",
            Op::Recip => "1 / {0}",
            Op::Exp => "math.exp({0})",
            Op::Log => "math.log({0})",
            Op::Sqrt => "math.sqrt({0})",
            Op::Abs => "abs({0})",
            Op::Sin => "math.sin({0})",
            Op::Cos => "math.cos({0})",
            Op::Tanh => "math.tanh({0})",
            // The notes' `sigy = 1.0 / (1 + math.exp(-y))`.
            Op::Sigmoid => "1 / (1 + math.exp(-{0}))",
            Op::Relu => "max(0, {0})",
            Op::Max => "max({0}, {1})",
            Op::Min => "min({0}, {1})",
        };
        fill(template, &[n(0), n(1)])
    }

    /// The operands' names joined with `sep`.
    pub(crate) fn join(&self, ops: &[NodeId], sep: &str) -> String {
        let mut s = String::new();
        for (k, &o) in ops.iter().enumerate() {
            if k > 0 {
                s.push_str(sep);
            }
            s.push_str(self.get(o));
        }
        s
    }

    /// d gate / d operand `position` as an expression over names, written the way the
    /// engine computes it (`op.rs`): exp, tanh and sigmoid reuse their output.
    pub(crate) fn local(&self, g: &Graph, gate: NodeId, position: usize) -> String {
        let ops = g.operands(gate);
        let n = |k: usize| ops.get(k).map_or("?", |&o| self.get(o));
        let first = position == 0;
        // In the templates, {0} and {1} are the operands and {2} the gate's output.
        let template = match g.op(gate) {
            Op::Input | Op::Const => "0",
            Op::Add | Op::Sum => "1",
            Op::Sub if first => "1",
            Op::Sub => "-1",
            Op::Mul if first => "{1}",
            Op::Mul => "{0}",
            Op::Div if first => "1 / {1}",
            Op::Div => "-{0} / {1}**2",
            Op::Neg => "-1",
            Op::Recip => "-1 / {0}**2",
            Op::Pow if first => "{1} * {0}**({1} - 1)",
            Op::Pow => "{2} * math.log({0})",
            Op::Exp => "{2}",
            Op::Log => "1 / {0}",
            Op::Sqrt => "1 / (2 * {2})",
            Op::Abs => "sign({0})",
            Op::Sin => "math.cos({0})",
            Op::Cos => "-math.sin({0})",
            Op::Tanh => "1 - {2}**2",
            Op::Sigmoid => "(1 - {2}) * {2}",
            Op::Relu => "({0} > 0)",
            Op::Max if first => "({0} >= {1})",
            Op::Max => "({1} > {0})",
            Op::Min if first => "({0} <= {1})",
            Op::Min => "({1} < {0})",
            // Operands are [b, w0, x0, w1, x1, ...]: a weight's partner follows it.
            Op::Affine if first => "1",
            Op::Affine if position % 2 == 1 => return n(position + 1).to_string(),
            Op::Affine => return n(position - 1).to_string(),
        };
        fill(template, &[n(0), n(1), self.get(gate)])
    }
}

/// `local` ready to multiply: a compound expression in parentheses, as the notes write
/// `((1 - sigx) * sigx) * dsigx`; a name, a number or one parenthesised test as it is.
pub(crate) fn factor(local: String) -> String {
    // Bytes rather than str searches and char patterns, whose code nothing else links.
    let b = local.as_bytes();
    let (mut opens, mut spaced) = (0, false);
    for &c in b {
        opens += usize::from(c == b'(');
        spaced |= c == b' ';
    }
    let grouped = b.first() == Some(&b'(') && b.last() == Some(&b')') && opens == 1;
    if spaced && !grouped {
        ["(", &local, ")"].concat()
    } else {
        local
    }
}

/// `name` with every `#` written `_`: `q#2`, the second assignment to q, is not an
/// identifier. (Not `str::replace`, whose byte-mapping machinery nothing else links.)
fn identifier(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        s.push(if c == '#' { '_' } else { c });
    }
    s
}

/// Whether trace step `s` belongs to `g`: steps that do not are skipped, as the page's
/// timeline skips them.
pub(crate) fn belongs(g: &Graph, s: &Step) -> bool {
    s.gate.index() < g.len() && s.input.index() < g.len()
}
