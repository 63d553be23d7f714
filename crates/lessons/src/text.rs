//! Texts with parts filled in at run time.
//!
//! The lessons write English: the page translates what it shows, with one table per
//! language (`www/lang/ko.txt`, `www/lang/ja.txt`, see `www/lang/i18n.js`), keyed by these
//! English texts, so a change of wording here needs the same change in those tables (the
//! browser test `language` finds any text left untranslated).
//!
//! ```
//! use lessons::text::fill;
//! assert_eq!(fill("step {0} of {1}", &["3", "12"]), "step 3 of 12");
//! ```

/// `template` with `{0}` ... `{9}` replaced by `args` (a marker without an argument is left as
/// it is). Pushes slices, so no formatting machinery is involved.
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
}
