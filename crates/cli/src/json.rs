//! The `grad` command's JSON. Keys keep the program's order, which serde_json's map would
//! sort, so the object is written here; serde_json still escapes strings and prints numbers.

use autodiff::Graph;

/// A number as JSON; JSON has no infinities or NaN, so those become the strings
/// "inf", "-inf" and "NaN".
pub fn number(x: f64) -> String {
    if x.is_finite() {
        serde_json::Value::from(x).to_string()
    } else {
        string(&autodiff::format::exact(x))
    }
}

pub fn string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// `{"value": f, "grad": {"x": df/dx, ...}}` for every named node (inputs included), in
/// the order the program names them.
pub fn grad(g: &Graph) -> String {
    let value = g.output().map_or(f64::NAN, |o| g.value(o));
    let mut seen = std::collections::HashSet::new();
    let entries: Vec<String> = g
        .named()
        .iter()
        .filter(|(name, _)| seen.insert(name.as_str()))
        .map(|(name, id)| format!("{}:{}", string(name), number(g.grad(*id))))
        .collect();
    format!("{{\"value\":{},\"grad\":{{{}}}}}", number(value), entries.join(","))
}
