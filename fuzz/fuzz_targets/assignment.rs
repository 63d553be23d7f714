//! Arbitrary text as a teacher's assignment file: the reader (JSON, header, fields, and the
//! engine working the program) must never panic, every line and column must lie in the text,
//! and an assignment it accepts must be one the engine can work and grade.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match grade::read_assignment(text) {
        Err(e) => grade_fuzz::check_error(text, &e),
        Ok(assignment) => {
            let worked = assignment.work().expect("an assignment that reads is one the engine works");
            assert_eq!(worked.asked.len(), assignment.questions.len());
        }
    }
});
