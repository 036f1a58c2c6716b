//! `@defect`: known defects of the published source, kept as published.
//!
//! An error whose primary location lies in a declaration carrying
//! `@defect(CODE, "reason")` with the same code becomes warning W0316, so a
//! standard imported faithfully from defective workbooks still checks clean
//! while every defect stays in view. A `@defect("reason")` without a code is
//! reported as W0316 on its own; a coded one that matches no error is stale
//! (W0317).

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{EntityRef, Model};
use crate::source::Span;

/// Entity declarations ordered by position, to find the one a span is in.
struct Owners {
    spans: Vec<(Span, EntityRef)>,
}

impl Owners {
    fn new(model: &Model) -> Self {
        let mut spans: Vec<(Span, EntityRef)> =
            model.all_refs().map(|r| (model.meta(r).span, r)).collect();
        spans.sort_by_key(|(s, _)| (s.file, s.start));
        Owners { spans }
    }

    fn owner(&self, span: Span) -> Option<EntityRef> {
        let i = self
            .spans
            .partition_point(|(s, _)| (s.file, s.start) <= (span.file, span.start));
        let (s, r) = self.spans.get(i.checked_sub(1)?)?;
        (s.file == span.file && span.end <= s.end).then_some(*r)
    }
}

/// Apply the model's `@defect` annotations to a phase's diagnostics.
pub fn apply(model: &Model, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let has_defects = model.all_refs().any(|r| !model.meta(r).defects.is_empty());
    if !has_defects {
        return diagnostics;
    }
    let owners = Owners::new(model);
    let mut used: HashSet<(EntityRef, Code)> = HashSet::new();
    let mut out = Vec::with_capacity(diagnostics.len());
    for mut d in diagnostics {
        if d.severity == Severity::Error
            && let Some(owner) = d.primary_span().and_then(|s| owners.owner(s))
            && let Some(defect) = model
                .meta(owner)
                .defects
                .iter()
                .find(|x| x.code == Some(d.code))
        {
            used.insert((owner, d.code));
            d.help = Some(format!(
                "a known defect of the published source, kept as published ({}): {}",
                d.code, defect.reason
            ));
            d.message = format!("{} [published defect, {}]", d.message, d.code);
            d.code = Code::W0316;
            d.severity = Severity::Warning;
        }
        out.push(d);
    }
    for owner in model.all_refs() {
        let meta = model.meta(owner);
        for defect in &meta.defects {
            match defect.code {
                None => out.push(
                    Diagnostic::new(Code::W0316, format!("{} `{}`: published defect: {}", owner.kind, meta.id(), defect.reason))
                        .with_label(defect.span, "recorded here")
                        .with_help("the standard keeps this as published; fix it in the source and remove the annotation"),
                ),
                Some(code) if !used.contains(&(owner, code)) => out.push(
                    Diagnostic::new(Code::W0317, format!("`@defect({code})` matches no {code} error"))
                        .with_label(defect.span, format!("no {code} error here"))
                        .with_help("the defect was fixed: remove the annotation"),
                ),
                Some(_) => {}
            }
        }
    }
    out
}
