//! Shorter names for the wasm's imports from its JS glue, and for the exports only the glue calls.
//!
//! wasm-bindgen names every import after the web API it wraps plus a 16-hex-digit hash
//! (`__wbg_set_font_aa0c0c514c73a5fa`). Each name is written twice, as a field of the
//! wasm's import section and as a key of the JS import object, and the hashes do not
//! compress, on a page with a size budget (what this saves: docs/size.md).
//! binaryen's `--minify-imports` only renames Emscripten's `env` imports, so this does the
//! same for wasm-bindgen's module: each field becomes a short name (`$a`, `$b`, ... `$aa`) in
//! both files. A name is renamed only when the JS holds it exactly once, as a key
//! (`name:`), so the two files always agree; the release page's browser tests load it.
//!
//! The exports wasm-bindgen makes for its glue alone get the same treatment: the closure
//! invokers (`wasm_bindgen_<hash>___convert__closures_____invoke___web_sys_<hash>___...`)
//! and the `__wbindgen_*` and `__externref_*` helpers. Only names with those prefixes are
//! renamed, so the page's own exports (`boot`, `start`, `__test_trap`) and `memory`, which
//! the tests reach by name, keep theirs. The glue calls them on its exports object
//! (`wasm.name`, `A.name` after terser), so one is renamed only when every whole-word use of
//! it in the JS is a property access (`.name`), and all of those are rewritten; a name the
//! JS does not use, or uses in any other way (a string, `["name"]`), stays.

use std::collections::BTreeSet;
use std::path::Path;

use crate::Result;

/// How many imports and exports of the wasm got short names.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Renamed {
    pub imports: usize,
    pub exports: usize,
}

/// Renames the imports of `wasm` from the JS module `js`, and the exports only `js` uses,
/// in both files.
pub fn shorten(wasm_path: &Path, js_path: &Path) -> Result<Renamed> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let wasm = read(wasm_path)?;
    let js = String::from_utf8(read(js_path)?).map_err(|_| format!("{} is not UTF-8", js_path.display()))?;
    let (wasm, js, renamed) = rename(&wasm, &js)?;
    let write = |p: &Path, bytes: &[u8]| {
        std::fs::write(p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    write(wasm_path, &wasm)?;
    write(js_path, js.as_bytes())?;
    Ok(renamed)
}

/// The renaming itself, on bytes: the new wasm, the new JS and how many were renamed.
fn rename(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String, Renamed)> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut js = js.to_string();
    let mut renamed = Renamed::default();
    let mut r = Reader { bytes: wasm, at: 8 };
    while r.at < wasm.len() {
        let id = r.byte()?;
        let size = r.leb()? as usize;
        let body = r.take(size)?;
        let section = match id {
            2 => rename_imports(body, &mut js, &mut renamed.imports)?,
            7 => rename_exports(body, &mut js, &mut renamed.exports)?,
            _ => body.to_vec(),
        };
        out.push(id);
        write_leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    Ok((out, js, renamed))
}

/// The import section `body` with short fields, renamed in `js` too.
fn rename_imports(body: &[u8], js: &mut String, renamed: &mut usize) -> Result<Vec<u8>> {
    let mut imports = Reader { bytes: body, at: 0 };
    let count = imports.leb()?;
    let mut section = Vec::new();
    write_leb(&mut section, count);
    for _ in 0..count {
        let module = imports.name()?;
        let field = imports.name()?;
        let desc_start = imports.at;
        imports.skip_import_desc()?;
        let desc = &body[desc_start..imports.at];
        let key = format!("{field}:");
        let short = short_name(*renamed);
        let renames = module != "env" && js.matches(&key).count() == 1 && !js.contains(&format!("{short}:"));
        let field = if renames {
            *js = js.replacen(&key, &format!("{short}:"), 1);
            *renamed += 1;
            short
        } else {
            field.to_string()
        };
        write_name(&mut section, module);
        write_name(&mut section, &field);
        section.extend_from_slice(desc);
    }
    if imports.at != body.len() {
        return Err("the import section has bytes after its last import".into());
    }
    Ok(section)
}

/// Where the names of wasm-bindgen's own exports start; no export of the page's API does.
const GLUE_EXPORTS: [&str; 3] = ["wasm_bindgen_", "__wbindgen_", "__externref_"];

/// The export section `body` with short names for the exports only the glue calls,
/// renamed in `js` too.
fn rename_exports(body: &[u8], js: &mut String, renamed: &mut usize) -> Result<Vec<u8>> {
    let mut exports = Reader { bytes: body, at: 0 };
    let count = exports.leb()?;
    let mut all = Vec::new();
    for _ in 0..count {
        let name = exports.name()?;
        let desc_start = exports.at;
        exports.byte()?;
        exports.leb()?;
        all.push((name, &body[desc_start..exports.at]));
    }
    if exports.at != body.len() {
        return Err("the export section has bytes after its last export".into());
    }
    // A short name must not be one an export already has.
    let taken: BTreeSet<&str> = all.iter().map(|&(name, _)| name).collect();
    let mut next = 0;
    let mut section = Vec::new();
    write_leb(&mut section, count);
    for (name, desc) in all {
        let uses = whole_word_uses(js, name);
        let js_bytes = js.as_bytes();
        let renames = GLUE_EXPORTS.iter().any(|prefix| name.starts_with(prefix))
            && name.bytes().all(is_identifier_byte)
            && !uses.is_empty()
            && uses.iter().all(|&at| at > 0 && js_bytes[at - 1] == b'.');
        let name = if renames {
            let short = loop {
                let short = short_name(next);
                next += 1;
                if !taken.contains(short.as_str()) {
                    break short;
                }
            };
            for &at in uses.iter().rev() {
                js.replace_range(at..at + name.len(), &short);
            }
            *renamed += 1;
            short
        } else {
            name.to_string()
        };
        write_name(&mut section, &name);
        section.extend_from_slice(desc);
    }
    Ok(section)
}

/// Could `b` be part of a JS identifier? Every byte of a non-ASCII character counts, so a
/// name is never taken out of a longer identifier.
fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || !b.is_ascii()
}

/// The byte offsets of `name` in `js` where it is a whole word: no identifier character
/// right before or after it (so `f_true_` is not found inside `f_true__6`).
fn whole_word_uses(js: &str, name: &str) -> Vec<usize> {
    let bytes = js.as_bytes();
    js.match_indices(name)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + name.len()).copied();
            !before.is_some_and(is_identifier_byte) && !after.is_some_and(is_identifier_byte)
        })
        .collect()
}

/// The `n`th short name: a..z, A..Z, then two letters.
fn short_name(n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let k = LETTERS.len();
    let mut s = String::new();
    let mut n = n;
    loop {
        s.insert(0, LETTERS[n % k] as char);
        if n < k {
            break;
        }
        n = n / k - 1;
    }
    // `__proto__`-like keys cannot come out of letters alone; `$` keeps clear of any
    // key the glue writes itself.
    s.insert(0, '$');
    s
}

fn write_leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

/// A cursor over a wasm binary; every read fails cleanly past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).ok_or("the wasm ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at + n).ok_or("the wasm ends early")?;
        self.at += n;
        Ok(s)
    }

    fn leb(&mut self) -> Result<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a LEB128 number in the wasm is too long".into())
    }

    fn name(&mut self) -> Result<&'a str> {
        let n = self.leb()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| "a name in the wasm is not UTF-8".into())
    }

    fn limits(&mut self) -> Result {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }

    /// Skips an import's kind and type: function, table, memory, global or tag.
    fn skip_import_desc(&mut self) -> Result {
        match self.byte()? {
            0 => self.leb().map(drop),
            1 => {
                self.byte()?;
                self.limits()
            }
            2 => self.limits(),
            3 => self.take(2).map(drop),
            4 => {
                self.byte()?;
                self.leb().map(drop)
            }
            kind => Err(format!("an import of unknown kind {kind}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from "./glue.js" and a memory from "env".
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 3);
        for (module, field, desc) in [
            ("./glue.js", "__wbg_log_0123456789abcdef", &[0u8, 0][..]),
            ("./glue.js", "__wbg_now_fedcba9876543210", &[0, 1]),
            ("env", "memory", &[2, 1, 1, 2]),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, field);
            imports.extend_from_slice(desc);
        }
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // A type section (two function types) before the imports, copied as it is.
        m.extend_from_slice(&[1, 7, 2, 0x60, 0, 0, 0x60, 0, 0]);
        m.push(2);
        write_leb(&mut m, imports.len() as u32);
        m.extend_from_slice(&imports);
        m
    }

    #[test]
    fn both_files_get_the_same_short_names() {
        let js = "const i={__proto__:null,__wbg_log_0123456789abcdef:function(n){},__wbg_now_fedcba9876543210:()=>1}";
        let (wasm, js, n) = rename(&module(), js).expect("renames");
        assert_eq!(n, Renamed { imports: 2, exports: 0 });
        assert_eq!(js, "const i={__proto__:null,$a:function(n){},$b:()=>1}");
        let (again, _, _) = rename(&wasm, "").expect("still a valid module");
        assert_eq!(again, wasm, "nothing left to rename, and the module reads back");
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("$a") && text.contains("$b") && text.contains("memory"));
        assert!(!text.contains("__wbg_"));
        assert!(wasm.len() < module().len());
    }

    #[test]
    fn a_name_the_js_does_not_hold_exactly_once_stays() {
        let js = "x={__wbg_log_0123456789abcdef:1};y={__wbg_log_0123456789abcdef:2}";
        let (wasm, out, n) = rename(&module(), js).expect("renames");
        assert_eq!(n, Renamed::default());
        assert_eq!(out, js);
        assert_eq!(wasm, module());
    }

    /// The names and kinds of `wasm`'s exports, in order.
    fn exports(wasm: &[u8]) -> Vec<(String, u8)> {
        let read = || -> Result<Vec<(String, u8)>> {
            let mut r = Reader { bytes: wasm, at: 8 };
            while r.at < wasm.len() {
                let id = r.byte()?;
                let size = r.leb()? as usize;
                let body = r.take(size)?;
                if id == 7 {
                    let mut e = Reader { bytes: body, at: 0 };
                    let mut all = Vec::new();
                    for _ in 0..e.leb()? {
                        let name = e.name()?.to_string();
                        let kind = e.byte()?;
                        e.leb()?;
                        all.push((name, kind));
                    }
                    return Ok(all);
                }
            }
            Ok(Vec::new())
        };
        read().expect("a readable module")
    }

    const INVOKE: &str = "wasm_bindgen_0123456789abcdef___convert__closures_____invoke___Wheel__true_";

    /// [`module`] with an export section after its imports, as wasm-bindgen leaves them:
    /// the page's API, `memory` and the glue's helpers, one a prefix of another.
    fn module_with_exports(names: &[(&str, u8)]) -> Vec<u8> {
        let mut section = Vec::new();
        write_leb(&mut section, names.len() as u32);
        for (i, &(name, kind)) in names.iter().enumerate() {
            write_name(&mut section, name);
            section.push(kind);
            write_leb(&mut section, i as u32 + 200);
        }
        let mut m = module();
        m.push(7);
        write_leb(&mut m, section.len() as u32);
        m.extend_from_slice(&section);
        // A code section after the exports, copied as it is.
        m.extend_from_slice(&[10, 4, 1, 2, 0, 0x0b]);
        m
    }

    fn glue_exports() -> Vec<u8> {
        module_with_exports(&[
            ("memory", 2),
            ("boot", 0),
            ("start", 0),
            (INVOKE, 0),
            (&format!("{INVOKE}_6"), 0),
            ("__wbindgen_malloc", 0),
            ("__wbindgen_externrefs", 1),
            ("__wbindgen_free", 0),
            ("__externref_table_alloc", 0),
        ])
    }

    #[test]
    fn exports_the_js_only_reads_as_properties_get_short_names() {
        let js = format!(
            "export function boot(){{A.boot()}}export function start(){{A.start()}}\
             function i(e){{const n=A.__externref_table_alloc();return A.__wbindgen_externrefs.set(n,e),n}}\
             function c(e){{A.{INVOKE}(e)}}function o(e){{A.{INVOKE}_6(e)}}\
             m(t,A.__wbindgen_malloc);m(n,A.__wbindgen_malloc);const b=A.memory.buffer"
        );
        let (wasm, out, n) = rename(&glue_exports(), &js).expect("renames");
        assert_eq!(n, Renamed { imports: 0, exports: 5 });
        assert_eq!(
            out,
            "export function boot(){A.boot()}export function start(){A.start()}\
             function i(e){const n=A.$e();return A.$d.set(n,e),n}\
             function c(e){A.$a(e)}function o(e){A.$b(e)}\
             m(t,A.$c);m(n,A.$c);const b=A.memory.buffer"
        );
        let names: Vec<_> = exports(&wasm).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            ["memory", "boot", "start", "$a", "$b", "$c", "$d", "__wbindgen_free", "$e"],
            "the page's API, memory and a helper the JS does not call keep their names"
        );
        assert_eq!(
            exports(&wasm).iter().map(|&(_, kind)| kind).collect::<Vec<_>>(),
            [2, 0, 0, 0, 0, 0, 1, 0, 0]
        );
        assert!(wasm.ends_with(&[10, 4, 1, 2, 0, 0x0b]), "the sections after the exports are kept");
        let (again, same, n) = rename(&wasm, &out).expect("still a valid module");
        assert_eq!((again, same, n), (wasm, out, Renamed::default()), "nothing left to rename");
    }

    #[test]
    fn an_export_the_js_uses_in_any_other_way_keeps_its_name() {
        let js = format!(
            "A.__wbindgen_malloc(1);const k=\"__wbindgen_malloc\";A[\"{INVOKE}\"](1);A.{INVOKE}(2);\
             x.__externref_table_alloc$1();A.__wbindgen_externrefs"
        );
        let (wasm, out, n) = rename(&glue_exports(), &js).expect("renames");
        assert_eq!(n, Renamed { imports: 0, exports: 1 });
        assert_eq!(
            out,
            js.replace("A.__wbindgen_externrefs", "A.$a"),
            "a string, a computed key or a longer identifier holding the name keeps it everywhere"
        );
        let names: Vec<_> = exports(&wasm).into_iter().map(|(name, _)| name).collect();
        assert!(names.contains(&"__wbindgen_malloc".to_string()) && names.contains(&INVOKE.to_string()));
        assert!(names.contains(&"$a".to_string()) && !names.contains(&"__wbindgen_externrefs".to_string()));
    }

    #[test]
    fn a_short_name_an_export_already_has_is_skipped() {
        let m = module_with_exports(&[("$a", 0), ("__wbindgen_malloc", 0), ("__wbindgen_free", 0)]);
        let (wasm, js, n) = rename(&m, "A.$a();A.__wbindgen_malloc();A.__wbindgen_free()").expect("renames");
        assert_eq!(n, Renamed { imports: 0, exports: 2 });
        assert_eq!(js, "A.$a();A.$b();A.$c()");
        let names: Vec<_> = exports(&wasm).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["$a", "$b", "$c"]);
    }

    #[test]
    fn short_names_are_unique() {
        let names: std::collections::BTreeSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "$a");
        assert_eq!(short_name(52), "$aa");
    }

    #[test]
    fn a_truncated_module_is_an_error_not_a_panic() {
        let m = glue_exports();
        for cut in 0..m.len() {
            let _ = rename(&m[..cut], "");
        }
        assert!(rename(&m[..m.len() - 1], "").is_err());
    }
}
