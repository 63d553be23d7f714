//! Shorter names for the wasm's imports from its JS glue.
//!
//! wasm-bindgen names every import after the web API it wraps plus a 16-hex-digit hash
//! (`__wbg_set_font_aa0c0c514c73a5fa`). Each name is written twice, as a field of the
//! wasm's import section and as a key of the JS import object, and the hashes do not
//! compress: about 140 imports cost kilobytes of a page whose budget is 100 KB gzip.
//! binaryen's `--minify-imports` only renames Emscripten's `env` imports, so this does the
//! same for wasm-bindgen's module: each field becomes a short name (`a`, `b`, ... `aa`) in
//! both files. A name is renamed only when the JS holds it exactly once, as a key
//! (`name:`), so the two files always agree; the release page's browser tests load it.

use std::path::Path;

use crate::Result;

/// Renames the imports of `wasm` from the JS module `js` in both files. Returns how many
/// were renamed.
pub fn shorten(wasm_path: &Path, js_path: &Path) -> Result<usize> {
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

/// The renaming itself, on bytes: the new wasm, the new JS and the number renamed.
fn rename(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String, usize)> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut js = js.to_string();
    let mut renamed = 0;
    let mut r = Reader { bytes: wasm, at: 8 };
    while r.at < wasm.len() {
        let id = r.byte()?;
        let size = r.leb()? as usize;
        let body = r.take(size)?;
        if id != 2 {
            out.push(id);
            write_leb(&mut out, size as u32);
            out.extend_from_slice(body);
            continue;
        }
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
            let short = short_name(renamed);
            let renames =
                module != "env" && js.matches(&key).count() == 1 && !js.contains(&format!("{short}:"));
            let field = if renames {
                js = js.replacen(&key, &format!("{short}:"), 1);
                renamed += 1;
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
        out.push(id);
        write_leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    Ok((out, js, renamed))
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
        std::str::from_utf8(self.take(n)?).map_err(|_| "an import name is not UTF-8".into())
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
        assert_eq!(n, 2);
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
        assert_eq!(n, 0);
        assert_eq!(out, js);
        assert_eq!(wasm, module());
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
        let m = module();
        for cut in 0..m.len() {
            let _ = rename(&m[..cut], "");
        }
        assert!(rename(&m[..m.len() - 1], "").is_err());
    }
}
