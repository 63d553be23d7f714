//! What the API (`web`) and the element's view (`view`) share in the wasm: the allocator,
//! the panic hook, errors thrown as `Error`s with a `kind` (and `line`, `column` for a
//! program error), and plain JS data through serde-wasm-bindgen (objects, not `Map`s; NaN
//! and ±Infinity stay numbers).

use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::ApiError;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Panic messages on the console in debug builds. The release build aborts without one
/// (`-Cpanic=immediate-abort`), so it has no start function at all: setting the hook there
/// linked its message formatting, and with it core's formatting machinery, into every
/// module, and the start function was one more export of each.
#[cfg(debug_assertions)]
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

pub(crate) fn throw(e: ApiError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("kind", JsValue::from_str(e.kind));
    if let Some((line, column)) = e.at {
        set("line", JsValue::from_f64(line as f64));
        set("column", JsValue::from_f64(column as f64));
    }
    err.into()
}

pub(crate) fn to_js(value: &impl Serialize) -> JsValue {
    let s = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&s).unwrap_or(JsValue::UNDEFINED)
}
