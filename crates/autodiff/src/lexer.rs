//! Splits program text into tokens. Every token carries its byte span.

use crate::error::{message, Error, ErrorKind, Span};
use lang::{fill, t};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok<'s> {
    /// A number literal: its value and its text (messages quote the text, so no float
    /// formatting is needed to describe it).
    Num(f64, &'s str),
    Ident(&'s str),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    Comma,
    Eq,
    /// A newline or `;`: the end of a statement.
    Sep,
    Eof,
}

impl Tok<'_> {
    /// How the token reads in a message, in the build's language (a quoted symbol stays
    /// as it is).
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Num(_, text) => fill(t!("~the number {0}"), &[text]),
            Tok::Ident(s) => ["'", s, "'"].concat(),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Slash => "'/'".into(),
            Tok::Caret => "'^'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::Eq => "'='".into(),
            Tok::Sep => t!("~the end of the line").into(),
            Tok::Eof => t!("~the end of the program").into(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'s> {
    pub tok: Tok<'s>,
    pub span: Span,
}

pub(crate) fn lex(src: &str) -> Result<Vec<Token<'_>>, Error> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let single = |tok| (tok, start + 1);
        let (tok, end) = match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                // A comment runs to the end of the line; the newline still ends the statement.
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\n' | b';' => single(Tok::Sep),
            b'+' => single(Tok::Plus),
            b'-' => single(Tok::Minus),
            b'*' if bytes.get(i + 1) == Some(&b'*') => (Tok::Caret, start + 2),
            b'*' => single(Tok::Star),
            b'/' => single(Tok::Slash),
            b'^' => single(Tok::Caret),
            b'(' => single(Tok::LParen),
            b')' => single(Tok::RParen),
            b',' => single(Tok::Comma),
            b'=' => single(Tok::Eq),
            b'0'..=b'9' | b'.' => number(src, start)?,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut end = start + 1;
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                (Tok::Ident(&src[start..end]), end)
            }
            _ => return Err(stray(src, start)),
        };
        out.push(Token { tok, span: Span::new(start, end) });
        i = end;
    }
    out.push(Token { tok: Tok::Eof, span: Span::new(src.len(), src.len()) });
    Ok(out)
}

/// `3`, `-2.5` (the sign is an operator), `.5`, `3.`, `1e-3`, `2.5E2`. An `e` that is not
/// followed by digits is not an exponent, so `2e` is `2 * e` and `2exp(x)` is `2 * exp(x)`.
fn number(src: &str, start: usize) -> Result<(Tok<'_>, usize), Error> {
    let bytes = src.as_bytes();
    let digits = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits(start);
    let int_digits = end - start;
    let mut frac_digits = 0;
    if bytes.get(end) == Some(&b'.') {
        let after = digits(end + 1);
        frac_digits = after - end - 1;
        end = after;
    }
    if int_digits == 0 && frac_digits == 0 {
        return Err(Error::new(
            ErrorKind::UnexpectedChar,
            message!("{0}: a '.' must belong to a number, as in .5 or 0.5"),
            Span::new(start, start + 1),
        ));
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let after = digits(j);
        if after > j {
            end = after;
        }
    }
    let text = &src[start..end];
    let span = Span::new(start, end);
    let value = crate::decimal::parse(text).ok_or_else(|| {
        Error::new(ErrorKind::UnexpectedChar, fill(message!("{0}: '{1}' is not a number"), &["", text]), span)
    })?;
    if !value.is_finite() {
        return Err(Error::new(
            ErrorKind::NumberOutOfRange,
            fill(
                message!("{0}: {1} is too large for a 64-bit number (the largest is about 1.8e308)"),
                &["", text],
            ),
            span,
        ));
    }
    Ok((Tok::Num(value, text), end))
}

fn stray(src: &str, at: usize) -> Error {
    let c = src[at..].chars().next().unwrap_or('\u{fffd}');
    let span = Span::new(at, at + c.len_utf8());
    // The character and its code written by hand: `format!` with `{:04X}` and `{c}` linked
    // hex and char formatting, which nothing else in the page uses.
    let message = if c.is_control() {
        let mut hex = String::new();
        push_hex(&mut hex, c as u32);
        fill(message!("{0}: unexpected control character U+{1}"), &["", &hex])
    } else {
        let mut buf = [0; 4];
        let words = if c.is_ascii() {
            message!("{0}: unexpected character '{1}'")
        } else {
            message!(
                "{0}: unexpected character '{1}': names use ASCII letters, digits and _ (write sigmoid for σ, sqrt for √)"
            )
        };
        fill(words, &["", c.encode_utf8(&mut buf)])
    };
    Error::new(ErrorKind::UnexpectedChar, message, span)
}

/// `v` in upper-case hex, at least 4 digits, as `{:04X}` writes it.
fn push_hex(s: &mut String, v: u32) {
    for k in (0..8).rev() {
        if k < 4 || v >> (4 * k) != 0 {
            s.push(char::from(b"0123456789ABCDEF"[(v >> (4 * k)) as usize & 0xF]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_hex_writes_what_format_writes() {
        for v in (0..0x2_0000).step_by(7).chain([0, 0x1b, 0x7f, 0x9f, 0xffff, 0x1_0000, u32::MAX]) {
            let mut s = String::new();
            push_hex(&mut s, v);
            assert_eq!(s, format!("{v:04X}"));
        }
    }

    #[test]
    fn stray_characters_are_named() {
        assert_eq!(stray("x\u{1b}", 1).message, "unexpected control character U+001B");
        assert_eq!(stray("$", 0).message, "unexpected character '$'");
        assert_eq!(
            stray("σ", 0).message,
            "unexpected character 'σ': names use ASCII letters, digits and _ (write sigmoid for σ, sqrt for √)"
        );
    }
}
