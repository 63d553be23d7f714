//! The notebook widget (the Python package's `Circuit`, from the wheel of dist/python) in a
//! real notebook host: marimo from PyPI, which loads it through the anywidget package from a
//! string, as Jupyter does. `cargo xtask test` installs the pinned host into the tools folder
//! and names its `marimo` command in `BACKPROP_MARIMO`, and the wheel's package folder in
//! `BACKPROP_PYTHONPATH`. The notebook shows the circuit and a cell that reads it back in
//! Python; a marimo button sets the inputs from Python; a key press edits an input in the
//! browser, and Python computes the new output. The circuit takes marimo's theme, light and
//! dark, not the browser's, and follows a switch while open. JupyterLab's test is jupyter.rs.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{target_dir, Page};
use serde_json::json;
use thirtyfour::prelude::*;

const NOTEBOOK: &str = r#"import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from backprop_playground import Circuit

    widget = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    circuit = mo.ui.anywidget(widget)

    def move(_):
        widget.values = "x=1 y=5 z=-4"

    button = mo.ui.button(label="x = 1", on_click=move)
    mo.vstack([circuit, button])
    return (button, circuit, mo, widget)


@app.cell
def _(button, circuit, mo, widget):
    # Runs again when the circuit changes in the browser or the button is pressed, and reads
    # what the kernel computed.
    _ = (button.value, circuit.value)
    mo.md(f"<p id='readback'>f = {widget.value}, dz = {widget.grads.get('z')}, values {widget.values}</p>")
    return
"#;

/// Finds the first element, through every shadow root, that `pick` accepts (marimo renders
/// outputs and widgets inside shadow roots of its own).
const DEEP: &str = "const deep = (root, pick) => {
      for (const el of root.querySelectorAll('*')) {
        if (pick(el)) return el;
        if (el.shadowRoot) { const found = deep(el.shadowRoot, pick); if (found) return found; }
      }
      return null;
    };
    const circuit = deep(document, (e) => e.localName === 'backprop-circuit');
    const readback = deep(document, (e) => e.id === 'readback');";

/// A notebook server (marimo, JupyterLab) running a notebook, stopped with the test.
pub(crate) struct Host(pub(crate) Child);

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"))
}

/// The folder holding the package `backprop_playground` (the wheel, installed there alone by
/// `cargo xtask test`), for the hosts' `PYTHONPATH`.
pub(crate) fn python_path() -> std::ffi::OsString {
    std::env::var_os("BACKPROP_PYTHONPATH").unwrap_or_else(|| {
        panic!("BACKPROP_PYTHONPATH names no folder with the wheel's package: run this suite with `cargo xtask test e2e`")
    })
}

/// Waits until `url` answers with a success, or fails naming the host's log.
pub(crate) async fn wait_answering(url: &str, host: &str, log: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if reqwest::get(url).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{host} did not answer at {url} within 90 s; see {}",
            log.display()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Starts `marimo run` on the notebook in `folder` and waits until it answers.
async fn start_host(folder: &PathBuf) -> (Host, String) {
    let marimo = std::env::var_os("BACKPROP_MARIMO").unwrap_or_else(|| {
        panic!("BACKPROP_MARIMO names no marimo command: run this suite with `cargo xtask test e2e`, which installs it")
    });
    let port = free_port().to_string();
    let log = std::fs::File::create(folder.join("marimo.log")).unwrap_or_else(|e| panic!("{e}"));
    let child = Command::new(marimo)
        .args(["run", "notebook.py", "--headless", "--host", "127.0.0.1", "--port", &port, "--no-token"])
        .current_dir(folder)
        .env("PYTHONPATH", python_path())
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap_or_else(|e| panic!("{e}")))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start marimo: {e}"));
    let host = Host(child);
    let origin = format!("http://127.0.0.1:{port}");
    wait_answering(&origin, "marimo", &folder.join("marimo.log")).await;
    (host, origin)
}

/// The circuit's output in the browser and the read-back cell's text, once `ready` holds.
async fn wait_state(page: &Page, what: &str, ready: &str) -> serde_json::Value {
    page.wait_js(
        what,
        &format!(
            "{DEEP}
             if (!circuit || !readback) return false;
             const state = [circuit.value, readback.textContent];
             return ({ready}) && state;"
        ),
    )
    .await
}

/// Waits until marimo's theme is `theme` and the circuit (drawn, with the kernel's -12) has
/// taken it; returns the sum of the red, green and blue of the canvas's background.
async fn background_in(page: &Page, theme: &str) -> f64 {
    let bg = page
        .wait_js(
            &format!("the circuit drawn in marimo's {theme} theme"),
            &format!(
                "{DEEP}
                 if (document.body.dataset.theme !== '{theme}' || !circuit || !readback) return false;
                 if (circuit.getAttribute('theme') !== '{theme}' || circuit.value !== -12) return false;
                 const c = circuit.shadowRoot.querySelector('canvas');
                 const bg = c.width > 1 ? Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data) : [];
                 return bg[3] === 255 && bg.slice(0, 3);"
            ),
        )
        .await;
    bg.as_array().map(|c| c.iter().filter_map(serde_json::Value::as_f64).sum()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_computes_in_marimo_and_python_reads_and_sets_its_values() {
    let folder = target_dir().join("e2e-notebook");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("notebook.py"), NOTEBOOK).unwrap_or_else(|e| panic!("{e}"));
    let (_host, origin) = start_host(&folder).await;

    let page = Page::new().await;
    page.driver().goto(&origin).await.unwrap_or_else(|e| panic!("cannot open {origin}: {e}"));
    // The kernel computes (floats, as the engine computed them), and the circuit draws the same.
    let first = "f = -12.0, dz = 3.0, values x=-2 y=5 z=-4";
    let state =
        wait_state(&page, "the circuit, and Python's read-back", &format!("state[1] === '{first}'")).await;
    assert_eq!(state, json!([-12, first]));
    // marimo's theme (light by default), not the browser's scheme, is the circuit's.
    assert_eq!(page.js(&format!("{DEEP} return circuit.getAttribute('theme');")).await, json!("light"));
    page.screenshot("notebook-marimo").await;

    // Python sets the inputs (a button's callback in the notebook): the circuit follows.
    let clicked = page
        .js(&format!(
            "{DEEP}
             const button = deep(document, (e) => e.localName === 'button' && e.textContent.includes('x = 1'));
             if (!button) return false;
             button.click();
             return true;"
        ))
        .await;
    assert_eq!(clicked, json!(true), "no 'x = 1' button in the notebook");
    let moved = "f = -24.0, dz = 6.0, values x=1 y=5 z=-4";
    let state = wait_state(&page, "f = (1 + 5)(-4)", &format!("state[1] === '{moved}'")).await;
    assert_eq!(state, json!([-24, moved]));

    // A student raises x with the keyboard: the edit goes back to Python as the new values,
    // the kernel computes the new output, and the edit stays.
    let focused = page
        .js(&format!(
            "{DEEP}
             circuit.shadowRoot.querySelector('canvas').focus();
             return circuit.shadowRoot.activeElement?.localName;"
        ))
        .await;
    assert_eq!(focused, json!("canvas"));
    page.press(Key::Up).await;
    let state = wait_state(
        &page,
        "x raised to 1.1",
        "state[1].startsWith('f = -24.4') && state[1].endsWith('values x=1.1 y=5 z=-4')",
    )
    .await;
    assert!((state[0].as_f64().unwrap_or_default() + 24.4).abs() < 1e-9, "{state}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let state = wait_state(&page, "the edit kept", "true").await;
    assert!((state[0].as_f64().unwrap_or_default() + 24.4).abs() < 1e-9, "the edit was undone: {state}");

    // marimo dark (here from the address's `?theme=`, as a user's setting would): marimo marks
    // it on the body as `data-theme="dark"`, and the circuit takes it and draws on a dark
    // background although the browser's own scheme is light.
    let dark = format!("{origin}/?theme=dark");
    page.driver().goto(&dark).await.unwrap_or_else(|e| panic!("cannot open {dark}: {e}"));
    let bg = background_in(&page, "dark").await;
    assert!(bg < 150.0, "the circuit's background in marimo dark is not dark: {bg}");
    page.screenshot("notebook-marimo-dark").await;

    // A switch while open: marimo's "system" theme follows the browser's scheme, so turning the
    // scheme dark makes marimo rewrite its `data-theme`, and the circuit (its theme set to
    // light until then, so the browser's scheme alone would not change it) follows.
    let system = format!("{origin}/?theme=system");
    page.driver().goto(&system).await.unwrap_or_else(|e| panic!("cannot open {system}: {e}"));
    let bg = background_in(&page, "light").await;
    assert!(bg > 600.0, "the circuit's background in marimo light is not light: {bg}");
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    )
    .await;
    let bg = background_in(&page, "dark").await;
    assert!(bg < 150.0, "the circuit's background after marimo switched to dark is not dark: {bg}");
    page.screenshot("notebook-marimo-switched-dark").await;
    page.cdp("Emulation.setEmulatedMedia", json!({"features": []})).await;
    page.finish_at(&origin).await;
}
