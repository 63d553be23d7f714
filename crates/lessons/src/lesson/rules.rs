//! The rules of the steps' tasks: each compares the page with the step's starting graph
//! through the engine and says where the student stands.

use autodiff::{format::number, Graph, NodeId, Op};

use super::{Outcome, Said, Seen, Step, Task};
use crate::quiz::{close_enough, parse_answer};

/// The node named `name` in `g`.
pub fn named(g: &Graph, name: &str) -> Option<NodeId> {
    g.named().iter().find(|(n, _)| n == name).map(|&(_, id)| id)
}

fn value(g: &Graph, name: &str) -> f64 {
    named(g, name).map_or(f64::NAN, |id| g.value(id))
}

fn grad(g: &Graph, name: &str) -> f64 {
    named(g, name).map_or(f64::NAN, |id| g.grad(id))
}

fn output(g: &Graph) -> f64 {
    g.output().map_or(f64::NAN, |o| g.value(o))
}

/// The step's program at its starting values, forward and backward done. Every step's
/// program compiles (a test), so the empty graph is never what a student sees.
pub(super) fn start_graph(step: &Step) -> Graph {
    let mut g = autodiff::compile(step.program).unwrap_or_default();
    g.recompute();
    g
}

fn said(step: &Step, part: &str, args: Vec<String>) -> Said {
    Said { key: [step.id, ".", part].concat(), args }
}

fn shared(key: &str, args: Vec<String>) -> Said {
    Said { key: key.to_string(), args }
}

fn numbers(values: &[f64]) -> Vec<String> {
    values.iter().map(|&v| number(v)).collect()
}

/// The values (or, with `grads`, the gradients) of the named nodes.
fn of(g: &Graph, names: &[&str], grads: bool) -> Vec<f64> {
    names.iter().map(|name| if grads { grad(g, name) } else { value(g, name) }).collect()
}

/// `fraction` as a percentage, for the words: `0.0164` → `1.64`.
fn percent(fraction: f64) -> String {
    autodiff::format::significant(fraction * 100.0, 3)
}

/// The inputs other than `only` whose value moved from the start, as a hint.
fn moved_outside(start: &Graph, now: &Graph, only: &[&str]) -> Option<Outcome> {
    let name =
        start.inputs().iter().filter_map(|&id| start.name(id)).find(|name| {
            !only.contains(name) && value(now, name).to_bits() != value(start, name).to_bits()
        })?;
    Some(if only.is_empty() {
        Outcome::Hint(shared("hint.none", vec![name.to_string()]))
    } else {
        Outcome::Hint(shared("hint.only", vec![name.to_string(), only.join(", ")]))
    })
}

pub(super) fn check(step: &Step, start: &Graph, answer: Option<&str>, seen: &Seen<'_>) -> Outcome {
    if seen.program != step.program {
        return Outcome::Hint(shared("hint.program", Vec::new()));
    }
    let g = seen.graph;
    // The inputs the task lets the student change; `None`: any.
    let allowed: Option<&[&str]> = match &step.task {
        Task::Gradients { only, .. } | Task::Route { only, .. } | Task::Raise { only, .. } => Some(only),
        Task::LocalStays { change, .. } => Some(change),
        Task::Linear { input, .. } => Some(core::slice::from_ref(input)),
        Task::CoarseH { .. } | Task::LocalGradient { .. } => Some(&[]),
        Task::Watch | Task::CollapseSigma => None,
    };
    if let Some(hint) = allowed.and_then(|only| moved_outside(start, g, only)) {
        return hint;
    }
    match step.task {
        Task::Gradients { only, want } => {
            let mut got = of(g, only, false);
            for &(name, w) in want {
                let d = grad(g, name);
                if !close_enough(d, w) {
                    return Outcome::Todo;
                }
                got.push(d);
            }
            Outcome::Done(said(step, "done", numbers(&got)))
        }
        Task::Route { to, from, ask, .. } => route(step, g, answer, to, from, ask),
        Task::CoarseH { input, over } => {
            let id = named(g, input);
            let checks = g.clone().check_gradients(seen.h);
            match checks.iter().find(|c| Some(c.input) == id && c.forward_error > over) {
                Some(c) => {
                    let mut args = numbers(&[seen.h, c.forward, c.analytic]);
                    args.push(percent(c.forward_error));
                    Outcome::Done(said(step, "done", args))
                }
                None => Outcome::Todo,
            }
        }
        Task::Linear { input, within } => linear(step, start, g, input, within),
        Task::Watch => match seen.position {
            Some(t) if seen.end > 0 && t >= seen.end => Outcome::Done(said(step, "done", Vec::new())),
            _ => Outcome::Todo,
        },
        Task::LocalGradient { gate, position } => {
            let Some(text) = answer else { return Outcome::Todo };
            let Some(given) = parse_answer(text) else {
                return Outcome::Hint(shared("hint.number", Vec::new()));
            };
            let Some(id) = named(g, gate) else { return Outcome::Todo };
            let want = g.local_grad(id, position);
            if close_enough(given, want) {
                Outcome::Done(said(step, "done", vec![number(want)]))
            } else {
                Outcome::Hint(shared("hint.wrong", vec![number(given)]))
            }
        }
        Task::LocalStays { gate, change } => {
            let Some(id) = named(g, gate) else { return Outcome::Todo };
            let mut args = vec![g.local_grad(id, 0), g.local_grad(id, 1)];
            for n in change {
                let v = value(g, n);
                if v.to_bits() == value(start, n).to_bits() {
                    return Outcome::Todo;
                }
                args.push(v);
            }
            Outcome::Done(said(step, "done", numbers(&args)))
        }
        Task::Raise { above, .. } => {
            let (was, now) = (output(start), output(g));
            let target = above.unwrap_or(was);
            if now > target {
                Outcome::Done(said(step, "done", numbers(&[was, now])))
            } else if now.to_bits() != was.to_bits() {
                Outcome::Hint(shared("hint.raise", numbers(&[now, target])))
            } else {
                Outcome::Todo
            }
        }
        Task::CollapseSigma => collapse(step, seen),
    }
}

fn route(step: &Step, g: &Graph, answer: Option<&str>, to: &str, from: &str, ask: bool) -> Outcome {
    let routed = grad(g, to) != 0.0 && grad(g, from) == 0.0;
    if !routed {
        return match answer {
            Some(_) => Outcome::Hint(shared("hint.first", vec![to.to_string()])),
            None => Outcome::Todo,
        };
    }
    let args = numbers(&[value(g, to), value(g, from), grad(g, to)]);
    match answer {
        _ if !ask => Outcome::Done(said(step, "done", args)),
        None => Outcome::Hint(said(step, "ask", vec![to.to_string()])),
        // The engine's routing decides: the input named has the gradient, the other none.
        Some(a) if a == to => Outcome::Done(said(step, "done", args)),
        Some(a) => Outcome::Hint(shared("hint.wrong", vec![a.to_string()])),
    }
}

fn linear(step: &Step, start: &Graph, g: &Graph, input: &str, within: f64) -> Outcome {
    let h = value(g, input) - value(start, input);
    if h == 0.0 || !h.is_finite() {
        return Outcome::Todo;
    }
    let (f0, f) = (output(start), output(g));
    let predicted = f0 + h * grad(start, input);
    let change = f - f0;
    let off = if change == 0.0 { f64::INFINITY } else { ((f - predicted) / change).abs() };
    let mut args = numbers(&[h, f, predicted]);
    args.push(percent(off));
    if off <= within {
        Outcome::Done(said(step, "done", args))
    } else {
        Outcome::Hint(said(step, "far", args))
    }
}

/// σ collapsed and its gate selected: σ, its local gradient (1 − σ)σ, and how far the input
/// gradients through one σ gate are from those through its four primitive gates.
fn collapse(step: &Step, seen: &Seen<'_>) -> Outcome {
    if seen.expanded {
        return Outcome::Todo;
    }
    let drawn = seen.drawn;
    let Some(id) = seen.selected.filter(|id| id.index() < drawn.len() && drawn.op(*id) == Op::Sigmoid) else {
        return Outcome::Hint(said(step, "select", Vec::new()));
    };
    // The same inputs through σ's four gates: the page's expanded twin of the program.
    let (g, four) = (seen.graph, seen.twin.unwrap_or(seen.graph));
    let apart = g
        .inputs()
        .iter()
        .zip(four.inputs().iter().map(|&b| four.grad(b)).chain(std::iter::repeat(f64::NAN)))
        .map(|(&a, b)| (g.grad(a) - b).abs())
        .fold(0.0_f64, f64::max);
    Outcome::Done(said(step, "done", numbers(&[drawn.value(id), drawn.local_grad(id, 0), apart])))
}
