//! The Lesson (issue 15): a student walks every step of the seed deck's lesson on the live
//! page, completing each task with real clicks, keys and a drag (what each step asks is
//! `lessons::lesson::SOLUTIONS`, which the native tests check against the engine too), and
//! the status line says each one is done. Also: the step in the link, progress kept for the
//! next visit, lock=1 with embed=1, Korean, reduced motion. Screenshots of every step in
//! English and two in Korean go to `<target>/e2e-screenshots/lesson-*.png`.

use e2e::{Key, Page};
use lessons::lesson::{Act, Words, EN, KO, SOLUTIONS, STEPS};
use serde_json::json;

/// `s(selector)`: whether the element is there and shown (JavaScript, put before a check).
const SHOWN: &str =
    "const s = (q) => { const e = document.querySelector(q); return !!e && e.offsetParent !== null; };";

fn words(text: &str) -> Words {
    Words::parse(text).unwrap_or_else(|e| panic!("the Lesson's words: {e}"))
}

/// The Lesson panel's progress line, title and status line (`None` while it is hidden).
async fn lesson(page: &Page) -> Option<(String, String, String)> {
    let v = page
        .js("const l = document.getElementById('lesson');
             if (!l || l.hidden) return null;
             const t = (id) => document.getElementById(id).textContent.trim();
             return [t('lesson-progress'), t('lesson-title'), t('lesson-status')];")
        .await;
    let v = v.as_array()?;
    let s = |i: usize| v[i].as_str().unwrap_or_default().to_string();
    Some((s(0), s(1), s(2)))
}

/// Waits for the Lesson to show `progress` ("Step 3 of 13").
async fn wait_step(page: &Page, progress: &str) -> (String, String, String) {
    let want = progress.to_string();
    page.wait_for(
        &format!("the Lesson at {progress:?}"),
        async || lesson(page).await,
        |l| l.as_ref().is_some_and(|(p, _, _)| p.starts_with(want.as_str())),
    )
    .await
    .unwrap_or_default()
}

/// Clicks an element, as a user would (scrolled into view first).
async fn click(page: &Page, css: &str) {
    let el = page.element(css).await;
    page.scroll_to(&el).await;
    el.click().await.unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Drags the timeline's thumb to its right end with the mouse.
async fn drag_timeline_to_end(page: &Page) {
    let slider = page.element("#timeline").await;
    page.scroll_to(&slider).await;
    let width = slider.rect().await.map_or(200.0, |r| r.width);
    page.driver()
        .action_chain()
        .move_to_element_with_offset(&slider, -(width as i64) / 2 + 2, 0)
        .click_and_hold()
        .move_by_offset(width as i64, 0)
        .release()
        .perform()
        .await
        .unwrap_or_else(|e| panic!("cannot drag the timeline: {e}"));
    page.wait_timeline("the timeline dragged to its end", |v, max| max > 0.0 && v == max).await;
}

/// Does what a student does for one action of a step's solution, on the page.
async fn perform(page: &Page, act: Act) {
    match act {
        Act::Set(name, v) => page.set_input(name, &v.to_string()).await,
        Act::H(h) => {
            // The menu's first choice is 1e-1: Home on the focused menu picks it.
            assert_eq!(h, 1e-1, "the walk picks h by keyboard as the first choice");
            page.focus("#h").await;
            page.press(Key::Home).await;
            page.wait_js("h = 1e-1", "return document.getElementById('h').value === '1e-1'").await;
        }
        Act::PlayToEnd => drag_timeline_to_end(page).await,
        Act::Answer(text) => {
            click(page, "#lesson-answer").await;
            page.driver().action_chain().send_keys(text).perform().await.unwrap_or_else(|e| panic!("{e}"));
            page.press(Key::Enter).await;
        }
        Act::Collapse => click(page, "#expand").await,
        Act::Select(name) => {
            // Up and Down move the selection gate by gate (contract: circuit), the values
            // table marks the selected row: down until it is `name`'s.
            page.focus("#circuit").await;
            for _ in 0..20 {
                page.press(Key::Down).await;
                let at = page
                    .js_with(
                        "const r = document.querySelector('#values tr[aria-selected=true], #values tr.selected');
                         return r ? r.getAttribute('data-name') : null",
                        vec![],
                    )
                    .await;
                if at == json!(name) {
                    return;
                }
            }
            panic!("Down never selected {name}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_walks_the_whole_lesson_completing_every_task() {
    let page = Page::new().await;
    page.open("").await;
    let en = words(EN);
    let lesson_button = page.button("Lesson").await;
    assert_eq!(lesson_button.attr("aria-pressed").await.ok().flatten().as_deref(), Some("false"));
    page.click_button("Lesson").await;
    let n = STEPS.len();
    for (i, step) in STEPS.iter().enumerate() {
        let (progress, title, status) = wait_step(&page, &format!("Step {} of {n}", i + 1)).await;
        assert!(!progress.ends_with("done"), "step {} starts not done", i + 1);
        assert_eq!(title, en.of(step, "title"));
        assert_eq!(status, "", "step {} starts with nothing said", i + 1);
        assert_eq!(page.program().await, step.program, "step {} sets up its program", i + 1);
        page.screenshot(&format!("lesson-en-{:02}-{}", i + 1, step.id)).await;
        for &act in SOLUTIONS[i] {
            perform(&page, act).await;
        }
        // The done sentence, up to its first number.
        let done = en.of(step, "done");
        let head = done.split('{').next().unwrap_or_default().to_string();
        let (progress, _, status) = page
            .wait_for(
                &format!("step {} done", i + 1),
                async || lesson(&page).await.unwrap_or_default(),
                |l| l.0.ends_with("done") && l.2.starts_with(head.as_str()),
            )
            .await;
        assert!(progress.ends_with("done"), "{progress}");
        assert!(!status.contains('{'), "every marker filled: {status}");
        page.screenshot(&format!("lesson-en-{:02}-{}-done", i + 1, step.id)).await;
        let next = page.element("#lesson-next").await;
        if i + 1 < n {
            click(&page, "#lesson-next").await;
        } else {
            assert_eq!(
                next.attr("disabled").await.ok().flatten().as_deref(),
                Some("true"),
                "no step after the last"
            );
        }
    }
    // Progress is kept: the next visit's Lesson opens at the last step, every step done.
    let kept = page.js("return localStorage.getItem('lesson')").await;
    assert_eq!(kept, json!(format!("{n}:{}", "1".repeat(n))));
    page.open("").await;
    page.click_button("Lesson").await;
    let (progress, _, _) = wait_step(&page, &format!("Step {n} of {n}")).await;
    assert!(progress.ends_with("done"));
    click(&page, "#lesson-back").await;
    let (progress, _, _) = wait_step(&page, &format!("Step {} of {n}", n - 1)).await;
    assert!(progress.ends_with("done"), "steps done last visit stay done");
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_sends_step_5_and_a_locked_embed_still_teaches() {
    let page = Page::new().await;
    page.open("#lesson=5").await;
    let en = words(EN);
    let (_, title, _) = wait_step(&page, &format!("Step 5 of {}", STEPS.len())).await;
    assert_eq!(title, en.of(&STEPS[4], "title"));
    // The step's text is announced: it sits in a live region, the outcome in role=status.
    let roles = page
        .js("return [document.getElementById('lesson-step').getAttribute('aria-live'),
                     document.getElementById('lesson-status').getAttribute('role'),
                     document.querySelector('.lesson-here') && document.querySelector('.lesson-here').id]")
        .await;
    assert_eq!(roles, json!(["polite", "status", "gate-panel"]));
    // Next and Back by keyboard.
    page.focus("#lesson-next").await;
    page.press(Key::Enter).await;
    wait_step(&page, &format!("Step 6 of {}", STEPS.len())).await;
    page.wait_js("the link at step 6", "return location.hash.includes('lesson=6')").await;
    page.press(Key::Enter).await;
    wait_step(&page, &format!("Step 7 of {}", STEPS.len())).await;
    page.focus("#lesson-back").await;
    page.press(Key::Enter).await;
    wait_step(&page, &format!("Step 6 of {}", STEPS.len())).await;

    // Locked and embedded: the circuit, the Lesson and the one panel it points at.
    page.open("#lesson=3&lock=1&embed=1").await;
    wait_step(&page, &format!("Step 3 of {}", STEPS.len())).await;
    // The Lesson (its own module) and the page's embed mode settle in either order, and WebKit
    // once read the Numbers panel still hidden just after the step's title: wait for the
    // panel to show and the header to hide (its h1 stays, out of sight, for a screen reader),
    // then check the whole embed.
    page.wait_js(
        "step 3's Numbers panel shown in the embed",
        &format!("{SHOWN} return s('#numeric') && !s('header .lede');"),
    )
    .await;
    let shown = page
        .js(&format!(
            "{SHOWN} return [s('#lesson'), s('#numeric'), s('[data-panel=values]'), s('header .lede'),
                            document.getElementById('program').readOnly];"
        ))
        .await;
    assert_eq!(shown, json!([true, true, false, false, true]));
    perform(&page, Act::H(1e-1)).await;
    page.wait_js(
        "step 3 done",
        "return document.getElementById('lesson-status').textContent.startsWith('Done: at h = 0.1')",
    )
    .await;
    page.screenshot("lesson-embed-locked-03").await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lesson_speaks_korean() {
    let page = Page::new().await;
    let ko = words(KO);
    for (k, id) in [(1, "gradient"), (11, "sigma")] {
        page.navigate(&format!("/?lang=ko#lesson={k}")).await;
        page.wait_ready().await;
        page.wait_language("ko").await;
        let step = &STEPS[k - 1];
        assert_eq!(step.id, id);
        let (progress, title, _) = wait_step(&page, &format!("{}단계 중 {k}단계", STEPS.len())).await;
        assert!(!progress.is_empty());
        assert_eq!(title, ko.of(step, "title"));
        let lesson_button = page.js("return document.getElementById('lesson-open').textContent").await;
        assert_eq!(lesson_button, json!("레슨"));
        page.screenshot(&format!("lesson-ko-{k:02}-{id}")).await;
    }
    // The σ step, done in Korean.
    perform(&page, Act::Collapse).await;
    perform(&page, Act::Select("f")).await;
    page.wait_js(
        "σ step done",
        "return document.getElementById('lesson-status').textContent.startsWith('완료')",
    )
    .await;
    page.screenshot("lesson-ko-11-sigma-done").await;
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lesson_honours_reduced_motion() {
    let page = Page::new().await;
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    )
    .await;
    // The Lesson's CSS comes with it: wait until the pointed panel is outlined by it.
    let outlined = "const e = document.querySelector('.lesson-here');
                    return !!e && getComputedStyle(e).outlineStyle === 'solid'";
    let motion = "return getComputedStyle(document.querySelector('.lesson-here')).transitionDuration";
    page.open("#lesson=2").await;
    wait_step(&page, &format!("Step 2 of {}", STEPS.len())).await;
    page.wait_js("the pointed panel outlined", outlined).await;
    assert_eq!(page.js(motion).await, json!("0s"), "the pointed panel's outline does not animate");
    // Without the preference it does.
    page.cdp("Emulation.setEmulatedMedia", json!({"features": []})).await;
    page.open("#lesson=2").await;
    wait_step(&page, &format!("Step 2 of {}", STEPS.len())).await;
    page.wait_js("the pointed panel outlined", outlined).await;
    assert_eq!(page.js(motion).await, json!("0.3s"));
    page.finish().await;
}

/// Offline before the Lesson was ever fetched (before the service worker had it), Lesson
/// cannot load: the student is told so, and the circuit and the program stay as they were.
/// Here its words and style (`lesson/`) are missing from a copy of dist/.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lesson_that_cannot_load_says_so_and_the_circuit_stays() {
    let site = e2e::dist_copy("e2e-dist-without-the-lesson");
    std::fs::remove_dir_all(site.join("lesson"))
        .unwrap_or_else(|e| panic!("no lesson/ in the built page: {e}"));
    let page = Page::serving(&site).await;
    page.open("").await;
    let program = "a = 3\nb = 4\nf = a * b + a";
    page.paste_program(program).await;
    page.wait_for("row f to read 15 after the edit", async || page.row("f").await.value(), |v| *v == 15.0)
        .await;
    let failed = page.element("#lesson-failed").await;
    assert!(
        !failed.is_displayed().await.unwrap_or(true),
        "#lesson-failed is shown before Lesson was pressed"
    );
    click(&page, "#lesson-open").await;
    page.wait_for(
        "#lesson-failed to be shown after Lesson failed to load",
        async || failed.is_displayed().await.unwrap_or(false),
        |s| *s,
    )
    .await;
    assert_eq!(failed.attr("role").await.ok().flatten().as_deref(), Some("alert"));
    let text = failed.text().await.unwrap_or_default();
    assert!(text.contains("could not load") && text.contains("reload"), "#lesson-failed says {text:?}");
    assert_eq!(page.program().await, program, "a failed Lesson lost the program");
    assert_eq!(page.row("f").await.value(), 15.0, "a failed Lesson changed the circuit");
    assert!(
        !page.element("#crash").await.is_displayed().await.unwrap_or(true),
        "a failed load is not a crash"
    );
    page.screenshot("lesson-could-not-load").await;
    // Chromium's console logs the failed fetch; the other engines' tally (errors the page
    // raised) stays empty, since the page caught it.
    if page.engine().has_console_log() {
        page.finish_expecting_error("lesson/en.txt").await;
    } else {
        page.finish().await;
    }
}
