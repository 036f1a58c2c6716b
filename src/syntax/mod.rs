//! Syntax: from source text to the untyped [`ast`], with syntax errors.
//!
//! `parser` holds everything that knows about pest; `direct` reads the same
//! grammar by hand for text that parses, and leaves the rest (and every
//! error) to pest. The rest of the crate sees only the AST and
//! [`SyntaxError`].

pub mod ast;
mod direct;
mod parser;
pub mod scan;
pub mod text;

pub use parser::{parse, parse_partial};

/// Whether the direct reader of the grammar and pest agree on `text` (see
/// `direct`): `Ok(true)` when both read the same tree, `Ok(false)` when
/// neither reads it, the difference otherwise. For the tests and the fuzz
/// target that compare the two.
#[doc(hidden)]
pub fn readers_agree(text: &str) -> Result<bool, String> {
    parser::readers_agree(text)
}

/// Whether `c` may stand in a word (an ID, a keyword, a number): the
/// characters of the grammar's `word` rule, for code that writes or
/// completes words without parsing them.
pub fn is_word_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(direct::is_word_byte)
}

use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// An error of the syntax phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// The parser could not go on at `span`.
    Unexpected {
        /// Where.
        span: Span,
        /// What is there, in words.
        found: String,
        /// What could have come there, in words.
        expected: Vec<&'static str>,
        /// On the line of an attribute, whose list cannot go on to the
        /// next line as an item's can.
        in_attribute: bool,
    },
    /// A `"` string not closed on its line.
    UnterminatedString {
        /// From the opening quote to the end of the line.
        span: Span,
    },
    /// A `"` that ends its line after bare words: the closing quote of a
    /// string whose opening one is missing.
    UnopenedString {
        /// The quote.
        span: Span,
        /// The words before it, from the first after the key.
        text: Span,
        /// The line's key.
        key: String,
        /// The words, as written.
        words: String,
    },
    /// A `"""` text block never closed.
    UnterminatedText {
        /// The opening `"""`.
        span: Span,
    },
    /// A backslash escape that is not one.
    InvalidEscape {
        /// The escape.
        span: Span,
        /// The escape as written.
        escape: String,
    },
    /// The file ends inside the block opened at `span`.
    UnclosedBrace {
        /// The `{`.
        span: Span,
    },
    /// A `}` with no block to close.
    UnmatchedBrace {
        /// The `}`.
        span: Span,
    },
    /// Blocks nested deeper than the parser accepts.
    TooDeep {
        /// The block too deep.
        span: Span,
        /// How deep blocks may nest.
        limit: usize,
    },
}

impl SyntaxError {
    /// The primary place of the error.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected { span, .. }
            | SyntaxError::UnterminatedString { span }
            | SyntaxError::UnopenedString { span, .. }
            | SyntaxError::UnterminatedText { span }
            | SyntaxError::InvalidEscape { span, .. }
            | SyntaxError::UnclosedBrace { span }
            | SyntaxError::UnmatchedBrace { span }
            | SyntaxError::TooDeep { span, .. } => *span,
        }
    }
}

fn one_of(items: &[&str]) -> String {
    match items {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl From<SyntaxError> for Diagnostic {
    fn from(err: SyntaxError) -> Diagnostic {
        match err {
            SyntaxError::Unexpected {
                span,
                found,
                expected,
                in_attribute,
            } => {
                let wanted = one_of(&expected);
                let help = if found == "end of line" && expected.contains(&"a value") {
                    if in_attribute {
                        "an attribute's list is written on one line: put its values and the closing `)` before the line ends, and a comment only after the `)`".to_owned()
                    } else {
                        "a list continues on the next line only after a comma; text spanning lines goes in \"\"\" ... \"\"\"".to_owned()
                    }
                } else if expected.contains(&"a keyword") && found != "end of file" {
                    "each line starts with a keyword such as `capability` or `statement`, followed by its values on the same line".to_owned()
                } else {
                    format!("write {wanted} here")
                };
                Diagnostic::new(Code::E0110, format!("expected {wanted}, found {found}"))
                    .with_label(span, format!("expected {wanted}"))
                    .with_help(help)
            }
            SyntaxError::UnterminatedString { span } => Diagnostic::new(
                Code::E0111,
                "string is not closed on its line",
            )
            .with_label(span, "this string has no closing `\"`")
            .with_help(
                "close the string with `\"`; for text over several lines use \"\"\" ... \"\"\"",
            ),
            SyntaxError::UnopenedString {
                span,
                text,
                key,
                words,
            } => {
                let mut shown = words.clone();
                if shown.chars().count() > 40 {
                    shown = shown.chars().take(40).collect::<String>() + "...";
                }
                Diagnostic::new(Code::E0111, "string has no opening quote")
                    .with_label(span, "this `\"` closes a string that was never opened")
                    .with_label(text, "the string's text, it seems")
                    .with_help(format!("put a `\"` before the text: `{key} \"{shown}\"`"))
                    .with_fix(Span::new(text.file, text.start as usize, text.start as usize), "\"")
            }
            SyntaxError::UnterminatedText { span } => {
                Diagnostic::new(Code::E0111, "text block is never closed")
                    .with_label(span, "this `\"\"\"` has no closing `\"\"\"`")
                    .with_help("end the text with `\"\"\"`")
            }
            SyntaxError::UnclosedBrace { span } => {
                Diagnostic::new(Code::E0110, "block is never closed")
                    .with_label(span, "this `{` has no matching `}`")
                    .with_help("add a `}` on its own line where the block ends")
            }
            SyntaxError::UnmatchedBrace { span } => {
                Diagnostic::new(Code::E0110, "`}` closes no block")
                    .with_label(span, "no `{` to match")
                    .with_help("remove this `}`, or add the `{` it was meant to close")
            }
            SyntaxError::TooDeep { span, limit } => Diagnostic::new(
                Code::E0113,
                format!("blocks are nested more than {limit} deep"),
            )
            .with_label(span, "this block is too deep")
            .with_help("declarations nest at most three levels (an entity, an event or type, its fields); check for a missing `}`"),
            SyntaxError::InvalidEscape { span, escape } => Diagnostic::new(
                Code::E0112,
                format!("invalid escape `{escape}` in string"),
            )
            .with_label(span, "not a known escape")
            .with_help(
                r#"the escapes are \" \\ \n \t \r and \u{XXXX}; to write a backslash, double it"#,
            ),
        }
    }
}
