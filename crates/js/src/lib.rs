//! The engine for JavaScript: the npm package `backprop-playground` (`cargo xtask dist`
//! builds it into `dist/pkg/`; docs/js-api.md is its reference).
//!
//! ```js
//! import init, { compile } from "backprop-playground";
//! await init();
//! const c = compile("q = x + y; f = q * z");
//! c.set({ x: -2, y: 5, z: -4 });
//! c.value;   // -12
//! c.grads(); // { x: -4, y: -4, z: 3, q: -4, f: 1 }
//! ```
//!
//! This file is plain Rust, tested natively: a [`Circuit`] (a compiled program and its
//! graph) and the rows the API hands out, as serde structs. `web` (wasm32 only) is the
//! wasm-bindgen layer: it turns those rows into plain JS data with serde-wasm-bindgen and
//! errors into thrown `Error`s. `view` is the `<backprop-circuit>` element's circuit on a
//! canvas (www/backprop-circuit.js is the element). The two are built as two wasm modules
//! (features `api` and `element`, both on by default so the workspace checks both): an
//! element needs no serde rows, formulas or checks, and a page of elements loads only its
//! own module, once. The numbers are the engine's own, computed by the same
//! calls as `backprop grad`, `trace` and `check` (crates/cli), with Rust's exp, ln and pow
//! (no `js-math`), so they are the CLI's numbers.
#![forbid(unsafe_code)]

use autodiff::formula::{self, Operands, Style};
use autodiff::mathml::MathNode;
use autodiff::{Direction, Graph, NodeId, Op};
use serde::Serialize;

#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(all(target_arch = "wasm32", feature = "element"))]
mod view;
#[cfg(all(target_arch = "wasm32", feature = "api"))]
mod web;

/// A problem a caller of the API can act on: `kind` tells them apart in JavaScript.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// An [`autodiff::ErrorKind`] name for a program error, else `UnknownInput`,
    /// `NotANumber` or `InvalidArgument`.
    pub kind: &'static str,
    pub message: String,
    /// 1-based line and column (in characters) of a program error.
    pub at: Option<(usize, usize)>,
}

impl ApiError {
    fn new(kind: &'static str, message: String) -> ApiError {
        ApiError { kind, message, at: None }
    }
}

/// A compiled program with its current input values, values and gradients.
#[derive(Debug, Clone)]
pub struct Circuit {
    graph: Graph,
}

/// One edge of the backward pass (`c.trace()`), the CLI's `trace` row.
#[derive(Debug, Clone, Serialize)]
pub struct TraceStep {
    /// The gate's op: `mul`, `sigmoid`.
    pub gate: &'static str,
    /// The gate's output, by name (or described, when unnamed).
    pub output: String,
    /// The operand the gradient flows into.
    pub input: String,
    /// Which operand of the gate it is (0 for the first).
    pub position: usize,
    pub upstream: f64,
    pub local: f64,
    pub contribution: f64,
    /// The input's gradient so far, this contribution included.
    pub sum: f64,
    /// The local gradient's formula from the op's definition, over the operands' names
    /// (`z` for the q of `q * z`); in the op's letters `a`, `b` when an operand is unnamed.
    pub formula: String,
    /// `∂output/∂input = formula = local` as a `<math>` element's markup.
    pub mathml: String,
    /// The step in words: "mul gate: upstream 1 x local -4 = -4 into q".
    pub text: String,
}

/// One input's gradient check (`c.check(h)`), the CLI's `check` row.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub input: String,
    pub analytic: f64,
    /// (f(x + h) - f(x)) / h
    pub one_sided: f64,
    /// (f(x + h) - f(x - h)) / 2h
    pub centred: f64,
    pub rel_error_one_sided: f64,
    pub rel_error_centred: f64,
}

/// What one gradient step did (`c.step(eta)`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub old_value: f64,
    pub new_value: f64,
    /// Sum over the inputs of gradient x change: the first-order prediction.
    pub predicted_change: f64,
    pub actual_change: f64,
}

/// A gate and each operand's local gradient (`c.gates()`).
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// The op: `mul`.
    pub op: &'static str,
    /// The gate's label on the circuit: `*`, `+1`, `σ`.
    pub label: String,
    pub output: String,
    pub value: f64,
    pub grad: f64,
    pub operands: Vec<String>,
    /// One per operand that is not a constant folded into the gate.
    pub locals: Vec<Local>,
}

/// One operand's local gradient of a gate, with its formula.
#[derive(Debug, Clone, Serialize)]
pub struct Local {
    pub input: String,
    pub position: usize,
    pub value: f64,
    /// The formula from the op's definition in its own letters: `b`, `1 - tanh(a)^2`.
    pub symbolic: String,
    /// The same over the operands' names, as [`TraceStep::formula`].
    pub formula: String,
    pub mathml: String,
}

/// Named numbers in the program's order: a JS object once serialized.
#[derive(Debug, Clone)]
pub struct Named(pub Vec<(String, f64)>);

impl Serialize for Named {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Compiles a program, as `backprop grad` does: its inputs start at the values the program
/// gives them (1 when it gives none), and values and gradients are computed at once.
pub fn compile(src: &str) -> Result<Circuit, ApiError> {
    let mut graph = autodiff::compile(src).map_err(|e| ApiError {
        kind: e.kind.name(),
        at: Some(e.span.line_col(src)),
        message: e.message,
    })?;
    graph.recompute();
    Ok(Circuit { graph })
}

/// The `<backprop-circuit values>` attribute as (name, value) pairs: `x=-2 y=5, z = -4`,
/// pairs apart by spaces, commas or semicolons, spaces around `=` allowed, each number as
/// the page and the CLI read one ([`autodiff::format::parse_number`]: `inf`, `NaN`, not
/// `0x10`). A malformed pair is an error that quotes it.
pub fn parse_values(text: &str) -> Result<Vec<(String, f64)>, ApiError> {
    // A byte scan (every separator is ASCII, so each slice is at a char boundary): the
    // element's wasm carries no string-search machinery for it.
    let b = text.as_bytes();
    let space = |i: usize| matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r'));
    let apart = |i: usize| space(i) || matches!(b.get(i), Some(b',' | b';'));
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if apart(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !apart(i) && b[i] != b'=' {
            i += 1;
        }
        let name = &text[start..i];
        while space(i) {
            i += 1;
        }
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while space(i) {
                i += 1;
            }
            let from = i;
            while i < b.len() && !apart(i) {
                i += 1;
            }
            value = autodiff::format::parse_number(&text[from..i]);
        }
        match value {
            Some(v) if !name.is_empty() => pairs.push((name.to_string(), v)),
            _ => {
                let pair = text[start..i].trim_ascii_end();
                return Err(ApiError::new(
                    "InvalidArgument",
                    ["values: \"", pair, "\" is not name=number"].concat(),
                ));
            }
        }
    }
    Ok(pairs)
}

impl Circuit {
    /// The input names in program order.
    pub fn inputs(&self) -> Vec<String> {
        let g = &self.graph;
        g.inputs().iter().map(|&id| g.name(id).unwrap_or_default().to_string()).collect()
    }

    /// The output's name (or description).
    pub fn output(&self) -> String {
        self.graph.output().map(|o| self.graph.display_name(o)).unwrap_or_default()
    }

    /// Sets inputs by name, all or none: an unknown name changes nothing. Recomputes.
    pub fn set(&mut self, values: &[(String, f64)]) -> Result<(), ApiError> {
        if let Some((name, _)) = values.iter().find(|(n, _)| self.graph.input_named(n).is_none()) {
            return Err(ApiError::new(
                "UnknownInput",
                format!("there is no input named '{name}' (the inputs are {})", self.inputs().join(", ")),
            ));
        }
        for (name, value) in values {
            // Checked above: every name is an input.
            let _ = self.graph.set_input(name, *value);
        }
        self.graph.recompute();
        Ok(())
    }

    /// The output's value.
    pub fn value(&self) -> f64 {
        self.graph.output().map_or(f64::NAN, |o| self.graph.value(o))
    }

    /// Every name's value, in the order `backprop grad` lists the names.
    pub fn values(&self) -> Named {
        Named(
            self.graph
                .named_once()
                .into_iter()
                .map(|(n, id)| (n.to_string(), self.graph.value(id)))
                .collect(),
        )
    }

    /// Every name's gradient: `backprop grad`'s `grad`.
    pub fn grads(&self) -> Named {
        Named(
            self.graph.named_once().into_iter().map(|(n, id)| (n.to_string(), self.graph.grad(id))).collect(),
        )
    }

    /// The backward pass, one row per (gate, operand) edge in the engine's order.
    pub fn trace(&mut self) -> Vec<TraceStep> {
        let steps = self.graph.trace();
        steps.iter().map(|s| trace_step(&self.graph, s)).collect()
    }

    /// Every gate in tape order with its operands' local gradients.
    pub fn gates(&self) -> Vec<Gate> {
        let g = &self.graph;
        let mut gates = Vec::new();
        for id in g.ids() {
            let op = g.op(id);
            if matches!(op, Op::Input | Op::Const) {
                continue;
            }
            let output = g.display_name(id);
            let operands: Vec<String> = g.operands(id).iter().map(|&n| g.display_name(n)).collect();
            let mut locals = Vec::new();
            for (position, &n) in g.operands(id).iter().enumerate() {
                if g.op(n) == Op::Const {
                    continue;
                }
                let value = g.local_grad(id, position);
                let (formula, math) = local_formula(g, id, position, &output, &operands[position], value);
                locals.push(Local {
                    input: operands[position].clone(),
                    position,
                    value,
                    symbolic: op.local_text(position),
                    formula,
                    mathml: math.markup(),
                });
            }
            gates.push(Gate {
                op: op.name(),
                label: g.gate_label(id),
                output,
                value: g.value(id),
                grad: g.grad(id),
                operands,
                locals,
            });
        }
        gates
    }

    /// Analytic against numerical gradients for every input, with step `h` (`backprop check
    /// --h`): `h` must be a positive number.
    pub fn check(&mut self, h: f64) -> Result<Vec<Check>, ApiError> {
        if !(h.is_finite() && h > 0.0) {
            return Err(ApiError::new(
                "InvalidArgument",
                ["h must be a positive number, not ", &autodiff::format::number(h)].concat(),
            ));
        }
        let checks = self.graph.check_gradients(h);
        let g = &self.graph;
        Ok(checks
            .iter()
            .map(|c| Check {
                input: g.display_name(c.input),
                analytic: c.analytic,
                one_sided: c.forward,
                centred: c.centred,
                rel_error_one_sided: c.forward_error,
                rel_error_centred: c.centred_error,
            })
            .collect())
    }

    /// The circuit as `backprop svg` writes it.
    pub fn svg(&self) -> String {
        circuit::render_svg(&self.graph)
    }

    /// A copy with composite gates rewritten into cs231n's primitive gates (σ into `*-1`,
    /// `exp`, `+1`, `1/x`; tanh, softplus, sub and div likewise): every expandable gate, or
    /// only those whose op is named in `ops`. Same inputs, values and input gradients.
    pub fn expand(&self, ops: Option<&[String]>) -> Result<Circuit, ApiError> {
        if let Some(name) = ops.and_then(|ops| ops.iter().find(|n| !expandable_name(n))) {
            return Err(ApiError::new(
                "InvalidArgument",
                format!("'{name}' is not an op that expands (those are {})", expandable_names().join(", ")),
            ));
        }
        let g = &self.graph;
        let which = |id: NodeId| ops.is_none_or(|ops| ops.iter().any(|n| n == g.op(id).name()));
        let mut graph = g.expanded(which).graph;
        graph.recompute();
        Ok(Circuit { graph })
    }

    /// One gradient step of size `eta` on every input, against the gradient (or along it
    /// with `ascend`), then values and gradients again.
    pub fn step(&mut self, eta: f64, ascend: bool) -> Result<Step, ApiError> {
        if !autodiff::is_step_size(eta) {
            return Err(ApiError::new(
                "InvalidArgument",
                ["the step size must be a finite number, 0 or more, not ", &autodiff::format::number(eta)]
                    .concat(),
            ));
        }
        let r = self.graph.gradient_step(eta, if ascend { Direction::Ascend } else { Direction::Descend });
        Ok(Step {
            old_value: r.old_output,
            new_value: r.new_output,
            predicted_change: r.predicted_change,
            actual_change: r.actual_change(),
        })
    }
}

/// One backward step of `g` as the API gives it.
pub(crate) fn trace_step(g: &Graph, s: &autodiff::Step) -> TraceStep {
    let (output, input) = (g.display_name(s.gate), g.display_name(s.input));
    let (formula, math) = local_formula(g, s.gate, s.position, &output, &input, s.local);
    TraceStep {
        gate: g.op(s.gate).name(),
        output,
        input,
        position: s.position,
        upstream: s.upstream,
        local: s.local,
        contribution: s.contribution,
        sum: s.sum,
        formula,
        mathml: math.markup(),
        text: g.describe_step(s),
    }
}

fn expandable_name(name: &str) -> bool {
    Op::ALL.iter().any(|&op| autodiff::expandable(op) && op.name() == name)
}

fn expandable_names() -> Vec<&'static str> {
    Op::ALL.iter().filter(|&&op| autodiff::expandable(op)).map(|op| op.name()).collect()
}

/// A gate operand's local-gradient formula as text and as MathML: over the operands' names
/// when every operand has one (a constant by its number), else in the op's letters.
fn local_formula(
    g: &Graph,
    gate: NodeId,
    position: usize,
    out: &str,
    input: &str,
    local: f64,
) -> (String, MathNode) {
    let op = g.op(gate);
    let names: Option<Vec<String>> = g
        .operands(gate)
        .iter()
        .map(|&n| g.name(n).map(str::to_string).or_else(|| (g.op(n) == Op::Const).then(|| g.display_name(n))))
        .collect();
    let names = names.unwrap_or_default();
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    let x = Operands { args: &args, out: None, op, position };
    let text = formula::render(op.local_formula(position), Style::Text, &x);
    let math = MathNode::local_equation(out, input, &x, &autodiff::format::number(local));
    (text, math)
}

#[cfg(test)]
mod tests;
