//! The state and its URL form.

use super::*;

#[test]
fn hash_round_trips() {
    let mut s = State::from_example(known_example("staged"));
    s.program.push_str("\n# a & b = c, 100% σ\n");
    s.expanded = true;
    let values = vec![("x".to_string(), -2.5), ("y".to_string(), 1e-7), ("z".to_string(), f64::INFINITY)];
    let hash = s.to_hash(&values);
    let back = State::from_hash(&format!("#{hash}")).unwrap_or_default();
    assert_eq!(back.program, s.program);
    assert_eq!(back.example, "staged");
    assert!(back.expanded);
    assert_eq!(back.values, values);
}

#[test]
fn the_position_and_the_selected_gate_round_trip() {
    let mut s = State::from_example(known_example("max"));
    s.t = Some(7);
    s.selected = Some(12);
    let hash = s.to_hash(&[]);
    assert!(hash.ends_with("&t=7&sel=12"), "{hash}");
    let back = State::from_hash(&hash).unwrap_or_default();
    assert_eq!((back.t, back.selected), (Some(7), Some(12)));
    assert_eq!(State::from_hash("#ex=max&t=0").map(|b| b.t), Ok(Some(0)), "step 0 is a position");
    // Not whole numbers: the circuit opens without them.
    for bad in ["t=x", "t=-1", "t=2.5", "sel=", "sel=1e12", "t=NaN"] {
        let s = State::from_hash(&format!("#ex=max&{bad}"));
        assert_eq!(s.as_ref().map(|b| (b.t, b.selected)), Ok((None, None)), "{bad}");
        assert_eq!(s.map(|b| b.program), Ok(known_example("max").program.to_string()));
    }
}

#[test]
fn the_learning_preset_is_point_1_at_the_starting_weights() {
    let trainer = lessons::train::Trainer::new();
    let point_1 = trainer.program_for_point(0).map(|p| p.text);
    assert_eq!(Some(known_example("learn").program.to_string()), point_1);
}

#[test]
fn classroom_flags_round_trip_and_unknown_panels_are_ignored() {
    let s = State::from_hash("#ex=max&lock=1&hide=step,numeric,nonsense&embed=1&quiz=1&fork=1&code=layers")
        .unwrap_or_default();
    assert_eq!(
        s.class,
        Classroom {
            lock: true,
            hide: vec!["numeric", "step"],
            embed: true,
            quiz: true,
            code: Some(Style::Layers),
            fork: true
        }
    );
    let hash = s.to_hash(&[]);
    assert!(hash.ends_with("&lock=1&hide=numeric,step&embed=1&quiz=1&fork=1&code=layers"), "{hash}");
    assert_eq!(State::from_hash(&hash).map(|b| b.class), Ok(s.class));
    assert_eq!(State::from_hash("#ex=max").map(|b| b.class), Ok(Classroom::default()));
}

#[test]
fn hash_shape_follows_the_contract() {
    let s = State::default();
    let hash = s.to_hash(&[("x".into(), -2.0), ("y".into(), 5.0)]);
    assert_eq!(hash, "ex=fxyz&p=x%20%3D%20-2%0Ay%20%3D%205%0Az%20%3D%20-4%0Aq%20%3D%20x%20%2B%20y%0Af%20%3D%20q%20%2A%20z&v=x:-2,y:5");
}

#[test]
fn the_menu_names_the_example_until_the_program_is_changed() {
    let mut s = State::from_example(known_example("max"));
    assert_eq!(s.menu_example(), "max");
    s.program.push_str("\ng = f * 2");
    assert_eq!(s.menu_example(), "", "an edited program is the student's own");
    let mut learn = State::from_example(known_example("learn"));
    learn.program = learn.program.replace("x0 = 1", "x0 = -2");
    assert_eq!(learn.menu_example(), "learn", "another point's circuit is still the preset's");
}

#[test]
fn empty_hash_is_the_default_example() {
    assert_eq!(State::from_hash(""), Ok(State::default()));
    assert_eq!(State::from_hash("#"), Ok(State::default()));
    assert_eq!(State::default().example, "fxyz");
}

#[test]
fn example_alone_opens_that_example() {
    let s = State::from_hash("#ex=max").unwrap_or_default();
    assert_eq!(s.program, known_example("max").program);
}

#[test]
fn hostile_hashes_are_errors_not_panics() {
    for bad in [
        "#ex=nope",
        "#p=%",
        "#p=%zz",
        "#p=%C3%28",
        "#v=x:abc",
        "#v=x",
        "#v=%3Cscript%3E:1",
        "#v=x:1e400000000000000000000000000000000000000000000",
        "#garbage",
        "#v=x:0x10",
    ] {
        assert!(State::from_hash(bad).is_err(), "{bad} should be refused");
    }
    let long = format!("#p={}", "a".repeat(MAX_HASH_BYTES + 1));
    assert_eq!(State::from_hash(&long), Err(t!("~the link is too long").to_string()));
    // The program's limit is on the decoded text: escaped, a program may take more
    // than MAX_PROGRAM_BYTES of the link and still open...
    let n = autodiff::MAX_PROGRAM_BYTES / 3 + 10;
    let escaped = format!("#p={}", "%41".repeat(n));
    assert!(escaped.len() > autodiff::MAX_PROGRAM_BYTES && escaped.len() <= MAX_HASH_BYTES);
    assert_eq!(State::from_hash(&escaped).map(|s| s.program), Ok("A".repeat(n)));
    // ...and one over the limit once decoded is refused, though the link is short enough.
    let over = format!("#p={}", "a".repeat(autodiff::MAX_PROGRAM_BYTES + 1));
    assert!(over.len() <= MAX_HASH_BYTES);
    assert_eq!(State::from_hash(&over), Err(t!("~the link's program is too long").to_string()));
    // Unknown keys and a hostile program are fine: the program is only ever parsed.
    let s = State::from_hash("#zz=1&p=%3Cimg%20src%3Dx%3E").unwrap_or_default();
    assert_eq!(s.program, "<img src=x>");
}

#[test]
fn set_value_replaces() {
    let mut s = State::default();
    s.set_value("x", 1.0);
    s.set_value("x", 2.0);
    assert_eq!(s.values, vec![("x".to_string(), 2.0)]);
    assert_eq!(s.value_of("x"), Some(2.0));
}

#[test]
fn the_lessons_step_and_highlight_round_trip_through_the_link() {
    let s = State::from_hash("#lesson=5&hl=q&lock=1").expect("a link");
    assert_eq!((s.lesson, s.highlight.as_deref(), s.class.lock), (Some(4), Some("q"), true));
    let hash = s.to_hash(&[]);
    assert!(hash.contains("&lesson=5") && hash.contains("&hl=q"), "{hash}");
    assert_eq!(State::from_hash(&hash).expect("its own link"), s);
    // Step 0, a step that is no number and a highlight that is no name are left out.
    for junk in ["#lesson=0", "#lesson=x", "#lesson=2.5"] {
        assert_eq!(State::from_hash(junk).expect("opens").lesson, None, "{junk}");
    }
    assert_eq!(State::from_hash("#hl=%3Cb%3E").expect("opens").highlight, None);
}

#[test]
fn pieces_and_cut_split_as_str_split_and_split_once_do() {
    for s in ["", "&", "a", "a&b", "&a&&b&", "p=a%26b&v=x:1,y:-2", "é&ü=σ&&", "==", "a=b=c"] {
        for sep in [b'&', b'=', b',', b':'] {
            let want: Vec<&str> = s.split(char::from(sep)).collect();
            assert_eq!(pieces(s, sep).collect::<Vec<_>>(), want, "{s:?} by {}", char::from(sep));
            assert_eq!(cut(s, sep), s.split_once(char::from(sep)), "{s:?} by {}", char::from(sep));
        }
    }
}
