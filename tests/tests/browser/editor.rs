//! The program editor: a syntax error is reported where it is and costs the student
//! nothing already on screen.

use e2e::{Key, Page};

use crate::engine::{assert_close, wait_matches_engine};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_program_shows_error_and_keeps_last_circuit() {
    let page = Page::new().await;
    page.open("").await;
    let (_, before, _) = wait_matches_engine(&page, "default").await;
    let (text, shown) = page.error().await;
    assert!(text.is_empty() && !shown, "#error must be empty and hidden while the program parses: {text:?}");

    // Pasted, not typed: typed key by key, the valid prefix "q = x" would become the
    // last circuit before the error, and this test is about the circuit before the edit.
    page.paste_program("q = x + (y").await;
    let message = page
        .wait_for(
            "#error to show the parse error",
            async || page.error().await,
            |(t, shown)| *shown && !t.is_empty(),
        )
        .await
        .0;
    // "line:col: message" (contract: parse error).
    let (line, rest) = message.split_once(':').unwrap_or(("", ""));
    let (col, msg) = rest.split_once(':').unwrap_or(("", ""));
    assert!(
        line.trim() == "1" && col.trim().parse::<u32>().is_ok_and(|c| c >= 1) && !msg.trim().is_empty(),
        "#error reads {message:?}, contract says \"line:col: message\" (here line 1)"
    );
    let role = page.element("#error").await.attr("role").await.ok().flatten();
    assert_eq!(role.as_deref(), Some("alert"), "#error role (contract: parse error)");

    // The last good circuit stays: same table, a painted canvas.
    let during = page.settled_values().await;
    assert_eq!(during, before, "the values table changed while the program does not parse");
    let painted = page.canvas_painted_pixels().await;
    assert!(painted > 100, "the canvas is blank while the program does not parse ({painted} painted pixels)");
    let canvas_during = page.settled_canvas().await;
    assert!(canvas_during.len() > 1000, "the canvas image is (nearly) empty");
    page.assert_no_console_errors().await;

    // Fixing it clears the error and draws the new program: x and y start at 1.
    page.append_program(")").await;
    page.wait_for(
        "#error to clear after fixing the program",
        async || page.error().await,
        |(t, shown)| t.is_empty() && !*shown,
    )
    .await;
    let (program, rows, _) = wait_matches_engine(&page, "after the fix").await;
    assert_eq!(program, "q = x + (y)");
    assert!(rows.contains_key("q"), "the fixed program's q is not in #values: {:?}", rows.keys());
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_program_draws_it() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    // Key by key, as a student types: every prefix is an edit the page must survive.
    page.type_program("a = 3\nb = -2\nf = max(a * b, a + b)").await;
    let (program, rows, _) = wait_matches_engine(&page, "the typed program").await;
    assert_eq!(program, "a = 3\nb = -2\nf = max(a * b, a + b)");
    // max(-6, 1) = 1 routes the gradient to a + b: df/da = df/db = 1.
    let f = &rows["f"];
    assert_eq!(f.value(), 1.0, "f of the typed program");
    assert_eq!((rows["a"].grad(), rows["b"].grad()), (1.0, 1.0), "the max gate routes to a + b");
    let (text, shown) = page.error().await;
    assert!(text.is_empty() && !shown, "#error after a valid typed program: {text:?}");
    page.finish().await;
}

/// softplus, the smooth relu: drawn, its gate panel shows σ(x) as its local gradient in
/// MathML, and the Code panel writes it and its derivative in Python.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn softplus_is_drawn_explained_and_written_as_code() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    page.paste_program("x = 0.5\nf = softplus(x)").await;
    let (_, rows, _) = wait_matches_engine(&page, "f = softplus(x)").await;
    assert_close("f = softplus(0.5)", rows["f"].value(), 0.9740769841801067, 1e-4);
    assert_close("df/dx = σ(0.5)", rows["x"].grad(), 0.6224593312018546, 1e-4);

    page.focus("#circuit").await;
    page.press(Key::Down).await;
    page.press(Key::Enter).await;
    let math = page
        .wait_js(
            "#gate-panel to explain the softplus gate with MathML",
            "const m = document.querySelector('#gate-panel math');
             const h = document.getElementById('gate-h');
             return m && h && h.textContent.includes('softplus') ? m.textContent : null;",
        )
        .await;
    let math = math.as_str().unwrap_or_default().to_string();
    assert!(
        math.contains("σ(x)"),
        "the softplus gate's local gradient is σ(x): the panel's MathML reads {math:?}"
    );

    page.click_button("Code").await;
    let code = page
        .wait_js(
            "the Code panel to write softplus",
            "const ol = document.getElementById('code-lines');
             return ol && ol.children.length ? Array.from(ol.children).map(li => li.textContent) : null;",
        )
        .await;
    let lines: Vec<String> = serde_json::from_value(code.clone()).unwrap_or_default();
    for want in [
        "f = math.log(1 + math.exp(x)) # f becomes 0.9741",
        "dx += (1 / (1 + math.exp(-x))) * df # dx becomes 0.6225",
    ] {
        assert!(lines.iter().any(|l| l == want), "no line {want:?} in {lines:#?}");
    }
    page.finish().await;
}
