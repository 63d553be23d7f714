//! The format of the tables (`tables/ko.txt`, `tables/ja.txt`), read by this crate's build
//! script, by `cargo xtask dist` (index.html's texts) and by the browser tests (the English
//! words to look for): entries between blank lines, each an English line and then its
//! words; lines starting with `//` are comments. The page reads the Lesson's words
//! (`crates/lessons/words/*.txt`) in this format too, so this is one plain loop: iterator
//! chains and formatting would each be code of their own in its wasm.

/// (English, words) per entry of a table's text, in order.
pub fn entries(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut out = Vec::new();
    let mut block: [Option<&str>; 2] = [None, None];
    let mut extra = None;
    // A blank line after the last entry ends it too.
    for line in text.lines().chain([""]) {
        if line.starts_with("//") {
            continue;
        }
        if line.trim_ascii().is_empty() {
            match (block, extra) {
                ([None, None], None) => {}
                ([Some(en), Some(to)], None) => out.push((en, to)),
                ([first, _], _) => {
                    let first = first.unwrap_or_default();
                    return Err(["a table entry is two lines (English, then its words): ", first].concat());
                }
            }
            block = [None, None];
            extra = None;
        } else if block[0].is_none() {
            block[0] = Some(line);
        } else if block[1].is_none() {
            block[1] = Some(line);
        } else {
            extra = Some(line);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_two_lines_between_blank_lines() {
        let text = "// a comment\nPlay\n재생\n\n\n~add\n덧셈\n// another\n\nlast\n끝";
        assert_eq!(entries(text), Ok(vec![("Play", "재생"), ("~add", "덧셈"), ("last", "끝")]));
        assert_eq!(entries(""), Ok(vec![]));
        for bad in ["one line\n\nPlay\n재생", "a\nb\nc", "Play\n재생\n\nalone"] {
            assert!(entries(bad).is_err(), "{bad:?}");
        }
    }
}
