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
    canvas_height_at_least(bounds, width, screen_height, MIN_FIT_SCALE)
}

/// [`canvas_height`] for a view whose fit never goes below `min_scale` (the
/// `<backprop-circuit>` element keeps its labels larger than the page's, for slides): the
/// height is the circuit's at the scale that fit will pick, so a circuit too wide for the
/// canvas at that scale slides sideways without being cut off at the bottom too.
#[inline]
pub fn canvas_height_at_least(bounds: (f64, f64), width: f64, screen_height: f64, min_scale: f64) -> f64 {
    let scale = (width / bounds.0).clamp(min_scale, MAX_FIT_SCALE);
    (bounds.1 * scale).clamp(200.0, (0.62 * screen_height).max(240.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_larger_minimum_scale_makes_a_wide_circuit_taller_not_smaller() {
        // 1400 x 300 layout units on a 940-px canvas: the page fits it at 0.7, the element
        // with 12-px labels at 12/13.
        let page = canvas_height((1400.0, 300.0), 940.0, 1080.0);
        assert_eq!(page, 300.0 * MIN_FIT_SCALE);
        let slide = canvas_height_at_least((1400.0, 300.0), 940.0, 1080.0, 12.0 / 13.0);
        assert!((slide - 300.0 * 12.0 / 13.0).abs() < 1e-9, "{slide}");
        // A circuit that fits its width is unchanged by the minimum.
        assert_eq!(canvas_height_at_least((400.0, 150.0), 600.0, 1080.0, 12.0 / 13.0), 225.0);
    }
}
