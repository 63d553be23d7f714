//! Where a backward step's token puts its "upstream × local" pill: plain geometry over the
//! scene, no web types, so it is tested natively.

use crate::geom::{less, more};
use crate::{Anchor, Item, Rect, Scene};

/// Places the token's pill where it hides the fewest labels and gates (above or below its
/// dot), then slides it sideways into the visible area, so its "upstream × local" text is
/// readable and the partial sums it is heading for stay in view (the dot stays on its wire).
pub fn keep_token_visible(scene: &mut Scene, visible: Rect) {
    if !scene.items.iter().any(|item| matches!(item, Item::Token { .. })) {
        return;
    }
    let mut obstacles = Vec::new();
    for item in &scene.items {
        match item {
            Item::Text { pos, text, anchor, size, .. } => {
                let w = text.chars().count() as f64 * 0.6 * size;
                let x0 = match anchor {
                    Anchor::Start => pos.x,
                    Anchor::Middle => pos.x - w / 2.0,
                    Anchor::End => pos.x - w,
                };
                obstacles.push(Rect::new(x0, pos.y - 0.8 * size, x0 + w, pos.y + 0.3 * size));
            }
            Item::Gate { center, radius, .. } => obstacles.push(Rect::around(*center, *radius, *radius)),
            _ => {}
        }
    }
    let overlap = |r: &Rect| -> f64 {
        let mut area = 0.0;
        for o in &obstacles {
            area += more(less(r.x1, o.x1) - more(r.x0, o.x0), 0.0)
                * more(less(r.y1, o.y1) - more(r.y0, o.y0), 0.0);
        }
        area
    };
    for item in &mut scene.items {
        if let Item::Token { pos, pill, text_pos, .. } = item {
            let dx = if pill.x0 < visible.x0 + 2.0 {
                visible.x0 + 2.0 - pill.x0
            } else if pill.x1 > visible.x1 - 2.0 {
                more(visible.x1 - 2.0 - pill.x1, visible.x0 + 2.0 - pill.x0)
            } else {
                0.0
            };
            let below = pos.y + 12.0 - pill.y0;
            // The least covered of four places: on the wire, below, above, further below.
            let (mut least, mut dy) = (f64::INFINITY, 0.0);
            for d in [0.0, below, -16.0, below + 16.0] {
                let covered = overlap(&Rect::new(pill.x0 + dx, pill.y0 + d, pill.x1 + dx, pill.y1 + d));
                if covered < least {
                    (least, dy) = (covered, d);
                }
            }
            *pill = Rect::new(pill.x0 + dx, pill.y0 + dy, pill.x1 + dx, pill.y1 + dy);
            text_pos.x += dx;
            text_pos.y += dy;
        }
    }
}
