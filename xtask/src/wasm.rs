//! How every wasm that `dist` ships is built: the page's in each language (`dist.rs`), its
//! pieces (`split.rs`) and the npm package's modules (`pkg.rs`) share the nightly size build
//! and wasm-opt's flags. What each setting saves is in docs/size.md ("Build settings").

use crate::system;

/// How the release wasm is built: the page must stay under its size budget, and the pinned
/// stable toolchain cannot get it there. Nightly rebuilds std with `optimize_for_size`
/// and makes a panic a plain trap (`immediate-abort`: no panic message formatting, no
/// source locations), and `fmt-debug=none` leaves out every `Debug` impl (nothing on the
/// page prints one). Only `dist` uses this (and so the e2e suite, which runs against
/// dist/); `serve`, clippy and every test stay on the pinned stable toolchain.
pub const SIZE_BUILD: &[(&str, &str)] = &[
    ("RUSTUP_TOOLCHAIN", system::NIGHTLY),
    ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
    ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size"),
    (
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
    ),
];

/// wasm-opt's flags for the page's wasm (www/index.html's `data-wasm-opt-params`), at -Oz;
/// also the page's pieces' (split.rs) and the npm package's modules (pkg.rs).
pub const WASM_OPT: &[&str] = &[
    "-Oz",
    "--converge",
    "--strip-producers",
    "--strip-target-features",
    "--one-caller-inline-max-function-size=0",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];
