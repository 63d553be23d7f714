//! Decimal text to `f64` and back, exactly, without core's float formatting tables.
//!
//! The page's wasm is size-bound, and core's `{:.N}` float formatting (Grisu and Dragon,
//! with their own tables) was among its largest parts, so the formatter's rounding is
//! done here: a number is scaled by powers of 2 and 10 as a small arbitrary-precision
//! integer and rounded once, half to even, like core's (most values take one exact f64
//! multiply or divide instead). Reading a number is only the syntax check [`scan`] here:
//! natively core's `str::parse::<f64>` converts the checked text, and in the page
//! JavaScript's `parseFloat`, so neither build carries a parser of its own.

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one mantissa digit, to the
/// nearest `f64` (ties to even), as `str::parse::<f64>` reads that syntax: values beyond
/// the `f64` range become infinite. `None` for any other text (core also reads `inf`,
/// `NaN` and the like; a program does not).
///
/// In the page's wasm (feature `js-math`), the checked text goes to JavaScript's
/// `parseFloat`, which rounds exactly the same way, so core's parser and its table of
/// powers of five are left out of the page (docs/size.md).
pub fn parse(s: &str) -> Option<f64> {
    if !scan(s.as_bytes()) {
        return None;
    }
    #[cfg(all(feature = "js-math", target_arch = "wasm32"))]
    return Some(js_sys::parse_float(s));
    #[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
    s.parse().ok()
}

/// Whether `b` has the syntax [`parse`] reads.
fn scan(b: &[u8]) -> bool {
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut count = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        count += digits(&mut i);
    }
    if count == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// |x| · 10^p10 rounded half to even, for a finite `x`. The result must stay below 2^62.
pub(crate) fn scaled(x: f64, p10: i32) -> u64 {
    if let Some(q) = scaled_fast(x.abs(), p10) {
        return q;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1 << 52, exp - 1075) };
    round_scaled(Big::from_u64(m), e, p10)
}

/// 10^0 to 10^22: the powers of ten an f64 holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
];

/// [`scaled`] in one float operation when that is provably the same: `a` and 10^|p10| are
/// exact, so `a * 10^p10` (or `a / 10^-p10`) is within half an ulp of the true product,
/// and unless its fraction is within an ulp of one half, it rounds to the same integer.
/// `None` sends the rest (near-ties, huge or tiny scales) to the exact path.
fn scaled_fast(a: f64, p10: i32) -> Option<u64> {
    let p = *POW10.get(p10.unsigned_abs() as usize)?;
    let y = if p10 >= 0 { a * p } else { a / p };
    // Below 2^52 every float step is at most 1/2, so the fraction below is exact.
    if y.is_nan() || y >= 4_503_599_627_370_496.0 {
        return None;
    }
    let whole = y.floor();
    let frac = y - whole;
    let ulp = f64::from_bits(y.to_bits() + 1) - y;
    if (frac - 0.5).abs() <= ulp {
        return None;
    }
    Some(whole as u64 + u64::from(frac > 0.5))
}

/// The `digits` significant digits of |x| (finite, nonzero) as an integer `q` and the
/// decimal exponent of its first digit, rounded half to even, as `{:.N e}` prints them.
/// `guess` is a first estimate of that exponent (floor of log10 |x|), at most one off.
pub(crate) fn significand(x: f64, digits: u32, guess: i32) -> (u64, i32) {
    let low = 10u64.pow(digits - 1);
    let at = |exp: i32| scaled(x, digits as i32 - 1 - exp);
    let mut exp = guess;
    let mut q = at(exp);
    // Rounding up to 10^digits (9.9996 to four digits) also lands here: one more exponent.
    while q >= low * 10 {
        exp += 1;
        q = at(exp);
    }
    while q < low {
        exp -= 1;
        q = at(exp);
    }
    (q, exp)
}

/// n · 2^p2 · 10^p10 rounded half to even. The result must stay below 2^62.
fn round_scaled(mut n: Big, p2: i32, p10: i32) -> u64 {
    // t = floor(2 · value): its last bit is the half, the rest the truncated result, and
    // whether the divisions lost anything tells a tie from a value above it.
    let mut inexact = false;
    n.mul_add(2, 0);
    if p10 > 0 {
        n.scale(10, p10 as u32, false);
    }
    if p2 > 0 {
        n.scale(2, p2 as u32, false);
    }
    if p10 < 0 {
        inexact |= n.scale(10, p10.unsigned_abs(), true);
    }
    if p2 < 0 {
        inexact |= n.scale(2, p2.unsigned_abs(), true);
    }
    let t = n.low_u64();
    let q = t >> 1;
    if t & 1 == 1 && (inexact || q & 1 == 1) {
        q + 1
    } else {
        q
    }
}

/// An unsigned integer of any size: base 2^32 limbs, least significant first, no zero
/// limbs on top. Only what scaling by powers of 2 and 10 needs.
#[derive(Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut n = Big(vec![v as u32, (v >> 32) as u32]);
        n.trim();
        n
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// self = self · m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// self = floor(self / d); whether the division had a remainder.
    fn div_small(&mut self, d: u32) -> bool {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let v = rem << 32 | u64::from(*limb);
            *limb = (v / u64::from(d)) as u32;
            rem = v % u64::from(d);
        }
        self.trim();
        rem != 0
    }

    /// Multiplies by base^count, or divides (rounding down) and says whether anything was
    /// lost, one limb-sized power at a time.
    fn scale(&mut self, base: u32, count: u32, divide: bool) -> bool {
        let per_limb = if base == 10 { 9 } else { 31 };
        let mut left = count;
        let mut inexact = false;
        while left > 0 {
            let n = left.min(per_limb);
            let factor = base.pow(n);
            if divide {
                inexact |= self.div_small(factor);
            } else {
                self.mul_add(factor, 0);
            }
            left -= n;
        }
        inexact
    }

    fn low_u64(&self) -> u64 {
        let low = self.0.first().map_or(0, |&limb| u64::from(limb));
        let high = self.0.get(1).map_or(0, |&limb| u64::from(limb));
        high << 32 | low
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact path, whatever the fast one would say.
    fn exact_scaled(x: f64, p10: i32) -> u64 {
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1 << 52) - 1);
        let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | 1 << 52, exp - 1075) };
        round_scaled(Big::from_u64(m), e, p10)
    }

    #[test]
    fn the_fast_scaling_agrees_with_the_exact_one_around_every_tie() {
        let mut fast = 0;
        // Values a page shows: short decimals (many exactly between two roundings) and
        // their neighbouring floats, at every scale the 4-digit format uses.
        for m in (-20_000i64..20_000).step_by(7) {
            for e in -6..8 {
                let x = m as f64 * 10f64.powi(e) / 1e4;
                for x in [x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits().wrapping_sub(1))] {
                    if !x.is_finite() || x == 0.0 {
                        continue;
                    }
                    for p10 in -8..12 {
                        if let Some(q) = scaled_fast(x.abs(), p10) {
                            fast += 1;
                            assert_eq!(q, exact_scaled(x, p10), "{x} * 10^{p10}");
                        }
                    }
                }
            }
        }
        assert!(fast > 1_000_000, "the fast path is taken ({fast} times)");
    }
    use proptest::prelude::*;

    /// What `parse` says equals what core says, `None` where core also reads a word.
    fn same(s: &str) {
        let ours = parse(s).map(f64::to_bits);
        let core = s.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, core, "{s}");
    }

    #[test]
    fn reads_the_syntax_core_reads() {
        for s in ["0", "-0", "+1", "1.", ".5", "0.1", "1e5", "1E+5", "-2.5e-3", "1e309", "1e-400", "0e999"] {
            same(s);
        }
        for s in
            ["", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "--1", "1 ", " 1", "1x", ".e1", "+-1", "1e5.0"]
        {
            same(s);
        }
        // Core also reads words; this syntax is digits only.
        for word in ["inf", "-infinity", "NaN"] {
            assert!(word.parse::<f64>().is_ok() && parse(word).is_none(), "{word}");
        }
    }

    proptest! {
        #[test]
        fn any_decimal_text_parses_like_core(s in "[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?") {
            same(&s);
        }

        #[test]
        fn every_way_core_prints_an_f64_is_read(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            for text in [format!("{x:e}"), format!("{x:.20e}"), format!("{x}")] {
                prop_assert_eq!(parse(&text).map(f64::to_bits), Some(bits), "{}", text);
            }
        }
    }
}
