// The API against docs/reference-values.md, and against `backprop grad` to the bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, withCircuit, cliGrad, backprop, near } from "./support.mjs";

test("the issue's example: f = (x + y) z at x = -2, y = 5, z = -4", () => {
  const c = compile("q = x + y; f = q * z");
  assert.deepEqual(c.inputs, ["x", "y", "z"]);
  c.set("x", -2);
  c.set({ y: 5, z: -4 });
  assert.equal(c.value, -12);
  assert.equal(c.output, "f");
  assert.deepEqual(c.values(), { x: -2, y: 5, z: -4, q: 3, f: -12 });
  assert.deepEqual(c.grads(), { x: -4, y: -4, z: 3, q: -4, f: 1 });
  // Keys come in backprop grad's order: as the program names them.
  assert.deepEqual(Object.keys(c.grads()), ["x", "y", "q", "z", "f"]);
  c.free();
});

test("the sigmoid neuron: dx = [0.393, -0.590], dw = [-0.197, -0.393, 0.197]", () => {
  const src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)";
  withCircuit(src, {}, (c) => {
    assert.ok(near(c.value, 0.7311, 5e-5), `f = ${c.value}`);
    const g = c.grads();
    const want = { x0: 0.393, x1: -0.59, w0: -0.197, w1: -0.393, w2: 0.197 };
    for (const [name, v] of Object.entries(want)) assert.ok(near(g[name], v, 5e-4), `${name} = ${g[name]}`);
    const sigma = c.gates().find((gate) => gate.op === "sigmoid");
    assert.ok(near(sigma.locals[0].value, 0.1966, 5e-5), "the sigmoid gate's local gradient (1 - f) f");
    const e = c.expand();
    try {
      // Expanded gates, output to input: 1/x, +1, exp, *-1, +, +, * and *.
      assert.deepEqual(e.gates().map((gate) => gate.label).reverse(), ["1/x", "+1", "exp", "*-1", "+", "+", "*", "*"]);
      for (const [name, v] of Object.entries(e.grads())) {
        if (name in want) assert.ok(near(v, g[name], 1e-12), `expanded ${name}: ${v} against ${g[name]}`);
      }
      assert.ok(near(e.value, c.value, 1e-15));
    } finally {
      e.free();
    }
  });
});

test("patterns in backward flow: add distributes, mul switches, max routes", () => {
  withCircuit("f = 2 * (x*y + max(z, w))", { x: 3, y: -4, z: 2, w: -1 }, (c) => {
    assert.equal(c.value, -20);
    assert.deepEqual(c.grads(), { x: -8, y: 6, z: 2, w: 0, f: 1 });
  });
});

test("Deep Learning from Scratch's apples and oranges", () => {
  withCircuit("price = apple * count * tax", { apple: 100, count: 2, tax: 1.1 }, (c) => {
    assert.ok(near(c.value, 220, 1e-9));
    const g = c.grads();
    assert.ok(near(g.apple, 2.2, 1e-12) && near(g.count, 110, 1e-9) && near(g.tax, 200, 1e-12), JSON.stringify(g));
  });
  const src = "total = (apple * count + orange * ocount) * tax";
  withCircuit(src, { apple: 100, count: 2, orange: 150, ocount: 3, tax: 1.1 }, (c) => {
    assert.ok(near(c.value, 715, 1e-9));
    const g = c.grads();
    const want = { apple: 2.2, count: 110, orange: 3.3, ocount: 165, tax: 650 };
    for (const [name, v] of Object.entries(want)) assert.ok(near(g[name], v, 1e-9), `${name} = ${g[name]}`);
  });
});

const MICROGRAD_2 =
  "c = a + b; d = a*b + b^3; c = c + c + 1; c = c + 1 + c + (-a); d = d + 2*d + relu(b + a); " +
  "d = d + 3*d + relu(b - a); e = c - d; f = e^2; g = f / 2; g = g + 10 / f";

test("micrograd's sanity tests", () => {
  withCircuit("z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x", { x: -4 }, (c) => {
    assert.equal(c.value, -20);
    assert.equal(c.grads().x, 46);
  });
  withCircuit(MICROGRAD_2, { a: -4, b: 2 }, (c) => {
    assert.ok(near(c.value, 24.7041, 5e-5), `g = ${c.value}`);
    assert.ok(near(c.grads().a, 138.8338, 5e-5) && near(c.grads().b, 645.5773, 5e-5), JSON.stringify(c.grads()));
    // A name assigned again is labelled as the CLI labels it.
    assert.ok("c#2" in c.grads() && "g#2" in c.grads());
  });
});

// Every op of the language at a few points, the reference programs and non-finite cases:
// the API's value and gradients are backprop grad's, bit for bit (Object.is: NaN equals
// NaN, -0 differs from 0).
const PROGRAMS = [
  ["q = x + y; f = q * z", { x: -2, y: 5, z: -4 }],
  ["w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)", {}],
  ["f = 2 * (x*y + max(z, w))", { x: 3, y: -4, z: 2, w: -1 }],
  [MICROGRAD_2, { a: -4, b: 2 }],
  ["f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)", { x: 3, y: -4 }],
  ["f = exp(x) + log(y) + sqrt(z) + abs(w)", { x: 0.7, y: 2.5, z: 3, w: -1.25 }],
  ["f = sin(x) * cos(y) + tanh(z)", { x: 1.1, y: -0.3, z: 0.9 }],
  ["f = sin(x) * cos(y) + tanh(z)", { x: 123.456, y: 1e5, z: -3.3 }],
  ["f = x^y + 2^x + x**0.5", { x: 1.7, y: 2.3 }],
  ["f = softplus(x) + relu(y) + min(x, y) - x / y", { x: -0.4, y: 0.8 }],
  ["f = exp(sigmoid(x) * tanh(y)) / (1 + x*x)", { x: 0.123456789, y: -2.5 }],
  ["f = ln(x)", { x: 0 }],
  ["f = log(x) + sqrt(y)", { x: -1, y: 4 }],
  ["f = exp(x)", { x: 1000 }],
  ["f = 1 / x", { x: 0 }],
  ["f = x * y", { x: Infinity, y: 0 }],
  ["f = x - y", { x: NaN, y: 1 }],
  ["f = relu(x) + abs(y)", { x: 0, y: 0 }],
];

test("values and gradients equal backprop grad's, bit for bit", () => {
  for (const [program, values] of PROGRAMS) {
    const want = cliGrad(program, values);
    withCircuit(program, values, (c) => {
      assert.ok(Object.is(c.value, want.value), `${program}: value ${c.value}, backprop grad ${want.value}`);
      const got = c.grads();
      assert.deepEqual(Object.keys(got), Object.keys(want.grad), program);
      for (const [name, v] of Object.entries(want.grad)) {
        assert.ok(Object.is(got[name], v), `${program}: d/d${name} ${got[name]}, backprop grad ${v}`);
      }
    });
  }
});

// Each elementary function at 40 seeded random points in one program: the gradient of
// a_k in f = sum of exp(F(a_k)) is exp(F(a_k)) F'(a_k), which reads F and its local
// gradient to the bit.
test("exp, log, sqrt, pow, sin, cos, tanh, sigmoid and softplus agree with the CLI at 40 points each", () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const functions = {
    exp: [(a) => `exp(${a} / 4)`, () => random() * 40 - 20],
    log: [(a) => `log(${a})`, () => random() * 1e3],
    sqrt: [(a) => `sqrt(${a})`, () => random() * 1e4],
    pow: [(a) => `${a} ^ 2.7 + 1.3 ^ ${a}`, () => random() * 10],
    sin: [(a) => `sin(${a})`, () => random() * 2e3 - 1e3],
    cos: [(a) => `cos(${a})`, () => random() * 2e3 - 1e3],
    tanh: [(a) => `tanh(${a})`, () => random() * 8 - 4],
    sigmoid: [(a) => `sigmoid(${a})`, () => random() * 20 - 10],
    softplus: [(a) => `softplus(${a})`, () => random() * 20 - 10],
  };
  for (const [name, [term, draw]] of Object.entries(functions)) {
    const values = {};
    const terms = [];
    for (let k = 0; k < 40; k++) {
      values[`a${k}`] = draw();
      terms.push(`exp(${term(`a${k}`)})`);
    }
    const program = `f = ${terms.join(" + ")}`;
    const want = cliGrad(program, values);
    withCircuit(program, values, (c) => {
      const got = c.grads();
      const differ = Object.keys(values).filter((k) => !Object.is(got[k], want.grad[k]));
      assert.deepEqual(differ.map((k) => `${k} = ${values[k]}: ${got[k]} against ${want.grad[k]}`), [], name);
      assert.ok(Object.is(c.value, want.value), `${name}: ${c.value} against ${want.value}`);
    });
  }
});

test("svg() is what backprop svg writes", async () => {
  for (const [program, values] of PROGRAMS.slice(0, 4)) {
    const c = compile(program);
    try {
      if (Object.keys(values).length > 0) c.set(values);
      // A promise: the layout is the SVG module, loaded by the first call.
      const pending = c.svg();
      assert.ok(pending instanceof Promise);
      const svg = await pending;
      assert.ok(svg.startsWith("<svg"), svg.slice(0, 40));
      assert.equal(svg, backprop("svg", program, values), program);
    } finally {
      c.free();
    }
  }
});

test("svg() draws the circuit as it is now: its values and its expanded gates", async () => {
  const src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)";
  const c = compile(src);
  const e = c.expand();
  try {
    const before = await e.svg();
    e.set("x0", 4);
    e.step(0.1);
    const [plain, expanded] = await Promise.all([c.svg(), e.svg()]);
    assert.equal(plain, backprop("svg", src), "the original is untouched");
    assert.notEqual(expanded, before, "the new values are drawn");
    // The CLI draws sigmoid as one gate; the expanded circuit has its four.
    const inputs = Object.fromEntries(e.inputs.map((name) => [name, e.values()[name]]));
    const cli = backprop("svg", src, inputs);
    assert.ok(!cli.includes(">1/x</text>"));
    for (const gate of ["exp", "1/x", "+1", "*-1"]) assert.ok(expanded.includes(`>${gate}</text>`), gate);
  } finally {
    e.free();
    c.free();
  }
});

test("check(h) is backprop check's comparison", () => {
  withCircuit(PROGRAMS[1][0], {}, (c) => {
    const rows = c.check(1e-5);
    assert.deepEqual(rows.map((r) => r.input), c.inputs);
    const g = c.grads();
    for (const r of rows) {
      assert.equal(r.analytic, g[r.input]);
      assert.ok(r.relErrorCentred < 1e-8, `${r.input}: centred error ${r.relErrorCentred}`);
      assert.ok(r.relErrorOneSided < 1e-3, `${r.input}: one-sided error ${r.relErrorOneSided}`);
      assert.ok(near(r.centred, r.analytic, 1e-8) && near(r.oneSided, r.analytic, 1e-4));
    }
    // The CLI prints the same figures to 10 significant digits.
    const table = backprop("check", c.inputs.length ? PROGRAMS[1][0] : "", {});
    for (const r of rows) assert.ok(table.includes(r.centred.toPrecision(10).replace(/0+$/, "").replace(/\.$/, "")), `${r.centred} in\n${table}`);
    assert.equal(c.check().length, rows.length, "h defaults to 1e-5");
  });
});

test("a gradient step lowers the output by about eta |grad|^2", () => {
  withCircuit("x = 3; y = -1; f = x*x + y*y", {}, (c) => {
    const r = c.step(0.01);
    assert.equal(r.oldValue, 10);
    assert.equal(r.newValue, c.value);
    assert.ok(r.actualChange < 0 && near(r.actualChange, r.predictedChange, 0.01 * Math.abs(r.predictedChange)));
    assert.ok(near(c.values().x, 3 - 0.01 * 6, 1e-15), "x moved against its gradient");
    const up = c.step(0.01, "ascend");
    assert.ok(up.newValue > up.oldValue);
  });
});
