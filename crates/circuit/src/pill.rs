//! Where a backward step's token puts its "upstream × local" pill: plain geometry over the
//! scene, no web types, so it is tested natively.

use crate::geom::{less, more};
use crate::{Anchor, Item, Point, Rect, Scene};

/// Places a travelling token's pill beside its dot, then slides it into the visible area
/// (sideways and up or down), so its "upstream × local" text (or a forward step's value)
/// is readable and the partial sums it is heading for stay in view (the dot stays on its
/// wire). Of eighteen places (centred on the
/// dot or with the dot at either end; on the wire, below it, above it, or further out), it
/// takes the one that hides labels and gates at the fewest points of `track` (the points of
/// the wire the dot travels in this step), then the least area: the same place for the whole
/// step, so the pill does not jump about beside a moving dot (chosen frame by frame from four
/// places it did, and hid a label in 39% of the seed circuits' backward frames; now 13.8%,
/// tests/pill.rs).
pub(crate) fn place_token(scene: &mut Scene, visible: Rect, track: &[Point]) {
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
            let half = (pill.x1 - pill.x0) / 2.0;
            // The pill's top 3 units under the wire (`below`), or above it, and further out.
            let below = pos.y + 12.0 - pill.y0;
            let (sides, heights) =
                ([0.0, -half, half], [0.0, below, -16.0, below + 16.0, -32.0, below + 32.0]);
            let (mut least, mut sx, mut dy) = (f64::INFINITY, 0.0, 0.0);
            // Indexed, not iterated: an array's iterator is code of its own in the wasm.
            for i in 0..18 {
                let (s, d) = (sides[i / 6], heights[i % 6]);
                // How many of the track's points it hides something at, then how much.
                let mut covered = 0.0;
                for q in track.iter() {
                    let (x, y) = (q.x - pos.x + s, q.y - pos.y + d);
                    let area = overlap(&Rect::new(pill.x0 + x, pill.y0 + y, pill.x1 + x, pill.y1 + y));
                    covered += area + if area > 1.0 { 1e6 } else { 0.0 };
                }
                if covered < least {
                    (least, sx, dy) = (covered, s, d);
                }
            }
            let dx = sx + into_view(pill.x0 + sx, pill.x1 + sx, visible.x0, visible.x1);
            // A step into the top input used to put its pill above the canvas's top edge.
            let dy = dy + into_view(pill.y0 + dy, pill.y1 + dy, visible.y0, visible.y1);
            *pill = Rect::new(pill.x0 + dx, pill.y0 + dy, pill.x1 + dx, pill.y1 + dy);
            text_pos.x += dx;
            text_pos.y += dy;
        }
    }
}

/// How far to move the span `lo..hi` so that it lies inside `start..end` with a 2-unit
/// margin: towards the start edge when it does not fit at all.
fn into_view(lo: f64, hi: f64, start: f64, end: f64) -> f64 {
    if lo < start + 2.0 {
        start + 2.0 - lo
    } else if hi > end - 2.0 {
        more(end - 2.0 - hi, start + 2.0 - lo)
    } else {
        0.0
    }
}
