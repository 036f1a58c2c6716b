//! Findings of the check phase. Each carries the entity it belongs to, which
//! is where an `@allow` for a warning is looked up.

use crate::diag::{Code, Diagnostic};
use crate::model::{EntityKind, EntityRef, Model};
use crate::source::Span;

/// A finding about the resolved model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// A lifecycle ID that does not sit under its parent's (E0303).
    ParentMismatch {
        /// The function, activity or capability.
        child: EntityRef,
        /// Its reference to the parent.
        parent_ref: Span,
        /// The parent it names.
        parent: EntityRef,
    },
    /// Records that contain each other (E0304).
    RecordCycle {
        /// Records on the cycle, each with the field leading to the next.
        cycle: Vec<(u32, Span)>,
    },
    /// Profiles that extend each other (E0306).
    ProfileCycle {
        /// Profiles on the cycle, each with the `extends` leading to the next.
        cycle: Vec<(u32, Span)>,
    },
    /// Records nested deeper than a schema can hold (E0307).
    RecordDepth {
        /// The record.
        record: u32,
        /// How deep.
        depth: usize,
    },
    /// A target or threshold in another unit than its metric's (E0305).
    TargetUnit {
        /// The metric or profile.
        owner: EntityRef,
        /// The unit.
        span: Span,
        /// The unit written.
        found: String,
        /// The metric.
        metric: u32,
    },
    /// A target or threshold out of its unit's range (E0305).
    TargetRange {
        /// The metric or profile.
        owner: EntityRef,
        /// The number.
        span: Span,
        /// What is wrong.
        message: String,
    },
    /// A data element that nothing uses (W0310).
    UnusedElement {
        /// The element.
        owner: EntityRef,
    },
    /// A reference to a deprecated entity (W0311).
    Deprecated {
        /// The entity that refers.
        owner: EntityRef,
        /// The reference.
        span: Span,
        /// The deprecated entity.
        target: EntityRef,
    },
    /// A profile's selection that selects nothing (W0312).
    EmptySelection {
        /// The profile.
        owner: EntityRef,
        /// The `select` line.
        span: Span,
    },
    /// A profile's exclusion of a capability it does not require (W0313).
    IneffectiveExclusion {
        /// The profile.
        owner: EntityRef,
        /// The `exclude` ID.
        span: Span,
    },
    /// An event's capability that is not under the event's activity (W0314).
    EventCapability {
        /// The use case.
        owner: EntityRef,
        /// The capability's ID in the event.
        span: Span,
        /// The capability.
        capability: EntityRef,
        /// The event's activity.
        event_activity: EntityRef,
    },
    /// An `@allow` that allows nothing (W0315).
    UnusedAllow {
        /// The entity.
        owner: EntityRef,
        /// The attribute.
        span: Span,
        /// The warning it allows.
        code: Code,
    },
    /// An element's example that its type rejects (E0320).
    BadExample {
        /// The element.
        owner: EntityRef,
        /// The example.
        span: Span,
        /// The type.
        type_span: Span,
        /// Why the type rejects it.
        message: String,
    },
    /// A pattern that is not a valid regular expression (E0214).
    InvalidPattern {
        /// The element.
        owner: EntityRef,
        /// The pattern.
        span: Span,
        /// Why it is invalid.
        message: String,
    },
}

impl CheckError {
    /// The diagnostic code of the error.
    pub fn code(&self) -> Code {
        match self {
            CheckError::ParentMismatch { .. } => Code::E0303,
            CheckError::RecordCycle { .. } => Code::E0304,
            CheckError::ProfileCycle { .. } => Code::E0306,
            CheckError::RecordDepth { .. } => Code::E0307,
            CheckError::TargetUnit { .. } | CheckError::TargetRange { .. } => Code::E0305,
            CheckError::UnusedElement { .. } => Code::W0310,
            CheckError::Deprecated { .. } => Code::W0311,
            CheckError::EmptySelection { .. } => Code::W0312,
            CheckError::IneffectiveExclusion { .. } => Code::W0313,
            CheckError::EventCapability { .. } => Code::W0314,
            CheckError::UnusedAllow { .. } => Code::W0315,
            CheckError::BadExample { .. } => Code::E0320,
            CheckError::InvalidPattern { .. } => Code::E0214,
        }
    }

    /// The entity whose `@allow` can suppress this finding.
    pub fn owner(&self) -> Option<EntityRef> {
        match self {
            CheckError::ParentMismatch { child, .. } => Some(*child),
            CheckError::RecordCycle { .. } | CheckError::ProfileCycle { .. } => None,
            CheckError::RecordDepth { record, .. } => Some(EntityRef {
                kind: EntityKind::Record,
                index: *record,
            }),
            CheckError::TargetUnit { owner, .. }
            | CheckError::TargetRange { owner, .. }
            | CheckError::UnusedElement { owner }
            | CheckError::Deprecated { owner, .. }
            | CheckError::EmptySelection { owner, .. }
            | CheckError::IneffectiveExclusion { owner, .. }
            | CheckError::EventCapability { owner, .. }
            | CheckError::BadExample { owner, .. }
            | CheckError::InvalidPattern { owner, .. } => Some(*owner),
            // An unused `@allow` cannot itself be allowed.
            CheckError::UnusedAllow { .. } => None,
        }
    }

    /// The error as a diagnostic, its labels naming entities of `model`.
    pub fn into_diagnostic(self, model: &Model) -> Diagnostic {
        let code = self.code();
        let id = |r: EntityRef| model.meta(r).id().to_owned();
        match self {
            CheckError::ParentMismatch {
                child,
                parent_ref,
                parent,
            } => {
                let (cid, pid) = (id(child), id(parent));
                Diagnostic::new(
                    code,
                    format!("{} `{cid}` does not belong under {} `{pid}`", child.kind, parent.kind),
                )
                .with_label(model.meta(child).id.span, format!("expected an ID of the form `{pid}.NNN`"))
                .with_label(parent_ref, format!("its parent is `{pid}`"))
                .with_help(format!(
                    "either the ID or the parent is wrong: renumber it under `{pid}` or name the {} its ID belongs to",
                    parent.kind
                ))
            }
            CheckError::RecordCycle { cycle } => cycle_diagnostic(code, "record", "contains", &cycle, |i| {
                model.records[i as usize].meta.id().to_owned()
            })
            .with_help("a record cannot contain itself: break the cycle by referring to an identifying data element instead of the record"),
            CheckError::RecordDepth { record, depth } => {
                let r = &model.records[record as usize];
                Diagnostic::new(
                    code,
                    format!(
                        "record `{}` nests records {depth} levels deep, more than {}",
                        r.meta.id(),
                        super::MAX_RECORD_DEPTH
                    ),
                )
                .with_label(r.meta.id.span, format!("{depth} levels of records"))
                .with_help("nest fewer records: refer to an identifying data element instead of embedding the whole record")
            }
            CheckError::ProfileCycle { cycle } => cycle_diagnostic(code, "profile", "extends", &cycle, |i| {
                model.profiles[i as usize].meta.id().to_owned()
            })
            .with_help("remove one `extends` so that inheritance runs one way"),
            CheckError::TargetUnit {
                span,
                found,
                metric,
                ..
            } => {
                let m = &model.metrics[metric as usize];
                let unit = m.unit.as_ref().expect("only reported when the metric has a unit");
                Diagnostic::new(
                    code,
                    format!("target is in `{found}` but metric `{}` is measured in `{}`", m.meta.id(), unit.value),
                )
                .with_label(span, "wrong unit")
                .with_label(unit.span, "the metric's unit")
                .with_help(format!("express the target in `{}`", unit.value))
            }
            CheckError::TargetRange { span, message, .. } => Diagnostic::new(code, message)
                .with_label(span, "out of range")
                .with_help("a percentage target lies between 0 and 100"),
            CheckError::UnusedElement { owner } => {
                let meta = model.meta(owner);
                Diagnostic::new(code, format!("data element `{}` is never used", meta.id()))
                    .with_label(meta.id.span, "no capability, record, use case or profile refers to it")
                    .with_help("list it in a capability's `inputs`/`outputs` or a record's `field`, or name its `capabilities`; if it is kept on purpose, add `@allow(W0310, \"reason\")`")
            }
            CheckError::Deprecated { span, target, .. } => {
                let meta = model.meta(target);
                Diagnostic::new(code, format!("{} `{}` is deprecated", target.kind, meta.id()))
                    .with_label(span, "refers to a deprecated entity")
                    .with_label(
                        meta.status.as_ref().map_or(meta.id.span, |s| s.span),
                        "deprecated here",
                    )
                    .with_help("refer to its replacement, or deprecate this entity too")
            }
            CheckError::EmptySelection { span, .. } => Diagnostic::new(code, "this selection selects no capability")
                .with_label(span, "matches nothing")
                .with_help("the area, function or activity has no capabilities of that kind; widen or remove the selection"),
            CheckError::IneffectiveExclusion { span, .. } => Diagnostic::new(code, "exclusion of a capability the profile does not require")
                .with_label(span, "not required anyway")
                .with_help("remove the exclusion, or check the capability ID"),
            CheckError::EventCapability {
                span,
                capability,
                event_activity,
                ..
            } => {
                let cap = &model.capabilities[capability.index as usize];
                Diagnostic::new(
                    code,
                    format!(
                        "capability `{}` belongs to activity `{}`, not to the event's activity `{}`",
                        cap.meta.id(),
                        cap.activity.id,
                        id(event_activity)
                    ),
                )
                .with_label(span, "capability of another activity")
                .with_help("move the capability to an event of its own activity, or correct the event's activity")
            }
            CheckError::BadExample {
                owner,
                span,
                type_span,
                message,
            } => Diagnostic::new(
                code,
                format!("the example of `{}` does not match its type: {message}", id(owner)),
            )
            .with_label(span, "invalid example")
            .with_label(type_span, "the element's type")
            .with_help("give an example that is a real value of the type (a format such as YYYYMMDD belongs in the definition)"),
            CheckError::InvalidPattern { span, message, .. } => Diagnostic::new(
                code,
                format!("the pattern is not a valid regular expression: {message}"),
            )
            .with_label(span, "invalid pattern")
            .with_help("patterns are ECMA-262 regular expressions, as in JSON Schema"),
            CheckError::UnusedAllow { span, code: allowed, .. } => Diagnostic::new(
                code,
                format!("`@allow({allowed})` suppresses nothing"),
            )
            .with_label(span, format!("no {allowed} warning here"))
            .with_help("remove the attribute; the warning it was for no longer occurs"),
        }
    }
}

fn cycle_diagnostic(
    code: Code,
    noun: &str,
    verb: &str,
    cycle: &[(u32, Span)],
    name: impl Fn(u32) -> String,
) -> Diagnostic {
    let mut names: Vec<String> = cycle
        .iter()
        .map(|&(n, _)| format!("`{}`", name(n)))
        .collect();
    names.push(names[0].clone());
    let mut diag = Diagnostic::new(code, format!("{noun} cycle: {}", names.join(" → ")));
    for (i, &(n, span)) in cycle.iter().enumerate() {
        let next = cycle[(i + 1) % cycle.len()].0;
        let msg = if i + 1 == cycle.len() {
            format!("`{}` leads back to `{}`", name(n), name(next))
        } else {
            format!("`{}` {verb} `{}`", name(n), name(next))
        };
        diag = diag.with_label(span, msg);
    }
    // The closing edge is the most useful primary location.
    diag.labels.rotate_right(1);
    diag
}
