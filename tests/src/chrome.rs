//! chromedriver and Chromium processes, owned by guards that kill them on drop.
//!
//! Every test gets its own chromedriver (it starts in well under a second) so that all
//! cleanup is ordinary `Drop`: a process shared through a `static` would never be
//! dropped, and a panicking test must not leave a browser behind on a 2-core machine.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The flags known to work on this project's machines (docs/toolchain.md): headless,
/// as root, in a closed network.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// `CHROMEDRIVER`, or Debian's.
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER").map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from)
}

/// `CHROMIUM`, or Debian's.
pub fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// A running chromedriver, in a process group of its own so that the browsers it
/// launches can be killed with it.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    /// Starts chromedriver on a free port and waits until it accepts connections.
    pub fn start() -> Chromedriver {
        let exe = chromedriver_path();
        assert!(
            exe.is_file(),
            "chromedriver not found at {}: install it (apt-get install chromium-driver) or set CHROMEDRIVER",
            exe.display()
        );
        let port = free_port();
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Own process group: Chromium and its helpers inherit it, so one kill of the
            // group on drop reaches all of them even if the session was never quit.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let driver = Chromedriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on port {port} within 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The group id is chromedriver's pid (process_group(0)); `kill -- -PGID` signals
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

/// A fresh Chromium profile directory; on drop, kills any process still using it (a
/// browser helper that left chromedriver's process group) and removes it.
#[derive(Debug)]
pub struct Profile {
    dir: PathBuf,
}

impl Profile {
    pub fn new() -> Profile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "e2e-chromium-{}-{}-{nanos}",
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
        // Chromium may still be flushing files for a moment after the kill.
        for _ in 0..20 {
            if std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn free_port() -> u16 {
    // Bind port 0, read what the OS picked, and release it for chromedriver. The window
    // in which another process could take it is tiny and only costs a clear panic.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("cannot bind a local port");
    listener.local_addr().expect("local_addr of a bound socket").port()
}
