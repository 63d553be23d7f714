//! An assignment worked by the engine: its graph at its values, the Quiz over it (whose
//! blanks are what can be asked, and whose hints are the feedback), and per question the
//! blank and tolerance it is checked with.

use autodiff::Graph;
use lessons::quiz::{Quiz, Tolerance};

use crate::error::{Error, ErrorKind};
use crate::format::{Assignment, ToleranceSpec};

/// What the engine makes of an [`Assignment`].
#[derive(Debug, Clone)]
pub struct Worked {
    /// The Quiz over the assignment's graph: the engine's gradients and the hints.
    pub quiz: Quiz,
    /// Per question, in the assignment's order: its blank in [`Worked::quiz`] and its tolerance.
    pub asked: Vec<(usize, Tolerance)>,
    /// Every input's value as the assignment sets it (its own, or the program's).
    pub inputs: Vec<(String, f64)>,
    /// The program as S-expressions: two programs that differ only in spaces, line breaks
    /// or comments have the same.
    pub sexpr: String,
}

impl Assignment {
    /// Compiles the program, sets the values, runs forward and backward, and finds every
    /// question's blank. Each problem is an error at its field.
    pub fn work(&self) -> Result<Worked, Error> {
        let sexpr = self.sexpr()?;
        let mut g = self.graph()?;
        let steps = g.trace();
        let quiz = Quiz::new(&g, &steps);
        let inputs = inputs(&g);
        let default = tolerance(self.tolerance.as_ref(), Tolerance::QUIZ, "tolerance")?;
        if self.questions.is_empty() {
            return Err(Error::field(
                ErrorKind::Question,
                "questions",
                "no questions: ask for at least one gradient",
            ));
        }
        let mut asked = Vec::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let at = |field: &str| format!("questions[{i}]{field}");
            if self.questions[..i].iter().any(|earlier| earlier.grad == q.grad) {
                return Err(Error::field(
                    ErrorKind::Question,
                    at(".grad"),
                    format!("d/d{} is asked twice", q.grad),
                ));
            }
            let Some(blank) = quiz.blanks().iter().position(|b| b.name == q.grad) else {
                let names: Vec<&str> = quiz.blanks().iter().map(|b| b.name.as_str()).collect();
                return Err(Error::field(
                    ErrorKind::Question,
                    at(".grad"),
                    format!(
                        "the output's gradient reaches no value named '{}'; the questions can ask for {}",
                        q.grad,
                        names.join(", ")
                    ),
                ));
            };
            let want = quiz.blanks()[blank].answer;
            if !want.is_finite() {
                return Err(Error::field(
                    ErrorKind::Question,
                    at(".grad"),
                    format!(
                        "{} is {} at these values, which no answer can match: choose other values",
                        quiz.derivative(&q.grad),
                        autodiff::format::number(want)
                    ),
                ));
            }
            if !(q.points.is_finite() && q.points >= 0.0) {
                return Err(Error::field(
                    ErrorKind::Field,
                    at(".points"),
                    "points must be a number, 0 or more",
                ));
            }
            asked.push((blank, tolerance(q.tolerance.as_ref(), default, &at(".tolerance"))?));
        }
        if !self.questions.iter().map(|q| q.points).sum::<f64>().is_finite() {
            return Err(Error::field(
                ErrorKind::Field,
                "questions",
                "the points add up to more than a number holds",
            ));
        }
        Ok(Worked { quiz, asked, inputs, sexpr })
    }
}

impl Assignment {
    /// The program as S-expressions ([`Worked::sexpr`]), or where it does not parse.
    pub(crate) fn sexpr(&self) -> Result<String, Error> {
        autodiff::parse(&self.program)
            .map(|p| p.sexpr())
            .map_err(|e| Error::field(ErrorKind::Program, "program", e.located(&self.program)))
    }

    /// The program compiled, at the assignment's values, forward and backward done.
    pub(crate) fn graph(&self) -> Result<Graph, Error> {
        let mut g = autodiff::compile(&self.program)
            .map_err(|e| Error::field(ErrorKind::Program, "program", e.located(&self.program)))?;
        for (name, value) in &self.values.0 {
            if let Err(e) = g.set_input(name, *value) {
                let inputs: Vec<&str> = g.inputs().iter().filter_map(|&id| g.name(id)).collect();
                return Err(Error::field(
                    ErrorKind::Value,
                    format!("values.{name}"),
                    format!("{e} (the inputs are {})", inputs.join(", ")),
                ));
            }
        }
        g.recompute();
        Ok(g)
    }
}

/// Every named input and its value.
pub(crate) fn inputs(g: &Graph) -> Vec<(String, f64)> {
    g.inputs().iter().filter_map(|&id| Some((g.name(id)?.to_string(), g.value(id)))).collect()
}

/// `spec` over `default`, each bound a number, 0 or more.
fn tolerance(spec: Option<&ToleranceSpec>, default: Tolerance, at: &str) -> Result<Tolerance, Error> {
    let Some(spec) = spec else { return Ok(default) };
    let bound = |v: Option<f64>, fallback: f64, name: &str| match v {
        None => Ok(fallback),
        Some(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Some(_) => {
            Err(Error::field(ErrorKind::Field, format!("{at}.{name}"), "a tolerance is a number, 0 or more"))
        }
    };
    Ok(Tolerance {
        relative: bound(spec.relative, default.relative, "relative")?,
        absolute: bound(spec.absolute, default.absolute, "absolute")?,
    })
}
