//! Prints one JSON line per benchmark figure: W1 and W2, engine and flat tape, natively
//! (this process; build it with `--release`) and as wasm in headless Chromium. The ratios
//! against the goals follow on stderr. Arguments: `native`, `wasm` (default: both).

use std::io::Write;
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    use bench_wasm::driver;
    use workloads::report::{self, Figure};

    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(bad) = args.iter().find(|a| !matches!(a.as_str(), "native" | "wasm")) {
        eprintln!("bench-json: unknown argument `{bad}` (expected `native` and/or `wasm`)");
        return ExitCode::FAILURE;
    }
    let wants = |mode: &str| args.is_empty() || args.iter().any(|a| a == mode);
    let mut figures = Vec::new();
    let mut print = |line: String| {
        println!("{line}");
        let _ = std::io::stdout().flush();
        figures.extend(Figure::from_json(&line));
    };
    if wants("native") {
        let data = match driver::w2_data() {
            Ok(data) => data,
            Err(e) => {
                eprintln!("bench-json: {e}");
                return ExitCode::FAILURE;
            }
        };
        driver::native(&data).iter().for_each(|f| print(f.json()));
    }
    if wants("wasm") {
        match driver::wasm_chromium() {
            Ok(lines) => lines.into_iter().for_each(&mut print),
            Err(e) => {
                eprintln!("bench-json: wasm in Chromium: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    for line in report::ratios(&figures) {
        eprintln!("bench-json: {line}");
    }
    if figures.iter().all(Figure::checksum_ok) {
        ExitCode::SUCCESS
    } else {
        eprintln!("bench-json: a checksum did not match; no time is reported for it");
        ExitCode::FAILURE
    }
}

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    let _ = std::io::stderr().write_all(b"bench-json runs natively; it drives the wasm build itself\n");
    ExitCode::FAILURE
}
