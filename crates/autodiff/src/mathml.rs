//! Local-gradient formulas as a small MathML tree, rendered from the op's formula
//! ([`Formula`], the same tree the narration and the Code panel write out), so a reader
//! sees real notation: fractions, superscripts, ∂. Plain data: the page turns the tree into
//! `<math>` elements (crates/playground's `dom`), the JS API into markup ([`MathNode::markup`]).
//! No web here, only notation.

use crate::formula::{self, Compare, Formula, Infix, Operands, Style};

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
        let d = |name: &str| MathNode::Row(vec![MathNode::mo("∂"), name_token(name)]);
        MathNode::Frac(Box::new(d(out)), Box::new(d(input)))
    }

    /// `∂out/∂input = formula = value` for the local gradient of operand `x.position` of the
    /// gate `x.op`, its operands written as `x` says; the formula is left out where it is
    /// the number itself.
    pub fn local_equation(out: &str, input: &str, x: &Operands<'_>, value: &str) -> MathNode {
        let mut row = vec![MathNode::partial(out, input), MathNode::mo("=")];
        let f = x.op.local_formula(x.position);
        let just_the_number = matches!(f, Formula::Int(n) if lang::int(i64::from(*n)) == value);
        if !just_the_number {
            row.push(tree(f, x));
            row.push(MathNode::mo("="));
        }
        row.push(MathNode::Token("mn", value.to_string()));
        MathNode::Row(row)
    }

    /// The tree as a `<math>` element's markup, every text escaped.
    pub fn markup(&self) -> String {
        let mut s = String::from("<math xmlns=\"http://www.w3.org/1998/Math/MathML\">");
        self.write_markup(&mut s);
        s.push_str("</math>");
        s
    }

    fn write_markup(&self, s: &mut String) {
        let (tag, children): (&str, &[&MathNode]) = match self {
            MathNode::Token(tag, text) => {
                for part in ["<", tag, ">"] {
                    s.push_str(part);
                }
                for c in text.chars() {
                    match c {
                        '<' => s.push_str("&lt;"),
                        '>' => s.push_str("&gt;"),
                        '&' => s.push_str("&amp;"),
                        c => s.push(c),
                    }
                }
                for part in ["</", tag, ">"] {
                    s.push_str(part);
                }
                return;
            }
            MathNode::Row(items) => {
                s.push_str("<mrow>");
                for item in items {
                    item.write_markup(s);
                }
                s.push_str("</mrow>");
                return;
            }
            MathNode::Sup(a, b) => ("msup", &[a, b]),
            MathNode::Frac(a, b) => ("mfrac", &[a, b]),
        };
        for part in ["<", tag, ">"] {
            s.push_str(part);
        }
        for child in children {
            child.write_markup(s);
        }
        for part in ["</", tag, ">"] {
            s.push_str(part);
        }
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

/// A name or a number (a constant operand is named by its value).
fn name_token(name: &str) -> MathNode {
    let number = name.bytes().next().is_some_and(|c| c.is_ascii_digit() || c == b'-');
    MathNode::Token(if number { "mn" } else { "mi" }, name.to_string())
}

fn row(items: Vec<MathNode>) -> MathNode {
    MathNode::Row(items)
}

/// `f` as MathML: `/` as a fraction, `^` as a superscript, `*` as a centred dot.
pub fn tree(f: &Formula, x: &Operands<'_>) -> MathNode {
    let word = |s: &str| MathNode::Token("mtext", ["\u{a0}", s, "\u{a0}"].concat());
    match f {
        Formula::A | Formula::B | Formula::Partner | Formula::Sum | Formula::Affine => {
            name_token(&formula::render(f, Style::Text, x))
        }
        Formula::Out => match x.out {
            Some(out) => name_token(out),
            None => tree(x.op.forward_formula(), x),
        },
        Formula::Int(n) if *n < 0 => {
            row(vec![MathNode::mo("−"), MathNode::Token("mn", lang::int(-i64::from(*n)))])
        }
        Formula::Int(n) => MathNode::Token("mn", lang::int(i64::from(*n))),
        Formula::Neg(a) => row(vec![MathNode::mo("−"), child(a, 3, x)]),
        Formula::Infix(Infix::Div, a, b) => MathNode::Frac(Box::new(tree(a, x)), Box::new(tree(b, x))),
        Formula::Infix(Infix::Pow, a, b) => MathNode::Sup(Box::new(child(a, 5, x)), Box::new(tree(b, x))),
        Formula::Infix(op, a, b) => {
            let p = op.power();
            let sym = match op {
                Infix::Add => "+",
                Infix::Sub => "−",
                Infix::Mul | Infix::Div | Infix::Pow => "·",
            };
            row(vec![child(a, p, x), MathNode::mo(sym), child(b, p + 1, x)])
        }
        Formula::Call(op, a, b) => {
            let mut items = vec![MathNode::mi(op.symbol()), MathNode::mo("("), tree(a, x)];
            if let Some(b) = b {
                items.push(MathNode::mo(","));
                items.push(tree(b, x));
            }
            items.push(MathNode::mo(")"));
            row(items)
        }
        Formula::Sign(a) => row(vec![MathNode::mi("sign"), MathNode::mo("("), tree(a, x), MathNode::mo(")")]),
        Formula::Test(cmp, a, b) => {
            let sym = match cmp {
                Compare::Gt => ">",
                Compare::Ge => "≥",
                Compare::Lt => "<",
                Compare::Le => "≤",
            };
            row(vec![
                MathNode::Token("mn", "1".into()),
                word("if"),
                tree(a, x),
                MathNode::mo(sym),
                tree(b, x),
                MathNode::mo(","),
                word("else"),
                MathNode::Token("mn", "0".into()),
            ])
        }
    }
}

/// `f` in parentheses where it binds less tightly than `min`.
fn child(f: &Formula, min: u8, x: &Operands<'_>) -> MathNode {
    let inner = tree(f, x);
    if f.power_in(x) < min {
        row(vec![MathNode::mo("("), inner, MathNode::mo(")")])
    } else {
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Op;

    fn local(op: Op, position: usize, operands: &[&str], value: &str) -> String {
        let x = Operands { args: operands, out: None, op, position };
        MathNode::local_equation("f", operands[position], &x, value).text()
    }

    #[test]
    fn superscripts_and_fractions_come_from_the_formula() {
        let x = Operands::symbols(Op::Pow, 0);
        let t = tree(Op::Pow.local_formula(0), &x);
        assert_eq!(t.text(), "b·a^b−1");
        let MathNode::Row(items) = t else { panic!("a row") };
        assert!(matches!(items[2], MathNode::Sup(..)));
        assert!(matches!(tree(Op::Div.local_formula(1), &Operands::symbols(Op::Div, 1)), MathNode::Frac(..)));
    }

    #[test]
    fn equations_read_like_the_notes() {
        assert_eq!(local(Op::Mul, 0, &["q", "z"], "-4"), "∂f/∂q=z=-4");
        assert_eq!(local(Op::Add, 0, &["x", "y"], "1"), "∂f/∂x=1");
        assert_eq!(local(Op::Max, 0, &["z", "w"], "1"), "∂f/∂z=1\u{a0}if\u{a0}z≥w,\u{a0}else\u{a0}0=1");
        assert_eq!(local(Op::Sigmoid, 0, &["x"], "0.25"), "∂f/∂x=(1−σ(x))·σ(x)=0.25");
        assert_eq!(local(Op::Tanh, 0, &["x"], "0.79"), "∂f/∂x=1−tanh(x)^2=0.79");
        assert_eq!(local(Op::Softplus, 0, &["x"], "0.62"), "∂f/∂x=σ(x)=0.62");
    }

    #[test]
    fn markup_nests_the_elements_and_escapes_text() {
        let x = Operands { args: &["a<b", "z"], out: None, op: Op::Mul, position: 1 };
        let m = MathNode::local_equation("f", "z", &x, "-4").markup();
        assert_eq!(
            m,
            "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mrow><mfrac><mrow><mo>∂</mo><mi>f</mi></mrow>\
             <mrow><mo>∂</mo><mi>z</mi></mrow></mfrac><mo>=</mo><mi>a&lt;b</mi><mo>=</mo><mn>-4</mn></mrow></math>"
        );
    }
}
