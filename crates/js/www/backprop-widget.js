// <backprop-circuit> in a notebook: an anywidget module (`export default { render }`), which
// Jupyter, JupyterLab, Jupyter Book 2 and marimo load through the `anywidget` package
// (crates/js/notebook/backprop_widget.py is its Python side). A notebook loads it from a
// string, with no folder beside it, so `cargo xtask dist` bundles it with esbuild into one
// file, dist/notebook/backprop_widget.js: this module, the element, its glue, and the wasm
// and stylesheet as data (the `binary` and `text` loaders).

import init from "./circuit-view.js";
import wasm from "./circuit-view_bg.wasm";
import css from "./backprop-circuit.css";
import { useStylesheet } from "./backprop-circuit.js";

// The one wasm instance, from the bytes in this file: the elements' own `init()` then finds
// it started and fetches nothing.
init({ module_or_path: wasm });
useStylesheet(css);

/** The traits that are the element's attributes (backprop_widget.py). */
const ATTRIBUTES = ["program", "values", "controls", "expanded", "locked", "height", "theme"];

/**
 * One trait onto its attribute, only when it differs: setting `values` again, even to the
 * same text, would put back the inputs a student has dragged since.
 */
function show(model, circuit, name) {
  const value = model.get(name);
  if (typeof value === "boolean") circuit.toggleAttribute(name, value);
  else if (value === null || value === undefined || value === "") circuit.removeAttribute(name);
  else if (circuit.getAttribute(name) !== String(value)) circuit.setAttribute(name, String(value));
}

/** What the circuit computed, back to Python (NaN and ±Infinity arrive as None). */
function report(model, circuit) {
  model.set("value", circuit.value ?? null);
  model.set("grads", circuit.grads ?? {});
  model.set("error", circuit.error ?? "");
  model.save_changes();
}

function render({ model, el }) {
  const circuit = document.createElement("backprop-circuit");
  const listeners = ATTRIBUTES.map((name) => {
    show(model, circuit, name);
    const changed = () => {
      show(model, circuit, name);
      // A program that does not compile fires no backprop-change: its error goes back now.
      if (model.get("error") !== circuit.error) report(model, circuit);
    };
    model.on(`change:${name}`, changed);
    return [`change:${name}`, changed];
  });
  circuit.addEventListener("backprop-change", () => report(model, circuit));
  el.append(circuit);
  return () => listeners.forEach(([event, changed]) => model.off(event, changed));
}

export default { render };
