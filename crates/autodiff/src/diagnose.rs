//! Where a NaN or an infinity came from, in words a student can follow.

use crate::format::number;
use crate::graph::{Graph, NodeId};
use crate::op::Op;

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

    /// Why `id` is not finite: "log of a negative number: log(-1) = NaN".
    pub fn explain_non_finite(&self, id: NodeId) -> String {
        let v = self.value(id);
        let args = self.operands(id);
        let a = args.first().map_or(f64::NAN, |&a| self.value(a));
        let b = args.get(1).map_or(f64::NAN, |&b| self.value(b));
        let why = match self.op(id) {
            Op::Log if a < 0.0 => "log of a negative number",
            Op::Log => "log of 0",
            Op::Sqrt => "square root of a negative number",
            Op::Div | Op::Recip
                if (self.op(id) == Op::Div && b == 0.0) || (self.op(id) == Op::Recip && a == 0.0) =>
            {
                "division by zero"
            }
            Op::Exp => "exp overflows past about exp(709)",
            Op::Pow if a < 0.0 && b.fract() != 0.0 => "a negative number to a fractional power",
            Op::Pow if a == 0.0 && b < 0.0 => "0 to a negative power",
            Op::Input | Op::Const => "this value",
            _ => "the result is too large for a 64-bit number",
        };
        let mut s = String::from(why);
        s.push_str(": ");
        s.push_str(&self.gate_label(id));
        s.push('(');
        for (k, &a) in args.iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            s.push_str(&number(self.value(a)));
        }
        s.push_str(") = ");
        s.push_str(&number(v));
        s
    }
}
