//! The canvas view: walks a [`circuit::Scene`] and draws it with a 2D context ([`crate::pen`]),
//! crisp on high-DPI screens (the backing store is CSS size × devicePixelRatio × [`View::zoom`]). The
//! [`View`] also owns the pan and zoom transform (layout units → CSS pixels) and the hit tests.

use autodiff::{Graph, NodeId, Op, Step};
use circuit::fit::{MAX_FIT_SCALE, MIN_FIT_SCALE};
use circuit::{scene_within, FrameState, Layout, Monospace, Palette, Point, Rect, Scene};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Window};

/// The canvas, its layout and the transform from layout units to CSS pixels:
/// `screen = layout * scale + offset`.
#[derive(Debug)]
pub struct View {
    pub canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    pub layout: Layout,
    pub scene: Scene,
    pub scale: f64,
    pub offset: Point,
    /// Fit the circuit to the canvas at the next draw (a new circuit, a resize).
    pub fit_next: bool,
    /// Read the canvas's size again at the next draw (it was resized). Reading it forces
    /// the browser to lay the page out, so an edit's draw uses the size kept here.
    pub measure_next: bool,
    pub dark: bool,
    window: Window,
    /// The canvas's CSS height when it is fixed (the `<backprop-circuit height>`
    /// attribute); `None` fits it to the circuit (`circuit::fit`), as the page does.
    pub fixed_height: Option<f64>,
    /// The canvas's CSS width and height and the device pixel ratio, as last read.
    size: (f64, f64, f64),
    /// The canvas's CSS width and the window's height, read when the view is made, before
    /// the app's first writes to the page: the first draw sizes the canvas from them instead
    /// of making the browser lay out the page it has just filled, inside the long task that
    /// starts the app. The ResizeObserver's first report, after that layout, corrects them
    /// if the width changed meanwhile.
    primed: Option<(f64, f64)>,
    /// The view `scene` was painted with (scale, offset, size, dark), if the canvas still
    /// shows it: the next frame then repaints only the tiles where items changed.
    painted: Option<ViewKey>,
    /// The node the Lesson's step highlights: a ring around its gate or input.
    pub highlight: Option<NodeId>,
    /// How much larger than its CSS size the canvas is shown (an ancestor's CSS transform: a
    /// reveal.js slide scaled up for a projector), or printed: the backing store is that much
    /// larger too, so the circuit stays sharp. 1 on the page; the element measures it.
    pub zoom: f64,
    /// The smallest scale fit picks ([`MIN_FIT_SCALE`] on the page): below it a wide circuit
    /// slides sideways instead of shrinking its labels.
    pub min_fit_scale: f64,
    /// The timeline event the view last followed ([`View::follow`]).
    followed: Option<usize>,
}

type ViewKey = (f64, f64, f64, (f64, f64, f64), bool, Option<NodeId>);

/// Above this many changed items a frame is painted whole.
const MAX_DAMAGE: usize = 200;
/// Labels smaller than this (CSS pixels) are not drawn.
const MIN_TEXT_PX: f64 = 5.0;
/// The side of a repaint tile, in device pixels.
const TILE: f64 = 256.0;

/// How much room, in CSS pixels, the view leaves between an edge and what it follows.
const FOLLOW_MARGIN: f64 = 12.0;

/// Zoom limits, in CSS pixels per layout unit.
const MIN_SCALE: f64 = 0.2;
const MAX_SCALE: f64 = 6.0;

impl View {
    /// A view of `canvas` in `window` (the page passes the one it keeps: asking web-sys for
    /// the global window again costs a probe of the JS globals).
    pub fn new(canvas: &HtmlCanvasElement, window: &Window) -> Result<View, JsValue> {
        let ctx: CanvasRenderingContext2d =
            canvas.get_context("2d")?.ok_or("the canvas has no 2d context")?.unchecked_into();
        Ok(View {
            canvas: canvas.clone(),
            ctx,
            layout: Layout::default(),
            scene: Scene::default(),
            scale: 1.0,
            offset: Point::new(0.0, 0.0),
            fit_next: true,
            measure_next: true,
            dark: false,
            fixed_height: None,
            size: (0.0, 0.0, 0.0),
            primed: Some((
                f64::from(canvas.client_width()),
                window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0),
            )),
            window: window.clone(),
            painted: None,
            highlight: None,
            zoom: 1.0,
            min_fit_scale: MIN_FIT_SCALE,
            followed: None,
        })
    }

    pub fn palette(&self) -> Palette {
        if self.dark {
            Palette::dark()
        } else {
            Palette::light()
        }
    }

    /// Forgets the canvas width read when the view was made: the page's layout changed its
    /// width (the embed view, a wide circuit's full-width row), so the first draw reads it.
    pub fn unprime(&mut self) {
        self.primed = None;
    }

    /// Lays the graph out anew (a new program or expansion).
    pub fn relayout(&mut self, graph: &Graph, steps: &[Step]) {
        self.layout = Layout::traced(graph, steps, &Monospace);
    }

    /// The same graph with new values: the layout stays if every number still fits its
    /// label (the circuit holds still while a student scrubs), else labels grow with the
    /// order within the columns kept, which skips the crossing reduction.
    pub fn relayout_values(&mut self, graph: &Graph, steps: &[Step]) {
        if !self.layout.fits(graph, steps, &Monospace) {
            self.layout = self.layout.relayout(graph, steps, &Monospace);
        }
    }

    /// The canvas's CSS size and the device pixel ratio, read from the page.
    fn css_size(&self) -> (f64, f64, f64) {
        let dpr = self.device_pixel_ratio();
        let w = f64::from(self.canvas.client_width()).max(1.0);
        let h = f64::from(self.canvas.client_height()).max(1.0);
        (w, h, dpr)
    }

    /// Scales and centres the circuit to fill the canvas.
    pub fn fit(&mut self) {
        let (w, h, _) = self.size;
        let b = self.layout.bounds();
        if !(b.width() > 0.0 && b.height() > 0.0) {
            return;
        }
        // Fit the whole circuit, but not so small that labels become unreadable: on a
        // phone a wide circuit starts at its inputs (left) and pans to the output.
        self.scale = (w / b.width()).min(h / b.height()).clamp(self.min_fit_scale, MAX_FIT_SCALE);
        let x = if b.width() * self.scale <= w { (w - b.width() * self.scale) / 2.0 } else { 0.0 };
        let y = if b.height() * self.scale <= h { (h - b.height() * self.scale) / 2.0 } else { 0.0 };
        self.offset = Point::new(x - b.x0 * self.scale, y - b.y0 * self.scale);
    }

    /// Zooms by `factor` keeping the layout point under CSS pixel `at` in place.
    pub fn zoom(&mut self, factor: f64, at: Point) {
        let s = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = s / self.scale;
        self.offset = Point::new(at.x - (at.x - self.offset.x) * k, at.y - (at.y - self.offset.y) * k);
        self.scale = s;
    }

    /// Zooms around the canvas centre (the +/- buttons).
    pub fn zoom_centre(&mut self, factor: f64) {
        let (w, h, _) = self.size;
        self.zoom(factor, Point::new(w / 2.0, h / 2.0));
    }

    /// Pans sideways by `dx` CSS pixels, no further than the circuit's ends: a circuit wider
    /// than the canvas (past [`MIN_FIT_SCALE`], where fit starts it at its inputs) can be
    /// dragged to its output. Returns whether the view moved.
    pub fn pan_sideways(&mut self, dx: f64) -> bool {
        if !self.overflows() {
            return false;
        }
        let (lo, hi) = self.sideways_ends();
        let x = (self.offset.x + dx).clamp(lo, hi);
        let moved = x != self.offset.x;
        self.offset = Point::new(x, self.offset.y);
        moved
    }

    /// The horizontal offsets of a sideways pan's two ends, `(lo, hi)`: at `hi` the inputs
    /// are at the left edge (where fit puts them), at `lo` the output is at the right edge.
    fn sideways_ends(&self) -> (f64, f64) {
        let (w, _, _) = self.size;
        let b = self.layout.bounds();
        (w - b.x1 * self.scale, -b.x0 * self.scale)
    }

    /// Whether the circuit, at the current scale, is wider than the canvas.
    pub fn overflows(&self) -> bool {
        self.layout.bounds().width() * self.scale > self.size.0
    }

    /// Whether some of the circuit is cut off past the canvas's left and right edges (what a
    /// sideways drag would bring into view).
    pub fn cut_off(&self) -> (bool, bool) {
        let (lo, hi) = self.sideways_ends();
        // Half a CSS pixel of slack: the ends [`View::pan_sideways`] clamps to are exact.
        (self.offset.x < hi - 0.5, self.offset.x > lo + 0.5)
    }

    /// The part of the layout the canvas shows, in layout units.
    fn visible(&self) -> Rect {
        let (w, h, _) = self.size;
        let (x, y) = (self.offset.x, self.offset.y);
        Rect::new(-x / self.scale, -y / self.scale, (w - x) / self.scale, (h - y) / self.scale)
    }

    /// Brings what the frame's event is about into view (`circuit::follow`), when a circuit
    /// wider than the canvas has it cut off: called once per event, so a student's drag
    /// between two events stays where they put it.
    fn follow(&mut self, frame: &FrameState) {
        let margin = FOLLOW_MARGIN / self.scale;
        let (dx, dy) = circuit::follow::pan_to(&self.layout, frame, self.visible(), margin);
        self.pan(-dx * self.scale, -dy * self.scale);
    }

    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.offset = Point::new(self.offset.x + dx, self.offset.y + dy);
    }

    /// CSS pixel (relative to the canvas) to layout units.
    pub fn to_layout(&self, p: Point) -> Point {
        Point::new((p.x - self.offset.x) / self.scale, (p.y - self.offset.y) / self.scale)
    }

    /// The node drawn at CSS pixel `p`.
    pub fn node_at(&self, p: Point) -> Option<NodeId> {
        self.scene.node_at(self.to_layout(p))
    }

    /// The input whose name or value label is at CSS pixel `p` (what a drag scrubs).
    // A loop, not `find`: the iterator adapter is a generic instance of its own in the wasm.
    #[allow(clippy::manual_find)]
    pub fn input_label_at(&self, graph: &Graph, p: Point) -> Option<NodeId> {
        let q = self.to_layout(p);
        let slack = 6.0 / self.scale.min(1.0);
        let near = |r: Rect| r.grown(slack).contains(q);
        for &id in graph.inputs() {
            if self.layout.label(id).is_some_and(|l| near(l.value) || l.name.is_some_and(near))
                || self.layout.node(id).is_some_and(|n| graph.op(id) == Op::Input && near(n.rect))
            {
                return Some(id);
            }
        }
        None
    }

    /// Sizes the canvas to the circuit (`circuit::fit`), for the canvas width and window
    /// height `primed`, else as read now, or to its fixed height; returns the height set,
    /// if it set one.
    fn fit_height(&self, primed: Option<(f64, f64)>) -> Result<Option<f64>, JsValue> {
        let h = match self.fixed_height {
            Some(h) => h,
            None => {
                let b = self.layout.bounds();
                let (w, screen) =
                    primed.unwrap_or_else(|| (f64::from(self.canvas.client_width()), self.window_height()));
                if !(b.width() > 0.0 && b.height() > 0.0 && w > 0.0) {
                    return Ok(None);
                }
                circuit::fit::canvas_height_at_least((b.width(), b.height()), w, screen, self.min_fit_scale)
            }
        }
        .round();
        self.canvas.style().set_property("height", &[&lang::int(h as i64), "px"].concat())?;
        Ok(Some(h))
    }

    /// Builds the frame's scene and paints it.
    pub fn draw(
        &mut self,
        graph: &Graph,
        frame: &FrameState,
        selection: Option<NodeId>,
    ) -> Result<(), JsValue> {
        // The first draw's size, from the primed width and the height just set.
        let mut known = None;
        if self.fit_next {
            let primed = self.primed.take();
            let set = self.fit_height(primed)?;
            let dpr = self.device_pixel_ratio();
            known = primed.zip(set).map(|((w, _), h)| (w, h, dpr));
            self.measure_next = true;
        }
        if self.measure_next {
            self.measure_next = false;
            let size = known.unwrap_or_else(|| self.css_size());
            if size != self.size {
                // A new width (a phone turned, a window resized) asks for a new height; the
                // ResizeObserver then brings that height back here.
                let new_width = size.0 != self.size.0;
                // A new pixel ratio alone (a window moved to another screen, a slide scaled
                // for a projector, printing) keeps the circuit where the student panned it.
                self.fit_next |= new_width || size.1 != self.size.1;
                self.size = size;
                self.canvas.set_width((size.0 * size.2).round() as u32);
                self.canvas.set_height((size.1 * size.2).round() as u32);
                if new_width && known.is_none() {
                    self.fit_height(None)?;
                }
            }
        }
        let size = self.size;
        if self.fit_next {
            self.fit_next = false;
            self.fit();
            // Fit starts a wide circuit at its inputs: the step playing may be elsewhere.
            self.followed = None;
        }
        if frame.event != self.followed {
            self.followed = frame.event;
            self.follow(frame);
        }
        let visible = self.visible();
        let scene = scene_within(graph, &self.layout, frame, selection, visible);
        let palette = self.palette();
        let dpr = size.2;
        let key = (self.scale, self.offset.x, self.offset.y, size, self.dark, self.highlight);
        // With the same view, only the tiles where items changed are painted again: a
        // playing token costs its path, an edit the labels whose numbers changed.
        let damage = if self.painted == Some(key) {
            circuit::damage(&self.scene.items, &scene.items, MAX_DAMAGE)
        } else {
            None
        };
        self.scene = scene;
        self.painted = Some(key);
        let ctx = &self.ctx;
        let s = self.scale * dpr;
        let (ox, oy) = (self.offset.x * dpr, self.offset.y * dpr);
        let (w, h) = (f64::from(self.canvas.width()), f64::from(self.canvas.height()));
        // Each item's bounds once, not once per tile.
        let mut bounds = Vec::with_capacity(self.scene.items.len());
        let mut on_screen = Vec::with_capacity(self.scene.items.len());
        for item in &self.scene.items {
            let b = item.bounds();
            on_screen.push(b.overlaps(&visible));
            bounds.push(b);
        }
        // Zoomed far out (a 2,000-gate circuit whole), labels would be a few pixels tall:
        // the circuit is drawn without text, which also keeps its frames cheap.
        let detail = self.scale * circuit::FONT_SIZE >= MIN_TEXT_PX;
        // The canvas is always painted tile by tile, each tile clipped to itself, so a
        // tile repainted alone has exactly the pixels a full repaint gives it (Skia
        // antialiases a clipped curve differently from an unclipped one).
        let mut y0 = 0.0;
        while y0 < h {
            let mut x0 = 0.0;
            while x0 < w {
                let (x1, y1) = ((x0 + TILE).min(w), (y0 + TILE).min(h));
                let tile = Rect::new((x0 - ox) / s, (y0 - oy) / s, (x1 - ox) / s, (y1 - oy) / s);
                let changed = damage.as_ref().is_none_or(|rects| rects.iter().any(|r| r.overlaps(&tile)));
                if changed {
                    ctx.save();
                    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
                    ctx.begin_path();
                    ctx.rect(x0, y0, x1 - x0, y1 - y0);
                    ctx.clip();
                    ctx.set_fill_style_str(palette.background);
                    // The clip's path is the tile: filling it clears the tile.
                    ctx.fill();
                    ctx.set_transform(s, 0.0, 0.0, s, ox, oy)?;
                    // Under the circuit, so its labels stay readable; in every tile painted, so
                    // a tile repainted alone keeps its part of it.
                    let ring: Result<(), JsValue> =
                        self.highlight.and_then(|id| self.layout.node(id)).map_or(Ok(()), |node| {
                            ctx.begin_path();
                            ctx.arc(
                                node.center.x,
                                node.center.y,
                                node.radius + 6.0,
                                0.0,
                                std::f64::consts::TAU,
                            )?;
                            ctx.set_stroke_style_str(palette.color(circuit::Role::Active));
                            ctx.set_line_width(3.0);
                            ctx.stroke();
                            Ok(())
                        });
                    let painted = crate::pen::paint(ctx, &self.scene, &palette, detail, &|i| {
                        on_screen[i] && bounds[i].overlaps(&tile)
                    });
                    ctx.restore();
                    painted?;
                    ring?;
                }
                x0 = x1;
            }
            y0 += TILE;
        }
        Ok(())
    }
}

/// The device pixel ratio the canvas is drawn at.
impl View {
    fn device_pixel_ratio(&self) -> f64 {
        self.window.device_pixel_ratio().clamp(1.0, 4.0) * self.zoom
    }

    /// The window's inner height in CSS pixels (800 if it cannot be read).
    fn window_height(&self) -> f64 {
        self.window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0)
    }
}
