// What the Node tests share: the built package (dist/pkg, or $BACKPROP_PKG) loaded the way
// the README tells a Node user to, and the `backprop` command line ($BACKPROP_CLI) whose
// numbers the API must equal.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const pkg = process.env.BACKPROP_PKG ?? path.join(root, "dist/pkg");

const api = await import(pathToFileURL(path.join(pkg, "backprop.js")).href);
await api.default({ module_or_path: readFileSync(path.join(pkg, "backprop_bg.wasm")) });
export const { compile } = api;

const cli = process.env.BACKPROP_CLI ?? path.join(root, "target/debug/backprop");

/** Runs `backprop <command> <program> name=value...`, returning stdout. */
export function backprop(command, program, values = {}) {
  const args = [command, program, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)];
  return execFileSync(cli, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `backprop grad` as numbers: its "inf", "-inf" and "NaN" strings back to JS numbers. */
export function cliGrad(program, values) {
  const number = (v) => (typeof v === "number" ? v : { inf: Infinity, "-inf": -Infinity, NaN: NaN }[v]);
  const json = JSON.parse(backprop("grad", program, values));
  return {
    value: number(json.value),
    grad: Object.fromEntries(Object.entries(json.grad).map(([k, v]) => [k, number(v)])),
  };
}

/** Builds the circuit, sets the values, and frees it after `f`. */
export function withCircuit(program, values, f) {
  const c = compile(program);
  try {
    if (values && Object.keys(values).length > 0) c.set(values);
    return f(c);
  } finally {
    c.free();
  }
}

/** Whether |a - b| <= tol (the notes print rounded figures). */
export function near(a, b, tol) {
  return Math.abs(a - b) <= tol;
}
