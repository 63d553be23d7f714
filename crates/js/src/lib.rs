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
//! canvas (www/backprop-circuit.js is the element). `svg` is the SVG module, which the
//! API's `svg()` loads the first time a circuit asks for its picture: the layout behind an
//! SVG is as large as the rest of the engine, and most callers never draw. The three are
//! built as three wasm modules (features `api`, `element` and `svg`, all on by default so
//! the workspace checks them): an element needs no serde rows, formulas or checks, and a
//! page of elements loads only its own module, once. A circuit keeps its program and the
//! expansions applied to it, so the SVG module makes the same circuit again
//! ([`Circuit::recipe`], [`remake`]). The numbers are the engine's own, computed by the same
//! calls as `backprop grad`, `trace` and `check` (crates/cli), with Rust's exp, ln and pow
//! (no `js-math`), so they are the CLI's numbers.
#![forbid(unsafe_code)]

use autodiff::formula::{self, Operands, Style};
use autodiff::mathml::MathNode;
use autodiff::{Direction, Graph, NodeId, Op};
use serde::Serialize;

#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(all(target_arch = "wasm32", feature = "svg"))]
mod svg;
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
    /// The program it was compiled from.
    program: String,
    /// The expansions applied since, in order, one per line: `*` for every expandable gate,
    /// else the op names, apart by commas (an empty line expanded none).
    expansions: String,
}

/// Declares the rows the API hands out: plain structs that serialize as JS objects with
/// the keys given, through `serialize_map`. serde's derive would serialize them with
/// `serialize_struct`, for which serde-wasm-bindgen interns every field name in a
/// thread-local hash map, code the engine module need not carry for rows this small
/// (docs/size.md).
macro_rules! rows {
    ($(
        $(#[$doc:meta])*
        pub struct $row:ident {
            $( $(#[$field_doc:meta])* pub $field:ident: $ty:ty => $key:literal, )*
        }
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $row {
            $( $(#[$field_doc])* pub $field: $ty, )*
        }

        impl Serialize for $row {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $( map.serialize_entry($key, &self.$field)?; )*
                map.end()
            }
        }
    )*};
}

rows! {
    /// One edge of the backward pass (`c.trace()`), the CLI's `trace` row.
    pub struct TraceStep {
        /// The gate's op: `mul`, `sigmoid`.
        pub gate: &'static str => "gate",
        /// The gate's output, by name (or described, when unnamed).
        pub output: String => "output",
        /// The operand the gradient flows into.
        pub input: String => "input",
        /// Which operand of the gate it is (0 for the first).
        pub position: u32 => "position",
        pub upstream: f64 => "upstream",
        pub local: f64 => "local",
        pub contribution: f64 => "contribution",
        /// The input's gradient so far, this contribution included.
        pub sum: f64 => "sum",
        /// The local gradient's formula from the op's definition, over the operands' names
        /// (`z` for the q of `q * z`); in the op's letters `a`, `b` when an operand is unnamed.
        pub formula: String => "formula",
        /// `∂output/∂input = formula = local` as a `<math>` element's markup.
        pub mathml: String => "mathml",
        /// The step in words: "mul gate: upstream 1 x local -4 = -4 into q".
        pub text: String => "text",
    }

    /// One input's gradient check (`c.check(h)`), the CLI's `check` row.
    pub struct Check {
        pub input: String => "input",
        pub analytic: f64 => "analytic",
        /// (f(x + h) - f(x)) / h
        pub one_sided: f64 => "oneSided",
        /// (f(x + h) - f(x - h)) / 2h
        pub centred: f64 => "centred",
        pub rel_error_one_sided: f64 => "relErrorOneSided",
        pub rel_error_centred: f64 => "relErrorCentred",
    }

    /// What one gradient step did (`c.step(eta)`).
    pub struct Step {
        pub old_value: f64 => "oldValue",
        pub new_value: f64 => "newValue",
        /// Sum over the inputs of gradient x change: the first-order prediction.
        pub predicted_change: f64 => "predictedChange",
        pub actual_change: f64 => "actualChange",
    }

    /// A gate and each operand's local gradient (`c.gates()`).
    pub struct Gate {
        /// The op: `mul`.
        pub op: &'static str => "op",
        /// The gate's label on the circuit: `*`, `+1`, `σ`.
        pub label: String => "label",
        pub output: String => "output",
        pub value: f64 => "value",
        pub grad: f64 => "grad",
        pub operands: Vec<String> => "operands",
        /// One per operand that is not a constant folded into the gate.
        pub locals: Vec<Local> => "locals",
    }

    /// One operand's local gradient of a gate, with its formula.
    pub struct Local {
        pub input: String => "input",
        pub position: u32 => "position",
        pub value: f64 => "value",
        /// The formula from the op's definition in its own letters: `b`, `1 - tanh(a)^2`.
        pub symbolic: String => "symbolic",
        /// The same over the operands' names, as [`TraceStep::formula`].
        pub formula: String => "formula",
        pub mathml: String => "mathml",
    }
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
    Ok(Circuit { graph, program: src.to_string(), expansions: String::new() })
}

/// A circuit made again from what [`Circuit::recipe`] gives: compiled from its program, each
/// expansion applied in turn, its inputs set to `values` (in [`Circuit::inputs`]' order).
/// The SVG module draws what `svg()` asks for from it: the same graph, values and
/// gradients, bit for bit, since both modules run the same engine code.
pub fn remake(program: &str, expansions: &str, values: &[f64]) -> Result<Circuit, ApiError> {
    let mut c = compile(program)?;
    for line in expansions.lines() {
        c = if line == "*" {
            c.expand(None)?
        } else {
            let ops: Vec<String> = line.split(',').filter(|op| !op.is_empty()).map(str::to_string).collect();
            c.expand(Some(&ops))?
        };
    }
    let pairs: Vec<(String, f64)> = c.inputs().into_iter().zip(values.iter().copied()).collect();
    c.set(&pairs)?;
    Ok(c)
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
        self.input_names().into_iter().map(str::to_string).collect()
    }

    fn input_names(&self) -> Vec<&str> {
        let g = &self.graph;
        g.inputs().iter().map(|&id| g.name(id).unwrap_or_default()).collect()
    }

    /// The output's name (or description).
    pub fn output(&self) -> String {
        self.graph.output().map(|o| self.graph.display_name(o)).unwrap_or_default()
    }

    /// Sets inputs by name, all or none: an unknown name changes nothing. Recomputes.
    pub fn set(&mut self, values: &[(String, f64)]) -> Result<(), ApiError> {
        if let Some((name, _)) = values.iter().find(|(n, _)| self.graph.input_named(n).is_none()) {
            // A join of &str, as everywhere in the wasm: a join of Strings is code of its own.
            let inputs = self.input_names().join(", ");
            return Err(ApiError::new(
                "UnknownInput",
                ["there is no input named '", name, "' (the inputs are ", &inputs, ")"].concat(),
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
                    position: position as u32,
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

    /// What [`remake`] needs to make this circuit again: its program, its expansions and its
    /// input values in [`Circuit::inputs`]' order.
    pub fn recipe(&self) -> (&str, &str, Vec<f64>) {
        let g = &self.graph;
        (&self.program, &self.expansions, g.inputs().iter().map(|&id| g.value(id)).collect())
    }

    /// A copy with composite gates rewritten into cs231n's primitive gates (σ into `*-1`,
    /// `exp`, `+1`, `1/x`; tanh, softplus, sub and div likewise): every expandable gate, or
    /// only those whose op is named in `ops`. Same inputs, values and input gradients.
    pub fn expand(&self, ops: Option<&[String]>) -> Result<Circuit, ApiError> {
        if let Some(name) = ops.and_then(|ops| ops.iter().find(|n| !expandable_name(n))) {
            let names = expandable_names().join(", ");
            return Err(ApiError::new(
                "InvalidArgument",
                ["'", name, "' is not an op that expands (those are ", &names, ")"].concat(),
            ));
        }
        let g = &self.graph;
        let which = |id: NodeId| ops.is_none_or(|ops| ops.iter().any(|n| n == g.op(id).name()));
        let mut graph = g.expanded(which).graph;
        graph.recompute();
        let expansion = ops.map_or_else(
            || "*".to_string(),
            |ops| ops.iter().map(String::as_str).collect::<Vec<_>>().join(","),
        );
        let expansions = [self.expansions.as_str(), &expansion, "\n"].concat();
        Ok(Circuit { graph, program: self.program.clone(), expansions })
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
        position: s.position as u32,
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
