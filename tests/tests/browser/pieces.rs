//! The page in pieces (docs/pieces.md): a panel's piece of the wasm is fetched the first
//! time the panel opens, and one that cannot be fetched (offline, never cached) says so in
//! its panel while the circuit and the student's program stay; it is asked for again the
//! next time the panel opens.

use e2e::Page;

use crate::engine::wait_matches_engine;

/// Whether `selector`'s panel shows its "could not load" message.
async fn says_failed(page: &Page, selector: &str) -> bool {
    let v = page
        .js(&format!(
            "const p = document.querySelector('{selector} > .piece-failed');
             return !!p && p.offsetParent !== null && p.getAttribute('role') === 'alert'
               && /could not load/.test(p.textContent);"
        ))
        .await;
    v.as_bool().unwrap_or(false)
}

/// The files of a built page that are pieces of its wasm (`split_*`, `chunk_*`, in every
/// language).
pub fn piece_files(site: &std::path::Path) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(site).unwrap_or_else(|e| panic!("cannot list {}: {e}", site.display()));
    let files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
        })
        .collect();
    assert!(!files.is_empty(), "no pieces (split_*.wasm) in {}: is it a split build?", site.display());
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panel_that_cannot_load_says_so_and_the_circuit_stays_then_loads_next_time() {
    let site = e2e::dist_copy("e2e-dist-without-pieces");
    let aside = e2e::dist_copy("e2e-dist-pieces-aside");
    for file in piece_files(&site) {
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("cannot remove {}: {e}", file.display()));
    }
    let page = Page::serving(&site).await;
    page.open("").await;
    wait_matches_engine(&page, "the first circuit, without its pieces").await;
    let program = "a = 3\nb = 4\nf = a * b + a";
    page.paste_program(program).await;
    page.wait_for("row f to read 15 after the edit", async || page.row("f").await.value(), |v| *v == 15.0)
        .await;

    page.click_button("Code").await;
    page.wait_for(
        "the Code panel to say it could not load",
        async || says_failed(&page, "#code-panel").await,
        |s| *s,
    )
    .await;
    page.click_button("Use = instead of += at forks").await;
    page.wait_for(
        "the fork table to say it could not load",
        async || says_failed(&page, "#fork").await,
        |s| *s,
    )
    .await;
    page.screenshot("pieces-could-not-load").await;
    page.click_button("Quiz").await;
    page.wait_for(
        "the Quiz to say it could not load",
        async || says_failed(&page, "#quiz-form").await,
        |s| *s,
    )
    .await;
    page.click_button("Quiz").await;
    assert_eq!(page.program().await, program, "a piece that failed lost the program");
    assert_eq!(page.row("f").await.value(), 15.0, "a piece that failed changed the circuit");
    assert!(
        !page.element("#crash").await.is_displayed().await.unwrap_or(true),
        "a piece that failed is not a crash"
    );

    // The network is back: the next opening asks again, and the panel fills.
    for file in piece_files(&aside) {
        let to = site.join(file.file_name().unwrap_or_default());
        std::fs::copy(&file, &to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", file.display()));
    }
    page.click_button("Code").await;
    page.click_button("Code").await;
    page.wait_js(
        "the Code panel's lines once its piece can be fetched",
        "return document.getElementById('code-lines').children.length > 0",
    )
    .await;
    assert!(!says_failed(&page, "#code-panel").await, "the Code panel still says it could not load");
    assert!(
        page.js("return !document.querySelector('#code-panel > .piece-failed')")
            .await
            .as_bool()
            .unwrap_or(false),
        "the message stays in the Code panel after its piece arrived"
    );
    assert_eq!(page.row("f").await.value(), 15.0);
    // The failed fetches (404, in Chromium's log) name the pieces' files, and the
    // splitter's loader reports each failed load with `console.error` from
    // `__wasm_split.js` (every engine): each error is about a wasm piece, and no other.
    page.finish_expecting_error("wasm").await;
}
