//! The page's words, in the language it is built for.
//!
//! Every text the playground's crates show a student is written in English inside [`t!`]:
//! `t!("Pause")`, `fill(t!("step {0} of {1}"), &[..])`. The macro is evaluated at compile
//! time against one table per language (`tables/ko.txt`, `tables/ja.txt` in this crate), picked by the
//! environment variable `BACKPROP_LANG` (en, the default, ko or ja), so a Korean build of the
//! page holds Korean words and no English ones, and costs nothing at run time. An English
//! text missing from the tables does not compile, in any language.
//!
//! A table is a list of entries between blank lines: an English line, then its words; lines
//! starting with `//` are comments. `{0}` ... `{9}` mark what [`fill`] puts in (numbers,
//! names, formulas); a translation may move them, and may write `{~0}` where the text put in
//! is itself translated (a part, below): the Rust code must then pass it translated. Entries
//! whose English starts with `~` are parts of other texts (gate names, reasons, pieces of
//! error messages): `t!("~add")` is `add` in English. Both tables have the same entries in
//! the same order (a test in xtask), and `cargo xtask dist` also takes from them the texts
//! of index.html, which `www/lang/i18n.js` translates when the page opens.
//!
//! ```
//! use lang::{fill, t};
//! if lang::CODE == "en" {
//!     assert_eq!(fill(t!("step {0} of {1}"), &["3", "12"]), "step 3 of 12");
//!     assert_eq!(t!("~add"), "add");
//! }
//! ```
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/table.rs"));

pub mod table;

/// The folder of the tables, for the tools that read them too (xtask, the browser tests).
pub const TABLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tables");

/// The words for `en` in this build's language. Meant for const evaluation (see [`t!`]):
/// a text that is not in the tables stops the build.
pub const fn tr(en: &'static str) -> &'static str {
    let mut i = 0;
    while i < TABLE.len() {
        if same(TABLE[i].0, en) {
            return TABLE[i].1;
        }
        i += 1;
    }
    // The build stops here, naming the text: add it to tables/ko.txt and ja.txt.
    panic!("{}", en)
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The words for an English text in this build's language, found at compile time:
/// `t!("Pause")` is `"일시 정지"` in the Korean build.
#[macro_export]
macro_rules! t {
    ($en:literal) => {{
        const WORDS: &str = $crate::tr($en);
        WORDS
    }};
}

/// `n` in decimal digits, with a `-` if negative: what `n.to_string()` writes, without
/// linking core's formatting machinery into the page's wasm, where nothing else uses it
/// (docs/size.md).
///
/// ```
/// assert_eq!(lang::int(-120), "-120");
/// assert_eq!(lang::int(0), "0");
/// assert_eq!(lang::int(i64::MIN), i64::MIN.to_string());
/// ```
pub fn int(n: i64) -> String {
    let mut s = String::with_capacity(21);
    if n < 0 {
        s.push('-');
    }
    push_u64(&mut s, n.unsigned_abs());
    s
}

/// Appends `v` in decimal digits to `s` (the digits of [`int`]).
pub fn push_u64(s: &mut String, v: u64) {
    for &d in digits(v, &mut [0; 20]) {
        s.push(char::from(d));
    }
}

/// The decimal digits of `v` (ASCII, most significant first), written at the end of `buf`:
/// the one digit writer of the page, the SVG writer and the engine's number formatting.
///
/// ```
/// assert_eq!(lang::digits(0, &mut [0; 20]), b"0");
/// assert_eq!(lang::digits(1_234_567_890, &mut [0; 20]), b"1234567890");
/// assert_eq!(lang::digits(u64::MAX, &mut [0; 20]), u64::MAX.to_string().as_bytes());
/// ```
pub fn digits(mut v: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            return &buf[k..];
        }
    }
}

/// `template` with `{0}` ... `{9}` replaced by `args` (a marker without an argument is left as
/// it is). Pushes slices, so no formatting machinery is involved.
///
/// ```
/// assert_eq!(lang::fill("{0} and {1}, {0} again", &["a", "b"]), "a and b, a again");
/// ```
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut len = template.len();
    for a in args {
        len += a.len();
    }
    let mut out = String::with_capacity(len);
    // Byte indices: `{`, the digit and `}` are ASCII, so every cut is at a character
    // boundary, and no str searcher is linked.
    let b = template.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < b.len() {
        if let (b'{', Some(d @ b'0'..=b'9'), Some(b'}')) = (b[i], b.get(i + 1), b.get(i + 2)) {
            if let Some(arg) = args.get(usize::from(d - b'0')) {
                out.push_str(&template[copied..i]);
                out.push_str(arg);
                i += 3;
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&template[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_markers() {
        assert_eq!(fill("{0} and {1}, {0} again", &["a", "b"]), "a and b, a again");
        assert_eq!(fill("no markers", &["a"]), "no markers");
        assert_eq!(fill("{1} {2}", &["a", "b"]), "b {2}", "a marker without an argument stays");
        assert_eq!(fill("{x} {", &[]), "{x} {");
        assert_eq!(fill("순전파: {0}", &["q = 3"]), "순전파: q = 3");
    }

    #[test]
    fn the_words_are_this_builds_language() {
        match CODE {
            "en" => {
                assert_eq!(t!("Pause"), "Pause");
                assert_eq!(t!("~add"), "add", "a part's English drops its ~");
            }
            _ => assert_ne!(t!("Pause"), "Pause"),
        }
    }
}
