// The npm package as a user gets it: `npm pack dist/pkg` holds only what a user needs, and
// once installed from that tarball, `import ... from "backprop-playground"` works in Node as
// docs/js-api.md says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pkg } from "./support.mjs";

const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("npm pack holds the modules, the wasm, the types and nothing else; the installed package imports by name", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "backprop-pack-"));
  try {
    const [packed] = JSON.parse(npm(["pack", pkg, "--json", "--pack-destination", dir], dir));
    assert.equal(packed.name, "backprop-playground");
    assert.deepEqual(packed.files.map((f) => f.path).toSorted(), [
      "README.md",
      "backprop-circuit.css",
      "backprop-circuit.d.ts",
      "backprop-circuit.js",
      "backprop-svg.js",
      "backprop-svg_bg.wasm",
      "backprop.d.ts",
      "backprop.js",
      "backprop_bg.wasm",
      "circuit-view.js",
      "circuit-view_bg.wasm",
      "package.json",
      "svg.js",
    ]);
    const app = path.join(dir, "app");
    execFileSync("mkdir", [app]);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    npm(["install", "--offline", "--no-audit", "--no-fund", path.join(dir, packed.filename)], app);
    writeFileSync(
      path.join(app, "main.js"),
      `import { readFileSync } from "node:fs";
       import init, { compile } from "backprop-playground";
       const wasm = new URL(import.meta.resolve("backprop-playground/backprop_bg.wasm"));
       await init({ module_or_path: readFileSync(wasm) });
       const c = compile("q = x + y; f = q * z");
       c.set({ x: -2, y: 5, z: -4 });
       // svg() finds its own module and wasm inside the installed package.
       const svg = await c.svg();
       console.log(JSON.stringify([c.value, c.grads(), svg.slice(0, 4), svg.includes(">-12</text>")]));`,
    );
    const out = execFileSync("node", ["main.js"], { cwd: app, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [-12, { x: -4, y: -4, q: -4, z: 3, f: 1 }, "<svg", true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
