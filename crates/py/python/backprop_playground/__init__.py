"""Backpropagation on cs231n's computational-graph circuits, computed by the Backprop
Playground's engine (Rust, the same code as the ``backprop`` command and the JavaScript
API, so the same numbers to the bit).

>>> from backprop_playground import compile
>>> c = compile("q = x + y; f = q * z")
>>> c.inputs
['x', 'y', 'z']
>>> c.set(x=-2, y=5, z=-4)
>>> c.value
-12.0
>>> c.grads()
{'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}

In a notebook, ``Circuit(program=..., values=...)`` is the live circuit (it needs
anywidget: ``pip install "backprop-playground[widget]"``).
"""

from ._engine import Graph, ProgramError, compile, parse_values
from .widget import Circuit

__all__ = ["Circuit", "Graph", "ProgramError", "compile", "parse_values"]
