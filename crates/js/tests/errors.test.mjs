// Every error kind, thrown as an Error with kind, message, line and column; non-finite
// numbers; the trace; free().
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile, withCircuit, backprop } from "./support.mjs";

// One program per autodiff::ErrorKind (the inputs its docs give), with where it points.
const PROGRAM_ERRORS = {
  EmptyProgram: ["  # nothing\n", 1, 1],
  ProgramTooLong: ["x = 1 #" + "#".repeat(100_000), 1, null],
  TooDeep: ["f = " + "(".repeat(300) + "x" + ")".repeat(300), 1, null],
  UnexpectedChar: ["q = x + y\nf = q $ z", 2, 7],
  NumberOutOfRange: ["x = 1e309", 1, 5],
  MissingOperand: ["x = 2 +", 1, null],
  UnbalancedParen: ["x = (2 + 3", 1, null],
  UnexpectedToken: ["x = y z", 1, null],
  UnknownFunction: ["f = sigmod(x)", 1, 5],
  WrongArgCount: ["f = max(x)", 1, null],
  AssignToFunction: ["exp = 3", 1, 1],
  BareExpressionNotLast: ["x + 1; y = 2", 1, 1],
  InvalidAssignTarget: ["2 = x", 1, 1],
  UseBeforeAssign: ["y = x + 1; x = 3", 1, null],
  FunctionAsValue: ["f = exp + 1", 1, 5],
};

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("it did not throw");
}

test("every kind of program error is an Error with kind, message, line and column", () => {
  // The kinds the engine has (crates/autodiff/src/error.rs), so a new one needs a case here.
  const src = readFileSync(fileURLToPath(new URL("../../autodiff/src/error.rs", import.meta.url)), "utf8");
  const body = src.slice(src.indexOf("pub enum ErrorKind {"), src.indexOf("\n}", src.indexOf("pub enum ErrorKind {")));
  const kinds = [...body.matchAll(/^    ([A-Z]\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(kinds.toSorted(), Object.keys(PROGRAM_ERRORS).toSorted());
  for (const [kind, [program, line, column]] of Object.entries(PROGRAM_ERRORS)) {
    const e = thrown(() => compile(program));
    assert.ok(e instanceof Error, `${kind}: ${e}`);
    assert.equal(e.kind, kind, `${JSON.stringify(program.slice(0, 40))}: ${e.message}`);
    assert.ok(e.message.length > 5, e.message);
    assert.equal(e.line, line, `${kind} line`);
    if (column !== null) assert.equal(e.column, column, `${kind} column`);
    assert.ok(Number.isInteger(e.column) && e.column >= 1, `${kind} column ${e.column}`);
    // The same message and position as the command line's `error: line:column: message`.
    if (kind !== "ProgramTooLong") {
      let stderr = "";
      try {
        backprop("grad", program);
      } catch (err) {
        stderr = err.stderr;
      }
      assert.ok(stderr.startsWith(`error: ${e.line}:${e.column}: ${e.message}\n`), `${kind}: ${stderr}`);
    }
  }
  assert.match(thrown(() => compile("f = sigmod(x)")).message, /sigmoid/, "the suggestion is in the message");
});

test("columns count characters, as the CLI's do", () => {
  const e = thrown(() => compile("σ = 1\nf = x $ y"));
  assert.equal(e.kind, "UnexpectedChar");
  const e2 = thrown(() => compile("# é è\nf = x + é"));
  assert.deepEqual([e2.line, e2.column], [2, 9]);
});

test("an unknown input throws UnknownInput and changes nothing", () => {
  withCircuit("f = x * y", { x: 2, y: 3 }, (c) => {
    const e = thrown(() => c.set({ x: 5, w: 1 }));
    assert.ok(e instanceof Error);
    assert.equal(e.kind, "UnknownInput");
    assert.match(e.message, /'w'.*x, y/);
    assert.equal(e.line, undefined);
    assert.equal(c.value, 6, "all or nothing: x kept its value");
    assert.equal(thrown(() => c.set("q", 1)).kind, "UnknownInput");
    assert.equal(thrown(() => c.set("x", "3")).kind, "NotANumber");
    assert.equal(thrown(() => c.set("x")).kind, "NotANumber");
    assert.equal(thrown(() => c.set({ x: null })).kind, "NotANumber");
    assert.equal(thrown(() => c.set(42)).kind, "InvalidArgument");
    assert.equal(thrown(() => c.check(0)).kind, "InvalidArgument");
    assert.equal(thrown(() => c.check(-1e-5)).kind, "InvalidArgument");
    assert.equal(thrown(() => c.step(Infinity)).kind, "InvalidArgument");
    assert.equal(thrown(() => c.step(0.1, "sideways")).kind, "InvalidArgument");
    assert.equal(thrown(() => c.expand(["mul"])).kind, "InvalidArgument");
    assert.equal(c.value, 6, "still usable after every error");
  });
});

test("a wrong argument throws what it got, not a wasm-bindgen TypeError or a silent no-op", () => {
  // What a course author types in a notebook cell by mistake, and what each one says.
  const wrong = (f) => {
    const e = thrown(f);
    assert.ok(e instanceof Error, String(e));
    return [e.kind, e.message];
  };
  assert.deepEqual(wrong(() => compile()), ["InvalidArgument", "compile takes the program as a string, not undefined"]);
  assert.deepEqual(wrong(() => compile(42)), ["InvalidArgument", "compile takes the program as a string, not number"]);
  withCircuit("f = sigmoid(x * y)", { x: 2, y: 3 }, (c) => {
    const before = c.values();
    // An array or a Map is not an object of values: nothing was set, and it says so.
    assert.deepEqual(wrong(() => c.set(["x", 1])), ["InvalidArgument", "set takes a name and a number, or an object of them, not an array"]);
    assert.deepEqual(wrong(() => c.set(new Map([["x", 1]]))), ["InvalidArgument", "set takes a name and a number, or an object of them, not a Map"]);
    assert.deepEqual(wrong(() => c.set(null)), ["InvalidArgument", "set takes a name and a number, or an object of them, not null"]);
    // h is a number, as step's size is: not coerced from a string.
    assert.deepEqual(wrong(() => c.check("1e-5")), ["NotANumber", "h must be a number, not the string '1e-5'"]);
    assert.equal(c.check(undefined).length, 2, "h left out is 1e-5");
    // The sign of a step is its direction's: a negative size is a mistake, as on the page.
    assert.deepEqual(wrong(() => c.step(-0.1)), ["InvalidArgument", "the step size must be a finite number, 0 or more, not -0.1"]);
    assert.deepEqual(c.step(0).actualChange, 0, "a step of 0 is allowed and changes nothing");
    // One name is not a list of names (it would read as 's', 'i', 'g', ...).
    assert.deepEqual(wrong(() => c.expand("sigmoid")), [
      "InvalidArgument",
      `expand takes a list of op names, as expand(["sigmoid"]), not the string 'sigmoid'`,
    ]);
    assert.deepEqual(wrong(() => c.expand([1])), ["InvalidArgument", "an op's name is a string, not number"]);
    assert.deepEqual(c.values(), before, "after every error the circuit is as it was");
  });
});

test("non-finite values come back as NaN and ±Infinity", () => {
  withCircuit("f = log(x)", { x: 0 }, (c) => {
    assert.equal(c.value, -Infinity);
    assert.equal(c.grads().x, Infinity);
  });
  withCircuit("f = exp(x)", { x: 1000 }, (c) => {
    assert.equal(c.value, Infinity);
    assert.deepEqual(c.values(), { x: 1000, f: Infinity });
  });
  withCircuit("q = sqrt(x); f = q * y", { x: -1, y: 2 }, (c) => {
    assert.ok(Number.isNaN(c.value) && Number.isNaN(c.values().q) && Number.isNaN(c.grads().y));
    const step = c.trace().find((s) => s.input === "y");
    assert.ok(Number.isNaN(step.local), "a NaN local gradient in the trace is NaN");
  });
  withCircuit("f = x * y", { x: Infinity, y: -2 }, (c) => {
    assert.equal(c.value, -Infinity);
    assert.equal(c.values().x, Infinity);
    c.set("x", NaN);
    assert.ok(Number.isNaN(c.value));
    assert.ok(Number.isNaN(c.grads().y));
  });
});

test("the trace is the backward pass, edge by edge, with formulas and words", () => {
  withCircuit("q = x + y; f = q * z", { x: -2, y: 5, z: -4 }, (c) => {
    const t = c.trace();
    const rows = t.map(({ gate, output, input, upstream, local, contribution, sum }) => ({
      gate, output, input, upstream, local, contribution, sum,
    }));
    assert.deepEqual(rows, [
      { gate: "mul", output: "f", input: "q", upstream: 1, local: -4, contribution: -4, sum: -4 },
      { gate: "mul", output: "f", input: "z", upstream: 1, local: 3, contribution: 3, sum: 3 },
      { gate: "add", output: "q", input: "x", upstream: -4, local: 1, contribution: -4, sum: -4 },
      { gate: "add", output: "q", input: "y", upstream: -4, local: 1, contribution: -4, sum: -4 },
    ]);
    assert.deepEqual(t.map((s) => s.formula), ["z", "q", "1", "1"]);
    assert.deepEqual(t.map((s) => s.position), [0, 1, 0, 1]);
    assert.match(t[0].mathml, /^<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">.*<mfrac>.*<mi>z<\/mi><mo>=<\/mo><mn>-4<\/mn>/);
    // The sentences are backprop trace's.
    const table = backprop("trace", "q = x + y; f = q * z", { x: -2, y: 5, z: -4 });
    t.forEach((s, k) => assert.ok(table.includes(`${String(k + 1).padStart(3)}. ${s.text}\n`), `${s.text} in\n${table}`));
  });
  withCircuit("f = x * x", { x: 3 }, (c) => {
    // A fork: the running sum adds both contributions.
    assert.deepEqual(c.trace().map((s) => s.sum), [3, 6]);
    assert.equal(c.grads().x, 6);
  });
  withCircuit("f = tanh(x)", { x: 0.5 }, (c) => {
    const [s] = c.trace();
    assert.equal(s.formula, "1 - tanh(x)^2");
    assert.match(s.mathml, /<msup>/);
    assert.equal(c.gates()[0].locals[0].symbolic, "1 - tanh(a)^2");
  });
});

test("free() releases the circuit; a freed circuit is not used again", () => {
  const c = compile("f = x + 1");
  c.free();
  assert.throws(() => c.value);
});
