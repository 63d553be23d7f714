// What the engine's `svg()` calls (crates/js/src/web.rs imports it as "./svg.js"): the SVG
// module (backprop-svg.js and its wasm, crates/js/src/svg.rs), loaded the first time a
// circuit asks for its picture, then kept. The layout behind an SVG is as large as the rest
// of the engine, so a page that only computes never downloads it.

let loading;

/** The SVG of the circuit made from its program, expansions and input values. */
export function svg(program, expansions, values) {
  loading ??= load().catch((e) => {
    loading = undefined; // a failed download is tried again on the next call
    throw e;
  });
  return loading.then((m) => m.render(program, expansions, values));
}

async function load() {
  const m = await import("./backprop-svg.js");
  const url = new URL("./backprop-svg_bg.wasm", import.meta.url);
  // Node's fetch reads no file: URLs, so there the wasm is read from disk.
  const source =
    url.protocol === "file:" ? (await import("node:fs/promises")).readFile(url) : url;
  await m.default({ module_or_path: await source });
  return m;
}
