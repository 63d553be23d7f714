//! The page's policy, natively: the real state, model, timeline and undo history, with the
//! time given.

use super::*;
use crate::keys::Focus;
use crate::link::{HASH_DELAY_MS, HASH_SPACING_MS};
use crate::state::{known_example, percent_decode};

fn page(hash: &str) -> Page {
    Page::new(hash, autodiff::format::exact, percent_decode)
}

fn key(k: &str, focus: Focus) -> Msg {
    Msg::Key(Press { key: k.into(), ctrl: false, alt: false, shift: false, focus })
}

/// Plays frames 16 ms apart from `ts` until the clock stops; returns the effects of each.
fn play_out(p: &mut Page, mut ts: f64) -> Vec<Effects> {
    let mut all = Vec::new();
    while p.clock.playing {
        all.push(p.update(Msg::Frame(ts), ts));
        ts += 16.0;
        assert!(all.len() < 100_000, "the clock never stopped");
    }
    all
}

/// The page's own next hash write, as the timer would do it with the address bar unchanged.
fn write_due(p: &mut Page, now: f64) -> Option<String> {
    let current = p.hash.seen.clone();
    p.update(Msg::HashDue { current }, now).write_hash
}

#[test]
fn play_runs_to_the_end_writing_the_hash_once_it_stops() {
    let mut p = page("");
    let len = p.timeline.len();
    assert!(len > 0);
    let fx = p.update(Msg::Play, 0.0);
    assert!(fx.frame && fx.changed == Changed::Position, "{fx:?}");
    assert_eq!(fx.hash_in, None, "Play changes nothing a link holds yet");
    let frames = play_out(&mut p, 0.0);
    // Every frame draws; the timeline changes only when an event starts or ends.
    assert!(frames.iter().all(|fx| matches!(fx.changed, Changed::Position | Changed::Picture)));
    let redraws = frames.iter().filter(|fx| fx.changed == Changed::Position).count();
    assert!(redraws <= len + 1 && redraws < frames.len() / 10, "{redraws} of {} frames", frames.len());
    // No hash write while playing, one when the run ends.
    let (last, playing) = frames.split_last().expect("frames");
    assert!(playing.iter().all(|fx| fx.hash_in.is_none()), "a hash write was asked while playing");
    assert!(playing.iter().all(|fx| fx.frame) && !last.frame, "frames are asked until the end");
    assert!(last.hash_in.is_some(), "the end of the run is a position a link holds");
    assert_eq!(p.state.t, Some(len));
    let hash = write_due(&mut p, 1e6).unwrap_or_default();
    assert!(hash.contains(&format!("&t={len}")), "{hash}");
}

#[test]
fn pause_step_seek_and_restart_move_the_position_a_link_holds() {
    let mut p = page("");
    let len = p.timeline.len();
    p.update(Msg::Play, 0.0);
    p.update(Msg::Frame(0.0), 0.0);
    let mut ts = 0.0;
    while p.clock.t < 2.5 {
        ts += 100.0;
        p.update(Msg::Frame(ts), ts);
    }
    assert_eq!(p.state.t, None, "playing: the position is not written");
    let fx = p.update(Msg::Play, ts);
    assert!(!fx.frame && fx.changed == Changed::Position);
    assert_eq!(p.state.t, Some(2), "Pause rests on the step in motion");
    assert!(fx.hash_in.is_some());
    p.update(Msg::Step(1), ts);
    assert_eq!(p.state.t, Some(3));
    p.update(Msg::Step(-1), ts);
    p.update(Msg::Step(-1), ts);
    assert_eq!(p.state.t, Some(1));
    p.update(Msg::Seek(1e9), ts);
    assert_eq!(p.state.t, Some(len), "the slider stops at the end");
    p.update(Msg::Restart, ts);
    assert_eq!(p.state.t, Some(0));
    // A frame while paused changes nothing.
    assert_eq!(p.update(Msg::Frame(ts + 16.0), ts), Effects::default());
}

#[test]
fn hash_writes_are_spaced_and_a_burst_makes_one_trailing_write() {
    let mut p = page("");
    let fx = p.update(Msg::Input("x".into(), 1.0), 1000.0);
    assert_eq!(fx.hash_in, Some(HASH_DELAY_MS), "the first write waits for the edit's frame");
    for k in 1..20 {
        let now = 1000.0 + f64::from(k);
        assert_eq!(
            p.update(Msg::Input("x".into(), f64::from(k)), now).hash_in,
            None,
            "one write is on its way"
        );
    }
    let hash = write_due(&mut p, 1020.0).unwrap_or_default();
    assert!(hash.contains("x:19"), "the write holds the last edit: {hash}");
    let fx = p.update(Msg::Input("x".into(), 2.0), 1030.0);
    assert_eq!(
        fx.hash_in,
        Some(1020.0 + HASH_SPACING_MS - 1030.0),
        "{HASH_SPACING_MS} ms after the last write"
    );
    // The address bar changed meanwhile (a pasted link, Back): the write leaves it alone.
    let fx = p.update(Msg::HashDue { current: "#ex=max".into() }, 1140.0);
    assert_eq!(fx.write_hash, None);
    // Writing the hash the address bar already shows is no write.
    p.update(Msg::Select(None), 2000.0);
    let current = p.hash_text();
    p.hash.seen.clone_from(&current);
    assert_eq!(p.update(Msg::HashDue { current }, 2100.0).write_hash, None);
}

#[test]
fn undo_joins_a_burst_of_one_kind_and_keeps_other_edits_apart() {
    let mut p = page("");
    let first = p.state.program.clone();
    let fx = p.update(Msg::Program(format!("{first}\n")), 0.0);
    assert!(fx.undo && p.history.can_undo());
    p.update(Msg::Program(format!("{first}\ng")), 400.0);
    p.update(Msg::Program(format!("{first}\ng = f")), 900.0);
    // A burst runs from the last edit: this one is 1100 ms after the one before.
    p.update(Msg::Program(format!("{first}\ng = f * 2")), 2000.0);
    p.update(Msg::Input("x".into(), 3.0), 2010.0);
    p.update(Msg::Input("x".into(), 4.0), 2020.0);
    p.update(Msg::Expand, 2030.0);
    p.update(Msg::Expand, 2040.0);
    p.update(Msg::Undo, 2100.0);
    assert!(p.state.expanded, "each expansion is a step of its own");
    p.update(Msg::Undo, 2150.0);
    assert!(!p.state.expanded);
    assert_eq!(p.state.value_of("x"), Some(4.0));
    p.update(Msg::Undo, 2200.0);
    assert_eq!(p.state.value_of("x"), None, "both value edits were one step");
    assert_eq!(p.state.program, format!("{first}\ng = f * 2"));
    p.update(Msg::Undo, 2300.0);
    assert_eq!(p.state.program, format!("{first}\ng = f"), "keystrokes under a second apart were one step");
    let fx = p.update(Msg::Undo, 2400.0);
    assert_eq!(p.state.program, first);
    assert!(matches!(fx.changed, Changed::State { .. }) && !p.history.can_undo());
    p.update(Msg::Redo, 2500.0);
    assert_eq!(p.state.program, format!("{first}\ng = f"));
    // A program that does not parse is no step: the error shows, the circuit stays.
    let fx = p.update(Msg::Program("f = (".into()), 9000.0);
    assert!(fx.error.is_some() && !fx.undo);
    assert_eq!(p.state.program, format!("{first}\ng = f"));
}

#[test]
fn the_keyboard_drives_the_animation_and_the_selection() {
    let mut p = page("");
    let fx = p.update(key(" ", Focus::Other), 0.0);
    assert!(fx.key == Keyed::Handled && p.clock.playing);
    assert_eq!(p.clock.t, 1.0, "Play starts with the inputs shown");
    assert_eq!(p.update(key(" ", Focus::Field), 0.0).key, Keyed::Not, "a field keeps Space");
    assert!(p.clock.playing);
    p.update(key("ArrowRight", Focus::Canvas), 0.0);
    assert_eq!(p.state.t, Some(2), "Right steps (and pauses) on the canvas too");
    assert!(!p.clock.playing);
    let fx = p.update(key("ArrowDown", Focus::Canvas), 0.0);
    let gates = p.model.gates();
    assert_eq!(p.state.selected, Some(gates[0].0));
    assert!(matches!(&fx.changed, Changed::Selection(said) if !said.is_empty()));
    p.update(key("ArrowUp", Focus::Canvas), 0.0);
    assert_eq!(p.state.selected, gates.last().map(|g| g.0), "Up from the first wraps to the last");
    p.update(key("Enter", Focus::Canvas), 0.0);
    assert_eq!(p.state.selected, gates.last().map(|g| g.0), "Enter keeps the selection");
    p.update(key("Escape", Focus::Canvas), 0.0);
    assert_eq!(p.state.selected, None);
    assert_eq!(p.update(key("+", Focus::Canvas), 0.0).key, Keyed::Zoom(1.25));
    assert_eq!(p.update(key("Enter", Focus::CodeLine), 0.0).key, Keyed::CodeLine);
    // Ctrl+Z undoes outside text fields.
    p.update(Msg::Input("x".into(), 9.0), 0.0);
    let undo = Msg::Key(Press { key: "z".into(), ctrl: true, alt: false, shift: false, focus: Focus::Other });
    p.update(undo, 10.0);
    assert_eq!(p.state.value_of("x"), None);
    // In quiz mode the animation keys would show the answers.
    let mut quiz = page("#ex=fxyz&quiz=1");
    assert_eq!(quiz.update(key(" ", Focus::Other), 0.0).key, Keyed::Not);
    assert!(!quiz.clock.playing);
}

#[test]
fn the_example_menu_keeps_the_settings_and_a_locked_link_its_program() {
    let mut p = page("#ex=fxyz&fork=1");
    p.update(Msg::H(2), 0.0);
    p.update(Msg::Program("x = 1\nf = x * x".into()), 0.0);
    assert_eq!(p.state.menu_example(), "", "an edited program is the student's own");
    let fx = p.update(Msg::Example("max".into()), 0.0);
    assert_eq!(fx.changed, Changed::State { fit: true });
    assert_eq!(p.state.program, known_example("max").program);
    assert_eq!(p.state.menu_example(), "max");
    assert!(p.state.class.fork && p.state.h_index == 2, "the link's settings and h stay");
    assert_eq!(p.update(Msg::Example("nonsense".into()), 0.0), Effects::default());
    let mut locked = page("#ex=max&lock=1");
    assert_eq!(locked.update(Msg::Example("fxyz".into()), 0.0), Effects::default());
    assert_eq!(locked.state.program, known_example("max").program);
}

#[test]
fn a_link_with_a_position_and_a_gate_opens_paused_there_with_it_selected() {
    let mut p = page("");
    let gate = p.model.gates()[1];
    p.update(Msg::Step(1), 0.0);
    p.update(Msg::Step(1), 0.0);
    p.update(Msg::Select(Some(gate)), 0.0);
    let hash = write_due(&mut p, 100.0).unwrap_or_default();
    assert!(hash.ends_with(&format!("&t=2&sel={}", gate.0)), "{hash}");

    let opened = page(&hash);
    assert_eq!(opened.link_error, None);
    assert_eq!(opened.clock.rest(), Some(2), "paused at step 2");
    assert_eq!(opened.state.selected, Some(gate.0));
    assert_eq!(opened.model.graph.name(gate), p.model.graph.name(gate), "the same gate");
    assert_eq!(opened.hash_text(), hash, "the link round-trips");

    // The same as a hash change on an open page.
    let mut open = page("#ex=max");
    let fx = open.update(Msg::HashChanged(hash.clone()), 0.0);
    assert!(matches!(fx.changed, Changed::State { .. }));
    assert_eq!((open.clock.rest(), open.state.selected), (Some(2), Some(gate.0)));
    // Its own hash coming back is no change.
    assert_eq!(open.update(Msg::HashChanged(hash), 0.0), Effects::default());
}

#[test]
fn a_link_in_the_format_before_positions_opens_as_it_did() {
    // A link the page wrote before `t=` and `sel=` existed.
    let old = "#ex=fxyz&p=x%20%3D%20-2%0Ay%20%3D%205%0Az%20%3D%20-4%0Aq%20%3D%20x%20%2B%20y%0Af%20%3D%20q%20%2A%20z&v=x:1,y:5";
    let p = page(old);
    assert_eq!(p.link_error, None);
    assert_eq!(p.clock, Clock::default(), "the full state, before a run");
    assert_eq!((p.state.t, p.state.selected), (None, None));
    assert_eq!(p.model.output_value(), -24.0);
    assert_eq!(p.hash_text(), old.replace("x:1,y:5", "x:1,y:5,z:-4"), "and writes the same back");
}

#[test]
fn a_position_or_gate_the_circuit_does_not_have_is_dropped() {
    let p = page("#ex=fxyz&t=999&sel=0");
    assert_eq!(p.clock.rest(), Some(p.timeline.len()), "a position past the end is the end");
    assert!(p.hash_text().ends_with(&format!("&t={}", p.timeline.len())), "and the link says so");
    assert_eq!(p.state.selected, None, "node 0 is an input, not a gate");
    let p = page("#ex=fxyz&t=-1&sel=1.5");
    assert_eq!(p.link_error, None, "a bad position is left out, the circuit opens");
    assert_eq!((p.clock.rest(), p.state.selected), (None, None));
    let p = page("#ex=fxyz&sel=4000000000");
    assert_eq!(p.state.selected, None);
}

#[test]
fn a_new_circuit_resets_the_position_and_keeps_a_gate_that_is_still_there() {
    let mut p = page("#ex=fxyz&t=3&sel=3");
    assert_eq!((p.clock.rest(), p.state.selected), (Some(3), Some(3)));
    p.update(Msg::Input("x".into(), 7.0), 0.0);
    assert_eq!(p.clock.rest(), Some(3), "new numbers keep the position");
    let fx = p.update(Msg::Program(format!("{}\ng = f * 2", p.state.program)), 0.0);
    assert!(fx.changed.new_model().is_some());
    assert_eq!((p.clock.rest(), p.state.t), (None, None), "a new circuit shows its full state");
    assert_eq!(p.state.selected, Some(3), "node 3 is still the same gate");
    p.update(Msg::Example("apple".into()), 0.0);
    assert_eq!(p.state.selected, None);
}

#[test]
fn a_gradient_step_moves_the_inputs_and_says_what_happened() {
    let mut p = page("");
    let before = p.model.output_value();
    let fx = p.update(Msg::GradientStep("0.01".into(), Direction::Descend), 0.0);
    assert!(p.model.output_value() < before && fx.step_result.is_some() && fx.undo);
    let fx = p.update(Msg::GradientStep("-1".into(), Direction::Descend), 0.0);
    assert_eq!(fx.step_result.as_deref(), Some(t!("Step size η must be a number ≥ 0.")));
    assert_eq!(fx.changed, Changed::Nothing);
}

#[test]
fn quiz_mode_rests_the_animation_at_the_full_state_and_goes_into_the_link() {
    let mut p = page("#ex=fxyz&t=3");
    assert_eq!(p.state.t, Some(3));
    let fx = p.update(Msg::Quiz, 0.0);
    assert!(p.state.class.quiz);
    assert_eq!(fx.changed, Changed::Quiz);
    assert_eq!((p.state.t, p.clock.started), (None, false), "the animation would show the answers");
    assert!(fx.hash_in.is_some(), "quiz mode is in the link");
    let hash = write_due(&mut p, 1e6).unwrap_or_default();
    assert!(hash.contains("&quiz=1") && !hash.contains("&t="), "{hash}");
    // A link in quiz mode opens at the full state, whatever position it names.
    let opened = page("#ex=fxyz&t=3&quiz=1");
    assert_eq!((opened.state.t, opened.clock.started), (None, false));
    // New numbers start the quiz again, at the full state; Step (the timeline's button)
    // moves nothing the student can see of the answers either.
    p.update(Msg::Input("x".into(), 5.0), 2e6);
    assert_eq!(p.state.t, None);
    assert!(write_due(&mut p, 2.5e6).unwrap_or_default().contains("&quiz=1"));
    // Out of quiz mode: the link says so, the animation is the student's again.
    let fx = p.update(Msg::Quiz, 3e6);
    assert!(!p.state.class.quiz && fx.changed == Changed::Quiz && fx.hash_in.is_some());
    assert!(!write_due(&mut p, 4e6).unwrap_or_default().contains("quiz"));
    p.update(key(" ", Focus::Other), 5e6);
    assert!(p.clock.playing);
    // The mode is a classroom setting: Undo leaves it alone, and it is no undo step.
    assert!(!p.update(Msg::Quiz, 6e6).undo);
    p.update(Msg::Undo, 6e6);
    assert!(p.state.class.quiz, "Undo undid the value edit, not the mode");
    assert_eq!(p.state.value_of("x"), None);
}

#[test]
fn the_code_panel_opens_in_the_staged_style_switches_style_and_closes() {
    let mut p = page("");
    assert_eq!(p.state.class.code, None);
    let fx = p.update(Msg::Code, 0.0);
    assert_eq!((p.state.class.code, fx.changed), (Some(Style::Staged), Changed::Code));
    assert!(fx.hash_in.is_some() && !fx.undo);
    let fx = p.update(Msg::CodeStyle(Style::Layers), 1e6);
    assert_eq!((p.state.class.code, fx.changed), (Some(Style::Layers), Changed::Code));
    assert!(write_due(&mut p, 2e6).unwrap_or_default().contains("&code=layers"));
    // The style the menu shows stays through a new circuit.
    p.update(Msg::Example("max".into()), 3e6);
    assert_eq!(p.state.class.code, Some(Style::Layers));
    p.update(Msg::Code, 4e6);
    assert_eq!(p.state.class.code, None);
    assert!(!write_due(&mut p, 5e6).unwrap_or_default().contains("code="));
    // Choosing a style opens the panel in it.
    p.update(Msg::CodeStyle(Style::Staged), 6e6);
    assert_eq!(p.state.class.code, Some(Style::Staged));
}

#[test]
fn the_fork_toggle_goes_into_the_link_and_survives_undo() {
    let mut p = page("#ex=fxyz");
    let fx = p.update(Msg::Fork, 0.0);
    assert!(p.state.class.fork && fx.changed == Changed::Fork && fx.hash_in.is_some() && !fx.undo);
    assert!(write_due(&mut p, 1e6).unwrap_or_default().contains("&fork=1"));
    p.update(Msg::Input("x".into(), 2.0), 2e6);
    p.update(Msg::Undo, 3e6);
    assert!(p.state.class.fork);
    p.update(Msg::Fork, 4e6);
    assert!(!p.state.class.fork);
    assert!(!write_due(&mut p, 5e6).unwrap_or_default().contains("fork"));
}

#[test]
fn a_training_step_moves_the_inputs_and_is_not_an_undo_step() {
    let mut p = page(&["#ex=", crate::state::LEARNING_PRESET].concat());
    let before = p.model.output_value();
    let fx = p.update(Msg::Trained(vec![("w0".into(), 1.5), ("w1".into(), -0.5), ("b".into(), 0.25)]), 0.0);
    assert_eq!(fx.changed, Changed::Numbers);
    assert!(!fx.undo && !p.history.can_undo(), "training is not an edit of the student's");
    assert_eq!(p.state.value_of("w0"), Some(1.5));
    assert_eq!(p.state.value_of("b"), Some(0.25));
    assert_ne!(p.model.output_value(), before, "the circuit follows the new weights");
    assert!(fx.hash_in.is_some(), "the link holds the new weights");
    assert!(write_due(&mut p, 1e6).unwrap_or_default().contains("w1:-0.5"));
}

/// The quiz the Quiz's piece makes for the page's numbers now.
fn quiz_of(p: &Page) -> Msg {
    Msg::QuizIs(Box::new(Quiz::new(&p.model.graph, &p.model.steps)))
}

#[test]
fn the_quiz_hides_the_gradients_and_a_right_answer_shows_one_and_asks_the_next() {
    let mut p = page("#ex=fxyz");
    assert!(p.frame(false).grads.iter().any(Option::is_some), "out of quiz mode the gradients show");
    p.update(Msg::Quiz, 0.0);
    // Before the Quiz's piece made the quiz: every value, no gradient, nothing asked.
    let frame = p.frame(false);
    assert!(frame.grads.iter().all(Option::is_none) && frame.asked.is_none());
    assert!(frame.values.iter().all(|shown| *shown), "the values show");
    assert_eq!(p.update(quiz_of(&p), 0.0).changed, Changed::Picture);
    let quiz = p.quiz.clone().expect("the quiz");
    let first = quiz.current().expect("a blank").clone();
    let frame = p.frame(false);
    assert!(frame.grads.iter().all(Option::is_none));
    assert_eq!(frame.asked, Some(first.node), "the \"?\" is on the asked wire");
    // The piece checks a right answer and hands the quiz back: that gradient shows, the
    // next is asked.
    let mut answered = quiz;
    answered.answer(&autodiff::format::exact(first.answer));
    p.update(Msg::QuizIs(Box::new(answered)), 0.0);
    let frame = p.frame(false);
    assert_eq!(frame.grads[first.node.index()].map(|g| g.sum), Some(first.answer));
    assert_eq!(frame.grads.iter().filter(|g| g.is_some()).count(), 1);
    assert!(frame.asked.is_some() && frame.asked != Some(first.node));
    // New numbers: the quiz starts again (the web layer asks the piece for a new one).
    p.update(Msg::Input("x".into(), 4.0), 1e6);
    assert!(p.quiz.is_none() && p.frame(false).grads.iter().all(Option::is_none));
    // Out of quiz mode the quiz goes, and one the piece makes late is no one's.
    p.update(quiz_of(&p), 2e6);
    p.update(Msg::Quiz, 3e6);
    assert!(p.quiz.is_none());
    assert_eq!(p.update(quiz_of(&p), 4e6), Effects::default());
    assert!(p.quiz.is_none() && p.frame(false).grads.iter().any(Option::is_some));
}

#[test]
fn training_runs_only_on_the_learning_preset_and_stops_when_it_is_left() {
    let mut other = page("#ex=fxyz");
    assert_eq!(other.update(Msg::Train, 0.0), Effects::default(), "no trainer on another circuit");
    assert!(!other.training);
    let mut p = page(&["#ex=", crate::state::LEARNING_PRESET].concat());
    let fx = p.update(Msg::Train, 0.0);
    assert!(p.training && fx.changed == Changed::Training);
    assert!(!fx.undo && fx.hash_in.is_none(), "running is neither an edit nor in the link");
    assert_eq!(p.update(Msg::Train, 0.0).changed, Changed::Training);
    assert!(!p.training, "Train again pauses");
    // Reset pauses.
    p.update(Msg::Train, 0.0);
    assert_eq!(p.update(Msg::TrainReset, 0.0).changed, Changed::Training);
    assert!(!p.training);
    assert_eq!(p.update(Msg::TrainReset, 0.0), Effects::default());
    // A training point's circuit is still the preset's: it keeps running.
    p.update(Msg::Train, 0.0);
    p.update(Msg::Program(format!("{}\n", p.state.program)), 1e6);
    assert!(p.training);
    // Another example stops it.
    p.update(Msg::Example("max".into()), 2e6);
    assert!(!p.training);
}
