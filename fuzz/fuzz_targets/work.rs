//! Arbitrary text as a student's hand-in: the reader must never panic, and every line and
//! column it reports must lie in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = grade::read_work(text) {
        grade_fuzz::check_error(text, &e);
    }
});
