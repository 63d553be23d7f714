//! The Code panel (issue 5): the program as cs231n's staged code and as Deep Learning from
//! Scratch's layers; the highlighted line follows the animation's step, and clicking a
//! line selects its gate.

use e2e::{Key, Page};
use serde_json::json;

use crate::classroom::shown;
use crate::engine::wait_matches_engine;

/// The panel's lines, and the highlighted one's text.
async fn lines(page: &Page) -> (Vec<String>, Option<String>) {
    let v = page
        .js("const ol = document.getElementById('code-lines');
             if (!ol) return null;
             const now = ol.querySelectorAll('li.now');
             if (now.length > 1) return 'two highlighted lines';
             return [Array.from(ol.children).map(li => li.textContent),
                     now.length ? now[0].textContent : null];")
        .await;
    let pair: (Vec<String>, Option<String>) =
        serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("no #code-lines as expected ({e}): {v}"));
    pair
}

/// Waits until the highlighted line is `want` (`None`: no line).
async fn wait_highlight(page: &Page, what: &str, want: Option<&str>) {
    page.wait_for(what, async || lines(page).await.1, |now| now.as_deref() == want).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_code_panel_follows_the_step_and_selects_gates() {
    let page = Page::new().await;
    page.open("#ex=fxyz").await;
    wait_matches_engine(&page, "f = (x + y) z").await;
    assert!(!shown(&page, "#code-panel").await, "the panel starts closed");
    let button = page.button("Code").await;
    assert_eq!(page.accessible_name(&button).await, "Code");
    page.click_button("Code").await;
    page.wait_js("the Code panel", "return document.getElementById('code-lines').children.length > 0").await;
    assert!(shown(&page, "#code-panel").await);
    assert_eq!(button.attr("aria-pressed").await.ok().flatten().as_deref(), Some("true"));

    // cs231n's staged code, with the engine's numbers.
    let (code, now) = lines(&page).await;
    for want in [
        "x = -2; y = 5; z = -4",
        "q = x + y # q becomes 3",
        "f = q * z # f becomes -12",
        "df = 1",
        "dx = dy = dz = dq = 0",
        "dq += z * df # dq becomes -4",
        "dz += q * df # dz becomes 3",
        "dx += 1 * dq # dx becomes -4",
        "dy += 1 * dq # dy becomes -4",
    ] {
        assert!(code.iter().any(|l| l == want), "no line {want:?} in {code:#?}");
    }
    assert_eq!(now, None, "nothing is highlighted before a run");

    // Step through the animation with the keyboard: the highlight follows every event.
    let expected = [
        "x = -2; y = 5; z = -4",
        "q = x + y # q becomes 3",
        "f = q * z # f becomes -12",
        "df = 1",
        "dq += z * df # dq becomes -4",
        "dz += q * df # dz becomes 3",
        "dx += 1 * dq # dx becomes -4",
        "dy += 1 * dq # dy becomes -4",
    ];
    page.focus("#circuit").await;
    for (k, want) in expected.iter().enumerate() {
        page.press(Key::Right).await;
        wait_highlight(&page, &format!("step {}", k + 1), Some(want)).await;
    }
    let current =
        page.js("return document.querySelector('#code-lines li.now').getAttribute('aria-current')").await;
    assert_eq!(current, json!("step"));
    page.press(Key::Left).await;
    wait_highlight(&page, "a step back", Some(expected[6])).await;
    page.screenshot("code-panel").await;

    // Deep Learning from Scratch's layers: one backward line per gate.
    // The style menu, by keyboard: Down picks the next option.
    page.focus("#code-style").await;
    page.press(Key::Down).await;
    page.wait_js(
        "the layers style",
        "return document.getElementById('code-lines').textContent.includes('MulLayer')",
    )
    .await;
    let (code, _) = lines(&page).await;
    for want in [
        "mul_layer = MulLayer()",
        "f = mul_layer.forward(q, z) # f becomes -12",
        "dx, dy = add_layer.backward(dq)",
    ] {
        assert!(code.iter().any(|l| l == want), "no line {want:?} in {code:#?}");
    }
    wait_highlight(&page, "the add layer's backward", Some("dx, dy = add_layer.backward(dq)")).await;
    // The link keeps the panel and its style.
    page.wait_js("code=layers in the link", "return location.hash.includes('&code=layers')").await;

    // A click on a line selects its gate; Enter on a focused line does too.
    let mul = page.element("#code-lines li:nth-child(2)").await;
    mul.click().await.unwrap_or_else(|e| panic!("{e}"));
    page.wait_js(
        "the * gate selected",
        "return document.querySelector('#gate-panel h2').textContent.includes('*')",
    )
    .await;
    page.focus("#code-lines li[data-line='0']").await;
    page.press(Key::Enter).await;
    page.wait_js(
        "the + gate selected",
        "return document.querySelector('#gate-panel h2').textContent.includes('+')",
    )
    .await;

    // Closed again by the same button.
    page.click_button("Code").await;
    page.wait_js("the panel closed", "return document.getElementById('code-panel').hidden").await;
    page.finish().await;
}
