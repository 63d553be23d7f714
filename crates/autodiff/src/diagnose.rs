//! Where a NaN or an infinity came from, in words a student can follow (from `lang::t!`,
//! in the build's language).

use crate::format::number;
use crate::graph::{Graph, NodeId};
use crate::op::Fails;
use lang::t;

impl Graph {
    /// The first node, in evaluation order, whose value is NaN or infinite although all its
    /// operands are finite: the origin of the trouble.
    // A loop rather than `find`: each `find` closure is its own try_fold in the page's wasm.
    #[allow(clippy::manual_find)]
    pub fn first_non_finite(&self) -> Option<NodeId> {
        for id in self.ids() {
            if !self.value(id).is_finite() && self.operands(id).iter().all(|&a| self.value(a).is_finite()) {
                return Some(id);
            }
        }
        None
    }

    /// Why `id` is not finite: "log of a negative number: log(-1) = NaN", that is
    /// [`Graph::non_finite_reason`], `": "` and [`Graph::non_finite_formula`].
    pub fn explain_non_finite(&self, id: NodeId) -> String {
        let mut s = String::from(self.non_finite_reason(id));
        s.push_str(": ");
        s.push_str(&self.non_finite_formula(id));
        s
    }

    /// Why `id` is not finite, in the build's language (`lang::t!`): "log of a negative
    /// number", "division by zero", ...
    pub fn non_finite_reason(&self, id: NodeId) -> &'static str {
        let args = self.operands(id);
        let a = args.first().map_or(f64::NAN, |&a| self.value(a));
        let b = args.get(1).map_or(f64::NAN, |&b| self.value(b));
        match self.op(id).fails() {
            Fails::Log if a < 0.0 => t!("~log of a negative number"),
            Fails::Log => t!("~log of 0"),
            Fails::Sqrt => t!("~square root of a negative number"),
            Fails::DivBy if b == 0.0 => t!("~division by zero"),
            Fails::Recip if a == 0.0 => t!("~division by zero"),
            Fails::Exp => t!("~exp overflows past about exp(709)"),
            Fails::Pow if a < 0.0 && b.fract() != 0.0 => t!("~a negative number to a fractional power"),
            Fails::Pow if a == 0.0 && b < 0.0 => t!("~0 to a negative power"),
            Fails::Leaf => t!("~this value"),
            Fails::DivBy | Fails::Recip | Fails::Pow | Fails::Overflow => {
                t!("~the result is too large for a 64-bit number")
            }
        }
    }

    /// The computation of `id` with its operands' values: "log(-1) = NaN", "1/x(0) = inf".
    pub fn non_finite_formula(&self, id: NodeId) -> String {
        let mut s = self.gate_label(id);
        s.push('(');
        for (k, &a) in self.operands(id).iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            s.push_str(&number(self.value(a)));
        }
        s.push_str(") = ");
        s.push_str(&number(self.value(id)));
        s
    }
}
