"""Python's numbers are `backprop grad`'s, bit for bit: every op of the language at a few
points, the reference programs and non-finite cases (the JS API's list, crates/js/tests),
then each elementary function at 40 seeded random points. Both call the same engine code
with portable-math (crates/js/src/lib.rs), so any difference is a bug in a binding."""

import math

import pytest

from conftest import circuit, same
from test_reference import MICROGRAD_2

PROGRAMS = [
    ("q = x + y; f = q * z", {"x": -2, "y": 5, "z": -4}),
    ("w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)", {}),
    ("f = 2 * (x*y + max(z, w))", {"x": 3, "y": -4, "z": 2, "w": -1}),
    (MICROGRAD_2, {"a": -4, "b": 2}),
    ("f = (x + sigmoid(y)) / (sigmoid(x) + (x + y)^2)", {"x": 3, "y": -4}),
    ("f = exp(x) + log(y) + sqrt(z) + abs(w)", {"x": 0.7, "y": 2.5, "z": 3, "w": -1.25}),
    ("f = sin(x) * cos(y) + tanh(z)", {"x": 1.1, "y": -0.3, "z": 0.9}),
    ("f = sin(x) * cos(y) + tanh(z)", {"x": 123.456, "y": 1e5, "z": -3.3}),
    ("f = x^y + 2^x + x**0.5", {"x": 1.7, "y": 2.3}),
    ("f = softplus(x) + relu(y) + min(x, y) - x / y", {"x": -0.4, "y": 0.8}),
    ("f = exp(sigmoid(x) * tanh(y)) / (1 + x*x)", {"x": 0.123456789, "y": -2.5}),
    ("f = ln(x)", {"x": 0}),
    ("f = log(x) + sqrt(y)", {"x": -1, "y": 4}),
    ("f = exp(x)", {"x": 1000}),
    ("f = 1 / x", {"x": 0}),
    ("f = x * y", {"x": math.inf, "y": 0}),
    ("f = x - y", {"x": math.nan, "y": 1}),
    ("f = relu(x) + abs(y)", {"x": 0, "y": 0}),
    ("f = x * 0.1 + y * 0.2", {"x": 99, "y": 0.3}),
]


@pytest.mark.parametrize("program,values", PROGRAMS)
def test_value_and_gradients_are_backprop_grad_s_to_the_bit(program, values, cli_grad):
    want_value, want = cli_grad(program, values)
    c = circuit(program, values)
    assert same(c.value, want_value), f"{c.value!r} against backprop grad's {want_value!r}"
    got = c.grads()
    assert list(got) == list(want)
    differ = {k: (got[k], v) for k, v in want.items() if not same(got[k], v)}
    assert differ == {}


def lcg(seed):
    """The JS test's generator, so both draw the same points."""
    while True:
        seed = (seed * 1103515245 + 12345) % 2**31
        yield seed / 2**31


FUNCTIONS = {
    "exp": (lambda a: f"exp({a} / 4)", lambda r: r * 40 - 20),
    "log": (lambda a: f"log({a})", lambda r: r * 1e3),
    "sqrt": (lambda a: f"sqrt({a})", lambda r: r * 1e4),
    "pow": (lambda a: f"{a} ^ 2.7 + 1.3 ^ {a}", lambda r: r * 10),
    "sin": (lambda a: f"sin({a})", lambda r: r * 2e3 - 1e3),
    "cos": (lambda a: f"cos({a})", lambda r: r * 2e3 - 1e3),
    "tanh": (lambda a: f"tanh({a})", lambda r: r * 8 - 4),
    "sigmoid": (lambda a: f"sigmoid({a})", lambda r: r * 20 - 10),
    "softplus": (lambda a: f"softplus({a})", lambda r: r * 20 - 10),
}


def test_elementary_functions_agree_with_the_cli_at_40_points_each(cli_grad):
    random = lcg(12345)
    for name, (term, draw) in FUNCTIONS.items():
        values = {f"a{k}": draw(next(random)) for k in range(40)}
        program = "f = " + " + ".join(f"exp({term(k)})" for k in values)
        want_value, want = cli_grad(program, values)
        c = circuit(program, values)
        got = c.grads()
        assert [k for k in values if not same(got[k], want[k])] == [], name
        assert same(c.value, want_value), name


def test_svg_trace_and_check_are_the_cli_s(backprop):
    for program, values in PROGRAMS[:4]:
        assert circuit(program, values).svg() == backprop("svg", program, values), program
    src = PROGRAMS[1][0]
    c = circuit(src)
    rows = c.check(1e-5)
    assert [r["input"] for r in rows] == c.inputs
    table = backprop("check", src)
    for r in rows:
        assert r["analytic"] == c.grads()[r["input"]]
        assert r["rel_error_centred"] < 1e-8
        # The CLI prints the same figures to 10 significant digits.
        assert f"{r['centred']:.10g}" in table, (r, table)
    assert len(c.check()) == len(rows), "h defaults to 1e-5"
    trace = backprop("trace", src)
    for step in c.trace():
        assert step["gate"] in trace and step["input"] in trace
