"""A live cs231n circuit in a notebook: the ``<backprop-circuit>`` element as an anywidget.

JupyterLab, Jupyter Notebook and marimo show it (``pip install "backprop-playground[widget]"``;
marimo wraps it as ``mo.ui.anywidget(Circuit(...))``). Nothing is copied beside the
notebook: the wheel carries the front end (``widget.js``)::

    from backprop_playground import Circuit
    c = Circuit(program="q = x + y; f = q * z", values="x=-2 y=5 z=-4")
    c            # the circuit: drag an input's value, press Play
    c.value      # -12.0, computed here in the kernel, in the very next line
    c.grads      # {'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}
    c.values = "x=1 y=5 z=-4"   # the circuit follows

The kernel computes ``value``, ``grads`` and ``error`` with the engine (``compile``) when the
widget is made and on every change of ``program``, ``values`` or ``expanded``, so they are
right under "Run All" and ``jupyter nbconvert --execute``, with or without a browser. The
front end draws, and sends a student's edit back as the new ``values``: ``c.values`` always
says the inputs on screen, and every view of one widget shows the same circuit.
"""

from __future__ import annotations

import math
import pathlib
from typing import Any, Dict, Optional

from ._engine import Graph, ProgramError, compile, parse_values

__all__ = ["Circuit"]


def _finite(x: Optional[float]) -> Optional[float]:
    """JSON has no NaN or infinity: the front end gets None for those, Python keeps the float."""
    return x if x is not None and math.isfinite(x) else None


def _grads_json(grads: Dict[str, float], _widget: Any) -> Dict[str, Optional[float]]:
    return {k: _finite(v) for k, v in grads.items()}


try:
    import anywidget
    import traitlets
except ImportError:  # The engine works without the widget's dependencies.
    anywidget = None


if anywidget is None:

    class Circuit:  # type: ignore[no-redef]
        """The notebook widget; it needs anywidget: ``pip install "backprop-playground[widget]"``."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise ImportError(
                'the Circuit widget needs anywidget: pip install "backprop-playground[widget]"'
            )

else:

    class Circuit(anywidget.AnyWidget):  # type: ignore[no-redef]
        """A live circuit of a program of the playground's language (``backprop --help``).

        ``value``, ``grads`` and ``error`` are computed here, in the kernel; ``graph`` is the
        engine's ``Graph`` behind them (``c.graph.trace()``, ``c.graph.check()``, ...).
        """

        _esm = pathlib.Path(__file__).with_name("widget.js")

        program = traitlets.Unicode("q = x + y; f = q * z").tag(sync=True)
        #: Input values, ``name=number`` apart by spaces or commas: ``"x=-2 y=5 z=-4"``.
        #: A student's drag or key press on the circuit writes the inputs on screen here.
        values = traitlets.Unicode("").tag(sync=True)
        #: Restart, Step back, Play and Step forward under the circuit.
        controls = traitlets.Bool(True).tag(sync=True)
        #: Composite gates (sigmoid, tanh, softplus, sub, div) as their primitive gates.
        expanded = traitlets.Bool(False).tag(sync=True)
        #: No scrubbing or keyboard edits of the inputs.
        locked = traitlets.Bool(False).tag(sync=True)
        #: A fixed height in CSS pixels; None fits the circuit.
        height = traitlets.Int(None, allow_none=True).tag(sync=True)
        #: "light" or "dark"; empty follows the host (JupyterLab's or marimo's theme, else the browser's).
        theme = traitlets.Unicode("").tag(sync=True)

        #: The output's value, a float as the engine computed it (None before a program
        #: has compiled).
        value = traitlets.Float(None, allow_none=True).tag(sync=True, to_json=lambda x, _: _finite(x))
        #: Every name's gradient of the output, in ``backprop grad``'s order.
        grads = traitlets.Dict().tag(sync=True, to_json=_grads_json)
        #: What is wrong with the program or the values ("" when nothing); the last good
        #: result stays in ``value`` and ``grads``.
        error = traitlets.Unicode("").tag(sync=True)

        def __init__(self, **kwargs: Any) -> None:
            self._graph: Optional[Graph] = None
            super().__init__(**kwargs)
            self._recompute(None)
            self.observe(self._recompute, names=["program", "values", "expanded"])

        @property
        def graph(self) -> Optional[Graph]:
            """The engine's graph of the circuit on screen (None before a program compiled)."""
            return self._graph

        def _recompute(self, change: Optional[Dict[str, Any]]) -> None:
            """Computes as the front end's element does: a new program (or expansion) starts
            from its own input values, then ``values`` is applied all or nothing; an error
            keeps the last good circuit."""
            if change is None or change["name"] != "values" or self._graph is None:
                try:
                    graph = compile(self.program)
                except ProgramError as e:
                    self.error = f"{e.line}:{e.column}: {e.message}"
                    return
                self._graph = graph.expand() if self.expanded else graph
            error = ""
            try:
                self._graph.set(dict(parse_values(self.values)))
            except (ValueError, KeyError, TypeError) as e:
                error = str(e.args[0]) if e.args else str(e)
            with self.hold_sync():
                self.value = self._graph.value
                self.grads = self._graph.grads()
                self.error = error
