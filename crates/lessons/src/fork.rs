//! Why backprop adds at forks. A value that feeds several gates (or one gate twice, as in
//! `x * x`) gets one gradient contribution from each use, and the chain rule says they add
//! up. This module replays the engine's backward pass with the classic bug, each gate
//! *assigning* `grad[operand] = upstream * local` instead of adding, and sets the result
//! beside the engine's gradients, so the page can show what the `+=` is for.
//!
//! ```
//! let mut g = autodiff::compile("x = 3; f = x * x").unwrap();
//! let steps = g.trace();
//! let rows = lessons::fork::compare(&g, &steps);
//! let x = g.input_named("x").unwrap();
//! let row = rows.iter().find(|r| r.node == x).unwrap();
//! assert_eq!((row.right, row.assigned, row.difference), (6.0, 3.0, 3.0));
//! assert!(lessons::fork::has_fork(&g));
//! ```

use autodiff::{Graph, NodeId, Op, Step};

/// One node's gradient both ways.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForkRow {
    /// The node (an input or a gate's output).
    pub node: NodeId,
    /// The engine's gradient: contributions added with `+=`.
    pub right: f64,
    /// What backprop would leave if each contribution overwrote the last (`=`).
    pub assigned: f64,
    /// `right - assigned`: the contributions the assignment threw away.
    pub difference: f64,
    /// How many gate operands read this node (2 or more: a fork).
    pub uses: usize,
}

/// How many gate operands read each node, indexed by node; `x * x` counts x twice.
pub fn uses(graph: &Graph) -> Vec<usize> {
    let mut uses = vec![0; graph.len()];
    for id in graph.ids() {
        for o in graph.operands(id) {
            uses[o.index()] += 1;
        }
    }
    uses
}

/// Whether some value (not a constant) feeds several gates, or one gate twice.
pub fn has_fork(graph: &Graph) -> bool {
    uses(graph).iter().enumerate().any(|(i, &n)| n > 1 && graph.op(NodeId(i as u32)) != Op::Const)
}

/// Both gradients for every node up to the output, constants left out, in tape order.
///
/// `graph` must hold the gradients of the backward pass that recorded `steps`, which is
/// what [`Graph::trace`] leaves. The assigned gradients replay `steps` in the engine's order
/// (reverse tape order, each gate's operands in order), with each gate's upstream read from
/// the assigned gradients themselves, so an error upstream carries downstream as it would.
pub fn compare(graph: &Graph, steps: &[Step]) -> Vec<ForkRow> {
    let Some(out) = graph.output() else { return Vec::new() };
    let mut assigned = vec![0.0; graph.len()];
    if let Some(seed) = assigned.get_mut(out.index()) {
        *seed = 1.0;
    }
    for s in steps {
        if s.gate.index() < assigned.len() && s.input.index() < assigned.len() {
            assigned[s.input.index()] = assigned[s.gate.index()] * s.local;
        }
    }
    let uses = uses(graph);
    let mut rows = Vec::new();
    for node in graph.ids() {
        if node <= out && graph.op(node) != Op::Const {
            let (right, assigned) = (graph.grad(node), assigned[node.index()]);
            rows.push(ForkRow {
                node,
                right,
                assigned,
                difference: right - assigned,
                uses: uses[node.index()],
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (Graph, Vec<ForkRow>) {
        let mut g = autodiff::compile(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let steps = g.trace();
        let rows = compare(&g, &steps);
        (g, rows)
    }

    fn row(g: &Graph, rows: &[ForkRow], name: &str) -> ForkRow {
        let id = g.named().iter().find(|(n, _)| n == name).map(|&(_, id)| id);
        *rows.iter().find(|r| Some(r.node) == id).unwrap_or_else(|| panic!("no row for {name}"))
    }

    #[test]
    fn x_times_x_loses_half() {
        // d(x*x)/dx = 2x = 6 at x = 3; each of the two edges brings x = 3, the second
        // assignment overwrites the first.
        let (g, rows) = run("x = 3; f = x * x");
        let x = row(&g, &rows, "x");
        assert_eq!((x.right, x.assigned, x.difference, x.uses), (6.0, 3.0, 3.0, 2));
        assert!(has_fork(&g));
    }

    #[test]
    fn x_times_y_plus_x_keeps_only_the_last_edge() {
        // f = x*y + x at (2, 5): df/dx = y + 1 = 6. The add gate runs first (it is later on
        // the tape) and writes 1; then the mul gate overwrites it with y = 5.
        let (g, rows) = run("x = 2; y = 5; p = x * y; f = p + x");
        let x = row(&g, &rows, "x");
        assert_eq!((x.right, x.assigned, x.difference), (6.0, 5.0, 1.0));
        let y = row(&g, &rows, "y");
        assert_eq!((y.right, y.assigned), (2.0, 2.0));
        assert!(has_fork(&g));
    }

    #[test]
    fn an_error_at_one_fork_carries_into_the_next() {
        // s = x + x and f = s * s at x = 1: ds = 2s = 4 and dx = 2 ds = 8. Assigning, s keeps
        // only the last edge (s = 2), and x inherits that wrong upstream once: dx = 2.
        let (g, rows) = run("x = 1; s = x + x; f = s * s");
        let s = row(&g, &rows, "s");
        assert_eq!((s.right, s.assigned), (4.0, 2.0));
        let x = row(&g, &rows, "x");
        assert_eq!((x.right, x.assigned, x.difference), (8.0, 2.0, 6.0));
    }

    #[test]
    fn no_fork_no_difference() {
        for src in [
            "x = -2; y = 5; z = -4; q = x + y; f = q * z",
            "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
            "a = 1.5; b = -0.5; f = max(a, b) * 2 + 1",
        ] {
            let (g, rows) = run(src);
            assert!(!has_fork(&g), "{src}");
            assert!(!rows.is_empty());
            for r in &rows {
                assert_eq!(r.right, r.assigned, "{src}: node {}", r.node.0);
                assert_eq!(r.difference, 0.0);
            }
        }
    }

    #[test]
    fn constants_are_not_forks() {
        // Each literal is its own node, and a constant is no wire: `2 * x + 2` has no fork.
        let (g, rows) = run("x = 1; f = 2 * x + 2");
        assert!(!has_fork(&g));
        assert!(rows.iter().all(|r| g.op(r.node) != Op::Const));
    }
}
