use super::*;

fn compiled(src: &str) -> (Graph, Vec<Step>) {
    let mut g = autodiff::compile(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    let steps = g.trace();
    (g, steps)
}

fn texts(code: &Code) -> Vec<&str> {
    code.lines.iter().map(|l| l.text.as_str()).collect()
}

const FXYZ: &str = "x = -2; y = 5; z = -4; q = x + y; f = q * z";
const NEURON: &str = "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = sigmoid(w0*x0 + w1*x1 + w2)";

#[test]
fn fxyz_staged_is_the_notes_code() {
    let (g, steps) = compiled(FXYZ);
    let code = Code::new(&g, &steps, Style::Staged);
    assert_eq!(
        texts(&code),
        [
            "# set some inputs",
            "x = -2; y = 5; z = -4",
            "# perform the forward pass",
            "q = x + y # q becomes 3",
            "f = q * z # f becomes -12",
            "# perform the backward pass (backpropagation) in reverse order",
            "df = 1",
            "dx = dy = dz = dq = 0",
            "# backprop through f = q * z",
            "dq += z * df # dq becomes -4",
            "dz += q * df # dz becomes 3",
            "# backprop through q = x + y",
            "dx += 1 * dq # dx becomes -4",
            "dy += 1 * dq # dy becomes -4",
        ]
    );
    // Lines know their gate and step.
    assert_eq!(code.line_at_step(2), Some(12));
    assert_eq!(code.lines[12].node, g.named().iter().find(|(n, _)| n == "q").map(|p| p.1));
    assert_eq!(code.line_at(Moment::Seed), Some(6));
    assert_eq!(code.line_at(Moment::Inputs), Some(1));
}

#[test]
fn fxyz_layers_is_the_books_code() {
    let (g, steps) = compiled(FXYZ);
    let code = Code::new(&g, &steps, Style::Layers);
    assert_eq!(
        texts(&code),
        [
            "add_layer = AddLayer()",
            "mul_layer = MulLayer()",
            "# set some inputs",
            "x = -2; y = 5; z = -4",
            "# perform the forward pass",
            "q = add_layer.forward(x, y) # q becomes 3",
            "f = mul_layer.forward(q, z) # f becomes -12",
            "# perform the backward pass (backpropagation) in reverse order",
            "df = 1",
            "dq, dz = mul_layer.backward(df)",
            "dx, dy = add_layer.backward(dq)",
        ]
    );
    assert_eq!(
        [code.line_at_step(0), code.line_at_step(1), code.line_at_step(3)],
        [Some(9), Some(9), Some(10)]
    );
    assert_eq!((code.lines[10].step, code.lines[10].steps), (Some(2), 2));
}

#[test]
fn sigmoid_neuron_in_both_styles() {
    let (g, steps) = compiled(NEURON);
    let staged = Code::new(&g, &steps, Style::Staged);
    assert_eq!(
        texts(&staged)[3..],
        [
            "t1 = w0 * x0 # t1 becomes -2",
            "t2 = w1 * x1 # t2 becomes 6",
            "t3 = t1 + t2 # t3 becomes 4",
            "t4 = t3 + w2 # t4 becomes 1",
            "f = 1 / (1 + math.exp(-t4)) # f becomes 0.7311",
            "# perform the backward pass (backpropagation) in reverse order",
            "df = 1",
            "dw0 = dx0 = dw1 = dx1 = dw2 = dt1 = dt2 = dt3 = dt4 = 0",
            "# backprop through f = 1 / (1 + math.exp(-t4))",
            "dt4 += ((1 - f) * f) * df # dt4 becomes 0.1966",
            "# backprop through t4 = t3 + w2",
            "dt3 += 1 * dt4 # dt3 becomes 0.1966",
            "dw2 += 1 * dt4 # dw2 becomes 0.1966",
            "# backprop through t3 = t1 + t2",
            "dt1 += 1 * dt3 # dt1 becomes 0.1966",
            "dt2 += 1 * dt3 # dt2 becomes 0.1966",
            "# backprop through t2 = w1 * x1",
            "dw1 += x1 * dt2 # dw1 becomes -0.3932",
            "dx1 += w1 * dt2 # dx1 becomes -0.5898",
            "# backprop through t1 = w0 * x0",
            "dw0 += x0 * dt1 # dw0 becomes -0.1966",
            "dx0 += w0 * dt1 # dx0 becomes 0.3932",
        ]
    );
    let layers = Code::new(&g, &steps, Style::Layers);
    assert_eq!(
        texts(&layers)[..5],
        [
            "mul_t1_layer = MulLayer()",
            "mul_t2_layer = MulLayer()",
            "add_t3_layer = AddLayer()",
            "add_t4_layer = AddLayer()",
            "sigmoid_layer = Sigmoid()"
        ]
    );
    assert_eq!(
        texts(&layers)[layers.lines.len() - 5..],
        [
            "dt4 = sigmoid_layer.backward(df)",
            "dt3, dw2 = add_t4_layer.backward(dt4)",
            "dt1, dt2 = add_t3_layer.backward(dt3)",
            "dw1, dx1 = mul_t2_layer.backward(dt2)",
            "dw0, dx0 = mul_t1_layer.backward(dt1)",
        ]
    );
}

#[test]
fn forks_add_up_in_both_styles() {
    let (g, steps) = compiled("x = 3; f = x * x");
    let staged = Code::new(&g, &steps, Style::Staged);
    assert_eq!(
        texts(&staged)[texts(&staged).len() - 2..],
        ["dx += x * df # dx becomes 3", "dx += x * df # dx becomes 6"]
    );
    // The book's layers return one value per operand: a fork gets one part each, added after.
    let layers = Code::new(&g, &steps, Style::Layers);
    assert_eq!(
        texts(&layers)[texts(&layers).len() - 2..],
        ["dx_a, dx_b = mul_layer.backward(df)", "dx = dx_a + dx_b"]
    );
    assert_eq!(layers.lines.last().map(|l| (l.part, l.step)), Some((Part::Sum, None)));
}

#[test]
fn constants_and_renamed_values() {
    // A constant has no wire, so no gradient line; a second assignment to q is q_2.
    let (g, steps) = compiled("x = 3; q = 2 * x; q = q + 1; f = q * q");
    let staged = Code::new(&g, &steps, Style::Staged);
    let t = texts(&staged);
    assert!(t.contains(&"q = 2 * x # q becomes 6"), "{t:?}");
    assert!(t.contains(&"q_2 = q + 1 # q_2 becomes 7"), "{t:?}");
    assert!(t.contains(&"dx += 2 * dq # dx becomes 28"), "{t:?}");
    let layers = Code::new(&g, &steps, Style::Layers);
    let t = texts(&layers);
    assert!(t.contains(&"dq_2_a, dq_2_b = mul_f_layer.backward(df)"), "{t:?}");
    assert!(t.contains(&"dq_2 = dq_2_a + dq_2_b"), "{t:?}");
    assert!(t.contains(&"dq, _ = add_layer.backward(dq_2)"), "{t:?}");
    assert!(t.contains(&"_, dx = mul_q_layer.backward(dq)"), "{t:?}");
}

#[test]
fn every_step_has_exactly_one_backward_line() {
    for src in [
        FXYZ,
        NEURON,
        "w0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3; f = 1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        "x = 3; y = -4; sigy = sigmoid(y); num = x + sigy; sigx = sigmoid(x); xpy = x + y; \
         xpysqr = xpy^2; den = sigx + xpysqr; f = num / den",
        "x = -4; z = 2*x + 2 + x; q = relu(z) + z * x; h = relu(z * z); y = h + q + q * x",
        "x = 3; y = -4; z = 2; w = -1; f = 2 * (x*y + max(z, w))",
    ] {
        let (g, steps) = compiled(src);
        for style in [Style::Staged, Style::Layers] {
            let code = Code::new(&g, &steps, style);
            for (k, step) in steps.iter().enumerate() {
                let covering: Vec<usize> = (0..code.lines.len())
                    .filter(|&l| code.lines[l].step.is_some_and(|s| s <= k && k < s + code.lines[l].steps))
                    .collect();
                assert_eq!(covering.len(), 1, "{src} {style:?}: step {k}");
                assert_eq!(code.line_at_step(k), Some(covering[0]));
                assert_eq!(code.lines[covering[0]].node, Some(step.gate));
                assert_eq!(code.lines[covering[0]].part, Part::Backward);
            }
            if style == Style::Staged {
                let backward = code.lines.iter().filter(|l| l.part == Part::Backward).count();
                assert_eq!(backward, steps.len(), "{src}");
            }
        }
    }
}

#[test]
fn events_map_like_the_pages_timeline() {
    use circuit::{Event, Timeline};
    for src in [FXYZ, NEURON, "x = 3; f = x * x", "f = 2 * 3"] {
        let (g, steps) = compiled(src);
        let timeline = Timeline::new(&g, &steps);
        for style in [Style::Staged, Style::Layers] {
            let code = Code::new(&g, &steps, style);
            for (i, event) in timeline.events().iter().enumerate() {
                let line = code.line_at_event(i).map(|l| &code.lines[l]);
                let ok = match (event, line) {
                    (Event::Inputs, Some(l)) => l.part == Part::Inputs,
                    (Event::Forward(id), Some(l)) => l.part == Part::Forward && l.node == Some(*id),
                    (Event::Seed(out), Some(l)) => l.part == Part::Seed && l.node == Some(*out),
                    (Event::Backward(s), Some(l)) => {
                        l.node == Some(s.gate)
                            && code.line_at_event(i)
                                == code.line_at_step(i - timeline.backward_start().unwrap_or(0) - 1)
                    }
                    (_, None) => false,
                };
                assert!(ok, "{src} {style:?}: event {i} {event:?} -> {line:?}");
            }
            assert_eq!(code.line_at_event(timeline.len()), None);
        }
    }
}

#[test]
fn softplus_is_written_with_its_sigmoid_derivative() {
    let (g, steps) = compiled("x = 0.5; f = softplus(x)");
    let staged = Code::new(&g, &steps, Style::Staged);
    let lines = texts(&staged);
    assert!(lines.contains(&"f = math.log(1 + math.exp(x)) # f becomes 0.9741"), "{lines:#?}");
    assert!(lines.contains(&"dx += (1 / (1 + math.exp(-x))) * df # dx becomes 0.6225"), "{lines:#?}");
    let layers = Code::new(&g, &steps, Style::Layers);
    assert!(texts(&layers).iter().any(|l| l.contains("= Softplus()")), "{:#?}", texts(&layers));
}
