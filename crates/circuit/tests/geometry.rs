//! The drawing's promises, checked on the seed circuits: labels and gates never overlap,
//! wires do not cross (or cross as little as any drawing of that circuit can), and big
//! random programs lay out with work linear in their size, at a sane size.

mod common;

use circuit::{scene, text_box, FrameState, Item, Layout, Monospace, Point, Rect, Role, TextMetrics};
use common::{compiled, random_program, MIN_CROSSINGS, SEEDS};

/// Every label box and gate (as its bounding square, which is stricter than the circle),
/// with a description for failure messages.
fn marks(src: &str) -> Vec<(String, Rect)> {
    let g = compiled(src);
    let layout = Layout::new(&g, &Monospace);
    let s = scene(&g, &layout, &FrameState::complete(&g), None);
    let mut out = Vec::new();
    for item in &s.items {
        match item {
            Item::Text { pos, text, anchor, role, size } => {
                let w = Monospace.width(text, *size);
                out.push((format!("{role:?} text {text:?}"), text_box(*pos, w, *anchor, *size)));
            }
            Item::Gate { center, radius, label, .. } => {
                out.push((format!("gate {label:?}"), Rect::around(*center, *radius, *radius)));
            }
            Item::Constant { rect, text, .. } => out.push((format!("constant {text}"), *rect)),
            Item::Wire { .. } | Item::Dot { .. } | Item::Token { .. } => {}
        }
    }
    out
}

#[test]
fn no_overlapping_labels_or_gates() {
    for (name, src) in SEEDS {
        let marks = marks(src);
        assert!(marks.iter().any(|(d, _)| d.starts_with("Gradient")), "{name}: no gradients drawn");
        for (i, (da, a)) in marks.iter().enumerate() {
            for (db, b) in &marks[i + 1..] {
                assert!(!a.overlaps(b), "{name}: {da} {a:?} overlaps {db} {b:?}");
            }
        }
    }
}

#[test]
fn labels_stay_off_other_wires() {
    // A label may sit on its own wire's side, but no other wire may run through its box.
    for (name, src) in SEEDS {
        let g = compiled(src);
        let layout = Layout::new(&g, &Monospace);
        for node in layout.nodes() {
            let Some(lg) = layout.label(node.id) else { continue };
            let boxes = [Some(lg.value), lg.grad, lg.name];
            for w in layout.wires().iter().filter(|w| w.from != node.id) {
                for seg in w.points.windows(2) {
                    for b in boxes.iter().flatten() {
                        assert!(
                            !segment_hits_rect(seg[0], seg[1], b),
                            "{name}: a wire runs through a label of {node:?}"
                        );
                    }
                }
            }
        }
    }
}

fn segment_hits_rect(a: Point, b: Point, r: &Rect) -> bool {
    // Sampling is enough at this scale: segments are a few units long.
    (0..=8).any(|k| {
        let t = k as f64 / 8.0;
        let p = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        p.x > r.x0 && p.x < r.x1 && p.y > r.y0 && p.y < r.y1
    })
}

/// Proper intersections between wire segments of different sources. Wires from one
/// source share their first stretch (a fork), so they are not compared.
fn drawn_crossings(layout: &Layout) -> usize {
    let wires = layout.wires();
    let mut count = 0;
    for (i, a) in wires.iter().enumerate() {
        for b in &wires[i + 1..] {
            if a.from == b.from {
                continue;
            }
            for sa in a.points.windows(2) {
                for sb in b.points.windows(2) {
                    if proper_intersection(sa[0], sa[1], sb[0], sb[1]) {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

fn proper_intersection(p1: Point, p2: Point, q1: Point, q2: Point) -> bool {
    let cross = |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let d1 = cross(q1, q2, p1);
    let d2 = cross(q1, q2, p2);
    let d3 = cross(p1, p2, q1);
    let d4 = cross(p1, p2, q2);
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

#[test]
fn seed_circuits_have_no_crossings_or_the_fewest_possible() {
    for (name, src) in SEEDS {
        let layout = Layout::new(&compiled(src), &Monospace);
        let want = MIN_CROSSINGS.iter().find(|(n, _)| n == name).map_or(0, |&(_, c)| c);
        let drawn = drawn_crossings(&layout);
        eprintln!("{name}: {drawn} crossings drawn, {} counted by the ordering", layout.crossings());
        assert_eq!(drawn, want, "{name}");
        assert_eq!(layout.crossings(), want, "{name}");
    }
}

#[test]
fn non_finite_values_are_drawn_as_errors() {
    let g = compiled("x = 0; f = 1/x");
    let layout = Layout::new(&g, &Monospace);
    let s = scene(&g, &layout, &FrameState::complete(&g), None);
    let errors: Vec<&str> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { role: Role::Error, text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(errors.contains(&"inf"), "{errors:?}");
    assert!(errors.contains(&"-inf"), "{errors:?}");
}

fn big(gates: usize) -> (autodiff::Graph, Layout) {
    let g = compiled(&random_program(gates, 7));
    let layout = Layout::new(&g, &Monospace);
    (g, layout)
}

/// The ordering's work budget (`WORK_BUDGET` in order.rs): restarts and sifting, which
/// only circuits a student reads get, stop once crossing counts have looked at this many
/// edges.
const WORK_BUDGET: usize = 1_500_000;
/// Long wires get at most this many invisible elements (`MAX_DUMMIES` in layout.rs).
const MAX_DUMMIES: usize = 20_000;
/// Steps per element and edge of the drawing: a fixed number of sweeps, crossing counts
/// and placement passes, each visiting every element and edge about once (12 rounds of
/// two sweeps and a count, 6 passes: about 50).
const STEPS_PER_ELEMENT: usize = 100;

/// Counted work, not time (which a busy machine makes noisy): the drawing is linear in the
/// circuit (long wires stop getting elements past `MAX_DUMMIES`), and laying it out takes
/// a bounded number of steps per element and edge, plus, if `budgeted`, what the restarts
/// and sifting of a small circuit do before they stop at the work budget.
fn assert_linear_work(what: &str, g: &autodiff::Graph, layout: &Layout, budgeted: bool) {
    let w = layout.work();
    assert!(w.elements <= g.len() + MAX_DUMMIES, "{what}: {} nodes, {w:?}", g.len());
    let budget = if budgeted { 2 * WORK_BUDGET } else { 0 };
    let bound = STEPS_PER_ELEMENT * (w.elements + w.edges) + budget;
    assert!(w.steps <= bound, "{what}: {w:?}, more than {bound} steps");
}

#[test]
fn five_hundred_gates_lay_out() {
    let (g, layout) = big(500);
    let b = layout.bounds();
    eprintln!(
        "500 gates: {} nodes, {:?}, {:.0} x {:.0}, {} crossings",
        g.len(),
        layout.work(),
        b.width(),
        b.height(),
        layout.crossings()
    );
    assert!(b.width().is_finite() && b.height().is_finite());
    assert!(b.width() < 200_000.0 && b.height() < 200_000.0, "{b:?}");
    assert_eq!(layout.wires().len(), g.ids().map(|id| g.operands(id).len()).sum::<usize>() - folded(&g));
    // Too big for restarts and sifting: sweeps and passes only.
    assert_linear_work("500 gates", &g, &layout, false);
}

#[test]
fn two_thousand_gates_lay_out() {
    let (g, layout) = big(2_000);
    let b = layout.bounds();
    eprintln!("2000 gates: {} nodes, {:?}, {:.0} x {:.0}", g.len(), layout.work(), b.width(), b.height());
    assert!(b.width() < 1_000_000.0 && b.height() < 1_000_000.0, "{b:?}");
    assert_linear_work("2000 gates", &g, &layout, false);
    let s = scene(&g, &layout, &FrameState::complete(&g), None);
    assert!(!circuit::to_svg(&s, &circuit::Palette::dark()).is_empty());
}

fn folded(g: &autodiff::Graph) -> usize {
    g.ids()
        .filter(|&id| {
            g.folded_constant(id).is_some() && !matches!(g.op(id), autodiff::Op::Max | autodiff::Op::Min)
        })
        .count()
}

#[test]
fn sixty_gates_lay_out_readably() {
    let (g, layout) = big(60);
    let b = layout.bounds();
    eprintln!(
        "60 gates: {} nodes, {:?}, {:.0} x {:.0}, {} crossings",
        g.len(),
        layout.work(),
        b.width(),
        b.height(),
        layout.crossings()
    );
    assert_linear_work("60 gates", &g, &layout, true);
    let marks = marks(&random_program(60, 7));
    for (i, (da, a)) in marks.iter().enumerate() {
        for (db, b) in &marks[i + 1..] {
            assert!(!a.overlaps(b), "{da} {a:?} overlaps {db} {b:?}");
        }
    }
}

#[test]
fn every_frame_fits_the_reserved_label_boxes() {
    // Partial sums at forks can be wider than the final gradient: the layout reserves room
    // for all of them, so no frame of the animation draws a label outside its box.
    for (name, src) in SEEDS {
        let mut g = compiled(src);
        let t = circuit::Timeline::from_graph(&mut g);
        let layout = Layout::new(&g, &Monospace);
        let reserved: Vec<Rect> = layout
            .nodes()
            .filter_map(|n| layout.label(n.id))
            .flat_map(|l| [Some(l.value), l.grad, l.name])
            .flatten()
            .collect();
        for k in 0..=t.len() {
            let s = scene(&g, &layout, &t.state_at(k as f64), None);
            for item in &s.items {
                if let Item::Text { pos, text, anchor, role, size } = item {
                    if *role == Role::Input {
                        continue;
                    }
                    let b = text_box(*pos, Monospace.width(text, *size), *anchor, *size);
                    let inside = reserved.iter().any(|r| {
                        b.x0 >= r.x0 - 1e-9
                            && b.x1 <= r.x1 + 1e-9
                            && b.y0 >= r.y0 - 1e-9
                            && b.y1 <= r.y1 + 1e-9
                    });
                    assert!(inside, "{name}, frame {k}: {role:?} {text:?} at {b:?} is outside its box");
                }
            }
        }
    }
}

#[test]
fn builder_graphs_with_n_ary_gates_and_expansions_lay_out_cleanly() {
    let mut g = autodiff::Graph::new();
    let xs: Vec<_> = (0..4).map(|i| g.input(&format!("x{i}"), i as f64 - 1.5)).collect();
    let ws: Vec<_> = (0..4).map(|i| g.input(&format!("w{i}"), 0.5 - i as f64)).collect();
    let b = g.input("b", 0.1);
    let n = g.affine(b, &ws, &xs);
    let t = g.tanh(n);
    let s = g.sum(&[t, xs[0], n]);
    g.set_name(s, "total");
    g.set_output(s);
    g.recompute();
    let expanded = compiled("w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = tanh(w0*x0 + w1*x1 + w2) - 1/w0")
        .expanded(|_| true)
        .graph;
    for mut graph in [g, expanded] {
        graph.recompute();
        let layout = Layout::new(&graph, &Monospace);
        let st = scene(&graph, &layout, &FrameState::complete(&graph), None);
        let mut boxes = Vec::new();
        for item in &st.items {
            match item {
                Item::Text { pos, text, anchor, size, .. } => {
                    boxes.push(text_box(*pos, Monospace.width(text, *size), *anchor, *size))
                }
                Item::Gate { center, radius, .. } => boxes.push(Rect::around(*center, *radius, *radius)),
                _ => {}
            }
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        let t = circuit::Timeline::from_graph(&mut graph);
        let end = t.state_at(t.len() as f64);
        assert!(end.grads.iter().flatten().all(|g| g.complete));
    }
}

#[test]
fn hostile_values_and_tiny_graphs_do_not_panic() {
    for src in
        ["x = 1", "f = 3", "x = 0; f = log(x) * 0", "x = 1e308; f = x * x - x * x", "x = -1; f = sqrt(x)"]
    {
        let mut g = compiled(src);
        let layout = Layout::new(&g, &Monospace);
        let t = circuit::Timeline::from_graph(&mut g);
        for k in 0..=t.len() * 2 {
            let s = scene(&g, &layout, &t.state_at(k as f64 / 2.0), g.output());
            assert!(circuit::to_svg(&s, &circuit::Palette::light()).ends_with("</svg>\n"));
        }
    }
    let empty = autodiff::Graph::new();
    assert!(circuit::render_svg(&empty).starts_with("<svg"));
    assert_eq!(circuit::Timeline::new(&empty, &[]).len(), 0);
}

#[test]
fn relayout_after_a_value_edit_matches_a_fresh_layout() {
    let mut g = compiled(SEEDS.iter().find(|s| s.0 == "net221").expect("seed").1);
    let first = Layout::new(&g, &Monospace);
    g.set_input("x1", -123.456).expect("x1 is an input");
    g.recompute();
    let fresh = Layout::new(&g, &Monospace);
    let reused = first.relayout(&g, &g.clone().trace(), &Monospace);
    let svg = |l: &Layout| {
        circuit::to_svg(&scene(&g, l, &FrameState::complete(&g), None), &circuit::Palette::light())
    };
    assert_eq!(svg(&reused), svg(&fresh));
    assert_ne!(svg(&first), svg(&fresh), "the wider value moved the labels");
    // A different program is laid out from scratch, not forced into the old order.
    let other = compiled("a = 1; b = 2; c = a * b + a");
    assert_eq!(
        svg_of(&other, &first.relayout(&other, &other.clone().trace(), &Monospace)),
        svg_of(&other, &Layout::new(&other, &Monospace))
    );
}

fn svg_of(g: &autodiff::Graph, l: &Layout) -> String {
    circuit::to_svg(&scene(g, l, &FrameState::complete(g), None), &circuit::Palette::light())
}

#[test]
fn the_first_operand_of_a_minus_enters_above_the_second() {
    // Which wire is `a` in `a - b`, `a / b`, `a ^ b` matters; the picture shows it by order.
    let programs = [
        "a = 1; b = 2; f = b - a",
        "x = 3; y = -4; f = (x + y) / (y * x) - x ^ y",
        "p = 2; q = 5; r = p - q; s = p / q; f = s ^ r - q",
    ];
    for src in SEEDS.iter().map(|s| s.1).chain(programs) {
        let g = compiled(src);
        let layout = Layout::new(&g, &Monospace);
        for id in g
            .ids()
            .filter(|&id| matches!(g.op(id), autodiff::Op::Sub | autodiff::Op::Div | autodiff::Op::Pow))
        {
            if let (Some(a), Some(b)) = (layout.wire(id, 0), layout.wire(id, 1)) {
                let (ya, yb) = (a.points[a.points.len() - 1].y, b.points[b.points.len() - 1].y);
                assert!(
                    ya < yb,
                    "{src}: operand 0 of {} enters at {ya}, below operand 1 at {yb}",
                    g.gate_label(id)
                );
            }
        }
    }
}

#[test]
fn a_layout_fits_new_numbers_until_one_outgrows_its_label() {
    let mut g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let layout = Layout::new(&g, &Monospace);
    assert!(layout.fits(&g, &g.clone().trace(), &Monospace), "a layout fits the numbers it was made for");
    // -3 is no wider than -2: the page keeps the circuit still while the student scrubs.
    g.set_input("x", -3.0).expect("x is an input");
    g.recompute();
    assert!(layout.fits(&g, &g.clone().trace(), &Monospace));
    // A long number needs a wider label (here the value of x and the gradient of z).
    g.set_input("x", -123.456789).expect("x is an input");
    g.recompute();
    assert!(!layout.fits(&g, &g.clone().trace(), &Monospace));
    let grown = layout.relayout(&g, &g.clone().trace(), &Monospace);
    assert!(grown.fits(&g, &g.clone().trace(), &Monospace));
    // Another program never fits, whatever its numbers.
    let other = compiled("x = -2; y = 5; z = -4; q = x * y; f = q + z");
    assert!(!layout.fits(&other, &other.clone().trace(), &Monospace));
}

#[test]
fn a_scene_within_a_window_keeps_what_is_near_it_and_every_hit() {
    let g = compiled(SEEDS.iter().find(|s| s.0 == "net221").expect("seed").1);
    let layout = Layout::new(&g, &Monospace);
    let all = scene(&g, &layout, &FrameState::complete(&g), None);
    let b = layout.bounds();
    let whole = circuit::scene_within(&g, &layout, &FrameState::complete(&g), None, b);
    assert_eq!(whole.items, all.items, "the whole circuit in view: the same display list");
    // The left third: the inputs' side is drawn, the output's labels are not.
    let left = Rect::new(b.x0, b.y0, b.x0 + b.width() / 3.0, b.y1);
    let part = circuit::scene_within(&g, &layout, &FrameState::complete(&g), None, left);
    assert!(part.items.len() < all.items.len(), "{} of {}", part.items.len(), all.items.len());
    assert!(part.items.iter().all(|item| all.items.contains(item)));
    let out = g.output().expect("an output");
    let out_value = autodiff::format::number(g.value(out));
    let has_text = |s: &circuit::Scene, t: &str| {
        s.items.iter().any(|i| matches!(i, circuit::Item::Text { text, .. } if text == t))
    };
    assert!(has_text(&all, &out_value));
    assert!(!has_text(&part, &out_value), "the output's value is far right of the window");
    // Clicks and arrow keys still reach every gate.
    assert_eq!(part.gates_in_order(), all.gates_in_order());
    let c = layout.node(out).expect("drawn").center;
    assert_eq!(part.node_at(c), Some(out));
}

#[test]
fn damage_covers_every_changed_item_and_little_else() {
    let within = |outer: &Rect, inner: &Rect| {
        outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1
    };
    for (name, src) in SEEDS {
        let mut g = compiled(src);
        let layout = Layout::new(&g, &Monospace);
        let t = circuit::Timeline::from_graph(&mut g);
        let frames: Vec<_> =
            (0..=t.len() * 4).map(|k| scene(&g, &layout, &t.state_at(k as f64 / 4.0), None)).collect();
        for (a, b) in frames.iter().zip(&frames[1..]) {
            let rects = circuit::damage(&a.items, &b.items, usize::MAX).expect("no limit");
            let gone = a.items.iter().filter(|i| !b.items.contains(i));
            for item in b.items.iter().filter(|i| !a.items.contains(i)).chain(gone) {
                assert!(
                    rects.iter().any(|r| within(r, &item.bounds())),
                    "{name}: {item:?} changed, not covered"
                );
            }
            if a.items == b.items {
                assert!(rects.is_empty(), "{name}: nothing changed, nothing to repaint");
            }
        }
    }
    // A token moving along a wire: only its old and new places are repainted.
    let mut g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let layout = Layout::new(&g, &Monospace);
    let t = circuit::Timeline::from_graph(&mut g);
    let a = scene(&g, &layout, &t.state_at(6.25), None);
    let b = scene(&g, &layout, &t.state_at(6.5), None);
    let rects = circuit::damage(&a.items, &b.items, 100).expect("small");
    assert_eq!(rects.len(), 2, "{rects:?}");
    // Past the limit, the caller repaints everything.
    let start = scene(&g, &layout, &t.state_at(0.0), None);
    let end = scene(&g, &layout, &t.state_at(t.len() as f64), None);
    assert_eq!(circuit::damage(&start.items, &end.items, 3), None);
}

#[test]
fn a_quiz_frame_asks_for_one_gradient_where_it_would_stand() {
    // The quiz hides gradients not yet answered and shows "?" in the asked one's place.
    let g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let layout = Layout::new(&g, &Monospace);
    let q = g.ids().find(|&id| g.name(id) == Some("q")).expect("q");
    let q_grad = layout.label(q).and_then(|l| l.grad).expect("q has a gradient label");
    let mut quiz = FrameState::complete(&g);
    quiz.grads.iter_mut().for_each(|gr| *gr = None);
    quiz.asked = Some(q);
    let asked = scene(&g, &layout, &quiz, None);
    let texts: Vec<(&str, Role, Point)> = asked
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, role, pos, .. } => Some((text.as_str(), *role, *pos)),
            _ => None,
        })
        .collect();
    assert!(!texts.iter().any(|t| t.1 == Role::Gradient), "no gradient shown: {texts:?}");
    let marks: Vec<_> = texts.iter().filter(|t| t.0 == "?").collect();
    assert_eq!(marks.len(), 1, "{texts:?}");
    assert_eq!(marks[0].1, Role::Active);
    assert!(q_grad.contains(marks[0].2), "the ? stands in q's gradient label: {q_grad:?}");
}

#[test]
fn a_quiz_question_on_an_unnamed_value_names_it_on_the_canvas() {
    // The quiz calls the max gate's output t3 ("df/dt3 = ?"); the canvas used to show only
    // a "?" under an unnamed wire. Its label now reads "t3 = ?", clear of every other text.
    for (name, src) in SEEDS {
        let g = compiled(src);
        let layout = Layout::new(&g, &Monospace);
        for asked in g.ids().filter(|&id| g.name(id).is_none() && g.op(id) != autodiff::Op::Const) {
            let Some(slot) = layout.label(asked).and_then(|l| l.grad) else { continue };
            let mut quiz = FrameState::complete(&g);
            quiz.grads.iter_mut().for_each(|gr| *gr = None);
            quiz.asked = Some(asked);
            quiz.asked_name = Some("t3".to_string());
            let s = scene(&g, &layout, &quiz, None);
            let boxes: Vec<(String, Rect)> = s
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { text, pos, anchor, size, .. } => {
                        Some((text.clone(), text_box(*pos, Monospace.width(text, *size), *anchor, *size)))
                    }
                    _ => None,
                })
                .collect();
            let (_, mark) = boxes.iter().find(|(t, _)| t == "t3 = ?").expect("the asked label names t3");
            assert!(
                slot.contains(Point::new(mark.x0 + 0.1, mark.y1 - 1.0)),
                "{name}: it starts in the gradient's place"
            );
            for (text, other) in boxes.iter().filter(|(t, _)| t != "t3 = ?") {
                assert!(!mark.overlaps(other), "{name}: \"t3 = ?\" {mark:?} overlaps {text:?} {other:?}");
            }
        }
    }
}
