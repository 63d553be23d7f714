//! The keyboard policy: which key does what where. Plain Rust, tested natively; the web
//! layer only says what kind of element has the focus ([`Focus`]).
//!
//! The animation keys are the same everywhere outside fields that use the key (Space plays,
//! Left/Right step, Home restarts), the canvas included; on the canvas, Up/Down walk the
//! gates, Enter selects, Escape clears the selection and +/- zoom. Ctrl+Z, Ctrl+Shift+Z and
//! Ctrl+Y (Cmd on a Mac) undo and redo, except in a text field, which has its own undo.

/// What kind of element a key goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A text field, number or range input, menu or editable text: it uses every key.
    Field,
    /// A button, link or summary: it uses Space and Enter.
    Button,
    /// A focusable scroll region (class `scroll`): it scrolls with Space and the named keys.
    Scroll,
    /// The circuit's canvas.
    Canvas,
    /// A line of the Code panel (`data-line`): Enter selects its gate.
    CodeLine,
    /// Anything else (the page itself).
    Other,
}

/// A key going down: `KeyboardEvent.key` and the modifiers, with `ctrl` for Ctrl or Cmd.
#[derive(Debug, Clone, PartialEq)]
pub struct Press {
    pub key: String,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    pub focus: Focus,
}

/// What a key does on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    Undo,
    Redo,
    /// The gate selection moves by this many gates in evaluation order.
    MoveSelection(i32),
    /// Enter on the canvas: the selected gate again, or the first.
    SelectCurrent,
    ClearSelection,
    /// Enter on a line of code.
    ChooseCodeLine,
    Zoom(f64),
    Play,
    Step(i32),
    Restart,
}

/// Whether the element with the focus uses `key` itself.
pub fn belongs_to(focus: Focus, key: &str) -> bool {
    match focus {
        Focus::Field => true,
        Focus::Button => key == " " || key == "Enter",
        Focus::Scroll => key == " " || key.len() > 1,
        Focus::Canvas | Focus::CodeLine | Focus::Other => false,
    }
}

/// What `press` does, or `None` when it is not the page's (the browser's default then
/// happens). In quiz mode the animation keys do nothing: the animation would show the
/// answers.
pub fn action(press: &Press, quiz: bool) -> Option<Action> {
    let key = press.key.as_str();
    if press.ctrl {
        let lower = key.to_ascii_lowercase();
        if press.alt || !(lower == "z" || lower == "y") || belongs_to(press.focus, key) {
            return None;
        }
        return Some(if lower == "y" || press.shift { Action::Redo } else { Action::Undo });
    }
    if press.alt {
        return None;
    }
    let on_canvas = press.focus == Focus::Canvas;
    match key {
        "ArrowDown" if on_canvas => Some(Action::MoveSelection(1)),
        "ArrowUp" if on_canvas => Some(Action::MoveSelection(-1)),
        "Enter" if on_canvas => Some(Action::SelectCurrent),
        "Escape" if on_canvas => Some(Action::ClearSelection),
        "Enter" if press.focus == Focus::CodeLine => Some(Action::ChooseCodeLine),
        "+" | "=" if on_canvas => Some(Action::Zoom(1.25)),
        "-" if on_canvas => Some(Action::Zoom(0.8)),
        _ if belongs_to(press.focus, key) || quiz => None,
        " " => Some(Action::Play),
        "ArrowLeft" => Some(Action::Step(-1)),
        "ArrowRight" => Some(Action::Step(1)),
        "Home" => Some(Action::Restart),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, focus: Focus) -> Press {
        Press { key: key.into(), ctrl: false, alt: false, shift: false, focus }
    }

    fn ctrl(key: &str, shift: bool, focus: Focus) -> Press {
        Press { ctrl: true, shift, ..press(key, focus) }
    }

    #[test]
    fn the_animation_keys_work_outside_fields_the_canvas_included() {
        for focus in [Focus::Other, Focus::Canvas, Focus::CodeLine] {
            assert_eq!(action(&press(" ", focus), false), Some(Action::Play), "{focus:?}");
            assert_eq!(action(&press("ArrowLeft", focus), false), Some(Action::Step(-1)));
            assert_eq!(action(&press("ArrowRight", focus), false), Some(Action::Step(1)));
            assert_eq!(action(&press("Home", focus), false), Some(Action::Restart));
        }
        for key in [" ", "ArrowLeft", "ArrowRight", "Home", "Enter"] {
            assert_eq!(action(&press(key, Focus::Field), false), None, "a field keeps {key:?}");
            assert_eq!(action(&press(key, Focus::Scroll), false), None, "a scroll region keeps {key:?}");
        }
        // A button keeps Space and Enter (it clicks), not the arrows.
        assert_eq!(action(&press(" ", Focus::Button), false), None);
        assert_eq!(action(&press("ArrowRight", Focus::Button), false), Some(Action::Step(1)));
        assert_eq!(action(&press("x", Focus::Other), false), None);
        assert_eq!(action(&Press { alt: true, ..press(" ", Focus::Other) }, false), None);
    }

    #[test]
    fn the_canvas_walks_selects_and_zooms() {
        let c = Focus::Canvas;
        assert_eq!(action(&press("ArrowDown", c), false), Some(Action::MoveSelection(1)));
        assert_eq!(action(&press("ArrowUp", c), false), Some(Action::MoveSelection(-1)));
        assert_eq!(action(&press("Enter", c), false), Some(Action::SelectCurrent));
        assert_eq!(action(&press("Escape", c), false), Some(Action::ClearSelection));
        assert_eq!(action(&press("+", c), false), Some(Action::Zoom(1.25)));
        assert_eq!(action(&press("=", c), false), Some(Action::Zoom(1.25)));
        assert_eq!(action(&press("-", c), false), Some(Action::Zoom(0.8)));
        assert_eq!(action(&press("ArrowDown", Focus::Other), false), None, "only on the canvas");
        assert_eq!(action(&press("Enter", Focus::CodeLine), false), Some(Action::ChooseCodeLine));
    }

    #[test]
    fn quiz_mode_turns_off_the_animation_keys_only() {
        assert_eq!(action(&press(" ", Focus::Other), true), None);
        assert_eq!(action(&press("ArrowRight", Focus::Canvas), true), None);
        assert_eq!(action(&press("ArrowDown", Focus::Canvas), true), Some(Action::MoveSelection(1)));
        assert_eq!(action(&ctrl("z", false, Focus::Other), true), Some(Action::Undo));
    }

    #[test]
    fn undo_keys_except_in_text_fields() {
        assert_eq!(action(&ctrl("z", false, Focus::Other), false), Some(Action::Undo));
        assert_eq!(action(&ctrl("Z", true, Focus::Canvas), false), Some(Action::Redo));
        assert_eq!(action(&ctrl("y", false, Focus::Button), false), Some(Action::Redo));
        assert_eq!(action(&ctrl("z", false, Focus::Field), false), None, "the field's own undo");
        assert_eq!(action(&ctrl("c", false, Focus::Other), false), None);
        assert_eq!(action(&Press { alt: true, ..ctrl("z", false, Focus::Other) }, false), None);
    }
}
