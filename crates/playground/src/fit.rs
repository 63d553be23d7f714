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
pub fn canvas_height(bounds: (f64, f64), width: f64, screen_height: f64) -> f64 {
    let scale = (width / bounds.0).clamp(MIN_FIT_SCALE, MAX_FIT_SCALE);
    (bounds.1 * scale).clamp(200.0, (0.62 * screen_height).max(240.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{model::Model, state::State};

    /// The number before `unit` in the declaration `property: ...;` of the CSS rule `selector`.
    fn declaration<'a>(css: &'a str, selector: &str, property: &str) -> &'a str {
        let rule = css.split_once(&format!("{selector} {{")).map(|(_, r)| r).unwrap_or_default();
        let rule = rule.split('}').next().unwrap_or_default();
        let value = rule.split_once(&format!("{property}:")).map(|(_, v)| v).unwrap_or_default();
        value.split(';').next().unwrap_or_default().trim()
    }

    fn numbers(text: &str) -> Vec<f64> {
        text.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter_map(|n| n.parse().ok()).collect()
    }

    #[test]
    fn the_css_height_before_the_wasm_runs_is_the_default_circuits_height() {
        let css = include_str!("../../../www/style.css");
        let model = Model::new(&State::default()).unwrap_or_else(|e| panic!("{e:?}"));
        let b = circuit::Layout::new(&model.graph, &circuit::Monospace).bounds();
        let selector = "#circuit:not([style])";
        let ratio = numbers(declaration(css, selector, "aspect-ratio"));
        let min = numbers(declaration(css, selector, "min-height"));
        // min(<px>, max(62vh, 240px)): the largest scale's height, and the screen's limit.
        let max = numbers(declaration(css, selector, "max-height"));
        assert_eq!((ratio.len(), min.len(), max.len()), (2, 1, 3), "the rule {selector} in www/style.css");
        let (w, h) = (b.width(), b.height());
        assert!(
            (ratio[0] / ratio[1] - w / h).abs() < 1e-3,
            "aspect-ratio {ratio:?}: the circuit is {w} x {h}"
        );
        for screen in [568.0, 740.0, 823.0, 1080.0] {
            for width in (240..1500).step_by(7).map(f64::from) {
                let css_height = (width * ratio[1] / ratio[0])
                    .max(min[0])
                    .min(max[0].min((max[1] / 100.0 * screen).max(max[2])));
                let page = canvas_height((w, h), width, screen).round();
                assert!(
                    (css_height - page).abs() < 1.0,
                    "a canvas {width} px wide in a {screen} px window: CSS {css_height}, the page {page}"
                );
            }
        }
    }
}
