//! The `grad` command's JSON, through serde_json. Its `preserve_order` feature keeps the
//! keys in the order the program names them, which the CLI promises.

use autodiff::Graph;
use serde_json::{json, Map, Value};

/// A number as JSON; JSON has no infinities or NaN, so those become the strings
/// "inf", "-inf" and "NaN".
fn number(x: f64) -> Value {
    if x.is_finite() {
        Value::from(x)
    } else {
        Value::from(autodiff::format::exact(x))
    }
}

/// `{"value": f, "grad": {"x": df/dx, ...}}` for every named node (inputs included), in
/// the order the program names them (a name given twice keeps its first place).
pub fn grad(g: &Graph) -> String {
    let value = g.output().map_or(f64::NAN, |o| g.value(o));
    let mut grad = Map::new();
    for (name, id) in g.named_once() {
        grad.insert(name.to_string(), number(g.grad(id)));
    }
    json!({ "value": number(value), "grad": grad }).to_string()
}
