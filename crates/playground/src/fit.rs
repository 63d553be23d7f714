//! The canvas's height (`circuit::fit`, shared with the `<backprop-circuit>` element), held
//! here to the page's own CSS: before the wasm runs, the canvas's CSS height
//! (`#circuit:not([style])` in www/style.css) is this height for the default example.

pub use circuit::fit::*;

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
