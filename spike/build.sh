#!/bin/sh
# Builds the spike as the page's dist build does (pinned nightly, build-std, immediate-abort),
# plus --emit-relocs for the splitter; then splits, binds, optimises and renames each piece.
# Usage: spike/build.sh [OUT]   (needs the tools of `cargo xtask ensure-tools` and the
# splitter CLI on PATH as wasm-split-cli).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
tools=${BACKPROP_TOOLS:-$HOME/.cache/backprop-playground}
PATH=$tools/wasm-bindgen-0.2.130/bin:$tools/binaryen-132.0.0/node_modules/.bin:$tools/terser-5.51.2/node_modules/.bin:$PATH
export RUSTUP_TOOLCHAIN=nightly-2026-10-29
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=--emit-relocs"
cd "$here"
cargo build --release --target wasm32-unknown-unknown
linked=target/wasm32-unknown-unknown/release/split_spike.wasm
rm -rf "$out" && mkdir -p "$out/split"
wasm-split-cli --target web --out-name spike "$linked" "$out/split"
ls -l "$out/split"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$out" --out-name spike "$out/split/spike.wasm"
for f in "$out"/split/*; do
  case $f in */spike.wasm) ;; *) cp "$f" "$out/" ;; esac
done
cp www/index.html www/main.js "$out/"
# The page's wasm-opt flags (www/index.html) on every piece, then terser on the JS, as
# `cargo xtask dist` does; SPIKE_RAW=1 leaves the pieces as the splitter wrote them.
if [ "${SPIKE_RAW:-}" != 1 ]; then
  for f in "$out"/*.wasm; do
    wasm-opt -Oz --converge --strip-producers --strip-target-features --one-caller-inline-max-function-size=0 \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      --enable-reference-types --enable-multivalue -o "$f" "$f"
  done
  for f in spike.js __wasm_split.js; do terser "$out/$f" --compress --mangle --module --output "$out/$f"; done
fi
ls -l "$out"
