//! Turns a parsed [`Program`] into a [`Graph`]: one loop over the expression arena.

use std::collections::{HashMap, HashSet};

use crate::ast::{BinOp, ExprKind, Func, Program};
use crate::error::{Error, ErrorKind, Span};
use crate::graph::{Graph, NodeId};
use crate::op::Op;

/// Parses and builds a program: the values are computed, the gradients are not yet.
pub fn compile(src: &str) -> Result<Graph, Error> {
    let program = crate::parse(src)?;
    build(&program)
}

/// Builds the graph of a parsed program and evaluates it.
///
/// A name assigned a plain number is an input starting at that number; a name used but
/// never assigned is an input starting at 1. A name may be assigned again: later
/// statements see the newest value, and the k-th assignment's wire is labelled `name#k`.
pub fn build(program: &Program) -> Result<Graph, Error> {
    let assigned: HashSet<&str> =
        program.stmts.iter().filter_map(|s| s.target.as_ref().map(|(n, _)| n.as_str())).collect();
    let mut g = Graph::with_capacity(program.exprs.len());
    let mut scope: HashMap<&str, NodeId> = HashMap::new();
    let mut versions: HashMap<&str, u32> = HashMap::new();
    let mut node_of: Vec<NodeId> = vec![NodeId(0); program.exprs.len()];
    for stmt in &program.stmts {
        let mut made_input = false;
        for e in stmt.exprs.clone() {
            let expr = &program.exprs[e];
            let span = expr.span;
            let id = match &expr.kind {
                ExprKind::Num(v) if stmt.target.is_some() && e == stmt.root => {
                    let (name, name_span) =
                        stmt.target.as_ref().map(|(n, s)| (n.as_str(), *s)).unwrap_or_default();
                    let id = g.input(&versioned(&mut versions, name), *v);
                    g.spans.push(name_span.to(span));
                    scope.insert(name, id);
                    node_of[e] = id;
                    made_input = true;
                    continue;
                }
                ExprKind::Num(v) => {
                    let id = g.constant(*v);
                    leaf(&mut g, id, span)
                }
                ExprKind::Name(name) => match scope.get(name.as_str()) {
                    Some(&id) => id,
                    None if assigned.contains(name.as_str()) => {
                        return Err(Error::new(
                            ErrorKind::UseBeforeAssign,
                            format!("'{name}' is used here before it is assigned"),
                            span,
                        ))
                    }
                    None => {
                        let id = g.input(name, 1.0);
                        g.spans.push(span);
                        scope.insert(name, id);
                        versions.insert(name, 1);
                        id
                    }
                },
                ExprKind::Neg(a) => gate(&mut g, Op::Neg, &[node_of[*a]], span),
                ExprKind::Binary(op, a, b) => {
                    let (a, b) = (node_of[*a], node_of[*b]);
                    // 1 / e is cs231n's 1/x gate.
                    if *op == BinOp::Div && g.op(a) == Op::Const && g.value(a) == 1.0 {
                        gate(&mut g, Op::Recip, &[b], span)
                    } else {
                        gate(&mut g, binop(*op), &[a, b], span)
                    }
                }
                ExprKind::Call(f, args) => {
                    let args: Vec<NodeId> = args.iter().map(|&a| node_of[a]).collect();
                    gate(&mut g, func(*f), &args, span)
                }
            };
            node_of[e] = id;
        }
        let root = node_of[stmt.root];
        if let Some((name, _)) = &stmt.target {
            if !made_input {
                let label = versioned(&mut versions, name);
                g.set_name(root, &label);
            }
            scope.insert(name, root);
        }
        g.set_output(root);
    }
    Ok(g)
}

fn leaf(g: &mut Graph, id: NodeId, span: Span) -> NodeId {
    g.spans.push(span);
    id
}

fn gate(g: &mut Graph, op: Op, args: &[NodeId], span: Span) -> NodeId {
    let id = match args {
        [a] => g.unary(op, *a),
        [a, b] => g.binary(op, *a, *b),
        _ => g.sum(args),
    };
    g.spans.push(span);
    id
}

/// `name` for the first assignment, `name#k` for the k-th.
fn versioned<'p>(versions: &mut HashMap<&'p str, u32>, name: &'p str) -> String {
    let v = versions.entry(name).or_insert(0);
    *v += 1;
    if *v == 1 {
        name.to_string()
    } else {
        format!("{name}#{v}")
    }
}

fn binop(op: BinOp) -> Op {
    match op {
        BinOp::Add => Op::Add,
        BinOp::Sub => Op::Sub,
        BinOp::Mul => Op::Mul,
        BinOp::Div => Op::Div,
        BinOp::Pow => Op::Pow,
    }
}

fn func(f: Func) -> Op {
    match f {
        Func::Exp => Op::Exp,
        Func::Log => Op::Log,
        Func::Sqrt => Op::Sqrt,
        Func::Abs => Op::Abs,
        Func::Sin => Op::Sin,
        Func::Cos => Op::Cos,
        Func::Tanh => Op::Tanh,
        Func::Sigmoid => Op::Sigmoid,
        Func::Relu => Op::Relu,
        Func::Max => Op::Max,
        Func::Min => Op::Min,
    }
}
