//! Expansion: a composite gate rewritten into the seed deck's primitive gates, with the same
//! value and the same input gradients. A sigmoid becomes cs231n's chain `*-1`, `exp`, `+1`,
//! `1/x`; tanh(a) becomes 2 σ(2a) - 1 in those gates; softplus(a) becomes ln(exp(a) + 1);
//! a - b becomes a + b * -1; a / b becomes a * (1/b).

use crate::graph::{Graph, NodeId};
use crate::op::{Arity, Op, Rewrite};

/// An expanded graph and where each node of the original went.
#[derive(Debug, Clone)]
pub struct Expansion {
    pub graph: Graph,
    /// `map[old]` is the new node that carries the old node's value.
    pub map: Vec<NodeId>,
}

/// Whether [`Graph::expanded`] has a rewrite for this op.
pub fn expandable(op: Op) -> bool {
    op.rewrite() != Rewrite::None
}

impl Graph {
    /// A copy of the graph in which every node selected by `which` (and [`expandable`]) is
    /// replaced by its primitive gates. Names, spans, inputs and the output carry over.
    pub fn expanded(&self, which: impl Fn(NodeId) -> bool) -> Expansion {
        let mut g = Graph::with_capacity(self.len());
        let mut map = Vec::with_capacity(self.len());
        for id in self.ids() {
            let op = self.op(id);
            let mut args = Vec::with_capacity(self.operands(id).len());
            for a in self.operands(id) {
                args.push(map[a.index()]);
            }
            let expanded = if which(id) { expand_one(&mut g, op, &args) } else { None };
            let new = match expanded {
                Some(new) => new,
                None => copy_one(&mut g, self, id, &args),
            };
            if let Some(span) = self.span(id) {
                // Pushed: `Vec::resize` over spans would link fill code nothing else uses.
                while g.spans.len() < g.len() {
                    g.spans.push(span);
                }
            }
            map.push(new);
        }
        for (name, id) in &self.named {
            g.set_name(map[id.index()], name);
        }
        g.output = self.output.map(|o| map[o.index()]);
        Expansion { graph: g, map }
    }
}

fn copy_one(g: &mut Graph, from: &Graph, id: NodeId, args: &[NodeId]) -> NodeId {
    let op = from.op(id);
    match op.arity() {
        Arity::Leaf if op == Op::Input => {
            let new = g.constant(from.value(id));
            g.ops[new.index()] = Op::Input;
            g.inputs.push(new);
            new
        }
        Arity::Leaf => g.constant(from.value(id)),
        Arity::Unary => g.unary(op, args[0]),
        Arity::Binary => g.binary(op, args[0], args[1]),
        Arity::Many if op == Op::Affine => {
            let mut ws = Vec::with_capacity(args.len() / 2);
            let mut xs = Vec::with_capacity(args.len() / 2);
            for pair in args[1..].chunks_exact(2) {
                ws.push(pair[0]);
                xs.push(pair[1]);
            }
            g.affine(args[0], &ws, &xs)
        }
        Arity::Many => g.sum(args),
    }
}

/// The primitive gates of `op`, or `None` (pushing nothing) when it has no rewrite.
fn expand_one(g: &mut Graph, op: Op, args: &[NodeId]) -> Option<NodeId> {
    Some(match op.rewrite() {
        Rewrite::None => return None,
        Rewrite::Sigmoid => sigmoid_chain(g, args[0]),
        Rewrite::Tanh => {
            let two = g.constant(2.0);
            let doubled = g.mul(args[0], two);
            let s = sigmoid_chain(g, doubled);
            let two = g.constant(2.0);
            let scaled = g.mul(s, two);
            let minus_one = g.constant(-1.0);
            g.add(scaled, minus_one)
        }
        Rewrite::Softplus => {
            let e = g.unary(Op::Exp, args[0]);
            let one = g.constant(1.0);
            let shifted = g.add(e, one);
            g.unary(Op::Log, shifted)
        }
        Rewrite::Sub => {
            let (a, b) = (args[0], args[1]);
            if g.op(b) == Op::Const {
                let c = g.constant(-g.value(b));
                g.add(a, c)
            } else {
                let minus_one = g.constant(-1.0);
                let negated = g.mul(b, minus_one);
                g.add(a, negated)
            }
        }
        Rewrite::Div => {
            let (a, b) = (args[0], args[1]);
            if g.op(b) == Op::Const {
                let c = g.constant(1.0 / g.value(b));
                g.mul(a, c)
            } else {
                let r = g.unary(Op::Recip, b);
                g.mul(a, r)
            }
        }
    })
}

/// σ(a) = 1 / (1 + exp(a * -1)), cs231n's gates from input to output: `*-1`, `exp`, `+1`, `1/x`.
fn sigmoid_chain(g: &mut Graph, a: NodeId) -> NodeId {
    let minus_one = g.constant(-1.0);
    let negated = g.mul(a, minus_one);
    let e = g.unary(Op::Exp, negated);
    let one = g.constant(1.0);
    let denominator = g.add(e, one);
    g.unary(Op::Recip, denominator)
}
