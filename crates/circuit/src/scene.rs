//! The display list: what to draw, in paint order, with a style [`Role`] instead of a
//! colour. The canvas painter (page) and the SVG writer both walk the same [`Scene`] and
//! colour it with the same [`Palette`], so an exported picture is what was on screen.

use autodiff::{format, Graph, NodeId};

use crate::geom::{centred_baseline, Anchor, Point, Rect, FONT_SIZE};
use crate::layout::{Layout, Shape};
use crate::timeline::FrameState;

/// What a mark means; the palette turns it into a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A forward value (green).
    Value,
    /// A complete gradient (red).
    Gradient,
    /// A gradient still being summed at a fork.
    Partial,
    /// The current gate, wire and token.
    Active,
    /// A wire whose value has not arrived yet.
    Muted,
    /// A wire carrying a value.
    Wire,
    /// A gate's outline and label, a constant.
    Gate,
    /// An input's name and terminal.
    Input,
    /// The name of an intermediate or the output.
    Name,
    /// The gate the student selected.
    Selected,
    /// A value or gradient that is NaN or infinite.
    Error,
}

/// One mark, in paint order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Wire {
        points: Vec<Point>,
        /// The smallest rectangle holding `points`.
        bounds: Rect,
        role: Role,
    },
    Gate {
        id: NodeId,
        center: Point,
        radius: f64,
        label: String,
        size: f64,
        role: Role,
        selected: bool,
    },
    /// A constant drawn as a small box holding its value.
    Constant {
        id: NodeId,
        rect: Rect,
        text: String,
        size: f64,
        role: Role,
    },
    /// An input's terminal dot.
    Dot {
        center: Point,
        radius: f64,
        role: Role,
    },
    /// `pos` is the baseline point at the `anchor`.
    Text {
        pos: Point,
        text: String,
        anchor: Anchor,
        role: Role,
        size: f64,
    },
    /// A travelling token: the dot at `pos`, the point of the wire it has reached, and a
    /// pill beside it (placed by `pill.rs`) holding "upstream × local = contribution" on a
    /// backward step, or the gate's new value on a forward step.
    Token {
        pos: Point,
        pill: Rect,
        text_pos: Point,
        text: String,
        size: f64,
        role: Role,
    },
}

/// The selected node, if any.
pub type Selection = Option<NodeId>;

/// A frame ready to paint.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    pub items: Vec<Item>,
    bounds: Rect,
    /// (node, shape, centre, radius, rect) for hit tests.
    hits: Vec<(NodeId, Shape, Point, f64, Rect)>,
    gates: Vec<NodeId>,
}

/// The token's font size, a little smaller than the labels it passes over.
const TOKEN_SIZE: f64 = 12.0;

/// Builds the display list of one frame.
pub fn scene(graph: &Graph, layout: &Layout, state: &FrameState, selection: Selection) -> Scene {
    let everything = Rect::new(f64::NEG_INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::INFINITY);
    scene_within(graph, layout, state, selection, everything)
}

/// Builds the display list of one frame with only the items near `visible` (layout units):
/// a big circuit zoomed in costs what is on screen, not thousands of labels formatted
/// and dropped. Hit tests and the gate order still cover every node.
pub fn scene_within(
    graph: &Graph,
    layout: &Layout,
    state: &FrameState,
    selection: Selection,
    visible: Rect,
) -> Scene {
    // Generous: strokes, and texts a little wider than their estimated boxes.
    let margin = 40.0;
    let near = visible.grown(margin);
    let seen = |r: Rect| r.overlaps(&near);
    let mut items = Vec::new();
    let shown = |id: NodeId| state.values.get(id.index()).copied().unwrap_or(false);
    let token_wire = state.token.as_ref().map(|t| (t.gate, t.position));

    for w in layout.wires().iter().filter(|w| seen(w.bounds)) {
        let role = if token_wire == Some((w.to, w.position)) {
            Role::Active
        } else if shown(w.from) {
            Role::Wire
        } else {
            Role::Muted
        };
        items.push(Item::Wire { points: w.points.clone(), bounds: w.bounds, role });
    }
    for (id, ends) in layout.stubs() {
        let bounds = Rect::bounding(ends);
        if seen(bounds) {
            let role = if shown(*id) { Role::Wire } else { Role::Muted };
            items.push(Item::Wire { points: ends.to_vec(), bounds, role });
        }
    }

    let mut hits = Vec::new();
    let mut gates = Vec::new();
    // `let else` rather than `layout.nodes()`: its Flatten iterator has no other user.
    for ng in &layout.nodes {
        let Some(ng) = ng else { continue };
        hits.push((ng.id, ng.shape, ng.center, ng.radius, ng.rect));
        let selected = selection == Some(ng.id);
        if ng.shape == Shape::Gate {
            gates.push((ng.column, ng.center.y, ng.id));
        }
        // An input's name is written to the left of its dot: keep every input (few).
        if ng.shape != Shape::Input && !seen(ng.rect.union(&Rect::around(ng.center, ng.radius, ng.radius))) {
            continue;
        }
        match ng.shape {
            Shape::Gate => {
                let role = if state.active_gate == Some(ng.id) { Role::Active } else { Role::Gate };
                items.push(Item::Gate {
                    id: ng.id,
                    center: ng.center,
                    radius: ng.radius,
                    label: ng.text.clone(),
                    size: ng.text_size,
                    role,
                    selected,
                });
            }
            Shape::Input => {
                let role = if selected { Role::Selected } else { Role::Input };
                items.push(Item::Dot { center: ng.center, radius: ng.radius, role });
                let pos = Point::new(ng.center.x - ng.radius - 5.0, centred_baseline(ng.center.y, FONT_SIZE));
                items.push(Item::Text {
                    pos,
                    text: ng.text.clone(),
                    anchor: Anchor::End,
                    role,
                    size: FONT_SIZE,
                });
            }
            Shape::Constant => {
                items.push(Item::Constant {
                    id: ng.id,
                    rect: ng.rect,
                    text: ng.text.clone(),
                    size: ng.text_size,
                    role: Role::Gate,
                });
            }
        }
    }

    for ng in &layout.nodes {
        let Some(ng) = ng else { continue };
        let Some(lg) = layout.label(ng.id) else { continue };
        if !seen(lg.run()) {
            continue;
        }
        if let (Some(r), Some(name)) = (lg.name, graph.name(ng.id)) {
            items.push(text_in(r, name.to_string(), Role::Name));
        }
        if shown(ng.id) {
            let v = graph.value(ng.id);
            items.push(text_in(
                lg.value,
                format::number(v),
                if v.is_finite() { Role::Value } else { Role::Error },
            ));
        }
        if let (Some(r), Some(Some(g))) = (lg.grad, state.grads.get(ng.id.index())) {
            let role = if !g.sum.is_finite() {
                Role::Error
            } else if g.complete {
                Role::Gradient
            } else {
                Role::Partial
            };
            items.push(text_in(r, format::number(g.sum), role));
        } else if let (Some(r), true) = (lg.grad, state.asked == Some(ng.id)) {
            let text = match &state.asked_name {
                Some(name) => [name, " = ?"].concat(),
                None => "?".to_string(),
            };
            items.push(text_in(r, text, Role::Active));
        }
    }

    // The points of the wire the token travels: its pill's place is chosen along all of them.
    let mut track: &[Point] = &[];
    if let Some(t) = &state.token {
        if let Some(w) = layout.wire(t.gate, t.position) {
            track = &w.points;
            items.push(token(along_backwards(track, t.progress), t.text.clone(), Role::Active));
        }
    }
    // A forward step carries the gate's new value out along its wire, in the value colour.
    // Its short pill rides centred on the dot (no track to place it along): placed beside
    // the dot for the whole wire, it settled far from it, beside another wire.
    if let Some(c) = &state.carry {
        if let Some(points) = layout.out_track(c.node) {
            let v = graph.value(c.node);
            let role = if v.is_finite() { Role::Value } else { Role::Error };
            items.push(token(along_backwards(points, 1.0 - c.progress), format::number(v), role));
        }
    }

    // By column, then top to bottom: two stable sorts, the second key last.
    let mut sorted: Vec<usize> = (0..gates.len()).collect();
    crate::geom::sort_by_f64(&mut sorted, &|i| gates[i].1);
    crate::geom::sort_by_f64(&mut sorted, &|i| gates[i].0 as f64);
    let mut order = Vec::with_capacity(sorted.len());
    for i in sorted {
        order.push(gates[i].2);
    }
    let mut scene = Scene { items, bounds: layout.bounds(), hits, gates: order };
    crate::pill::place_token(&mut scene, visible, track);
    scene
}

/// A travelling dot at `pos` with its text in a pill riding on the wire, between the value
/// above and the gradient below.
fn token(pos: Point, text: String, role: Role) -> Item {
    let width = text.chars().count() as f64 * 0.6 * TOKEN_SIZE;
    let pill = Rect::new(pos.x - width / 2.0 - 6.0, pos.y - 9.0, pos.x + width / 2.0 + 6.0, pos.y + 9.0);
    let text_pos = Point::new(pos.x, centred_baseline(pos.y, TOKEN_SIZE));
    Item::Token { pos, pill, text_pos, text, size: TOKEN_SIZE, role }
}

/// A label text left-aligned in its reserved box, on the box's baseline.
fn text_in(r: Rect, text: String, role: Role) -> Item {
    let pos = Point::new(r.x0, r.y1 - 0.26 * FONT_SIZE);
    Item::Text { pos, text, anchor: Anchor::Start, role, size: FONT_SIZE }
}

/// The point `progress` of the way from the polyline's end back to its start.
fn along_backwards(points: &[Point], progress: f64) -> Point {
    let mut total = 0.0;
    for w in points.windows(2) {
        total += w[0].distance(w[1]);
    }
    let mut left = total * progress.clamp(0.0, 1.0);
    for w in points.windows(2).rev() {
        let d = w[0].distance(w[1]);
        if left <= d && d > 0.0 {
            let f = left / d;
            return Point::new(w[1].x + (w[0].x - w[1].x) * f, w[1].y + (w[0].y - w[1].y) * f);
        }
        left -= d;
    }
    points.first().copied().unwrap_or_default()
}

impl Item {
    /// Everything the item may paint on, generously (text widths are estimated, strokes
    /// and the selection ring included), in layout units.
    pub fn bounds(&self) -> Rect {
        match self {
            Item::Wire { bounds, .. } => bounds.grown(3.0),
            Item::Gate { center, radius, .. } => Rect::around(*center, radius + 6.0, radius + 6.0),
            Item::Constant { rect, .. } => rect.grown(1.0),
            Item::Dot { center, radius, .. } => Rect::around(*center, radius + 1.0, radius + 1.0),
            Item::Text { pos, text, size, .. } => {
                let w = text.chars().count() as f64 * 0.7 * size;
                Rect::new(pos.x - w, pos.y - size, pos.x + w, pos.y + size)
            }
            Item::Token { pos, pill, .. } => pill.grown(1.0).union(&Rect::around(*pos, 6.0, 6.0)),
        }
    }
}

/// What changed between two display lists painted in order: the bounds of every item
/// that is in one and not the other (matched in order, allowing a few items inserted or
/// removed in a row), or `None` when more than `limit` items changed and painting
/// everything is simpler. A painter that repaints every area these touch, each with all
/// the items of `new` overlapping it, shows the new frame: a playing token costs its
/// path, an edit the labels whose numbers changed.
pub fn damage(old: &[Item], new: &[Item], limit: usize) -> Option<Vec<Rect>> {
    let mut rects = Vec::new();
    let (mut i, mut j) = (0, 0);
    loop {
        match (old.get(i), new.get(j)) {
            (None, None) => break,
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) => {
                if let Some(k) = ahead(old, i, b) {
                    for item in &old[i..i + k] {
                        rects.push(item.bounds());
                    }
                    i += k;
                } else if let Some(k) = ahead(new, j, a) {
                    for item in &new[j..j + k] {
                        rects.push(item.bounds());
                    }
                    j += k;
                } else {
                    rects.push(a.bounds());
                    rects.push(b.bounds());
                    i += 1;
                    j += 1;
                }
            }
            (Some(a), None) => {
                rects.push(a.bounds());
                i += 1;
            }
            (None, Some(b)) => {
                rects.push(b.bounds());
                j += 1;
            }
        }
        if rects.len() > limit {
            return None;
        }
    }
    Some(rects)
}

/// How far [`damage`] looks ahead for an item inserted or removed.
const LOOK: usize = 4;

/// The smallest `k` in `1..=LOOK` with `items[at + k] == item`. One function for both
/// directions of [`damage`], rather than two `find` closures with a copy each.
// A loop rather than `find`: the closure's try_fold over an inclusive range costs the
// page's wasm more.
#[allow(clippy::manual_find)]
fn ahead(items: &[Item], at: usize, item: &Item) -> Option<usize> {
    for k in 1..LOOK + 1 {
        if items.get(at + k) == Some(item) {
            return Some(k);
        }
    }
    None
}

impl Scene {
    /// The area to show (the layout's bounds, margin included).
    pub fn bounds(&self) -> Rect {
        self.bounds
    }

    /// The node under a click or tap at `p` (layout units), with a few units of slack
    /// around small marks so fingers hit them.
    pub fn node_at(&self, p: Point) -> Option<NodeId> {
        self.hits.iter().find_map(|&(id, shape, c, r, rect)| {
            let hit = match shape {
                Shape::Gate => p.distance(c) <= r + 4.0,
                Shape::Input | Shape::Constant => rect.grown(4.0).contains(p),
            };
            hit.then_some(id)
        })
    }

    /// Gates in reading order (column by column, top to bottom), for arrow-key selection.
    pub fn gates_in_order(&self) -> &[NodeId] {
        &self.gates
    }
}

/// Colours for every [`Role`], plus the background, gate fill and token pill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub background: &'static str,
    pub gate_fill: &'static str,
    pub token_fill: &'static str,
    roles: [&'static str; 11],
}

impl Palette {
    /// Dark text on white: green values, red gradients, as in the cs231n notes.
    pub const fn light() -> Palette {
        Palette {
            background: "#ffffff",
            gate_fill: "#f6f8fa",
            token_fill: "#ffffff",
            roles: [
                "#1a7f37", "#cf222e", "#bc4c00", "#0969da", "#afb8c1", "#57606a", "#24292f", "#24292f",
                "#8250df", "#9a6700", "#bf3989",
            ],
        }
    }

    /// Light text on near-black, the same hues lifted for contrast.
    pub const fn dark() -> Palette {
        Palette {
            background: "#0d1117",
            gate_fill: "#161b22",
            token_fill: "#0d1117",
            roles: [
                "#3fb950", "#ff7b72", "#ffa657", "#58a6ff", "#484f58", "#8b949e", "#e6edf3", "#e6edf3",
                "#d2a8ff", "#e3b341", "#f778ba",
            ],
        }
    }

    /// The colour of a role, as a CSS hex string both painters accept.
    pub fn color(&self, role: Role) -> &'static str {
        self.roles[role as usize]
    }
}
