//! Scrubbing an input: dragging its label sideways changes its value in steps of about 1%
//! of its magnitude per 2 CSS pixels (ten times finer when `fine`), rounded to 12
//! significant digits so a drag back to the start gives the start value's text. The page's
//! canvas and the `<backprop-circuit>` element both scrub with it.

use autodiff::format::significant;
use autodiff::math;

/// The value `dx` CSS pixels of drag from `v0`.
#[inline]
pub fn scrubbed(v0: f64, dx: f64, fine: bool) -> f64 {
    let magnitude =
        if v0.is_finite() && v0.abs() >= 1.0 { math::pow(10.0, math::log10(v0.abs()).floor()) } else { 1.0 };
    let step = magnitude * if fine { 0.001 } else { 0.01 };
    let v = v0 + (dx / PX_PER_STEP).round() * step;
    autodiff::decimal::parse(&significant(v, 12)).unwrap_or(v)
}

/// CSS pixels of drag per step.
const PX_PER_STEP: f64 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drag_moves_by_one_percent_of_the_magnitude_per_two_pixels() {
        assert_eq!(scrubbed(-2.0, 20.0, false), -1.9);
        assert_eq!(scrubbed(-2.0, -20.0, false), -2.1);
        assert_eq!(scrubbed(250.0, 4.0, false), 252.0);
        assert_eq!(scrubbed(0.5, 2.0, true), 0.501);
        assert_eq!(scrubbed(3.0, 0.0, false), 3.0);
        assert!(scrubbed(f64::NAN, 10.0, false).is_nan());
    }
}
