//! Local-gradient formulas ("b a^(b-1)", "(1 - σ(a)) σ(a)") as a small MathML tree, so the
//! gate panel shows real formulas. Plain Rust; `dom` turns the tree into `<math>` elements.

/// A MathML node: a token element (`mi`, `mn`, `mo`, `mtext`), a row, a superscript or a
/// fraction.
#[derive(Debug, Clone, PartialEq)]
pub enum MathNode {
    Token(&'static str, String),
    Row(Vec<MathNode>),
    Sup(Box<MathNode>, Box<MathNode>),
    Frac(Box<MathNode>, Box<MathNode>),
}

impl MathNode {
    fn mi(s: &str) -> MathNode {
        MathNode::Token("mi", s.to_string())
    }

    fn mo(s: &str) -> MathNode {
        MathNode::Token("mo", s.to_string())
    }

    /// ∂out/∂input as a fraction.
    pub fn partial(out: &str, input: &str) -> MathNode {
        let d = |name: &str| MathNode::Row(vec![MathNode::mo("∂"), formula_tree(name)]);
        MathNode::Frac(Box::new(d(out)), Box::new(d(input)))
    }

    /// `∂out/∂input = formula = value`.
    pub fn local_equation(out: &str, input: &str, formula: &str, value: &str) -> MathNode {
        let mut row = vec![MathNode::partial(out, input), MathNode::mo("=")];
        let f = formula_tree(formula);
        let show_formula = !matches!(&f, MathNode::Row(items) if items.len() == 1 && matches!(&items[0], MathNode::Token("mn", v) if v == value));
        if show_formula {
            row.push(f);
            row.push(MathNode::mo("="));
        }
        row.push(MathNode::Token("mn", value.to_string()));
        MathNode::Row(row)
    }

    /// The text a screen reader or a test would read.
    pub fn text(&self) -> String {
        match self {
            MathNode::Token(_, s) => s.clone(),
            MathNode::Row(items) => {
                let mut s = String::new();
                for item in items {
                    s.push_str(&item.text());
                }
                s
            }
            MathNode::Sup(a, b) => format!("{}^{}", a.text(), b.text()),
            MathNode::Frac(a, b) => format!("{}/{}", a.text(), b.text()),
        }
    }
}

const WORDS: [&str; 4] = ["if", "else", "at", "otherwise"];

/// Parses a formula of the engine's `Op::local_formula` form into MathML tokens, with
/// `x^y` as a superscript (y an atom or a parenthesised group).
pub fn formula_tree(formula: &str) -> MathNode {
    let tokens = tokenize(formula);
    let mut pos = 0;
    MathNode::Row(row(&tokens, &mut pos))
}

fn tokenize(s: &str) -> Vec<MathNode> {
    let mut chars = Vec::with_capacity(s.len());
    for c in s.chars() {
        chars.push(c);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // The engine's formulas are ASCII but for σ: ASCII tests keep the Unicode tables
        // out of the wasm.
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '#' || c == 'σ';
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            out.push(MathNode::Token("mn", chars[start..i].iter().collect()));
        } else if word(c) && !c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && word(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if WORDS.contains(&word.as_str()) {
                out.push(MathNode::Token("mtext", format!("\u{a0}{word}\u{a0}")));
            } else {
                out.push(MathNode::mi(&word));
            }
        } else if (c == '>' || c == '<') && chars.get(i + 1) == Some(&'=') {
            out.push(MathNode::mo(if c == '>' { "≥" } else { "≤" }));
            i += 2;
        } else {
            let op = match c {
                '-' => "−".to_string(),
                '*' => "·".to_string(),
                _ => c.to_string(),
            };
            out.push(MathNode::mo(&op));
            i += 1;
        }
    }
    out
}

/// Reads atoms until the end or a closing parenthesis, folding `^` into superscripts.
fn row(tokens: &[MathNode], pos: &mut usize) -> Vec<MathNode> {
    let mut items: Vec<MathNode> = Vec::new();
    while *pos < tokens.len() {
        let t = &tokens[*pos];
        if *t == MathNode::mo(")") {
            break;
        }
        if *t == MathNode::mo("^") {
            *pos += 1;
            let exp = atom(tokens, pos, false);
            let base = items.pop().unwrap_or(MathNode::Row(Vec::new()));
            items.push(MathNode::Sup(Box::new(base), Box::new(exp)));
            continue;
        }
        items.push(atom(tokens, pos, true));
    }
    items
}

/// One atom: a token, or a parenthesised group (kept with its parentheses unless it is an
/// exponent, where the superscript already groups it).
fn atom(tokens: &[MathNode], pos: &mut usize, keep_parens: bool) -> MathNode {
    let Some(t) = tokens.get(*pos) else { return MathNode::Row(Vec::new()) };
    *pos += 1;
    if *t != MathNode::mo("(") {
        return t.clone();
    }
    let inner = row(tokens, pos);
    let closed = tokens.get(*pos) == Some(&MathNode::mo(")"));
    if closed {
        *pos += 1;
    }
    if keep_parens {
        let mut items = vec![MathNode::mo("(")];
        items.extend(inner);
        if closed {
            items.push(MathNode::mo(")"));
        }
        MathNode::Row(items)
    } else {
        MathNode::Row(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscripts_group_their_exponent() {
        let t = formula_tree("b a^(b-1)");
        assert_eq!(t.text(), "ba^b−1");
        let MathNode::Row(items) = t else { panic!("a row") };
        assert!(matches!(items[1], MathNode::Sup(..)));
    }

    #[test]
    fn words_and_comparisons() {
        assert_eq!(formula_tree("1 if a >= b, else 0").text(), "1\u{a0}if\u{a0}a≥b,\u{a0}else\u{a0}0");
        assert_eq!(formula_tree("(1 - σ(a)) σ(a)").text(), "(1−σ(a))σ(a)");
    }

    #[test]
    fn equation_reads_like_the_notes() {
        assert_eq!(MathNode::local_equation("f", "q", "z", "-4").text(), "∂f/∂q=z=-4");
        assert_eq!(MathNode::local_equation("q", "x", "1", "1").text(), "∂q/∂x=1");
        // Unbalanced input never panics.
        assert_eq!(formula_tree("((a^").text(), "((a^");
    }
}
