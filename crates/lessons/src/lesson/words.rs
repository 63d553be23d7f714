//! The Lesson's words: one text per language, `crates/lessons/words/{en,ko,ja}.txt`, in the
//! format of the page's tables (`lang::table`): entries between blank lines, a key line
//! (`gradient.title`, `hint.only`, `ui.next`) and then its words, with `{0}` ... markers for
//! what [`lang::fill`] puts in. They are data rather than `lang::t!` texts so that the page
//! fetches them when the Lesson opens (`cargo xtask dist` copies them to `lesson/<code>.txt`)
//! and its first download stays within its budget.

use super::{Said, Step};
use lang::fill;

/// English, as a text (the native tests, the browser suite; the page fetches its copy).
pub const EN: &str = include_str!("../../words/en.txt");
/// 한국어.
pub const KO: &str = include_str!("../../words/ko.txt");
/// 日本語.
pub const JA: &str = include_str!("../../words/ja.txt");

/// The parts of every step's words.
pub const STEP_PARTS: [&str; 4] = ["title", "text", "task", "done"];

/// One language's words, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words(Vec<(String, String)>);

impl Words {
    /// Reads a words text; an entry that is not two lines is an error naming it.
    pub fn parse(text: &str) -> Result<Words, String> {
        let entries = lang::table::entries(text)?;
        Ok(Words(entries.into_iter().map(|(k, w)| (k.to_string(), w.to_string())).collect()))
    }

    /// The words for `key`, or the key itself when it has none (a page whose words file is
    /// behind its wasm shows keys rather than nothing; a test keeps the files complete).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.iter().find(|(k, _)| k == key).map_or(key, |(_, w)| w.as_str())
    }

    /// The words of `part` (`title`, `text`, `task`, ...) of a step.
    pub fn of(&self, step: &Step, part: &str) -> String {
        self.get(&[step.id, ".", part].concat()).to_string()
    }

    /// A sentence, its markers filled.
    pub fn say(&self, said: &Said) -> String {
        let args: Vec<&str> = said.args.iter().map(String::as_str).collect();
        fill(self.get(&said.key), &args)
    }

    /// Every key, in the file's order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}
