//! Where the view goes while the animation plays. A circuit wider than its canvas (the
//! neuron on a phone, an element in a narrow column of notes) is cut off at an edge, and
//! the gate a step is about may be out of sight: [`pan_to`] is the smallest move of the
//! visible window that shows what the frame's event is about. Plain geometry, tested
//! natively; the canvas view applies it once per event, so between events a student's own
//! drag stays where they put it.

use crate::geom::{less, more, Rect};
use crate::layout::{LabelGeom, Layout};
use crate::timeline::FrameState;

/// How far the visible window (layout units) must move, `(dx, dy)`, to show what `state`'s
/// event is about with `margin` to spare on each side. In a backward step: the wire its
/// token travels, the gate it leaves and the value it reaches (its node and labels), or
/// only that value (where the contribution is added) if all of it does not fit the window.
/// In a forward step (or the output's seed): the gate and the value it writes. It is the
/// least move that brings them in (a target larger than the window is centred in it).
/// Nothing moves when they are in view already, when nothing is active (the first event, a
/// finished circuit), along an axis where the whole circuit is in view, or past the
/// circuit's ends.
pub fn pan_to(layout: &Layout, state: &FrameState, visible: Rect, margin: f64) -> (f64, f64) {
    let Some(gate) = state.active_gate.and_then(|id| layout.node(id)) else { return (0.0, 0.0) };
    let labels = |id| layout.label(id).map_or(gate.rect, LabelGeom::run);
    let t = match state.wire.and_then(|(gate, position)| layout.wire(gate, position)) {
        Some(w) => {
            // The value reached: its labels, and its node (an input's name, a gate).
            let reached = labels(w.from).union(&layout.node(w.from).map_or(gate.rect, |n| n.rect));
            let all = reached.union(&w.bounds).union(&gate.rect);
            let room = visible.grown(-margin);
            if all.width() <= room.width() && all.height() <= room.height() {
                all
            } else {
                reached
            }
        }
        None => gate.rect.union(&labels(gate.id)),
    };
    let b = layout.bounds();
    (
        shift(visible.x0, visible.x1, b.x0, b.x1, t.x0, t.x1, margin),
        shift(visible.y0, visible.y1, b.y0, b.y1, t.y0, t.y1, margin),
    )
}

/// [`pan_to`] along one axis: the window `[v0, v1]`, the circuit `[b0, b1]`, the target
/// `[t0, t1]`.
#[inline(never)]
// Seven numbers, not three pairs: they pass as wasm parameters, not through memory.
#[allow(clippy::too_many_arguments)]
fn shift(v0: f64, v1: f64, b0: f64, b1: f64, t0: f64, t1: f64, margin: f64) -> f64 {
    if b0 >= v0 && b1 <= v1 {
        return 0.0;
    }
    let d = if t1 - t0 > v1 - v0 - 2.0 * margin {
        (t0 + t1 - v0 - v1) / 2.0
    } else if t0 < v0 + margin {
        t0 - v0 - margin
    } else if t1 > v1 - margin {
        t1 - v1 + margin
    } else {
        0.0
    };
    // Past an end only if the window already is (a student's zoom or free pan).
    if d.is_finite() {
        less(more(d, less(b0 - v0, 0.0)), more(b1 - v1, 0.0))
    } else {
        0.0
    }
}
