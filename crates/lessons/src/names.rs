//! Python-style names and expressions for a graph's nodes, shared by the code view and the
//! quiz's hints: every node gets an identifier (its program name, or `t1`, `t2`, ... for an
//! unnamed gate), and every gate a forward expression and a local gradient per operand.

use autodiff::{format::number, Graph, NodeId, Op, Step};

/// One identifier per node; a constant's "name" is its literal, so an expression can write
/// any operand by its name.
#[derive(Debug)]
pub(crate) struct Names(Vec<String>);

impl Names {
    pub(crate) fn new(g: &Graph) -> Names {
        let mut names = Vec::with_capacity(g.len());
        let mut k = 0;
        for id in g.ids() {
            let name = if g.op(id) == Op::Const {
                number(g.value(id))
            } else if let Some(name) = g.name(id) {
                // `q#2`, the second assignment to q, is not an identifier.
                name.replace('#', "_")
            } else {
                loop {
                    k += 1;
                    let t = ["t", &k.to_string()].concat();
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

    /// `d` + the name: the variable holding the node's gradient.
    pub(crate) fn grad(&self, id: NodeId) -> String {
        ["d", self.get(id)].concat()
    }

    /// The gate's forward expression over its operands' names: `x + y`, `math.exp(t2)`.
    pub(crate) fn expr(&self, g: &Graph, id: NodeId) -> String {
        let ops = g.operands(id);
        let n = |k: usize| ops.get(k).map_or("?", |&o| self.get(o));
        let (a, b) = (n(0), n(1));
        match g.op(id) {
            Op::Input | Op::Const => self.get(id).to_string(),
            Op::Add => [a, " + ", b].concat(),
            Op::Sub => [a, " - ", b].concat(),
            Op::Mul => [a, " * ", b].concat(),
            Op::Div => [a, " / ", b].concat(),
            Op::Pow => [a, " ** ", b].concat(),
            Op::Neg => ["-", a].concat(),
            Op::Recip => ["1 / ", a].concat(),
            Op::Exp => call("math.exp(", a),
            Op::Log => call("math.log(", a),
            Op::Sqrt => call("math.sqrt(", a),
            Op::Abs => call("abs(", a),
            Op::Sin => call("math.sin(", a),
            Op::Cos => call("math.cos(", a),
            Op::Tanh => call("math.tanh(", a),
            // The notes' `sigy = 1.0 / (1 + math.exp(-y))`.
            Op::Sigmoid => ["1 / (1 + math.exp(-", a, "))"].concat(),
            Op::Relu => ["max(0, ", a, ")"].concat(),
            Op::Max => ["max(", a, ", ", b, ")"].concat(),
            Op::Min => ["min(", a, ", ", b, ")"].concat(),
            Op::Sum => self.join(ops, " + "),
            Op::Affine => {
                let mut s = a.to_string();
                for pair in ops[1..].chunks_exact(2) {
                    s.push_str(" + ");
                    s.push_str(self.get(pair[0]));
                    s.push_str(" * ");
                    s.push_str(self.get(pair[1]));
                }
                s
            }
        }
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
        let (a, b, out) = (n(0), n(1), self.get(gate));
        let first = position == 0;
        let s: &str = match g.op(gate) {
            Op::Input | Op::Const => "0",
            Op::Add | Op::Sum => "1",
            Op::Sub => pick(first, "1", "-1"),
            Op::Mul => pick(first, b, a),
            Op::Div if first => return ["1 / ", b].concat(),
            Op::Div => return ["-", a, " / ", b, "**2"].concat(),
            Op::Neg => "-1",
            Op::Recip => return ["-1 / ", a, "**2"].concat(),
            Op::Pow if first => return [b, " * ", a, "**(", b, " - 1)"].concat(),
            Op::Pow => return [out, " * math.log(", a, ")"].concat(),
            Op::Exp => out,
            Op::Log => return ["1 / ", a].concat(),
            Op::Sqrt => return ["1 / (2 * ", out, ")"].concat(),
            Op::Abs => return call("sign(", a),
            Op::Sin => return call("math.cos(", a),
            Op::Cos => return call("-math.sin(", a),
            Op::Tanh => return ["1 - ", out, "**2"].concat(),
            Op::Sigmoid => return ["(1 - ", out, ") * ", out].concat(),
            Op::Relu => return ["(", a, " > 0)"].concat(),
            Op::Max if first => return ["(", a, " >= ", b, ")"].concat(),
            Op::Max => return ["(", b, " > ", a, ")"].concat(),
            Op::Min if first => return ["(", a, " <= ", b, ")"].concat(),
            Op::Min => return ["(", b, " < ", a, ")"].concat(),
            // Operands are [b, w0, x0, w1, x1, ...]: a weight's partner follows it.
            Op::Affine if first => "1",
            Op::Affine if position % 2 == 1 => n(position + 1),
            Op::Affine => n(position - 1),
        };
        s.to_string()
    }
}

fn call(f: &str, a: &str) -> String {
    [f, a, ")"].concat()
}

fn pick<'a>(first: bool, yes: &'a str, no: &'a str) -> &'a str {
    if first {
        yes
    } else {
        no
    }
}

/// `local` ready to multiply: a compound expression in parentheses, as the notes write
/// `((1 - sigx) * sigx) * dsigx`; a name, a number or one parenthesised test as it is.
pub(crate) fn factor(local: String) -> String {
    let grouped = local.starts_with('(') && local.ends_with(')') && local.matches('(').count() == 1;
    if local.contains(' ') && !grouped {
        ["(", &local, ")"].concat()
    } else {
        local
    }
}

/// Whether trace step `s` belongs to `g`: steps that do not are skipped, as the page's
/// timeline skips them.
pub(crate) fn belongs(g: &Graph, s: &Step) -> bool {
    s.gate.index() < g.len() && s.input.index() < g.len()
}
