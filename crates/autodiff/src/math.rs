//! The elementary functions the engine evaluates: exp, ln, log10, pow, sin, cos, tanh.
//!
//! Natively they are Rust's own (the platform's libm: glibc's on Linux). In the page's wasm,
//! the `js-math` feature takes them from JavaScript's `Math` instead: every browser already
//! ships them, while libm compiled into the wasm is among the page's largest parts
//! (docs/size.md). Both are careful
//! implementations; their results can differ in the last bit, which no figure on the page
//! shows (at most 6 significant digits, and the numerical check has its own tolerance).
//! With the same feature, `decimal::parse` converts with `parseFloat`.
//!
//! The `portable-math` feature takes them from the `libm` crate on every target instead,
//! so one program gives the same bits natively and in wasm: the CLI and the JS API
//! (crates/js) turn it on, and the JS API's tests hold `backprop grad` and the package to
//! equal numbers (glibc's exp and the wasm's differed in the last bit at 5 of 40 points).
//! It wins over `js-math`, whose parsing part still applies.

#[cfg(feature = "portable-math")]
use libm as imp;

#[cfg(all(not(feature = "portable-math"), feature = "js-math", target_arch = "wasm32"))]
use js_sys::Math as imp;

#[cfg(not(any(feature = "portable-math", all(feature = "js-math", target_arch = "wasm32"))))]
mod imp {
    pub fn exp(x: f64) -> f64 {
        x.exp()
    }
    pub fn log(x: f64) -> f64 {
        x.ln()
    }
    pub fn log10(x: f64) -> f64 {
        x.log10()
    }
    pub fn pow(x: f64, y: f64) -> f64 {
        x.powf(y)
    }
    pub fn sin(x: f64) -> f64 {
        x.sin()
    }
    pub fn cos(x: f64) -> f64 {
        x.cos()
    }
    pub fn tanh(x: f64) -> f64 {
        x.tanh()
    }
}

/// e^x.
#[inline]
pub fn exp(x: f64) -> f64 {
    imp::exp(x)
}

/// The natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    imp::log(x)
}

/// The base-10 logarithm.
#[inline]
pub fn log10(x: f64) -> f64 {
    imp::log10(x)
}

/// x^y.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    imp::pow(x, y)
}

/// The sine of x radians.
#[inline]
pub fn sin(x: f64) -> f64 {
    imp::sin(x)
}

/// The cosine of x radians.
#[inline]
pub fn cos(x: f64) -> f64 {
    imp::cos(x)
}

/// The hyperbolic tangent.
#[inline]
pub fn tanh(x: f64) -> f64 {
    imp::tanh(x)
}
