//! Runs the real `backprop` binary, as a student would.

mod common;

use std::process::Output;

use common::{backprop, stderr, stdout};

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(out));
    common::printed_json(out)
}

#[test]
fn grad_acceptance_line() {
    let v = json(&backprop(&["grad", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4"]));
    assert_eq!(v["value"], -12.0);
    let grad = v["grad"].as_object().expect("grad is an object");
    assert_eq!(grad["x"], -4.0);
    assert_eq!(grad["y"], -4.0);
    assert_eq!(grad["z"], 3.0);
    assert_eq!(grad["q"], -4.0);
    assert_eq!(grad["f"], 1.0);
    assert_eq!(grad.len(), 5);
    // One entry per named value, in program order.
    let text = stdout(&backprop(&["grad", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4"]));
    let order: Vec<usize> = ["\"x\"", "\"y\"", "\"q\"", "\"z\"", "\"f\""]
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn starting_values_come_from_the_program() {
    let v = json(&backprop(&["grad", "apple = 100; count = 2; tax = 1.1; price = apple * count * tax"]));
    assert!((v["value"].as_f64().expect("a number") - 220.0).abs() < 1e-9);
    assert!((v["grad"]["tax"].as_f64().expect("a number") - 200.0).abs() < 1e-9);
}

#[test]
fn non_finite_numbers_are_strings() {
    let v = json(&backprop(&["grad", "f = log(x) + 1/y + exp(z)", "x=-1", "y=0", "z=1000"]));
    assert_eq!(v["value"], "NaN");
    assert_eq!(v["grad"]["y"], "-inf"); // d(1/y)/dy = -1/y^2
    assert_eq!(v["grad"]["z"], "inf"); // d exp(z) = exp(z)
    assert_eq!(v["grad"]["x"], -1.0); // d log(x) = 1/x
}

#[test]
fn program_errors_exit_2_with_a_caret() {
    let out = backprop(&["grad", "a = 1\nb = (a + 2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err, "error: 2:11: expected ')' to close the '(' at 2:5, found the end of the program\nb = (a + 2\n          ^\n");
    assert!(!err.contains("panicked"));

    let out = backprop(&["trace", "f = sigmod(x)"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: 1:5: unknown function 'sigmod'; did you mean sigmoid?\nf = sigmod(x)\n    ^^^^^^\n"
    );
}

#[test]
fn unknown_input_is_an_error() {
    let out = backprop(&["grad", "q = x + y; f = q * z", "w=3"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: there is no input named 'w' (the inputs are x, y, z)\n");
    // An intermediate is not an input either.
    assert_eq!(backprop(&["grad", "q = x + y; f = q * z", "q=3"]).status.code(), Some(2));
}

#[test]
fn values_read_as_the_cli_prints_them() {
    // inf and NaN come out as strings and go back in as values, as on the page.
    let v = json(&backprop(&["grad", "f = x * y", "x=inf", "y=-2"]));
    assert_eq!((&v["value"], &v["grad"]["y"]), (&"-inf".into(), &"inf".into()));
    let v = json(&backprop(&["grad", "f = x + 1", "x=NaN"]));
    assert_eq!(v["value"], "NaN");
    // Not Rust's own spellings, which neither the page nor the element reads.
    for value in ["x=nan", "x=infinity", "x=0x10", "x=1_0"] {
        let out = backprop(&["grad", "f = x", value]);
        assert_eq!(out.status.code(), Some(2), "{value}");
        assert!(stderr(&out).contains("is not a number"), "{value}: {}", stderr(&out));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["svg"],
        &["svg", "f = x", "--h", "1e-3"],
        &["frobnicate"],
        &["grad"],
        &["grad", "f = x", "x"],
        &["grad", "f = x", "x=abc"],
        &["grad", "f = x", "--h", "1e-3"],
        &["check", "f = x", "--h", "-1"],
        &["check", "f = x", "--h"],
    ] {
        let out = backprop(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).starts_with("error: "), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

#[test]
fn help_documents_the_language() {
    let out = backprop(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for (name, _) in autodiff_functions() {
        assert!(help.contains(&format!("{name}(")), "--help does not mention {name}");
    }
    for needle in ["grad", "trace", "check", "q = x + y; f = q * z", "#", "^", "2x", "100000", "256"] {
        assert!(help.contains(needle), "--help does not mention {needle}");
    }
}

#[test]
fn help_after_a_command_is_help_not_a_program() {
    // `--help` parses as a program (`-(-help)`), so it used to print that circuit.
    let help = stdout(&backprop(&["--help"]));
    for args in
        [&["svg", "--help"][..], &["grad", "-h"], &["check", "f = x * y", "--help"], &["trace", "-h", "x=1"]]
    {
        let out = backprop(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(stdout(&out), help, "{args:?}");
    }
    // A program that negates h is still one, written with a space.
    assert_eq!(json(&backprop(&["grad", "- h", "h=2"]))["value"], -2.0);
}

/// The function names the engine accepts, so a new function fails this test until --help
/// documents it.
fn autodiff_functions() -> &'static [(&'static str, autodiff::Op)] {
    autodiff::FUNCTIONS
}

#[test]
fn trace_prints_the_table_and_sentences() {
    let out = backprop(&["trace", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("upstream") && text.contains("running sum"), "{text}");
    assert!(text.contains("mul gate: upstream 1 x local -4 = -4 into q"), "{text}");
    assert!(text.contains("add gate: upstream -4 x local 1 = -4 into y"), "{text}");
}

#[test]
fn check_compares_with_finite_differences() {
    let out = backprop(&["check", "f = x * sin(y)", "x=2", "y=0.5", "--h", "1e-6"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("h = 1e-6"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("x ") || l.starts_with("y ")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    // The last column is the centred relative error: tiny.
    for row in rows {
        let err: f64 = row.split_whitespace().last().and_then(|s| s.parse().ok()).expect("an error column");
        assert!(err < 1e-6, "{row}");
    }
}

#[test]
fn svg_draws_the_circuit_with_the_command_line_values() {
    let out = backprop(&["svg", "q = x + y; f = q * z", "x=-2", "y=5", "z=-4"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    // The notes' numbers: q = 3, f = -12, df/dx = -4, df/dz = 3.
    for text in [">q<", ">f<", ">3<", ">-12<", ">-4<", ">+<", ">*<"] {
        assert!(svg.contains(text), "{text} missing");
    }
    // The command line's values win over the program's, and the picture is the library's.
    let mut g = autodiff::compile("q = x + y; f = q * z").expect("compiles");
    for (name, value) in [("x", -2.0), ("y", 5.0), ("z", -4.0)] {
        g.set_input(name, value).expect("an input");
    }
    assert_eq!(svg, circuit::render_svg(&g));
    let bad = backprop(&["svg", "f = (x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stdout(&bad).is_empty());
}
