//! Texts with parts filled in at run time.
//!
//! The lessons' words come from [`lang::t!`] in the language the page is built for
//! (`BACKPROP_LANG`: English, Korean or Japanese, from the tables `www/lang/ko.txt` and
//! `www/lang/ja.txt`), so a change of wording here needs the same change of the key in those
//! tables; a text with parts is such a template, filled with [`fill`]:
//! `fill(t!("step {0} of {1}"), &[..])`. This is [`lang::fill`], re-exported for the crates
//! that take it from here.
//!
//! ```
//! use lessons::text::fill;
//! assert_eq!(fill("step {0} of {1}", &["3", "12"]), "step 3 of 12");
//! ```

pub use lang::fill;

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
