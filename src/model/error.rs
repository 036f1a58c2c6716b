//! Errors of building the model: declarations and fields that do not fit the
//! language, duplicate and malformed IDs, and references that do not resolve.

use super::EntityKind;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// An error found while lowering files or resolving the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// A line whose keyword declares no kind of entity (E0201).
    UnknownDeclaration {
        /// The keyword.
        span: Span,
        /// The keyword written.
        found: String,
        /// The closest keyword, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A field the block does not take (E0202).
    UnknownField {
        /// The field's key.
        span: Span,
        /// The key written.
        field: String,
        /// What the block is (`capability`, `event`, `string type`).
        context: &'static str,
        /// The closest field the block takes, if one is close.
        suggestion: Option<&'static str>,
        /// The fields the block takes, in canonical order.
        known: Vec<&'static str>,
    },
    /// A required field or name is missing (E0203).
    MissingField {
        /// The declaration.
        span: Span,
        /// The field (`name` for the quoted name after the ID).
        field: &'static str,
        /// What the block is.
        context: &'static str,
        /// A line that would give it.
        example: &'static str,
    },
    /// A field's values are not of the shape it takes (E0204).
    WrongValue {
        /// The value (or the key, when there is none).
        span: Span,
        /// The field's key.
        field: String,
        /// What the field takes.
        expected: &'static str,
        /// What was written.
        found: String,
    },
    /// A `:` or `=` between a field's key and its value, as YAML and INI
    /// write them (E0204).
    Separator {
        /// The `:` or `=`.
        span: Span,
        /// The field's key.
        field: String,
        /// The separator as written.
        separator: String,
        /// From the end of the key to the start of the value: what the fix
        /// replaces with one space.
        gap: Span,
        /// The line as it should be written.
        suggestion: String,
    },
    /// A field given more than once (E0205).
    RepeatedField {
        /// The field's key.
        field: String,
        /// The first line.
        first: Span,
        /// The line that repeats it.
        second: Span,
    },
    /// An ID declared twice (E0206).
    DuplicateId {
        /// The ID.
        id: String,
        /// The first declaration.
        first: Span,
        /// Its kind.
        first_kind: EntityKind,
        /// The later declaration.
        second: Span,
        /// Its kind.
        second_kind: EntityKind,
    },
    /// An ID not of its kind's form (E0207).
    MalformedId {
        /// The ID.
        span: Span,
        /// The ID written.
        id: String,
        /// The kind declared.
        kind: EntityKind,
    },
    /// A capability kind that is not input, process or output (E0208).
    InvalidKind {
        /// The word.
        span: Span,
        /// The word written.
        found: String,
        /// The closest kind, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A value not among those a field allows (E0209).
    InvalidValue {
        /// The value.
        span: Span,
        /// The field's key.
        field: &'static str,
        /// The value written.
        found: String,
        /// The values allowed.
        allowed: &'static [&'static str],
        /// The closest allowed value, if one is close.
        suggestion: Option<&'static str>,
    },
    /// A blank text (E0210).
    EmptyText {
        /// The text.
        span: Span,
        /// The field's key.
        field: &'static str,
    },
    /// A record field's cardinality that is not one (E0211).
    InvalidCardinality {
        /// The cardinality.
        span: Span,
        /// What was written.
        found: String,
    },
    /// An attribute that is unknown or malformed (E0212).
    InvalidAttribute {
        /// The attribute.
        span: Span,
        /// What is wrong.
        message: String,
        /// What to write instead.
        help: String,
    },
    /// A use case's events out of order (E0213).
    EventOrder {
        /// The event's number.
        span: Span,
        /// Its number.
        number: u32,
        /// The previous event's number.
        previous: Span,
        /// The previous number.
        previous_number: u32,
    },
    /// A data element's type whose options contradict (E0214).
    InvalidType {
        /// The `type` block.
        span: Span,
        /// What is wrong.
        message: String,
        /// What to write instead.
        help: String,
    },
    /// A metric target that is not a number (E0305).
    TargetNotNumber {
        /// The value.
        span: Span,
        /// What was written.
        found: String,
    },
    /// A reference to an ID that no entity has (E0301).
    UnknownRef {
        /// The reference.
        span: Span,
        /// The ID written.
        id: String,
        /// The kinds the field may name.
        expected: &'static [EntityKind],
        /// The closest ID of those kinds, if one is close.
        suggestion: Option<String>,
    },
    /// A reference to an entity of a kind the field does not take (E0302).
    WrongKind {
        /// The reference.
        span: Span,
        /// The ID.
        id: String,
        /// The kinds the field may name.
        expected: &'static [EntityKind],
        /// The kind the ID is.
        actual: EntityKind,
        /// Where the ID is declared.
        definition: Span,
    },
}

/// "an activity", "a data element or a data record"
fn kinds(expected: &[EntityKind]) -> String {
    join_or(expected.iter().map(|k| article(k.noun())).collect())
}

/// "activity", "data element or data record"
fn nouns(expected: &[EntityKind]) -> String {
    join_or(expected.iter().map(|k| k.noun().to_owned()).collect())
}

fn join_or(items: Vec<String>) -> String {
    match items.as_slice() {
        [] => "entity".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

pub(crate) fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']) && !noun.starts_with("use");
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

impl From<ModelError> for Diagnostic {
    fn from(err: ModelError) -> Diagnostic {
        #[allow(clippy::enum_glob_use)]
        use ModelError::*;
        match err {
            UnknownDeclaration {
                span,
                found,
                suggestion,
            } => {
                let help = did_you_mean(suggestion).unwrap_or_else(|| {
                    let all: Vec<&str> = EntityKind::ALL.iter().map(|k| k.keyword()).collect();
                    format!("a declaration starts with one of: {}", all.join(", "))
                });
                let d = Diagnostic::new(Code::E0201, format!("unknown declaration `{found}`"))
                    .with_label(span, "not a kind of entity")
                    .with_help(help);
                fixed(d, span, suggestion)
            }
            UnknownField {
                span,
                field,
                context,
                suggestion,
                known,
            } => unknown_field(span, &field, context, suggestion, &known),
            MissingField {
                span,
                field,
                context,
                example,
            } => missing_field(span, field, context, example),
            WrongValue {
                span,
                field,
                expected,
                found,
            } => wrong_value(span, &field, expected, &found),
            Separator {
                span,
                field,
                separator,
                gap,
                suggestion,
            } => separator_habit(span, &field, &separator, gap, &suggestion),
            RepeatedField {
                field,
                first,
                second,
            } => Diagnostic::new(Code::E0205, format!("`{field}` is given more than once"))
                .with_label(second, "given again here")
                .with_label(first, "first given here")
                .with_help(format!("keep one `{field}` line")),
            DuplicateId {
                id,
                first,
                first_kind,
                second,
                second_kind,
            } => duplicate_id(&id, (first, first_kind), (second, second_kind)),
            MalformedId { span, id, kind } => Diagnostic::new(
                Code::E0207,
                format!("`{id}` is not a valid {kind} ID"),
            )
            .with_label(span, "malformed ID")
            .with_help(format!("{} IDs are {}", kind.noun(), super::ids::expected_form(kind))),
            InvalidKind {
                span,
                found,
                suggestion,
            } => fixed(
                Diagnostic::new(Code::E0208, format!("`{found}` is not a capability kind"))
                    .with_label(span, "expected input, process or output")
                    .with_help(did_you_mean(suggestion).unwrap_or_else(|| {
                        "a capability is `input`, `process` or `output` (FM's `data-input` and `data-output` are accepted)".to_owned()
                    })),
                span,
                suggestion,
            ),
            InvalidValue {
                span,
                field,
                found,
                allowed,
                suggestion,
            } => fixed(
                Diagnostic::new(Code::E0209, format!("`{found}` is not a valid `{field}`"))
                    .with_label(span, "invalid value")
                    .with_help(did_you_mean(suggestion).unwrap_or_else(|| {
                        format!("`{field}` is one of: {}", allowed.join(", "))
                    })),
                span,
                suggestion,
            ),
            EmptyText { span, field } => Diagnostic::new(Code::E0210, format!("`{field}` is empty"))
                .with_label(span, "no text")
                .with_help(format!("write the {field} out; an empty {field} tells a reader nothing")),
            InvalidCardinality { span, found } => Diagnostic::new(
                Code::E0211,
                format!("`{found}` is not a valid cardinality"),
            )
            .with_label(span, "invalid cardinality")
            .with_help("write `N` for exactly N, `MIN..MAX` or `MIN..*`, with MAX at least MIN and above 0 (`1`, `0..1`, `1..*`)"),
            InvalidAttribute {
                span,
                message,
                help,
            } => Diagnostic::new(Code::E0212, message)
                .with_label(span, "invalid attribute")
                .with_help(help),
            EventOrder {
                span,
                number,
                previous,
                previous_number,
            } => Diagnostic::new(
                Code::E0213,
                format!("event {number} comes after event {previous_number}"),
            )
            .with_label(span, "out of order")
            .with_label(previous, format!("event {previous_number} is here"))
            .with_help("number events in the order they happen, each number once"),
            InvalidType {
                span,
                message,
                help,
            } => Diagnostic::new(Code::E0214, message)
                .with_label(span, "invalid type")
                .with_help(help),
            TargetNotNumber { span, found } => Diagnostic::new(
                Code::E0305,
                format!("the target must be a number, found {found}"),
            )
            .with_label(span, "expected a number")
            .with_help("write a target as a comparator, a number and the unit, e.g. `<= 5.00 USD` or `>= 98 %`"),
            UnknownRef {
                span,
                id,
                expected,
                suggestion,
            } => unknown_ref(span, &id, expected, suggestion.as_deref()),
            WrongKind {
                span,
                id,
                expected,
                actual,
                definition,
            } => wrong_kind(span, &id, expected, actual, definition),
        }
    }
}

fn unknown_field(
    span: Span,
    field: &str,
    context: &str,
    suggestion: Option<&str>,
    known: &[&str],
) -> Diagnostic {
    let looks_like_value = field
        .bytes()
        .any(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let help = did_you_mean(suggestion).unwrap_or_else(|| {
        if known.is_empty() {
            format!("{context} takes no fields; remove this line")
        } else if looks_like_value {
            format!("if `{field}` continues the list on the line above, end that line with a comma")
        } else {
            format!("{context} takes: {}", known.join(", "))
        }
    });
    let d = Diagnostic::new(Code::E0202, format!("unknown field `{field}` in {context}"))
        .with_label(span, "unknown field")
        .with_help(help);
    fixed(d, span, suggestion)
}

fn missing_field(span: Span, field: &str, context: &str, example: &str) -> Diagnostic {
    if field == "name" {
        return Diagnostic::new(Code::E0203, format!("{context} has no name"))
            .with_label(span, "a quoted name is required after the ID")
            .with_help(format!("write the name after the ID, as in `{example}`"));
    }
    Diagnostic::new(Code::E0203, format!("{context} has no `{field}`"))
        .with_label(span, format!("`{field}` is required here"))
        .with_help(format!("add a line such as `{example}`"))
}

fn duplicate_id(
    id: &str,
    (first, first_kind): (Span, EntityKind),
    (second, second_kind): (Span, EntityKind),
) -> Diagnostic {
    let message = if first_kind == second_kind {
        format!("{second_kind} `{id}` is declared more than once")
    } else {
        format!(
            "`{id}` is declared as {} and as {}",
            article(first_kind.noun()),
            article(second_kind.noun())
        )
    };
    // Neutral labels: which of the two is the mistake is not known here,
    // and path order is not the order they were written in.
    Diagnostic::new(Code::E0206, message)
        .with_label(second, "declared here")
        .with_label(first, format!("`{id}` is also declared here"))
        .with_help(
            "IDs are unique across the workspace: rename one of them or merge the two declarations",
        )
}

fn unknown_ref(
    span: Span,
    id: &str,
    expected: &[EntityKind],
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::E0301,
        format!("no {} has the ID `{id}`", nouns(expected)),
    )
    .with_label(span, format!("expected {}", kinds(expected)))
    .with_help(
        did_you_mean(suggestion)
            .unwrap_or_else(|| format!("declare it, or refer to an existing {}", nouns(expected))),
    );
    fixed(d, span, suggestion)
}

/// `d` with its "did you mean" offered as the fix, when it has one.
fn fixed(d: Diagnostic, span: Span, suggestion: Option<&str>) -> Diagnostic {
    match suggestion {
        Some(s) => d.with_fix(span, s),
        None => d,
    }
}

fn wrong_value(span: Span, field: &str, expected: &str, found: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0204,
        format!("`{field}` expects {expected}, found {found}"),
    )
    .with_label(span, format!("expected {expected}"))
    .with_help(format!("write {expected} after `{field}`"))
}

fn separator_habit(span: Span, field: &str, sep: &str, gap: Span, suggestion: &str) -> Diagnostic {
    let habit = if sep == ":" {
        "key: value"
    } else {
        "key = value"
    };
    Diagnostic::new(
        Code::E0204,
        format!("`{field}` is followed by `{sep}`: a field's value comes after a space"),
    )
    .with_label(span, format!("remove this `{sep}`"))
    .with_help(format!(
        "write `{suggestion}`; `{habit}` is how YAML and INI files write it, not this language"
    ))
    .with_fix(gap, " ")
}

fn wrong_kind(
    span: Span,
    id: &str,
    expected: &[EntityKind],
    actual: EntityKind,
    definition: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::E0302,
        format!(
            "`{id}` is {}, not {}",
            article(actual.noun()),
            kinds(expected)
        ),
    )
    .with_label(span, format!("expected {}", kinds(expected)))
    .with_label(definition, format!("`{id}` is declared here"))
    .with_help(format!("refer to {} here", kinds(expected)))
}
