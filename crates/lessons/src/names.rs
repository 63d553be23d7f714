//! Python-style names and expressions for a graph's nodes, shared by the code view and the
//! quiz's hints: every node gets an identifier (its program name, or `t1`, `t2`, ... for an
//! unnamed gate), and every gate a forward expression and a local gradient per operand.

use autodiff::{format::number, formula, Arity, Formula, Graph, NodeId, Op, Operands, Step, Style};

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
                    t.push_str(&lang::int(k as i64));
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
        if g.op(id).arity() == Arity::Leaf {
            return self.get(id).to_string();
        }
        self.render(g, id, g.op(id).forward_formula(), 0)
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
    /// engine computes it: exp, tanh and sigmoid reuse their output, here by its name.
    pub(crate) fn local(&self, g: &Graph, gate: NodeId, position: usize) -> String {
        self.render(g, gate, g.op(gate).local_formula(position), position)
    }

    /// `f`, one of the gate's formulas, in Python over the names of its operands and output.
    fn render(&self, g: &Graph, gate: NodeId, f: &Formula, position: usize) -> String {
        let args: Vec<&str> = g.operands(gate).iter().map(|&o| self.get(o)).collect();
        let x = Operands { args: &args, out: Some(self.get(gate)), op: g.op(gate), position };
        formula::render(f, Style::Python, &x)
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
