//! Circuit diagrams of an [`autodiff::Graph`], drawn the way cs231n draws them: inputs at
//! the left, the output at the right, gates as circles labelled with their op, each wire's
//! value above it in green and its gradient below it in red.
//!
//! The crate turns a graph into a [`Layout`] (where every gate, wire and label goes), its
//! backward trace into a [`Timeline`] (the animation as discrete events, with
//! [`Timeline::state_at`] a pure function of time), and both into a [`Scene`]: a display
//! list with style roles instead of colours, which the page's canvas painter and
//! [`to_svg`] both draw with one [`Palette`]. It is plain Rust with no dependency but the
//! engine: no web, no I/O, no `unsafe`, so it is tested natively and stays small in wasm.
//!
//! A page keeps one [`Layout`] per program ([`Layout::relayout`] after an input edit is
//! cheap: the column order is reused), one [`Timeline`] per trace, and builds a [`Scene`]
//! per animation frame from [`Timeline::state_at`]; [`Scene::node_at`] and
//! [`Scene::gates_in_order`] serve clicks and arrow keys.
//!
//! ```
//! let mut g = autodiff::compile("x = -2; y = 5; z = -4; q = x + y; f = q * z").unwrap();
//! g.recompute();
//! let layout = circuit::Layout::new(&g, &circuit::Monospace);
//! let timeline = circuit::Timeline::from_graph(&mut g);
//! let end = timeline.state_at(timeline.len() as f64);
//! let x = g.input_named("x").unwrap();
//! assert_eq!(end.grads[x.index()].map(|d| d.sum), Some(-4.0));
//! let scene = circuit::scene(&g, &layout, &end, None);
//! let svg = circuit::to_svg(&scene, &circuit::Palette::light());
//! assert!(svg.starts_with("<svg") && svg.contains(">-12</text>"));
//! ```
#![forbid(unsafe_code)]

pub mod clock;
pub mod fit;
pub mod follow;
mod geom;
mod layout;
mod order;
mod pill;
mod place;
mod scene;
pub mod scrub;
mod svg;
mod timeline;

pub use geom::{
    centred_baseline, text_box, Anchor, Monospace, Point, Rect, TextMetrics, FONT_FAMILY, FONT_SIZE,
    GATE_RADIUS,
};
pub use layout::{LabelGeom, Layout, NodeGeom, Shape, Stub, WireGeom, Work};
pub use scene::{damage, scene, scene_within, Item, Palette, Role, Scene, Selection};
pub use svg::to_svg;
pub use timeline::{Carry, Event, FrameState, GradShown, Timeline, TokenState};

/// The finished circuit as an SVG (every value and gradient shown, light palette), as
/// `backprop svg` prints it and the page's "Download SVG" saves it. Values and gradients
/// are recomputed from the graph's inputs first.
pub fn render_svg(graph: &autodiff::Graph) -> String {
    let mut g = graph.clone();
    g.recompute();
    let layout = Layout::new(&g, &Monospace);
    let state = FrameState::complete(&g);
    to_svg(&scene(&g, &layout, &state, None), &Palette::light())
}
