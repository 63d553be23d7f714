use super::*;
use autodiff::Graph;
use autodiff::Op;
use circuit::Timeline;

/// The page as a rule sees it, driven the way a student drives it.
struct Student {
    lesson: Lesson,
    program: &'static str,
    graph: Graph,
    drawn: Graph,
    twin: Graph,
    expanded: bool,
    h: f64,
    selected: Option<&'static str>,
    position: Option<usize>,
}

impl Student {
    /// The page as step `i` sets it up.
    fn at(i: usize) -> Student {
        let lesson = Lesson::new(i);
        let step = lesson.step();
        let mut graph = autodiff::compile(step.program).unwrap_or_else(|e| panic!("{}: {e:?}", step.id));
        graph.recompute();
        let mut s = Student {
            lesson,
            program: step.program,
            drawn: graph.clone(),
            twin: graph.clone(),
            graph,
            expanded: step.expanded,
            h: H_START,
            selected: None,
            position: step.at_start.then_some(0),
        };
        s.redraw();
        s
    }

    /// The drawn graph, as the page's model makes it: σ gates expanded or not.
    fn redraw(&mut self) {
        let g = &self.graph;
        self.twin = g.expanded(|id| g.op(id) == Op::Sigmoid).graph;
        self.twin.recompute();
        self.drawn = if self.expanded { self.twin.clone() } else { g.clone() };
    }

    fn end(&self) -> usize {
        let mut drawn = self.drawn.clone();
        let steps = drawn.trace();
        Timeline::new(&drawn, &steps).len()
    }

    fn act(&mut self, act: Act) {
        match act {
            Act::Set(name, v) => {
                self.graph.set_input(name, v).unwrap_or_else(|e| panic!("{name}: {e:?}"));
                self.graph.recompute();
                self.redraw();
            }
            Act::H(h) => self.h = h,
            Act::PlayToEnd => self.position = Some(self.end()),
            Act::Answer(text) => self.lesson.answer(text),
            Act::Collapse => {
                self.expanded = false;
                self.redraw();
            }
            Act::Select(name) => self.selected = Some(name),
        }
    }

    fn check(&mut self) -> Outcome {
        let selected = self.selected.map(|name| rules::named(&self.drawn, name).expect("a named node"));
        let seen = Seen {
            program: self.program,
            graph: &self.graph,
            drawn: &self.drawn,
            twin: Some(&self.twin),
            expanded: self.expanded,
            h: self.h,
            selected,
            position: self.position,
            end: self.end(),
        };
        self.lesson.check(&seen)
    }
}

fn index(id: &str) -> usize {
    STEPS.iter().position(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

fn key(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Todo => "todo",
        Outcome::Hint(s) | Outcome::Done(s) => &s.key,
    }
}

#[test]
fn the_lesson_has_a_step_per_idea_of_the_deck_and_a_solution_per_step() {
    assert!(STEPS.len() >= 12, "{} steps", STEPS.len());
    assert_eq!(SOLUTIONS.len(), STEPS.len());
    let mut ids: Vec<&str> = STEPS.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), STEPS.len(), "step ids are keys of the words: each once");
}

#[test]
fn every_step_sets_up_a_circuit_with_its_highlight_on_it() {
    for (i, step) in STEPS.iter().enumerate() {
        let s = Student::at(i);
        assert!(s.graph.output().is_some(), "{}", step.id);
        assert!(named(&s.drawn, step.spot).is_some(), "{}: {:?} is not on the circuit", step.id, step.spot);
        assert_eq!(s.expanded, step.expanded);
    }
    // The σ step starts with σ drawn as its four gates.
    let s = Student::at(index("sigma"));
    assert!(s.drawn.len() > s.graph.len());
}

#[test]
fn every_task_is_not_done_at_the_start_and_done_after_its_solution() {
    for (i, step) in STEPS.iter().enumerate() {
        let mut s = Student::at(i);
        let at_start = s.check();
        assert!(!matches!(at_start, Outcome::Done(_)), "{}: done before anything was done", step.id);
        for (k, &act) in SOLUTIONS[i].iter().enumerate() {
            s.act(act);
            let outcome = s.check();
            let last = k + 1 == SOLUTIONS[i].len();
            assert_eq!(matches!(outcome, Outcome::Done(_)), last, "{} after {act:?}: {outcome:?}", step.id);
        }
        assert!(s.lesson.is_done(), "{}", step.id);
    }
}

#[test]
fn the_gradient_of_x_times_y_is_y_x() {
    let mut s = Student::at(index("gradient"));
    s.act(Act::Set("x", 5.0));
    s.act(Act::Set("y", 2.0));
    let Outcome::Done(said) = s.check() else { panic!("not done") };
    assert_eq!(said.args, ["5", "2", "2", "5"]);
}

#[test]
fn only_the_inputs_a_task_names_may_move() {
    // "Change only x and y so that f increases": raising z's part by moving z is refused.
    let mut s = Student::at(index("negative"));
    s.act(Act::Set("z", -5.0));
    s.act(Act::Set("x", -3.0));
    assert_eq!(
        s.check(),
        Outcome::Hint(Said { key: "hint.only".into(), args: vec!["z".into(), "x, y".into()] })
    );
    // A gradient step uphill moves z too (its gradient is q = 3), so it does not count.
    let mut s = Student::at(index("negative"));
    s.graph.gradient_step(0.01, autodiff::Direction::Ascend);
    s.graph.recompute();
    assert_eq!(key(&s.check()), "hint.only");
    // Lowering x and y along their negative gradient does.
    let mut s = Student::at(index("negative"));
    s.act(Act::Set("x", -2.5));
    s.act(Act::Set("y", 4.5));
    let Outcome::Done(said) = s.check() else { panic!("not done") };
    assert_eq!(said.args, ["-12", "-8"]);
}

#[test]
fn a_wrong_way_says_so() {
    let mut s = Student::at(index("negative"));
    s.act(Act::Set("x", 0.0));
    assert_eq!(
        s.check(),
        Outcome::Hint(Said { key: "hint.raise".into(), args: vec!["-20".into(), "-12".into()] })
    );
}

#[test]
fn the_max_gate_answer_is_the_input_the_engine_routes_to() {
    let mut s = Student::at(index("max"));
    // At the start x is larger: naming it is not the task yet.
    s.act(Act::Answer("x"));
    assert_eq!(key(&s.check()), "hint.first");
    s.act(Act::Set("y", 6.0));
    assert_eq!(key(&s.check()), "hint.wrong");
    s.act(Act::Answer(" y "));
    let Outcome::Done(said) = s.check() else { panic!("not done") };
    assert_eq!(said.args, ["6", "4", "1"]);
}

#[test]
fn only_a_coarse_h_misleads_the_one_sided_estimate() {
    for (h, misleads) in [(1e-1, true), (1e-2, false), (1e-5, false), (1e-10, false)] {
        let mut s = Student::at(index("limit"));
        s.act(Act::H(h));
        assert_eq!(matches!(s.check(), Outcome::Done(_)), misleads, "h = {h}");
    }
    let mut s = Student::at(index("limit"));
    s.act(Act::H(1e-1));
    let Outcome::Done(said) = s.check() else { panic!("not done") };
    // (f(3.1) - f(3)) / 0.1 = 6.1 against 6: 0.1 / 6.1 = 1.64% off.
    assert_eq!(said.args, ["0.1", "6.1", "6", "1.64"]);
}

#[test]
fn a_large_step_is_not_first_order() {
    let mut s = Student::at(index("linear"));
    s.act(Act::Set("x", 4.0));
    // f(4) = 16 against 9 + 1 · 6 = 15: off by 1 of a change of 7.
    assert_eq!(
        s.check(),
        Outcome::Hint(Said {
            key: "linear.far".into(),
            args: vec!["1".into(), "16".into(), "15".into(), "14.3".into()]
        })
    );
    s.act(Act::Set("x", 3.01));
    assert!(matches!(s.check(), Outcome::Done(_)));
}

#[test]
fn the_local_gradient_is_checked_as_a_number() {
    let mut s = Student::at(index("local"));
    s.act(Act::Answer("z"));
    assert_eq!(key(&s.check()), "hint.number");
    s.act(Act::Answer("-4"));
    assert_eq!(key(&s.check()), "hint.wrong");
    s.act(Act::Answer("3"));
    assert!(matches!(s.check(), Outcome::Done(_)));
}

#[test]
fn collapsing_sigma_keeps_the_gradients() {
    let mut s = Student::at(index("sigma"));
    s.act(Act::Select("f"));
    assert_eq!(key(&s.check()), "todo", "still expanded");
    s.act(Act::Collapse);
    let Outcome::Done(said) = s.check() else { panic!("not done") };
    // σ(1) = 0.7311 and σ(1)(1 - σ(1)) = 0.1966; the two circuits agree to rounding.
    assert_eq!(said.args[..2], ["0.7311", "0.1966"]);
    let apart = crate::quiz::parse_answer(&said.args[2]).expect("a number");
    assert!(apart < 1e-15, "{apart}");
}

#[test]
fn an_edited_program_is_not_the_steps() {
    let mut s = Student::at(index("chain"));
    s.program = "x = 1\nf = x";
    assert_eq!(key(&s.check()), "hint.program");
}

#[test]
fn a_done_step_stays_done_and_progress_is_kept() {
    let mut s = Student::at(index("chain"));
    s.act(Act::Set("z", 2.0));
    assert!(matches!(s.check(), Outcome::Done(_)));
    s.act(Act::Set("z", 5.0));
    assert_eq!(s.check(), Outcome::Todo);
    assert!(s.lesson.is_done());
    let text = s.lesson.progress();
    assert_eq!(text, ["5:0000100000000".to_string()].concat());
    let back = Lesson::from_progress(&text).expect("a progress text");
    assert_eq!((back.index(), back.done()), (4, s.lesson.done()));
    for junk in ["", "0:1", "x:1", "2.5:1", "5"] {
        assert!(Lesson::from_progress(junk).is_none(), "{junk:?}");
    }
    assert_eq!(Lesson::from_progress("99:1").map(|l| l.index()), Some(STEPS.len() - 1));
}

/// Every key a rule can say, with how many markers it fills, from walking every step's
/// solution and the hints above.
fn said_keys() -> Vec<(String, usize)> {
    let mut keys: Vec<(String, usize)> = Vec::new();
    let mut note = |o: &Outcome| {
        if let Outcome::Hint(s) | Outcome::Done(s) = o {
            if !keys.iter().any(|(k, _)| *k == s.key) {
                keys.push((s.key.clone(), s.args.len()));
            }
        }
    };
    for (i, solution) in SOLUTIONS.iter().enumerate() {
        let mut s = Student::at(i);
        for &act in *solution {
            s.act(act);
            note(&s.check());
        }
    }
    let mut s = Student::at(index("sigma"));
    s.act(Act::Collapse);
    note(&s.check());
    let mut s = Student::at(index("linear"));
    s.act(Act::Set("x", 4.0));
    note(&s.check());
    let mut s = Student::at(index("limit"));
    s.act(Act::Set("x", 4.0));
    note(&s.check());
    let mut s = Student::at(index("negative"));
    s.act(Act::Set("z", 1.0));
    note(&s.check());
    s.act(Act::Set("z", -4.0));
    s.act(Act::Set("x", 1.0));
    note(&s.check());
    let mut s = Student::at(index("max"));
    s.act(Act::Answer("x"));
    note(&s.check());
    s.act(Act::Set("y", 5.0));
    note(&s.check());
    let mut s = Student::at(index("local"));
    s.act(Act::Answer("?"));
    note(&s.check());
    s.program = "";
    note(&s.check());
    keys
}

fn markers(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out: Vec<u8> = b
        .windows(3)
        .filter(|w| w[0] == b'{' && w[1].is_ascii_digit() && w[2] == b'}')
        .map(|w| w[1] - b'0')
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn every_language_has_the_same_words_with_the_same_markers() {
    let en = Words::parse(EN).expect("en.txt");
    let said = said_keys();
    for hint in
        ["hint.only", "hint.none", "hint.number", "hint.wrong", "hint.first", "hint.raise", "hint.program"]
    {
        assert!(said.iter().any(|(k, _)| k == hint), "no test says {hint}");
    }
    for (code, text) in [("ko", KO), ("ja", JA)] {
        let words = Words::parse(text).unwrap_or_else(|e| panic!("{code}.txt: {e}"));
        assert_eq!(words.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "{code}.txt's keys");
        for k in en.keys() {
            assert_eq!(markers(words.get(k)), markers(en.get(k)), "{code}.txt: {k}");
            assert_ne!(words.get(k), en.get(k), "{code}.txt: {k} is not translated");
        }
    }
    let keys: Vec<&str> = en.keys().collect();
    for step in STEPS {
        for part in STEP_PARTS {
            let k = [step.id, ".", part].concat();
            assert!(keys.contains(&k.as_str()), "en.txt has no {k}");
        }
    }
    for (k, args) in &said {
        assert!(keys.contains(&k.as_str()), "en.txt has no {k}");
        let m = markers(en.get(k));
        assert!(m.iter().all(|&n| usize::from(n) < *args), "{k} uses {m:?} of {args} texts");
        assert_eq!(m.len(), *args, "{k} leaves out some of its {args} texts");
    }
    for k in &keys {
        let used = k.starts_with("ui.")
            || STEPS.iter().any(|s| STEP_PARTS.iter().any(|p| *k == [s.id, ".", p].concat()))
            || said.iter().any(|(s, _)| s == k);
        assert!(used, "en.txt: {k} is never said");
    }
}

#[test]
fn words_fill_their_markers() {
    let en = Words::parse(EN).expect("en.txt");
    let said = Said { key: "hint.only".into(), args: vec!["z".into(), "x, y".into()] };
    assert_eq!(en.say(&said), "z moved: this step asks you to change only x, y.");
    assert_eq!(en.get("no.such.key"), "no.such.key");
    assert_eq!(en.of(&STEPS[0], "title"), "The gradient: one partial derivative per input");
    assert!(Words::parse("a\nb\nc\n").is_err());
}
