//! Numbers: the default circuit, editing an input, every example against its reference
//! values and the engine, σ expansion, the numerical check and the gradient step.

use e2e::Page;

use crate::engine::{assert_close, row, wait_matches_engine, wait_matches_engine_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opens_on_f_equals_x_plus_y_times_z() {
    let page = Page::new().await;
    page.open("").await;
    let selected = page
        .js("const s = document.getElementById('example');
             return s ? [s.value, s.selectedOptions[0] && s.selectedOptions[0].text.trim()] : null")
        .await;
    assert_eq!(
        selected,
        serde_json::json!(["fxyz", "f = (x + y) z"]),
        "default example (contract: example menu)"
    );

    let (_, rows, _) = wait_matches_engine(&page, "default example").await;
    // cs231n's numbers (docs/reference-values.md): f = -12, q = 3, df/dx = df/dy = -4, df/dz = 3.
    assert_eq!(row(&rows, "f").value(), -12.0);
    assert_eq!(row(&rows, "q").value(), 3.0);
    assert_eq!(row(&rows, "q").grad(), -4.0);
    for (name, value, grad) in [("x", -2.0, -4.0), ("y", 5.0, -4.0), ("z", -4.0, 3.0)] {
        let r = row(&rows, name);
        assert_eq!((r.value(), r.grad()), (value, grad), "row {name}");
        assert!(r.is_input(), "row {name} has no <input> (contract: input rows hold <input type=number>)");
        // What the student reads, not only the data attributes.
        assert_eq!(r.grad_text.as_deref(), Some(grad.to_string().as_str()), "visible gradient of {name}");
        assert_eq!(
            r.input.as_deref().and_then(|s| s.parse::<f64>().ok()),
            Some(value),
            "input box of {name}"
        );
    }
    assert_eq!(row(&rows, "f").grad_text.as_deref(), Some("1"), "visible gradient of f");
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setting_x_to_1_gives_f_minus_24_and_z_gradient_6() {
    let page = Page::new().await;
    page.open("").await;
    page.set_input("x", "1").await;
    let (_, rows, _) = wait_matches_engine(&page, "after x = 1").await;
    assert_eq!(row(&rows, "f").value(), -24.0);
    assert_eq!(row(&rows, "z").grad(), 6.0);
    assert_eq!(row(&rows, "z").grad_text.as_deref(), Some("6"), "visible gradient of z");
    // Contract, Performance marks: each input edit measures edit-to-frame.
    page.wait_js(
        "performance.measure('edit-to-frame') after an edit (contract: Performance marks)",
        "return performance.getEntriesByName('edit-to-frame').length > 0",
    )
    .await;
    page.finish().await;
}

/// Reference values (docs/reference-values.md) by example id: (row, value or gradient, want, tolerance).
enum Want {
    Value(&'static str, f64, f64),
    Grad(&'static str, f64, f64),
    Output(f64, f64),
}

fn references(id: &str) -> Vec<Want> {
    use Want::*;
    let neuron = || {
        vec![
            Output(0.7311, 5e-5),
            Grad("w0", -0.197, 5e-4),
            Grad("x0", 0.393, 5e-4),
            Grad("w1", -0.393, 5e-4),
            Grad("x1", -0.590, 5e-4),
            Grad("w2", 0.197, 5e-4),
        ]
    };
    match id {
        "fxyz" => vec![Output(-12.0, 0.0), Grad("x", -4.0, 0.0), Grad("y", -4.0, 0.0), Grad("z", 3.0, 0.0)],
        "neuron-gates" | "neuron-sigma" => neuron(),
        "max" => vec![
            Output(-20.0, 0.0),
            Grad("x", -8.0, 0.0),
            Grad("y", 6.0, 0.0),
            Grad("z", 2.0, 0.0),
            Grad("w", 0.0, 0.0),
        ],
        "staged" => vec![Value("x", 3.0, 0.0), Value("y", -4.0, 0.0)],
        // 100 * 2 * 1.1 is 220.00000000000003 in f64: compare to a relative 1e-12.
        "apple" => vec![
            Output(220.0, 1e-9),
            Grad("apple", 2.2, 1e-9),
            Grad("count", 110.0, 1e-9),
            Grad("tax", 200.0, 1e-9),
        ],
        "apple-orange" => vec![
            Output(715.0, 1e-9),
            Grad("apple", 2.2, 1e-9),
            Grad("count", 110.0, 1e-9),
            Grad("orange", 3.3, 1e-9),
            Grad("ocount", 165.0, 1e-9),
            Grad("tax", 650.0, 1e-9),
        ],
        "micrograd" => vec![Output(-20.0, 1e-9), Grad("x", 46.0, 1e-9)],
        // The 2-2-1 network and the learning preset have no published numbers: the engine
        // comparison is their check.
        "net221" | "learn" => Vec::new(),
        // A misspelt id would otherwise check nothing.
        other => {
            let ids: Vec<&str> = EXAMPLES.iter().map(|&(id, _)| id).collect();
            panic!("no reference values for an example {other:?}; the examples are {ids:?}")
        }
    }
}

/// The contract's example menu: (option value, visible text).
pub const EXAMPLES: &[(&str, &str)] = &[
    ("fxyz", "f = (x + y) z"),
    ("neuron-gates", "Sigmoid neuron (gates)"),
    ("neuron-sigma", "Sigmoid neuron (σ gate)"),
    ("max", "Max gate"),
    ("staged", "Staged computation"),
    ("apple", "Apple shopping"),
    ("apple-orange", "Apple and orange shopping"),
    ("net221", "2-2-1 network"),
    ("micrograd", "micrograd example"),
    ("learn", "A neuron that learns"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_shows_its_reference_values() {
    let page = Page::new().await;
    page.open("").await;
    let options = page
        // The options a student can choose (the hidden "Your program" is only ever shown).
        .js("return Array.from(document.querySelectorAll('#example option:not([hidden])')).map(o => [o.value, o.text.trim()])")
        .await;
    let want: Vec<[&str; 2]> = EXAMPLES.iter().map(|&(v, t)| [v, t]).collect();
    assert_eq!(options, serde_json::json!(want), "the Example menu's options (contract: example menu)");

    // Start from a different example so the first choice is a real change.
    for &(id, _) in EXAMPLES.iter().skip(1).chain(EXAMPLES.iter().take(1)) {
        page.choose_example(id).await;
        let (program, rows, expected) = wait_matches_engine(&page, id).await;
        for want in references(id) {
            match want {
                Want::Output(v, tol) => assert_close(
                    &format!("{id}: output {}", expected.output),
                    row(&rows, &expected.output).value(),
                    v,
                    tol,
                ),
                Want::Value(name, v, tol) => {
                    assert_close(&format!("{id}: {name}"), row(&rows, name).value(), v, tol)
                }
                Want::Grad(name, g, tol) => {
                    assert_close(&format!("{id}: d/d{name}"), row(&rows, name).grad(), g, tol)
                }
            }
        }
        assert!(
            row(&rows, &expected.output).grad() == 1.0,
            "{id}: the output's own gradient is 1\n{program}"
        );
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expanding_sigma_gates_keeps_input_gradients() {
    let page = Page::new().await;
    page.open("").await;
    page.choose_example("neuron-sigma").await;
    let (_, before, _) = wait_matches_engine(&page, "σ gate neuron").await;
    page.click_button("Expand σ gates").await;
    page.button("Collapse σ gates").await;
    // Exactly what the engine's expansion computes...
    let (program, after, _) = wait_matches_engine_with(&page, "σ gates expanded", true).await;
    for r in before.values().filter(|r| r.is_input()) {
        let a = row(&after, &r.name);
        // ...which is the σ gate's gradient up to rounding: (1 - s) s through exp, +1
        // and 1/x gates may differ in the last bit, so allow 1e-12 relative, and require
        // what the student reads to be identical.
        let (g0, g1) = (r.grad(), a.grad());
        assert!(
            (g0 - g1).abs() <= 1e-12 * g0.abs().max(1.0),
            "d/d{}: {g0} with the σ gate, {g1} expanded\n{program}",
            r.name
        );
        assert_eq!(r.grad_text, a.grad_text, "visible gradient of {} changed on expansion", r.name);
        assert_eq!(r.value(), a.value(), "input {} changed on expansion", r.name);
    }
    page.click_button("Collapse σ gates").await;
    page.button("Expand σ gates").await;
    let (_, collapsed, _) = wait_matches_engine(&page, "σ gates collapsed again").await;
    for r in before.values().filter(|r| r.is_input()) {
        assert_eq!(r.grad(), row(&collapsed, &r.name).grad(), "d/d{} after collapsing again", r.name);
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numerical_check_has_a_row_per_input_with_small_error() {
    let page = Page::new().await;
    page.open("").await;
    for id in ["fxyz", "neuron-sigma"] {
        if id != "fxyz" {
            page.choose_example(id).await;
        }
        let (_, rows, _) = wait_matches_engine(&page, id).await;
        // Sorted: the contract asks for one row per input, not for an order.
        let inputs: Vec<&String> = rows.values().filter(|r| r.is_input()).map(|r| &r.name).collect();
        let checks = page
            .wait_js(
                "#numeric rows for every input (contract: numerical check)",
                "const rows = Array.from(document.querySelectorAll('#numeric tr[data-name]'));
                 return rows.length ? rows.map(tr => [tr.getAttribute('data-name'),
                                                      Array.from(tr.cells).map(c => c.textContent.trim())]) : null;",
            )
            .await;
        let checks: Vec<(String, Vec<String>)> =
            serde_json::from_value(checks).unwrap_or_else(|e| panic!("#numeric rows: {e}"));
        let mut names: Vec<&String> = checks.iter().map(|(n, _)| n).collect();
        names.sort();
        assert_eq!(names, inputs, "{id}: one #numeric row per input");
        for (name, cells) in &checks {
            // Columns: analytic, forward difference, centred, relative error; the last
            // cell is the relative error whatever precedes it.
            let err: f64 = cells.last().and_then(|c| c.parse().ok()).unwrap_or_else(|| {
                panic!("{id}: #numeric row {name}: last cell is no number (relative error): {cells:?}")
            });
            assert!(
                err.is_finite() && err.abs() < 1e-4,
                "{id}: relative error for {name} is {err}: {cells:?}"
            );
            let grad = row(&rows, name).grad();
            let analytic_shown = cells.iter().filter_map(|c| c.parse::<f64>().ok()).next();
            assert!(
                analytic_shown.is_some_and(|a| (a - grad).abs() <= 1e-3 * grad.abs().max(1e-9)),
                "{id}: #numeric row {name} does not show the analytic gradient {grad} first: {cells:?}"
            );
        }
        let h = page.js("const h = document.getElementById('h'); return h ? Array.from(h.options).map(o => o.text.trim()) : null").await;
        let hs: Vec<f64> = serde_json::from_value::<Vec<String>>(h)
            .unwrap_or_else(|e| panic!("no <select id=\"h\"> with options (contract: numerical check): {e}"))
            .iter()
            .map(|s| s.parse().unwrap_or(f64::NAN))
            .collect();
        let want: Vec<f64> = (1..=10).map(|k| 10f64.powi(-k)).collect();
        assert_eq!(hs, want, "#h options' text (contract: 1e-1 ... 1e-10)");
    }
    page.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_downhill_lowers_f() {
    let page = Page::new().await;
    page.open("").await;
    let (_, rows, expected) = wait_matches_engine(&page, "default").await;
    let f0 = row(&rows, &expected.output).value();
    page.click_button("Step downhill").await;
    let out = expected.output.clone();
    let f1 = page
        .wait_for(
            "the output to change after Step downhill",
            async || page.values().await.get(&out).map(|r| r.value()),
            |v| v.is_some_and(|v| v != f0),
        )
        .await
        .unwrap_or(f0);
    assert!(f1 < f0, "Step downhill moved f from {f0} to {f1}");
    let (_, after, _) = wait_matches_engine(&page, "after a step downhill").await;
    for r in after.values().filter(|r| r.is_input()) {
        let before = row(&rows, &r.name);
        // -gradient: every input with a nonzero gradient moves against it.
        if before.grad() != 0.0 {
            assert!(
                (r.value() - before.value()) * before.grad() < 0.0,
                "{} moved from {} to {} with gradient {}",
                r.name,
                before.value(),
                r.value(),
                before.grad()
            );
        }
    }
    let result = page.element("#step-result").await.text().await.unwrap_or_default();
    assert!(
        result.starts_with("f:") && result.contains('→') && result.contains("predicted"),
        "#step-result reads {result:?} (contract: \"f: -12 → -10.3, predicted -10.1\")"
    );
    page.finish().await;
}
