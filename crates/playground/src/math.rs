//! The gate panel's local-gradient formulas as a small MathML tree, rendered from the op's
//! formula ([`autodiff::Formula`], the same tree the narration and the Code panel write
//! out), so the panel shows real notation: fractions, superscripts, ∂. Plain Rust; `dom`
//! turns the tree into `<math>` elements.

use autodiff::{formula, Compare, Formula, Infix, Operands, Style};

use crate::model::Local;

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

    /// `∂out/∂input = formula = value`; the formula is left out where it is the number itself.
    pub fn local_equation(l: &Local, value: &str) -> MathNode {
        let mut row = vec![MathNode::partial(&l.out, &l.input), MathNode::mo("=")];
        let f = l.op.local_formula(l.position);
        let just_the_number = matches!(f, Formula::Int(n) if n.to_string() == value);
        if !just_the_number {
            row.push(l.with_operands(|x| tree(f, x)));
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
        Formula::Int(n) if *n < 0 => row(vec![MathNode::mo("−"), MathNode::Token("mn", (-n).to_string())]),
        Formula::Int(n) => MathNode::Token("mn", n.to_string()),
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
    use autodiff::Op;

    fn local(op: Op, position: usize, operands: &[&str], value: &str) -> String {
        let l = Local {
            out: "f".into(),
            input: operands[position].into(),
            op,
            position,
            operands: operands.iter().map(|s| s.to_string()).collect(),
            local: 0.0,
            upstream: 0.0,
            contribution: 0.0,
            fork: false,
        };
        MathNode::local_equation(&l, value).text()
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
}
