//! The "+= at forks" lesson (issue 5): the toggle shows the gradients plain assignment
//! would leave beside the right ones, and their difference.

use e2e::{Key, Page};

use crate::engine::{row, wait_matches_engine};

/// The fork table's rows as texts, and the note under it.
async fn fork_table(page: &Page) -> (Vec<Vec<String>>, String) {
    let v = page
        .js("const t = document.getElementById('fork-table'), n = document.getElementById('fork-note');
             if (!t || !n || t.hidden) return null;
             return [Array.from(t.tBodies[0].rows).map(tr => Array.from(tr.cells).map(c => c.textContent)
                       .concat([tr.className])), n.textContent];")
        .await;
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("no #fork-table shown ({e}): {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assigning_at_a_fork_shows_the_lost_gradient() {
    let page = Page::new().await;
    page.open("").await;
    page.paste_program("x = 3\nf = x * x").await;
    wait_matches_engine(&page, "x * x").await;
    // The toggle, by keyboard.
    page.focus("#assign").await;
    page.press(Key::Space).await;
    page.wait_js("the fork table", "return !document.getElementById('fork-table').hidden && document.getElementById('fork-note').textContent !== ''").await;
    let toggle = page.button("Use = instead of += at forks").await;
    assert_eq!(toggle.attr("aria-pressed").await.ok().flatten().as_deref(), Some("true"));
    // d(x*x)/dx = 2x = 6; with =, the second use's 3 overwrites the first's.
    let (rows, note) = fork_table(&page).await;
    assert_eq!(rows, [["x", "6", "3", "3", "bad"]], "{note}");
    assert!(note.starts_with("1 gradient(s) come out wrong with ="), "{note}");
    page.screenshot("fork").await;
    let hash =
        page.wait_js("fork=1 in the link", "return location.hash.includes('&fork=1') && location.hash").await;
    assert!(hash.as_str().unwrap_or_default().contains("p="));

    // micrograd's example forks a lot: each shown row's right gradient is the engine's, and
    // the difference is right minus assigned.
    page.choose_example("micrograd").await;
    let (_, rows_now, _) = wait_matches_engine(&page, "micrograd").await;
    let (rows, _) = page
        .wait_for("the micrograd fork table", async || fork_table(&page).await, |(r, _)| r.len() > 1)
        .await;
    let mut wrong = 0;
    for r in &rows {
        let num = |k: usize| r[k].parse::<f64>().unwrap_or_else(|e| panic!("{r:?}: {e}"));
        if rows_now.contains_key(&r[0]) {
            let want = row(&rows_now, &r[0]).grad();
            assert!((num(1) - want).abs() <= 1e-3 * want.abs().max(1.0), "{r:?} vs engine {want}");
        }
        assert!((num(1) - num(2) - num(3)).abs() <= 1e-3 * num(1).abs().max(1.0), "{r:?}");
        if r[4] == "bad" {
            wrong += 1;
            assert_ne!(num(3), 0.0, "{r:?}");
        }
    }
    assert!(wrong > 0, "micrograd's forks lose contributions: {rows:?}");

    // No fork, no difference: the note says so.
    page.choose_example("fxyz").await;
    wait_matches_engine(&page, "fxyz").await;
    let (rows, note) = page
        .wait_for("the fxyz note", async || fork_table(&page).await, |(_, n)| n.starts_with("No value"))
        .await;
    assert!(rows.is_empty(), "{rows:?} ({note})");
    page.finish().await;
}
