//! Points, rectangles and the text-width estimate every other module shares.

/// A point in layout units (y grows downwards, as on a canvas and in SVG).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub fn distance(self, other: Point) -> f64 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// The smaller of two coordinates. Not `f64::min`, whose NaN rule (the other operand)
/// wasm has no instruction for: each call is a dozen instructions there, this is a compare
/// and a select. Coordinates are never NaN.
pub(crate) fn less(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The larger of two coordinates (see [`less`]).
pub(crate) fn more(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// An axis-aligned rectangle, `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// The empty rectangle that [`Rect::union`] grows from.
    pub const EMPTY: Rect =
        Rect { x0: f64::INFINITY, y0: f64::INFINITY, x1: f64::NEG_INFINITY, y1: f64::NEG_INFINITY };

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x0 && p.x <= self.x1 && p.y >= self.y0 && p.y <= self.y1
    }

    /// Whether the interiors overlap (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    pub fn union(&self, other: &Rect) -> Rect {
        Rect::new(
            less(self.x0, other.x0),
            less(self.y0, other.y0),
            more(self.x1, other.x1),
            more(self.y1, other.y1),
        )
    }

    pub fn include(&mut self, p: Point) {
        *self = self.union(&Rect::new(p.x, p.y, p.x, p.y));
    }

    pub fn around(center: Point, half_w: f64, half_h: f64) -> Rect {
        Rect::new(center.x - half_w, center.y - half_h, center.x + half_w, center.y + half_h)
    }

    /// The smallest rectangle holding every point ([`Rect::EMPTY`] for none).
    pub fn bounding(points: &[Point]) -> Rect {
        let mut r = Rect::EMPTY;
        for &p in points {
            r.include(p);
        }
        r
    }

    /// This rectangle with `d` added on every side.
    pub fn grown(&self, d: f64) -> Rect {
        Rect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }
}

/// How wide a text is drawn. The layout reserves room with it, so labels never collide.
///
/// Canvas and SVG both draw with a monospace font ([`FONT_FAMILY`]), so the default
/// [`Monospace`] estimate is close to what a browser measures; a painter with a real
/// measurer (canvas `measureText`) can pass its own.
pub trait TextMetrics {
    /// The advance width of `text` at font size `size`.
    fn width(&self, text: &str, size: f64) -> f64;
}

/// 0.6 em per character: the advance of the common monospace fonts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Monospace;

impl TextMetrics for Monospace {
    fn width(&self, text: &str, size: f64) -> f64 {
        text.chars().count() as f64 * 0.6 * size
    }
}

/// The font family both painters use; monospace keeps numbers aligned and widths predictable.
pub const FONT_FAMILY: &str = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/// The label font size, in layout units.
pub const FONT_SIZE: f64 = 13.0;

/// The radius of a gate circle.
pub const GATE_RADIUS: f64 = 18.0;

/// The box a text occupies when drawn with its baseline at `pos.y`: ascent 0.78 em, descent
/// 0.26 em, which covers digits, letters and the minus sign in the fonts of [`FONT_FAMILY`].
pub fn text_box(pos: Point, width: f64, anchor: Anchor, size: f64) -> Rect {
    let x0 = match anchor {
        Anchor::Start => pos.x,
        Anchor::Middle => pos.x - width / 2.0,
        Anchor::End => pos.x - width,
    };
    Rect::new(x0, pos.y - 0.78 * size, x0 + width, pos.y + 0.26 * size)
}

/// Where a text's `pos` is horizontally: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// The baseline that centres a text of `size` vertically on `y`.
pub fn centred_baseline(y: f64, size: f64) -> f64 {
    y + 0.26 * size
}

/// Sorts indices by `key`, stably, in f64 total order. The crate's sorts all go through
/// here, so the page's wasm holds one copy of the sort code rather than one per closure.
pub(crate) fn sort_by_f64(items: &mut [usize], key: &dyn Fn(usize) -> f64) {
    items.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
}
