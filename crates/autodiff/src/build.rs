//! Turns a parsed [`Program`] into a [`Graph`]: one loop over the expression arena.

use crate::ast::{BinOp, ExprKind, Program};
use crate::error::{message, Error, ErrorKind, Span};
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
    let names = Names::of(program);
    let mut assigned = vec![false; names.len()];
    for stmt in &program.stmts {
        if let Some((name, _)) = &stmt.target {
            assigned[names.index(name)] = true;
        }
    }
    let mut g = Graph::with_capacity(program.exprs.len());
    // Per name: the node it stands for now, and how many times it was assigned.
    let mut scope: Vec<Option<NodeId>> = Vec::new();
    scope.resize_with(names.len(), || None);
    let mut versions: Vec<u32> = vec![0; names.len()];
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
                    let n = names.index(name);
                    let id = g.input(&versioned(&mut versions[n], name), *v);
                    g.spans.push(name_span.to(span));
                    scope[n] = Some(id);
                    node_of[e] = id;
                    made_input = true;
                    continue;
                }
                ExprKind::Num(v) => {
                    let id = g.constant(*v);
                    leaf(&mut g, id, span)
                }
                ExprKind::Name(name) => match scope[names.index(name)] {
                    Some(id) => id,
                    None if assigned[names.index(name)] => {
                        return Err(Error::new(
                            ErrorKind::UseBeforeAssign,
                            lang::fill(
                                message!("{0}: '{1}' is used here before it is assigned"),
                                &["", name],
                            ),
                            span,
                        ))
                    }
                    None => {
                        let id = g.input(name, 1.0);
                        g.spans.push(span);
                        scope[names.index(name)] = Some(id);
                        versions[names.index(name)] = 1;
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
                    let mut ids = Vec::with_capacity(args.len());
                    for &a in args {
                        ids.push(node_of[a]);
                    }
                    gate(&mut g, *f, &ids, span)
                }
            };
            node_of[e] = id;
        }
        let root = node_of[stmt.root];
        if let Some((name, _)) = &stmt.target {
            let n = names.index(name);
            if !made_input {
                let label = versioned(&mut versions[n], name);
                g.set_name(root, &label);
            }
            scope[n] = Some(root);
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

/// The program's distinct names, sorted; a name's position keys the per-name tables of
/// `build`. (A `HashMap` would do as well, but the page's wasm would carry the hash table
/// and hasher code for it.)
struct Names<'p>(Vec<&'p str>);

impl<'p> Names<'p> {
    /// Every assigned and every used name.
    fn of(program: &'p Program) -> Names<'p> {
        let mut names: Vec<&str> = Vec::new();
        for stmt in &program.stmts {
            if let Some((n, _)) = &stmt.target {
                names.push(n);
            }
        }
        for expr in &program.exprs {
            if let ExprKind::Name(n) = &expr.kind {
                names.push(n);
            }
        }
        names.sort_unstable();
        names.dedup();
        Names(names)
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    /// The position of a name of the program (every one is in the list, so the search
    /// always finds it).
    fn index(&self, name: &str) -> usize {
        self.0.binary_search(&name).unwrap_or_else(|at| at)
    }
}

/// `name` for the first assignment, `name#k` for the k-th.
fn versioned(v: &mut u32, name: &str) -> String {
    *v += 1;
    if *v == 1 {
        name.to_string()
    } else {
        [name, "#", &lang::int(i64::from(*v))].concat()
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
