//! Hostile input: absurd nesting and length, every ASCII control character, non-ASCII and
//! JavaScript-special names, extreme numbers, and HTML/script payloads in the program, in
//! names and in the URL hash. Each gets a clear "line:col: message" or the engine's exact
//! result; no script runs; nothing is inserted as markup; the last good circuit stays;
//! the page answers afterwards. Also: non-finite values with their hint, the
//! Content-Security-Policy, and offline (no other origin) through a full session.
//!
//! The oracle is the engine crate the page is built on (`autodiff`, a dev-dependency):
//! whatever it says about the text the page holds is what the page must show.

use std::collections::BTreeMap;
use std::time::Duration;

use e2e::{Page, Row, CSP};
use serde_json::{json, Value};

use crate::engine::{row, wait_matches_engine};

/// Every one of these sets `window.__pwned` if it ever runs as markup or script.
const IMG: &str = r#"<img src=x onerror="window.__pwned=1">"#;
const SCRIPT: &str = r#""><script>window.__pwned=1</script>"#;
const SVG: &str = "<svg/onload=window.__pwned=1>";

/// Two known-good programs with different tables, alternated before each case so every
/// case starts from a fresh "last good circuit".
const BASELINES: [&str; 2] = ["a = 3\nb = 4\ng = a * b", "a = 5\nb = 7\ng = a + b - 1"];

/// What could betray injected markup or script, read in one go.
async fn safety(page: &Page) -> Value {
    page.js("const all = Array.from(document.querySelectorAll('*'));
         return {
           pwned: typeof window.__pwned,
           img: document.querySelectorAll('img').length,
           script: document.querySelectorAll('script').length,
           frames: document.querySelectorAll('iframe, object, embed, frame').length,
           svg: document.querySelectorAll('svg').length,
           style: document.querySelectorAll('style').length,
           handlers: all.filter(e => Array.from(e.attributes).some(a => /^on/i.test(a.name))).length,
         };")
        .await
}

/// No payload ran, no element was added, no inline handler exists, no `<img src=x>` was
/// fetched. `before` is `safety()` from before the hostile input.
async fn assert_safe(page: &Page, before: &Value, what: &str) {
    // An <img onerror> fires only after its load fails: give it time to.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let now = safety(page).await;
    assert_eq!(now["pwned"], "undefined", "{what}: a payload ran (window.__pwned is set)");
    assert_eq!(now["handlers"], 0, "{what}: an element carries an inline on* handler attribute: {now}");
    assert_eq!(
        &now, before,
        "{what}: elements were inserted or removed (img/script/frames/svg/style counts)"
    );
    let requests = page.server().requests();
    assert!(
        !requests.iter().any(|r| r == "/x" || r.starts_with("/x?")),
        "{what}: a payload's <img src=x> was requested: {requests:?}"
    );
}

/// "L:C" of the engine's "L:C: message".
fn position(located: &str) -> String {
    let mut parts = located.splitn(3, ':');
    let line = parts.next().unwrap_or_default();
    let col = parts.next().unwrap_or_default();
    assert!(
        line.parse::<usize>().is_ok() && col.parse::<usize>().is_ok(),
        "the engine's located error {located:?} is not L:C: message"
    );
    format!("{line}:{col}")
}

/// Equal as the contract means it: the same f64, the sign of zero included, NaN = NaN.
fn same_number(got: f64, want: f64) -> bool {
    (got.is_nan() && want.is_nan()) || (got == want && got.is_sign_negative() == want.is_sign_negative())
}

/// Puts a baseline program in (alternating), waits for it to be drawn, and returns its
/// table: the "last good circuit" the next hostile input must not disturb.
async fn reset(page: &Page, i: usize) -> BTreeMap<String, Row> {
    page.paste_program(BASELINES[i % 2]).await;
    let (program, rows, _) = wait_matches_engine(page, "the baseline program").await;
    assert_eq!(program, BASELINES[i % 2]);
    let (text, shown) = page.error().await;
    assert!(text.is_empty() && !shown, "#error shown for a valid baseline program: {text:?}");
    rows
}

/// Pastes `sent` and checks the page does what the engine says of the text the page now
/// holds (the textarea normalises line breaks, so judge what it holds, not what was sent):
/// an error in `#error` at the engine's line:col with the last good table kept, or the
/// engine's exact table with `#error` hidden.
async fn expect_engine_answer(page: &Page, sent: &str, before: &BTreeMap<String, Row>, what: &str) {
    page.paste_program(sent).await;
    let held = page.program().await;
    assert!(
        held.len() + 8 >= sent.len(),
        "{what}: #program holds {} bytes of the {} pasted (a maxlength would need a message, not a cut)",
        held.len(),
        sent.len()
    );
    match autodiff::compile(&held) {
        Err(e) => {
            let located = e.located(&held);
            let at = position(&located);
            let prefix = format!("{at}:");
            let (message, _) = page
                .wait_for(
                    &format!(
                        "{what}: #error to show \"{located}\" (contract: parse error, \"line:col: message\")"
                    ),
                    async || page.error().await,
                    |(t, shown)| *shown && t.starts_with(&prefix),
                )
                .await;
            assert!(
                message.len() > prefix.len() + 3,
                "{what}: #error has a position but no message: {message:?}"
            );
            let children = page.js("return document.getElementById('error').children.length").await;
            assert_eq!(children, 0, "{what}: #error holds elements, not only text");
            let during = page.settled_values().await;
            assert_eq!(
                &during, before,
                "{what}: the last good circuit's table changed after a refused program"
            );
            let painted = page.canvas_painted_pixels().await;
            assert!(
                painted > 100,
                "{what}: the canvas went blank after a refused program ({painted} pixels)"
            );
        }
        Ok(_) => {
            let (_, rows, expected) = wait_matches_engine(page, what).await;
            for (name, &(value, grad)) in &expected.rows {
                let r = row(&rows, name);
                assert!(
                    same_number(r.value(), value) && same_number(r.grad(), grad),
                    "{what}: row {name}: data-value={:?} data-grad={:?}, engine says {value:?} / {grad:?} \
                     (contract: exact numbers, shortest round-trip form)",
                    r.value,
                    r.grad
                );
            }
            let (text, shown) = page.error().await;
            assert!(text.is_empty() && !shown, "{what}: a valid program shows #error {text:?}");
        }
    }
}

/// Switches the Example menu and waits (generously) for the table to become that
/// example's: the page still answers.
async fn assert_responsive(page: &Page, id: &str, what: &str) {
    let before = page.values().await;
    page.choose_example(id).await;
    page.wait_for(
        &format!("{what}: the table to change after choosing example {id} (is the page still responsive?)"),
        async || page.values().await,
        |rows| *rows != before,
    )
    .await;
    wait_matches_engine(page, &format!("{what}: example {id}")).await;
}

/// Runs each program as one case from a fresh baseline, checking safety after each.
async fn run_cases(page: &Page, cases: &[(String, String)]) {
    let clean = safety(page).await;
    for (i, (what, program)) in cases.iter().enumerate() {
        let before = reset(page, i).await;
        expect_engine_answer(page, program, &before, what).await;
        assert_safe(page, &clean, what).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_and_huge_programs_get_a_position_and_keep_the_circuit() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    let nest = |depth: usize, open: &str, close: &str| {
        format!("x = 1\nf = {}x{}", open.repeat(depth), close.repeat(depth))
    };
    // 1 MB of otherwise valid statements, and 1 MB on one line.
    let mut lines = String::from("x = 1\n");
    while lines.len() < 1 << 20 {
        lines.push_str("f = x * 2 + x\n");
    }
    let one_line = format!("x = 1\nf = x{}", " + x".repeat((1 << 20) / 4));
    let cases = [
        ("parentheses 100,000 deep".to_string(), nest(100_000, "(", ")")),
        ("parentheses 40,000 deep (under the length limit)".to_string(), nest(40_000, "(", ")")),
        ("exp( 15,000 deep".to_string(), nest(15_000, "exp(", ")")),
        ("unary minus 90,000 deep".to_string(), nest(90_000, "-", "")),
        ("unclosed parentheses 100,000 deep".to_string(), nest(100_000, "(", "")),
        ("a 1 MB program of valid lines".to_string(), lines),
        ("a 1 MB program on one line".to_string(), one_line),
    ];
    let clean = safety(&page).await;
    for (i, (what, program)) in cases.iter().enumerate() {
        let before = reset(&page, i).await;
        expect_engine_answer(&page, program, &before, what).await;
        assert_safe(&page, &clean, what).await;
        assert_responsive(&page, if i % 2 == 0 { "max" } else { "apple" }, what).await;
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ascii_control_character_gets_a_message_or_the_engine_result() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    let mut cases = Vec::new();
    for c in (0u8..0x20).chain([0x7f]) {
        let ch = char::from(c);
        cases.push((
            format!("U+{c:04X} between operator and operand"),
            format!("x = 2\ny = 3\nf = x *{ch} y"),
        ));
        cases.push((format!("U+{c:04X} inside a name"), format!("x{ch}y = 2\nf = x{ch}y * 3")));
    }
    run_cases(&page, &cases).await;
    assert_responsive(&page, "staged", "after the control characters").await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_ascii_and_javascript_special_names_and_extreme_numbers() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    let cases: Vec<(String, String)> = [
        ("x² as a name", "x² = 3\nf = x² * 2"),
        ("√x as a name", "√x = 4\nf = √x + 1"),
        ("λ as a name", "λ = 2\nf = λ * 3"),
        ("a fullwidth letter", "ｘ = 2\nf = ｘ * 3"),
        ("a zero-width space in a name", "x\u{200b}y = 2\nf = x\u{200b}y * 3"),
        ("a right-to-left override", "x = 2\nf = x\u{202e} * 3"),
        ("an emoji", "x = 2\nf = x * 🙂"),
        ("a lone combining mark", "x = 2\nf = x\u{301} * 3"),
        ("__proto__ and constructor", "__proto__ = 2\nconstructor = 3\nf = __proto__ * constructor"),
        (
            "Object.prototype names",
            "toString = 1\nvalueOf = 2\nhasOwnProperty = 3\nprototype = 4\n\
             f = toString + valueOf * hasOwnProperty - prototype",
        ),
        ("__defineGetter__ as the output", "x = 2\n__defineGetter__ = x * x"),
        ("NaN and Infinity as names", "NaN = 2\nInfinity = 3\nf = NaN * Infinity"),
        ("1e309", "x = 1e309\nf = x * 2"),
        ("-1e309", "x = -1e309\nf = x * 2"),
        ("1e-400 (underflows to 0)", "x = 1e-400\nf = x + 1"),
        ("the largest f64", "x = 1.7976931348623157e308\nf = x * 2"),
        ("the smallest subnormal", "x = 5e-324\nf = x * 0.5"),
        ("a 400-digit literal", &format!("x = {}\nf = x * 2", "9".repeat(400))),
        ("hex", "x = 0x10\nf = x * 2"),
        ("underscores in a number", "x = 1_000\nf = x * 2"),
        ("a trailing dot", "x = 1.\nf = x * 2"),
        ("two dots", "x = 1.2.3\nf = x * 2"),
    ]
    .iter()
    .map(|(w, p)| ((*w).to_string(), (*p).to_string()))
    .collect();
    run_cases(&page, &cases).await;

    // JavaScript-special names survive the URL hash: set one, reload from the link.
    page.paste_program("__proto__ = 2\nconstructor = 3\nf = __proto__ * constructor").await;
    wait_matches_engine(&page, "__proto__ program").await;
    page.set_input("__proto__", "5").await;
    let hash = page.wait_hash_with("__proto__:5").await;
    page.open(&hash).await;
    let (program, rows, _) = wait_matches_engine(&page, "the __proto__ link").await;
    assert_eq!(program, "__proto__ = 2\nconstructor = 3\nf = __proto__ * constructor", "{hash}");
    assert_eq!(row(&rows, "__proto__").value(), 5.0, "{hash}: __proto__'s value was not restored");
    assert_eq!(row(&rows, "f").value(), 15.0, "{hash}");
    assert_responsive(&page, "max", "after the names and numbers").await;
    page.finish().await;
}

/// -0 is a number like any other: the table (and so the link) must keep its sign. The
/// engine is asked about the program alone here, not fed the page's input rows (a page
/// that wrote -0 as "0" would otherwise be compared with itself).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negative_zero_keeps_its_sign() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    let mut wrong = Vec::new();
    for program in ["x = -0\nf = x * 2", "x = 0\nf = -x", "x = 3\nf = x * -0"] {
        page.paste_program(program).await;
        let (_, rows, _) = wait_matches_engine(&page, program).await;
        let mut graph =
            autodiff::compile(program).unwrap_or_else(|e| panic!("{program}: {}", e.located(program)));
        graph.recompute();
        for (name, id) in graph.named() {
            let (value, grad) = (graph.value(*id), graph.grad(*id));
            let r = row(&rows, name);
            if !same_number(r.value(), value) || !same_number(r.grad(), grad) {
                wrong.push(format!(
                    "{program:?}: row {name}: data-value={:?} data-grad={:?}, engine says {value:?} / {grad:?}",
                    r.value, r.grad
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "-0 loses its sign (contract: exact numbers, shortest round-trip form; the link's v= is written \
         the same way, so a shared link changes the result):\n{}",
        wrong.join("\n")
    );
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_and_script_payloads_in_the_program_run_nothing() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    let mut cases = Vec::new();
    for payload in [IMG, SCRIPT, SVG, "<img src=x onerror=alert(1)>", "javascript:window.__pwned=1"] {
        cases.push((format!("{payload} alone"), payload.to_string()));
        cases.push((format!("{payload} after an expression"), format!("x = 1\nf = x {payload}")));
        cases.push((format!("{payload} as a name"), format!("{payload} = 1\nf = 2")));
        cases.push((format!("{payload} in a comment"), format!("x = 1 # {payload}\nf = x * 2 # {payload}")));
        cases.push((format!("{payload} on line 3"), format!("x = 1\ny = 2\n{payload}\nf = x * y")));
    }
    run_cases(&page, &cases).await;

    // A payload in a comment is part of a valid program: it is drawn, shown in the
    // editor as text, written to the link, and restored from it as text.
    let program = format!("x = 1 # {IMG}\nf = x * 2");
    page.paste_program(&program).await;
    wait_matches_engine(&page, "payload in a comment").await;
    let hash = page
        .wait_js(
            "location.hash to hold the program with the comment",
            "return location.hash.includes('p=') && location.hash.includes('onerror') ? location.hash : null",
        )
        .await;
    let clean = safety(&page).await;
    page.open(hash.as_str().unwrap_or_default()).await;
    let (restored, _, _) = wait_matches_engine(&page, "the link with a payload in a comment").await;
    assert_eq!(restored, program, "the link did not restore the program with its comment");
    assert_safe(&page, &clean, "the link with a payload in a comment").await;

    // An input field is type=number: a payload typed into it is no number and changes nothing.
    page.choose_example("fxyz").await;
    let (_, before, _) = wait_matches_engine(&page, "fxyz").await;
    page.js_with(
        "const i = document.querySelector('#values tr[data-name=\"x\"] input');
         i.focus();
         i.value = arguments[0];
         i.dispatchEvent(new Event('input', {bubbles: true}));
         i.dispatchEvent(new Event('change', {bubbles: true}));
         i.blur();",
        vec![json!(IMG)],
    )
    .await;
    assert_eq!(page.settled_values().await, before, "a payload in an input field changed the table");
    assert_safe(&page, &clean, "a payload in an input field").await;
    assert_responsive(&page, "neuron-sigma", "after the payloads").await;
    page.finish().await;
}

/// How the page must treat a hostile URL hash.
enum Hash {
    /// Falls back to the default example with a message in `#error`.
    Fallback,
    /// Opens this program (the hash is well formed).
    Opens(&'static str),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_url_hashes_run_nothing_and_fall_back_or_open() {
    let page = Page::new().await;
    page.open("").await;
    let (default_program, default_rows, _) = wait_matches_engine(&page, "default").await;
    let clean = safety(&page).await;
    let enc = |s: &str| {
        s.bytes()
            .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect::<String>()
    };
    let long = format!("#p={}", "x".repeat(400_000));
    let cases: Vec<(String, Hash)> = vec![
        ("#p=<script>window.__pwned=1</script>".into(), Hash::Fallback),
        (format!("#p={IMG}"), Hash::Fallback),
        (format!("#p={}", enc(SCRIPT)), Hash::Fallback),
        (format!("#p={}", enc(SVG)), Hash::Fallback),
        ("#ex=<script>".into(), Hash::Fallback),
        (format!("#ex={}", enc(IMG)), Hash::Fallback),
        (format!("#v={IMG}:1"), Hash::Fallback),
        (format!("#ex=fxyz&v=x:{}", enc(SCRIPT)), Hash::Fallback),
        (format!("#p={}", enc("x = 1e309\nf = x")), Hash::Fallback),
        (format!("#p={}", enc("√x = 4\nf = √x")), Hash::Fallback),
        (format!("#p={}", enc("x = 1\u{0}\nf = x")), Hash::Fallback),
        ("#p=%E0%A4%A".into(), Hash::Fallback),
        ("#p=%C0%AF".into(), Hash::Fallback),
        (long, Hash::Fallback),
        (
            format!(
                "#p={}&v=__proto__:5",
                enc("__proto__ = 2\nconstructor = 3\nf = __proto__ * constructor")
            ),
            Hash::Opens("__proto__ = 2\nconstructor = 3\nf = __proto__ * constructor"),
        ),
        (
            format!("#p=x%20%3D%201%20%23%20{IMG}%0Af%20%3D%20x%20*%202"),
            Hash::Opens("x = 1 # <img src=x onerror=\"window.__pwned=1\">\nf = x * 2"),
        ),
        ("#ex=max&__proto__=1&constructor=2".into(), Hash::Opens("")),
    ];
    for (hash, want) in &cases {
        let what = if hash.len() > 120 { format!("a {}-byte hash", hash.len()) } else { hash.clone() };
        page.open(hash).await;
        assert_safe(&page, &clean, &what).await;
        check_hash_outcome(&page, want, &default_program, &default_rows, &what).await;
    }

    // The same, as a hash change on the open page (a pasted link, Back).
    page.open("").await;
    for (hash, want) in &cases[..4] {
        page.js_with("location.hash = arguments[0]", vec![json!(hash)]).await;
        let what = format!("{hash} as a hashchange");
        assert_safe(&page, &clean, &what).await;
        check_hash_outcome(&page, want, &default_program, &default_rows, &what).await;
        // Leave the fallback so the next hash change is a change.
        page.choose_example("apple").await;
        wait_matches_engine(&page, "apple").await;
    }
    assert_responsive(&page, "max", "after the hostile hashes").await;
    page.finish().await;
}

async fn check_hash_outcome(
    page: &Page,
    want: &Hash,
    default_program: &str,
    default_rows: &BTreeMap<String, Row>,
    what: &str,
) {
    match want {
        Hash::Fallback => {
            let (message, _) = page
                .wait_for(
                    &format!("{what}: a message in #error (contract: a hostile hash shows a message)"),
                    async || page.error().await,
                    |(t, shown)| *shown && !t.is_empty(),
                )
                .await;
            let children = page.js("return document.getElementById('error').children.length").await;
            assert_eq!(children, 0, "{what}: #error holds elements: {message:?}");
            let (program, rows, _) = wait_matches_engine(page, what).await;
            assert_eq!(program, default_program, "{what}: did not fall back to the default example");
            assert_eq!(&rows, default_rows, "{what}: did not fall back to the default values");
        }
        Hash::Opens(program) => {
            let (held, rows, _) = wait_matches_engine(page, what).await;
            if !program.is_empty() {
                assert_eq!(held, *program, "{what}: the link's program was not opened");
            }
            if program.contains("__proto__") {
                assert_eq!(row(&rows, "__proto__").value(), 5.0, "{what}: v=__proto__:5 was not applied");
            }
            let (text, shown) = page.error().await;
            assert!(text.is_empty() && !shown, "{what}: a well-formed link shows #error {text:?}");
        }
    }
}

/// Non-finite values are shown as such (table and drawing) with a hint naming the gate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_finite_values_are_shown_with_a_hint_about_where_they_came_from() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    install_download_catcher(&page).await;
    for (program, shown, hint_word) in [
        ("x = 1\nf = log(x - 2)", "NaN", "log"),
        ("x = 0\nf = 1 / x", "inf", "division by zero"),
        ("x = 1000\nf = exp(x)", "inf", "exp"),
        ("x = -4\nf = sqrt(x)", "NaN", "square root"),
    ] {
        page.paste_program(program).await;
        let (_, rows, _) = wait_matches_engine(&page, program).await;
        let f = row(&rows, "f");
        assert_eq!(f.value.as_deref(), Some(shown), "{program}: data-value of f (contract: \"NaN\"/\"inf\")");
        let cell = f.cells.get(1).cloned().unwrap_or_default();
        let visible = match shown {
            "NaN" => cell.contains("NaN"),
            _ => cell.contains("inf") || cell.contains('∞') || cell.contains("Infinity"),
        };
        assert!(visible, "{program}: the value cell of f reads {cell:?}, not {shown}");
        // The hint: #hint (the page's note under the program) names where it came from.
        let hint = page
            .wait_js(
                &format!("{program}: #hint shown, naming {hint_word:?}"),
                "const h = document.getElementById('hint');
                 return h && !h.hidden && h.offsetParent !== null ? h.textContent : null;",
            )
            .await;
        let hint = hint.as_str().unwrap_or_default();
        assert!(
            hint.contains(hint_word),
            "{program}: #hint reads {hint:?}, which does not mention {hint_word:?}"
        );
        assert!(hint.contains(shown), "{program}: #hint reads {hint:?}, which does not say {shown}");
        // The drawing: the canvas's accessible summary, and the SVG export, which paints
        // the same scene as the canvas (ARCHITECTURE: one drawing path).
        let label =
            page.element("#circuit").await.attr("aria-label").await.ok().flatten().unwrap_or_default();
        assert!(label.contains(shown), "{program}: the canvas's aria-label does not show {shown}: {label:?}");
        page.js("window.__downloads = []").await;
        page.click_button("Download SVG").await;
        let svg = page
            .wait_js(
                "Download SVG to hand over an <svg>",
                "return (window.__downloads || []).find(t => t.includes('<svg')) || null",
            )
            .await;
        let svg = svg.as_str().unwrap_or_default();
        let drawn = match shown {
            "NaN" => svg.contains(">NaN<") || svg.contains("NaN"),
            _ => svg.contains("inf") || svg.contains('∞') || svg.contains("Infinity"),
        };
        assert!(drawn, "{program}: the drawing (its SVG export) does not show {shown}");
    }
    // A finite program hides the hint again. (sqrt is exact in IEEE arithmetic: log's
    // last bit may differ between the wasm and the native engine.)
    page.paste_program("x = 1\nf = sqrt(x + 3)").await;
    wait_matches_engine(&page, "finite sqrt").await;
    page.wait_js(
        "#hint hidden again for a finite program",
        "const h = document.getElementById('hint'); return !h || h.hidden || h.offsetParent === null;",
    )
    .await;
    page.finish().await;
}

/// Catches downloads instead of letting Chromium save them (as in export.rs): Blob texts
/// (and, for images, their type) go to `window.__downloads`; anchor clicks are swallowed.
async fn install_download_catcher(page: &Page) {
    page.js("window.__downloads = [];
         const create = URL.createObjectURL.bind(URL);
         URL.createObjectURL = function (obj) {
           if (obj instanceof Blob) {
             if (obj.type.startsWith('image/') && obj.type !== 'image/svg+xml') window.__downloads.push('blob ' + obj.type + ' ' + obj.size);
             else obj.text().then(t => window.__downloads.push(t));
           }
           return create(obj);
         };
         HTMLAnchorElement.prototype.click = function () {
           window.__downloads.push('anchor ' + this.download + ' ' + this.href.slice(0, 60));
         };")
        .await;
}

/// A GET through the suite's one HTTP client: the status, the headers and the body.
async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let response = reqwest::get(url).await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    let body = response.text().await.unwrap_or_else(|e| panic!("GET {url}: {status}: {e}"));
    (status, headers, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_page_meets_the_content_security_policy() {
    let page = Page::new().await;
    // The served index.html carries the policy as a header.
    let (status, headers, _) = get(&format!("{}/", page.origin())).await;
    assert_eq!(status, 200, "GET /");
    let policy = headers.get("content-security-policy").and_then(|v| v.to_str().ok());
    assert_eq!(policy, Some(CSP), "GET / has not the policy");

    // In the browser: every violation is recorded from the first byte on (Page::watch_csp;
    // harness::the_csp_blocks_inline_script_and_style proves it sees them), and the page
    // is driven through what could need inline style or script.
    page.watch_csp().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;

    // index.html also carries the policy itself, as a <meta> before anything it governs
    // (the tally script the harness puts first in Firefox and WebKit aside).
    let meta = page
        .js(&format!(
            r#"const meta = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
               if (!meta) return 'no <meta http-equiv="Content-Security-Policy">';
               const late = [...document.querySelectorAll('script, link[rel~="stylesheet" i]')]
                 .filter(e => !(e.src || '').endsWith('{}'))
                 .filter(e => !(meta.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
               return late.length ? 'the CSP <meta> comes after ' + late.map(e => e.outerHTML).join(', ') : meta.content;"#,
            e2e::server::TALLY_PATH
        ))
        .await;
    assert_eq!(meta, CSP, "the <meta> policy of index.html is not the contract's");

    // Every script the page loaded: no eval, no Function constructor, even on paths this
    // session did not take.
    let scripts: Vec<String> = serde_json::from_value(
        page.js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\.m?js$/.test(n.split('?')[0]))")
            .await,
    )
    .unwrap_or_default();
    assert!(
        scripts.iter().any(|s| s.ends_with("/playground.js")),
        "the page loaded no playground.js: {scripts:?}"
    );
    for src in &scripts {
        let (status, _, js) = get(src).await;
        assert_eq!(status, 200, "{src}");
        for bad in ["eval(", "new Function(", "Function(\"", "setTimeout(\"", "setTimeout('"] {
            assert!(!js.contains(bad), "{src} calls {bad}");
        }
    }

    page.set_input("x", "1").await;
    page.click_button("Play").await;
    page.click_button("Step forward").await;
    page.choose_example("neuron-sigma").await;
    page.click_button("Expand σ gates").await;
    page.focus("#circuit").await;
    page.press(e2e::Key::Down).await;
    page.paste_program("x = 1\nf = log(x - 2)").await;
    wait_matches_engine(&page, "non-finite").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let violations = page.csp_violations().await;
    assert!(
        violations.is_empty(),
        "Content-Security-Policy violations while using the page: {violations:#?}"
    );
    // What the policy only reports once it runs: inline handlers and javascript: URLs.
    let handlers = page
        .js("return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)
               .filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))
               .map(a => e.tagName + ' ' + a.name))")
        .await;
    assert_eq!(handlers, json!([]), "inline event handlers or javascript: URLs in the live DOM");
    let inline = page.js("return document.querySelectorAll('style, script:not([src])').length").await;
    assert_eq!(inline, 0, "inline <style> or <script> in the live DOM");
    // finish(): any CSP violation is also a SEVERE console entry.
    page.finish().await;
}

/// Offline: a whole session (load, edit, play, both exports) fetches from no other origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_session_touches_no_other_origin() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "default").await;
    install_download_catcher(&page).await;
    page.paste_program("x = 2\ny = -3\nq = x * y\nf = sigmoid(q) + max(x, y)").await;
    wait_matches_engine(&page, "edited program").await;
    page.set_input("x", "0.5").await;
    page.choose_example("net221").await;
    wait_matches_engine(&page, "net221").await;
    page.click_button("Restart").await;
    page.click_button("Play").await;
    page.wait_timeline("the animation to run (timeline > 0)", |v, _| v > 0.0).await;
    page.click_button("Step forward").await;
    page.click_button("Step back").await;
    page.click_button("Download SVG").await;
    page.wait_js(
        "Download SVG to hand over an <svg>",
        "return (window.__downloads || []).some(t => t.includes('<svg'))",
    )
    .await;
    page.click_button("Download PNG").await;
    page.wait_js(
        "Download PNG to hand over a PNG blob",
        "return (window.__downloads || []).some(t => t.startsWith('blob image/png'))",
    )
    .await;
    page.click_button("Copy link").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let urls = page.loaded_urls().await;
    let origin = format!("{}/", page.origin());
    let foreign: Vec<&String> = urls.iter().filter(|u| !u.starts_with(&origin)).collect();
    assert!(foreign.is_empty(), "resource timing shows requests to another origin: {foreign:?}");
    assert!(urls.iter().any(|u| u.ends_with(".wasm")), "resource timing has no .wasm entry: {urls:?}");
    page.finish().await;
}
