//! The Lesson's state machine walked natively: a page that applies the Tutor's set-ups as the
//! real page does (program, σ gates, position; values and selection cleared), the student's
//! actions of `SOLUTIONS`, and the real engine checking each step.

use super::*;
use crate::lesson::{Act, EN, SOLUTIONS};
use circuit::Timeline;

/// The page as far as the Lesson reads it.
struct FakePage {
    program: String,
    values: Vec<(String, f64)>,
    expanded: bool,
    h: f64,
    selected: Option<u32>,
    position: Option<usize>,
}

impl FakePage {
    fn new() -> FakePage {
        let program = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z".to_string();
        FakePage { program, values: Vec::new(), expanded: false, h: 1e-5, selected: None, position: None }
    }

    /// Applies a set-up, as the page does (crates/playground's machine tests check that):
    /// its program at its own values.
    fn open(&mut self, s: SetUp) {
        self.program = s.program.to_string();
        self.values.clear();
        self.expanded = s.expanded;
        self.position = s.at_start.then_some(0);
        self.selected = s.select;
        self.h = crate::lesson::H_START;
    }

    fn drawn(&self) -> Graph {
        let mut g = autodiff::compile(&self.program).expect("the page's program");
        for (n, v) in &self.values {
            let _ = g.set_input(n, *v);
        }
        g.recompute();
        let mut d = if self.expanded { g.expanded(|id| g.op(id) == Op::Sigmoid).graph } else { g };
        d.recompute();
        d
    }

    fn end(&self) -> usize {
        let mut d = self.drawn();
        let steps = d.trace();
        Timeline::new(&d, &steps).len()
    }

    fn act(&mut self, tutor: &mut Tutor, act: Act) {
        match act {
            Act::Set(name, v) => match self.values.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = v,
                None => self.values.push((name.to_string(), v)),
            },
            Act::H(h) => self.h = h,
            Act::PlayToEnd => self.position = Some(self.end()),
            Act::Answer(text) => tutor.answer(text),
            Act::Collapse => {
                self.expanded = false;
                self.selected = None;
            }
            Act::Select(name) => {
                self.selected = crate::lesson::named(&self.drawn(), name).map(|id| id.0);
            }
        }
    }

    fn seen(&self, tutor: &mut Tutor) -> Reply {
        let end = self.end();
        let view = PageView {
            program: &self.program,
            values: &self.values,
            expanded: self.expanded,
            h: self.h,
            selected: self.selected,
            position: self.position,
            end,
        };
        tutor.seen(&view)
    }
}

fn tutor(kept: Option<&str>) -> Tutor {
    Tutor::new(Words::parse(EN).expect("en.txt"), kept)
}

#[test]
fn a_student_walks_the_whole_lesson_and_each_task_is_checked() {
    let (mut t, mut page) = (tutor(None), FakePage::new());
    let mut setup = t.open(None, &page.program, None).expect("the first step is set up");
    for (i, solution) in SOLUTIONS.iter().enumerate() {
        page.open(setup);
        let view = t.view();
        assert_eq!(view.progress, format!("Step {} of {}", i + 1, STEPS.len()));
        assert_eq!((view.back, view.next), (i > 0, i + 1 < STEPS.len()));
        assert_eq!(page.seen(&mut t), Reply::default(), "step {} starts with nothing to say", i + 1);
        let mut said = None;
        let mut progress = None;
        for &a in *solution {
            page.act(&mut t, a);
            let reply = page.seen(&mut t);
            said = reply.said.or(said);
            progress = reply.progress.or(progress);
        }
        let said = said.unwrap_or_default();
        assert!(said.starts_with("Done") || said.starts_with("Right"), "step {}: {said:?}", i + 1);
        assert!(!said.contains('{'), "{said}");
        assert!(progress.is_some() && t.view().progress.ends_with(", done"));
        match t.go(1) {
            Some(next) => setup = next,
            None => assert_eq!(i + 1, STEPS.len(), "Next leads on until the last step"),
        }
    }
    assert_eq!(t.lesson().progress(), format!("{}:{}", STEPS.len(), "1".repeat(STEPS.len())));
}

#[test]
fn the_status_says_what_is_wrong_and_stays_done_once_done() {
    let (mut t, mut page) = (tutor(None), FakePage::new());
    // The page holds step 9 (f = (x + y) z, its highlight): the link's step opens on it as it is.
    assert_eq!(t.open(Some(8), &page.program, Some(STEPS[8].spot)), None);
    page.act(&mut t, Act::Set("z", -5.0));
    assert_eq!(page.seen(&mut t).said.as_deref(), Some("z moved: this step asks you to change only x, y."));
    page.act(&mut t, Act::Set("z", -4.0));
    assert_eq!(page.seen(&mut t).said.as_deref(), Some(""), "back to the task");
    page.act(&mut t, Act::Set("x", -3.0));
    assert_eq!(page.seen(&mut t).said.as_deref(), Some("Done: f went from -12 up to -8."));
    page.act(&mut t, Act::Set("z", 1.0));
    assert_eq!(page.seen(&mut t), Reply::default(), "the done message stays");
    assert_eq!(t.said(), "Done: f went from -12 up to -8.");
    // Another program on the page is not the step's.
    page.program = "x = 1\nf = x".into();
    t.go(1).expect("step 10");
    assert!(page.seen(&mut t).said.is_some_and(|s| s.starts_with("The program is not this step's")));
}

#[test]
fn a_link_opens_its_step_and_a_reload_keeps_the_students_values() {
    let mut t = tutor(None);
    let s = t.open(Some(4), "x = 1", None).expect("another program: step 5 is set up");
    assert_eq!((s.step, s.program), (4, STEPS[4].program));
    // A teacher's `#lesson=5` on the default example, which is step 5's program: no step's
    // highlight yet, so the step is set up (its selection, its position).
    let mut t = tutor(None);
    assert_eq!(t.open(Some(4), STEPS[4].program, None).map(|s| s.step), Some(4));
    // The page holds step 5 already (a reload): its values are the student's.
    let mut t = tutor(None);
    assert_eq!(t.open(Some(4), STEPS[4].program, Some(STEPS[4].spot)), None);
    assert_eq!(t.view().progress, format!("Step 5 of {}", STEPS.len()));
    // Past the end is the last step.
    let mut t = tutor(None);
    assert_eq!(t.open(Some(99), "", None).map(|s| s.step), Some(STEPS.len() - 1));
}

#[test]
fn progress_from_the_last_visit_opens_where_the_student_left() {
    let mut t = tutor(Some("3:1100000000000"));
    assert_eq!(t.open(None, "", None).map(|s| s.step), Some(2));
    t.go(-1);
    assert!(t.view().progress.ends_with(", done"));
    // A link's step wins over the kept one, and the steps done are kept.
    let mut t = tutor(Some("3:1100000000000"));
    t.open(Some(6), "", None);
    assert_eq!((t.lesson().index(), t.lesson().done()[1]), (6, true));
    // Junk kept by someone else is no progress.
    let mut t = tutor(Some("<script>"));
    assert_eq!(t.open(None, "", None).map(|s| s.step), Some(0));
}

#[test]
fn back_and_next_stop_at_the_ends() {
    let mut t = tutor(None);
    t.open(None, "", None);
    assert_eq!(t.go(-1), None);
    for _ in 1..STEPS.len() {
        assert!(t.go(1).is_some());
    }
    assert_eq!(t.go(1), None);
    assert!(!t.view().next && t.view().back);
}

#[test]
fn a_set_up_selects_the_gate_its_panel_explains_but_not_an_answer() {
    // The σ step draws four gates, its 1/x gate selected (the last node of the expanded graph).
    let sigma = SetUp::of(10);
    assert!(sigma.expanded);
    let g = autodiff::compile(STEPS[10].program).expect("compiles");
    let four = g.expanded(|id| g.op(id) == Op::Sigmoid).graph;
    assert_eq!(sigma.select, Some(four.len() as u32 - 1));
    assert_eq!(four.op(NodeId(four.len() as u32 - 1)), Op::Recip);
    let local = STEPS.iter().position(|s| s.id == "local").expect("the local step");
    assert_eq!(SetUp::of(local).select, None, "its gate panel would give the answer away");
    assert!(SetUp::of(1).select.is_some(), "the max step opens on its gate");
    assert_eq!(SetUp::of(99).step, STEPS.len() - 1, "past the end is the last step");
}
