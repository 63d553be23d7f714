//! The numbers the page shows, derived from a [`State`]: the compiled graph (expanded or
//! not), its backward trace, the table rows, the circuit summary, the gate panel's
//! formulas, the numerical check and the σ expansion comparison. Plain Rust, tested natively.
//! The words come from [`lang::t!`], in the language of the build.

use autodiff::{format::number, formula, Formula, Graph, NodeId, Op, Operands, Step, Style};
use lang::{fill, t};

use crate::state::State;

/// One row of the values table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub node: NodeId,
    pub value: f64,
    pub grad: f64,
    pub is_input: bool,
}

/// A compiled program at the state's input values, forward and backward done.
#[derive(Debug, Clone)]
pub struct Model {
    /// The program as written (σ gates collapsed).
    pub base: Graph,
    /// The graph that is drawn: `base`, or `base` with σ gates expanded.
    pub graph: Graph,
    /// Each input's literal in the program text, to tell an edited literal from a kept one.
    pub defaults: Vec<(String, f64)>,
    /// The backward pass of `graph`, one step per edge.
    pub steps: Vec<Step>,
    /// `base` with σ gates expanded, if it has any: built once per program, then only its
    /// inputs change (an edit of a big program must not rebuild it).
    twin: Option<Graph>,
    /// Whether `graph` is the expanded twin (else a copy of `base`).
    expanded: bool,
}

/// Gives `to` (the same program, maybe expanded: its inputs in the same order) the input
/// values of `from`, and recomputes it.
fn copy_inputs(from: &Graph, to: &mut Graph) {
    for k in 0..from.inputs().len().min(to.inputs().len()) {
        let (i, j) = (from.inputs()[k], to.inputs()[k]);
        // Both are inputs of their graphs, so the value is always taken.
        let _ = to.set_value(j, from.value(i));
    }
    to.recompute();
}

impl Model {
    /// Compiles the state's program; the error is "line:col: message".
    pub fn new(state: &State) -> Result<Model, String> {
        let base = autodiff::compile(&state.program).map_err(|e| e.located(&state.program))?;
        let defaults = input_values(&base);
        let twin = base.ids().any(|id| base.op(id) == Op::Sigmoid).then(|| {
            let mut twin = base.expanded(|id| base.op(id) == Op::Sigmoid).graph;
            twin.recompute();
            twin
        });
        let mut model =
            Model { graph: base.clone(), base, defaults, steps: Vec::new(), twin, expanded: false };
        model.update(state);
        Ok(model)
    }

    /// A model of the empty graph, drawn as nothing.
    pub fn empty() -> Model {
        Model {
            base: Graph::new(),
            graph: Graph::new(),
            defaults: Vec::new(),
            steps: Vec::new(),
            twin: None,
            expanded: false,
        }
    }

    /// Applies the state's input values and expansion, and recomputes everything. No parse.
    pub fn update(&mut self, state: &State) {
        for (name, v) in &self.defaults {
            let v = state.value_of(name).unwrap_or(*v);
            // The name comes from this graph's own inputs, so it is always found.
            let _ = self.base.set_input(name, v);
        }
        self.base.recompute();
        if let Some(twin) = &mut self.twin {
            copy_inputs(&self.base, twin);
        }
        let expand = state.expanded && self.twin.is_some();
        if expand != self.expanded {
            self.graph = if expand { self.twin.clone().unwrap_or_default() } else { self.base.clone() };
            self.expanded = expand;
        } else {
            copy_inputs(&self.base, &mut self.graph);
        }
        self.steps = self.graph.trace();
    }

    /// Whether the program has a σ gate (then it has an expanded twin).
    pub fn has_sigmoid(&self) -> bool {
        self.twin.is_some()
    }

    /// The current value of every input, in program order.
    pub fn input_values(&self) -> Vec<(String, f64)> {
        input_values(&self.base)
    }

    pub fn output(&self) -> Option<NodeId> {
        self.graph.output()
    }

    pub fn output_value(&self) -> f64 {
        self.output().map_or(f64::NAN, |o| self.graph.value(o))
    }

    /// The output's name: its label, or "output" for a bare expression.
    pub fn output_name(&self) -> String {
        self.output().and_then(|o| self.graph.name(o)).unwrap_or("output").to_string()
    }

    /// The values table: every input and named value in program order, then the output if
    /// it has no name.
    pub fn rows(&self) -> Vec<Row> {
        let g = &self.graph;
        let mut rows = Vec::with_capacity(g.named().len() + 1);
        for (name, id) in g.named() {
            rows.push(Row {
                name: name.clone(),
                node: *id,
                value: g.value(*id),
                grad: g.grad(*id),
                // Only the input's own row is editable: `f = x` names the same node, but
                // the value belongs to x, and a second field for it would only confuse.
                is_input: g.op(*id) == Op::Input && g.name(*id) == Some(name.as_str()),
            });
        }
        if let Some(out) = self.output() {
            if g.name(out).is_none() {
                rows.push(Row {
                    name: "output".into(),
                    node: out,
                    value: g.value(out),
                    grad: g.grad(out),
                    is_input: false,
                });
            }
        }
        rows
    }

    /// The gates of the drawn graph, in evaluation order (what arrow keys walk through).
    pub fn gates(&self) -> Vec<NodeId> {
        let mut gates = Vec::new();
        for id in self.graph.ids() {
            if !matches!(self.graph.op(id), Op::Input | Op::Const) {
                gates.push(id);
            }
        }
        gates
    }

    /// The canvas's accessible summary.
    pub fn summary(&self, with_gradients: bool) -> String {
        let g = &self.graph;
        let gates = self.gates();
        let out = self.output_name();
        // A big circuit lists its first gates only: hundreds help no one listening.
        let mut labels = String::new();
        for (k, &id) in gates.iter().take(12).enumerate() {
            if k > 0 {
                labels.push_str(", ");
            }
            labels.push_str(&g.gate_label(id));
        }
        if gates.len() > 12 {
            labels.push_str(", ...");
        }
        let mut grads = String::new();
        if with_gradients {
            for (k, &i) in g.inputs().iter().enumerate() {
                if k > 0 {
                    grads.push_str(", ");
                }
                for part in ["d", &out, "/d", &g.display_name(i), " = ", &number(g.grad(i))] {
                    grads.push_str(part);
                }
            }
        }
        // A circuit without gates has no list of them (the same parts, {5} left out).
        let template = match (with_gradients, gates.is_empty()) {
            (true, false) => t!("Circuit: {0}, {1} gate{2}, {3} input{4} ({5}). Gradients: {6}. The values table below lists every number."),
            (true, true) => t!("Circuit: {0}, {1} gate{2}, {3} input{4}. Gradients: {6}. The values table below lists every number."),
            (false, false) => t!("Circuit: {0}, {1} gate{2}, {3} input{4} ({5})."),
            (false, true) => t!("Circuit: {0}, {1} gate{2}, {3} input{4}."),
        };
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        fill(
            template,
            &[
                &[&out, " = ", &number(self.output_value())].concat(),
                &lang::int(gates.len() as i64),
                plural(gates.len()),
                &lang::int(g.inputs().len() as i64),
                plural(g.inputs().len()),
                &labels,
                &grads,
            ],
        )
    }

    /// The message for the first NaN or infinity, if any: "Not a finite number: x is NaN:
    /// log of a negative number: log(-1) = NaN".
    pub fn non_finite_hint(&self) -> Option<String> {
        let g = &self.graph;
        let id = g.first_non_finite()?;
        Some(fill(
            t!("Not a finite number: {0} is {1}: {2}: {3}"),
            &[&g.display_name(id), &number(g.value(id)), g.non_finite_reason(id), &g.non_finite_formula(id)],
        ))
    }

    /// The line under the expand button: the input gradients with σ expanded and collapsed.
    pub fn expansion_check(&self) -> Option<String> {
        let expanded = self.twin.as_ref()?;
        let b = &self.base;
        let same = b.inputs().iter().zip(expanded.inputs()).all(|(&i, &j)| {
            let (x, y) = (b.grad(i), expanded.grad(j));
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs()) || (x.is_nan() && y.is_nan())
        });
        let mut s = String::new();
        for (k, &i) in b.inputs().iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            s.push_str(&b.display_name(i));
            s.push(' ');
            s.push_str(&number(b.grad(i)));
        }
        let template = if same {
            t!("Input gradients, σ gate and expanded gates: {0} (identical either way)")
        } else {
            t!("Input gradients, σ gate and expanded gates: {0} (they differ!)")
        };
        Some(fill(template, &[&s]))
    }

    /// Whether `id` feeds more than one gate, so its gradient is a sum (`+=`).
    pub fn is_fork(&self, id: NodeId) -> bool {
        self.graph.users(id).len() > 1
    }
}

fn input_values(g: &Graph) -> Vec<(String, f64)> {
    let mut values = Vec::with_capacity(g.inputs().len());
    for &i in g.inputs() {
        values.push((g.name(i).unwrap_or("?").to_string(), g.value(i)));
    }
    values
}

/// The panel of a selected gate.
#[derive(Debug, Clone, PartialEq)]
pub struct GatePanel {
    pub title: String,
    pub locals: Vec<Local>,
    pub pattern: &'static str,
}

/// One operand's local gradient and chain-rule product.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// The gate output's name, for ∂out/∂in.
    pub out: String,
    /// The operand's name.
    pub input: String,
    /// The gate's op and the operand's position: the local gradient's formula is
    /// `op.local_formula(position)`.
    pub op: Op,
    pub position: usize,
    /// The names the formula's `a`, `b` stand for (every operand of the gate).
    pub operands: Vec<String>,
    pub local: f64,
    pub upstream: f64,
    pub contribution: f64,
    /// The operand feeds several gates: its gradient is a sum of contributions.
    pub fork: bool,
}

impl Local {
    /// `f` of the formula's operand names, for this operand's local gradient.
    pub fn with_operands<R>(&self, f: impl FnOnce(&Operands<'_>) -> R) -> R {
        let args: Vec<&str> = self.operands.iter().map(String::as_str).collect();
        f(&Operands { args: &args, out: None, op: self.op, position: self.position })
    }

    /// The local gradient's formula written out with the operands' names (e.g. "z").
    pub fn formula(&self) -> String {
        self.with_operands(|x| formula::render(self.op.local_formula(self.position), Style::Text, x))
    }
}

impl Model {
    pub fn gate_panel(&self, id: NodeId) -> Option<GatePanel> {
        let g = &self.graph;
        if id.index() >= g.len() || matches!(g.op(id), Op::Input | Op::Const) {
            return None;
        }
        let op = g.op(id);
        let operands = g.operands(id);
        let short = |n: NodeId| short_name(g, n);
        let out = short(id);
        let mut names = Vec::with_capacity(operands.len());
        for &n in operands {
            names.push(short(n));
        }
        let upstream = g.grad(id);
        let mut locals = Vec::with_capacity(operands.len());
        for (pos, &n) in operands.iter().enumerate() {
            if g.op(n) == Op::Const {
                continue;
            }
            let local = g.local_grad(id, pos);
            locals.push(Local {
                out: out.clone(),
                input: names[pos].clone(),
                op,
                position: pos,
                operands: names.clone(),
                local,
                upstream,
                contribution: upstream * local,
                fork: self.is_fork(n),
            });
        }
        let title = match g.name(id) {
            Some(name) => fill(t!("{0} gate ({1}) → {2}"), &[op.word(), &g.gate_label(id), name]),
            None => fill(t!("{0} gate ({1})"), &[op.word(), &g.gate_label(id)]),
        };
        Some(GatePanel { title, locals, pattern: op.pattern().describe() })
    }
}

/// How the gate panel names a value: its name, a constant's number, or for an unnamed
/// gate its expression when short ("(x*y)", "max(z,w)"), else "out".
pub fn short_name(g: &Graph, n: NodeId) -> String {
    match expression(g, n, 2) {
        Some((e, _)) if e.chars().count() > 16 => "out".to_string(),
        Some((e, true)) if g.name(n).is_none() => ["(", &e, ")"].concat(),
        Some((e, _)) => e,
        None => "out".to_string(),
    }
}

/// The expression computing `n`, operands by name, `depth` gates deep at most (the op's
/// forward formula, compact), and whether it has a top-level operator (so needs
/// parentheses as an operand).
fn expression(g: &Graph, n: NodeId, depth: usize) -> Option<(String, bool)> {
    if let Some(name) = g.name(n) {
        return Some((name.to_string(), false));
    }
    let op = g.op(n);
    if op == Op::Const {
        return Some((number(g.value(n)), false));
    }
    if depth == 0 {
        return None;
    }
    let mut texts = Vec::with_capacity(g.operands(n).len());
    for &a in g.operands(n) {
        let (e, infix) = expression(g, a, depth - 1)?;
        texts.push(if infix && g.name(a).is_none() { ["(", &e, ")"].concat() } else { e });
    }
    let args: Vec<&str> = texts.iter().map(String::as_str).collect();
    let f = op.forward_formula();
    let text = formula::render(f, Style::Compact, &Operands { args: &args, out: None, op, position: 0 });
    Some((text, matches!(f, Formula::Infix(..) | Formula::Sum | Formula::Affine)))
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
