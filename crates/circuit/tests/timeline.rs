//! The animation as a pure function of time.

mod common;

use circuit::{Event, Timeline};
use common::{compiled, SEEDS};

fn timeline(src: &str) -> (autodiff::Graph, Timeline) {
    let mut g = compiled(src);
    let t = Timeline::from_graph(&mut g);
    (g, t)
}

#[test]
fn the_start_shows_nothing_and_the_end_shows_every_gradient() {
    for (name, src) in SEEDS {
        let (g, t) = timeline(src);
        let start = t.state_at(0.0);
        assert!(start.values.iter().all(|v| !v), "{name}");
        assert!(start.grads.iter().all(Option::is_none), "{name}");
        assert_eq!(start.event, None, "{name}: nothing to narrate yet");
        assert_eq!(t.narration(&g, t.len()), "", "{name}: past the end");
        assert!(start.token.is_none());

        let end = t.state_at(t.len() as f64);
        for id in g.ids().filter(|&id| g.op(id) != autodiff::Op::Const) {
            assert!(end.values[id.index()], "{name}: value of {id:?}");
            let grad = end.grads[id.index()].unwrap_or_else(|| panic!("{name}: no gradient for {id:?}"));
            assert!(grad.complete, "{name}: {id:?}");
            assert_eq!(grad.sum, g.grad(id), "{name}: {id:?}");
        }
        assert!(end.token.is_none());
    }
}

#[test]
fn cs231n_numbers_arrive_in_order() {
    let (g, t) = timeline("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let x = g.input_named("x").expect("present");
    // Events: inputs, forward q, forward f, seed, then the four backward steps.
    assert_eq!(t.len(), 8);
    assert_eq!(t.backward_start(), Some(3));
    assert_eq!(t.narration(&g, 0), "forward: inputs x = -2, y = 5, z = -4");
    assert_eq!(t.narration(&g, 1), "forward: q = x + y = -2 + 5 = 3");
    assert_eq!(t.narration(&g, 2), "forward: f = q * z = 3 * -4 = -12");
    assert_eq!(t.narration(&g, 3), "backward: the output f gets gradient 1 (df/df = 1)");
    assert_eq!(t.narration(&g, 4), "mul gate: upstream 1 x local -4 = -4 into q");
    assert_eq!(t.narration(&g, 7), "add gate: upstream -4 x local 1 = -4 into y");

    let mid = t.state_at(6.5); // the add gate's token halfway to x
    let token = mid.token.expect("a token travels during a backward step");
    assert_eq!(token.input, x);
    assert_eq!(token.progress, 0.5);
    assert_eq!(token.text, "-4 × 1 = -4");
    assert_eq!(mid.event, Some(6));
    assert_eq!(t.narration(&g, 6), "add gate: upstream -4 x local 1 = -4 into x");
    assert!(mid.grads[x.index()].is_none(), "the contribution lands when the token arrives");
    assert_eq!(t.state_at(7.0).grads[x.index()].map(|d| d.sum), Some(-4.0));
}

#[test]
fn a_fork_shows_its_running_sum() {
    // x is used three times: its gradient is the sum of three contributions.
    let (g, t) = timeline("x=3; y=-4; f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)");
    let x = g.input_named("x").expect("present");
    let into_x: Vec<usize> = t
        .events()
        .iter()
        .enumerate()
        .filter_map(|(i, e)| matches!(e, Event::Backward(s) if s.input == x).then_some(i))
        .collect();
    assert_eq!(into_x.len(), 3);
    let Event::Backward(first) = &t.events()[into_x[0]] else { unreachable!() };
    let after_first = t.state_at(into_x[0] as f64 + 1.0).grads[x.index()].expect("partial sum shown");
    assert_eq!(after_first.sum, first.contribution);
    assert_eq!(after_first.contributions, 1);
    assert!(!after_first.complete);
    let after_last = t.state_at(into_x[2] as f64 + 1.0).grads[x.index()].expect("sum shown");
    assert!(after_last.complete);
    assert_eq!(after_last.contributions, 3);
    assert_eq!(after_last.sum, g.grad(x));
}

#[test]
fn every_event_is_narrated_and_steps_use_the_engine_words() {
    for (name, src) in SEEDS {
        let (g, t) = timeline(src);
        for i in 0..t.len() {
            let text = t.narration(&g, i);
            assert!(!text.is_empty(), "{name}: event {i}");
            let state = t.state_at(i as f64 + 0.5);
            assert_eq!(state.event, Some(i));
            match &t.events()[i] {
                Event::Backward(step) => {
                    assert_eq!(text, g.describe_step(step));
                    assert_eq!(state.active_gate, Some(step.gate));
                    assert!(state.token.is_some());
                }
                Event::Forward(id) => {
                    assert!(text.starts_with("forward: "), "{text}");
                    assert_eq!(state.active_gate, Some(*id));
                }
                Event::Inputs | Event::Seed(_) => {}
            }
        }
    }
}

#[test]
fn values_appear_in_tape_order_and_time_is_clamped() {
    let (g, t) = timeline("w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = 1/(1+exp(-(w0*x0+w1*x1+w2)))");
    let mut shown_before = 0;
    for k in 0..=t.backward_start().unwrap_or(0) {
        let shown = t.state_at(k as f64).values.iter().filter(|&&v| v).count();
        assert!(shown >= shown_before);
        shown_before = shown;
    }
    assert_eq!(t.state_at(-3.0), t.state_at(0.0));
    assert_eq!(t.state_at(f64::NAN), t.state_at(0.0));
    assert_eq!(t.state_at(1e9), t.state_at(t.len() as f64));
    // Going back is recomputing: the same t gives the same frame whatever came before.
    let a = t.state_at(9.25);
    let _ = t.state_at(t.len() as f64);
    assert_eq!(t.state_at(9.25), a);
    assert!(!g.is_empty());
}

#[test]
fn unused_inputs_get_gradient_zero() {
    let (g, t) = timeline("a = 1; b = 2; f = a * 3");
    let b = g.input_named("b").expect("present");
    let end = t.state_at(t.len() as f64);
    let grad = end.grads[b.index()].expect("b's gradient is shown");
    assert!(grad.complete);
    assert_eq!(grad.sum, 0.0);
}

/// The dots a frame draws travelling along wires, with their roles.
fn tokens(
    g: &autodiff::Graph,
    layout: &circuit::Layout,
    t: &Timeline,
    at: f64,
) -> Vec<(circuit::Point, circuit::Role, circuit::Rect)> {
    let s = circuit::scene(g, layout, &t.state_at(at), None);
    s.items
        .iter()
        .filter_map(|item| match item {
            circuit::Item::Token { pos, role, pill, .. } => Some((*pos, *role, *pill)),
            _ => None,
        })
        .collect()
}

#[test]
fn play_moves_within_two_frames_and_every_forward_step_moves() {
    for (name, src) in SEEDS {
        let (g, t) = timeline(src);
        let layout = circuit::Layout::new(&g, &circuit::Monospace);
        // A student presses Play; the page draws a frame every 16 ms.
        let mut clock = circuit::clock::Clock::default();
        clock.toggle_play(t.len());
        let before = t.state_at(clock.t);
        clock.frame(0.0, t.len());
        clock.frame(16.0, t.len());
        let second = tokens(&g, &layout, &t, clock.t);
        assert!(before.values.iter().any(|&v| v), "{name}: Play starts with the inputs shown");
        assert_eq!(second.len(), 1, "{name}: the second frame after Play moves a value");
        assert_eq!(second[0].1, circuit::Role::Value, "{name}: a value travels in the value colour");
        // Every forward step carries its value out along a wire, left to right.
        for (i, event) in t.events().iter().enumerate() {
            let Event::Forward(id) = event else { continue };
            let early = tokens(&g, &layout, &t, i as f64 + 0.2);
            let late = tokens(&g, &layout, &t, i as f64 + 0.8);
            assert_eq!(t.state_at(i as f64 + 0.5).carry.map(|c| c.node), Some(*id), "{name}: event {i}");
            assert_eq!((early.len(), late.len()), (1, 1), "{name}: event {i} draws one travelling value");
            assert!(late[0].0.x > early[0].0.x, "{name}: event {i}: the value moves right");
            for (pos, _, pill) in early.iter().chain(&late) {
                assert!(pill.contains(*pos), "{name}: event {i}: the value's pill rides on its dot");
            }
        }
    }
}
