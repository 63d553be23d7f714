//! The SVG module (feature `svg`): what the API's `svg()` loads the first time a circuit asks
//! for its picture (www/svg.js). It makes the circuit again from its recipe and writes it as
//! `backprop svg` does: the layout and the SVG writer live here, not in the engine module,
//! which stays small for the callers who never draw.

use wasm_bindgen::prelude::*;

use crate::host::throw;

/// The SVG of the circuit [`crate::remake`] makes from `program`, `expansions` and `values`
/// ([`crate::Circuit::recipe`]).
#[wasm_bindgen]
pub fn render(program: &str, expansions: &str, values: &[f64]) -> Result<String, JsValue> {
    crate::remake(program, expansions, values).map(|c| c.svg()).map_err(throw)
}
