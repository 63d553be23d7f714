// <backprop-circuit>: a live cs231n circuit for course notes, slides and notebooks.
//
//   <script type="module" src="pkg/backprop-circuit.js"></script>
//   <backprop-circuit program="q = x + y; f = q * z" values="x=-2 y=5 z=-4" controls></backprop-circuit>
//
// The drawing, the layout, the animation clock and the scrub arithmetic are the page's own,
// in the element's wasm module (crates/js built with its `element` feature: `CircuitView`
// over crates/canvas and crates/circuit); this file only wires the DOM to it. Every element
// on a page shares that module: it is fetched and instantiated once. No inline script or style: the shadow root
// links backprop-circuit.css, so the element works under
// `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

import init, { CircuitView } from "./circuit-view.js";

let ready;
/** The one wasm instance every element uses (circuit-view_bg.wasm, next to this file). */
const engine = () => (ready ??= init());

let sheet = null;
/**
 * The stylesheet as text, for a bundle that carries it (the notebook widget, loaded from a
 * blob: URL, beside which there is no backprop-circuit.css): elements made afterwards adopt
 * it instead of linking the file.
 */
function useStylesheet(text) {
  sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
}

const media = (q) => (typeof matchMedia === "function" ? matchMedia(q) : { matches: false, addEventListener() {}, removeEventListener() {} });
const darkScheme = media("(prefers-color-scheme: dark)");
const reducedMotion = media("(prefers-reduced-motion: reduce)");
const printMedia = media("print");

// Printed, the canvas has 3 device pixels per CSS pixel (288 dpi on paper), whatever the
// screen's ratio. A canvas at print resolution, not the SVG: the SVG module loads
// asynchronously (www/svg.js, another wasm), and `beforeprint` cannot wait for it, so the
// first print of a page would miss it, unless every element loaded it up front for a print
// that seldom comes. The canvas is redrawn synchronously in `beforeprint`, which is when
// the browser takes its picture, and when the print media query starts to match (Chromium's
// print preview and emulated print media).
const PRINT_RATIO = 3;
// The most backing-store pixels one canvas may have (a wide circuit printed, a 4K
// projector): 16 million, 64 MB of RGBA, within every engine's canvas limits.
const MAX_CANVAS_PIXELS = 16e6;

// Words, not media glyphs: those are missing from many fonts.
const BUTTONS = [
  ["restart", "Restart", "Restart"],
  ["back", "Step back", "◀ Step"],
  ["play", "Play", "Play"],
  ["forward", "Step forward", "Step ▶"],
];

class BackpropCircuit extends HTMLElement {
  static observedAttributes = ["program", "values", "controls", "expanded", "locked", "height", "theme"];

  #view = null;
  #canvas;
  #stage;
  #controls;
  #narration;
  #error;
  #buttons = {};
  #frame = 0;
  #timer = 0;
  #drag = null;
  #chosen = 0;
  #resize;
  #sizing = 0;
  #schemeChanged = () => this.#draw();
  #lastEvent = -1;
  #printing = false;
  #print = (e) => {
    this.#printing = e.type === "beforeprint";
    this.#rescale();
  };
  // A slide deck scales its slides with a CSS transform on an ancestor (reveal.js: ×1.45 on
  // a 1920-px screen), which a ResizeObserver does not report, since the canvas's own size
  // is unchanged. The scale changes when the window is resized, which reveal.js follows with
  // its own `resize` event (it bubbles to the window, after the new transform is set), and
  // at the end of a transition (a deck's animated zoom). Both are rare, so the element
  // re-measures in the next frame then, and when it is shown or resized (the observer):
  // cheaper than measuring at each frame it draws, which would force the browser to lay out
  // the page at every frame of an animation or a drag.
  #rescaling = 0;
  #rescaleSoon = () => {
    cancelAnimationFrame(this.#rescaling);
    this.#rescaling = requestAnimationFrame(() => this.#rescale());
  };

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if (sheet) root.adoptedStyleSheets = [sheet];
    else {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("./backprop-circuit.css", import.meta.url).href;
      root.append(css);
    }
    const figure = document.createElement("div");
    figure.className = "frame";
    this.#canvas = document.createElement("canvas");
    this.#canvas.tabIndex = 0;
    this.#canvas.setAttribute("role", "img");
    this.#controls = document.createElement("div");
    this.#controls.className = "controls";
    for (const [id, label, symbol] of BUTTONS) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = id;
      b.textContent = symbol;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", () => this.#control(id));
      this.#buttons[id] = b;
      this.#controls.append(b);
    }
    this.#narration = document.createElement("p");
    this.#narration.className = "narration";
    this.#narration.setAttribute("aria-live", "polite");
    this.#error = document.createElement("p");
    this.#error.className = "error";
    this.#error.setAttribute("role", "alert");
    // The canvas in a stage, whose edges fade where the circuit is cut off.
    this.#stage = document.createElement("div");
    this.#stage.className = "stage";
    this.#stage.append(this.#canvas);
    figure.append(this.#stage, this.#controls, this.#narration, this.#error);
    root.append(figure);

    const c = this.#canvas;
    c.addEventListener("pointerdown", (e) => this.#pointerDown(e));
    c.addEventListener("pointermove", (e) => this.#pointerMove(e));
    for (const type of ["pointerup", "pointercancel"]) {
      c.addEventListener(type, (e) => {
        if (this.#drag) e.stopPropagation();
        this.#drag = null;
      });
    }
    // A drag the element handles is its own: a slide deck listening on an ancestor (reveal.js
    // turns a sideways touch drag into the next slide, from pointer events where there are
    // any, else from touch events) never sees it. Pointer events come first, so `#drag` is
    // set when the touch events follow.
    for (const type of ["touchstart", "touchmove"]) {
      c.addEventListener(type, (e) => this.#drag && e.stopPropagation(), { passive: true });
    }
    c.addEventListener("keydown", (e) => this.#key(e));
    this.#resize = typeof ResizeObserver === "function" ? new ResizeObserver(() => this.#resized()) : null;
  }

  connectedCallback() {
    darkScheme.addEventListener?.("change", this.#schemeChanged);
    printMedia.addEventListener?.("change", this.#print);
    addEventListener("beforeprint", this.#print);
    addEventListener("afterprint", this.#print);
    addEventListener("resize", this.#rescaleSoon);
    addEventListener("transitionend", this.#rescaleSoon);
    engine().then(() => {
      if (!this.isConnected) return;
      if (!this.#view) {
        this.#view = new CircuitView(this.#canvas);
        this.#rescale(false);
        this.#load();
      }
      this.#resize?.observe(this.#canvas);
    });
  }

  disconnectedCallback() {
    this.#stop();
    this.#resize?.disconnect();
    cancelAnimationFrame(this.#sizing);
    cancelAnimationFrame(this.#rescaling);
    darkScheme.removeEventListener?.("change", this.#schemeChanged);
    printMedia.removeEventListener?.("change", this.#print);
    removeEventListener("beforeprint", this.#print);
    removeEventListener("afterprint", this.#print);
    removeEventListener("resize", this.#rescaleSoon);
    removeEventListener("transitionend", this.#rescaleSoon);
    // A move (taken out and put back in one task: a page builder, a lightbox, a slide
    // deck's reordering) keeps the circuit and the student's edits; an element taken out
    // for good frees its wasm memory (the view holds the canvas, so the garbage collector
    // would never free it).
    setTimeout(() => {
      if (this.isConnected) return;
      this.#view?.free();
      this.#view = null;
    });
  }

  attributeChangedCallback(name) {
    if (!this.#view) return;
    if (name === "program") this.#load();
    else if (name === "values") this.#applyValues(true);
    else if (name === "expanded") {
      this.#view.set_expanded(this.hasAttribute("expanded"));
      this.#changed();
    } else if (name === "theme") {
      // Drawn in the new colours now; and since a host's theme switch (JupyterLab's)
      // restyles the page around the canvas, which can leave its drawing surface measured at
      // 1x1 while its box is full size, measured and drawn again in the next frame.
      this.#layout();
      this.#resized();
    } else this.#layout();
  }

  /** The output's value, and every name's gradient (what `backprop-change` reports). */
  get value() {
    return this.#view?.value();
  }

  get grads() {
    return this.#view?.grads();
  }

  /** The inputs' values on screen, a student's drag included: `{ x: -2, y: 5 }`. */
  get inputs() {
    const v = this.#view;
    return v ? Object.fromEntries(v.inputs().map((name) => [name, v.value_of(name)])) : {};
  }

  /** Where the animation is, in events (fractional while a step plays). */
  get position() {
    return this.#view?.position();
  }

  /** The message of the last bad program or values ("" when all is well). */
  get error() {
    return this.#error.textContent;
  }

  #load() {
    this.#stop();
    try {
      this.#view.load(this.getAttribute("program") ?? "");
      this.#view.set_expanded(this.hasAttribute("expanded"));
      this.#error.textContent = "";
    } catch (e) {
      // The last good circuit stays on screen.
      this.#error.textContent = e.line ? `${e.line}:${e.column}: ${e.message}` : e.message;
      this.#layout();
      return;
    }
    this.#chosen = 0;
    this.#applyValues(false);
  }

  #applyValues(alone) {
    try {
      this.#view.set_values(this.getAttribute("values") ?? "");
      if (alone) this.#error.textContent = "";
    } catch (e) {
      this.#error.textContent = e.message;
    }
    this.#changed();
  }

  /** After every recompute: the frame, the label, and `backprop-change`. */
  #changed() {
    this.#layout();
    this.dispatchEvent(
      new CustomEvent("backprop-change", { detail: { value: this.#view.value(), grads: this.#view.grads() }, bubbles: true }),
    );
  }

  #layout() {
    const v = this.#view;
    if (!v) return;
    this.#controls.hidden = !this.hasAttribute("controls");
    const height = Number(this.getAttribute("height"));
    v.set_height(height > 0 ? height : 0);
    this.#canvas.setAttribute("aria-label", v.description());
    this.#canvas.classList.toggle("locked", this.hasAttribute("locked"));
    this.#draw();
  }

  #resized() {
    // In the next frame, not in the observer's callback: drawing after a resize sets the
    // canvas's height, and a size changed inside the callback is a notification the
    // browser cannot deliver in this frame (Firefox logs "ResizeObserver loop completed
    // with undelivered notifications" whenever the fitted height changes).
    cancelAnimationFrame(this.#sizing);
    this.#sizing = requestAnimationFrame(() => {
      this.#view?.resize();
      this.#rescale(false);
      this.#draw();
    });
  }

  /**
   * How many times its CSS size the canvas is shown (an ancestor's CSS transform), and its
   * box on the screen. Against its computed width, not `offsetWidth`, which is rounded to a
   * whole pixel: a 319.5-px canvas is not shown at 0.998.
   */
  #shown() {
    const c = this.#canvas;
    const r = c.getBoundingClientRect();
    const w = parseFloat(getComputedStyle(c).width);
    return { r, k: w > 0 && r.width > 0 ? r.width / w : 1 };
  }

  /**
   * Sizes the canvas's backing store for the size it is shown at, or printed at: sharp on a
   * projector, and on paper. Draws when that changed and `draw` is not false.
   */
  #rescale(draw) {
    const v = this.#view;
    if (!v) return;
    const c = this.#canvas;
    const dpr = Math.max(devicePixelRatio || 1, 1);
    let zoom = this.#shown().k;
    if (this.#printing || printMedia.matches) zoom = Math.max(zoom, PRINT_RATIO / dpr);
    const area = c.offsetWidth * c.offsetHeight * dpr * dpr;
    if (area) zoom = Math.min(zoom, Math.sqrt(MAX_CANVAS_PIXELS / area));
    if (v.set_zoom(zoom) && draw !== false) this.#draw();
  }

  #dark() {
    const theme = this.getAttribute("theme");
    return theme === "dark" || (theme !== "light" && darkScheme.matches);
  }

  #draw() {
    const v = this.#view;
    if (!v) return;
    v.draw(this.#dark());
    // A circuit cut off at an edge fades out there: there is more to drag into view.
    const cut = v.cut_off();
    this.#stage.classList.toggle("more-left", (cut & 1) !== 0);
    this.#stage.classList.toggle("more-right", (cut & 2) !== 0);
    const playing = this.#frame !== 0 || this.#timer !== 0;
    const play = this.#buttons.play;
    play.textContent = playing ? "Pause" : "Play";
    play.setAttribute("aria-label", playing ? "Pause" : "Play");
    const event = v.current_event();
    if (event !== this.#lastEvent) {
      this.#lastEvent = event;
      this.#narration.textContent = v.narration();
      const step = v.current_step();
      if (step) this.dispatchEvent(new CustomEvent("backprop-step", { detail: step, bubbles: true }));
    }
  }

  #control(id) {
    const v = this.#view;
    if (!v) return;
    if (id === "play") {
      if (this.#frame || this.#timer) this.#stop();
      else this.#play();
    } else {
      // The clock's own step pauses, from where the step in motion is (pausing first
      // would round it down and step twice).
      this.#stopLoop();
      if (id === "restart") v.restart();
      else v.step_by(id === "back" ? -1 : 1);
    }
    this.#draw();
  }

  #play() {
    const v = this.#view;
    v.play();
    if (reducedMotion.matches) {
      // Whole steps, no travelling token.
      v.pause();
      const tick = () => {
        if (v.position() >= v.len()) return this.#stop();
        v.step_by(1);
        this.#draw();
        this.#timer = setTimeout(tick, v.step_ms());
      };
      this.#timer = setTimeout(tick, 0);
      return;
    }
    const frame = (ts) => {
      v.frame(ts);
      if (!v.playing()) this.#frame = 0;
      else this.#frame = requestAnimationFrame(frame);
      this.#draw();
    };
    this.#frame = requestAnimationFrame(frame);
  }

  #stopLoop() {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    if (this.#timer) clearTimeout(this.#timer);
    this.#frame = this.#timer = 0;
  }

  #stop() {
    this.#stopLoop();
    this.#view?.pause();
  }

  /**
   * Where pointer event `e` is on the canvas, in the canvas's own CSS pixels, and how many
   * screen pixels one of them is: on a slide scaled ×1.45, a finger moving 145 px on the
   * screen moves 100 of the canvas's pixels. From the event's client point, not its
   * `offsetX`, which is relative to the canvas where it is now: a slide moving under the
   * finger would move the value the other way.
   */
  #at(e) {
    const { r, k } = this.#shown();
    return { x: (e.clientX - r.left) / k, y: (e.clientY - r.top) / k, k };
  }

  #pointerDown(e) {
    const v = this.#view;
    if (!v) return;
    // On an input: scrub it (unless locked). Elsewhere on a circuit wider than the canvas
    // (a phone, an expanded neuron): drag it sideways, to the output and back.
    const { x, y, k } = this.#at(e);
    const name = this.hasAttribute("locked") ? undefined : v.input_at(x, y);
    if (name !== undefined) this.#drag = { name, x0: e.clientX, k, v0: v.value_of(name) };
    else if (v.overflows()) this.#drag = { pan: e.clientX, k };
    else return;
    this.#canvas.setPointerCapture?.(e.pointerId);
    e.preventDefault();
    e.stopPropagation();
  }

  #pointerMove(e) {
    const v = this.#view;
    if (!v) return;
    // A move with no button down is not part of a drag, even while one is under way (WebKit
    // under X delivers the system pointer's own moves in between the driven ones).
    const d = e.buttons ? this.#drag : undefined;
    if (!d) {
      // A mouse's hover; a touch has no hover, and reads no layout here.
      if (e.pointerType === "touch") return;
      const { x, y } = this.#at(e);
      const over = !this.hasAttribute("locked") && v.input_at(x, y) !== undefined;
      this.#canvas.classList.toggle("scrub", over);
      this.#canvas.classList.toggle("pan", !over && v.overflows());
      return;
    }
    e.stopPropagation();
    if (d.pan !== undefined) {
      if (v.pan((e.clientX - d.pan) / d.k)) this.#draw();
      d.pan = e.clientX;
      return;
    }
    const value = v.scrubbed(d.v0, (e.clientX - d.x0) / d.k, e.shiftKey);
    if (!Object.is(value, v.value_of(d.name))) this.#set(d.name, value);
  }

  #set(name, value) {
    this.#view.set_value(name, value);
    this.#changed();
  }

  #key(e) {
    const v = this.#view;
    if (!v) return;
    const inputs = v.inputs();
    const keys = {
      " ": () => this.#control("play"),
      ArrowLeft: () => this.#control("back"),
      ArrowRight: () => this.#control("forward"),
      Home: () => this.#control("restart"),
    };
    if (!this.hasAttribute("locked") && inputs.length) {
      const nudge = (dir) => () => {
        const name = inputs[this.#chosen % inputs.length];
        const v0 = v.value_of(name);
        this.#set(name, v.scrubbed(v0, dir * 2 * (e.shiftKey ? 1 : 10), false));
        this.#narration.textContent = `${name} = ${v.value_of(name)}`;
      };
      const choose = (dir) => () => {
        this.#chosen = (this.#chosen + dir + inputs.length) % inputs.length;
        const name = inputs[this.#chosen];
        this.#narration.textContent = `${name} = ${v.value_of(name)} (Up and Down change it)`;
      };
      Object.assign(keys, { ArrowUp: nudge(1), ArrowDown: nudge(-1), PageDown: choose(1), PageUp: choose(-1) });
    }
    // Shift+Left and Shift+Right: slide a circuit wider than the canvas.
    const pan = (dx) => () => v.pan(dx) && this.#draw();
    if (e.shiftKey) Object.assign(keys, { ArrowLeft: pan(80), ArrowRight: pan(-80) });
    const act = keys[e.key];
    if (act) {
      // The key is the element's alone: a slide deck listening on the document (reveal.js's
      // Space, arrows, Home and Page keys change the slide, preventDefault or not) never
      // sees it. Keys the element does not use still reach the page.
      e.preventDefault();
      e.stopPropagation();
      act();
    }
  }
}

if (!customElements.get("backprop-circuit")) customElements.define("backprop-circuit", BackpropCircuit);

export { BackpropCircuit, engine as ready, useStylesheet };
