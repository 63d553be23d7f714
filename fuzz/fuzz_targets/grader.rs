//! Arbitrary text as a hand-in, graded as `backprop grade` grades it: against the assignment
//! inside it, and against the example teacher's (crates/grade/files/assignment.json), with
//! Gradescope's results written. Grading must never panic, and a grade must add up: each
//! question all or nothing, the score between 0 and the points there are.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn teacher() -> &'static grade::Assignment {
    static TEACHER: OnceLock<grade::Assignment> = OnceLock::new();
    TEACHER.get_or_init(|| {
        grade::read_assignment(include_str!("../../crates/grade/files/assignment.json"))
            .expect("the example assignment reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(work) = grade::read_work(text) else { return };
    for against in [None, Some(teacher())] {
        match grade::grade(&work, against) {
            Err(e) => grade_fuzz::check_error(text, &e),
            Ok(report) => {
                for q in &report.questions {
                    assert!(q.points == 0.0 || q.points == q.max_points, "{q:?}");
                }
                assert!(0.0 <= report.score && report.score <= report.max_score, "{report:?}");
                if against.is_some() {
                    assert_eq!(report.max_score, 6.0);
                }
                let _ = grade::gradescope::results(&report).to_string();
            }
        }
    }
});
