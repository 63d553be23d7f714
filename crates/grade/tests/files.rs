//! The two files' readers and the grader: each problem an error with its kind and place,
//! each difference from the teacher's assignment a sentence, and the Quiz's rule for right.

use grade::{read_assignment, read_work, ErrorKind, Position, Verdict};

/// An assignment file around `body` (the fields after the header).
fn assignment(body: &str) -> String {
    format!(r#"{{"format": "backprop-assignment", "version": 1, {body}}}"#)
}

const CS231N: &str = r#""program": "q = x + y; f = q * z", "values": {"x": -2, "y": 5, "z": -4},
    "questions": [{"grad": "q"}, {"grad": "z", "points": 2}]"#;

/// A hand-in of the assignment `body` with `answers`.
fn work(body: &str, answers: &str) -> String {
    format!(
        r#"{{"format": "backprop-work", "version": 1, "assignment": {{{body}}}, "answers": [{answers}]}}"#
    )
}

/// The kind and place of the error reading `text` as an assignment.
fn assignment_error(text: &str) -> (ErrorKind, String, String) {
    match read_assignment(text) {
        Ok(a) => panic!("read {a:?}"),
        Err(e) => (e.kind, e.position.to_string(), e.message),
    }
}

#[test]
fn a_file_that_is_not_json_says_where() {
    let (kind, at, message) =
        assignment_error("{\"format\": \"backprop-assignment\",\n  \"version\": 1,\n  program: 1}");
    assert_eq!((kind, at.as_str()), (ErrorKind::Syntax, "3:3"));
    assert_eq!(message, "key must be a string");
    let (kind, at, _) = assignment_error("[1, 2]");
    assert_eq!((kind, at.as_str()), (ErrorKind::Format, "1:1"));
    let (kind, at, _) = assignment_error("");
    assert_eq!((kind, at.as_str()), (ErrorKind::Syntax, "1:0"));
}

#[test]
fn the_header_names_the_file_and_its_version() {
    let (kind, at, message) = assignment_error(r#"{"program": "f = x"}"#);
    assert_eq!((kind, at.as_str()), (ErrorKind::Format, "format"));
    assert_eq!(message, "no \"format\" field: an assignment starts with \"format\": \"backprop-assignment\"");
    let (kind, at, message) = assignment_error(r#"{"format": "backprop-assignment", "version": 2}"#);
    assert_eq!((kind, at.as_str()), (ErrorKind::Version, "version"));
    assert!(message.contains("use a newer backprop"), "{message}");
    let (kind, _, _) = assignment_error(r#"{"format": "backprop-assignment", "version": "1"}"#);
    assert_eq!(kind, ErrorKind::Version);
}

#[test]
fn a_field_of_the_wrong_type_or_unknown_has_its_line_and_column() {
    let (kind, at, message) = assignment_error(&assignment(
        "\n\"program\": \"f = x\",\n\"questions\": [{\"grad\": \"x\", \"points\": \"two\"}]",
    ));
    assert_eq!((kind, at.as_str()), (ErrorKind::Field, "3:43"));
    assert_eq!(message, "invalid type: string \"two\", expected f64");
    let (kind, _, message) =
        assignment_error(&assignment(r#""program": "f = x", "questions": [{"grad": "x", "shape": "2x3"}]"#));
    assert_eq!(kind, ErrorKind::Field);
    assert!(message.starts_with("unknown field `shape`"), "{message}");
    let (kind, _, message) = assignment_error(&assignment(
        r#""program": "f = x", "values": {"x": 1, "x": 2}, "questions": [{"grad": "x"}]"#,
    ));
    assert_eq!((kind, message.as_str()), (ErrorKind::Field, "the value of 'x' is given twice"));
}

#[test]
fn what_the_engine_cannot_answer_is_an_error_at_its_field() {
    let cases = [
        (
            r#""program": "f = sigmod(x)", "questions": [{"grad": "x"}]"#,
            ErrorKind::Program,
            "program",
            "1:5: unknown function 'sigmod'; did you mean sigmoid?",
        ),
        (
            r#""program": "f = x * y", "values": {"w": 1}, "questions": [{"grad": "x"}]"#,
            ErrorKind::Value,
            "values.w",
            "there is no input named 'w' (the inputs are x, y)",
        ),
        (
            r#""program": "q = x + y; f = q * z", "questions": [{"grad": "w"}]"#,
            ErrorKind::Question,
            "questions[0].grad",
            "the output's gradient reaches no value named 'w'; the questions can ask for f, q, z, x, y",
        ),
        (
            r#""program": "f = x * y", "questions": [{"grad": "x"}, {"grad": "x"}]"#,
            ErrorKind::Question,
            "questions[1].grad",
            "d/dx is asked twice",
        ),
        (
            r#""program": "f = log(x)", "values": {"x": 0}, "questions": [{"grad": "x"}]"#,
            ErrorKind::Question,
            "questions[0].grad",
            "df/dx is inf at these values, which no answer can match: choose other values",
        ),
        (
            r#""program": "f = x", "questions": [{"grad": "x", "points": -1}]"#,
            ErrorKind::Field,
            "questions[0].points",
            "points must be a number, 0 or more",
        ),
        (
            r#""program": "f = x", "questions": [{"grad": "x", "tolerance": {"relative": -0.1}}]"#,
            ErrorKind::Field,
            "questions[0].tolerance.relative",
            "a tolerance is a number, 0 or more",
        ),
        (
            r#""program": "f = x", "questions": []"#,
            ErrorKind::Question,
            "questions",
            "no questions: ask for at least one gradient",
        ),
        (
            r#""program": "f = x * y", "questions": [{"grad": "x", "points": 1e308}, {"grad": "y", "points": 1e308}]"#,
            ErrorKind::Field,
            "questions",
            "the points add up to more than a number holds",
        ),
    ];
    for (body, kind, at, message) in cases {
        assert_eq!(
            assignment_error(&assignment(body)),
            (kind, at.to_string(), message.to_string()),
            "{body}"
        );
    }
}

#[test]
fn answers_are_read_as_the_quiz_reads_them_within_its_tolerance() {
    // σ(0.5) = 0.6225, σ' = 0.2350: the 4 digits the page shows pass, 3 do not.
    let body = r#""program": "f = sigmoid(x)", "values": {"x": 0.5}, "questions": [{"grad": "x"}]"#;
    let verdict = |answer: &str| {
        let work =
            read_work(&work(body, &format!(r#"{{"grad": "x", "answer": {answer}}}"#))).expect("a hand-in");
        grade::grade(&work, None).expect("graded").questions[0].verdict
    };
    assert_eq!(verdict(r#""0.2350""#), Verdict::Right);
    assert_eq!(verdict(r#"" .235 ""#), Verdict::Right);
    assert_eq!(verdict("0.2350037122015945"), Verdict::Right);
    assert_eq!(verdict(r#""0.234""#), Verdict::Wrong);
    assert_eq!(verdict(r#""about 0.23""#), Verdict::NotANumber);
    // A teacher's tolerance replaces the Quiz's bound it names.
    let loose = r#""program": "f = sigmoid(x)", "values": {"x": 0.5},
        "questions": [{"grad": "x", "tolerance": {"relative": 0.01}}]"#;
    let work = read_work(&work(loose, r#"{"grad": "x", "answer": "0.234"}"#)).expect("a hand-in");
    assert_eq!(grade::grade(&work, None).expect("graded").questions[0].verdict, Verdict::Right);
}

#[test]
fn a_second_answer_to_one_question_is_an_error() {
    let text = work(CS231N, r#"{"grad": "q", "answer": "-4"}, {"grad": "q", "answer": "3"}"#);
    let e = read_work(&text).expect_err("two answers for q");
    assert_eq!((e.kind, e.position), (ErrorKind::Answer, Position::Field("answers[1]".into())));
}

#[test]
fn every_edit_of_the_teachers_assignment_is_a_difference() {
    let teacher = read_assignment(&assignment(CS231N)).expect("the teacher's");
    let differences = |body: &str| {
        let work = read_work(&work(body, "")).expect("a hand-in");
        grade::grade(&work, Some(&teacher)).expect("graded").differences
    };
    // Spaces, line breaks and comments are not edits; the title is not graded.
    let same = r#""title": "mine", "program": "q = x + y   # the sum\nf = q * z",
        "values": {"x": -2, "y": 5, "z": -4}, "questions": [{"grad": "z", "points": 2}, {"grad": "q"}]"#;
    assert_eq!(differences(same), Vec::<String>::new());
    let edited = r#""program": "q = x + y; f = q * z", "values": {"x": -2, "y": 5, "z": 4},
        "questions": [{"grad": "q", "points": 5}, {"grad": "x"}]"#;
    assert_eq!(
        differences(edited),
        [
            "the value of z: the teacher's is -4, the hand-in's 4",
            "the points of df/dq: the teacher's are 1, the hand-in's 5",
            "the question df/dz is missing from the hand-in",
            "the hand-in asks for df/dx, which the teacher's does not",
        ]
    );
    // A value the program already sets, given again, is the same assignment.
    let explicit = r#""program": "x = -2; q = x + y; f = q * z", "values": {"y": 5, "z": -4},
        "questions": [{"grad": "q"}, {"grad": "z", "points": 2}]"#;
    assert_eq!(differences(explicit).len(), 1, "only the program's text differs");
    let broken = r#""program": "q = x +", "questions": [{"grad": "q"}, {"grad": "z", "points": 2}]"#;
    let said = differences(broken);
    assert!(said[0].starts_with("the program: the teacher's is `q = x + y; f = q * z`"), "{said:?}");
    assert!(said[1].starts_with("the hand-in's assignment does not run: assignment.program: 1:"), "{said:?}");
}
