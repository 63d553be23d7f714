//! The three browser engines of the suite, their WebDriver servers and the processes they
//! start, owned by guards that kill them on drop.
//!
//! `E2E_BROWSER` picks the engine: `chromium` (the default; Debian's Chromium through
//! chromedriver), `firefox` (Debian's Firefox ESR through geckodriver) or `webkit`
//! (WebKitGTK's MiniBrowser, Safari's engine, through WebKitWebDriver; it needs a display,
//! which `cargo xtask test` gives it with Xvfb).
//!
//! Every test gets its own driver (it starts in well under a second) so that all cleanup is
//! ordinary `Drop`: a process shared through a `static` would never be dropped, and a
//! panicking test must not leave a browser behind on a 2-core machine.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use thirtyfour::Capabilities;

pub use page_host::CHROMIUM_FLAGS;

/// Where Debian's webkit2gtk-driver finds the browser it drives.
pub const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A browser engine the suite runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    Webkit,
}

impl Engine {
    /// The engine named by `E2E_BROWSER` (default Chromium). Panics on an unknown name.
    pub fn current() -> Engine {
        match std::env::var("E2E_BROWSER").as_deref() {
            Err(_) | Ok("" | "chromium") => Engine::Chromium,
            Ok("firefox") => Engine::Firefox,
            Ok("webkit") => Engine::Webkit,
            Ok(other) => panic!("E2E_BROWSER={other:?}: expected chromium, firefox or webkit"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    /// The WebDriver server: `CHROMEDRIVER`, `GECKODRIVER` or `WEBKITDRIVER`, else the
    /// usual place of each.
    pub fn driver_path(self) -> PathBuf {
        let (var, default) = match self {
            Engine::Chromium => ("CHROMEDRIVER", "/usr/bin/chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::Webkit => ("WEBKITDRIVER", "/usr/bin/WebKitWebDriver"),
        };
        std::env::var_os(var).filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from(default), PathBuf::from)
    }

    /// The browser binary: `CHROMIUM`, `FIREFOX` or `MINIBROWSER`, else Debian's.
    pub fn browser_path(self) -> PathBuf {
        let (var, default) = match self {
            Engine::Chromium => ("CHROMIUM", "/usr/bin/chromium"),
            Engine::Firefox => ("FIREFOX", "/usr/bin/firefox-esr"),
            Engine::Webkit => ("MINIBROWSER", MINIBROWSER),
        };
        std::env::var_os(var).filter(|v| !v.is_empty()).map_or_else(|| PathBuf::from(default), PathBuf::from)
    }

    /// Whether chromedriver's console-log endpoint is there. Firefox and WebKit have none:
    /// there the page's errors are counted in the page itself (see `server::TALLY_JS`).
    pub fn has_console_log(self) -> bool {
        self == Engine::Chromium
    }

    fn driver_args(self, port: u16) -> Vec<String> {
        match self {
            Engine::Chromium => vec![format!("--port={port}"), "--allowed-ips=127.0.0.1".into()],
            Engine::Firefox => vec!["--port".into(), port.to_string(), "--host".into(), "127.0.0.1".into()],
            Engine::Webkit => vec![format!("--port={port}"), "--host=127.0.0.1".into()],
        }
    }

    /// The new-session capabilities for a fresh profile in `profile`.
    pub fn capabilities(self, profile: &Profile) -> Capabilities {
        let browser = self.browser_path().to_string_lossy().into_owned();
        let caps = match self {
            Engine::Chromium => {
                let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
                args.push(format!("--user-data-dir={}", profile.dir().display()));
                args.push("--window-size=1280,900".into());
                json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": browser, "args": args},
                    "goog:loggingPrefs": {"browser": "ALL"},
                })
            }
            Engine::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": browser,
                    "args": ["-headless", "-profile", profile.dir().to_string_lossy()],
                    // Closed network: no update checks, telemetry or first-run pages.
                    "prefs": {
                        "app.update.enabled": false,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.reportingpolicy.firstRun": false,
                        "browser.startup.homepage_override.mstone": "ignore",
                        "network.captive-portal-service.enabled": false,
                    },
                },
            }),
            Engine::Webkit => json!({
                "browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {"binary": browser, "args": ["--automation"]},
            }),
        };
        match caps {
            Value::Object(map) => Capabilities::from(map),
            _ => unreachable!("capabilities are a JSON object"),
        }
    }
}

/// A running WebDriver server, in a process group of its own so that the browsers it
/// launches can be killed with it.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts the engine's WebDriver server on a free port and waits until it accepts
    /// connections. An error here is a failed start (the caller may try again), not a
    /// failed test.
    pub fn start(engine: Engine) -> Result<Driver, String> {
        let exe = engine.driver_path();
        let port = free_port();
        let child = Command::new(&exe)
            .args(engine.driver_args(port))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Own process group: the browser and its helpers inherit it, so one kill of the
            // group on drop reaches all of them even if the session was never quit.
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {} ({e}): install it (cargo xtask ensure-tools) or set {}",
                    exe.display(),
                    match engine {
                        Engine::Chromium => "CHROMEDRIVER",
                        Engine::Firefox => "GECKODRIVER",
                        Engine::Webkit => "WEBKITDRIVER",
                    }
                )
            })?;
        let mut driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("{} exited before listening on port {port} ({status})", exe.display()));
            }
            if Instant::now() > deadline {
                return Err(format!("{} did not listen on port {port} within 30 s", exe.display()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group id is the driver's pid (process_group(0)); `kill -- -PGID` signals
        // exactly the processes this guard started, nothing else on the machine.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh browser profile directory (Chromium's `--user-data-dir`, Firefox's `-profile`;
/// WebKit's automation sessions keep no profile); on drop, kills any process still using it
/// (a browser helper that left the driver's process group) and removes it.
#[derive(Debug)]
pub struct Profile {
    dir: PathBuf,
}

impl Profile {
    pub fn new() -> Profile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "e2e-profile-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create the profile dir {}: {e}", dir.display()));
        Profile { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Pids of processes whose command line names this profile: only browsers this test
    /// started can, since the directory name is unique.
    pub fn processes(&self) -> Vec<u32> {
        let needle = self.dir.to_string_lossy().into_owned();
        let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
        entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .map(|c| String::from_utf8_lossy(&c).contains(&needle))
                    .unwrap_or(false)
            })
            .collect()
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::new()
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        for pid in self.processes() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        // The browser may still be flushing files for a moment after the kill.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn free_port() -> u16 {
    // Bind port 0, read what the OS picked, and release it for the driver. The window in
    // which another process could take it is tiny and only costs a retried start.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("cannot bind a local port");
    listener.local_addr().expect("local_addr of a bound socket").port()
}
