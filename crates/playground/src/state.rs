//! What the page shows is a function of this state: the program text, the input values the
//! student set, the example it came from, whether σ gates are expanded, the timeline
//! position, the selected gate, and the numbers of the side panels. The URL hash holds the
//! shareable part of it (see `docs/page-contract.md`), so a link reproduces what a student saw.
//!
//! Plain Rust: no web types, tested natively. The reasons a link is refused come from
//! [`lang::t!`], in the language of the build.

use autodiff::format::parse_number;
use lang::t;
use lessons::code::Style;

#[cfg(test)]
pub(crate) use crate::examples::known_example;
pub use crate::examples::{example, Example, EXAMPLES, LEARNING_PRESET};

/// The choices of `<select id="h">`: 1e-1 ... 1e-10.
pub const H_CHOICES: [f64; 10] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];
/// The h the page starts with, 1e-5: an index into [`H_CHOICES`]. A link holds h (`h=`)
/// only when it is another.
pub const H_DEFAULT: usize = 4;

/// The longest hash the page reads; anything longer is refused as hostile.
pub const MAX_HASH_BYTES: usize = 3 * autodiff::MAX_PROGRAM_BYTES;

/// The index in [`H_CHOICES`] of `h` (the menu's text or the link's `h=`, read), or the
/// default's for anything else.
pub fn h_index_of(h: Option<f64>) -> usize {
    H_CHOICES.iter().position(|&c| Some(c) == h).unwrap_or(H_DEFAULT)
}

/// The page's state. Everything drawn derives from it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The example the program came from (the program may have been edited since).
    pub example: String,
    pub program: String,
    /// Input values the student set, overriding the program's literals, by input name.
    pub values: Vec<(String, f64)>,
    /// Whether σ gates are drawn expanded into `*-1`, `exp`, `+1`, `1/x`.
    pub expanded: bool,
    /// Where the animation rests, paused at this step (0 = nothing revealed; the
    /// timeline's length = every step done); `None` = the full state before a run. The hash's
    /// `t=`.
    pub t: Option<usize>,
    /// The selected gate: a node index of the drawn graph, which the same program (and
    /// expansion) always builds again. The hash's `sel=`.
    pub selected: Option<u32>,
    /// Index into [`H_CHOICES`].
    pub h_index: usize,
    /// Gradient step size η.
    pub eta: f64,
    /// The teacher's settings from the link, kept in it as the student works.
    pub class: Classroom,
    /// The Lesson's step (0-based) while the Lesson is open: the hash's `lesson=` (1-based:
    /// a teacher sends "step 5" as `lesson=5`). The Lesson (the page's `lesson` module, a
    /// piece fetched when it opens) sets it with its step (`Msg::Lesson`) and opens at it.
    pub lesson: Option<usize>,
    /// The named node the Lesson's step highlights on the circuit: the hash's `hl=`.
    pub highlight: Option<String>,
}

/// Classroom settings a link can carry: `lock=1`, `hide=numeric,step`, `embed=1`, `quiz=1`,
/// `code=staged` (or `layers`), `fork=1`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classroom {
    /// The program cannot be edited or replaced by an example (input values still can).
    pub lock: bool,
    /// Panels not shown, from [`PANELS`].
    pub hide: Vec<&'static str>,
    /// The circuit and its controls only, to fit an iframe in slides.
    pub embed: bool,
    /// Quiz mode: the gradients are hidden and the student fills them in.
    pub quiz: bool,
    /// The Code panel, open in this style.
    pub code: Option<lessons::code::Style>,
    /// The "+= at forks" lesson: the gradients with `=` shown beside the right ones.
    pub fork: bool,
}

/// The panels a link can hide (each a `<section data-panel=...>` of the page).
pub const PANELS: [&str; 7] = ["program", "values", "fork", "gate", "numeric", "step", "share"];

impl Default for State {
    fn default() -> State {
        State::from_example(&EXAMPLES[0])
    }
}

impl State {
    /// What the example menu shows: the example while the program is still its own, and
    /// `""` (the hidden option "Your program") once the student has changed it, so the menu
    /// never names an example the circuit no longer is. The learning preset keeps its name
    /// (and its panel) whatever the program: its points rewrite the program too.
    pub fn menu_example(&self) -> &str {
        match example(&self.example) {
            Some(e) if e.program == self.program || e.id == LEARNING_PRESET => e.id,
            _ => "",
        }
    }

    pub fn from_example(e: &Example) -> State {
        State {
            example: e.id.to_string(),
            program: e.program.to_string(),
            values: Vec::new(),
            expanded: false,
            t: None,
            selected: None,
            h_index: H_DEFAULT,
            eta: 0.01,
            class: Classroom::default(),
            lesson: None,
            highlight: None,
        }
    }

    pub fn h(&self) -> f64 {
        H_CHOICES[self.h_index.min(H_CHOICES.len() - 1)]
    }

    /// The value the student set for `name`, if any.
    pub fn value_of(&self, name: &str) -> Option<f64> {
        self.values.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
    }

    /// Records a value the student set.
    pub fn set_value(&mut self, name: &str, v: f64) {
        match self.values.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = v,
            None => self.values.push((name.to_string(), v)),
        }
    }

    /// The URL hash (without `#`): `ex=<id>&p=<program>&v=<name>:<value>,...` with `values`
    /// the current value of every input, `&e=1` when σ gates are expanded, `&t=<step>` where
    /// the animation rests, `&sel=<node>` for the selected gate and `&h=<h>` for an h that
    /// is not the first one.
    pub fn to_hash(&self, values: &[(String, f64)]) -> String {
        self.to_hash_with(values, autodiff::format::exact)
    }

    /// [`State::to_hash`] with the page's own shortest round-trip number writer (the
    /// browser's, which keeps float printing out of the wasm).
    pub fn to_hash_with(&self, values: &[(String, f64)], exact: fn(f64) -> String) -> String {
        let mut s = ["ex=", &percent_encode(&self.example), "&p=", &percent_encode(&self.program)].concat();
        if !values.is_empty() {
            s.push_str("&v=");
            for (i, (name, v)) in values.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&percent_encode(name));
                s.push(':');
                s.push_str(&exact(*v));
            }
        }
        if self.expanded {
            s.push_str("&e=1");
        }
        if let Some(t) = self.t {
            s.push_str("&t=");
            s.push_str(&exact(t as f64));
        }
        if let Some(n) = self.selected {
            s.push_str("&sel=");
            s.push_str(&exact(f64::from(n)));
        }
        if self.h_index != H_DEFAULT {
            s.push_str("&h=");
            s.push_str(&exact(self.h()));
        }
        if self.class.lock {
            s.push_str("&lock=1");
        }
        if !self.class.hide.is_empty() {
            s.push_str("&hide=");
            for (k, panel) in self.class.hide.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                s.push_str(panel);
            }
        }
        if self.class.embed {
            s.push_str("&embed=1");
        }
        if self.class.quiz {
            s.push_str("&quiz=1");
        }
        if let Some(step) = self.lesson {
            s.push_str("&lesson=");
            s.push_str(&exact(step as f64 + 1.0));
        }
        if let Some(name) = &self.highlight {
            s.push_str("&hl=");
            s.push_str(&percent_encode(name));
        }
        if self.class.fork {
            s.push_str("&fork=1");
        }
        match self.class.code {
            Some(Style::Staged) => s.push_str("&code=staged"),
            Some(Style::Layers) => s.push_str("&code=layers"),
            None => {}
        }
        s
    }

    /// Reads a URL hash (with or without `#`). An empty hash is the default state; a
    /// malformed or hostile one is an error saying what is wrong.
    pub fn from_hash(hash: &str) -> Result<State, String> {
        State::from_hash_with(hash, &percent_decode)
    }

    /// [`State::from_hash`] with `decode` undoing the percent-encoding: the page passes the
    /// browser's `decodeURIComponent`, which refuses the same bad escapes and invalid UTF-8,
    /// so the wasm carries no decoder of its own.
    pub fn from_hash_with(
        hash: &str,
        decode: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<State, String> {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        if hash.is_empty() {
            return Ok(State::default());
        }
        if hash.len() > MAX_HASH_BYTES {
            return Err(t!("~the link is too long").into());
        }
        let mut example = None;
        let mut program = None;
        let mut values = Vec::new();
        let mut expanded = false;
        let (mut t, mut selected, mut lesson, mut highlight) = (None, None, None, None);
        let mut h_index = H_DEFAULT;
        let mut class = Classroom::default();
        for part in pieces(hash, b'&').filter(|p| !p.is_empty()) {
            let (key, raw) = cut(part, b'=').ok_or(t!("~the link is malformed"))?;
            match key {
                "ex" => {
                    let id = decode(raw)?;
                    example = Some(self::example(&id).ok_or(t!("~the link names an unknown example"))?);
                }
                "p" => program = Some(decode(raw)?),
                "v" => values = decode_values(raw, decode)?,
                "e" => expanded = raw == "1",
                // A position or gate that is not a whole number is left out, not refused:
                // the circuit still opens. One the circuit does not have is the page's to drop.
                "t" => t = whole(raw),
                "sel" => selected = whole(raw).and_then(|n| u32::try_from(n).ok()),
                // An h that is none of the menu's choices is left out too.
                "h" => h_index = h_index_of(parse_number(raw)),
                "lock" => class.lock = raw == "1",
                "embed" => class.embed = raw == "1",
                "quiz" => class.quiz = raw == "1",
                "fork" => class.fork = raw == "1",
                // Like `t=`: a step that is not a whole number from 1 is left out.
                "lesson" => lesson = whole(raw).and_then(|n| n.checked_sub(1)),
                // A name that is no variable highlights nothing.
                "hl" => highlight = Some(decode(raw)?).filter(|n| is_identifier(n)),
                "code" => {
                    class.code = match raw {
                        "staged" => Some(Style::Staged),
                        "layers" => Some(Style::Layers),
                        _ => None,
                    }
                }
                // Unknown panel names are ignored like unknown keys.
                "hide" => {
                    class.hide.clear();
                    for panel in PANELS {
                        if pieces(raw, b',').any(|h| h == panel) {
                            class.hide.push(panel);
                        }
                    }
                }
                // Unknown keys are ignored, so newer links still open in this page.
                _ => {}
            }
        }
        let example = example.unwrap_or(&EXAMPLES[0]);
        let mut state = State::from_example(example);
        if let Some(p) = program {
            if p.len() > autodiff::MAX_PROGRAM_BYTES {
                return Err(t!("~the link's program is too long").into());
            }
            state.program = p;
        }
        state.values = values;
        state.expanded = expanded;
        state.t = t;
        state.selected = selected;
        state.h_index = h_index;
        state.lesson = lesson;
        state.highlight = highlight;
        state.class = class;
        Ok(state)
    }
}

/// The pieces of `s` between `sep`s, as `s.split(sep)` gives them. `sep` is ASCII, so every
/// cut falls on a char boundary. A loop of its own, here and in [`cut`]: `str::split` and
/// `split_once` on a char brought the pattern searcher and memchr into the page's wasm for
/// the link's `&`, `=`, `,` and `:` alone.
fn pieces(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `s.split_once(sep)` for an ASCII `sep` (see [`pieces`]).
fn cut(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

fn decode_values(
    raw: &str,
    decode: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<(String, f64)>, String> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for pair in pieces(raw, b',').filter(|p| !p.is_empty()) {
        let (name, v) = cut(pair, b':').ok_or(t!("~the link's values are malformed"))?;
        let name = decode(name)?;
        if !is_identifier(&name) {
            return Err(t!("~the link's values name something that is not a variable").into());
        }
        let v = decode(v)?;
        let v = parse_number(&v).ok_or(t!("~the link holds a value that is not a number"))?;
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = v,
            None => out.push((name, v)),
        }
    }
    Ok(out)
}

/// A step or node index as the hash writes it (`7`); the page's own number reader, so the
/// wasm carries no integer parser of its own.
fn whole(s: &str) -> Option<usize> {
    let v = parse_number(s)?;
    (v >= 0.0 && v.fract() == 0.0 && v < 1e9).then_some(v as usize)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    // Program names are ASCII (the lexer's rule), so an ASCII test is exact, and it keeps
    // the Unicode tables out of the wasm.
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && s.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '#')
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[(b >> 4) as usize]));
            out.push(char::from(HEX[(b & 15) as usize]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The inverse of [`percent_encode`]; refuses bad escapes and invalid UTF-8.
pub fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let (Some(hi), Some(lo)) =
                (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex))
            else {
                return Err(t!("~the link has a broken %-escape").into());
            };
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| t!("~the link is not valid UTF-8").to_string())
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
