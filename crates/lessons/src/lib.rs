//! The playground's lessons as plain Rust: what the page teaches beyond the animation, with
//! no web, no DOM and no I/O, so every lesson is tested natively and the page only renders.
//!
//! - [`fork`]: why backprop adds (`+=`) at forks, by replaying the backward pass with `=`.
//! - [`code`]: the program as cs231n's staged code or as *Deep Learning from Scratch*'s
//!   layer objects, each line tied to the animation event and gate it stands for.
//! - [`quiz`]: the student fills in the gradients from the output backward, with hints.
//! - [`train`]: a sigmoid neuron trained by gradient descent on a small 2-D dataset.
//! - [`history`]: undo and redo over the page's state.
//! - [`lesson`]: the seed deck as a guided walk through the live page, each step checked
//!   by the engine.
//!
//! The words come from `lang::t!`, in the language the page is built for, except the
//! Lesson's, which are data the page fetches when the Lesson opens ([`lesson::Words`]).
//!
//! The crate is written for a size-bound wasm: text tables are `&'static str`, strings are
//! built with `push_str` and `concat` rather than formatting machinery, numbers are
//! written and read with the engine's `format` and `decimal`, and the only dependencies are
//! the engine and `lang`, whose words are looked up at compile time.
//!
//! ```
//! use lessons::{code::{Code, Style}, fork, quiz::{Quiz, Verdict}};
//! let mut g = autodiff::compile("x = 3; y = 2; f = x * x + y").unwrap();
//! let steps = g.trace();
//! // x feeds the * gate twice: a fork, and assigning would lose half of df/dx = 2x = 6.
//! assert!(fork::has_fork(&g));
//! let code = Code::new(&g, &steps, Style::Staged);
//! assert!(code.text().contains("dx += x * dt1 # dx becomes 6"));
//! let mut quiz = Quiz::new(&g, &steps);
//! assert_eq!(quiz.answer("1"), Verdict::Right);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod code;
pub mod fork;
pub mod history;
pub mod lesson;
mod names;
pub mod quiz;
pub mod train;
