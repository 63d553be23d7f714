//! Golden SVGs and the scene's promises. Run with `UPDATE_GOLDEN=1` to rewrite the
//! checked-in pictures after a deliberate change (and look at them before committing).

mod common;

use circuit::{render_svg, scene, Item, Layout, Monospace, Palette, Point, Role, Timeline};
use common::compiled;

fn golden(file: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1 to create it", path.display()));
    // A line diff, so a changed picture says which elements moved.
    similar_asserts::assert_eq!(
        golden: expected,
        rendered: actual,
        "{} differs from the rendered SVG; run with UPDATE_GOLDEN=1 to accept",
        path.display()
    );
}

#[test]
fn cs231n_circuit_matches_its_golden_svg() {
    golden("fxyz.svg", &render_svg(&compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z")));
}

#[test]
fn sigmoid_neuron_matches_its_golden_svg() {
    let src = "w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = 1/(1+exp(-(w0*x0+w1*x1+w2)))";
    golden("neuron-gates.svg", &render_svg(&compiled(src)));
    golden(
        "neuron-sigma.svg",
        &render_svg(&compiled("w0=2; x0=-1; w1=-3; x1=-2; w2=-3; f = sigmoid(w0*x0 + w1*x1 + w2)")),
    );
}

#[test]
fn a_frame_mid_backward_matches_its_golden_svg() {
    let mut g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let t = Timeline::from_graph(&mut g);
    let layout = Layout::new(&g, &Monospace);
    let q = g.ids().find(|&id| g.name(id) == Some("q"));
    let s = scene(&g, &layout, &t.state_at(5.5), q);
    golden("fxyz-backward-dark.svg", &circuit::to_svg(&s, &Palette::dark()));
}

#[test]
fn the_cs231n_picture_shows_the_notes_numbers() {
    let svg = render_svg(&compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z"));
    for text in [">x<", ">q<", ">f<", ">+<", ">*<", ">3<", ">-12<", ">-4<", ">1<"] {
        assert!(svg.contains(text), "{text} missing");
    }
    assert!(svg.contains("#1a7f37") && svg.contains("#cf222e"), "green values and red gradients");
}

#[test]
fn names_are_escaped() {
    let mut g = autodiff::Graph::new();
    let a = g.input("<script>alert('x')</script>", 1.0);
    let b = g.input("a&b\"c", 2.0);
    let m = g.mul(a, b);
    g.set_name(m, "]]><evil/>");
    g.set_output(m);
    let svg = render_svg(&g);
    assert!(!svg.contains("<script") && !svg.contains("<evil") && !svg.contains("a&b"));
    assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(svg.contains("a&amp;b&quot;c"));
}

#[test]
fn clicks_find_gates_and_inputs_and_keys_walk_the_gates() {
    let g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let layout = Layout::new(&g, &Monospace);
    let s = scene(&g, &layout, &circuit::FrameState::complete(&g), None);
    let q = g.ids().find(|&id| g.name(id) == Some("q")).expect("present");
    let f = g.output().expect("present");
    assert_eq!(s.gates_in_order(), &[q, f]);
    let qc = layout.node(q).expect("present").center;
    assert_eq!(s.node_at(qc), Some(q));
    assert_eq!(s.node_at(Point::new(qc.x + 19.0, qc.y)), Some(q), "a little slack around the circle");
    let x = g.input_named("x").expect("present");
    let xr = layout.node(x).expect("present").rect;
    assert_eq!(s.node_at(Point::new(xr.x0 + 2.0, (xr.y0 + xr.y1) / 2.0)), Some(x), "the name is clickable");
    let b = s.bounds();
    assert_eq!(s.node_at(Point::new(b.x1 - 1.0, b.y1 - 1.0)), None);
}

#[test]
fn the_selected_gate_and_the_token_are_marked() {
    let mut g = compiled("x = -2; y = 5; z = -4; q = x + y; f = q * z");
    let t = Timeline::from_graph(&mut g);
    let layout = Layout::new(&g, &Monospace);
    let f = g.output().expect("present");
    let s = scene(&g, &layout, &t.state_at(4.5), Some(f));
    let selected = s.items.iter().filter(|i| matches!(i, Item::Gate { selected: true, .. })).count();
    assert_eq!(selected, 1);
    let token = s.items.iter().find_map(|i| match i {
        Item::Token { text, role, .. } => Some((text.clone(), *role)),
        _ => None,
    });
    assert_eq!(token, Some(("1 × -4 = -4".to_string(), Role::Active)));
    assert!(s.items.iter().any(|i| matches!(i, Item::Wire { role: Role::Active, .. })));
}

#[test]
fn both_palettes_colour_every_role() {
    for p in [Palette::light(), Palette::dark()] {
        for role in [
            Role::Value,
            Role::Gradient,
            Role::Partial,
            Role::Active,
            Role::Muted,
            Role::Wire,
            Role::Gate,
            Role::Input,
            Role::Name,
            Role::Selected,
            Role::Error,
        ] {
            let c = p.color(role);
            assert!(c.len() == 7 && c.starts_with('#'), "{role:?}: {c}");
        }
    }
    assert_ne!(Palette::light().color(Role::Value), Palette::light().color(Role::Gradient));
}
