//! A self-contained SVG of a [`Scene`]: no scripts, no external fonts or styles, every text
//! escaped. It draws the same marks as the canvas painter (`crates/playground/src/paint.rs`:
//! the same line widths, corner radii and text placement), coloured by the same palette.

use crate::geom::{Anchor, Point, Rect, FONT_FAMILY, FONT_SIZE};
use crate::scene::{Item, Palette, Role, Scene};

/// The scene as an SVG document.
pub fn to_svg(scene: &Scene, palette: &Palette) -> String {
    let b = scene.bounds();
    let mut s = String::with_capacity(256 + scene.items.len() * 120);
    s.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"");
    nums(&mut s, &[b.x0, b.y0, b.width(), b.height()], " ");
    s.push_str("\" width=\"");
    num(&mut s, b.width());
    s.push_str("\" height=\"");
    num(&mut s, b.height());
    s.push_str("\" font-family=\"");
    escape(&mut s, FONT_FAMILY);
    s.push_str("\" font-size=\"");
    num(&mut s, FONT_SIZE);
    s.push_str("\">\n");
    rect_box(&mut s, &b);
    s.push_str(" fill=\"");
    s.push_str(palette.background);
    s.push_str("\"/>\n");
    for item in &scene.items {
        item_svg(&mut s, item, palette);
    }
    s.push_str("</svg>\n");
    s
}

fn item_svg(s: &mut String, item: &Item, p: &Palette) {
    match item {
        Item::Wire { points, role, .. } => {
            s.push_str(
                "<polyline fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-width=\"",
            );
            s.push_str(if *role == Role::Active { "2.5" } else { "1.5" });
            s.push_str("\" stroke=\"");
            s.push_str(p.color(*role));
            s.push_str("\" points=\"");
            for (k, pt) in points.iter().enumerate() {
                if k > 0 {
                    s.push(' ');
                }
                point(s, *pt);
            }
            s.push_str("\"/>\n");
        }
        Item::Gate { center, radius, label, size, role, selected, .. } => {
            circle(
                s,
                *center,
                *radius,
                p.gate_fill,
                p.color(*role),
                if *role == Role::Active { 2.5 } else { 1.5 },
            );
            if *selected {
                circle(s, *center, radius + 4.0, "none", p.color(Role::Selected), 2.5);
            }
            let pos = Point::new(center.x, crate::geom::centred_baseline(center.y, *size));
            text(s, pos, label, Anchor::Middle, p.color(*role), *size);
        }
        Item::Constant { rect, text: t, size, role, .. } => {
            rect_box(s, rect);
            s.push_str(" fill=\"");
            s.push_str(p.gate_fill);
            s.push_str("\" stroke=\"");
            s.push_str(p.color(Role::Muted));
            s.push_str("\"/>\n");
            let c = Point::new(
                (rect.x0 + rect.x1) / 2.0,
                crate::geom::centred_baseline((rect.y0 + rect.y1) / 2.0, *size),
            );
            text(s, c, t, Anchor::Middle, p.color(*role), *size);
        }
        Item::Dot { center, radius, role } => circle(s, *center, *radius, p.color(*role), "none", 0.0),
        Item::Text { pos, text: t, anchor, role, size } => text(s, *pos, t, *anchor, p.color(*role), *size),
        Item::Token { pill, text_pos, text: t, size, role, .. } => {
            rect_box(s, pill);
            s.push_str(" rx=\"6\" fill=\"");
            s.push_str(p.token_fill);
            s.push_str("\" stroke-width=\"1.5\" stroke=\"");
            s.push_str(p.color(*role));
            s.push_str("\"/>\n");
            text(s, *text_pos, t, Anchor::Middle, p.color(*role), *size);
        }
    }
}

/// `<rect x=".." y=".." width=".." height=".."`, the part every rectangle shares; the
/// caller adds its own attributes and closes the tag.
fn rect_box(s: &mut String, r: &Rect) {
    s.push_str("<rect x=\"");
    num(s, r.x0);
    s.push_str("\" y=\"");
    num(s, r.y0);
    s.push_str("\" width=\"");
    num(s, r.width());
    s.push_str("\" height=\"");
    num(s, r.height());
    s.push('"');
}

fn circle(s: &mut String, c: Point, r: f64, fill: &str, stroke: &str, width: f64) {
    s.push_str("<circle cx=\"");
    num(s, c.x);
    s.push_str("\" cy=\"");
    num(s, c.y);
    s.push_str("\" r=\"");
    num(s, r);
    s.push_str("\" fill=\"");
    s.push_str(fill);
    if width > 0.0 {
        s.push_str("\" stroke=\"");
        s.push_str(stroke);
        s.push_str("\" stroke-width=\"");
        num(s, width);
    }
    s.push_str("\"/>\n");
}

fn text(s: &mut String, pos: Point, t: &str, anchor: Anchor, color: &str, size: f64) {
    s.push_str("<text x=\"");
    num(s, pos.x);
    s.push_str("\" y=\"");
    num(s, pos.y);
    s.push('"');
    match anchor {
        Anchor::Start => {}
        Anchor::Middle => s.push_str(" text-anchor=\"middle\""),
        Anchor::End => s.push_str(" text-anchor=\"end\""),
    }
    if size != FONT_SIZE {
        s.push_str(" font-size=\"");
        num(s, size);
        s.push('"');
    }
    s.push_str(" fill=\"");
    s.push_str(color);
    s.push_str("\">");
    escape(s, t);
    s.push_str("</text>\n");
}

fn point(s: &mut String, p: Point) {
    num(s, p.x);
    s.push(',');
    num(s, p.y);
}

fn nums(s: &mut String, xs: &[f64], sep: &str) {
    for (k, &x) in xs.iter().enumerate() {
        if k > 0 {
            s.push_str(sep);
        }
        num(s, x);
    }
}

/// A coordinate to one decimal, without a trailing ".0" or a "-0". Integer arithmetic
/// keeps float formatting machinery out of the wasm build.
fn num(s: &mut String, x: f64) {
    let tenths = if x.is_finite() { (x * 10.0).round() as i64 } else { 0 };
    if tenths < 0 {
        s.push('-');
    }
    let t = tenths.unsigned_abs();
    lang::push_u64(s, t / 10);
    if t % 10 != 0 {
        s.push('.');
        lang::push_u64(s, t % 10);
    }
}

/// Escapes text and attribute values; control characters, which XML 1.0 forbids even
/// escaped, become U+FFFD.
fn escape(s: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            '\t' | '\n' | '\r' => s.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => s.push('\u{FFFD}'),
            c => s.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        let mut s = String::new();
        nums(&mut s, &[0.0, -0.04, 12.25, -3.5, 100.0, 7.0], " ");
        assert_eq!(s, "0 0 12.3 -3.5 100 7");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = String::new();
        escape(&mut s, "<script>&\"'\u{1}");
        assert_eq!(s, "&lt;script&gt;&amp;&quot;&#39;\u{FFFD}");
    }
}
