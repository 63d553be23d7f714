//! The view follows the animation: on a canvas narrower than the circuit, every step's
//! gate, the wire its token travels and the label it reaches come into view.

mod common;

use circuit::follow::pan_to;
use circuit::{scene_within, Item, Layout, Monospace, Rect, Timeline};
use common::{compiled, SEEDS};

/// A phone: 375 CSS pixels at the smallest fit scale (0.7), as many layout units wide.
const PHONE: f64 = 375.0 / 0.7;
const MARGIN: f64 = 12.0;

fn inside(r: &Rect, window: &Rect) -> bool {
    r.x0 >= window.x0 - 1e-9
        && r.x1 <= window.x1 + 1e-9
        && r.y0 >= window.y0 - 1e-9
        && r.y1 <= window.y1 + 1e-9
}

#[test]
fn on_a_phone_every_step_of_every_seed_circuit_is_in_view() {
    let mut followed = 0;
    for (name, src) in SEEDS {
        let mut g = compiled(src);
        let t = Timeline::from_graph(&mut g);
        let layout = Layout::new(&g, &Monospace);
        let b = layout.bounds();
        // The whole height, the width of a phone, at the inputs (where fit starts it).
        let mut window = Rect::new(b.x0, b.y0, b.x0 + PHONE.min(b.width()), b.y1);
        for k in 0..t.len() {
            let state = t.state_at(k as f64 + 0.5);
            let (dx, dy) = pan_to(&layout, &state, window, MARGIN);
            assert_eq!(dy, 0.0, "{name}, event {k}: the whole height is in view, so it stays");
            if dx != 0.0 {
                followed += 1;
            }
            window = Rect::new(window.x0 + dx, window.y0, window.x1 + dx, window.y1);
            assert!(window.x0 >= b.x0 - 1e-9 && window.x1 <= b.x1 + 1e-9, "{name}, event {k}: past an end");
            // Whether the whole step fits the window: the gate, its wire, and the value the
            // token reaches (its node, an input's name, and its labels).
            let fits = |state: &circuit::FrameState| {
                state.wire.and_then(|(gate, p)| layout.wire(gate, p)).is_none_or(|w| {
                    let from = layout.node(w.from).expect("a wire's source is drawn");
                    let to = layout.node(w.to).expect("a wire's gate is drawn");
                    let labels = layout.label(w.from).expect("a wire's source has labels").run();
                    let all = w.bounds.union(&from.rect).union(&to.rect).union(&labels);
                    all.width() <= window.width() - 2.0 * MARGIN
                })
            };
            let s = scene_within(&g, &layout, &state, None, window);
            for item in &s.items {
                match item {
                    // A step too wide for the window shows where it lands (asserted
                    // below), not the gate it leaves.
                    Item::Gate { id, center, radius, .. }
                        if state.active_gate == Some(*id) && fits(&state) =>
                    {
                        let r = Rect::around(*center, *radius, *radius);
                        assert!(inside(&r, &window), "{name}, event {k}: the active gate is out of view");
                    }
                    // A wire longer than the window (net221's target, which runs to the
                    // loss) shows where its token lands, not the whole way there.
                    Item::Token { pos, .. } if fits(&state) && state.wire.is_some() => {
                        assert!(
                            inside(&Rect::around(*pos, 0.0, 0.0), &window),
                            "{name}, event {k}: the token"
                        );
                    }
                    _ => {}
                }
            }
            if let Some(w) = state.wire.and_then(|(gate, p)| layout.wire(gate, p)) {
                let l = layout.label(w.from).expect("a wire's source has labels");
                let reached = l.grad.expect("a value on a backward wire has a gradient");
                assert!(inside(&reached, &window), "{name}, event {k}: where the contribution lands");
                let from = layout.node(w.from).expect("drawn").rect;
                assert!(!fits(&state) || inside(&from, &window), "{name}, event {k}: the value reached");
            }
        }
    }
    assert!(followed > 0, "no seed circuit is wider than a phone: the test tests nothing");
}

/// The program's graph, timeline and layout, and a phone's window at its inputs.
fn on_a_phone(src: &str) -> (autodiff::Graph, Timeline, Layout, Rect) {
    let mut g = compiled(src);
    let t = Timeline::from_graph(&mut g);
    let layout = Layout::new(&g, &Monospace);
    let b = layout.bounds();
    (g, t, layout, Rect::new(b.x0, b.y0, b.x0 + PHONE, b.y1))
}

#[test]
fn a_step_already_in_view_and_a_circuit_that_fits_do_not_move() {
    let (g, t, layout, phone) = on_a_phone(SEEDS[1].1);
    let b = layout.bounds();
    let whole = b.grown(30.0);
    assert!(b.width() > PHONE, "the neuron is wider than a phone");
    for k in 0..t.len() {
        let state = t.state_at(k as f64 + 0.5);
        assert_eq!(
            pan_to(&layout, &state, whole, MARGIN),
            (0.0, 0.0),
            "event {k}: the whole circuit is in view"
        );
        // Where the window went for this step, the next frame of the same step stays.
        let (dx, _) = pan_to(&layout, &state, phone, MARGIN);
        let there = Rect::new(phone.x0 + dx, phone.y0, phone.x1 + dx, phone.y1);
        assert_eq!(pan_to(&layout, &state, there, MARGIN), (0.0, 0.0), "event {k}");
    }
    // The first event (the inputs) and the finished circuit ask for nothing, even with the
    // window at the far end.
    let far = Rect::new(b.x1 - PHONE, b.y0, b.x1, b.y1);
    assert_eq!(pan_to(&layout, &t.state_at(0.5), far, MARGIN), (0.0, 0.0));
    assert_eq!(pan_to(&layout, &circuit::FrameState::complete(&g), far, MARGIN), (0.0, 0.0));
}

#[test]
fn the_backward_pass_on_a_phone_ends_back_at_the_inputs() {
    // The neuron's backward pass starts at the output (off to the right of a phone that
    // starts at the inputs) and ends at the weights.
    let (_, t, layout, phone) = on_a_phone(SEEDS[2].1);
    let seed = t.backward_start().expect("a backward pass");
    let (to_output, _) = pan_to(&layout, &t.state_at(seed as f64 + 0.5), phone, MARGIN);
    assert!(to_output > 0.0, "the seed gradient is at the output, right of the inputs");
    let at_output = Rect::new(phone.x0 + to_output, phone.y0, phone.x1 + to_output, phone.y1);
    let last = t.len() - 1;
    let (back, _) = pan_to(&layout, &t.state_at(last as f64 + 0.5), at_output, MARGIN);
    assert!(at_output.x0 + back < phone.x0 + 1.0 + to_output / 2.0, "the last step is at the inputs");
}
