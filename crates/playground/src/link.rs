//! The link: opening a URL hash (falling back to the default example with a message) and
//! when the page writes its own. Plain Rust, tested with `machine`.

use lang::{fill, t};

use crate::model::Model;
use crate::state::State;

/// The least time between two writes of the URL hash.
pub const HASH_SPACING_MS: f64 = 120.0;
/// How long after an edit the URL hash is written at the soonest: after the edit's frame.
pub const HASH_DELAY_MS: f64 = 20.0;

/// When the URL hash is written: `history.replaceState` with a whole program costs
/// milliseconds, and browsers limit how often a page may call it (Safari throws past 100
/// calls in 30 s), so writes are at least `HASH_SPACING_MS` apart and a burst of changes
/// makes one trailing write.
#[derive(Debug, Clone, Default)]
pub struct HashWrites {
    written_at: f64,
    pending: bool,
    /// The URL hash as the page last wrote or read it. A different one in the address bar
    /// is a link pasted or a step back whose hashchange is on its way: the page's own
    /// pending write must not replace it.
    pub(crate) seen: String,
}

impl HashWrites {
    /// Writes after the page opened with `hash` in the address bar.
    pub fn new(hash: &str) -> HashWrites {
        HashWrites { written_at: 0.0, pending: false, seen: hash.to_string() }
    }

    /// A write is due: the wait before it, or `None` when one is already on its way.
    pub fn schedule(&mut self, now: f64) -> Option<f64> {
        if self.pending {
            return None;
        }
        self.pending = true;
        Some((self.written_at + HASH_SPACING_MS - now).max(HASH_DELAY_MS))
    }

    /// The timer fired: the hash to write, if the address bar still shows the page's own.
    pub(crate) fn write(&mut self, now: f64, current: &str, hash: String) -> Option<String> {
        self.pending = false;
        self.written_at = now;
        if current != self.seen {
            // Someone else changed the hash since: its hashchange opens it, then this writes.
            return None;
        }
        let changed = current != hash;
        self.seen = hash;
        changed.then(|| self.seen.clone())
    }
}

/// The state and model for a URL hash, falling back to the default example with a message.
pub fn load(hash: &str, decode: fn(&str) -> Result<String, String>) -> (State, Model, Option<String>) {
    let fallback = |msg: String| {
        let state = State::default();
        let model = Model::new(&state).unwrap_or_else(|_| unreachable_model());
        (state, model, Some(msg))
    };
    // Both errors are in the build's language: the engine's message, or one of `state`'s
    // `~the link ...` reasons.
    match State::from_hash_with(hash, &decode) {
        Ok(state) => match Model::new(&state) {
            Ok(model) => (state, model, None),
            Err(e) => fallback(fill(
                t!("The link's program does not parse ({0}); showing the default example."),
                &[&e],
            )),
        },
        Err(e) => fallback(fill(t!("Could not open the link: {0}; showing the default example."), &[&e])),
    }
}

/// The default example always compiles (a native test checks it); this is its stand-in
/// should that ever break, so the page still starts.
fn unreachable_model() -> Model {
    let state = State { program: "x = 1".into(), ..State::default() };
    Model::new(&state).unwrap_or_else(|_| Model::empty())
}
