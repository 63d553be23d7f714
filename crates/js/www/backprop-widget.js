// <backprop-circuit> in a notebook: the front end of the Python package's widget
// (crates/py/python/backprop_playground/widget.py), an anywidget module (`export default
// { render }`) that JupyterLab, Jupyter and marimo load through the `anywidget` package from
// a string, with no folder beside it. So `cargo xtask dist` bundles it with esbuild into one
// file inside the wheel, backprop_playground/widget.js: this module, the element, its glue,
// and the wasm and stylesheet as data (the `binary` and `text` loaders).
//
// The kernel computes (value, grads, error come from Python); this module draws, and sends a
// student's edit of an input back as the new `values`, which the kernel computes again and
// every other view of the widget draws.

import init from "./circuit-view.js";
import wasm from "./circuit-view_bg.wasm";
import css from "./backprop-circuit.css";
import { useStylesheet } from "./backprop-circuit.js";

// The one wasm instance, from the bytes in this file: the elements' own `init()` then finds
// it started and fetches nothing.
init({ module_or_path: wasm });
useStylesheet(css);

/** The traits that are the element's attributes (widget.py); `theme` is set apart. */
const ATTRIBUTES = ["program", "values", "controls", "expanded", "locked", "height"];

/** One trait onto its attribute, when it differs. */
function show(model, circuit, name) {
  const value = model.get(name);
  if (typeof value === "boolean") circuit.toggleAttribute(name, value);
  else if (value === null || value === undefined || value === "") circuit.removeAttribute(name);
  else if (circuit.getAttribute(name) !== String(value)) circuit.setAttribute(name, String(value));
}

/**
 * The attributes on the body where a notebook host writes its theme: JupyterLab's
 * `data-jp-theme-light` ("true" or "false"), and marimo's `data-theme` ("light" or "dark",
 * what its theme setting or the page's `?theme=` resolves to).
 */
const HOST_THEME = ["data-jp-theme-light", "data-theme"];

/**
 * The host's theme, "light" or "dark", or "" in any other page (the element then follows
 * the browser's scheme).
 */
function hostTheme() {
  const { jpThemeLight, theme } = document.body?.dataset ?? {};
  if (jpThemeLight === "true" || theme === "light") return "light";
  if (jpThemeLight === "false" || theme === "dark") return "dark";
  return "";
}

/** The inputs on screen as `values` text, each number as JavaScript writes it (it reads back exactly). */
function inputsText(circuit) {
  return Object.entries(circuit.inputs ?? {})
    .map(([name, v]) => `${name}=${v}`)
    .join(" ");
}

function render({ model, el }) {
  const circuit = document.createElement("backprop-circuit");
  // The inputs last drawn from the model: a change from them that the model did not make is
  // a student's edit, which goes back to the kernel.
  let settled;
  let applying = false;
  const apply = (name) => {
    applying = true;
    try {
      show(model, circuit, name);
    } finally {
      applying = false;
    }
  };
  const theme = () => {
    const chosen = model.get("theme") || hostTheme();
    if (chosen) circuit.setAttribute("theme", chosen);
    else circuit.removeAttribute("theme");
  };
  const listeners = ATTRIBUTES.map((name) => {
    apply(name);
    const changed = () => apply(name);
    model.on(`change:${name}`, changed);
    return [`change:${name}`, changed];
  });
  theme();
  model.on("change:theme", theme);
  listeners.push(["change:theme", theme]);
  const hostChanged = new MutationObserver(theme);
  hostChanged.observe(document.body, { attributes: true, attributeFilter: HOST_THEME });
  circuit.addEventListener("backprop-change", () => {
    const now = inputsText(circuit);
    // The first circuit drawn, and every change the model made, are what the model says.
    if (applying || settled === undefined) {
      settled = now;
      return;
    }
    if (now === settled) return;
    settled = now;
    model.set("values", now);
    model.save_changes();
  });
  el.append(circuit);
  return () => {
    hostChanged.disconnect();
    listeners.forEach(([event, changed]) => model.off(event, changed));
  };
}

export default { render };
