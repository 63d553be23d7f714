use super::*;

fn quiz(src: &str) -> Quiz {
    let mut g = autodiff::compile(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    let steps = g.trace();
    Quiz::new(&g, &steps)
}

const FXYZ: &str = "x = -2; y = 5; z = -4; q = x + y; f = q * z";

/// The hint a wrong `answer` gets (the page shows the asked blank's hint).
fn wrong(q: &mut Quiz, answer: &str) -> String {
    assert_eq!(q.answer(answer), Verdict::Wrong, "{answer} should be wrong");
    q.hint(q.asked())
}

fn names(q: &Quiz) -> Vec<(&str, f64)> {
    q.blanks().iter().map(|b| (b.name.as_str(), b.answer)).collect()
}

#[test]
fn blanks_follow_backprop_from_the_output() {
    let q = quiz(FXYZ);
    assert_eq!(names(&q), [("f", 1.0), ("q", -4.0), ("z", 3.0), ("x", -4.0), ("y", -4.0)]);
    assert_eq!(q.prompt().as_deref(), Some("The gradient on f: df/df = ?"));
    let n = quiz("w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)");
    let order: Vec<&str> = n.blanks().iter().map(|b| b.name.as_str()).collect();
    assert_eq!(order, ["f", "t4", "t3", "w2", "t1", "t2", "w1", "x1", "w0", "x0"]);
}

#[test]
fn all_right_is_full_score() {
    let mut q = quiz(FXYZ);
    for answer in ["1", "-4", "3", "-4.0", "-4e0"] {
        assert!(!q.finished());
        assert_eq!(q.answer(answer), Verdict::Right, "{answer}");
    }
    assert!(q.finished());
    assert_eq!(q.score(), Score { first_try: 5, done: 5, total: 5, attempts: 5 });
    assert_eq!(q.answer("1"), Verdict::Finished);
    assert_eq!(q.current(), None);
    assert_eq!(q.prompt(), None);
}

#[test]
fn a_wrong_answer_gets_the_local_gradient() {
    let mut q = quiz(FXYZ);
    assert_eq!(q.answer("1"), Verdict::Right);
    let hint = wrong(&mut q, "3");
    assert_eq!(
        hint,
        "q feeds the * gate: upstream df = 1 times local ∂f/∂q = z = -4. \
         mul switches: each input's local gradient is the other input's value."
    );
    assert_eq!(q.answer("-4"), Verdict::Right);
    // z: the mul gate again, with the other operand.
    let hint = wrong(&mut q, "-4");
    assert!(hint.starts_with("z feeds the * gate: upstream df = 1 times local ∂f/∂z = q = 3."), "{hint}");
    assert_eq!(q.answer("3"), Verdict::Right);
    // x: the add gate distributes; its local gradient is the number 1.
    let hint = wrong(&mut q, "1");
    assert!(
        hint.starts_with("x feeds the + gate: upstream dq = -4 times local ∂q/∂x = 1. add distributes"),
        "{hint}"
    );
    assert_eq!(q.reveal(), Some(-4.0));
    assert_eq!(q.answer("-4"), Verdict::Right);
    assert_eq!(q.score(), Score { first_try: 2, done: 5, total: 5, attempts: 7 });
}

#[test]
fn junk_gets_a_message_and_no_penalty() {
    let mut q = quiz(FXYZ);
    for junk in ["", "  ", "abc", "1..2", "--1", "1e", "e3", "NaN", "inf", "1/2", "0x10", "4,5", "-"] {
        assert_eq!(q.answer(junk), Verdict::NotANumber, "{junk:?}");
    }
    assert_eq!(q.score().attempts, 0);
    assert_eq!(q.answer("1"), Verdict::Right);
    assert_eq!(q.score().first_try, 1);
}

#[test]
fn answers_parse_like_a_student_types_them() {
    for (text, want) in [
        ("-4", -4.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1e-3", 1e-3),
        ("-0", 0.0),
        (" 2 ", 2.0),
        ("\t2\n", 2.0),
        ("+2", 2.0),
        ("−4", -4.0),
        ("3.", 3.0),
        ("-.25", -0.25),
    ] {
        assert_eq!(parse_answer(text), Some(want), "{text:?}");
    }
    assert!(parse_answer("-0").is_some_and(|z| z == 0.0 && z.is_sign_negative()));
}

#[test]
fn tolerance_is_relative_or_absolute() {
    // The page shows 4 significant digits; those always pass.
    assert!(close_enough(0.1966, 0.19661193324148185));
    assert!(close_enough(-0.3932, -0.3932238664829637));
    assert!(close_enough(1.0005, 1.0)); // relative 5e-4
    assert!(!close_enough(0.73, 0.7310585786300049)); // relative 1.4e-3
    assert!(!close_enough(1.002, 1.0));
    // Near 0 the absolute tolerance decides.
    assert!(close_enough(0.0, 1e-7));
    assert!(close_enough(-0.0, 0.0));
    assert!(!close_enough(1e-5, 0.0));
}

#[test]
fn a_fork_hint_lists_every_gate_and_says_add() {
    let mut q = quiz("x = 2; y = 5; p = x * y; f = p + x");
    let at = q.blanks().iter().position(|b| b.name == "x").unwrap_or(usize::MAX);
    assert_eq!(q.blanks()[at].answer, 6.0);
    let hint = q.hint(at);
    assert_eq!(
        hint,
        "x feeds the + gate: upstream df = 1 times local ∂f/∂x = 1; \
         x feeds the * gate: upstream dp = 1 times local ∂p/∂x = y = 5. \
         add distributes: every input gets the upstream gradient unchanged. \
         x feeds 2 gates: add up what each one sends back (+=)."
    );
    // Answering the assigned (wrong) gradient 5 is wrong.
    while q.current().is_some_and(|b| b.name != "x") {
        q.reveal();
    }
    assert!(q.answer("5") == Verdict::Wrong);
}

#[test]
fn max_routes_and_the_output_hint() {
    let q = quiz("a = 3; b = 1; f = max(a, b)");
    let b = q.blanks().iter().position(|b| b.name == "b").unwrap_or(usize::MAX);
    assert_eq!(q.blanks()[b].answer, 0.0);
    assert!(q.hint(b).contains("∂f/∂b = (b > a) = 0. max routes"), "{}", q.hint(b));
    assert_eq!(q.hint(0), "f is the output: df/df = 1.");
}

#[test]
fn the_question_is_the_prompt_and_how_far_the_quiz_is() {
    let mut q = quiz(FXYZ);
    let (prompt, question) = (q.prompt().unwrap_or_default(), q.question().unwrap_or_default());
    assert!(question.starts_with(&prompt) && question.len() > prompt.len(), "{prompt:?} {question:?}");
    if lang::CODE == "en" {
        assert_eq!(question, "The gradient on f: df/df = ? (1 / 5)");
        assert_eq!(q.answer("1"), Verdict::Right);
        assert_eq!(q.question().as_deref(), Some("The gradient on q: df/dq = ? (2 / 5)"));
    }
}
