"""The API's semantics as the issue fixes them: errors are exceptions with what a student
needs, `set` is all or nothing, floats stay floats, and expand, step and repr."""

import math

import pytest

from backprop_playground import Graph, ProgramError, compile, parse_values


def test_a_bad_program_raises_program_error_with_kind_line_column_and_message():
    with pytest.raises(ProgramError) as caught:
        compile("q = x + y\nf = q * $")
    e = caught.value
    assert (e.kind, e.line, e.column) == ("UnexpectedChar", 2, 9)
    assert str(e) == e.message and "$" in e.message
    assert isinstance(e, ValueError)
    with pytest.raises(ProgramError) as caught:
        compile("f = foo(x)")
    assert caught.value.kind == "UnknownFunction"


def test_an_unknown_name_raises_key_error_and_changes_nothing():
    c = compile("q = x + y; f = q * z")
    c.set(x=-2, y=5, z=-4)
    with pytest.raises(KeyError, match="there is no input named 'w'"):
        c.set(x=10, w=1)
    assert c.values()["x"] == -2.0 and c.value == -12.0
    with pytest.raises(KeyError):
        c.set({"q": 1})  # q is computed, not an input


def test_set_takes_a_dict_or_keywords_and_refuses_what_is_not_a_number():
    c = compile("f = x * y")
    c.set({"x": 3}, y=2)
    assert c.value == 6.0
    for bad in ["3", True, None, [1]]:
        with pytest.raises(TypeError, match="the value of x must be a number"):
            c.set(x=bad)
    assert c.value == 6.0


def test_floats_stay_floats_as_the_engine_computed_them():
    c = compile("f = x + y")
    c.set(x=4.4, y=5.5)
    assert c.value == 4.4 + 5.5  # 9.9 on the canvas, 9.9 to the last bit here too
    assert type(c.grads()["x"]) is float and c.grads()["x"] == 1.0
    c = compile("f = 1 / x")
    c.set(x=0)
    assert math.isinf(c.value) and isinstance(c.value, float)


def test_expand_gives_a_new_graph_with_the_same_input_gradients():
    c = compile("f = sigmoid(x) - tanh(y)")
    c.set(x=0.3, y=-0.2)
    e = c.expand()
    assert isinstance(e, Graph) and e is not c
    assert all(g["op"] not in ("sigmoid", "tanh", "sub") for g in e.gates())
    for name in c.inputs:
        assert e.grads()[name] == pytest.approx(c.grads()[name], abs=1e-15)
    only = c.expand(["tanh"])
    assert [g["op"] for g in only.gates()].count("sigmoid") == 1
    with pytest.raises(ValueError, match="'mul' is not an op that expands"):
        c.expand(["mul"])
    with pytest.raises(TypeError):
        c.expand("sigmoid")  # a list of names, not a lone one


def test_a_gradient_step_lowers_the_output_by_about_eta_grad_squared():
    c = compile("x = 3; y = -1; f = x*x + y*y")
    r = c.step(0.01)
    assert r["old_value"] == 10.0 and r["new_value"] == c.value
    assert r["actual_change"] < 0
    assert r["actual_change"] == pytest.approx(r["predicted_change"], rel=0.01)
    assert c.values()["x"] == pytest.approx(3 - 0.01 * 6, abs=1e-15)
    up = c.step(0.01, "ascend")
    assert up["new_value"] > up["old_value"]
    with pytest.raises(ValueError):
        c.step(-1)
    with pytest.raises(ValueError):
        c.check(h=0)


def test_repr_shows_the_output_and_its_gradients():
    c = compile("q = x + y; f = q * z")
    c.set(x=-2, y=5, z=-4)
    assert repr(c) == "<Graph f = -12.0; grads x=-4.0 y=-4.0 q=-4.0 z=3.0 f=1.0>"


def test_values_text_reads_as_the_element_reads_it():
    assert parse_values("x=-2 y=5, z = -4; w=inf") == [("x", -2.0), ("y", 5.0), ("z", -4.0), ("w", math.inf)]
    with pytest.raises(ValueError, match='"y" is not name=number'):
        parse_values("x=1 y")


def test_the_package_has_docstrings_and_its_stub():
    import pathlib

    import backprop_playground

    assert "ProgramError" in compile.__doc__
    for method in ["set", "values", "grads", "trace", "check", "svg", "expand", "step", "gates"]:
        assert getattr(Graph, method).__doc__, method
    folder = pathlib.Path(backprop_playground.__file__).parent
    assert (folder / "_engine.pyi").is_file() and (folder / "py.typed").is_file()
