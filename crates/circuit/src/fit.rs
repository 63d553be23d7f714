//! The circuit canvas's height: as tall as the circuit is at the scale that fits its width,
//! within limits, so a wide circuit gets no empty band above and below it. Plain Rust, so a
//! test holds www/style.css to it: before the wasm runs, the canvas's CSS height
//! (`#circuit:not([style])`) is this height for the default example, and the page does not
//! shift when the wasm sets it (Lighthouse's CLS was 0.053 from that, on a phone).

/// The smallest scale "Fit" picks: 13-unit labels stay at least 9 CSS pixels tall.
pub const MIN_FIT_SCALE: f64 = 0.7;
/// The largest scale "Fit" picks: a small circuit is not blown up to fill a wide screen.
pub const MAX_FIT_SCALE: f64 = 2.2;

/// The canvas's CSS height for a circuit of `bounds` (width, height in layout units) on a
/// canvas `width` CSS pixels wide, in a window `screen_height` CSS pixels tall.
#[inline]
pub fn canvas_height(bounds: (f64, f64), width: f64, screen_height: f64) -> f64 {
    let scale = (width / bounds.0).clamp(MIN_FIT_SCALE, MAX_FIT_SCALE);
    (bounds.1 * scale).clamp(200.0, (0.62 * screen_height).max(240.0))
}
