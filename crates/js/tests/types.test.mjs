// The package's TypeScript declarations as a TypeScript user meets them: a strict program
// that imports the engine and the element by the package's name type-checks with the
// pinned tsc ($BACKPROP_TSC), and wrong uses of both are caught (the types are not `any`).
// The lib is esnext: wasm-bindgen declares `[Symbol.dispose]()` on the classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pkg } from "./support.mjs";

const tsc = process.env.BACKPROP_TSC ?? "tsc";

/** Type-checks `source` as main.ts of an app with the package installed: tsc's status and output. */
function check(source) {
  const app = mkdtempSync(path.join(tmpdir(), "backprop-types-"));
  try {
    mkdirSync(path.join(app, "node_modules"));
    symlinkSync(path.resolve(pkg), path.join(app, "node_modules/backprop-playground"), "dir");
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    writeFileSync(path.join(app, "main.ts"), source);
    const args = ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext"];
    args.push("--moduleResolution", "bundler", "--lib", "esnext,dom", "main.ts");
    const r = spawnSync(tsc, args, { cwd: app, encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ?? ""}` };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

const imports = `
import init, { compile, type Circuit, type TraceStep, type GradCheck, type Gate, type StepReport } from "backprop-playground";
import { BackpropCircuit, ready, type BackpropChangeDetail } from "backprop-playground/backprop-circuit.js";
`;

test("a strict TypeScript program using the engine and the element type-checks", () => {
  const { status, output } = check(`${imports}
await init();
const c = compile("q = x + y; f = q * z");
const inputs: string[] = c.inputs;
c.set("x", -2);
c.set({ y: 5, z: -4 });
const value: number = c.value;
const grads: Record<string, number> = c.grads();
const steps: TraceStep[] = c.trace();
const upstream: number = steps[0].upstream;
const checks: GradCheck[] = c.check(1e-5);
const gates: Gate[] = c.gates();
const svg: string = await c.svg();
const report: StepReport = c.step(0.1);
const uphill: number = c.step(0.1, "ascend").actualChange;
const primitive: Circuit = c.expand();
primitive.expand(["sigmoid"]).free();
primitive.free();
c.free();

await ready();
const el: BackpropCircuit | null = document.querySelector("backprop-circuit");
el?.addEventListener("backprop-change", (e) => {
  const detail: BackpropChangeDetail = e.detail;
  const out: number = e.detail.value;
});
el?.addEventListener("backprop-step", (e) => {
  const gate: string = e.detail.gate;
  const local: number = e.detail.local;
});
const made = document.createElement("backprop-circuit");
const error: string = made.error;
const shown: number | undefined = made.value;
console.log(inputs, value, grads, upstream, checks, gates, svg, report, uphill, error, shown);
`);
  assert.equal(status, 0, output);
});

for (const [what, body, code] of [
  ["set with a number for a name", `compile("f = x").set(5, 1);`, "TS2345"],
  ["the value read as a string", `const s: string = compile("f = x").value;`, "TS2322"],
  ["a step size as a string", `compile("f = x").step("0.1");`, "TS2345"],
  ["one op's name for expand's list", `compile("f = tanh(x)").expand("tanh");`, "TS2345"],
  ["the SVG used without awaiting it", `const svg: string = compile("f = x").svg();`, "TS2322"],
  ["an unknown field of a trace step", `compile("f = x").trace()[0].nope;`, "TS2339"],
  ["the element's error read as a number", `const n: number = document.createElement("backprop-circuit").error;`, "TS2322"],
  [
    "a field backprop-change does not have",
    `document.querySelector("backprop-circuit")?.addEventListener("backprop-change", (e) => e.detail.nope);`,
    "TS2339",
  ],
]) {
  test(`tsc refuses ${what}`, () => {
    const { status, output } = check(`${imports}\n${body}\nexport {};\n`);
    assert.notEqual(status, 0, `tsc accepted: ${body}`);
    assert.match(output, new RegExp(`error ${code}`), output);
  });
}
