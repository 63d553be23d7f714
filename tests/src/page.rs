//! One browser session on one served page, with the helpers the tests share.
//!
//! Helpers panic with a message naming what was expected (and, when waiting fails, what
//! the page showed instead): a failing end-to-end test must say which contract line broke
//! without anyone re-running it by hand.
//!
//! Nothing here asserts on elapsed time: on a loaded 2-core machine only *eventually*
//! is meaningful, so every wait is a poll with a generous deadline (`E2E_TIMEOUT_SECS`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{json, Value};
use thirtyfour::common::command::FormatRequestData;
use thirtyfour::prelude::*;
use thirtyfour::{RequestData, SessionId};

use crate::browser::{Driver, Engine, Profile};
use crate::server::{Options, Server};

/// How long a wait may take before it fails. The default is generous on purpose: wasm
/// compilation with two browsers on two cores can take many seconds.
pub fn timeout() -> Duration {
    let secs = std::env::var("E2E_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    Duration::from_secs(secs)
}

/// The workspace root (this crate lives in `<workspace>/tests`).
pub fn workspace_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` if set, else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_dir().join("target"), PathBuf::from)
}

/// The built page: `BACKPROP_DIST`, or `<workspace>/dist`. Panics with the command that
/// builds it when there is none.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("BACKPROP_DIST").map_or_else(|| workspace_dir().join("dist"), PathBuf::from);
    assert!(
        dir.join("index.html").is_file(),
        "no built page at {} (no index.html): run `cargo xtask dist` (or `trunk build --release`) \
         first, or point BACKPROP_DIST at a built dist directory",
        dir.display()
    );
    dir
}

/// Copies the folder `from` into `to`, with every folder under it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{}: {e}", from.display())).path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// A fresh copy of the built page in `<target>/<name>`, for a test that takes a file out
/// of it (a deploy that lost it, or a first visit offline).
pub fn dist_copy(name: &str) -> PathBuf {
    let dir = target_dir().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&dist_dir(), &dir);
    dir
}

/// The tests' fixture pages (tests/fixtures), used to test the harness itself.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// One row of `#values`, as the contract describes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Row {
    pub name: String,
    /// `data-value`: the exact number, shortest round-trip form.
    pub value: Option<String>,
    /// `data-grad`.
    pub grad: Option<String>,
    /// Every cell's visible text, in order.
    pub cells: Vec<String>,
    /// The value of the row's `<input type="number">`, for input rows.
    pub input: Option<String>,
    /// The visible text of the cell with class `grad`.
    pub grad_text: Option<String>,
}

impl Row {
    /// `data-value` as a number ("NaN", "inf", "-inf" included).
    pub fn value(&self) -> f64 {
        parse_number(self.value.as_deref(), &self.name, "data-value")
    }

    /// `data-grad` as a number.
    pub fn grad(&self) -> f64 {
        parse_number(self.grad.as_deref(), &self.name, "data-grad")
    }

    pub fn is_input(&self) -> bool {
        self.input.is_some()
    }
}

fn parse_number(s: Option<&str>, row: &str, attr: &str) -> f64 {
    let s = s.unwrap_or_else(|| {
        panic!("values row {row:?} has no {attr} (contract: values table, exact numbers in data attributes)")
    });
    s.trim().parse().unwrap_or_else(|_| {
        panic!("values row {row:?}: {attr}={s:?} is not a number (contract: shortest round-trip form, NaN/inf/-inf)")
    })
}

/// Everything a test reads to compare two moments of the animation.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub timeline: f64,
    pub narration: String,
    pub values: BTreeMap<String, Row>,
    pub canvas: String,
}

/// An error the browser reported: a SEVERE entry of Chromium's console log, or an entry of
/// the page's own tally in engines without one.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleError {
    pub message: String,
}

/// A fresh browser session (own WebDriver server, own profile) on a served directory, in
/// the engine `E2E_BROWSER` names. Fields drop in order: the session is quit, then the
/// driver's process group is killed, then stray browser processes of the profile, then
/// the server stops.
#[derive(Debug)]
pub struct Page {
    driver: Option<WebDriver>,
    webdriver: Driver,
    profile: Profile,
    server: Server,
    engine: Engine,
    /// Errors read so far: drained from chromedriver's log (the endpoint drains), or the
    /// tallies of documents already left.
    log: Arc<Mutex<Vec<ConsoleError>>>,
}

/// How many times a browser session is started before the test fails: on a busy 2-core
/// machine a driver or a browser sometimes fails to start, which says nothing of the page.
const SESSION_ATTEMPTS: u32 = 4;

impl Page {
    /// A session on the built page (`dist_dir()`), nothing opened yet.
    pub async fn new() -> Page {
        Page::serving(&dist_dir()).await
    }

    /// A session on any directory (the harness tests use tests/fixtures).
    pub async fn serving(root: &Path) -> Page {
        Page::serving_with_csp(root, None).await
    }

    /// A session on a directory served with this Content-Security-Policy instead of
    /// [`crate::CSP`] (a page of someone else's, such as a reveal.js deck, that needs more).
    pub async fn serving_with_csp(root: &Path, csp: Option<&'static str>) -> Page {
        let engine = Engine::current();
        let options = Options { tally: !engine.has_console_log(), csp, ..Options::default() };
        let server =
            Server::start_with(root, options).unwrap_or_else(|e| panic!("cannot start the file server: {e}"));
        let mut failures = Vec::new();
        for attempt in 1..=SESSION_ATTEMPTS {
            match start_session(engine).await {
                Ok((driver, webdriver, profile)) => {
                    return Page {
                        driver: Some(driver),
                        webdriver,
                        profile,
                        server,
                        engine,
                        log: Arc::default(),
                    }
                }
                Err(e) => {
                    eprintln!("e2e: starting a {} session failed (attempt {attempt}): {e}", engine.name());
                    failures.push(e);
                    tokio::time::sleep(Duration::from_secs(u64::from(attempt))).await;
                }
            }
        }
        panic!(
            "cannot start a {} session in {SESSION_ATTEMPTS} attempts:\n  {}",
            engine.name(),
            failures.join("\n  ")
        )
    }

    /// The engine this page runs in.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Opens the page at `/` with this hash ("" or "#...") and waits for the page to say
    /// its first circuit is drawn: `performance.mark("first-circuit")` (contract:
    /// Performance marks).
    pub async fn open(&self, hash: &str) {
        self.navigate(&format!("/{hash}")).await;
        self.wait_ready().await;
    }

    /// Loads a path under the server (always a real load, never a same-document hash
    /// change) without waiting for anything. The previous document is first checked for
    /// requests to other origins, since its resource entries vanish with it.
    pub async fn navigate(&self, path_and_hash: &str) {
        if self.current_url().await.starts_with(&self.origin()) {
            self.assert_same_origin().await;
            self.keep_tally().await;
        }
        let d = self.driver();
        d.goto("about:blank").await.unwrap_or_else(|e| panic!("cannot open about:blank: {e}"));
        let url = format!("{}{path_and_hash}", self.origin());
        d.goto(url.as_str()).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Waits for the page in language `code` (contract: Languages): its `<html lang>`, and
    /// index.html's own texts translated (until then the page is hidden by the class `tr`).
    pub async fn wait_language(&self, code: &str) {
        self.wait_js_with(
            &format!("the page in {code}"),
            "const h = document.documentElement; return h.lang === arguments[0] && !h.classList.contains('tr');",
            vec![Value::String(code.to_string())],
        )
        .await;
    }

    /// Waits for `performance.mark("first-circuit")` and `"page-ready"`. Gives up early when `#error`
    /// reports a problem and no circuit follows for two seconds (a wasm that fails to
    /// start), so such a page fails in seconds with its message, not after the timeout.
    pub async fn wait_ready(&self) {
        let deadline = Instant::now() + timeout();
        let mut error_since: Option<Instant> = None;
        loop {
            let state = self
                .js("const e = document.getElementById('error');
                     return [performance.getEntriesByName('first-circuit').length > 0
                               && performance.getEntriesByName('page-ready').length > 0,
                             e ? e.textContent.trim() : ''];")
                .await;
            if state[0] == true {
                return;
            }
            let error = state[1].as_str().unwrap_or_default();
            if error.is_empty() {
                error_since = None;
            } else if error_since.get_or_insert_with(Instant::now).elapsed() > Duration::from_secs(2) {
                panic!(
                    "the page shows an error and never marks 'first-circuit' and 'page-ready' (contract: Performance marks): \
                     {error}\n{}",
                    self.diagnostics().await
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out after {:?} waiting for performance.mark('first-circuit') and 'page-ready' (contract: Performance marks)\n{}",
                    timeout(),
                    self.diagnostics().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().unwrap_or_else(|| panic!("the session has already been quit"))
    }

    pub fn server(&self) -> &Server {
        &self.server
    }

    pub fn origin(&self) -> String {
        self.server.origin()
    }

    /// The WebDriver server's pid (its process group holds the browser).
    pub fn driver_pid(&self) -> u32 {
        self.webdriver.pid()
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub async fn current_url(&self) -> String {
        self.driver().current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    /// Runs a script (a function body: use `return`) with arguments; panics on a
    /// script error, quoting the script.
    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        match self.driver().execute(script, args).await {
            Ok(ret) => ret.json().clone(),
            Err(e) => panic!("script failed: {e}\n--- script ---\n{script}"),
        }
    }

    pub async fn js(&self, script: &str) -> Value {
        self.js_with(script, Vec::new()).await
    }

    /// Polls `cond` (a script body returning a value) until it returns something truthy,
    /// and returns that value. On timeout, panics naming `what` and what the page shows.
    /// Waits until the URL hash holds the program and `pair` (`name:value`) among its `v=`
    /// values (contract: URL hash), and returns the hash.
    pub async fn wait_hash_with(&self, pair: &str) -> String {
        let hash = self
            .wait_js_with(
                &format!("location.hash to hold the program and {pair} (contract: URL hash)"),
                "const h = location.hash;
                 const v = new URLSearchParams(h.slice(1)).get('v') || '';
                 return v.split(',').includes(arguments[0]) && h.includes('p=') ? h : null;",
                vec![Value::String(pair.to_string())],
            )
            .await;
        hash.as_str().unwrap_or_default().to_string()
    }

    pub async fn wait_js(&self, what: &str, cond: &str) -> Value {
        self.wait_js_with(what, cond, Vec::new()).await
    }

    pub async fn wait_js_with(&self, what: &str, cond: &str, args: Vec<Value>) -> Value {
        let deadline = Instant::now() + timeout();
        loop {
            let v = self.js_with(cond, args.clone()).await;
            if truthy(&v) {
                return v;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out after {:?} waiting for {what}; last result {v}\n{}",
                    timeout(),
                    self.diagnostics().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Polls an async read until `accept` holds for it; returns the accepted value.
    pub async fn wait_for<T: std::fmt::Debug>(
        &self,
        what: &str,
        mut read: impl AsyncFnMut() -> T,
        accept: impl Fn(&T) -> bool,
    ) -> T {
        let deadline = Instant::now() + timeout();
        loop {
            let v = read().await;
            if accept(&v) {
                return v;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out after {:?} waiting for {what}; last read {v:?}\n{}",
                    timeout(),
                    self.diagnostics().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What a failure message should show: the URL, `#error`, and the console.
    pub async fn diagnostics(&self) -> String {
        let state = match self
            .driver()
            .execute(
                "const e = document.getElementById('error');
                 return {url: location.href, error: e ? e.textContent : '(no #error element)',
                         title: document.title};",
                Vec::new(),
            )
            .await
        {
            Ok(r) => r.json().to_string(),
            Err(e) => format!("(page state unreadable: {e})"),
        };
        let log = self.console_errors().await;
        let console: Vec<String> = log.iter().map(|e| format!("  {}", e.message)).collect();
        format!("page: {state}\nbrowser errors so far:\n{}", console.join("\n"))
    }

    // ---- the values table ---------------------------------------------------------------

    /// `#values`, one entry per `<tr data-name>`.
    pub async fn values(&self) -> BTreeMap<String, Row> {
        let v = self
            .js("const t = document.getElementById('values');
                 if (!t) return null;
                 return Array.from(t.querySelectorAll('tr[data-name]')).map(tr => {
                   const input = tr.querySelector('input');
                   const grad = tr.querySelector('.grad');
                   return {
                     name: tr.getAttribute('data-name'),
                     value: tr.getAttribute('data-value'),
                     grad: tr.getAttribute('data-grad'),
                     cells: Array.from(tr.cells).map(c => c.innerText.trim()),
                     input: input ? input.value : null,
                     grad_text: grad ? grad.innerText.trim() : null,
                   };
                 });")
            .await;
        assert!(!v.is_null(), "no <table id=\"values\"> (contract: values table)");
        let rows: Vec<Row> =
            serde_json::from_value(v).unwrap_or_else(|e| panic!("unexpected #values row shape: {e}"));
        let mut map = BTreeMap::new();
        for row in rows {
            let name = row.name.clone();
            assert!(map.insert(name.clone(), row).is_none(), "two #values rows with data-name={name:?}");
        }
        map
    }

    /// The row named `name`; panics listing the rows there are.
    pub async fn row(&self, name: &str) -> Row {
        let mut values = self.values().await;
        values.remove(name).unwrap_or_else(|| {
            panic!("no row <tr data-name={name:?}> in #values; rows: {:?}", values.keys().collect::<Vec<_>>())
        })
    }

    /// The values table once it stops changing (two reads 200 ms apart agree).
    pub async fn settled_values(&self) -> BTreeMap<String, Row> {
        let mut last = self.values().await;
        let deadline = Instant::now() + timeout();
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let now = self.values().await;
            if now == last {
                return now;
            }
            assert!(Instant::now() < deadline, "the values table kept changing for {:?}", timeout());
            last = now;
        }
    }

    /// Types `value` into the input row `name` like a student (select what is there,
    /// type over it), dispatches input and change (so the page reacts whichever it
    /// listens to), then waits until the row's `data-value` is that number.
    ///
    /// Select-all rather than WebDriver's clear(): clear() blurs the field with an
    /// empty value, and a page may rightly put the last valid number back on blur, so
    /// the keys typed next would be appended to it ("-2" + "1" = "-21").
    pub async fn set_input(&self, name: &str, value: &str) {
        let css = format!("#values tr[data-name=\"{name}\"] input");
        let input = self.driver().find(By::Css(css.as_str())).await.unwrap_or_else(|e| {
            panic!("no input for {name:?} ({css}) (contract: input rows hold <input type=number aria-label>): {e}")
        });
        self.scroll_to(&input).await;
        input.click().await.unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
        input.send_keys(Key::Control + "a").await.unwrap_or_else(|e| panic!("cannot select in {css}: {e}"));
        input.send_keys(value).await.unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
        self.dispatch_input_change(&input).await;
        let want: f64 =
            value.parse().unwrap_or_else(|_| panic!("set_input({name}, {value:?}): not a number"));
        let name_owned = name.to_string();
        self.wait_for(
            &format!("row {name} to show data-value {value} after typing it"),
            async || self.values().await.get(&name_owned).and_then(|r| r.value.clone()),
            |v| v.as_deref().and_then(|s| s.parse::<f64>().ok()) == Some(want),
        )
        .await;
    }

    /// Scrolls `el` to the middle of the window and waits until it stays put for eight
    /// frames. A scroll may still be running (Space typed into a read-only field scrolls
    /// the page, smoothly), and a click sent meanwhile lands on whatever has scrolled under
    /// the point: a neighbouring row.
    pub async fn scroll_to(&self, el: &WebElement) {
        let arg = el.to_json().unwrap_or_else(|e| panic!("cannot pass an element to a script: {e}"));
        let settled = self
            .driver()
            .execute_async(
                "const [el, done] = arguments;
                 let last = null, still = 0, frames = 0;
                 const tick = () => {
                   el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
                   const top = el.getBoundingClientRect().top;
                   still = top === last ? still + 1 : 0;
                   last = top;
                   if (still >= 8 || ++frames > 120) done(still >= 8); else requestAnimationFrame(tick);
                 };
                 tick();",
                vec![arg],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot scroll an element into view: {e}"));
        assert_eq!(settled.json(), &json!(true), "the element kept moving for 120 frames");
    }

    async fn dispatch_input_change(&self, el: &WebElement) {
        let arg = el.to_json().unwrap_or_else(|e| panic!("cannot pass an element to a script: {e}"));
        self.js_with(
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
             arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![arg],
        )
        .await;
    }

    // ---- the program editor ---------------------------------------------------------

    /// The text of `#program`.
    pub async fn program(&self) -> String {
        let v = self.js("const p = document.getElementById('program'); return p ? p.value : null").await;
        v.as_str()
            .unwrap_or_else(|| panic!("no <textarea id=\"program\"> (contract: program editor)"))
            .to_string()
    }

    /// Replaces the program by typing it (clear, keys, input/change events). A line break
    /// is typed as the Enter key: WebKit's WebDriver types nothing for a "\n" character.
    pub async fn type_program(&self, text: &str) {
        let area = self.element("#program").await;
        area.clear().await.unwrap_or_else(|e| panic!("cannot clear #program: {e}"));
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                area.send_keys(Key::Enter)
                    .await
                    .unwrap_or_else(|e| panic!("cannot type Enter into #program: {e}"));
            }
            area.send_keys(line).await.unwrap_or_else(|e| panic!("cannot type into #program: {e}"));
        }
        self.dispatch_input_change(&area).await;
    }

    /// Replaces the program in one edit, as a paste does: the page sees only the old
    /// and the new text, never the prefixes typing would produce on the way.
    pub async fn paste_program(&self, text: &str) {
        self.js_with(
            "const p = document.getElementById('program');
             p.focus();
             p.value = arguments[0];
             p.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste', data: arguments[0]}));
             p.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(text)],
        )
        .await;
    }

    /// Appends text at the end of the program by typing.
    pub async fn append_program(&self, text: &str) {
        let area = self.element("#program").await;
        self.js("const p = document.getElementById('program'); p.focus(); p.selectionStart = p.selectionEnd = p.value.length;")
            .await;
        area.send_keys(text).await.unwrap_or_else(|e| panic!("cannot type into #program: {e}"));
        self.dispatch_input_change(&area).await;
    }

    /// `#error`'s text and whether it is shown.
    pub async fn error(&self) -> (String, bool) {
        let el = self.element("#error").await;
        let text = el.text().await.unwrap_or_default();
        let raw = self.js("return document.getElementById('error').textContent").await;
        let shown = el.is_displayed().await.unwrap_or(false);
        // text() is empty for hidden elements; textContent is what a screen reader
        // would announce once shown, so prefer it for the message.
        let text = raw.as_str().map_or(text, |s| s.trim().to_string());
        (text, shown)
    }

    // ---- controls --------------------------------------------------------------------

    pub async fn element(&self, css: &str) -> WebElement {
        self.driver().find(By::Css(css)).await.unwrap_or_else(|e| panic!("no element {css} on the page: {e}"))
    }

    /// The `<button>` whose accessible text is `name` (its text or aria-label).
    pub async fn button(&self, name: &str) -> WebElement {
        let xpath = format!("//button[normalize-space(.)='{name}' or @aria-label='{name}']");
        self.driver()
            .find(By::XPath(xpath.as_str()))
            .await
            .unwrap_or_else(|e| panic!("no <button> named {name:?} (contract: docs/page-contract.md): {e}"))
    }

    pub async fn click_button(&self, name: &str) {
        let b = self.button(name).await;
        self.scroll_to(&b).await;
        b.click().await.unwrap_or_else(|e| panic!("cannot click the button {name:?}: {e}"));
    }

    /// Picks an example by its option value (contract: example menu), the way a user
    /// does, and waits until the select shows it.
    pub async fn choose_example(&self, id: &str) {
        let css = format!("#example option[value=\"{id}\"]");
        let option = self.element(&css).await;
        option.click().await.unwrap_or_else(|e| panic!("cannot choose example {id}: {e}"));
        let sel = self.element("#example").await;
        self.dispatch_input_change(&sel).await;
        self.wait_js_with(
            &format!("#example to read {id}"),
            "return document.getElementById('example').value === arguments[0]",
            vec![json!(id)],
        )
        .await;
    }

    /// `#timeline`'s (value, max).
    pub async fn timeline(&self) -> (f64, f64) {
        let v = self
            .js("const t = document.getElementById('timeline');
                 return t ? [Number(t.value), Number(t.max)] : null")
            .await;
        let pair = v.as_array().unwrap_or_else(|| panic!("no <input id=\"timeline\"> (contract: timeline)"));
        (pair[0].as_f64().unwrap_or(f64::NAN), pair[1].as_f64().unwrap_or(f64::NAN))
    }

    pub async fn wait_timeline(&self, what: &str, accept: impl Fn(f64, f64) -> bool) -> (f64, f64) {
        self.wait_for(what, async || self.timeline().await, |&(v, m)| accept(v, m)).await
    }

    /// Sets a range input (e.g. `#speed`) to its maximum, as dragging it there would.
    pub async fn range_to_max(&self, css: &str) {
        self.js_with(
            "const r = document.querySelector(arguments[0]);
             if (!r) throw new Error('no ' + arguments[0]);
             r.value = r.max;
             r.dispatchEvent(new Event('input', {bubbles: true}));
             r.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(css)],
        )
        .await;
    }

    /// `#narration`'s text.
    pub async fn narration(&self) -> String {
        let v = self
            .js("const n = document.getElementById('narration'); return n ? n.textContent.trim() : null")
            .await;
        v.as_str().unwrap_or_else(|| panic!("no <p id=\"narration\"> (contract: narration)")).to_string()
    }

    /// `#narration-log`'s items, in order.
    pub async fn narration_log(&self) -> Vec<String> {
        let v = self
            .js("const l = document.getElementById('narration-log');
                 return l ? Array.from(l.querySelectorAll('li')).map(li => li.textContent.trim()) : null")
            .await;
        let items =
            v.as_array().unwrap_or_else(|| panic!("no <ol id=\"narration-log\"> (contract: narration log)"));
        items.iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()
    }

    /// Focuses an element by CSS selector and checks it took focus.
    pub async fn focus(&self, css: &str) {
        let ok = self
            .js_with(
                "const e = document.querySelector(arguments[0]);
                 if (!e) return false; e.focus(); return document.activeElement === e;",
                vec![json!(css)],
            )
            .await;
        assert_eq!(ok, json!(true), "{css} could not take keyboard focus");
    }

    /// Presses a key on whatever has focus.
    pub async fn press(&self, key: Key) {
        self.driver()
            .action_chain()
            .send_keys(key)
            .perform()
            .await
            .unwrap_or_else(|e| panic!("cannot press a key: {e}"));
    }

    // ---- the canvas --------------------------------------------------------------------

    /// `#circuit` as a PNG data URL: equal strings mean equal pixels.
    pub async fn canvas_data_url(&self) -> String {
        let v =
            self.js("const c = document.getElementById('circuit'); return c ? c.toDataURL() : null").await;
        v.as_str().unwrap_or_else(|| panic!("no <canvas id=\"circuit\"> (contract: circuit)")).to_string()
    }

    /// The canvas once it stops changing (any idle animation done): two reads 300 ms
    /// apart agree.
    pub async fn settled_canvas(&self) -> String {
        let mut last = self.canvas_data_url().await;
        let deadline = Instant::now() + timeout();
        loop {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let now = self.canvas_data_url().await;
            if now == last {
                return now;
            }
            assert!(Instant::now() < deadline, "the canvas kept changing for {:?}", timeout());
            last = now;
        }
    }

    /// The first value label (the light palette's value green) on the canvas of the
    /// `<backprop-circuit>` that the JavaScript expression `circuit` names, scrolled into
    /// view, as a page point: an input's value, which a drag scrubs.
    pub async fn first_value_label(&self, circuit: &str) -> (f64, f64) {
        self.js(&format!("{circuit}.scrollIntoView({{ block: 'center' }}); return 1;")).await;
        self.value_label_in(circuit).await
    }

    /// [`Page::first_value_label`] where the element is now, without scrolling (in a slide
    /// deck, which must not move), however an ancestor scales it.
    pub async fn value_label_in(&self, circuit: &str) -> (f64, f64) {
        let at = self
            .js(&format!(
                "const el = {circuit};
                 const c = el.shadowRoot.querySelector('canvas');
                 const r = c.getBoundingClientRect();
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 const k = c.width / r.width;
                 for (let y = 0; y < c.height; y++) {{
                   for (let x = 0; x < c.width / 4; x++) {{
                     const i = 4 * (y * c.width + x);
                     // The value green (#1a7f37), antialiased: green well above red and blue.
                     if (d[i + 1] > 90 && d[i + 1] > d[i] + 50 && d[i + 1] > d[i + 2] + 40) return [r.left + x / k + 2, r.top + y / k + 4];
                   }}
                 }}
                 return null;"
            ))
            .await;
        let at = at.as_array().unwrap_or_else(|| panic!("no green value label on the canvas of {circuit}"));
        (at[0].as_f64().unwrap_or_default(), at[1].as_f64().unwrap_or_default())
    }

    /// A mouse drag from `at` (a page point) `px` pixels to the right, in two moves, as a
    /// reader scrubs a value.
    pub async fn drag_right(&self, at: (f64, f64), px: i64) {
        self.driver()
            .action_chain()
            .move_to(at.0 as i64, at.1 as i64)
            .click_and_hold()
            .move_by_offset(px / 2, 0)
            .move_by_offset(px - px / 2, 0)
            .release()
            .perform()
            .await
            .unwrap_or_else(|e| panic!("cannot drag on the canvas: {e}"));
    }

    /// How many canvas pixels differ from its top-left pixel (taken as background).
    /// Copies through an offscreen 2D canvas so a WebGL canvas reads too.
    pub async fn canvas_painted_pixels(&self) -> u64 {
        let v = self
            .js("const c = document.getElementById('circuit');
                 if (!c || !c.width || !c.height) return 0;
                 const o = document.createElement('canvas');
                 o.width = c.width; o.height = c.height;
                 const ctx = o.getContext('2d');
                 ctx.drawImage(c, 0, 0);
                 const d = ctx.getImageData(0, 0, o.width, o.height).data;
                 let n = 0;
                 for (let i = 0; i < d.length; i += 4) {
                   if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2] || d[i+3] !== d[3]) n++;
                 }
                 return n;")
            .await;
        v.as_u64().unwrap_or(0)
    }

    /// Table, narration, timeline and (settled) canvas at this moment.
    pub async fn snapshot(&self) -> Snapshot {
        let canvas = self.settled_canvas().await;
        Snapshot {
            timeline: self.timeline().await.0,
            narration: self.narration().await,
            values: self.settled_values().await,
            canvas,
        }
    }

    // ---- browser features ---------------------------------------------------------

    /// Saves a PNG of the viewport to `<target>/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png =
            self.driver().screenshot_as_png().await.unwrap_or_else(|e| panic!("screenshot failed: {e}"));
        save_png(name, &png)
    }

    /// Saves a PNG of one element (e.g. a frame) to `<target>/e2e-screenshots/<name>.png`.
    pub async fn element_screenshot(&self, css: &str, name: &str) -> PathBuf {
        let png = self.element(css).await.screenshot_as_png().await;
        save_png(name, &png.unwrap_or_else(|e| panic!("screenshot of {css} failed: {e}")))
    }

    /// Restart, then Play, and wait until the animation is under way: 0 < timeline < max
    /// with the Play button reading Pause (contract), in one read, so the animation cannot
    /// end between the two.
    pub async fn play_until_mid_animation(&self) {
        self.click_button("Restart").await;
        self.wait_timeline("timeline at 0 after Restart", |v, _| v == 0.0).await;
        self.click_button("Play").await;
        self.wait_js(
            "the animation under way (0 < timeline < max) with the Play button reading Pause",
            "const t = document.getElementById('timeline');
             const v = Number(t.value), m = Number(t.max);
             return v > 0 && v < m &&
               Array.from(document.querySelectorAll('button')).some(b => b.textContent.trim() === 'Pause');",
        )
        .await;
    }

    /// From now on, every document this page loads records its Content-Security-Policy
    /// violations from its first byte on, as the browser reports them in
    /// `securitypolicyviolation` events; [`Page::csp_violations`] reads them. In Chromium a
    /// listener is installed through CDP; in Firefox and WebKit the error tally
    /// (`server::TALLY_JS`) already listens, first thing in every page.
    pub async fn watch_csp(&self) {
        if self.engine == Engine::Chromium {
            let source = "window.__csp = [];
                document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
                  'Content Security Policy: refused ' + (e.blockedURI || 'inline') + ' (' + e.violatedDirective + ')'));";
            self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await;
        }
    }

    /// The violations the current document recorded since [`Page::watch_csp`], as
    /// `Content Security Policy: refused <what> (<directive>)`.
    pub async fn csp_violations(&self) -> Vec<String> {
        let seen = self
            .js("return window.__csp || (window.__e2eErrors || []).filter(e => e.startsWith('Content Security Policy'))")
            .await;
        serde_json::from_value(seen).unwrap_or_else(|e| panic!("CSP violations are not a list of texts: {e}"))
    }

    /// A Chrome DevTools Protocol command (e.g. `Emulation.setEmulatedMedia`): Chromium only.
    pub async fn cdp(&self, method: &str, params: Value) -> Value {
        assert_eq!(self.engine, Engine::Chromium, "CDP {method}: the DevTools protocol is Chromium's");
        self.driver()
            .cdp()
            .send_raw(method, params)
            .await
            .unwrap_or_else(|e| panic!("CDP {method} failed: {e}"))
    }

    /// The accessible name Chromium computes for an element (WebDriver "Get Computed
    /// Label"), which is what a screen reader announces.
    pub async fn accessible_name(&self, el: &WebElement) -> String {
        let resp = self
            .driver()
            .cmd(ComputedLabel(el.element_id().to_string()))
            .await
            .unwrap_or_else(|e| panic!("computedlabel failed: {e}"));
        let v: Value = resp.value().unwrap_or(Value::Null);
        v.as_str().unwrap_or_default().to_string()
    }

    // ---- the checks every test ends with ---------------------------------------------

    /// Every error the browser reported so far: Chromium's SEVERE log entries (uncaught
    /// errors, console.error, failed loads and CSP violations), or in Firefox and WebKit
    /// the same kinds counted by the page's tally, of the documents left and this one.
    pub async fn console_errors(&self) -> Vec<ConsoleError> {
        let mut seen = self.log.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if self.engine.has_console_log() {
            if let Some(d) = &self.driver {
                if let Ok(new) = d.browser_log().await {
                    let severe = new.into_iter().filter(|e| e.level == "SEVERE");
                    let severe: Vec<ConsoleError> =
                        severe.map(|e| ConsoleError { message: e.message }).collect();
                    self.log.lock().unwrap_or_else(PoisonError::into_inner).extend(severe.iter().cloned());
                    seen.extend(severe);
                }
            }
        } else {
            seen.extend(self.tally().await);
        }
        seen
    }

    /// The current document's tally (engines without a console log).
    async fn tally(&self) -> Vec<ConsoleError> {
        let Some(d) = &self.driver else { return Vec::new() };
        let Ok(ret) = d.execute("return window.__e2eErrors || null", Vec::new()).await else {
            return Vec::new();
        };
        let value = ret.json();
        assert!(
            !value.is_null() || !self.current_url().await.starts_with(&self.origin()),
            "the page has no error tally (window.__e2eErrors): the test server did not put it in"
        );
        value
            .as_array()
            .map(|a| {
                a.iter().map(|m| ConsoleError { message: m.as_str().unwrap_or_default().into() }).collect()
            })
            .unwrap_or_default()
    }

    /// Before leaving a document, keeps its tally (it goes with the document).
    async fn keep_tally(&self) {
        if !self.engine.has_console_log() {
            let tally = self.tally().await;
            self.log.lock().unwrap_or_else(PoisonError::into_inner).extend(tally);
        }
    }

    pub async fn assert_no_console_errors(&self) {
        let errors = self.console_errors().await;
        assert!(
            errors.is_empty(),
            "the browser console has errors:\n{}",
            errors.iter().map(|e| format!("  {}", e.message)).collect::<Vec<_>>().join("\n")
        );
    }

    /// URLs of the current document's navigation and resource entries (Resource Timing).
    pub async fn loaded_urls(&self) -> Vec<String> {
        let v = self
            .js("return performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource')).map(e => e.name)")
            .await;
        v.as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
            .unwrap_or_default()
    }

    /// Every URL the current document loaded is on the test server's origin.
    pub async fn assert_same_origin(&self) {
        self.assert_loaded_only_from(&self.origin()).await;
    }

    /// Every URL the current document loaded is on `origin` (`http://127.0.0.1:port`).
    async fn assert_loaded_only_from(&self, origin: &str) {
        let origin = format!("{origin}/");
        let urls = self.loaded_urls().await;
        assert!(!urls.is_empty(), "no navigation entry: the page was not loaded from the server");
        let foreign: Vec<&String> = urls.iter().filter(|u| !u.starts_with(&origin)).collect();
        assert!(foreign.is_empty(), "requests to another origin than {origin}: {foreign:?}");
    }

    /// The server handed out a `.wasm` file (the page really ran its module from here).
    pub fn assert_wasm_served(&self) {
        let requests = self.server.requests();
        assert!(
            requests.iter().any(|r| r.split(['?', '#']).next().is_some_and(|p| p.ends_with(".wasm"))),
            "the server never served a .wasm file; requests: {requests:?}"
        );
    }

    /// The checks every test ends with, then a clean quit: no console errors, no request
    /// to another origin, the wasm served by the test server.
    pub async fn finish(self) {
        self.finish_allowing(None).await;
    }

    /// `finish` for the one test that provokes an error on purpose: the console must hold
    /// at least one SEVERE entry containing `expected`, and every SEVERE entry must
    /// contain it (any other error still fails the test).
    pub async fn finish_expecting_error(self, expected: &str) {
        self.finish_allowing(Some(expected)).await;
    }

    /// `finish` for a page another local server served (a notebook host): every request
    /// went to `origin`, the console has no errors, then a clean quit.
    pub async fn finish_at(self, origin: &str) {
        self.assert_loaded_only_from(origin).await;
        self.assert_no_console_errors().await;
        self.quit().await;
    }

    async fn finish_allowing(self, expected: Option<&str>) {
        self.assert_same_origin().await;
        match expected {
            None => self.assert_no_console_errors().await,
            Some(expected) => {
                let errors = self.console_errors().await;
                let other: Vec<&str> =
                    errors.iter().map(|e| e.message.as_str()).filter(|m| !m.contains(expected)).collect();
                assert!(
                    errors.len() > other.len(),
                    "the expected console error {expected:?} never appeared; errors: {other:?}"
                );
                assert!(other.is_empty(), "the browser console has other errors:\n  {}", other.join("\n  "));
            }
        }
        self.assert_wasm_served();
        self.quit().await;
    }

    /// Ends the browser session.
    async fn quit(mut self) {
        if let Some(d) = self.driver.take() {
            d.quit().await.unwrap_or_else(|e| panic!("could not quit the browser session: {e}"));
        }
    }
}

/// Starts a driver and a browser session on it, at the suite's window size. Any failure
/// is returned (with the driver and profile already cleaned up by their guards), so the
/// caller can try again.
async fn start_session(engine: Engine) -> Result<(WebDriver, Driver, Profile), String> {
    if engine == Engine::Webkit && std::env::var_os("DISPLAY").is_none() {
        // Not worth a retry: MiniBrowser without a display hangs.
        panic!("WebKit's MiniBrowser needs a display: run under `xvfb-run -a` (cargo xtask test does)");
    }
    let webdriver = Driver::start(engine)?;
    let profile = Profile::new();
    let caps = engine.capabilities(&profile);
    let setup = async {
        let driver = WebDriver::new(webdriver.url(), caps).await?;
        driver.set_window_rect(0, 0, 1280, 900).await?;
        WebDriverResult::Ok(driver)
    };
    match tokio::time::timeout(Duration::from_secs(90), setup).await {
        Ok(Ok(driver)) => Ok((driver, webdriver, profile)),
        Ok(Err(e)) => Err(format!("{} via {}: {e}", engine.browser_path().display(), webdriver.url())),
        Err(_) => Err(format!(
            "{} via {}: no session within 90 s",
            engine.browser_path().display(),
            webdriver.url()
        )),
    }
}

/// Writes `png` to `<target>/e2e-screenshots/<name>.png`, where reviewers look.
fn save_png(name: &str, png: &[u8]) -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let path = dir.join(format!("{name}.png"));
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// WebDriver "Get Computed Label", which thirtyfour has no method for.
#[derive(Debug)]
struct ComputedLabel(String);

impl FormatRequestData for ComputedLabel {
    fn format_request(&self, session_id: &SessionId) -> RequestData {
        RequestData::new(http::Method::GET, format!("session/{session_id}/element/{}/computedlabel", self.0))
    }
}
