//! The Lesson mode, natively: the real page state machine walked through every step with
//! the messages the page's controls send, and the real engine checking each task.

use super::*;
use crate::machine::Page;
use crate::msg::{Effects, Msg};
use crate::state::percent_decode;
use lessons::lesson::{Act, EN, SOLUTIONS};

fn page(hash: &str) -> Page {
    Page::new(hash, autodiff::format::exact, percent_decode)
}

/// A page with the Lesson open and its English words in.
fn open(hash: &str) -> Page {
    let mut p = page(hash);
    if p.state.lesson.is_none() {
        let fx = p.update(Msg::Lesson, 0.0);
        assert!(fx.fetch_words && fx.lesson, "{fx:?}");
    }
    p.update(Msg::LessonWords(Some(EN.to_string())), 0.0);
    p
}

/// The message a student's action sends, and the effects of the last one.
fn act(p: &mut Page, act: Act, now: f64) -> Effects {
    let msg = match act {
        Act::Set(name, v) => Msg::Input(name.to_string(), v),
        Act::H(h) => Msg::H(H_CHOICES.iter().position(|&c| c == h).expect("an h of the menu")),
        Act::PlayToEnd => {
            p.update(Msg::Play, now);
            let mut last = Effects::default();
            let mut ts = now;
            while p.clock.playing {
                ts += 16.0;
                last = p.update(Msg::Frame(ts), ts);
            }
            return last;
        }
        Act::Answer(text) => Msg::LessonAnswer(text.to_string()),
        Act::Collapse => Msg::Expand,
        Act::Select(name) => {
            let id = p.model.graph.named().iter().find(|(n, _)| n == name).map(|&(_, id)| id);
            Msg::Select(Some(id.expect("a named gate")))
        }
    };
    p.update(msg, now)
}

#[test]
fn a_student_walks_the_whole_lesson_and_each_task_is_checked() {
    let mut p = open("");
    let words = lessons::lesson::Words::parse(EN).expect("en.txt");
    for (i, solution) in SOLUTIONS.iter().enumerate() {
        let view = p.lesson_view().expect("the Lesson is open");
        assert_eq!(view.progress, format!("Step {} of {}", i + 1, STEPS.len()));
        assert_eq!(view.title, words.of(&STEPS[i], "title"));
        assert_eq!((view.back, view.next), (i > 0, i + 1 < STEPS.len()));
        assert_eq!(p.state.program, STEPS[i].program, "step {} is set up", i + 1);
        assert_eq!(p.lesson_said, "", "step {} starts with nothing said", i + 1);
        let mut said = None;
        for (k, &a) in solution.iter().enumerate() {
            let fx = act(&mut p, a, 10_000.0 * (i * 10 + k) as f64);
            said = fx.lesson_said.or(said);
        }
        let said = said.unwrap_or_default();
        assert!(said.starts_with("Done") || said.starts_with("Right"), "step {}: {said:?}", i + 1);
        assert!(p.lesson.is_done());
        assert!(p.lesson_view().expect("open").progress.ends_with(", done"));
        let fx = p.update(Msg::LessonStep(1), 1e9);
        if i + 1 < STEPS.len() {
            assert!(fx.lesson && fx.all && fx.progress.is_some(), "Next sets up the next step");
        } else {
            assert!(!fx.lesson, "Next on the last step leads nowhere");
        }
    }
    assert!(p.lesson.done().iter().all(|&d| d));
    assert_eq!(p.lesson.progress(), format!("{}:{}", STEPS.len(), "1".repeat(STEPS.len())));
}

#[test]
fn next_is_always_available_and_back_returns_to_a_fresh_step() {
    let mut p = open("");
    p.update(Msg::LessonStep(-1), 0.0);
    assert_eq!(p.state.lesson, Some(0), "nothing before the first step");
    p.update(Msg::Input("x".into(), 7.0), 0.0);
    p.update(Msg::LessonStep(1), 0.0);
    assert_eq!(p.state.lesson, Some(1), "an unfinished step can be skipped");
    assert!(!p.lesson.done()[0]);
    p.update(Msg::LessonStep(-1), 0.0);
    assert_eq!(p.model.base.value(p.model.base.input_named("x").expect("x")), 3.0, "set up afresh");
    assert!(!p.history.can_undo(), "Undo does not cross into another step");
}

#[test]
fn the_link_holds_the_step_and_a_teacher_can_send_step_5() {
    let mut p = open("");
    for _ in 0..4 {
        p.update(Msg::LessonStep(1), 0.0);
    }
    assert!(p.hash_text().contains("&lesson=5"), "{}", p.hash_text());
    let q = open("#lesson=5");
    assert_eq!(q.state.lesson, Some(4));
    assert_eq!(q.state.program, STEPS[4].program);
    assert_eq!(q.lesson_view().expect("open").progress, format!("Step 5 of {}", STEPS.len()));
    // Step 6 starts before the forward pass, from a link too.
    let q = open("#lesson=6");
    assert_eq!(q.state.t, Some(0));
    // The σ step's link draws σ expanded, though the link did not say e=1.
    let sigma = STEPS.iter().position(|s| s.id == "sigma").expect("a σ step");
    let q = open(&format!("#lesson={}", sigma + 1));
    assert!(q.state.expanded && q.model.graph.len() > q.model.base.len());
    // Past the end is the last step; junk is no lesson.
    assert_eq!(open("#lesson=99").state.lesson, Some(STEPS.len() - 1));
    assert_eq!(page("#lesson=0").state.lesson, None);
    assert_eq!(page("#lesson=x").state.lesson, None);
}

#[test]
fn a_reload_in_the_middle_of_a_step_keeps_the_students_values() {
    let mut p = open("#lesson=9");
    p.update(Msg::Input("x".into(), -2.5), 0.0);
    let q = open(&p.hash_text());
    assert_eq!(q.state.lesson, Some(8));
    assert_eq!(q.model.base.value(q.model.base.input_named("x").expect("x")), -2.5);
}

#[test]
fn a_locked_embedded_link_still_walks_the_lesson() {
    let mut p = open("#lock=1&embed=1&lesson=1");
    assert!(p.state.class.lock && p.state.class.embed);
    p.update(Msg::LessonStep(1), 0.0);
    assert_eq!(p.state.program, STEPS[1].program, "the lesson sets its own programs");
    assert!(p.state.class.lock && p.state.class.embed, "the teacher's settings stay");
    // The student still cannot change the program or the example.
    p.update(Msg::Example("apple".into()), 0.0);
    assert_eq!(p.state.program, STEPS[1].program);
    let hash = p.hash_text();
    assert!(hash.contains("lock=1") && hash.contains("embed=1") && hash.contains("lesson=2"), "{hash}");
}

#[test]
fn the_status_says_what_is_wrong_and_stays_done_once_done() {
    let mut p = open("#lesson=9"); // change only x and y so that f increases
    let fx = p.update(Msg::Input("z".into(), -5.0), 0.0);
    assert_eq!(fx.lesson_said.as_deref(), Some("z moved: this step asks you to change only x, y."));
    p.update(Msg::Input("z".into(), -4.0), 5_000.0);
    let fx = p.update(Msg::Input("x".into(), -3.0), 10_000.0);
    assert_eq!(fx.lesson_said.as_deref(), Some("Done: f went from -12 up to -8."));
    assert!(fx.progress.is_some(), "a step done is progress kept");
    let fx = p.update(Msg::Input("z".into(), 1.0), 20_000.0);
    assert_eq!(fx.lesson_said, None, "the done message stays");
    assert_eq!(p.lesson_said, "Done: f went from -12 up to -8.");
}

#[test]
fn progress_from_the_last_visit_opens_where_the_student_left() {
    let mut p = page("");
    p.keep_progress("3:1100000000000");
    let fx = p.update(Msg::Lesson, 0.0);
    assert!(fx.progress.is_some());
    p.update(Msg::LessonWords(Some(EN.to_string())), 0.0);
    assert_eq!(p.state.lesson, Some(2));
    p.update(Msg::LessonStep(-1), 0.0);
    assert!(p.lesson_view().expect("open").progress.ends_with(", done"));
    // A link's step wins over the kept one, and the steps done are kept.
    let mut p = page("#lesson=7");
    p.keep_progress("3:1100000000000");
    assert_eq!((p.lesson.index(), p.lesson.done()[1]), (6, true));
    // Junk kept by someone else is no progress.
    let mut p = page("");
    p.keep_progress("<script>");
    assert_eq!(p.lesson.index(), 0);
}

#[test]
fn closing_the_lesson_keeps_the_circuit_and_leaves_the_link() {
    let mut p = open("#lesson=4");
    let program = p.state.program.clone();
    let fx = p.update(Msg::Lesson, 0.0);
    assert!(fx.lesson && fx.hash_in.is_some(), "{fx:?}");
    assert_eq!((p.state.lesson, p.lesson_view(), p.lesson_spot()), (None, None, None));
    assert_eq!(p.state.program, program);
    assert!(!p.hash_text().contains("lesson="));
    // Opening again returns to the step it was left at.
    p.update(Msg::Lesson, 0.0);
    assert_eq!(p.state.lesson, Some(3));
}

#[test]
fn words_that_cannot_be_fetched_close_the_lesson_with_a_message() {
    let mut p = page("");
    p.update(Msg::Lesson, 0.0);
    let fx = p.update(Msg::LessonWords(None), 0.0);
    assert_eq!(p.state.lesson, None);
    assert!(fx.error.is_some_and(|e| e.contains("could not be loaded")));
    // Once the words are in, they are not fetched again.
    let mut p = open("");
    p.update(Msg::Lesson, 0.0);
    assert!(!p.update(Msg::Lesson, 0.0).fetch_words);
}

#[test]
fn each_step_points_at_a_panel_and_highlights_a_node_of_the_drawn_circuit() {
    let mut p = open("");
    for (i, step) in STEPS.iter().enumerate() {
        assert_eq!(p.lesson_panel(), Some(step.panel.name()));
        let spot = p.lesson_spot().unwrap_or_else(|| panic!("step {} highlights nothing", i + 1));
        assert!(spot.index() < p.model.graph.len());
        p.update(Msg::LessonStep(1), 0.0);
    }
}
