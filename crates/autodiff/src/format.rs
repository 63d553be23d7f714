//! How numbers read on the canvas, in tables and on the command line.

use crate::decimal;

/// A compact, exact-enough rendering: integers as integers, otherwise up to 4 significant
/// digits with trailing zeros dropped (0.7311, -0.1966, 1e-7), and NaN, inf, -inf spelled out.
pub fn number(x: f64) -> String {
    significant(x, 4)
}

/// `x` with at most `digits` significant digits (1 to 17: an f64 holds no more), rounded
/// half to even like `format!("{:.N}")`, without core's float formatting (see `decimal`).
/// Written digit by digit into one string: the page formats thousands of these per edit.
pub fn significant(x: f64, digits: usize) -> String {
    if !x.is_finite() || x == 0.0 {
        return special(x);
    }
    let digits = digits.clamp(1, 17) as u32;
    let magnitude = crate::math::log10(x.abs()).floor() as i32;
    let mut s = String::with_capacity(24);
    if x < 0.0 {
        s.push('-');
    }
    let mut buf = [0u8; 20];
    if !(-4..15).contains(&magnitude) {
        let (q, exp) = decimal::significand(x, digits, magnitude);
        let mantissa = lang::digits(q, &mut buf);
        let rest = trim_zeros(&mantissa[1..]);
        s.push(char::from(mantissa[0]));
        if !rest.is_empty() {
            s.push('.');
            push_ascii(&mut s, rest);
        }
        s.push('e');
        if exp < 0 {
            s.push('-');
        }
        push_ascii(&mut s, lang::digits(u64::from(exp.unsigned_abs()), &mut [0u8; 20]));
        return s;
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let q = decimal::scaled(x, decimals as i32);
    if q == 0 {
        return "0".into();
    }
    let text = lang::digits(q, &mut buf);
    // Digits before the point: at least one ("0.0123" from q = 123, decimals = 4).
    let int_len = text.len().saturating_sub(decimals);
    if int_len == 0 {
        s.push('0');
    } else {
        push_ascii(&mut s, &text[..int_len]);
    }
    let zeros = decimals.saturating_sub(text.len());
    let frac = trim_zeros(&text[int_len..]);
    if !frac.is_empty() {
        s.push('.');
        for _ in 0..zeros {
            s.push('0');
        }
        push_ascii(&mut s, frac);
    }
    s
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let end = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    &digits[..end]
}

fn push_ascii(s: &mut String, digits: &[u8]) {
    for &d in digits {
        s.push(char::from(d));
    }
}

/// `x` in scientific notation with `digits` significant digits, trailing zeros kept:
/// what `format!("{x:.N$e}")` prints for N = digits - 1 (`3.2e-9`, `1.0e0`).
pub fn scientific(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return special(x);
    }
    let digits = digits.clamp(1, 17) as u32;
    let (q, exp) = if x == 0.0 {
        (0, 0)
    } else {
        decimal::significand(x, digits, crate::math::log10(x.abs()).floor() as i32)
    };
    let mut s = String::with_capacity(24);
    if x.is_sign_negative() {
        s.push('-');
    }
    let mut buf = [0u8; 20];
    let text = lang::digits(q, &mut buf);
    // Zero-padded to `digits` digits (q = 0 for x = 0).
    let mut mantissa = [b'0'; 17];
    let mantissa = &mut mantissa[..digits as usize];
    mantissa[digits as usize - text.len()..].copy_from_slice(text);
    s.push(char::from(mantissa[0]));
    if mantissa.len() > 1 {
        s.push('.');
        push_ascii(&mut s, &mantissa[1..]);
    }
    s.push('e');
    if exp < 0 {
        s.push('-');
    }
    push_ascii(&mut s, lang::digits(u64::from(exp.unsigned_abs()), &mut buf));
    s
}

/// NaN, inf, -inf and zero, as every format here spells them.
fn special(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x == f64::INFINITY {
        "inf".into()
    } else if x == f64::NEG_INFINITY {
        "-inf".into()
    } else {
        "0".into()
    }
}

/// Full precision, the shortest text that reads back to the same f64; non-finite values as
/// the strings the JSON output uses.
pub fn exact(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x}")
    }
}

/// A number as [`number`] and [`exact`] write it and as a student types one: `-2`, `0.5`,
/// `1e-7`, `NaN`, `inf`, `-inf` (`Infinity` and `-Infinity`, JavaScript's words, too). The
/// page's fields and link, the `<backprop-circuit values>` attribute and the command line's
/// `name=value` all read numbers with it, so one text means one number everywhere. `None`
/// for anything else (`0x10`, `1_000`, `2 + 3`, an empty text, more than 40 bytes); a
/// decimal beyond the f64 range is infinite, as `str::parse` reads it.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim_ascii();
    match s {
        "NaN" => Some(f64::NAN),
        "inf" | "Infinity" => Some(f64::INFINITY),
        "-inf" | "-Infinity" => Some(f64::NEG_INFINITY),
        _ if s.is_empty() || s.len() > 40 => None,
        // The same syntax and the same nearest f64 as `str::parse`, without its tables in the wasm.
        _ => decimal::parse(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_as_they_are_written() {
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number(" 0.5 "), Some(0.5));
        assert_eq!(parse_number("1e-7"), Some(1e-7));
        assert!(parse_number("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_number("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_number("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_number("1e400"), Some(f64::INFINITY));
        for bad in ["", "2 + 3", "0x10", "1_000", "nan", "infinity", "five", "1e", "."] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
        // What `number` and `exact` write reads back.
        for x in [-12.0, 0.7311, 1e-7, 2.5e20, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(parse_number(&number(x)), Some(x));
            assert_eq!(parse_number(&exact(x)), Some(x));
        }
    }

    #[test]
    fn reads_like_the_notes() {
        assert_eq!(number(-12.0), "-12");
        assert_eq!(number(0.7310585786300049), "0.7311");
        assert_eq!(number(-0.19661193324148185), "-0.1966");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(1e-7), "1e-7");
        assert_eq!(number(123456.0), "123456");
        assert_eq!(number(2.5e20), "2.5e20");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        assert_eq!(number(24.70408163265306), "24.7");
        assert_eq!(significant(24.70408163265306, 6), "24.7041");
        assert_eq!(number(9.99996), "10");
        assert_eq!(number(-9.99996e-7), "-1e-6");
        assert_eq!(number(1.0625), "1.062"); // a tie: half to even
        assert_eq!(number(1e15), "1e15");
        assert_eq!(number(0.0001), "0.0001");
        assert_eq!(number(5e-324), "4.941e-324");
        assert_eq!(significant(f64::MAX, 17), "1.7976931348623157e308");
        assert_eq!(scientific(3.2e-9, 2), "3.2e-9");
        assert_eq!(scientific(1.0, 2), "1.0e0");
        assert_eq!(scientific(0.0, 2), "0.0e0");
    }

    /// What `significant` printed when it used core's float formatting.
    fn with_core(x: f64, digits: usize) -> String {
        if !x.is_finite() || x == 0.0 {
            return special(x);
        }
        let magnitude = crate::math::log10(x.abs()).floor() as i32;
        if !(-4..15).contains(&magnitude) {
            let s = format!("{:.*e}", digits - 1, x);
            let (mantissa, exp) = s.split_once('e').unwrap_or((&s, ""));
            let mantissa = if mantissa.contains('.') {
                mantissa.trim_end_matches('0').trim_end_matches('.')
            } else {
                mantissa
            };
            return format!("{mantissa}e{exp}");
        }
        let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
        let s = format!("{x:.decimals$}");
        let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
        if s == "-0" {
            "0".into()
        } else {
            s
        }
    }

    proptest::proptest! {
        #[test]
        fn significant_matches_core_formatting(bits in proptest::prelude::any::<u64>(), digits in 1usize..=17) {
            let x = f64::from_bits(bits);
            proptest::prop_assert_eq!(significant(x, digits), with_core(x, digits));
            proptest::prop_assert_eq!(scientific(x, digits), if x.is_finite() { format!("{:.*e}", digits - 1, x) } else { special(x) });
        }

        #[test]
        fn significant_matches_core_on_short_decimals(m in -99999i64..99999, e in -12i32..18, digits in 1usize..=12) {
            // Short decimals hit the ties and the carries (9.9996) that random bits miss.
            let x = m as f64 * 10f64.powi(e) / 1e4;
            proptest::prop_assert_eq!(significant(x, digits), with_core(x, digits));
        }
    }
}
