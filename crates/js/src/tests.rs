//! The API's rows against the reference values (docs/reference-values.md); the JS side is
//! tested in Node (crates/js/tests/*.test.mjs).

use super::*;

fn get(n: &Named, name: &str) -> f64 {
    n.0.iter().find(|p| p.0 == name).map_or_else(|| panic!("no {name} in {n:?}"), |p| p.1)
}

fn set(c: &mut Circuit, values: &[(&str, f64)]) {
    let values: Vec<(String, f64)> = values.iter().map(|&(k, v)| (k.to_string(), v)).collect();
    c.set(&values).unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn the_issue_example() {
    let mut c = compile("q = x + y; f = q * z").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(c.inputs(), ["x", "y", "z"]);
    set(&mut c, &[("x", -2.0), ("y", 5.0), ("z", -4.0)]);
    assert_eq!(c.value(), -12.0);
    let names: Vec<String> = c.grads().0.into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["x", "y", "q", "z", "f"], "backprop grad's order: as the program names them");
    for (name, want) in [("x", -2.0), ("y", 5.0), ("z", -4.0), ("q", 3.0), ("f", -12.0)] {
        assert_eq!(get(&c.values(), name), want, "{name}");
    }
    for (name, want) in [("x", -4.0), ("y", -4.0), ("z", 3.0), ("q", -4.0), ("f", 1.0)] {
        assert_eq!(get(&c.grads(), name), want, "{name}");
    }
    let t = c.trace();
    assert_eq!((t[0].gate, t[0].output.as_str(), t[0].input.as_str()), ("mul", "f", "q"));
    assert_eq!((t[0].upstream, t[0].local, t[0].contribution, t[0].sum), (1.0, -4.0, -4.0, -4.0));
    assert_eq!(t[0].formula, "z");
    assert_eq!(t[0].text, "mul gate: upstream 1 x local -4 = -4 into q");
    assert!(t[0].mathml.contains("<mi>z</mi><mo>=</mo><mn>-4</mn>"), "{}", t[0].mathml);
}

#[test]
fn an_unknown_input_changes_nothing() {
    let mut c = compile("f = x * y").unwrap_or_else(|e| panic!("{e:?}"));
    set(&mut c, &[("x", 2.0), ("y", 3.0)]);
    let e = c.set(&[("x".into(), 5.0), ("w".into(), 1.0)]).expect_err("w is no input");
    assert_eq!(e.kind, "UnknownInput");
    assert!(e.message.contains("'w'") && e.message.contains("x, y"), "{}", e.message);
    assert_eq!(c.value(), 6.0);
}

#[test]
fn program_errors_carry_kind_and_position() {
    let e = compile("q = x + y\nf = q $ z").map(|_| ()).expect_err("a stray $");
    assert_eq!((e.kind, e.at), ("UnexpectedChar", Some((2, 7))));
    assert_eq!(compile("  ").map(|_| ()).expect_err("empty").kind, "EmptyProgram");
}

#[test]
fn the_sigmoid_neuron_expands_into_the_notes_gates() {
    let src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)";
    let c = compile(src).unwrap_or_else(|e| panic!("{e:?}"));
    let e = c.expand(None).unwrap_or_else(|e| panic!("{e:?}"));
    let labels: Vec<String> = e.gates().into_iter().map(|g| g.label).collect();
    assert_eq!(labels, ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]);

    for (name, want) in [("x0", 0.393), ("x1", -0.590), ("w0", -0.197), ("w1", -0.393), ("w2", 0.197)] {
        let (got, expanded) = (get(&c.grads(), name), get(&e.grads(), name));
        assert!((got - want).abs() < 1e-3 && (got - expanded).abs() < 1e-12, "{name}: {got} {expanded}");
    }
    let sigma = &c.gates()[4];
    assert_eq!((sigma.op, sigma.locals[0].symbolic.as_str()), ("sigmoid", "(1 - σ(a)) * σ(a)"));
    assert!(c.expand(Some(&["mul".into()])).is_err());
}

#[test]
fn a_gradient_step_lowers_the_output_as_predicted() {
    let mut c = compile("x = 3; y = -1; f = x*x + y*y").unwrap_or_else(|e| panic!("{e:?}"));
    let s = c.step(0.01, false).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(s.old_value, 10.0);
    assert!(s.new_value < s.old_value);
    assert!((s.actual_change - s.predicted_change).abs() < 0.01 * s.predicted_change.abs());
    assert!(c.step(f64::NAN, false).is_err());
}

#[test]
fn the_values_attribute_reads_as_a_teacher_writes_it() {
    let pairs = |text: &str| parse_values(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    let want = vec![("x".to_string(), -2.0), ("y".to_string(), 5.0), ("z".to_string(), -4.0)];
    for text in ["x=-2 y=5 z=-4", "x=-2, y=5, z=-4", "x = -2; y = 5;z=-4", "  x =-2\ny= 5  z=-4 "] {
        assert_eq!(pairs(text), want, "{text:?}");
    }
    assert_eq!(pairs(""), vec![]);
    // The page's numbers: inf, -inf and NaN (what it prints), 1e-7.
    let v = pairs("a=inf b=-inf c=NaN d=1e-7");
    assert_eq!((v[0].1, v[1].1, v[3].1), (f64::INFINITY, f64::NEG_INFINITY, 1e-7));
    assert!(v[2].1.is_nan());
    for (text, quoted) in [
        ("x=2 y=five", "y=five"),
        ("x", "x"),
        ("=3", "=3"),
        ("x=", "x="),
        ("x=0x10", "x=0x10"),
        ("x=1=2", "x=1=2"),
    ] {
        let e = parse_values(text).expect_err(text);
        assert_eq!(e.message, format!("values: \"{quoted}\" is not name=number"), "{text:?}");
    }
}

#[test]
fn a_circuit_remade_from_its_recipe_draws_and_computes_the_same() {
    // What svg() sends the SVG module: a circuit set, expanded twice and stepped comes back
    // as the same graph, values and gradients, so its SVG is the same document.
    let src = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3\nf = sigmoid(w0*x0 + w1*x1 + w2) + tanh(x0) - w2";
    let mut c = compile(src).unwrap_or_else(|e| panic!("{e:?}"));
    set(&mut c, &[("x0", 0.5), ("w2", f64::INFINITY)]);
    let mut c = c.expand(Some(&["sigmoid".to_string()])).unwrap_or_else(|e| panic!("{e:?}"));
    c.step(0.1, false).unwrap_or_else(|e| panic!("{e:?}"));
    let c = c.expand(Some(&[])).and_then(|c| c.expand(None)).unwrap_or_else(|e| panic!("{e:?}"));
    let (program, expansions, values) = c.recipe();
    assert_eq!((program, expansions), (src, "sigmoid\n\n*\n"));
    let again = remake(program, expansions, &values).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again.svg(), c.svg());
    let bits = |n: Named| n.0.into_iter().map(|(k, v)| (k, v.to_bits())).collect::<Vec<_>>();
    assert_eq!(bits(again.values()), bits(c.values()));
    assert_eq!(bits(again.grads()), bits(c.grads()));
    // Not the circuit before the expansions: the recipe carries them.
    let plain = compile(src).unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(plain.svg(), c.svg());
}
