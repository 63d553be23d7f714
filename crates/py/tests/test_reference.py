"""The API against the fixed reference values of docs/reference-values.md (cs231n, Deep
Learning from Scratch, micrograd): each is a case a student checks the engine against."""

import pytest

from conftest import circuit

near = pytest.approx


def test_the_issue_s_five_lines():
    from backprop_playground import compile

    c = compile("q = x + y; f = q * z")
    assert c.inputs == ["x", "y", "z"]
    c.set(x=-2, y=5, z=-4)
    assert c.value == -12.0 and isinstance(c.value, float)
    assert c.values() == {"x": -2.0, "y": 5.0, "q": 3.0, "z": -4.0, "f": -12.0}
    assert c.grads() == {"x": -4.0, "y": -4.0, "q": -4.0, "z": 3.0, "f": 1.0}
    # The keys in backprop grad's order (as the program names them), every one a float.
    assert list(c.grads()) == ["x", "y", "q", "z", "f"]
    assert all(type(v) is float for v in list(c.grads().values()) + list(c.values().values()))


def test_the_sigmoid_neuron_and_its_expanded_gates():
    src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)"
    c = circuit(src)
    assert c.value == near(0.7311, abs=5e-5)
    g = c.grads()
    want = {"x0": 0.393, "x1": -0.59, "w0": -0.197, "w1": -0.393, "w2": 0.197}
    for name, v in want.items():
        assert g[name] == near(v, abs=5e-4), name
    e = c.expand()
    # Expanded gates, output to input: 1/x, +1, exp, *-1, +, +, * and *.
    labels = [gate["label"] for gate in e.gates()]
    assert labels[::-1] == ["1/x", "+1", "exp", "*-1", "+", "+", "*", "*"]
    sigma = next(gate for gate in c.gates() if gate["op"] == "sigmoid")
    assert sigma["locals"][0]["value"] == near(0.1966, abs=5e-5), "the sigmoid gate's local gradient (1 - f) f"
    for name in want:
        assert e.grads()[name] == near(g[name], abs=1e-12)
    assert e.value == near(c.value, abs=1e-15)


def test_patterns_in_backward_flow():
    c = circuit("f = 2 * (x*y + max(z, w))", {"x": 3, "y": -4, "z": 2, "w": -1})
    assert c.value == -20.0
    assert c.grads() == {"x": -8.0, "y": 6.0, "z": 2.0, "w": 0.0, "f": 1.0}


def test_deep_learning_from_scratch_s_apples_and_oranges():
    c = circuit("price = apple * count * tax", {"apple": 100, "count": 2, "tax": 1.1})
    assert c.value == near(220, abs=1e-9)
    assert c.grads()["apple"] == near(2.2, abs=1e-12)
    assert c.grads()["count"] == near(110, abs=1e-9)
    assert c.grads()["tax"] == near(200, abs=1e-12)
    c = circuit(
        "total = (apple * count + orange * ocount) * tax",
        {"apple": 100, "count": 2, "orange": 150, "ocount": 3, "tax": 1.1},
    )
    assert c.value == near(715, abs=1e-9)
    want = {"apple": 2.2, "count": 110, "orange": 3.3, "ocount": 165, "tax": 650}
    for name, v in want.items():
        assert c.grads()[name] == near(v, abs=1e-9), name


MICROGRAD_2 = (
    "c = a + b; d = a*b + b^3; c = c + c + 1; c = c + 1 + c + (-a); d = d + 2*d + relu(b + a); "
    "d = d + 3*d + relu(b - a); e = c - d; f = e^2; g = f / 2; g = g + 10 / f"
)


def test_micrograd_s_sanity_tests():
    c = circuit("z = 2*x + 2 + x; q = relu(z) + z*x; h = relu(z*z); y = h + q + q*x", {"x": -4})
    assert c.value == -20.0 and c.grads()["x"] == 46.0
    c = circuit(MICROGRAD_2, {"a": -4, "b": 2})
    assert c.value == near(24.7041, abs=5e-5)
    assert c.grads()["a"] == near(138.8338, abs=5e-5)
    assert c.grads()["b"] == near(645.5773, abs=5e-5)
    # A name assigned again is labelled as the CLI labels it.
    assert "c#2" in c.grads() and "g#2" in c.grads()
