//! The format of the tables (`tables/ko.txt`, `tables/ja.txt`), read by this crate's build
//! script, by `cargo xtask dist` (index.html's texts) and by the browser tests (the English
//! words to look for): entries between blank lines, each an English line and then its
//! words; lines starting with `//` are comments.

/// (English, words) per entry of a table's text, in order.
pub fn entries(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("//")).collect();
    let mut out = Vec::new();
    for block in lines.split(|l| l.trim().is_empty()) {
        match block {
            [] => {}
            [en, to] => out.push((*en, *to)),
            other => {
                return Err(format!("a table entry is two lines (English, then its words), not {other:?}"))
            }
        }
    }
    Ok(out)
}
