//! Arbitrary text through everything the page does with a program: parse, build, forward,
//! backward, trace, expand, explain. The engine must never panic, and every error's span
//! must lie inside the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    match autodiff::parse(src) {
        Err(e) => check_error(src, &e),
        Ok(program) => {
            let _ = program.sexpr();
        }
    }
    match autodiff::compile(src) {
        Err(e) => check_error(src, &e),
        Ok(mut g) => {
            g.recompute();
            for step in g.trace() {
                let _ = g.describe_step(&step);
            }
            if let Some(id) = g.first_non_finite() {
                let _ = g.explain_non_finite(id);
            }
            let mut e = g.expanded(|_| true).graph;
            e.recompute();
            let _ = e.trace();
            let _ = g.check_gradients(1e-5);
        }
    }
});

fn check_error(src: &str, e: &autodiff::Error) {
    let s = e.span;
    assert!(s.start <= s.end && s.end <= src.len(), "span {s:?} outside {} bytes", src.len());
    assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end), "span {s:?} splits a char");
    let _ = e.located(src);
    let _ = e.caret(src);
}
