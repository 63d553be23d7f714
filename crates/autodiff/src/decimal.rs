//! Decimal text to `f64` and back, exactly, without core's float tables.
//!
//! The page's wasm is size-bound, and core's `str::parse::<f64>` (Eisel-Lemire, with a
//! 10 KB table of powers of five) and its `{:.N}` float formatting (Grisu and Dragon, with
//! their own tables) were among its largest parts. Both directions here are exact, like
//! core's: a number is scaled by powers of 2 and 10 as a small arbitrary-precision integer
//! and rounded once, half to even. Most program literals take Clinger's fast path instead
//! (one exact f64 multiply or divide). The tests check both against core, natively.

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one mantissa digit, to the
/// nearest `f64` (ties to even), exactly as `str::parse::<f64>` reads that syntax: values
/// beyond the `f64` range become infinite. `None` for any other text.
///
/// In the page's wasm (feature `js-math`), the checked text goes to JavaScript's
/// `parseFloat`, which rounds exactly the same way, and the conversion below is left out.
pub fn parse(s: &str) -> Option<f64> {
    #[cfg(all(feature = "js-math", target_arch = "wasm32"))]
    return scan(s.as_bytes(), |_| ()).map(|_| js_sys::parse_float(s));
    #[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
    {
        let mut digits = Digits::default();
        let (negative, exp10) = scan(s.as_bytes(), |d| digits.push(d))?;
        let v = digits.value(exp10);
        Some(if negative { -v } else { v })
    }
}

/// Checks the syntax of [`parse`], handing each mantissa digit to `digit`. Returns whether
/// the number is negative and the power of ten the digits are scaled by.
fn scan(b: &[u8], mut digit: impl FnMut(u8)) -> Option<(bool, i64)> {
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let start = i;
    while let Some(&c @ b'0'..=b'9') = b.get(i) {
        digit(c - b'0');
        i += 1;
    }
    let mut count = i - start;
    let mut exp10: i64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            digit(c - b'0');
            i += 1;
        }
        count += i - frac_start;
        exp10 -= (i - frac_start) as i64;
    }
    if count == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative_exp = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let exp_start = i;
        let mut e: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            // Saturates far beyond any exponent that can still change the result.
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        exp10 += if negative_exp { -e } else { e };
    }
    (i == b.len()).then_some((negative, exp10))
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
    round_scaled(Big::from_u64(m), e, p10, false)
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

/// Up to this many significant digits are kept; any digit after them only tells whether
/// the value is above the kept ones. 800 is more than the 768 digits that can decide a
/// rounding: every f64 and every midpoint between two f64 has at most 767 significant digits.
#[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
const MAX_DIGITS: usize = 800;

/// The significant digits of a decimal mantissa, leading zeros dropped.
#[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
#[derive(Debug, Default)]
struct Digits {
    kept: Vec<u8>,
    /// Digits after `MAX_DIGITS`: each raises the exponent by one.
    dropped: i64,
    /// Whether a dropped digit was not zero.
    dropped_nonzero: bool,
}

#[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
impl Digits {
    fn push(&mut self, d: u8) {
        if self.kept.len() == MAX_DIGITS {
            self.dropped += 1;
            self.dropped_nonzero |= d != 0;
        } else if d != 0 || !self.kept.is_empty() {
            self.kept.push(d);
        }
    }

    /// The nearest f64 to digits · 10^exp10.
    fn value(&self, exp10: i64) -> f64 {
        let mut k = exp10 + self.dropped;
        let len = self.kept.len() as i64;
        if len == 0 || k + len < -330 {
            return 0.0; // below 10^-330, under half the smallest subnormal
        }
        if k + len > 310 {
            return f64::INFINITY; // at least 10^309
        }
        if len <= 16 && !self.dropped_nonzero && (-22..=22).contains(&k) {
            let d = self.kept.iter().fold(0u64, |acc, &d| acc * 10 + u64::from(d));
            if d < 1 << 53 {
                // Clinger's fast path: d and 10^|k| are exact f64s, so one rounding.
                let p = (0..k.unsigned_abs()).fold(1.0, |p, _| p * 10.0);
                return if k < 0 { d as f64 / p } else { d as f64 * p };
            }
        }
        let mut n = Big(Vec::new());
        for &d in &self.kept {
            n.mul_add(10, u32::from(d));
        }
        if self.dropped_nonzero {
            // A 1 after the kept digits stands for "a little more": no rounding boundary
            // lies between the kept digits and that.
            n.mul_add(10, 1);
            k -= 1;
        }
        if k >= 0 {
            n.scale(10, k as u32, false);
            return to_f64(n, 0, false);
        }
        // Divide by 10^j after shifting left far enough that the quotient keeps 63 bits.
        let j = k.unsigned_abs() as u32;
        let t = (4 * j + 64).saturating_sub(n.bits());
        n.scale(2, t, false);
        let inexact = n.scale(10, j, true);
        to_f64(n, -(t as i32), inexact)
    }
}

/// The f64 nearest to (n + ε) · 2^exp2, ties to even, where 0 ≤ ε < 1 and ε > 0 exactly
/// when `inexact`. An inexact `n` must have more than 54 bits.
#[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
fn to_f64(n: Big, exp2: i32, inexact: bool) -> f64 {
    let bits = n.bits() as i32;
    if bits == 0 {
        return 0.0;
    }
    let lead = bits - 1 + exp2; // the binary exponent of the leading bit
    if lead > 1023 {
        return f64::INFINITY;
    }
    // The exponent of the last mantissa bit: 53 bits, fewer for subnormals.
    let unit = (lead - 52).max(-1074);
    let q = round_scaled(n, exp2 - unit, 0, inexact);
    // A normal q holds the implicit bit (2^52), so adding it carries into the exponent
    // field; rounding up to 2^53, or a subnormal up to 2^52, carries into the next binade
    // (and past the largest finite value into the bits of infinity).
    let field = if lead >= -1022 { ((lead + 1022) as u64) << 52 } else { 0 };
    f64::from_bits(field + q)
}

/// (n + ε) · 2^p2 · 10^p10 rounded half to even, ε as in `to_f64`; `inexact` only with
/// p2 < 0 and p10 ≤ 0. The result must stay below 2^62.
fn round_scaled(mut n: Big, p2: i32, p10: i32, mut inexact: bool) -> u64 {
    // t = floor(2 · value): its last bit is the half, the rest the truncated result. The
    // divisor is even, so ε cannot carry into t.
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

    #[cfg(not(all(feature = "js-math", target_arch = "wasm32")))]
    fn bits(&self) -> u32 {
        self.0.last().map_or(0, |top| 32 * self.0.len() as u32 - top.leading_zeros())
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
        round_scaled(Big::from_u64(m), e, p10, false)
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

    fn same(s: &str) {
        let ours = parse(s).map(f64::to_bits);
        let core = s.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, core, "{s}");
    }

    #[test]
    fn parses_like_core() {
        for s in [
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "0.1",
            "1e5",
            "1E+5",
            "-2.5e-3",
            "123456789012345678901234567890",
            "9007199254740993",
            "9007199254740992.5",
            "1e22",
            "1e23",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "0.000000000000000000000000000001",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "0e999",
            "00000000000000000000001.5",
            "8.98846567431158e307",
        ] {
            same(s);
        }
        for s in ["", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "--1", "1 ", " 1", "1x", ".e1"] {
            same(s);
        }
        // Core also reads words; this syntax is digits only.
        assert_eq!(parse("inf"), None);
        assert_eq!(parse("NaN"), None);
    }

    #[test]
    fn long_mantissas_round_like_core() {
        // The midpoint between 1 and the next f64, and a hair above and below it.
        let mid = "1.00000000000000011102230246251565404236316680908203125";
        same(mid);
        same(&format!("{mid}{}1", "0".repeat(900)));
        same("1.000000000000000111022302462515654042363166809082031249999999999");
        same(&format!("{}e-1000", "1".repeat(1000)));
        same(&format!("0.{}1e-300", "0".repeat(30)));
    }

    proptest! {
        #[test]
        fn any_decimal_text_parses_like_core(s in "[+-]?[0-9]{0,25}(\\.[0-9]{0,25})?([eE][+-]?[0-9]{1,3})?") {
            same(&s);
        }

        #[test]
        fn every_f64_reads_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            same(&format!("{x:e}"));
            same(&format!("{x:.20e}"));
            same(&format!("{x}"));
        }
    }
}
