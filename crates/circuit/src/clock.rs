//! The animation clock: Play, Pause, the steps, the timeline slider and the frames. Plain
//! Rust, tested natively. Time is a parameter: the clock holds a position in events, and
//! every frame is `Timeline::state_at(t)`, so stepping back just asks for a smaller `t`.

/// Milliseconds one event takes at speed 1.
pub const STEP_MS: f64 = 1100.0;

/// Where a run starts: after event 0, which shows the inputs (what is on screen before a
/// run, and what the first step forward shows).
const FIRST: f64 = 1.0;

/// The longest frame the clock counts: after a hidden tab or a slow frame the animation
/// goes on from where it was rather than jumping.
const MAX_FRAME_MS: f64 = 250.0;

/// Where the animation is, over a timeline of `len` events.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub playing: bool,
    /// Whether the student has started a run (Play, a step or the timeline); before that
    /// the full state shows and the log is empty.
    pub started: bool,
    /// Position in events, fractional while a step plays.
    pub t: f64,
    /// The timestamp of the last frame while playing.
    last_ts: Option<f64>,
    /// Events per `STEP_MS` (the Speed slider).
    pub speed: f64,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock { playing: false, started: false, t: 0.0, last_ts: None, speed: 1.0 }
    }
}

impl Clock {
    /// Paused at step `t` (a link's position), or the full state for `None`.
    pub fn paused_at(t: Option<usize>, len: usize) -> Clock {
        match t {
            Some(t) => Clock { started: true, t: t.min(len) as f64, ..Clock::default() },
            None => Clock::default(),
        }
    }

    /// The step the clock rests at: paused in a run (the whole step), else `None`.
    pub fn rest(&self) -> Option<usize> {
        (self.started && !self.playing).then_some(self.t.floor() as usize)
    }

    /// The event the frame shows: the one in motion, else the last one finished.
    pub fn current_event(&self) -> Option<usize> {
        if self.t.fract() > 0.0 {
            Some(self.t.floor() as usize)
        } else {
            (self.t as usize).checked_sub(1)
        }
    }

    /// Play from the current step (from the start if no run is going or it ended), or
    /// pause on the step in motion. Returns whether it now plays.
    ///
    /// A run plays from the inputs already shown (the first event done), so the first
    /// frames after Play already move the first gate's value, instead of holding the
    /// picture on screen for a whole step while the inputs "appear".
    pub fn toggle_play(&mut self, len: usize) -> bool {
        if self.playing {
            self.playing = false;
            self.t = self.t.floor();
        } else {
            if !self.started || self.t >= len as f64 {
                self.started = true;
                self.t = 0.0;
            }
            self.t = self.t.max(FIRST).min(len as f64);
            self.playing = true;
            self.last_ts = None;
        }
        self.playing
    }

    /// One event forward (`+1`) or back (`-1`); pauses. Before a run, back starts one step
    /// before the end and forward starts at the first step.
    #[inline]
    pub fn step(&mut self, delta: i32, len: usize) {
        self.playing = false;
        let len = len as f64;
        let t = if !self.started {
            self.started = true;
            if delta > 0 {
                1.0
            } else {
                len - 1.0
            }
        } else if delta > 0 {
            self.t.floor() + 1.0
        } else {
            self.t.ceil() - 1.0
        };
        self.t = t.clamp(0.0, len);
    }

    /// Back to step 0 (nothing revealed); keeps playing if it was, from the inputs shown
    /// as Play does.
    pub fn restart(&mut self) {
        self.started = true;
        self.t = if self.playing { FIRST } else { 0.0 };
        self.last_ts = None;
    }

    /// The timeline slider moved to `t`; pauses.
    pub fn seek(&mut self, t: f64, len: usize) {
        self.started = true;
        self.playing = false;
        self.t = t.clamp(0.0, len as f64);
    }

    /// An animation frame at timestamp `ts` (ms) while playing: the clock advances, and
    /// stops at the end. Returns whether another event started or ended (the slider,
    /// narration and log change only then), or the run stopped.
    pub fn frame(&mut self, ts: f64, len: usize) -> bool {
        if !self.playing {
            return false;
        }
        let dt = self.last_ts.map_or(0.0, |last| (ts - last).clamp(0.0, MAX_FRAME_MS));
        self.last_ts = Some(ts);
        let before = self.current_event();
        let len = len as f64;
        self.t = (self.t + dt * self.speed / STEP_MS).min(len);
        if self.t >= len {
            self.playing = false;
        }
        self.current_event() != before || !self.playing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames every 16 ms from `ts` until the clock stops or `n` frames have passed.
    fn run(clock: &mut Clock, len: usize, mut ts: f64, n: usize) -> f64 {
        for _ in 0..n {
            clock.frame(ts, len);
            ts += 16.0;
            if !clock.playing {
                break;
            }
        }
        ts
    }

    #[test]
    fn play_runs_to_the_end_and_stops_there() {
        let mut c = Clock::default();
        assert_eq!(c.rest(), None, "before a run the full state shows");
        assert!(c.toggle_play(5));
        assert_eq!((c.started, c.t), (true, 1.0), "Play before a run starts with the inputs shown");
        run(&mut c, 5, 0.0, 10_000);
        assert!(!c.playing, "the clock stops at the end");
        assert_eq!(c.t, 5.0);
        assert_eq!(c.rest(), Some(5));
        assert!(c.toggle_play(5));
        assert_eq!(c.t, 1.0, "Play at the end starts again");
        c.toggle_play(5);
        c.seek(0.0, 5);
        c.toggle_play(5);
        assert_eq!(c.t, 1.0, "Play at step 0 does not hold still while the inputs appear");
    }

    #[test]
    fn a_frame_advances_by_its_time_and_the_speed() {
        let mut c = Clock::default();
        c.toggle_play(10);
        assert!(!c.frame(1000.0, 10), "the first frame only sets the clock's origin");
        assert_eq!(c.t, 1.0);
        c.frame(1000.0 + STEP_MS / 5.0, 10);
        assert!((c.t - 1.2).abs() < 1e-12, "{}", c.t);
        c.speed = 2.0;
        assert!(!c.frame(1000.0 + STEP_MS / 5.0 + 110.0, 10), "still in the first gate's event");
        assert!((c.t - 1.4).abs() < 1e-12, "twice as fast: {}", c.t);
        // A long gap counts as MAX_FRAME_MS.
        let t = c.t;
        c.frame(1e9, 10);
        assert!((c.t - (t + MAX_FRAME_MS * 2.0 / STEP_MS)).abs() < 1e-12, "{}", c.t);
    }

    #[test]
    fn pause_keeps_the_whole_step_in_motion() {
        let mut c = Clock::default();
        c.toggle_play(10);
        c.frame(0.0, 10);
        c.frame(STEP_MS * 2.5, 10);
        assert_eq!(c.current_event(), Some(1), "a frame counts at most 250 ms");
        let mut ts = STEP_MS * 2.5;
        while c.t < 2.5 {
            ts += 200.0;
            c.frame(ts, 10);
        }
        assert_eq!(c.current_event(), Some(c.t.floor() as usize));
        assert!(!c.toggle_play(10));
        assert_eq!(c.t.fract(), 0.0);
        assert_eq!(c.rest(), Some(c.t as usize));
    }

    #[test]
    fn steps_pause_and_stay_in_the_timeline() {
        let mut c = Clock::default();
        c.step(-1, 4);
        assert_eq!((c.started, c.t), (true, 3.0), "back before a run: one before the end");
        let mut c = Clock::default();
        c.step(1, 4);
        assert_eq!(c.t, 1.0, "forward before a run: the first step");
        c.step(-1, 4);
        c.step(-1, 4);
        assert_eq!(c.t, 0.0, "not below 0");
        for _ in 0..9 {
            c.step(1, 4);
        }
        assert_eq!(c.t, 4.0, "not past the end");
        c.toggle_play(4);
        c.t = 1.5;
        c.step(1, 4);
        assert_eq!((c.playing, c.t), (false, 2.0), "a step pauses, to the next whole step");
        c.t = 1.5;
        c.step(-1, 4);
        assert_eq!(c.t, 1.0);
    }

    #[test]
    fn seek_and_restart() {
        let mut c = Clock::default();
        c.toggle_play(6);
        c.seek(4.0, 6);
        assert_eq!((c.playing, c.t, c.rest()), (false, 4.0, Some(4)));
        c.seek(99.0, 6);
        assert_eq!(c.t, 6.0);
        c.toggle_play(6);
        c.t = 2.0;
        c.restart();
        assert_eq!((c.playing, c.t), (true, 1.0), "Restart keeps playing, from the inputs");
        assert_eq!(c.rest(), None, "a playing clock is not at rest");
        c.toggle_play(6);
        c.restart();
        assert_eq!((c.playing, c.t), (false, 0.0), "paused, Restart shows step 0");
    }

    #[test]
    fn a_link_position_is_paused_and_clamped() {
        assert_eq!(Clock::paused_at(Some(3), 10).rest(), Some(3));
        assert_eq!(Clock::paused_at(Some(30), 10).t, 10.0);
        assert_eq!(Clock::paused_at(None, 10), Clock::default());
    }
}
