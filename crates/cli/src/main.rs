//! `backprop`: the playground's engine on the command line.
//!
//! `backprop grad 'q = x + y; f = q * z' x=-2 y=5 z=-4` prints the output and every named
//! gradient as JSON; `trace` prints the backward pass as a table; `check` compares analytic
//! and numerical gradients; `svg` prints the circuit diagram. Errors go to stderr with exit
//! status 2, never as a panic.

mod grade;
mod help;
mod json;
mod tables;

use std::io::Write;
use std::process::ExitCode;

use autodiff::Graph;

/// Everything that stops a command, each printed as one `error: ...` message.
#[derive(Debug)]
enum CliError {
    /// Bad command line: the message and the usage.
    Usage(String),
    /// The program does not parse or build.
    Program { src: String, error: autodiff::Error },
    /// A well-formed command line the program cannot honour (an unknown input, a file
    /// that cannot be read).
    Input(String),
    /// A file that is not a good hand-in or assignment, and where.
    File { path: String, error: ::grade::Error },
}

impl CliError {
    fn render(&self) -> String {
        match self {
            CliError::Usage(msg) => format!("error: {msg}\n{}\n", help::usage()),
            CliError::Program { src, error } => {
                format!("error: {}\n{}\n", error.located(src), error.caret(src))
            }
            CliError::Input(msg) => format!("error: {msg}\n"),
            CliError::File { path, error } => match error.position {
                ::grade::Position::At { .. } => format!("error: {path}:{error}\n"),
                ::grade::Position::Field(_) => format!("error: {path}: {error}\n"),
            },
        }
    }
}

/// The parsed command line of `grad`, `trace` and `check`.
#[derive(Debug)]
struct Args {
    program: String,
    values: Vec<(String, f64)>,
    /// The finite-difference step, `--h` (only `check` accepts it).
    h: Option<f64>,
}

fn parse_args(command: &str, rest: &[String]) -> Result<Args, CliError> {
    let mut program = None;
    let mut values = Vec::new();
    let mut h = None;
    let mut i = 0;
    while i < rest.len() {
        let arg = &rest[i];
        i += 1;
        if arg == "--h" || arg.starts_with("--h=") {
            if command != "check" {
                return Err(CliError::Usage(format!("--h is an option of check, not of {command}")));
            }
            let text = match arg.strip_prefix("--h=") {
                Some(t) => t.to_string(),
                None => {
                    i += 1;
                    rest.get(i - 1).cloned().ok_or_else(|| CliError::Usage("--h needs a value".into()))?
                }
            };
            match autodiff::format::parse_number(&text) {
                Some(v) if v.is_finite() && v > 0.0 => h = Some(v),
                _ => return Err(CliError::Usage(format!("--h must be a positive number, not '{text}'"))),
            }
        } else if program.is_none() {
            program = Some(arg.clone());
        } else if let Some((name, value)) = arg.split_once('=') {
            // As the page and the element read a number: what the CLI prints (NaN, inf) reads back.
            let v = autodiff::format::parse_number(value)
                .ok_or_else(|| CliError::Usage(format!("'{value}' is not a number (in {arg})")))?;
            values.push((name.trim().to_string(), v));
        } else {
            return Err(CliError::Usage(format!("expected name=value, found '{arg}'")));
        }
    }
    let program = program.ok_or_else(|| CliError::Usage(format!("{command} needs a program")))?;
    Ok(Args { program, values, h })
}

/// Compiles the program, applies the command line's values, and runs forward and backward.
fn load(args: &Args) -> Result<Graph, CliError> {
    let mut g = autodiff::compile(&args.program)
        .map_err(|error| CliError::Program { src: args.program.clone(), error })?;
    for (name, value) in &args.values {
        if g.set_input(name, *value).is_err() {
            let inputs: Vec<&str> = g.inputs().iter().filter_map(|&id| g.name(id)).collect();
            return Err(CliError::Input(format!(
                "there is no input named '{name}' (the inputs are {})",
                inputs.join(", ")
            )));
        }
    }
    g.recompute();
    Ok(g)
}

/// Runs a command: its output and its exit status (only `grade` has one but 0 and 2).
fn run(argv: &[String]) -> Result<(String, ExitCode), CliError> {
    let Some(command) = argv.first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    if command == "grade" && !argv[1..].iter().any(|arg| arg == "--help" || arg == "-h") {
        return grade::run(&argv[1..]);
    }
    text(argv).map(|text| (text, ExitCode::SUCCESS))
}

fn text(argv: &[String]) -> Result<String, CliError> {
    let Some(command) = argv.first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    let rest = &argv[1..];
    // `backprop svg --help` asks for help: it is not the program `-(-help)`, an input named
    // help negated twice (and `-h` is not `-h`'s circuit). A program that means either is
    // written with a space: `'- h'`.
    if rest.iter().any(|arg| arg == "--help" || arg == "-h") {
        return Ok(help::help());
    }
    // One arm per command.
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(help::help()),
        "grad" => {
            let g = load(&parse_args(command, rest)?)?;
            Ok(json::grad(&g) + "\n")
        }
        "trace" => {
            let mut g = load(&parse_args(command, rest)?)?;
            Ok(tables::trace(&mut g))
        }
        "check" => {
            let args = parse_args(command, rest)?;
            let mut g = load(&args)?;
            Ok(tables::check(&mut g, args.h.unwrap_or(1e-5)))
        }
        "svg" => {
            let g = load(&parse_args(command, rest)?)?;
            Ok(circuit::render_svg(&g))
        }
        other => Err(CliError::Usage(format!("unknown command '{other}'"))),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    match run(&argv) {
        Ok((text, status)) => {
            // A closed pipe (`backprop trace ... | head`) is not an error worth a message.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            status
        }
        Err(e) => {
            let _ = std::io::stderr().lock().write_all(e.render().as_bytes());
            ExitCode::from(2)
        }
    }
}
