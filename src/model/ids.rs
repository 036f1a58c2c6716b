//! The shape of IDs per entity kind, and how IDs nest.
//!
//! The lifecycle numbering is hierarchical: area `GRM`, function `GRM.010`,
//! activity `GRM.010.010`, capability `GRM.010.010.011`. Capabilities may also
//! use another published numbering (`FFMSR.1.1.1.1`), which says nothing about
//! the activity, so only the lifecycle form is checked against its parent.

use super::EntityKind;

fn is_area_code(s: &str) -> bool {
    (2..=10).contains(&s.len())
        && s.as_bytes()[0].is_ascii_uppercase()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// An area code followed by exactly `groups` groups of three digits.
fn is_lifecycle(s: &str, groups: usize) -> bool {
    let mut parts = s.split('.');
    parts.next().is_some_and(is_area_code)
        && parts.clone().count() == groups
        && parts.all(|p| is_digits(p, 3))
}

fn is_name(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
}

/// `PREFIX.n.n...`: an area-like prefix, then dot-separated numbers.
fn is_dotted_numbering(s: &str) -> bool {
    let mut parts = s.split('.');
    parts.next().is_some_and(is_area_code)
        && parts.clone().count() > 0
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `id` is well formed for `kind`.
pub fn is_valid(kind: EntityKind, id: &str) -> bool {
    match kind {
        EntityKind::Area => is_area_code(id),
        EntityKind::Process => is_digits(id, 3),
        EntityKind::Function => is_lifecycle(id, 1),
        EntityKind::Activity => is_lifecycle(id, 2),
        EntityKind::Capability => is_dotted_numbering(id),
        EntityKind::Element | EntityKind::Record => is_name(id),
        EntityKind::UseCase | EntityKind::Metric | EntityKind::Reference | EntityKind::Profile => {
            is_label(id)
        }
    }
}

/// The expected form, for the help line of a malformed-ID error.
pub fn expected_form(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Area => "2 to 10 capital letters or digits, starting with a letter (`GRM`)",
        EntityKind::Process => "three digits (`040`)",
        EntityKind::Function => "the area code and three digits (`GRM.010`)",
        EntityKind::Activity => "the function ID and three digits (`GRM.010.010`)",
        EntityKind::Capability => {
            "capital letters then dot-separated numbers (`GRM.010.010.011`, `FFMSR.1.1.1.1`)"
        }
        EntityKind::Element | EntityKind::Record => {
            "a letter, then letters, digits or `_` (`AccountEffectiveDate`)"
        }
        EntityKind::UseCase | EntityKind::Metric | EntityKind::Reference | EntityKind::Profile => {
            "letters, digits, `.`, `-` or `_`, starting and ending with a letter or digit (`PL-95-224`)"
        }
    }
}

/// Whether a capability ID uses the lifecycle numbering (`AREA.nnn.nnn.nnn`),
/// and so must start with its activity's ID.
pub fn is_lifecycle_capability(id: &str) -> bool {
    is_lifecycle(id, 3)
}

/// Whether `child` sits directly under `parent` in the lifecycle numbering.
pub fn extends(child: &str, parent: &str) -> bool {
    child.len() > parent.len() + 1
        && child.starts_with(parent)
        && child.as_bytes()[parent.len()] == b'.'
        && !child[parent.len() + 1..].contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityKind::*;

    #[test]
    fn lifecycle_ids() {
        assert!(is_valid(Area, "GRM"));
        assert!(!is_valid(Area, "grm"));
        assert!(is_valid(Process, "040"));
        assert!(!is_valid(Process, "40"));
        assert!(is_valid(Function, "FFM.010"));
        assert!(!is_valid(Function, "FFM.10"));
        assert!(is_valid(Activity, "FFM.100.030"));
        assert!(!is_valid(Activity, "FFM.100.30"));
        assert!(!is_valid(Activity, "FFM.100"));
        assert!(!is_valid(Activity, "FFM.100.030.010"));
    }

    #[test]
    fn capability_numberings() {
        assert!(is_valid(Capability, "GRM.010.010.011"));
        assert!(is_valid(Capability, "FFMSR.1.1.1.1"));
        assert!(!is_valid(Capability, "FFMSR 1.1"));
        assert!(!is_valid(Capability, "GRM.010..1"));
        assert!(is_lifecycle_capability("GRM.010.010.011"));
        assert!(!is_lifecycle_capability("FFMSR.1.1.1.1"));
    }

    #[test]
    fn names_and_labels() {
        assert!(is_valid(Element, "AccountEffectiveDate"));
        assert!(!is_valid(Element, "Account-Date"));
        assert!(is_valid(Reference, "PL-95-224"));
        assert!(!is_valid(Reference, "PL-95-"));
    }

    #[test]
    fn nesting() {
        assert!(extends("GRM.010.010", "GRM.010"));
        assert!(!extends("GRM.0100.010", "GRM.010"));
        assert!(!extends("GRM.010.010.011", "GRM.010"));
        assert!(!extends("GRM.020.010", "GRM.010"));
    }
}
