"""The notebook widget computes in the kernel: value and grads are right in the very next
line after it is made or changed, with no browser at all (Run All, `nbconvert --execute`).
The browser suite (tests/tests/browser/jupyter.rs, notebook.rs) runs it in JupyterLab and
marimo."""

import math

from backprop_playground import Circuit, compile


def test_the_widget_has_its_numbers_at_once_without_a_front_end():
    c = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    assert c.value == -12.0
    assert c.grads == {"x": -4.0, "y": -4.0, "q": -4.0, "z": 3.0, "f": 1.0}
    assert all(type(v) is float for v in c.grads.values())
    assert c.error == ""
    assert c.graph.values()["q"] == 3.0


def test_new_values_and_a_new_program_recompute_in_the_kernel():
    c = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    c.values = "x=1 y=5 z=-4"
    assert (c.value, c.grads["z"]) == (-24.0, 6.0)
    c.program = "f = x * y"
    c.values = "x=3 y=0.5"
    assert (c.value, c.grads) == (1.5, {"x": 0.5, "y": 3.0, "f": 1.0})


def test_the_numbers_are_the_engine_s_floats_not_rounded():
    c = Circuit(program="f = x + y", values="x=4.4 y=5.5")
    assert c.value == 4.4 + 5.5
    g = compile("f = x + y")
    g.set(x=4.4, y=5.5)
    assert c.value == g.value


def test_an_error_is_reported_and_the_last_good_result_stays():
    c = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    c.program = "f = x * $"
    assert c.error.startswith("1:9: ") and c.value == -12.0
    # The element's rule: the old values on a program without z are all refused, and said so.
    c.program = "f = x * y"
    assert c.error == "there is no input named 'z' (the inputs are x, y)" and c.value == 1.0
    c.values = "x=2 w=3"
    assert "there is no input named 'w'" in c.error
    c.values = "x=2 y=3"
    assert (c.error, c.value) == ("", 6.0)
    c.values = "x=2 y"
    assert c.error == 'values: "y" is not name=number' and c.value == 6.0


def test_a_program_error_from_the_start_leaves_no_value():
    c = Circuit(program="f = (x", values="")
    assert c.value is None and c.grads == {} and c.error.startswith("1:")


def test_expanded_draws_and_computes_the_primitive_gates():
    c = Circuit(program="f = sigmoid(x)", values="x=0.5", expanded=True)
    assert "sigmoid" not in [g["op"] for g in c.graph.gates()]
    e = compile("f = sigmoid(x)").expand()
    e.set(x=0.5)
    assert c.grads == e.grads() and len(c.graph.gates()) == 4


def test_non_finite_numbers_stay_floats_in_python_and_none_on_the_wire():
    c = Circuit(program="f = 1 / x", values="x=0")
    assert math.isinf(c.value)
    state = c.get_state()
    assert state["value"] is None
    assert c.get_state()["grads"]["f"] == 1.0


def test_the_wheel_carries_the_front_end_so_nothing_is_copied_beside_a_notebook():
    import pathlib

    import backprop_playground

    front = pathlib.Path(backprop_playground.__file__).with_name("widget.js")
    text = front.read_text()
    # One ES module with the element, its glue and its wasm inlined (tens of KB at least).
    assert "export" in text and "backprop-circuit" in text and len(text) > 50_000
    assert str(Circuit._esm) == text, "the widget loads the bundle beside it"
