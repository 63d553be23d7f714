//! The gate panel's local-gradient equations: a [`Local`] as the engine's MathML tree
//! ([`autodiff::mathml`], shared with the JS API). Plain Rust; `dom` turns the tree into
//! `<math>` elements.

pub use autodiff::mathml::MathNode;

use crate::model::Local;

/// `∂out/∂input = formula = value` for one local gradient of the gate panel.
pub fn local_equation(l: &Local, value: &str) -> MathNode {
    l.with_operands(|x| MathNode::local_equation(&l.out, &l.input, x, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use autodiff::Op;

    #[test]
    fn a_local_reads_with_its_operand_names() {
        let l = Local {
            out: "f".into(),
            input: "q".into(),
            op: Op::Mul,
            position: 0,
            operands: vec!["q".into(), "z".into()],
            local: 0.0,
            upstream: 0.0,
            contribution: 0.0,
            fork: false,
        };
        assert_eq!(local_equation(&l, "-4").text(), "∂f/∂q=z=-4");
    }
}
