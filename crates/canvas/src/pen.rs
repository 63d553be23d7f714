//! Draws a [`circuit::Scene`]'s items with a canvas 2D context: the only code that turns
//! display-list items into canvas calls.

use circuit::{centred_baseline, Anchor, Item, Palette, Role, Scene, FONT_FAMILY};
use wasm_bindgen::prelude::*;
use web_sys::CanvasRenderingContext2d;

/// Paints in order the items of a scene that `keep` (given their index) accepts: what is
/// on screen and in the tile being painted. Texts only if `detail`.
pub fn paint(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    palette: &Palette,
    detail: bool,
    keep: &dyn Fn(usize) -> bool,
) -> Result<(), JsValue> {
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.set_text_baseline("alphabetic");
    let mut pen = Pen { ctx, font: 0, align: "", detail };
    for item in scene.items.iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, item)| item) {
        match item {
            Item::Wire { points, role, .. } => {
                ctx.set_stroke_style_str(palette.color(*role));
                ctx.set_line_width(if *role == Role::Active { 2.5 } else { 1.5 });
                ctx.begin_path();
                for (i, p) in points.iter().enumerate() {
                    if i == 0 {
                        ctx.move_to(p.x, p.y);
                    } else {
                        ctx.line_to(p.x, p.y);
                    }
                }
                ctx.stroke();
            }
            Item::Gate { center, radius, label, size, role, selected, .. } => {
                ctx.begin_path();
                ctx.arc(center.x, center.y, *radius, 0.0, std::f64::consts::TAU)?;
                ctx.set_fill_style_str(palette.gate_fill);
                ctx.fill();
                ctx.set_stroke_style_str(palette.color(*role));
                ctx.set_line_width(if *role == Role::Active { 2.5 } else { 1.5 });
                ctx.stroke();
                if *selected {
                    ctx.begin_path();
                    ctx.arc(center.x, center.y, radius + 4.0, 0.0, std::f64::consts::TAU)?;
                    ctx.set_stroke_style_str(palette.color(Role::Selected));
                    ctx.set_line_width(2.5);
                    ctx.stroke();
                }
                let y = centred_baseline(center.y, *size);
                pen.text(palette.color(*role), *size, "center", label, center.x, y)?;
            }
            Item::Constant { rect, text: t, size, role, .. } => {
                ctx.begin_path();
                ctx.rect(rect.x0, rect.y0, rect.width(), rect.height());
                ctx.set_fill_style_str(palette.gate_fill);
                ctx.fill();
                ctx.set_stroke_style_str(palette.color(Role::Muted));
                ctx.set_line_width(1.0);
                ctx.stroke();
                let cx = (rect.x0 + rect.x1) / 2.0;
                let cy = centred_baseline((rect.y0 + rect.y1) / 2.0, *size);
                pen.text(palette.color(*role), *size, "center", t, cx, cy)?;
            }
            Item::Dot { center, radius, role } => {
                ctx.begin_path();
                ctx.arc(center.x, center.y, *radius, 0.0, std::f64::consts::TAU)?;
                ctx.set_fill_style_str(palette.color(*role));
                ctx.fill();
            }
            Item::Text { pos, text: t, anchor, role, size } => {
                let align = match anchor {
                    Anchor::Start => "left",
                    Anchor::Middle => "center",
                    Anchor::End => "right",
                };
                pen.text(palette.color(*role), *size, align, t, pos.x, pos.y)?;
            }
            Item::Token { pos, pill, text_pos, text: t, size, role } => {
                let colour = palette.color(*role);
                ctx.begin_path();
                ctx.arc(pos.x, pos.y, 5.0, 0.0, std::f64::consts::TAU)?;
                ctx.set_fill_style_str(colour);
                ctx.fill();
                ctx.begin_path();
                ctx.round_rect_with_f64(pill.x0, pill.y0, pill.width(), pill.height(), 6.0)?;
                ctx.set_fill_style_str(palette.token_fill);
                ctx.fill();
                ctx.set_stroke_style_str(colour);
                ctx.set_line_width(1.5);
                ctx.stroke();
                pen.text(colour, *size, "center", t, text_pos.x, text_pos.y)?;
            }
        }
    }
    Ok(())
}

/// Text drawing that sets the font and alignment only when they change: setting a canvas
/// font parses a CSS font string, which dominates the cost of a frame full of labels.
struct Pen<'a> {
    ctx: &'a CanvasRenderingContext2d,
    font: i64,
    align: &'static str,
    /// Whether texts are drawn at all (not when zoomed far out).
    detail: bool,
}

impl Pen<'_> {
    fn text(
        &mut self,
        colour: &str,
        size: f64,
        align: &'static str,
        t: &str,
        x: f64,
        y: f64,
    ) -> Result<(), JsValue> {
        if !self.detail {
            return Ok(());
        }
        // Whole pixels in layout units: the canvas transform scales them.
        let px = size.round() as i64;
        if px != self.font {
            self.font = px;
            self.ctx.set_font(&[&lang::int(px), "px ", FONT_FAMILY].concat());
        }
        if align != self.align {
            self.align = align;
            self.ctx.set_text_align(align);
        }
        self.ctx.set_fill_style_str(colour);
        self.ctx.fill_text(t, x, y)
    }
}
