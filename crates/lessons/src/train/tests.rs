use super::*;

/// The loss written out by hand, independently of the graph.
fn loss_by_hand(params: [f64; 3]) -> f64 {
    let [w0, w1, b] = params;
    let sum: f64 = POINTS
        .iter()
        .map(|p| {
            let q = 1.0 / (1.0 + (-(w0 * p.x0 + w1 * p.x1 + b)).exp());
            if p.label == 1 {
                -q.ln()
            } else {
                -(1.0 - q).ln()
            }
        })
        .sum();
    sum / POINTS.len() as f64
}

#[test]
fn the_graph_computes_the_loss() {
    for params in [START, [0.0, 0.0, 0.0], [1.5, 2.0, -0.3]] {
        let mut t = Trainer::with(params, 0.1);
        let want = loss_by_hand(params);
        assert!((t.loss() - want).abs() < 1e-12, "{params:?}: {} vs {want}", t.loss());
    }
    // All weights 0: p = 1/2 everywhere, so the loss is ln 2.
    let mut t = Trainer::with([0.0; 3], 0.1);
    assert!((t.loss() - std::f64::consts::LN_2).abs() < 1e-15);
}

#[test]
fn gradients_match_centred_differences() {
    let h = 1e-5;
    for params in [START, [0.3, -0.7, 0.1], [2.0, 1.0, -0.5]] {
        let mut t = Trainer::with(params, 0.1);
        let grad = t.gradient();
        for k in 0..3 {
            let (mut plus, mut minus) = (params, params);
            plus[k] += h;
            minus[k] -= h;
            let numeric = (loss_by_hand(plus) - loss_by_hand(minus)) / (2.0 * h);
            let err = autodiff::relative_error(grad[k], numeric);
            assert!(err < 1e-7, "{params:?} d{k}: {} vs {numeric} (relative error {err})", grad[k]);
        }
    }
}

#[test]
fn loss_goes_down_over_50_steps() {
    let mut t = Trainer::new();
    let start = t.loss();
    for _ in 0..50 {
        t.step();
    }
    assert_eq!(t.history.len(), 51);
    assert!(t.loss() < start * 0.5, "{start} -> {}", t.loss());
    assert_eq!(t.history.last().copied(), Some(t.loss()));
    // Most points end on their side of the boundary (two are on the wrong side on purpose).
    let right = POINTS.iter().filter(|p| (t.predict(p.x0, p.x1) > 0.5) == (p.label == 1)).count();
    assert!(right >= 14, "{right} of 16");
}

#[test]
fn a_small_rate_goes_down_every_step() {
    // The loss is convex and smooth; with lr below 1/L (L <= max |x|^2 / 4 here) each step
    // lowers it.
    for lr in [0.05, 0.2, LEARNING_RATE] {
        let mut t = Trainer::with(START, lr);
        for _ in 0..50 {
            t.step();
        }
        for pair in t.history.windows(2) {
            assert!(pair[1] < pair[0], "lr {lr}: {pair:?}");
        }
    }
}

#[test]
fn a_point_as_a_program_has_that_points_gradient() {
    let mut t = Trainer::with([0.3, -0.7, 0.1], 0.1);
    let mut sum = [0.0; 3];
    for i in 0..POINTS.len() {
        let prog = t.program_for_point(i).unwrap_or_else(|| panic!("point {i}"));
        let mut g = autodiff::compile(&prog.text).unwrap_or_else(|e| panic!("{}: {e:?}", prog.text));
        for (name, v) in prog.inputs {
            assert!(g.set_input(name, v).is_ok(), "{name}");
        }
        g.recompute();
        for (k, name) in ["w0", "w1", "b"].into_iter().enumerate() {
            sum[k] += g.input_named(name).map_or(f64::NAN, |id| g.grad(id));
        }
    }
    let want = t.gradient();
    for k in 0..3 {
        let mean = sum[k] / POINTS.len() as f64;
        assert!((mean - want[k]).abs() < 1e-12, "d{k}: {mean} vs {}", want[k]);
    }
    assert_eq!(t.program_for_point(POINTS.len()), None);
    let text = Trainer::new().program_for_point(15).map(|p| p.text);
    assert_eq!(
        text.as_deref(),
        Some("w0 = -1\nw1 = 0.5\nb = 0.5\nx0 = 1.5\nx1 = 0.8\np = sigmoid(w0*x0 + w1*x1 + b)\nloss = -log(1 - p)")
    );
}

#[test]
fn the_boundary_crosses_the_view() {
    let on_line =
        |t: &Trainer, (x, y): (f64, f64)| (t.params[0] * x + t.params[1] * y + t.params[2]).abs() < 1e-12;
    let t = Trainer::with([1.0, 1.0, 0.0], 0.1); // x0 + x1 = 0: corner to corner
    let seg = t.decision_boundary();
    assert!(
        seg.is_some_and(|[a, b]| on_line(&t, a) && on_line(&t, b) && (a.0 - b.0).abs() == 6.0),
        "{seg:?}"
    );
    let t = Trainer::with([0.0, 2.0, -1.0], 0.1); // x1 = 0.5: horizontal
    assert_eq!(t.decision_boundary(), Some([(-3.0, 0.5), (3.0, 0.5)]));
    assert!((t.predict(0.0, 0.5) - 0.5).abs() < 1e-15);
    assert_eq!(Trainer::with([0.0, 0.0, 1.0], 0.1).decision_boundary(), None);
    assert_eq!(Trainer::with([1.0, 0.0, -10.0], 0.1).decision_boundary(), None); // x0 = 10
    let mut t = Trainer::new();
    for _ in 0..50 {
        t.step();
    }
    let seg = t.decision_boundary();
    assert!(seg.is_some_and(|[a, b]| on_line(&t, a) && on_line(&t, b)), "{seg:?}");
}
