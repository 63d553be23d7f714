// The <backprop-circuit> element's types (www/backprop-circuit.js): importing the module
// defines the element; these declarations tell TypeScript its properties and events.
import type { TraceStep } from "./backprop.js";

/** What `backprop-change` reports after every recompute. */
export interface BackpropChangeDetail {
  /** The output's value. */
  value: number;
  /** Every name's gradient of the output. */
  grads: Record<string, number>;
}

/**
 * `<backprop-circuit program="q = x + y; f = q * z" values="x=-2 y=5 z=-4" controls>`.
 * Attributes: `program`, `values`, `controls`, `expanded`, `locked`, `height`, `theme`
 * (`light` or `dark`; the reader's colour scheme when absent).
 */
export class BackpropCircuit extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The output's value; undefined until the engine has loaded. */
  readonly value: number | undefined;
  /** Every name's gradient; undefined until the engine has loaded. */
  readonly grads: Record<string, number> | undefined;
  /** The inputs' values on screen, a student's drag included; `{}` until the engine has loaded. */
  readonly inputs: Record<string, number>;
  /** Where the animation is, in events (fractional while a step plays). */
  readonly position: number | undefined;
  /** The message of the last bad program or values ("" when all is well). */
  readonly error: string;
}

/** Resolves once the element's wasm has loaded (one module for every element on the page). */
export function ready(): Promise<unknown>;

/**
 * The element's stylesheet as text, for a bundle that carries it instead of the
 * backprop-circuit.css file beside this module (the notebook widget does): elements made
 * afterwards adopt it.
 */
export function useStylesheet(css: string): void;

declare global {
  interface HTMLElementTagNameMap {
    "backprop-circuit": BackpropCircuit;
  }
  interface HTMLElementEventMap {
    "backprop-change": CustomEvent<BackpropChangeDetail>;
    "backprop-step": CustomEvent<TraceStep>;
  }
}
