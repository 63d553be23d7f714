"""A live cs231n circuit in a notebook: <backprop-circuit> as an anywidget.

Jupyter, JupyterLab, Jupyter Book 2 and marimo show it (``pip install anywidget``; marimo
wraps it as ``mo.ui.anywidget(Circuit(...))``). Keep this file and backprop_widget.js (from
``cargo xtask dist``: dist/notebook/) side by side, next to the notebook::

    from backprop_widget import Circuit
    c = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    c            # the circuit: drag an input's value, press Play
    c.value      # -12.0, the output, after every recompute (a student's drag included)
    c.grads      # {'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}
    c.values = "x=1 y=5 z=-4"   # the circuit follows

The traits are the element's attributes (docs/js-api.md): program, values, controls,
expanded, locked, height, theme. value, grads and error come back from the circuit.
"""

import pathlib

import anywidget
import traitlets

__all__ = ["Circuit"]


class Circuit(anywidget.AnyWidget):
    """A live circuit of a program of the playground's language (``backprop --help``)."""

    _esm = pathlib.Path(__file__).with_name("backprop_widget.js")

    program = traitlets.Unicode("q = x + y; f = q * z").tag(sync=True)
    #: Input values, ``name=number`` apart by spaces or commas: ``"x=-2 y=5 z=-4"``.
    values = traitlets.Unicode("").tag(sync=True)
    #: Restart, Step back, Play and Step forward under the circuit.
    controls = traitlets.Bool(True).tag(sync=True)
    #: Composite gates (sigmoid, tanh, softplus, sub, div) as their primitive gates.
    expanded = traitlets.Bool(False).tag(sync=True)
    #: No scrubbing or keyboard edits of the inputs.
    locked = traitlets.Bool(False).tag(sync=True)
    #: A fixed height in CSS pixels; None fits the circuit.
    height = traitlets.Int(None, allow_none=True).tag(sync=True)
    #: "light" or "dark"; empty follows the browser's colour scheme.
    theme = traitlets.Unicode("").tag(sync=True)

    #: The output's value, from the circuit (None before it has drawn, or when not finite).
    value = traitlets.Float(None, allow_none=True).tag(sync=True)
    #: Every name's gradient of the output, from the circuit.
    grads = traitlets.Dict().tag(sync=True)
    #: What is wrong with the program or the values, as the circuit shows it; "" when nothing.
    error = traitlets.Unicode("").tag(sync=True)
