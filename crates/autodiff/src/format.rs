//! How numbers read on the canvas, in tables and on the command line.

/// A compact, exact-enough rendering: integers as integers, otherwise up to 4 significant
/// digits with trailing zeros dropped (0.7311, -0.1966, 1e-7), and NaN, inf, -inf spelled out.
pub fn number(x: f64) -> String {
    significant(x, 4)
}

/// `x` with at most `digits` significant digits.
pub fn significant(x: f64, digits: usize) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = digits.max(1);
    let magnitude = x.abs().log10().floor() as i32;
    if !(-4..15).contains(&magnitude) {
        let s = format!("{:.*e}", digits - 1, x);
        return trim_exponent(&s);
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

fn trim_exponent(s: &str) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.trim_end_matches('0').trim_end_matches('.')
            } else {
                mantissa
            };
            format!("{mantissa}e{exp}")
        }
        None => s.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
