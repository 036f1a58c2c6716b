//! The diff report as text (for people), Markdown (a release change log or a
//! pull-request comment) and JSON (the stable machine form).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

pub use super::html::html;
use super::{Change, FieldChange, Impact, Report};
use crate::model::EntityKind;

const IMPACTS: [Impact; 3] = [Impact::Breaking, Impact::Additive, Impact::Editorial];

pub(super) fn release(r: &super::Release) -> String {
    match (&r.name, &r.version) {
        (Some(n), Some(v)) => format!("{n} {v}"),
        (Some(n), None) => n.clone(),
        (None, Some(v)) => v.clone(),
        (None, None) => "(unnamed)".to_owned(),
    }
}

/// The longest a value is shown on one line, in characters.
const SHORT: usize = 80;

/// A value shortened for a one-line report. A list is cut between items,
/// never inside an ID, and says how many it leaves out.
pub(super) fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => return short_list(items),
        other => other.to_string(),
    };
    let s = s.replace('\n', " ");
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s
    }
}

fn short_list(items: &[Value]) -> String {
    if items.is_empty() {
        return "(none)".to_owned();
    }
    let texts: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::String(s) => s.replace('\n', " "),
            other => other.to_string(),
        })
        .collect();
    let mut out = String::new();
    for (i, t) in texts.iter().enumerate() {
        let more = texts.len() - i;
        let sep = if i == 0 { "" } else { ", " };
        // Room for this item, and for "… and N more" after it if need be.
        if i > 0 && out.chars().count() + sep.len() + t.chars().count() > SHORT {
            out.push_str(&format!(", … and {more} more"));
            return out;
        }
        out.push_str(sep);
        out.push_str(t);
    }
    out
}

/// The warning when a bump is suggested and the version stayed the same.
pub(super) fn unchanged_version(report: &Report) -> Option<String> {
    report.version_unchanged.then(|| {
        format!(
            "the version did not change ({0} in both): raise `version` in the new release's fibf.toml for a {1} release",
            report.new.version.as_deref().unwrap_or_default(),
            report.suggested_bump
        )
    })
}

fn counts(report: &Report) -> String {
    let s = &report.summary;
    format!(
        "{} breaking, {} additive, {} editorial",
        s.breaking, s.additive, s.editorial
    )
}

pub(super) fn entity_name(kind: &str) -> &str {
    // The report names kinds as the descriptors do; "service area",
    // "end-to-end process" and "authoritative reference" would be longer
    // than the plain words reports have always used.
    let Some(k) = EntityKind::from_json_name(kind) else {
        return kind;
    };
    match k {
        EntityKind::UseCase | EntityKind::Element | EntityKind::Record => k.noun(),
        EntityKind::Area
        | EntityKind::Process
        | EntityKind::Function
        | EntityKind::Activity
        | EntityKind::Capability
        | EntityKind::Metric
        | EntityKind::Reference
        | EntityKind::Profile => k.info().json_name,
    }
}

fn headline(c: &Change) -> String {
    match (&c.old_id, c.similarity) {
        (Some(old), Some(sim)) => format!(
            "{} `{old}` → `{}` (similarity {sim})",
            entity_name(c.entity),
            c.id
        ),
        _ => format!("{} `{}`", entity_name(c.entity), c.id),
    }
}

fn field_line(f: &FieldChange) -> String {
    let note = f
        .note
        .as_ref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    match (&f.old, &f.new) {
        (Value::String(a), Value::String(b)) if a.len() + b.len() > 60 => {
            format!("{}: {}{note}", f.field, word_diff(a, b))
        }
        _ => format!("{}: {} → {}{note}", f.field, short(&f.old), short(&f.new)),
    }
}

/// A word diff of two texts in git's `[-old-]{+new+}` notation, with long
/// unchanged stretches shortened to `…`.
pub fn word_diff(old: &str, new: &str) -> String {
    use similar::ChangeTag;
    const CONTEXT: usize = 4;
    let runs = word_runs(old, new);
    let last = runs.len().saturating_sub(1);
    let mut out = String::new();
    for (i, (tag, text)) in runs.iter().enumerate() {
        match tag {
            ChangeTag::Delete => out.push_str(&format!("[-{}-]", text.trim())),
            ChangeTag::Insert => out.push_str(&format!("{{+{}+}}", text.trim())),
            ChangeTag::Equal => {
                let words: Vec<&str> = text.split_whitespace().collect();
                let keep_head = if i == 0 { 0 } else { CONTEXT };
                let keep_tail = if i == last { 0 } else { CONTEXT };
                let spaced = |w: &[&str]| w.join(" ");
                if words.len() > keep_head + keep_tail + 1 {
                    let mut piece = String::from(" ");
                    if keep_head > 0 {
                        piece.push_str(&spaced(&words[..keep_head]));
                        piece.push(' ');
                    }
                    piece.push('…');
                    if keep_tail > 0 {
                        piece.push(' ');
                        piece.push_str(&spaced(&words[words.len() - keep_tail..]));
                    }
                    piece.push(' ');
                    out.push_str(&piece);
                } else {
                    out.push(' ');
                    out.push_str(&spaced(&words));
                    out.push(' ');
                }
            }
        }
    }
    out.trim().replace("  ", " ")
}

/// The word changes from `old` to `new`, grouped into runs of one tag
/// (deleted, inserted or kept), each run's text as in its source.
pub(super) fn word_runs(old: &str, new: &str) -> Vec<(similar::ChangeTag, String)> {
    let diff = similar::TextDiff::from_words(old, new);
    let mut runs: Vec<(similar::ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        match runs.last_mut() {
            Some((t, text)) if *t == tag => text.push_str(change.value()),
            _ => runs.push((tag, change.value().to_owned())),
        }
    }
    runs
}

/// The report for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", release(&report.old), release(&report.new));
    if report.changes.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    let _ = writeln!(
        out,
        "suggested version bump: {} ({})",
        report.suggested_bump,
        counts(report)
    );
    if let Some(w) = unchanged_version(report) {
        let _ = writeln!(out, "warning: {w}");
    }
    for impact in IMPACTS {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.impact == impact)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", impact.as_str());
        for c in changes {
            let note = c
                .note
                .as_ref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<9} {} [{}]{note}",
                c.change.as_str(),
                headline(c).replace('`', ""),
                c.area
            );
            for f in &c.fields {
                let _ = writeln!(out, "              {}", field_line(f));
            }
        }
    }
    out
}

/// Escape text for Markdown prose. A `code span` is kept as one (its
/// backticks are not escaped: a reader would see them); outside code spans
/// the characters Markdown would act on are escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let spans = s.matches('`').count();
    let mut in_code = false;
    let mut seen = 0;
    for c in s.chars() {
        if c == '`' {
            seen += 1;
            // An unpaired last backtick stays literal.
            if in_code || seen < spans || spans.is_multiple_of(2) {
                in_code = !in_code;
                out.push(c);
                continue;
            }
        }
        if in_code {
            // No escapes in a code span; a pipe would still end a table cell.
            out.push(c);
        } else {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn md_value(v: &Value) -> String {
    let s = short(v);
    // A value in a code span; backticks inside are replaced, not escaped
    // (Markdown has no escapes in code spans).
    format!("`{}`", s.replace('`', "'"))
}

/// The changes by service area, in area order with the cross-cutting ones
/// last (the key's flag), as the Markdown and HTML reports group them.
pub(super) fn by_area(report: &Report) -> BTreeMap<(bool, &str), Vec<&Change>> {
    let mut by_area: BTreeMap<(bool, &str), Vec<&Change>> = BTreeMap::new();
    for c in &report.changes {
        by_area
            .entry((c.area == "cross-cutting", c.area.as_str()))
            .or_default()
            .push(c);
    }
    by_area
}

/// A release change log grouped by service area and impact.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Changes from {} to {}\n",
        md(&release(&report.old)),
        md(&release(&report.new))
    );
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**Suggested version bump: {}** ({}).",
        report.suggested_bump,
        counts(report)
    );
    if let Some(w) = unchanged_version(report) {
        let _ = writeln!(out, "\n> **Warning:** {}.", md(&w));
    }
    for ((_, area), changes) in by_area(report) {
        let title = if area == "cross-cutting" {
            "Cross-cutting".to_owned()
        } else {
            md(area)
        };
        let _ = writeln!(out, "\n## {title}");
        for impact in IMPACTS {
            let these: Vec<&&Change> = changes.iter().filter(|c| c.impact == impact).collect();
            if these.is_empty() {
                continue;
            }
            let mut heading = impact.as_str().to_owned();
            heading[..1].make_ascii_uppercase();
            let _ = writeln!(out, "\n### {heading}\n");
            for c in these {
                let mut verb = c.change.as_str().to_owned();
                verb[..1].make_ascii_uppercase();
                let title = if c.title.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", md(&short(&Value::String(c.title.clone()))))
                };
                let note = c
                    .note
                    .as_ref()
                    .map(|n| format!(": {}", md(n)))
                    .unwrap_or_default();
                let _ = writeln!(out, "- **{verb}** {}{title}{note}", headline(c));
                for f in &c.fields {
                    let fnote = f
                        .note
                        .as_ref()
                        .map(|n| format!(" ({})", md(n)))
                        .unwrap_or_default();
                    let change = match (&f.old, &f.new) {
                        (Value::String(a), Value::String(b)) if a.len() + b.len() > 60 => {
                            md_value(&Value::String(word_diff(a, b)))
                        }
                        _ => format!("{} → {}", md_value(&f.old), md_value(&f.new)),
                    };
                    let _ = writeln!(out, "  - `{}`: {change}{fnote}", f.field);
                }
            }
        }
    }
    out
}

/// The stable JSON form.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("reports serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::word_diff;

    #[test]
    fn word_diff_marks_changes_and_shortens_context() {
        assert_eq!(
            word_diff(
                "Record the program's assistance listing number and title in the federal catalog",
                "Record the program's assistance listing number and title in the federal catalogue"
            ),
            "… title in the federal [-catalog-]{+catalogue+}"
        );
        assert_eq!(word_diff("a b c", "a x c"), "a [-b-]{+x+} c");
    }
}
