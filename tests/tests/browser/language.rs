//! Languages (issue 5): English, Korean and Japanese. The page picks one from the browser
//! (or the link's `?lang=`), the Language menu switches it, and every string a student
//! can see (or hear from a screen reader) is in the chosen language, in every state the
//! page can be in: not only the start, but the gate panel, the narration, the quiz, the
//! Code panel, the fork table, the training panel, the numbers and the messages.

use std::collections::BTreeSet;
use std::time::Duration;

use e2e::Page;
use serde_json::json;

use crate::engine::wait_matches_engine;

/// Every string on the page a student can see or a screen reader says, as (where, text):
/// text nodes and the labelling attributes, outside hidden elements. Program text, code
/// (but for its comments) and MathML formulas are notation, the same in every language,
/// and are left out.
///
/// The last entry is the program (at [`PROGRAM`]), whose names are not English to translate.
const VISIBLE_TEXTS: &str = r#"
const PROGRAM = '(the program)';
const out = [];
const neutral = (el) => el.closest('[hidden], textarea, math, script, style');
const path = (el) => {
  const parts = [];
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    parts.unshift(e.id ? '#' + e.id : e.tagName.toLowerCase());
    if (e.id) break;
  }
  return parts.join(' ');
};
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n; (n = walk.nextNode());) {
  let t = n.nodeValue.trim(), el = n.parentElement;
  if (!t || !el || neutral(el)) continue;
  // A line of code is notation but for its comment.
  if (el.closest('#code-lines')) {
    if (!t.includes('#')) continue;
    t = t.slice(t.indexOf('#'));
  }
  out.push([path(el), t]);
}
for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [aria-valuetext]')) {
  if (neutral(el)) continue;
  for (const a of ['aria-label', 'title', 'placeholder', 'aria-valuetext']) {
    const v = el.getAttribute(a);
    if (v) out.push([path(el) + ' @' + a, v]);
  }
}
out.push(['title', document.title]);
out.push([PROGRAM, document.getElementById('program').value]);
return out;
"#;

const PROGRAM: &str = "(the program)";

/// One state's texts, as (where, text).
type Texts = Vec<(String, String)>;

async fn visible_texts(page: &Page) -> Texts {
    let v = page.js(VISIBLE_TEXTS).await;
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("visible texts ({e}): {v}"))
}

async fn click(page: &Page, id: &str) {
    page.js_with(
        "const e = document.getElementById(arguments[0]); e.scrollIntoView({block: 'center'}); e.click();",
        vec![json!(id)],
    )
    .await;
    settle().await;
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(150)).await;
}

/// Sets a field's value as typing would, and sends `input` and `change`.
async fn set_field(page: &Page, id: &str, value: &str) {
    page.js_with(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];
         e.dispatchEvent(new Event('input', {bubbles: true}));
         e.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(id), json!(value)],
    )
    .await;
    settle().await;
}

async fn example(page: &Page, id: &str) {
    set_field(page, "example", id).await;
    page.wait_js_with(
        &format!("example {id}"),
        "return document.getElementById('example').value === arguments[0] && !!document.querySelector('#values tbody tr')",
        vec![json!(id)],
    )
    .await;
}

/// Visits the page's states one after another (by ids, not by names, which change with the
/// language) and calls `seen` with each state's texts.
async fn tour(page: &Page, seen: &mut dyn FnMut(&str, Texts)) {
    wait_matches_engine(page, "the first circuit").await;
    seen("start", visible_texts(page).await);

    // A gate selected: the gate panel, its chain rule and the status.
    page.focus("#circuit").await;
    page.press(e2e::Key::Down).await;
    settle().await;
    seen("gate selected", visible_texts(page).await);

    // The animation: a step, then the whole run with the log open.
    click(page, "step-forward").await;
    seen("one step", visible_texts(page).await);
    page.js("document.querySelector('details.log').open = true").await;
    page.range_to_max("#timeline").await;
    settle().await;
    seen("the whole run", visible_texts(page).await);

    // Every example, and the σ gates expanded.
    for id in
        ["neuron-gates", "neuron-sigma", "max", "staged", "apple", "apple-orange", "net221", "micrograd"]
    {
        example(page, id).await;
        seen(id, visible_texts(page).await);
    }
    example(page, "neuron-sigma").await;
    click(page, "expand").await;
    seen("σ expanded", visible_texts(page).await);

    // The numerical check, the gradient step, sharing.
    click(page, "down").await;
    seen("gradient step", visible_texts(page).await);
    set_field(page, "eta", "-1").await;
    click(page, "up").await;
    seen("a bad step size", visible_texts(page).await);
    set_field(page, "eta", "0.01").await;
    click(page, "svg").await;
    seen("SVG downloaded", visible_texts(page).await);

    // The fork lesson, with and without a fork.
    example(page, "micrograd").await;
    click(page, "assign").await;
    seen("fork table", visible_texts(page).await);
    example(page, "fxyz").await;
    seen("no fork", visible_texts(page).await);
    click(page, "assign").await;

    // The Code panel in both styles.
    click(page, "code").await;
    seen("code staged", visible_texts(page).await);
    set_field(page, "code-style", "layers").await;
    seen("code layers", visible_texts(page).await);
    click(page, "code").await;

    // The quiz: a wrong answer at the output and at a gate, not a number, a right one,
    // revealed ones, the score; then a fork's hint (x feeds the * gate twice).
    click(page, "quiz").await;
    seen("quiz", visible_texts(page).await);
    for answer in ["12345", "abc", "1", "12345", "", "", "", ""] {
        if answer.is_empty() {
            click(page, "reveal").await;
        } else {
            set_field(page, "answer", answer).await;
            click(page, "check").await;
        }
        seen(&format!("quiz answer {answer:?}"), visible_texts(page).await);
    }
    page.paste_program("x = 3\nf = x * x").await;
    settle().await;
    for answer in ["1", "12345"] {
        set_field(page, "answer", answer).await;
        click(page, "check").await;
    }
    seen("quiz at a fork", visible_texts(page).await);
    click(page, "quiz").await;

    // The neuron that learns: steps, then a point of class 0 as the circuit.
    example(page, "learn").await;
    seen("learn", visible_texts(page).await);
    click(page, "train-step").await;
    click(page, "train-step").await;
    seen("trained 2 steps", visible_texts(page).await);
    set_field(page, "train-point", "9").await;
    seen("point 9", visible_texts(page).await);

    // Messages: a program error, a misspelt function, a value that is not finite.
    page.paste_program("f = (x + y").await;
    settle().await;
    seen("parse error", visible_texts(page).await);
    page.paste_program("f = sigmod(x)").await;
    settle().await;
    seen("unknown function", visible_texts(page).await);
    page.paste_program("x = -1\nf = log(x)").await;
    settle().await;
    seen("not finite", visible_texts(page).await);
}

/// The English words of a language's table (`crates/lang/tables/<code>.txt`) that its translations do
/// not keep: any of them in the page's texts is English left untranslated. Words the
/// translations keep (cs231n, micrograd, SVG, max, exp ...) are names, not English.
fn english_words(code: &str) -> BTreeSet<String> {
    let path = std::path::Path::new(lang::TABLES).join(format!("{code}.txt"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 3).map(str::to_lowercase).collect()
    };
    let (mut english, mut kept) = (BTreeSet::new(), BTreeSet::new());
    for (en, to) in lang::table::entries(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
        english.extend(words(en));
        kept.extend(words(to));
    }
    assert!(english.len() > 200, "{}: only {} English words", path.display(), english.len());
    &english - &kept
}

/// The texts of `texts` with an English word from `words` in them. The programs' names
/// ("loss", "apple", "log"), of this one and of those before it (an error keeps the last
/// good circuit on screen), are the student's words, the same in every language.
fn untranslated(
    texts: &[(String, String)],
    words: &BTreeSet<String>,
    names: &mut BTreeSet<String>,
) -> Vec<String> {
    let program = texts.iter().find(|(at, _)| at == PROGRAM).map_or("", |(_, p)| p.as_str());
    names.extend(program.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').map(str::to_string));
    let mut found = Vec::new();
    for (at, text) in texts.iter().filter(|(at, _)| at != PROGRAM) {
        // Words as a program spells names (all_price is one name, not "all" and "price").
        let english: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| words.contains(&w.to_lowercase()) && !names.contains(*w))
            .collect();
        if !english.is_empty() {
            found.push(format!("{at}: {text:?} ({})", english.join(", ")));
        }
    }
    found
}

/// Chooses `code` in the Language menu, which opens the page again in that language (its
/// wasm differs), and waits for it.
async fn switch_to(page: &Page, code: &str) {
    set_field(page, "lang", code).await;
    let want = format!("lang={code}");
    page.wait_for(
        "the page to open again with the language in its link",
        async || page.current_url().await,
        |url| url.contains(&want),
    )
    .await;
    page.wait_ready().await;
    page.wait_language(code).await;
}

/// Tours the page in `code` and fails on any text left in English.
async fn tour_in(page: &Page, code: &str) {
    let words = english_words(code);
    let mut problems = Vec::new();
    let mut states = 0;
    let mut names = BTreeSet::new();
    tour(page, &mut |state, texts| {
        states += 1;
        for p in untranslated(&texts, &words, &mut names) {
            problems.push(format!("[{state}] {p}"));
        }
    })
    .await;
    assert!(states > 30, "the tour saw only {states} states");
    assert!(problems.is_empty(), "English left on the {code} page:\n{}", problems.join("\n"));
    let lang = page.js("return document.documentElement.lang").await;
    assert_eq!(lang, json!(code), "<html lang> follows the language");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_forces_korean_and_every_visible_string_is_translated() {
    let page = Page::new().await;
    page.navigate("/?lang=ko").await;
    page.wait_ready().await;
    page.wait_language("ko").await;
    // A Korean student downloads the Korean wasm, not the English one as well.
    let wasm: Vec<String> = page.server().requests().into_iter().filter(|r| r.contains(".wasm")).collect();
    assert!(wasm.iter().any(|r| r.contains("playground_bg.ko.wasm")), "the Korean wasm is loaded: {wasm:?}");
    assert!(!wasm.iter().any(|r| r.contains("playground_bg.wasm")), "the English wasm is not: {wasm:?}");
    page.screenshot("korean").await;
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": true}),
    )
    .await;
    page.settled_canvas().await;
    page.screenshot("korean-narrow-375").await;
    page.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
    tour_in(&page, "ko").await;
    // A pasted program: the menu shows its hidden "Your program" (which the tour's texts
    // leave out, being hidden), in Korean too.
    example(&page, "fxyz").await;
    page.paste_program("x = 1\nf = x * 2").await;
    settle().await;
    let menu =
        page.js("const s = document.getElementById('example'); return s.options[s.selectedIndex].text").await;
    assert_eq!(menu, json!("내 프로그램"));
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_menu_switches_every_string_and_back() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "the first circuit").await;
    let english = visible_texts(&page).await;
    let select = page.element("#lang").await;
    assert_eq!(page.accessible_name(&select).await, "Language");

    // Japanese from the menu: every string of this state changes (but the notation), the
    // link says so, and the whole tour has no English left.
    switch_to(&page, "ja").await;
    wait_matches_engine(&page, "the first circuit in Japanese").await;
    let japanese = visible_texts(&page).await;
    assert_eq!(japanese.len(), english.len(), "the same texts, translated");
    let words = english_words("ja");
    for ((at, en), (_, ja)) in english.iter().zip(&japanese) {
        if en.split(|c: char| !c.is_ascii_alphabetic()).any(|w| words.contains(&w.to_lowercase())) {
            assert_ne!(en, ja, "{at} is still English");
        }
    }
    let url = page.current_url().await;
    assert!(url.contains("?lang=ja#"), "the link keeps the choice: {url}");
    page.screenshot("japanese").await;
    tour_in(&page, "ja").await;

    // Back to English, on the first state again: exactly the English texts.
    page.choose_example("fxyz").await;
    switch_to(&page, "en").await;
    wait_matches_engine(&page, "the first circuit in English").await;
    assert_eq!(visible_texts(&page).await, english, "English after switching back");
    page.open("").await;
    wait_matches_engine(&page, "the first circuit").await;
    assert_eq!(
        visible_texts(&page).await,
        english,
        "English after a reload without ?lang (the choice is kept)"
    );
    page.finish().await;
}

/// A copy of the built page without `lang/<code>.txt` (a deploy that lost it, or a first
/// visit offline), in a folder of its own under target/.
fn dist_without_table(code: &str) -> std::path::PathBuf {
    let dir = e2e::dist_copy(&format!("e2e-dist-without-{code}"));
    std::fs::remove_file(dir.join("lang").join(format!("{code}.txt")))
        .unwrap_or_else(|e| panic!("no lang/{code}.txt in the built page: {e}"));
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_its_table_a_korean_page_still_shows_and_works() {
    let page = Page::serving(&dist_without_table("ko")).await;
    page.navigate("/?lang=ko").await;
    page.wait_ready().await;
    // Not left invisible: the page shows once lang/i18n.js has given up, with index.html's
    // texts in English and the app's own words (compiled into the Korean wasm) in Korean.
    page.wait_language("ko").await;
    wait_matches_engine(&page, "the first circuit").await;
    let shown = page
        .js("return [document.getElementById('program-h').textContent, document.getElementById('play').textContent]")
        .await;
    assert_eq!(
        shown,
        json!(["Program", "재생"]),
        "index.html's heading stays English, the app's button is Korean"
    );
    page.finish_expecting_error("ko.txt").await;
}
