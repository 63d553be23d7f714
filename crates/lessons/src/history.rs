//! Undo and redo over the page's state: a list of states and a cursor. Recording a state
//! drops the redo branch; a state equal to the current one is not recorded twice (a slider
//! dragged back and forth, a re-render), and the oldest states fall off past the limit.
//!
//! ```
//! let mut h = lessons::history::History::new("x = 1");
//! h.record("x = 2");
//! assert_eq!(h.undo(), Some(&"x = 1"));
//! assert_eq!(h.redo(), Some(&"x = 2"));
//! ```

/// How many states a [`History::new`] keeps.
pub const LIMIT: usize = 200;

/// An undo/redo list of states.
#[derive(Debug, Clone)]
pub struct History<T> {
    states: Vec<T>,
    /// The index of the current state; there is always one.
    at: usize,
    limit: usize,
}

impl<T: Clone + PartialEq> History<T> {
    /// A history whose current state is `start`, keeping up to [`LIMIT`] states.
    pub fn new(start: T) -> History<T> {
        History::with_limit(start, LIMIT)
    }

    /// A history keeping up to `limit` states (at least 1).
    pub fn with_limit(start: T, limit: usize) -> History<T> {
        History { states: vec![start], at: 0, limit: limit.max(1) }
    }

    /// Makes `state` the current state, dropping the states that redo would have gone to.
    /// Returns false (and changes nothing) if it equals the current state.
    pub fn record(&mut self, state: T) -> bool {
        if self.states[self.at] == state {
            return false;
        }
        self.states.truncate(self.at + 1);
        self.states.push(state);
        if self.states.len() > self.limit {
            let extra = self.states.len() - self.limit;
            self.states.drain(..extra);
        }
        self.at = self.states.len() - 1;
        true
    }

    /// Steps back; returns the state to show, `None` at the oldest state.
    pub fn undo(&mut self) -> Option<&T> {
        self.at = self.at.checked_sub(1)?;
        Some(&self.states[self.at])
    }

    /// Steps forward again after an undo; `None` at the newest state.
    pub fn redo(&mut self) -> Option<&T> {
        if self.at + 1 >= self.states.len() {
            return None;
        }
        self.at += 1;
        Some(&self.states[self.at])
    }

    /// Replaces the current state with `state` when it is the latest one (nothing to redo)
    /// and not the first: one more step of a burst (a drag, typing) joins the entry that
    /// started it, so one undo takes the whole burst back. Otherwise records it.
    pub fn amend(&mut self, state: T) {
        if self.at > 0 && !self.can_redo() {
            self.states[self.at] = state;
            if self.states[self.at] == self.states[self.at - 1] {
                // The burst came back to where it started: nothing left to undo.
                self.states.pop();
                self.at -= 1;
            }
        } else {
            self.record(state);
        }
    }

    /// The current state.
    pub fn current(&self) -> &T {
        &self.states[self.at]
    }

    /// Whether [`History::undo`] has somewhere to go.
    pub fn can_undo(&self) -> bool {
        self.at > 0
    }

    /// Whether [`History::redo`] has somewhere to go.
    pub fn can_redo(&self) -> bool {
        self.at + 1 < self.states.len()
    }

    /// How many states are kept, the current one included.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Always false: a history holds at least its current state.
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut h = History::new(0);
        assert!(!h.can_undo() && !h.can_redo());
        for v in 1..=3 {
            assert!(h.record(v));
        }
        let undone: Vec<Option<i32>> = (0..4).map(|_| h.undo().copied()).collect();
        assert_eq!(undone, [Some(2), Some(1), Some(0), None]);
        assert_eq!(*h.current(), 0);
        assert!(h.can_redo() && !h.can_undo());
        let redone: Vec<Option<i32>> = (0..4).map(|_| h.redo().copied()).collect();
        assert_eq!(redone, [Some(1), Some(2), Some(3), None]);
        assert_eq!(*h.current(), 3);
    }

    #[test]
    fn duplicates_are_skipped() {
        let mut h = History::new("a".to_string());
        assert!(!h.record("a".to_string()));
        assert!(h.record("b".to_string()));
        assert!(!h.record("b".to_string()));
        assert_eq!(h.len(), 2);
        // Equal to an older state but not the current one: recorded.
        assert!(h.record("a".to_string()));
        assert_eq!(h.len(), 3);
    }

    #[test]
    fn a_new_record_clears_redo() {
        let mut h = History::new(0);
        h.record(1);
        h.record(2);
        h.undo();
        h.undo();
        assert!(h.can_redo());
        h.record(5);
        assert!(!h.can_redo());
        assert_eq!(h.redo(), None);
        assert_eq!(h.undo(), Some(&0));
        assert_eq!(h.undo(), None);
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn a_burst_is_one_step() {
        let mut h = History::new(0);
        h.record(1);
        for v in 2..=5 {
            h.amend(v);
        }
        assert_eq!((h.len(), *h.current()), (2, 5));
        assert_eq!(h.undo(), Some(&0));
        // After an undo there is something to redo: a new burst records, never overwrites.
        h.amend(7);
        assert_eq!((h.len(), *h.current(), h.can_redo()), (2, 7, false));
        // A burst that returns to the state before it leaves nothing to undo.
        let mut back = History::new(0);
        back.record(1);
        back.amend(0);
        assert_eq!((back.len(), back.can_undo()), (1, false));
        // The first state is never amended away.
        let mut first = History::new(0);
        first.amend(1);
        assert_eq!((first.len(), *first.current()), (2, 1));
    }

    #[test]
    fn the_oldest_states_fall_off() {
        let mut h = History::new(0);
        for v in 1..=250 {
            h.record(v);
        }
        assert_eq!(h.len(), LIMIT);
        let mut undone = 0;
        while h.undo().is_some() {
            undone += 1;
        }
        assert_eq!(undone, LIMIT - 1);
        assert_eq!(*h.current(), 250 - (LIMIT as i32 - 1));
        let mut small = History::with_limit('a', 0);
        small.record('b');
        assert_eq!((small.len(), small.can_undo(), *small.current()), (1, false, 'b'));
    }
}
