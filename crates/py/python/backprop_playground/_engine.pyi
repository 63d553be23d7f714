"""Type stubs of the extension module (crates/py/src/lib.rs)."""

from typing import Literal, Mapping, Optional, Sequence, TypedDict, Union

Number = Union[int, float]

class TraceStep(TypedDict):
    gate: str
    output: str
    input: str
    position: int
    upstream: float
    local: float
    contribution: float
    sum: float
    formula: str
    mathml: str
    text: str

class GradCheck(TypedDict):
    input: str
    analytic: float
    one_sided: float
    centred: float
    rel_error_one_sided: float
    rel_error_centred: float

class Local(TypedDict):
    input: str
    position: int
    value: float
    symbolic: str
    formula: str
    mathml: str

class Gate(TypedDict):
    op: str
    label: str
    output: str
    value: float
    grad: float
    operands: list[str]
    locals: list[Local]

class StepReport(TypedDict):
    old_value: float
    new_value: float
    predicted_change: float
    actual_change: float

class ProgramError(ValueError):
    """A program that does not compile."""

    kind: str
    """``UnexpectedChar``, ``UnknownFunction``, ... (the engine's ErrorKind)."""
    line: int
    """1-based."""
    column: int
    """1-based, in characters."""
    message: str

def compile(program: str) -> Graph:
    """Compiles a program; its value and gradients are computed at once."""

def parse_values(text: str) -> list[tuple[str, float]]:
    """``"x=-2 y=5"`` as ``[("x", -2.0), ("y", 5.0)]``; ``ValueError`` when malformed."""

class Graph:
    """A compiled program with its input values, values and gradients."""

    @property
    def inputs(self) -> list[str]:
        """The input names, in program order."""
    @property
    def output(self) -> str:
        """The output's name."""
    @property
    def value(self) -> float:
        """The output's value."""
    def set(self, values: Optional[Mapping[str, Number]] = None, /, **kwargs: Number) -> None:
        """Sets inputs by name, all or nothing (an unknown name raises ``KeyError``)."""
    def values(self) -> dict[str, float]:
        """Every name's value, in ``backprop grad``'s order."""
    def grads(self) -> dict[str, float]:
        """Every name's gradient of the output, in ``backprop grad``'s order."""
    def trace(self) -> list[TraceStep]:
        """The backward pass, one row per (gate, operand) edge."""
    def gates(self) -> list[Gate]:
        """Every gate in tape order with its operands' local gradients."""
    def check(self, h: float = 1e-5) -> list[GradCheck]:
        """Analytic against numerical gradients for every input."""
    def svg(self) -> str:
        """The circuit as ``backprop svg`` writes it."""
    def expand(self, ops: Optional[Sequence[str]] = None) -> Graph:
        """A new graph with composite gates rewritten into primitive gates."""
    def step(self, eta: float, direction: Literal["descend", "ascend"] = "descend") -> StepReport:
        """One gradient step of size ``eta`` on every input."""
