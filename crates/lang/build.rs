//! Writes `$OUT_DIR/table.rs`: the English texts of `tables/ko.txt` and their words in the
//! language of this build (`BACKPROP_LANG`: en, the default, ko or ja), for `lang::tr` to
//! look up at compile time.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/table.rs"]
mod table;

fn main() {
    println!("cargo:rerun-if-env-changed=BACKPROP_LANG");
    let code = std::env::var("BACKPROP_LANG").unwrap_or_default();
    let code = if code.is_empty() { "en".to_string() } else { code };
    if !["en", "ko", "ja"].contains(&code.as_str()) {
        panic!("BACKPROP_LANG={code}: the page speaks en, ko and ja");
    }
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("tables");
    // English is checked against the Korean table's keys: every table has the same ones
    // (xtask's table test), and a Rust text that is in none of them does not compile.
    let file = dir.join(if code == "en" { "ko.txt" } else { &code }).with_extension("txt");
    println!("cargo:rerun-if-changed={}", file.display());
    let text =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let mut out = format!("/// The language of this build.\npub const CODE: &str = {code:?};\n");
    out.push_str("/// (English, words of this build), for `tr`.\nconst TABLE: &[(&str, &str)] = &[\n");
    let entries = table::entries(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    for (en, to) in entries {
        let to = if code == "en" { en.trim_start_matches('~').to_string() } else { to.replace("{~", "{") };
        writeln!(out, "    ({en:?}, {to:?}),").expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("table.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
