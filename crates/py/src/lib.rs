//! The engine for Python: the extension module `backprop_playground._engine` of the PyPI
//! package `backprop-playground` (`cargo xtask dist` builds its wheel into `dist/python/`
//! with maturin; crates/py/python/backprop_playground is the package around it).
//!
//! ```python
//! from backprop_playground import compile
//! c = compile("q = x + y; f = q * z")
//! c.set(x=-2, y=5, z=-4)
//! c.value    # -12.0
//! c.grads()  # {'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}
//! ```
//!
//! This crate holds no engine logic: a [`Graph`] wraps the JS API's plain-Rust
//! `backprop::Circuit` (crates/js/src/lib.rs), whose functions call the engine exactly as
//! `backprop grad`, `trace` and `check` do, with `portable-math`. So Python's numbers are the
//! CLI's and the JS API's, bit for bit, and a rule (all-or-nothing `set`, the checks on `h`
//! and `eta`, which ops expand) has one home. This file only turns its rows into Python
//! objects and its errors into Python exceptions.

use backprop::{ApiError, Circuit, Named};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

pyo3::create_exception!(
    backprop_playground,
    ProgramError,
    PyValueError,
    "A program that does not compile: ``kind`` (``UnexpectedChar``, ``UnknownFunction``, ...), \
     ``line`` and ``column`` (1-based, the column in characters), and the message."
);

/// An engine error as the Python exception a caller expects: a program error as
/// [`ProgramError`] with its kind and position, an unknown input as `KeyError`, a bad
/// argument as `ValueError`.
fn raise(py: Python<'_>, e: ApiError) -> PyErr {
    match e.kind {
        "UnknownInput" => PyKeyError::new_err(e.message),
        "NotANumber" => PyTypeError::new_err(e.message),
        "InvalidArgument" => PyValueError::new_err(e.message),
        kind => {
            let err = ProgramError::new_err(e.message.clone());
            let value = err.value(py);
            let (line, column) = e.at.unwrap_or((1, 1));
            // Setting attributes on a fresh exception instance cannot fail.
            let _ = value.setattr("kind", kind);
            let _ = value.setattr("line", line);
            let _ = value.setattr("column", column);
            let _ = value.setattr("message", e.message);
            err
        }
    }
}

/// Compiles a program of the playground's language (``backprop --help``): its inputs start
/// at the values the program gives them (1.0 when it gives none), and the value and every
/// gradient are computed at once. A program that does not compile raises ``ProgramError``.
#[pyfunction]
fn compile(py: Python<'_>, program: &str) -> PyResult<Graph> {
    backprop::compile(program).map(|inner| Graph { inner }).map_err(|e| raise(py, e))
}

/// Input values written as text, ``"x=-2 y=5, z=-4"``, as ``(name, value)`` pairs in order:
/// how the notebook widget's ``values`` and the ``<backprop-circuit>`` element read them.
/// A malformed pair raises ``ValueError``.
#[pyfunction]
fn parse_values(py: Python<'_>, text: &str) -> PyResult<Vec<(String, f64)>> {
    backprop::parse_values(text).map_err(|e| raise(py, e))
}

/// A compiled program with its input values, its values and its gradients (what
/// ``compile`` returns). Every change recomputes the forward and backward pass at once.
#[pyclass(module = "backprop_playground")]
#[derive(Debug)]
pub struct Graph {
    inner: Circuit,
}

/// Named numbers as a dict in the program's order (Python dicts keep insertion order).
fn dict<'py>(py: Python<'py>, named: &Named) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (name, v) in &named.0 {
        d.set_item(name, v)?;
    }
    Ok(d)
}

/// A row as a dict with these keys, in this order: `row!(py, "input" => name, ...)`.
macro_rules! row {
    ($py:expr, $($key:literal => $value:expr),* $(,)?) => {{
        let d = PyDict::new($py);
        $( d.set_item($key, $value)?; )*
        PyResult::Ok(d)
    }};
}

/// A float's text as Python's ``repr`` writes it (``-12.0``, ``1e-07``).
fn float_repr(py: Python<'_>, v: f64) -> PyResult<String> {
    Ok(v.into_pyobject(py)?.repr()?.to_string())
}

#[pymethods]
impl Graph {
    /// The input names, in program order.
    #[getter]
    fn inputs(&self) -> Vec<String> {
        self.inner.inputs()
    }

    /// The output's name (the last statement's).
    #[getter]
    fn output(&self) -> String {
        self.inner.output()
    }

    /// The output's value, a float as the engine computed it.
    #[getter]
    fn value(&self) -> f64 {
        self.inner.value()
    }

    /// Sets inputs by name, ``set(x=-2, y=5)`` or ``set({"x": -2})``, then recomputes. All or
    /// nothing: an unknown name raises ``KeyError`` and changes nothing; a value that is not
    /// a number raises ``TypeError``.
    #[pyo3(signature = (values=None, /, **kwargs))]
    fn set(
        &mut self,
        py: Python<'_>,
        values: Option<&Bound<'_, PyDict>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let mut pairs = Vec::new();
        for d in values.into_iter().chain(kwargs) {
            for (k, v) in d.iter() {
                let name: String = k.extract()?;
                let number = number(&v).ok_or_else(|| {
                    let given = v.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                    PyTypeError::new_err(format!("the value of {name} must be a number, not {given}"))
                })?;
                pairs.push((name, number));
            }
        }
        self.inner.set(&pairs).map_err(|e| raise(py, e))
    }

    /// ``{name: value}`` for every name, in the order ``backprop grad`` lists them.
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.inner.values())
    }

    /// ``{name: d output / d name}`` for every name: the numbers of ``backprop grad``.
    fn grads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict(py, &self.inner.grads())
    }

    /// The backward pass, one dict per (gate, operand) edge in the engine's order: ``gate``,
    /// ``output``, ``input``, ``position``, ``upstream``, ``local``, ``contribution``, ``sum``
    /// (the input's gradient so far), ``formula``, ``mathml`` and ``text``.
    fn trace<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self.inner.trace().into_iter().map(|s| {
            row!(
                py,
                "gate" => s.gate,
                "output" => s.output,
                "input" => s.input,
                "position" => s.position,
                "upstream" => s.upstream,
                "local" => s.local,
                "contribution" => s.contribution,
                "sum" => s.sum,
                "formula" => s.formula,
                "mathml" => s.mathml,
                "text" => s.text,
            )
        });
        PyList::new(py, rows.collect::<PyResult<Vec<_>>>()?)
    }

    /// Every gate in tape order: ``op``, ``label`` (its symbol on the circuit: ``*``, ``+1``,
    /// ``σ``), ``output``, ``value``, ``grad``, ``operands`` and ``locals``, one dict per
    /// operand that is not a constant folded into the gate (``input``, ``position``,
    /// ``value``, ``symbolic``, ``formula``, ``mathml``).
    fn gates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let mut gates = Vec::new();
        for g in self.inner.gates() {
            let mut locals = Vec::new();
            for l in g.locals {
                locals.push(row!(
                    py,
                    "input" => l.input,
                    "position" => l.position,
                    "value" => l.value,
                    "symbolic" => l.symbolic,
                    "formula" => l.formula,
                    "mathml" => l.mathml,
                )?);
            }
            gates.push(row!(
                py,
                "op" => g.op,
                "label" => g.label,
                "output" => g.output,
                "value" => g.value,
                "grad" => g.grad,
                "operands" => g.operands,
                "locals" => PyList::new(py, locals)?,
            )?);
        }
        PyList::new(py, gates)
    }

    /// Analytic against numerical gradients for every input, with step ``h`` (``backprop
    /// check --h``): one dict per input with ``input``, ``analytic``, ``one_sided``
    /// ((f(x+h) - f(x)) / h), ``centred`` ((f(x+h) - f(x-h)) / 2h), ``rel_error_one_sided``
    /// and ``rel_error_centred``. ``h`` must be a positive number (else ``ValueError``).
    #[pyo3(signature = (h=1e-5))]
    fn check<'py>(&mut self, py: Python<'py>, h: f64) -> PyResult<Bound<'py, PyList>> {
        let checks = self.inner.check(h).map_err(|e| raise(py, e))?;
        let rows = checks.into_iter().map(|c| {
            row!(
                py,
                "input" => c.input,
                "analytic" => c.analytic,
                "one_sided" => c.one_sided,
                "centred" => c.centred,
                "rel_error_one_sided" => c.rel_error_one_sided,
                "rel_error_centred" => c.rel_error_centred,
            )
        });
        PyList::new(py, rows.collect::<PyResult<Vec<_>>>()?)
    }

    /// The circuit as an SVG document, as ``backprop svg`` writes it.
    fn svg(&self) -> String {
        self.inner.svg()
    }

    /// A new graph with composite gates (sigmoid, tanh, softplus, sub, div) rewritten into
    /// cs231n's primitive gates: every one, or only the ops named in ``ops``. Same inputs,
    /// values and input gradients. An op that does not expand raises ``ValueError``.
    #[pyo3(signature = (ops=None))]
    fn expand(&self, py: Python<'_>, ops: Option<Vec<String>>) -> PyResult<Graph> {
        self.inner.expand(ops.as_deref()).map(|inner| Graph { inner }).map_err(|e| raise(py, e))
    }

    /// One gradient step of size ``eta`` on every input, ``"descend"`` (the default) or
    /// ``"ascend"``, then values and gradients again. Returns a dict with ``old_value``,
    /// ``new_value``, ``predicted_change`` (the sum of gradient times change) and
    /// ``actual_change``. ``eta`` must be a finite number, 0 or more (else ``ValueError``).
    #[pyo3(signature = (eta, direction="descend"))]
    fn step<'py>(&mut self, py: Python<'py>, eta: f64, direction: &str) -> PyResult<Bound<'py, PyDict>> {
        // The direction is the binding's argument, read as the JS API's `step` reads its own
        // (crates/js/src/web.rs, which keeps its match inline: the engine module is
        // size-bound, and a shared function there measured larger).
        let ascend = match direction {
            "descend" => false,
            "ascend" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "the direction is 'descend' or 'ascend', not '{other}'"
                )))
            }
        };
        let s = self.inner.step(eta, ascend).map_err(|e| raise(py, e))?;
        row!(
            py,
            "old_value" => s.old_value,
            "new_value" => s.new_value,
            "predicted_change" => s.predicted_change,
            "actual_change" => s.actual_change,
        )
    }

    /// ``<Graph f = -12.0; grads x=-4.0 y=-4.0 q=-4.0 z=3.0 f=1.0>``: the output and every
    /// name's gradient, as Python writes floats.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut grads = Vec::new();
        for (name, v) in &self.inner.grads().0 {
            grads.push(format!("{name}={}", float_repr(py, *v)?));
        }
        let value = float_repr(py, self.inner.value())?;
        Ok(format!("<Graph {} = {value}; grads {}>", self.inner.output(), grads.join(" ")))
    }
}

/// A Python number as a float: an int or a float, not a bool or a string (which Python
/// would otherwise turn into 1.0 or refuse with a less helpful message).
fn number(v: &Bound<'_, PyAny>) -> Option<f64> {
    if v.is_instance_of::<pyo3::types::PyBool>() || v.is_instance_of::<pyo3::types::PyString>() {
        return None;
    }
    v.extract::<f64>().ok()
}

/// The extension module `backprop_playground._engine`.
#[pymodule]
#[pyo3(name = "_engine")]
fn engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add_function(wrap_pyfunction!(parse_values, m)?)?;
    m.add_class::<Graph>()?;
    m.add("ProgramError", m.py().get_type::<ProgramError>())?;
    Ok(())
}

#[cfg(test)]
mod tests;
