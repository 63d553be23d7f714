//! The notebook widget in a real JupyterLab 4 (server, kernel and anywidget from PyPI,
//! pinned; `cargo xtask test` names its `jupyter-lab` in `BACKPROP_JUPYTER` and the wheel's
//! package folder in `BACKPROP_PYTHONPATH`), as an instructor uses it: Run All prints the
//! numbers the kernel computed at once; a student's drag reaches Python's `value` and
//! `values`, and a second view of the widget follows; the circuit takes JupyterLab's theme
//! and is still drawn after a switch. And `jupyter nbconvert --execute`, how courses check
//! and publish notebooks, prints the same numbers with no browser at all.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use e2e::{target_dir, Page};
use serde_json::{json, Value};

use crate::notebook::{free_port, python_path, wait_answering, Host};

/// The notebook's cells: the widget, the print an instructor's next line is, a second view
/// of the same widget, a cell that reads it again after a drag, and the teacher's reset.
const CELLS: &[&str] = &[
    "from backprop_playground import Circuit\nc = Circuit(program=\"q = x + y; f = q * z\", values=\"x=-2 y=5 z=-4\")\nc",
    "print(c.value, c.grads)",
    "c",
    "print(\"now\", c.value, c.values)",
    "c.values = \"x=-2 y=5 z=-4\"\nprint(\"reset\", c.value)",
];

/// What the print cell shows: the kernel's floats.
const PRINTED: &str = "-12.0 {'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}";

fn notebook() -> String {
    let cells: Vec<Value> = CELLS
        .iter()
        .map(|source| {
            json!({"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": source})
        })
        .collect();
    json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5
    })
    .to_string()
}

/// The pinned JupyterLab's `jupyter-lab`; `jupyter` is beside it.
fn jupyter_lab() -> PathBuf {
    std::env::var_os("BACKPROP_JUPYTER").map(PathBuf::from).unwrap_or_else(|| {
        panic!("BACKPROP_JUPYTER names no jupyter-lab command: run this suite with `cargo xtask test e2e`, which installs it")
    })
}

/// A folder with the notebook, and a Jupyter of its own there: no settings, workspaces or
/// runtime files from anywhere else, so every run opens JupyterLab as a new user does.
fn fresh_folder(name: &str) -> PathBuf {
    let folder = target_dir().join(name);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("widget.ipynb"), notebook()).unwrap_or_else(|e| panic!("{e}"));
    // No "get notified about Jupyter news?" toast over the notebook: the answer a user gives.
    let settings = folder.join(".jupyter-home/settings/@jupyterlab/apputils-extension");
    std::fs::create_dir_all(&settings).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(settings.join("notification.jupyterlab-settings"), r#"{"fetchNews": "false"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    folder
}

fn jupyter_env(cmd: &mut Command, folder: &Path) {
    let home = folder.join(".jupyter-home");
    cmd.env("PYTHONPATH", python_path())
        .env("JUPYTER_CONFIG_DIR", home.join("config"))
        .env("JUPYTER_RUNTIME_DIR", home.join("runtime"))
        .env("JUPYTERLAB_SETTINGS_DIR", home.join("settings"))
        .env("JUPYTERLAB_WORKSPACES_DIR", home.join("workspaces"))
        .env("IPYTHONDIR", home.join("ipython"))
        .current_dir(folder);
}

/// Starts JupyterLab on a free loopback port with a token; returns it and the notebook's URL.
async fn start_lab(folder: &Path) -> (Host, String, String) {
    let port = free_port().to_string();
    let token = format!("e2e{}", std::process::id());
    let log_path = folder.join("jupyter.log");
    let log = std::fs::File::create(&log_path).unwrap_or_else(|e| panic!("{e}"));
    let mut cmd = Command::new(jupyter_lab());
    jupyter_env(&mut cmd, folder);
    cmd.args(["--no-browser", "--allow-root", "--ip=127.0.0.1"])
        .arg(format!("--port={port}"))
        .arg(format!("--ServerApp.token={token}"))
        // The tests drive JupyterLab's own commands (the menus' Run All, the theme switch)
        // through its application object.
        .arg("--LabApp.expose_app_in_browser=True")
        // No news or update checks: the machine has no internet, and a test asks nothing of it.
        .arg("--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate")
        .arg("--LabApp.news_url=")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap_or_else(|e| panic!("{e}")))
        .stderr(log);
    let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start JupyterLab: {e}"));
    let host = Host(child);
    let origin = format!("http://127.0.0.1:{port}");
    wait_answering(&format!("{origin}/api/status?token={token}"), "JupyterLab", &log_path).await;
    (host, origin.clone(), format!("{origin}/lab/tree/widget.ipynb?token={token}"))
}

/// The text of cell `n`'s output (0-based), "" when it has none.
async fn output(page: &Page, n: usize) -> String {
    page.js_with(
        "const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[arguments[0]];
         const out = cell && cell.querySelector('.jp-OutputArea-output');
         return out ? out.innerText.trim() : '';",
        vec![json!(n)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Waits until cell `n`'s output passes `accept` (JavaScript over `text`) and returns it.
async fn wait_output(page: &Page, what: &str, n: usize, accept: &str) -> String {
    let v = page
        .wait_js_with(
            what,
            &format!(
                "const cell = document.querySelectorAll('.jp-Notebook .jp-Cell')[arguments[0]];
                 const out = cell && cell.querySelector('.jp-OutputArea-output');
                 const text = out ? out.innerText.trim() : '';
                 return ({accept}) && text;"
            ),
            vec![json!(n)],
        )
        .await;
    v.as_str().unwrap_or_default().to_string()
}

/// Runs one of JupyterLab's commands, as its menus and shortcuts do.
async fn command(page: &Page, id: &str, args: Value) {
    let done = page
        .js_with(
            "const app = window.jupyterapp;
             if (!app) return 'no window.jupyterapp';
             app.commands.execute(arguments[0], arguments[1]);
             return 'ok';",
            vec![json!(id), args],
        )
        .await;
    assert_eq!(done, json!("ok"), "cannot run JupyterLab's {id}");
}

/// Every view's circuit: [value, canvas width, canvas height, theme attribute, painted?].
const VIEWS: &str = "return Array.from(document.querySelectorAll('backprop-circuit')).map((el) => {
       const c = el.shadowRoot.querySelector('canvas');
       let painted = 0;
       if (c.width > 1 && c.height > 1) {
         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
         for (let i = 0; i < d.length; i += 4 * 97) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) painted++;
       }
       const bg = c.width > 1 ? Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3)) : [];
       return [el.value, c.width, c.height, el.getAttribute('theme'), painted > 20, bg];
     });";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_all_in_jupyterlab_prints_the_numbers_a_drag_reaches_python_and_the_theme_follows() {
    let folder = fresh_folder("e2e-jupyter");
    let (_host, origin, url) = start_lab(&folder).await;
    let page = Page::new().await;
    page.driver().goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    page.wait_js(
        "the notebook open with its kernel idle",
        "const app = window.jupyterapp;
         const panel = app && app.shell.currentWidget;
         const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
         return !!kernel && kernel.status === 'idle' && document.querySelectorAll('.jp-Notebook .jp-Cell').length === 5;",
    )
    .await;

    // Run All: the print cell, queued behind the widget's, reads the kernel's numbers.
    command(&page, "notebook:run-all-cells", json!({})).await;
    let printed = wait_output(&page, "the print cell's output", 1, "text.length > 0").await;
    assert_eq!(printed, PRINTED, "Run All printed something else");
    let views = page
        .wait_js(
            "two views of the circuit, drawn",
            &format!(
                "const v = (() => {{ {VIEWS} }})(); return v.length === 2 && v.every((x) => x[4]) && v;"
            ),
        )
        .await;
    assert_eq!(views[0][0], json!(-12), "{views}");
    assert_eq!(views[1][0], json!(-12), "{views}");
    assert_eq!(views[0][3], json!("light"), "the circuit takes JupyterLab's light theme: {views}");
    page.screenshot("jupyterlab-light-after-run-all").await;

    // A student drags an input of the first view: Python's value and values follow, and so
    // does the second view.
    let at = page.first_value_label("document.querySelectorAll('backprop-circuit')[0]").await;
    page.drag_right(at, 80).await;
    let views = page
        .wait_js(
            "both views at the dragged value",
            &format!(
                "const v = (() => {{ {VIEWS} }})(); return v[0][0] !== -12 && v[1][0] === v[0][0] && v;"
            ),
        )
        .await;
    let dragged = views[0][0].as_f64().unwrap_or_default();
    // Run the last cell alone: select it, then run it.
    page.js(
        "const panel = window.jupyterapp.shell.currentWidget; panel.content.activeCellIndex = 3; return 1;",
    )
    .await;
    command(&page, "notebook:run-cell", json!({})).await;
    let now = wait_output(
        &page,
        "the read-back cell after the drag",
        3,
        "text.startsWith('now ') && !text.includes(' -12.0 ')",
    )
    .await;
    let mut words = now.split(' ');
    assert_eq!(words.next(), Some("now"));
    let value: f64 =
        words.next().and_then(|w| w.parse().ok()).unwrap_or_else(|| panic!("no value in {now:?}"));
    assert_eq!(value, dragged, "Python's value after the drag is not the circuit's: {now:?}");
    let values = words.collect::<Vec<_>>().join(" ");
    assert_ne!(values, "x=-2 y=5 z=-4", "c.values still says the old inputs after the drag: {now:?}");
    assert_eq!(values.split(' ').count(), 3, "{now:?}");
    page.screenshot("jupyterlab-light-after-drag").await;

    // The teacher's cell puts the inputs back (the string the widget was made with, which
    // Python now sees as a change): both views return to -12.
    page.js(
        "const panel = window.jupyterapp.shell.currentWidget; panel.content.activeCellIndex = 4; return 1;",
    )
    .await;
    command(&page, "notebook:run-cell", json!({})).await;
    // The kernel runs cells in order: the read-back cell, run next, sees the reset.
    page.js(
        "const panel = window.jupyterapp.shell.currentWidget; panel.content.activeCellIndex = 3; return 1;",
    )
    .await;
    command(&page, "notebook:run-cell", json!({})).await;
    let now =
        wait_output(&page, "the read-back cell after the reset", 3, "text.startsWith('now -12.0')").await;
    assert_eq!(now, "now -12.0 x=-2 y=5 z=-4");
    assert_eq!(output(&page, 4).await, "reset -12.0");
    page.wait_js(
        "both views back at -12",
        &format!("const v = (() => {{ {VIEWS} }})(); return v.every((x) => x[0] === -12) && v;"),
    )
    .await;

    // JupyterLab Dark: the circuit takes it, and is drawn (not a 1x1 surface) after the switch.
    for (theme, light, name) in [
        ("JupyterLab Dark", "false", "jupyterlab-dark"),
        ("JupyterLab Light", "true", "jupyterlab-light-after-switch"),
    ] {
        command(&page, "apputils:change-theme", json!({ "theme": theme })).await;
        let want = if light == "true" { "light" } else { "dark" };
        let views = page
            .wait_js(
                &format!("the circuits drawn in {theme}"),
                &format!(
                    "if (document.body.dataset.jpThemeLight !== '{light}') return false;
                     const v = (() => {{ {VIEWS} }})();
                     return v.every((x) => x[3] === '{want}' && x[1] > 100 && x[2] > 100 && x[4]) && v;"
                ),
            )
            .await;
        // The canvas's background is the theme's: dark is dark.
        let bg: f64 =
            views[0][5].as_array().map(|c| c.iter().filter_map(Value::as_f64).sum()).unwrap_or_default();
        assert_eq!(bg < 150.0, want == "dark", "the background {} in {theme}", views[0][5]);
        // Still drawn a moment later (the switch's restyling is over).
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let later = page.js(VIEWS).await;
        assert!(
            later
                .as_array()
                .is_some_and(|v| v.iter().all(|x| x[1].as_f64() > Some(100.0) && x[4] == json!(true))),
            "a circuit went blank after switching to {theme}: {later}"
        );
        page.screenshot(name).await;
    }
    assert_eq!(output(&page, 1).await, PRINTED);
    page.finish_at(&origin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nbconvert_execute_prints_the_numbers_with_no_browser() {
    let folder = fresh_folder("e2e-nbconvert");
    let jupyter = jupyter_lab().with_file_name("jupyter");
    let mut cmd = Command::new(jupyter);
    jupyter_env(&mut cmd, &folder);
    let out = cmd
        .args(["nbconvert", "--to", "notebook", "--execute", "--stdout", "widget.ipynb"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run jupyter nbconvert: {e}"));
    assert!(out.status.success(), "nbconvert failed: {}", String::from_utf8_lossy(&out.stderr));
    let executed: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not a notebook: {e}"));
    let text = |n: usize| -> String {
        executed["cells"][n]["outputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| o["output_type"] == "stream")
            .map(|o| match &o["text"] {
                Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect::<String>(),
                other => other.as_str().unwrap_or_default().to_string(),
            })
            .collect()
    };
    assert_eq!(text(1).trim(), PRINTED);
    assert_eq!(text(3).trim(), "now -12.0 x=-2 y=5 z=-4");
    assert_eq!(text(4).trim(), "reset -12.0");
}
