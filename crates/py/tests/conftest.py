"""What the package's tests share: the `backprop` command (BACKPROP_CLI, built by `cargo
xtask test python`) and a comparison of floats to the bit."""

import json
import math
import os
import subprocess

import pytest

from backprop_playground import compile


def same(a: float, b: float) -> bool:
    """The same float: NaN equals NaN, and -0.0 differs from 0.0 (JavaScript's Object.is)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def number_arg(v: float) -> str:
    """A float as the CLI reads it back exactly (repr, but inf and NaN in its words)."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(float(v))


def cli_number(v):
    """`backprop grad` writes non-finite numbers as the strings inf, -inf and NaN."""
    return {"inf": math.inf, "-inf": -math.inf, "NaN": math.nan}[v] if isinstance(v, str) else float(v)


@pytest.fixture(scope="session")
def backprop():
    """Runs the `backprop` command: backprop(command, program, values) -> stdout."""
    cli = os.environ.get("BACKPROP_CLI")
    if not cli or not os.path.isfile(cli):
        pytest.fail("BACKPROP_CLI names no backprop binary: run these tests with `cargo xtask test python`")

    def run(command, program, values=None):
        args = [cli, command, program] + [f"{k}={number_arg(v)}" for k, v in (values or {}).items()]
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        return done.stdout

    return run


@pytest.fixture(scope="session")
def cli_grad(backprop):
    """`backprop grad` as (value, {name: grad}) with the keys in its order."""

    def grad(program, values=None):
        out = json.loads(backprop("grad", program, values))
        return cli_number(out["value"]), {k: cli_number(v) for k, v in out["grad"].items()}

    return grad


def circuit(program, values=None):
    c = compile(program)
    if values:
        c.set(values)
    return c
