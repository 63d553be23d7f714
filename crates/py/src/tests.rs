//! The module as Python sees it, run natively by `cargo test` (the crate links libpython
//! here; maturin builds the extension module without it). The pytest suite in tests/ runs
//! the built wheel against the reference values and the CLI.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Runs Python code with the module imported as `engine`, and returns `result`.
fn run(code: &str) -> String {
    Python::initialize();
    Python::attach(|py| {
        let module = PyModule::new(py, "_engine").unwrap_or_else(|e| panic!("{e}"));
        super::engine(&module).unwrap_or_else(|e| panic!("{e}"));
        let globals = PyDict::new(py);
        globals.set_item("engine", module).unwrap_or_else(|e| panic!("{e}"));
        let code = std::ffi::CString::new(code).unwrap_or_default();
        py.run(&code, Some(&globals), None).unwrap_or_else(|e| panic!("{e}"));
        let result = globals.get_item("result").ok().flatten().unwrap_or_else(|| panic!("no result"));
        result.str().map(|s| s.to_string()).unwrap_or_default()
    })
}

#[test]
fn the_issue_s_example_gives_minus_12_and_float_gradients_in_the_cli_s_order() {
    let got = run("c = engine.compile('q = x + y; f = q * z')
c.set(x=-2, y=5, z=-4)
result = (c.inputs, c.value, c.grads(), c.values())");
    assert_eq!(
        got,
        "(['x', 'y', 'z'], -12.0, {'x': -4.0, 'y': -4.0, 'q': -4.0, 'z': 3.0, 'f': 1.0}, \
         {'x': -2.0, 'y': 5.0, 'q': 3.0, 'z': -4.0, 'f': -12.0})"
    );
}

#[test]
fn a_bad_program_raises_program_error_with_its_kind_and_position() {
    let got = run("try:
    engine.compile('q = x + y\\nf = q * $')
    result = 'no error'
except engine.ProgramError as e:
    result = (e.kind, e.line, e.column, isinstance(e, ValueError), str(e) == e.message)");
    assert_eq!(got, "('UnexpectedChar', 2, 9, True, True)");
}

#[test]
fn an_unknown_input_raises_key_error_and_changes_nothing() {
    let got = run("c = engine.compile('f = x * y')
try:
    c.set(x=3, w=1)
    result = 'no error'
except KeyError as e:
    result = (e.args[0], c.values())");
    assert_eq!(
        got,
        "(\"there is no input named 'w' (the inputs are x, y)\", {'x': 1.0, 'y': 1.0, 'f': 1.0})"
    );
}

#[test]
fn a_value_that_is_not_a_number_is_a_type_error_not_a_one() {
    let got = run("c = engine.compile('f = x * y')
errors = []
for bad in ['3', True, None]:
    try:
        c.set(x=bad)
    except TypeError as e:
        errors.append(str(e))
result = (errors, c.value)");
    assert!(got.contains("the value of x must be a number, not str") && got.ends_with(", 1.0)"), "{got}");
    assert_eq!(got.matches("must be a number").count(), 3, "{got}");
}

#[test]
fn the_repr_shows_the_output_and_its_gradients_as_python_writes_floats() {
    let got = run("c = engine.compile('f = x * y')
c.set({'x': 9.9}, y=1e-7)
result = repr(c)");
    assert_eq!(got, "<Graph f = 9.9e-07; grads x=1e-07 y=9.9 f=1.0>");
}

#[test]
fn bad_arguments_raise_value_errors_with_the_engine_s_messages() {
    let got = run("c = engine.compile('f = sigmoid(x)')
msgs = []
for call in [lambda: c.check(h=0), lambda: c.step(-1), lambda: c.expand(['mul']), lambda: c.step(1, 'up'),
             lambda: engine.parse_values('x=1 y')]:
    try:
        call()
    except ValueError as e:
        msgs.append(str(e))
result = '|'.join(msgs)");
    assert_eq!(
        got,
        "h must be a positive number, not 0|the step size must be a finite number, 0 or more, not -1|\
         'mul' is not an op that expands (those are sub, div, tanh, sigmoid, softplus)|\
         the direction is 'descend' or 'ascend', not 'up'|values: \"y\" is not name=number"
    );
}
