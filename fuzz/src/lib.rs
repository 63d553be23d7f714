//! What the fuzz targets share.

/// An error's line and column, if it has them, must lie in `text` (lines from 1; serde_json
/// reports column 0 at the start of a line and at the end of an empty text), and its message
/// must format.
pub fn check_error(text: &str, e: &grade::Error) {
    if let grade::Position::At { line, column } = e.position {
        let lines = text.split('\n').count();
        assert!(line >= 1 && line <= lines, "line {line} of {lines}: {e}");
        let len = text.split('\n').nth(line - 1).map_or(0, str::len);
        assert!(column <= len + 1, "column {column} of a line of {len} bytes: {e}");
    }
    let _ = e.to_string();
}
