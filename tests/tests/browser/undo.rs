//! Undo and Redo (issue 5): every kind of edit comes back, by the buttons and by
//! Ctrl+Z / Ctrl+Shift+Z, and a text field keeps its own undo.

use e2e::{Key, Page};
use serde_json::json;

use crate::engine::{row, wait_matches_engine};

/// Whether the Undo and Redo buttons are enabled.
async fn enabled(page: &Page) -> (bool, bool) {
    let v = page
        .js("const u = document.getElementById('undo'), r = document.getElementById('redo');
             return u && r ? [!u.disabled, !r.disabled] : null")
        .await;
    let v = v.as_array().unwrap_or_else(|| panic!("no #undo and #redo buttons (contract: undo)")).clone();
    (v[0] == json!(true), v[1] == json!(true))
}

/// Ctrl (with Shift if `shift`) + Z on whatever has focus, as a real key press.
async fn ctrl_z(page: &Page, shift: bool) {
    let mut chain = page.driver().action_chain().key_down(Key::Control);
    if shift {
        chain = chain.key_down(Key::Shift);
    }
    chain = chain.send_keys("z");
    if shift {
        chain = chain.key_up(Key::Shift);
    }
    chain.key_up(Key::Control).perform().await.unwrap_or_else(|e| panic!("cannot press Ctrl+Z: {e}"));
}

/// Waits until the page's program is `want` and the table matches the engine for it.
async fn wait_program(page: &Page, what: &str, want: &str) -> f64 {
    page.wait_for(&format!("the program to be back ({what})"), async || page.program().await, |p| p == want)
        .await;
    let (_, rows, _) = wait_matches_engine(page, what).await;
    // Every program here calls its output f.
    row(&rows, "f").value()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_and_redo_walk_back_and_forth_through_every_edit() {
    let page = Page::new().await;
    page.open("").await;
    let start = page.program().await;
    assert_eq!(wait_program(&page, "start", &start).await, -12.0);
    assert_eq!(enabled(&page).await, (false, false), "nothing to undo or redo at the start");
    let undo = page.button("Undo").await;
    let redo = page.button("Redo").await;
    assert_eq!(page.accessible_name(&undo).await, "Undo");
    assert_eq!(page.accessible_name(&redo).await, "Redo");

    // Three edits of three kinds: an input value, the program, an example.
    page.set_input("x", "3").await;
    assert_eq!(wait_program(&page, "x = 3", &start).await, -32.0);
    let program = "x = 1\ny = 2\nf = x * y";
    page.paste_program(program).await;
    assert_eq!(wait_program(&page, "pasted program", program).await, 2.0);
    page.choose_example("max").await;
    let max_program = page.program().await;
    assert_eq!(wait_program(&page, "max example", &max_program).await, -20.0);
    assert_eq!(enabled(&page).await, (true, false));

    // Back with the button, then with the keyboard (focus on the button, not a field).
    undo.click().await.unwrap_or_else(|e| panic!("cannot click Undo: {e}"));
    assert_eq!(wait_program(&page, "undo the example", program).await, 2.0);
    ctrl_z(&page, false).await;
    assert_eq!(wait_program(&page, "undo the program", &start).await, -32.0);
    ctrl_z(&page, false).await;
    assert_eq!(wait_program(&page, "undo the value", &start).await, -12.0);
    assert_eq!(page.row("x").await.value.as_deref(), Some("-2"), "x is back to its literal");
    assert_eq!(enabled(&page).await, (false, true), "back at the start");

    // Forward again: Redo, Ctrl+Shift+Z.
    redo.click().await.unwrap_or_else(|e| panic!("cannot click Redo: {e}"));
    assert_eq!(wait_program(&page, "redo the value", &start).await, -32.0);
    ctrl_z(&page, true).await;
    assert_eq!(wait_program(&page, "redo the program", program).await, 2.0);
    ctrl_z(&page, true).await;
    assert_eq!(wait_program(&page, "redo the example", &max_program).await, -20.0);
    assert_eq!(enabled(&page).await, (true, false), "at the newest edit");

    // A new edit after an undo drops what could be redone.
    undo.click().await.unwrap_or_else(|e| panic!("cannot click Undo: {e}"));
    wait_program(&page, "undo once more", program).await;
    page.set_input("y", "5").await;
    assert_eq!(enabled(&page).await, (true, false), "a new edit clears Redo");

    // In the program editor, Ctrl+Z is the editor's own undo, not the page's: whatever it
    // does to the text is a new edit, so there is still nothing to redo.
    page.focus("#program").await;
    ctrl_z(&page, false).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!enabled(&page).await.1, "Ctrl+Z in the editor ran the page's undo");
    page.finish().await;
}

/// The example menu's shown choice: the selected option's visible text.
async fn menu_shows(page: &Page) -> String {
    let v =
        page.js("const s = document.getElementById('example'); return s.options[s.selectedIndex].text").await;
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_menu_says_your_program_once_the_program_is_changed() {
    let page = Page::new().await;
    page.open("").await;
    wait_matches_engine(&page, "the first circuit").await;
    assert_eq!(menu_shows(&page).await, "f = (x + y) z");

    // An input value is not a new program: the example stays named.
    page.set_input("x", "3").await;
    wait_matches_engine(&page, "x = 3").await;
    assert_eq!(menu_shows(&page).await, "f = (x + y) z");

    let program = "x = 1\ny = 2\nf = x * y";
    page.paste_program(program).await;
    wait_program(&page, "pasted program", program).await;
    page.wait_for("the menu to say Your program", async || menu_shows(&page).await, |s| s == "Your program")
        .await;
    // ... also after a reload of its link, and it cannot be chosen from the menu.
    let hash = page.wait_hash_with("x:1").await;
    page.open(&hash).await;
    assert_eq!(menu_shows(&page).await, "Your program");
    let hidden = page.js("return document.querySelector('#example option[value=\"\"]').hidden").await;
    assert_eq!(hidden, json!(true), "Your program is shown, not offered");

    page.choose_example("max").await;
    assert_eq!(menu_shows(&page).await, "Max gate");
    page.click_button("Undo").await;
    wait_program(&page, "undone example", program).await;
    assert_eq!(menu_shows(&page).await, "Your program");
    page.finish().await;
}
