//! The engine API's wasm-bindgen layer (feature `api`): `compile` and the `Circuit` class,
//! plain JS data and thrown `Error`s through `host`. `svg()` hands the circuit's recipe to
//! www/svg.js, which loads the SVG module (`svg.rs`) on first use.

use js_sys::{Array, Map, Object};
use wasm_bindgen::prelude::*;

use crate::host::{throw, to_js};
use crate::ApiError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Thrown by compile, set, check, expand and step. */
export interface BackpropError extends Error {
  kind: string;
  /** 1-based, for a program error. */
  line?: number;
  /** 1-based, in characters, for a program error. */
  column?: number;
}
export interface TraceStep {
  gate: string; output: string; input: string; position: number;
  upstream: number; local: number; contribution: number; sum: number;
  formula: string; mathml: string; text: string;
}
export interface GradCheck {
  input: string; analytic: number; oneSided: number; centred: number;
  relErrorOneSided: number; relErrorCentred: number;
}
export interface StepReport { oldValue: number; newValue: number; predictedChange: number; actualChange: number; }
export interface Local { input: string; position: number; value: number; symbolic: string; formula: string; mathml: string; }
export interface Gate { op: string; label: string; output: string; value: number; grad: number; operands: string[]; locals: Local[]; }
"#;

fn argument(message: String) -> JsValue {
    throw(ApiError::new("InvalidArgument", message))
}

#[wasm_bindgen(raw_module = "./svg.js")]
extern "C" {
    /// The SVG module's `render` of a circuit's recipe, the module loaded on first use.
    #[wasm_bindgen(js_name = svg)]
    fn render_svg(program: &str, expansions: &str, values: Vec<f64>) -> js_sys::Promise;
}

/// Compiles a program; a bad one throws an `Error` with `kind`, `message`, `line`, `column`
/// (anything but a string throws `InvalidArgument`, as `compile()` in a notebook cell would).
#[wasm_bindgen]
pub fn compile(
    #[wasm_bindgen(unchecked_param_type = "string")] program: JsValue,
) -> Result<Circuit, JsValue> {
    let Some(program) = program.as_string() else {
        return Err(argument(["compile takes the program as a string, not ", &describe(&program)].concat()));
    };
    crate::compile(&program).map(|inner| Circuit { inner }).map_err(throw)
}

/// A compiled program with its input values, values and gradients.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Circuit {
    inner: crate::Circuit,
}

#[wasm_bindgen]
impl Circuit {
    /// The input names, in program order.
    #[wasm_bindgen(getter)]
    pub fn inputs(&self) -> Vec<String> {
        self.inner.inputs()
    }

    /// The output's name.
    #[wasm_bindgen(getter)]
    pub fn output(&self) -> String {
        self.inner.output()
    }

    /// The output's value.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> f64 {
        self.inner.value()
    }

    /// `set("x", -2)` or `set({ y: 5, z: -4 })`, then values and gradients again. An unknown
    /// name throws (kind `UnknownInput`) and changes nothing.
    pub fn set(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Record<string, number>")] name_or_values: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] value: Option<JsValue>,
    ) -> Result<(), JsValue> {
        let mut pairs = Vec::new();
        if let Some(name) = name_or_values.as_string() {
            let value = value.unwrap_or(JsValue::UNDEFINED);
            pairs.push((name.clone(), number(&value, &["the value of ", &name].concat())?));
        } else if name_or_values.is_object()
            && !Array::is_array(&name_or_values)
            && !name_or_values.is_instance_of::<Map>()
        {
            for entry in Object::entries(name_or_values.unchecked_ref::<Object>()) {
                let entry: Array = entry.unchecked_into();
                let name = entry.get(0).as_string().unwrap_or_default();
                let v = number(&entry.get(1), &["the value of ", &name].concat())?;
                pairs.push((name, v));
            }
        } else {
            return Err(argument(
                ["set takes a name and a number, or an object of them, not ", &describe(&name_or_values)]
                    .concat(),
            ));
        }
        self.inner.set(&pairs).map_err(throw)
    }

    /// `{ name: value }` for every name, in the program's order.
    #[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
    pub fn values(&self) -> JsValue {
        to_js(&self.inner.values())
    }

    /// `{ name: d output / d name }`, the numbers of `backprop grad`.
    #[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
    pub fn grads(&self) -> JsValue {
        to_js(&self.inner.grads())
    }

    /// The backward pass, one step per (gate, operand) edge.
    #[wasm_bindgen(unchecked_return_type = "TraceStep[]")]
    pub fn trace(&mut self) -> JsValue {
        to_js(&self.inner.trace())
    }

    /// Every gate with its local gradients and their formulas (text and MathML).
    #[wasm_bindgen(unchecked_return_type = "Gate[]")]
    pub fn gates(&self) -> JsValue {
        to_js(&self.inner.gates())
    }

    /// Analytic against numerical gradients, step `h` (1e-5 when left out).
    #[wasm_bindgen(unchecked_return_type = "GradCheck[]")]
    pub fn check(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] h: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let h = match h {
            Some(h) => number(&h, "h")?,
            None => 1e-5,
        };
        self.inner.check(h).map(|c| to_js(&c)).map_err(throw)
    }

    /// The circuit as an SVG document, as `backprop svg` writes it: a promise, since the
    /// layout behind it is a module of its own, loaded the first time a circuit asks.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn svg(&self) -> js_sys::Promise {
        let (program, expansions, values) = self.inner.recipe();
        render_svg(program, expansions, values)
    }

    /// A new circuit with σ, tanh, softplus, sub and div rewritten into primitive gates
    /// (only the ops named in `ops`, when given).
    pub fn expand(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string[]")] ops: Option<JsValue>,
    ) -> Result<Circuit, JsValue> {
        let ops = match ops {
            None => None,
            // Not a lone name either: expand("sigmoid") would otherwise read as s, i, g, ...
            Some(ops) if !Array::is_array(&ops) => {
                return Err(argument(
                    ["expand takes a list of op names, as expand([\"sigmoid\"]), not ", &describe(&ops)]
                        .concat(),
                ))
            }
            Some(ops) => {
                let mut names = Vec::new();
                for op in ops.unchecked_into::<Array>() {
                    names.push(op.as_string().ok_or_else(|| {
                        argument(["an op's name is a string, not ", &describe(&op)].concat())
                    })?);
                }
                Some(names)
            }
        };
        self.inner.expand(ops.as_deref()).map(|inner| Circuit { inner }).map_err(throw)
    }

    /// One gradient step of size `eta` on every input: `"descend"` (the default) or
    /// `"ascend"`.
    #[wasm_bindgen(unchecked_return_type = "StepReport")]
    pub fn step(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] eta: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "\"descend\" | \"ascend\"")] direction: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let eta = number(&eta, "the step size")?;
        let ascend = match direction.as_deref() {
            None | Some("descend") => false,
            Some("ascend") => true,
            Some(other) => {
                return Err(argument(["the direction is 'descend' or 'ascend', not '", other, "'"].concat()))
            }
        };
        self.inner.step(eta, ascend).map(|s| to_js(&s)).map_err(throw)
    }
}

/// A number argument, or an error naming what was given.
fn number(v: &JsValue, what: &str) -> Result<f64, JsValue> {
    v.as_f64().ok_or_else(|| {
        throw(ApiError::new("NotANumber", [what, " must be a number, not ", &describe(v)].concat()))
    })
}

/// What a wrong argument was, for its message: `the string '3'`, `null`, `an array`, `a
/// Map`, or its `typeof`.
fn describe(v: &JsValue) -> String {
    match v.as_string() {
        Some(s) => ["the string '", &s, "'"].concat(),
        None if v.is_null() => "null".into(),
        None if js_sys::Array::is_array(v) => "an array".into(),
        None if v.is_instance_of::<js_sys::Map>() => "a Map".into(),
        None => v.js_typeof().as_string().unwrap_or_default(),
    }
}
