//! The Lesson's messages, natively: the real page, the real Tutor and the engine. A step's
//! set-up (`Msg::Lesson`) gives the page the state the step expects, the student's actions
//! of `SOLUTIONS` sent as the page's own messages complete every step, and a link with
//! `lesson=N` opens step N.

use super::*;
use crate::state::percent_decode;
use lessons::lesson::{Act, Reply, Tutor, Words, EN, SOLUTIONS, STEPS};

fn page(hash: &str) -> Page {
    Page::new(hash, autodiff::format::exact, percent_decode)
}

fn tutor() -> Tutor {
    Tutor::new(Words::parse(EN).expect("en.txt"), None)
}

/// What the Lesson's web layer does after the page changed: the Tutor reads the page.
fn seen(p: &Page, t: &mut Tutor) -> Reply {
    let values = p.model.input_values();
    t.seen(&p.lesson_view(&values))
}

/// The page's own next hash write, with the address bar unchanged.
fn write_due(p: &mut Page, now: f64) -> String {
    let current = p.hash.seen.clone();
    p.update(Msg::HashDue { current }, now).write_hash.unwrap_or_default()
}

/// A student's action, as the page's messages (the answer goes to the Lesson's own field).
fn act(p: &mut Page, t: &mut Tutor, a: Act, now: f64) {
    let msg = match a {
        Act::Set(name, v) => Msg::Input(name.into(), v),
        Act::H(h) => Msg::H(h_index_of(Some(h))),
        Act::PlayToEnd => Msg::Seek(p.timeline.len() as f64),
        Act::Answer(text) => return t.answer(text),
        Act::Collapse => Msg::Expand,
        Act::Select(name) => Msg::Select(lessons::lesson::named(&p.model.graph, name)),
    };
    p.update(msg, now);
}

#[test]
fn each_steps_set_up_gives_the_state_the_step_expects_and_keeps_the_teachers_settings() {
    // A locked embed at another h, mid-animation, another example: the step replaces the
    // circuit and keeps the classroom's settings.
    let mut p = page("#ex=max&v=x:9&lock=1&embed=1&h=0.1&t=2&sel=2");
    let mut t = tutor();
    for (k, step) in STEPS.iter().enumerate() {
        let setup = if k == 0 { t.open(None, &p.state.program, None) } else { t.go(1) };
        let setup = setup.unwrap_or_else(|| panic!("step {} has a set-up", k + 1));
        let fx = p.update(Msg::Lesson(Some(setup)), 1e3 * k as f64);
        assert!(fx.changed == Changed::State { fit: true } && fx.hash_in.is_some(), "{fx:?}");
        let s = &p.state;
        assert_eq!(s.program, step.program, "step {}", k + 1);
        assert!(s.values.is_empty(), "step {} starts at its program's values", k + 1);
        assert_eq!(s.expanded, step.expanded);
        assert_eq!(s.t, step.at_start.then_some(0), "step {}: where the animation rests", k + 1);
        assert_eq!(s.selected, setup.select);
        assert_eq!(s.h(), lessons::lesson::H_START);
        assert_eq!((s.lesson, s.highlight.as_deref()), (Some(k), Some(step.spot)));
        assert!(s.class.lock && s.class.embed, "the teacher's settings stay");
        assert!(!p.history.can_undo(), "undo starts again within the step");
        // The Tutor reads the page as the step's start: nothing to say, not done.
        assert_eq!(seen(&p, &mut t), Reply::default(), "step {}", k + 1);
        assert!(!t.lesson().is_done());
        // The link the page writes reopens the step as it is.
        let hash = write_due(&mut p, 1e3 * k as f64 + 500.0);
        assert!(hash.contains(&format!("&lesson={}&hl={}", k + 1, step.spot)), "{hash}");
        let again = page(&hash);
        // (It holds every input's value, which are the program's here.)
        assert_eq!(State { values: Vec::new(), ..again.state }, p.state, "step {}", k + 1);
        assert_eq!(again.model.input_values(), p.model.input_values());
    }
}

#[test]
fn a_student_completes_every_step_through_the_pages_messages() {
    let mut p = page("");
    let mut t = tutor();
    let words = Words::parse(EN).expect("en.txt");
    let mut now = 0.0;
    for (k, step) in STEPS.iter().enumerate() {
        let setup = if k == 0 { t.open(None, &p.state.program, None) } else { t.go(1) };
        p.update(Msg::Lesson(setup), now);
        for &a in SOLUTIONS[k] {
            now += 2e3;
            act(&mut p, &mut t, a, now);
        }
        let reply = seen(&p, &mut t);
        let said = reply.said.unwrap_or_default();
        assert!(t.lesson().is_done(), "step {} ({}) not done: {said}", k + 1, step.id);
        // The step's done sentence, up to its first number.
        let done = words.of(step, "done");
        let head = done.split('{').next().unwrap_or_default();
        assert!(said.starts_with(head), "step {}: {said}", k + 1);
    }
    assert!(t.lesson().done().iter().all(|&d| d));
}

#[test]
fn a_link_with_lesson_n_opens_step_n_and_a_reload_keeps_the_students_values() {
    let mut p = page("#lesson=5");
    assert_eq!(p.state.lesson, Some(4));
    let mut t = tutor();
    // The default example is step 5's program, but no step's highlight: the step is set up.
    let setup = t.open(p.state.lesson, &p.state.program, p.state.highlight.as_deref());
    assert_eq!(setup.map(|s| s.step), Some(4));
    p.update(Msg::Lesson(setup), 0.0);
    assert_eq!(t.view().progress, format!("Step 5 of {}", STEPS.len()));
    assert_eq!(p.state.selected, setup.and_then(|s| s.select));
    assert!(p.state.selected.is_some(), "step 5 points at its gate's panel");
    p.update(Msg::Input("x".into(), 3.0), 10.0);
    let hash = write_due(&mut p, 1e3);
    // A reload: the same step, the student's values.
    let reloaded = page(&hash);
    let mut t = tutor();
    let s = &reloaded.state;
    assert_eq!(t.open(s.lesson, &s.program, s.highlight.as_deref()), None);
    assert_eq!(reloaded.model.input_values()[0], ("x".to_string(), 3.0));
    // Past the last step is the last step; nonsense is no step.
    assert_eq!(page("#lesson=99").state.lesson, Some(98));
    assert_eq!(tutor().open(Some(98), "", None).map(|s| s.step), Some(STEPS.len() - 1));
    assert_eq!(page("#lesson=0").state.lesson, None);
    assert_eq!(page("#lesson=two").state.lesson, None);
}

#[test]
fn closing_the_lesson_keeps_the_circuit_and_drops_the_step_from_the_link() {
    let mut p = page("#lesson=3&lock=1");
    let setup = tutor().open(p.state.lesson, &p.state.program, None);
    p.update(Msg::Lesson(setup), 0.0);
    p.update(Msg::Input("x".into(), 2.5), 10.0);
    assert!(write_due(&mut p, 500.0).contains("&lesson=3&hl="));
    let program = p.state.program.clone();
    let fx = p.update(Msg::Lesson(None), 600.0);
    assert!(
        fx.changed == Changed::Picture && fx.hash_in.is_some(),
        "the highlight goes, and the link follows: {fx:?}"
    );
    assert_eq!((p.state.lesson, p.state.highlight.as_deref()), (None, None));
    assert_eq!((p.state.program.as_str(), p.state.value_of("x")), (program.as_str(), Some(2.5)));
    let hash = write_due(&mut p, 1e3);
    assert!(!hash.contains("lesson=") && !hash.contains("hl=") && hash.contains("lock=1"), "{hash}");
}

#[test]
fn h_is_in_the_link_and_a_pasted_link_brings_its_own() {
    let mut p = page("");
    let fx = p.update(Msg::H(0), 0.0);
    assert!(fx.changed == Changed::Check && fx.hash_in.is_some(), "a new h is written to the link: {fx:?}");
    let hash = write_due(&mut p, 1e3);
    assert!(hash.contains("&h=0.1"), "{hash}");
    assert_eq!(page(&hash).state.h(), 0.1);
    // The link's `inf`, `1e-3` and `0.001` are read by the page's one number reader.
    assert_eq!(page("#h=1e-3").state.h(), 1e-3);
    assert_eq!(page("#v=x:inf&h=0.001").state.value_of("x"), Some(f64::INFINITY));
    assert_eq!(page("#h=0.5").state.h(), 1e-5, "an h the menu does not have is left out");
    p.update(Msg::HashChanged("#ex=max".into()), 2e3);
    assert_eq!(p.state.h(), 1e-5, "a link without h= has the page's first h");
}
