//! The `--help` text: the language and the commands, with the cs231n example.

use autodiff::{MAX_DEPTH, MAX_PROGRAM_BYTES};

pub fn usage() -> &'static str {
    "usage: backprop <grad|trace|check|svg> '<program>' [name=value ...] [--h STEP]\n       backprop grade WORK.json... [--assignment A.json] [--json | --gradescope]\n       backprop --help"
}

pub fn help() -> String {
    format!(
        "backprop: reverse-mode automatic differentiation of a tiny language, for learning backpropagation.

{usage}

COMMANDS
  grad  '<program>' [name=value ...]
        Prints JSON: {{\"value\": <output>, \"grad\": {{\"<name>\": <d output / d name>, ...}}}},
        one entry per input and per named value, in program order. Non-finite numbers
        print as the strings \"inf\", \"-inf\" and \"NaN\".
  trace '<program>' [name=value ...]
        The backward pass step by step: for each edge of each gate, the upstream gradient,
        the local gradient, their product (the contribution) and the input's running sum.
  check '<program>' [name=value ...] [--h 1e-5]
        Analytic gradients against one-sided (f(x+h) - f(x)) / h and centred
        (f(x+h) - f(x-h)) / 2h numerical gradients, with relative errors.
  svg   '<program>' [name=value ...]
        The circuit as a self-contained SVG on stdout, every value (green, above each
        wire) and gradient (red, below it) filled in: what the page's Download SVG saves.

  grade WORK.json... [--assignment A.json] [--json | --gradescope]
        Grades a student's hand-in (the page's \"Save my work\" file): recomputes every
        answer with the engine, prints each question's points and, for an answer that is
        not right, the Quiz's hint (the local gradient and upstream value to look at), then
        the total. Any score or \"done\" field in the file is ignored. With the teacher's
        assignment (--assignment), answers are checked against it and any difference in
        the hand-in's copy (program, values, questions, points) is reported. --json prints
        the report as JSON; --gradescope prints Gradescope's results.json (a file that
        cannot be read is then a result of 0 points, not an error). Several hand-ins
        (backprop grade class/*.json --assignment A.json) print each report, then one
        line per file; a file that cannot be read is a line there. docs/grading.md
        describes both files.

  name=value sets an input's value for this run (it must be an input of the program):
  a decimal (-2, 0.5, 1e-7) or inf, -inf, NaN, as grad prints them.

EXAMPLE (cs231n: f = (x + y) z)
  backprop grad 'q = x + y; f = q * z' x=-2 y=5 z=-4
  {{\"value\":-12.0,\"grad\":{{\"x\":-4.0,\"y\":-4.0,\"q\":-4.0,\"z\":3.0,\"f\":1.0}}}}

THE LANGUAGE
  Statements   one per line or separated by ';'. Each is `name = expression`; the last
               may be a bare expression. The last statement is the output.
  Inputs       a name assigned a plain number (`x = -2`) is an input starting there; a name
               used but never assigned is an input starting at 1. A name may be assigned
               again: later statements see the newest value, labelled name#2, name#3, ...
  Names        ASCII letters, digits and _, not starting with a digit: x, w0, z_1.
  Numbers      3  2.5  .5  3.  1e-3  2.5E2  (a leading '-' is the negation operator).
  Operators    loosest to tightest:
                 + -          add, subtract (left to right)
                 * /          multiply, divide (left to right), and implicit products
                 -            negation: -x^2 is -(x^2)
                 ^  or **     power, right to left: 2^3^2 is 2^9
               Parentheses group as usual.
  Implicit     a number directly before a name or '(' multiplies: 2x, 3(y - 1), 2exp(x).
  Functions    exp(a)  log(a) (also ln(a))  sqrt(a)  abs(a)  sin(a)  cos(a)  tanh(a)
               sigmoid(a)  relu(a)  softplus(a) = ln(1 + e^a)  max(a, b)  min(a, b)
               Function names are reserved. At kinks and ties: relu'(0) = 0, abs'(0) = 0,
               max and min send the whole gradient to the first operand on a tie.
  Comments     '#' to the end of the line.
  Limits       a program of at most {bytes} bytes, nested at most {depth} levels deep.

EXIT STATUS
  0 on success; 1 when grade graded a hand-in whose assignment is not the teacher's;
  2 for any error, printed on stderr as `error: line:column: message`
  followed by the offending line and a caret under the problem.
",
        usage = usage(),
        bytes = MAX_PROGRAM_BYTES,
        depth = MAX_DEPTH,
    )
}
