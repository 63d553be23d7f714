//! Quiz mode (issue 5): the gradients are hidden, the student fills them in from the output
//! backward with the keyboard alone, right and wrong answers are told apart (a wrong one
//! gets a hint from the gate's local gradient), and the score comes at the end.

use e2e::{Key, Page};
use serde_json::json;

use crate::classroom::shown;
use crate::engine::wait_matches_engine;

/// The quiz's question and its feedback line.
async fn quiz_text(page: &Page) -> (String, String) {
    let v = page
        .js("const p = document.getElementById('quiz-prompt'), f = document.getElementById('quiz-feedback');
             return p && f ? [p.textContent, f.textContent] : null")
        .await;
    let v =
        v.as_array().unwrap_or_else(|| panic!("no #quiz-prompt and #quiz-feedback (contract: quiz)")).clone();
    (v[0].as_str().unwrap_or_default().to_string(), v[1].as_str().unwrap_or_default().to_string())
}

/// Types `answer` into the focused answer field and presses Enter.
async fn answer(page: &Page, answer: &str) -> (String, String) {
    let active = page.js("return document.activeElement && document.activeElement.id").await;
    assert_eq!(active, json!("answer"), "the answer field keeps the focus");
    page.driver().action_chain().send_keys(answer).perform().await.unwrap_or_else(|e| panic!("{e}"));
    page.press(Key::Enter).await;
    quiz_text(page).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quiz_checks_each_gradient_hints_and_scores_by_keyboard_alone() {
    let page = Page::new().await;
    page.open("#ex=fxyz").await;
    wait_matches_engine(&page, "f = (x + y) z").await;
    // The quiz hides panels, so the page gets shorter: a scroll bar that comes and goes
    // would change the canvas's width, and the pixels compared below.
    page.js("document.documentElement.style.overflowY = 'scroll'").await;
    let full = page.settled_canvas().await;
    assert!(shown(&page, "#values td.grad").await, "gradients show before the quiz");

    // Into the quiz with the keyboard: the Quiz button, then the answer field has focus.
    let quiz = page.button("Quiz").await;
    assert_eq!(page.accessible_name(&quiz).await, "Quiz");
    page.focus("#quiz").await;
    page.press(Key::Enter).await;
    page.wait_js(
        "quiz mode and its first question (with the page in pieces, the Quiz's piece loads first)",
        "return document.getElementById('quiz').getAttribute('aria-pressed') === 'true'
             && document.getElementById('quiz-prompt').textContent !== ''",
    )
    .await;
    for hidden in ["#values td.grad", "#gate-panel", "#numeric", "#narration", "#play"] {
        assert!(!shown(&page, hidden).await, "{hidden} would give the answers away");
    }
    let label = page.js("return document.getElementById('circuit').getAttribute('aria-label')").await;
    assert!(!label.as_str().unwrap_or_default().contains("Gradients"), "the canvas label tells: {label}");
    assert_ne!(page.settled_canvas().await, full, "the canvas still shows the gradients");
    let note = page.js("return document.getElementById('quiz-form').textContent").await;
    assert!(note.as_str().unwrap_or_default().contains("within 0.1%"), "the tolerance is stated: {note}");

    // From the output backward, as backprop finishes them: f, q, z, x, y.
    assert_eq!(quiz_text(&page).await.0, "The gradient on f: df/df = ? (1 / 5)");
    let (prompt, said) = answer(&page, "1").await;
    assert_eq!(said, "Right! df/df = 1.");
    assert_eq!(prompt, "The gradient on q: df/dq = ? (2 / 5)");
    // A wrong answer: the hint is the gate's local gradient and its pattern.
    let (prompt, said) = answer(&page, "3").await;
    assert_eq!(
        said,
        "Not yet. q feeds the * gate: upstream df = 1 times local ∂f/∂q = z = -4. \
         mul switches: each input's local gradient is the other input's value."
    );
    assert_eq!(prompt, "The gradient on q: df/dq = ? (2 / 5)", "a wrong answer stays on q");
    let (_, said) = answer(&page, "nope").await;
    assert!(said.starts_with("Type a number"), "{said}");
    assert_eq!(answer(&page, "-4").await.0, "The gradient on z: df/dz = ? (3 / 5)");
    let (prompt, said) = answer(&page, "3").await;
    assert_eq!(
        (prompt.as_str(), said.as_str()),
        ("The gradient on x: df/dx = ? (4 / 5)", "Right! df/dz = 3.")
    );
    // x: given up with "Show the answer", reached by Tab from the field.
    page.press(Key::Tab).await;
    page.press(Key::Tab).await;
    let focused = page.js("return document.activeElement.textContent").await;
    assert_eq!(focused, json!("Show the answer"));
    page.press(Key::Enter).await;
    let (prompt, said) = quiz_text(&page).await;
    assert_eq!((prompt.as_str(), said.as_str()), ("The gradient on y: df/dy = ? (5 / 5)", "df/dx = -4."));
    page.focus("#answer").await;
    // Within the stated tolerance (0.01% off) counts.
    let (prompt, said) = answer(&page, "-4.0004").await;
    assert_eq!(prompt, "", "no question once every gradient is in");
    assert_eq!(said, "Right! df/dy = -4. Done: 3 of 5 right on the first try, 5 answers in all.");
    assert!(!shown(&page, "#answer").await, "the answer field goes once the quiz is done");
    // Every gradient filled in: the canvas is the circuit with all its gradients again.
    assert!(page.settled_canvas().await == full, "the finished quiz shows every gradient");
    page.screenshot("quiz-done").await;

    // Out of the quiz: the gradients are back everywhere.
    page.click_button("Quiz").await;
    page.wait_js(
        "quiz left",
        "return document.getElementById('quiz').getAttribute('aria-pressed') === 'false'",
    )
    .await;
    assert!(shown(&page, "#values td.grad").await);
    assert!(shown(&page, "#play").await);
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_starts_the_quiz_and_an_edit_starts_it_again() {
    let page = Page::new().await;
    page.open("#ex=max&quiz=1").await;
    wait_matches_engine(&page, "max example in a quiz").await;
    page.wait_js(
        "quiz mode from the link, and its first question",
        "return document.body.classList.contains('quiz')
             && document.getElementById('quiz-prompt').textContent !== ''",
    )
    .await;
    assert!(!shown(&page, "#values td.grad").await);
    let (prompt, _) = quiz_text(&page).await;
    assert!(prompt.starts_with("The gradient on f: df/df = ? (1 / "), "{prompt}");
    page.focus("#answer").await;
    let (prompt, said) = answer(&page, "1").await;
    assert_eq!(said, "Right! df/df = 1.");
    assert!(prompt.contains("(2 / "), "{prompt}");
    page.screenshot("quiz-max").await;
    // New numbers, new answers: the quiz starts again, and the link keeps quiz mode.
    page.set_input("x", "4").await;
    page.wait_for("the quiz to start again", async || quiz_text(&page).await.0, |p| p.contains("(1 / "))
        .await;
    let hash = page.wait_hash_with("x:4").await;
    assert!(hash.contains("quiz=1"), "quiz mode dropped from the link: {hash}");
    page.finish().await;
}
