//! Lowering: one file's syntax tree to typed entities.
//!
//! Runs per file (in parallel across files) and knows nothing of other files:
//! references are left unresolved for `build`. Every shape error of a
//! declaration or field is reported here with its span.

use super::fields::{self, Fields, describe};
use super::kinds;
use std::collections::HashMap;

use super::{
    Activity, Allow, Area, Capability, CapabilityKind, Cardinality, Code, CodeValue, Comparator,
    DataType, Defect, Dimension, Element, EntityKind, Event, Field, Flow, Function, Meta, Metric,
    Model, ModelError, Number, Process, Profile, Provenance, Record, Ref, Reference, Selection,
    Span, Spanned, Status, StringFormat, Target, Text, Threshold, TypeKind, UseCase, ids,
};
use crate::diag::Severity;
use crate::suggest;
use crate::syntax::ast::{self, Item, Value, ValueKind};

/// The entities of one file and the errors found lowering it.
pub struct FileModel {
    /// The file's entities, references unresolved.
    pub model: Model,
    /// What lowering found wrong.
    pub errors: Vec<ModelError>,
}

/// Lower one parsed file.
pub fn lower(file: &ast::File<'_>) -> FileModel {
    let mut cx = Lower {
        model: Model::default(),
        errors: Vec::new(),
    };
    for item in &file.items {
        cx.declaration(item);
    }
    FileModel {
        model: cx.model,
        errors: cx.errors,
    }
}

struct Lower {
    model: Model,
    errors: Vec<ModelError>,
}

/// The parts of a declaration line: `kind ID [kind-word] ["Name"] { ... }`.
struct Header {
    id: Spanned<String>,
    name: Option<Text>,
    /// A bare word after the ID (a capability's kind).
    modifier: Option<Spanned<String>>,
}

const NO_ITEMS: &[Item<'static>] = &[];

impl Lower {
    fn declaration(&mut self, item: &Item<'_>) {
        let Some(kind) = EntityKind::from_keyword(item.key.text) else {
            let keywords = EntityKind::ALL.iter().map(|k| k.keyword());
            self.errors.push(ModelError::UnknownDeclaration {
                span: item.key.span,
                found: item.key.text.to_owned(),
                suggestion: suggest::best(item.key.text, keywords),
            });
            return;
        };
        let Some(mut header) = self.header(kind, item) else {
            return;
        };
        // Only a capability's header has a word after the ID: its kind.
        let kind_word = header.modifier.take();
        let (allows, defects) = self.attributes(item);
        let items = item.block.as_ref().map_or(NO_ITEMS, |b| b.items.as_slice());
        let mut errors = std::mem::take(&mut self.errors);
        let items = fields::without_separators(items, kind.info().fields, &mut errors);
        let mut f = Fields::new(
            kind.keyword(),
            kind.info().fields,
            true,
            &items,
            &mut errors,
        );
        let meta = common(&mut f, kind, header, allows, defects, item.span);
        let decl = item.key.span.to(meta.id.span);
        match kind {
            EntityKind::Area => {
                let area = Area {
                    lead: f.text("lead"),
                    version: f.text("version"),
                    meta,
                };
                self.model.areas.push(area);
            }
            EntityKind::Process => self.model.processes.push(Process { meta }),
            EntityKind::Function => {
                let area = f.required_reference("area", decl, "area GRM");
                self.model.functions.push(Function { meta, area });
            }
            EntityKind::Activity => {
                let function = f.required_reference("function", decl, "function GRM.010");
                let legacy = f
                    .references("legacy")
                    .into_iter()
                    .map(|r| Spanned::new(r.id, r.span))
                    .collect();
                let measures = f.texts("measure");
                self.model.activities.push(Activity {
                    meta,
                    function,
                    legacy,
                    measures,
                });
            }
            EntityKind::Capability => {
                let cap = capability(&mut f, meta, decl, kind_word);
                self.model.capabilities.push(cap);
            }
            EntityKind::UseCase => {
                let uc = use_case(&mut f, meta);
                self.model.use_cases.push(uc);
            }
            EntityKind::Metric => {
                let metric = Metric {
                    activity: f.reference("activity"),
                    dimension: f.choice("dimension", Dimension::NAMES, Dimension::parse),
                    unit: unit(&mut f),
                    target: f.one("target").and_then(|i| target(&mut f, i, &i.values)),
                    computation: f.text("computation"),
                    meta,
                };
                self.model.metrics.push(metric);
            }
            EntityKind::Element => {
                let definition = f.required_text(
                    "definition",
                    decl,
                    "definition \"The date the account becomes effective.\"",
                );
                let data_type = f.one("type").and_then(|i| data_type(&mut f, i));
                let element = Element {
                    definition,
                    data_type,
                    example: example(&mut f),
                    activities: f.references("activities"),
                    capabilities: f.references("capabilities"),
                    references: f.references("references"),
                    meta,
                };
                self.model.elements.push(element);
            }
            EntityKind::Record => {
                let fields = f
                    .all("field")
                    .into_iter()
                    .filter_map(|i| record_field(&mut f, i))
                    .collect();
                self.model.records.push(Record { meta, fields });
            }
            EntityKind::Reference => {
                let reference = Reference {
                    citation: f.text("citation"),
                    url: f.text("url"),
                    meta,
                };
                self.model.references.push(reference);
            }
            EntityKind::Profile => {
                let profile = profile(&mut f, meta);
                self.model.profiles.push(profile);
            }
        }
        f.finish();
        self.errors.append(&mut errors);
    }

    fn header(&mut self, kind: EntityKind, item: &Item<'_>) -> Option<Header> {
        let mut values = item.values.iter();
        let Some(first) = values.next() else {
            self.errors.push(ModelError::WrongValue {
                span: item.key.span,
                field: item.key.text.to_owned(),
                expected: "an ID",
                found: "nothing".to_owned(),
            });
            return None;
        };
        if first.kind != ValueKind::Word {
            self.errors.push(ModelError::WrongValue {
                span: first.span,
                field: item.key.text.to_owned(),
                expected: "an ID",
                found: describe(first),
            });
            return None;
        }
        let id = Spanned::new(first.text.clone().into_owned(), first.span);
        if !ids::is_valid(kind, &id.value) {
            self.errors.push(ModelError::MalformedId {
                span: id.span,
                id: id.value.clone(),
                kind,
            });
        }
        let mut header = Header {
            id,
            name: None,
            modifier: None,
        };
        for v in values {
            let slot_free = match v.kind {
                ValueKind::String | ValueKind::Text => header.name.is_none(),
                ValueKind::Word => {
                    kind == EntityKind::Capability
                        && header.modifier.is_none()
                        && header.name.is_none()
                }
                ValueKind::Op => false,
            };
            if !slot_free {
                let expected = if kind == EntityKind::Capability {
                    "an ID, then optionally a kind and a quoted name"
                } else {
                    "an ID, then optionally a quoted name"
                };
                self.errors.push(ModelError::WrongValue {
                    span: v.span,
                    field: item.key.text.to_owned(),
                    expected,
                    found: describe(v),
                });
                continue;
            }
            let text = Spanned::new(v.text.clone().into_owned(), v.span);
            if v.is_quoted() {
                header.name = Some(text);
            } else {
                header.modifier = Some(text);
            }
        }
        Some(header)
    }

    /// `@allow(W0310, "reason")` and `@defect([E0206,] "reason")`.
    fn attributes(&mut self, item: &Item<'_>) -> (Vec<Allow>, Vec<Defect>) {
        let mut allows = Vec::new();
        let mut defects = Vec::new();
        for attr in &item.attributes {
            let bad = |message: &str, help: &str| ModelError::InvalidAttribute {
                span: attr.span,
                message: message.to_owned(),
                help: help.to_owned(),
            };
            let name = attr.name.text;
            if name != "allow" && name != "defect" {
                let help = match suggest::best(name, ["allow", "defect"]) {
                    Some(s) => format!("did you mean `@{s}`?"),
                    None => "declarations take `@allow(CODE, \"reason\")` and `@defect(CODE, \"what is wrong in the published source\")`".to_owned(),
                };
                self.errors.push(ModelError::InvalidAttribute {
                    span: attr.name.span,
                    message: format!("unknown attribute `@{name}`"),
                    help,
                });
                continue;
            }
            let usage = if name == "allow" {
                "write `@allow(W0310, \"why this warning is expected\")` on the line before the declaration"
            } else {
                "write `@defect(E0206, \"what is wrong in the published source\")`, or `@defect(\"...\")` without a code"
            };
            let (code, reason) = match (name, attr.values.as_slice()) {
                ("defect", [reason]) => (None, reason),
                (_, [code, reason]) => match code.text.parse::<Code>() {
                    Ok(c) => (Some(c), reason),
                    Err(()) => {
                        self.errors.push(bad(
                            &format!("`{}` is not a diagnostic code", code.text),
                            usage,
                        ));
                        continue;
                    }
                },
                _ => {
                    self.errors.push(bad(
                        &format!("`@{name}` takes a code and a reason in quotes"),
                        usage,
                    ));
                    continue;
                }
            };
            if !reason.is_quoted() || reason.text.trim().is_empty() {
                self.errors
                    .push(bad(&format!("`@{name}` needs a reason in quotes"), usage));
                continue;
            }
            let reason_text = reason.text.clone().into_owned();
            match (name, code) {
                ("allow", Some(c)) if c.severity() == Severity::Error => self.errors.push(bad(
                    &format!("{c} is an error and cannot be allowed"),
                    "only warnings can be suppressed; fix the error, or if the published source has it, record it with `@defect`",
                )),
                ("allow", Some(c)) => allows.push(Allow {
                    code: c,
                    reason: reason_text,
                    span: attr.span,
                }),
                ("defect", Some(c)) if c.severity() != Severity::Error => self.errors.push(bad(
                    &format!("{c} is a warning; `@defect` records errors"),
                    "suppress an expected warning with `@allow`",
                )),
                _ => defects.push(Defect {
                    code,
                    reason: reason_text,
                    span: attr.span,
                }),
            }
        }
        (allows, defects)
    }
}

/// Fields every entity takes, and the header checks that depend on the kind.
fn common(
    f: &mut Fields<'_, '_, '_>,
    kind: EntityKind,
    header: Header,
    allows: Vec<Allow>,
    defects: Vec<Defect>,
    span: Span,
) -> Meta {
    let decl = header.id.span;
    let name = match header.name {
        Some(n) => Some(f.nonblank("name", n)),
        None => {
            if let Some(example) = kind.info().header.name_example {
                f.missing("name", decl, example);
            }
            None
        }
    };
    let description = f.text("description").map(|d| f.nonblank("description", d));
    let status = f.choice("status", Status::NAMES, |s| match s {
        "draft" => Some(Status::Draft),
        "final" => Some(Status::Final),
        "deprecated" => Some(Status::Deprecated),
        _ => None,
    });
    let sources = f
        .all("provenance")
        .into_iter()
        .filter_map(|i| provenance(f, i))
        .collect();
    Meta {
        id: header.id,
        name,
        description,
        status,
        sources,
        allows,
        defects,
        span,
    }
}

fn provenance(f: &mut Fields<'_, '_, '_>, item: &Item<'_>) -> Option<Provenance> {
    f.no_block(item);
    const EXPECTED: &str =
        "a quoted file name, then `sheet \"...\"`, `row N`, `column \"...\"` or `pointer \"...\"`";
    let mut values = item.values.iter();
    let file = match values.next() {
        Some(v) if v.is_quoted() => v.text.clone().into_owned(),
        Some(v) => {
            f.wrong(item, v.span, EXPECTED, describe(v));
            return None;
        }
        None => {
            f.wrong(item, item.key.span, EXPECTED, "nothing".to_owned());
            return None;
        }
    };
    let mut p = Provenance {
        file,
        sheet: None,
        row: None,
        column: None,
        pointer: None,
        span: item.span,
    };
    while let Some(key) = values.next() {
        let value = values.next();
        let ok = match (key.text.as_ref(), value) {
            ("sheet", Some(v)) if v.is_quoted() => {
                p.sheet.replace(v.text.clone().into_owned()).is_none()
            }
            ("column", Some(v)) if v.is_quoted() => {
                p.column.replace(v.text.clone().into_owned()).is_none()
            }
            ("pointer", Some(v)) if v.is_quoted() => {
                p.pointer.replace(v.text.clone().into_owned()).is_none()
            }
            ("row", Some(v)) if v.kind == ValueKind::Word => match v.text.parse::<u32>() {
                Ok(n) => p.row.replace(n).is_none(),
                Err(_) => false,
            },
            _ => false,
        };
        if !ok {
            let span = value.map_or(key.span, |v| key.span.to(v.span));
            f.wrong(item, span, EXPECTED, describe(key));
            return None;
        }
    }
    Some(p)
}

fn capability(
    f: &mut Fields<'_, '_, '_>,
    meta: Meta,
    decl: Span,
    kind_word: Option<Spanned<String>>,
) -> Capability {
    let kind = kind_word.and_then(|w| match CapabilityKind::parse(&w.value) {
        Some(k) => Some(Spanned::new(k, w.span)),
        None => {
            f.errors.push(ModelError::InvalidKind {
                span: w.span,
                suggestion: suggest::best(&w.value, CapabilityKind::NAMES.iter().copied()),
                found: w.value,
            });
            None
        }
    });
    let activity = f.required_reference("activity", decl, "activity GRM.010.010");
    let statement = f.required_text(
        "statement",
        decl,
        "statement \"Capture Federal authorizing legislation for grant program\"",
    );
    let references = f.references("references");
    let sources = f.texts("other-sources");
    let inputs = f.references("inputs");
    let outputs = f.references("outputs");
    Capability {
        meta,
        kind,
        activity,
        statement,
        references,
        sources,
        inputs,
        outputs,
    }
}

fn use_case(f: &mut Fields<'_, '_, '_>, meta: Meta) -> UseCase {
    let process = f.reference("process");
    let actors = f.texts("actors");
    let trigger = f.text("trigger");
    let preconditions = f.texts("preconditions");
    let outcome = f.text("outcome");
    let mut events: Vec<Event> = Vec::new();
    for item in f.all("event") {
        if let Some(event) = event(f, item) {
            if let Some(prev) = events.last()
                && prev.number.value >= event.number.value
            {
                f.errors.push(ModelError::EventOrder {
                    span: event.number.span,
                    number: event.number.value,
                    previous: prev.number.span,
                    previous_number: prev.number.value,
                });
            }
            events.push(event);
        }
    }
    UseCase {
        meta,
        process,
        actors,
        trigger,
        preconditions,
        events,
        outcome,
    }
}

/// `event 1 "description" { activity ..., capabilities ..., inputs ..., outputs ..., intersects ... }`
fn event(outer: &mut Fields<'_, '_, '_>, item: &Item<'_>) -> Option<Event> {
    const EXPECTED: &str = "an event number and a quoted description";
    let (number, description) = match item.values.as_slice() {
        [n, d] if n.kind == ValueKind::Word && d.is_quoted() => match n.text.parse::<u32>() {
            Ok(num) => (
                Spanned::new(num, n.span),
                outer.nonblank(
                    "description",
                    Spanned::new(d.text.clone().into_owned(), d.span),
                ),
            ),
            Err(_) => {
                outer.wrong(item, n.span, EXPECTED, describe(n));
                return None;
            }
        },
        [v, ..] => {
            outer.wrong(item, v.span, EXPECTED, describe(v));
            return None;
        }
        [] => {
            outer.wrong(item, item.key.span, EXPECTED, "nothing".to_owned());
            return None;
        }
    };
    let items = item.block.as_ref().map_or(NO_ITEMS, |b| b.items.as_slice());
    let items = fields::without_separators(items, kinds::EVENT_FIELDS, outer.errors);
    let mut f = Fields::new("event", kinds::EVENT_FIELDS, true, &items, outer.errors);
    let event = Event {
        number,
        description,
        activity: f.reference("activity"),
        capabilities: f.references("capabilities"),
        inputs: flows(&mut f, "inputs"),
        outputs: flows(&mut f, "outputs"),
        intersects: f.references("intersects"),
        span: item.span,
    };
    f.finish();
    Some(event)
}

/// Data element IDs or quoted free text, mixed.
fn flows(f: &mut Fields<'_, '_, '_>, key: &'static str) -> Vec<Flow> {
    let mut out = Vec::new();
    for item in f.all(key) {
        f.no_block(item);
        for v in &item.values {
            match v.kind {
                ValueKind::Word => out.push(Flow::Element(Ref::new(v.text.as_ref(), v.span))),
                ValueKind::String | ValueKind::Text => out.push(Flow::Text(Spanned::new(
                    v.text.clone().into_owned(),
                    v.span,
                ))),
                ValueKind::Op => {
                    f.wrong(item, v.span, "data element IDs or quoted text", describe(v));
                }
            }
        }
    }
    out
}

/// `unit USD` or `unit %`
fn unit(f: &mut Fields<'_, '_, '_>) -> Option<Text> {
    f.word("unit")
}

/// `<= 5.00 USD`, from the values after a key (and metric ID, for thresholds).
fn target(f: &mut Fields<'_, '_, '_>, item: &Item<'_>, values: &[Value<'_>]) -> Option<Target> {
    f.no_block(item);
    const EXPECTED: &str = "a comparator, a number and optionally a unit (`<= 5.00 USD`)";
    let (op, rest) = match values {
        [op, rest @ ..] if op.kind == ValueKind::Op => (op, rest),
        [v, ..] => {
            f.wrong(item, v.span, EXPECTED, describe(v));
            return None;
        }
        [] => {
            f.wrong(item, item.key.span, EXPECTED, "nothing".to_owned());
            return None;
        }
    };
    let Some(comparator) = Comparator::parse(&op.text) else {
        f.errors.push(ModelError::InvalidValue {
            span: op.span,
            field: "comparator",
            found: op.text.clone().into_owned(),
            allowed: Comparator::NAMES,
            suggestion: None,
        });
        return None;
    };
    let (value, unit) = match rest {
        [v] | [v, _] if v.kind != ValueKind::Word || Number::parse(&v.text).is_none() => {
            f.errors.push(ModelError::TargetNotNumber {
                span: v.span,
                found: describe(v),
            });
            return None;
        }
        [v] => (v, None),
        [v, u] if u.kind == ValueKind::Word => {
            (v, Some(Spanned::new(u.text.clone().into_owned(), u.span)))
        }
        [_, u, ..] => {
            f.wrong(item, u.span, EXPECTED, describe(u));
            return None;
        }
        [] => {
            f.wrong(item, op.span, EXPECTED, "no number".to_owned());
            return None;
        }
    };
    let number = Number::parse(&value.text).expect("checked above");
    let end = unit.as_ref().map_or(value.span, |u| u.span);
    Some(Target {
        comparator: Spanned::new(comparator, op.span),
        value: Spanned::new(number, value.span),
        unit,
        span: op.span.to(end),
    })
}

/// `example "2021-02-01"` or `example 42`: kept as text either way.
fn example(f: &mut Fields<'_, '_, '_>) -> Option<Text> {
    let item = f.one("example")?;
    f.no_block(item);
    match item.values.as_slice() {
        [v] if v.kind != ValueKind::Op => Some(Spanned::new(v.text.clone().into_owned(), v.span)),
        [v, ..] => {
            f.wrong(item, v.span, "one example value", describe(v));
            None
        }
        [] => {
            f.wrong(
                item,
                item.key.span,
                "one example value",
                "nothing".to_owned(),
            );
            None
        }
    }
}

fn data_type(outer: &mut Fields<'_, '_, '_>, item: &Item<'_>) -> Option<DataType> {
    let name = match item.values.as_slice() {
        [v] if v.kind == ValueKind::Word => v,
        [v, ..] => {
            outer.wrong(item, v.span, "one type name", describe(v));
            return None;
        }
        [] => {
            outer.wrong(item, item.key.span, "a type name", "nothing".to_owned());
            return None;
        }
    };
    let items = item.block.as_ref().map_or(NO_ITEMS, |b| b.items.as_slice());
    let span = item.span;
    let context = match name.text.as_ref() {
        "string" => "string type",
        "integer" => "integer type",
        "decimal" => "decimal type",
        "date" => "date type",
        "datetime" => "datetime type",
        "boolean" => "boolean type",
        "code" => "code type",
        _ => "type",
    };
    let items = fields::without_separators(items, kinds::TYPE_FIELDS, outer.errors);
    let mut f = Fields::new(context, kinds::TYPE_FIELDS, false, &items, outer.errors);
    let invalid = |message: String, help: &str| ModelError::InvalidType {
        span,
        message,
        help: help.to_owned(),
    };
    let kind = match name.text.as_ref() {
        "string" => {
            let min_length = count(&mut f, "min-length");
            let max_length = count(&mut f, "max-length");
            if let (Some(lo), Some(hi)) = (&min_length, &max_length)
                && lo.value > hi.value
            {
                f.errors.push(invalid(
                    format!(
                        "min-length {} is greater than max-length {}",
                        lo.value, hi.value
                    ),
                    "make min-length at most max-length",
                ));
            }
            TypeKind::String {
                min_length,
                max_length,
                pattern: f.text("pattern"),
                format: f.choice("format", StringFormat::NAMES, StringFormat::parse),
            }
        }
        "integer" => {
            let min = bound(&mut f, "min", true);
            let max = bound(&mut f, "max", true);
            check_bounds(&mut f, min.as_ref(), max.as_ref(), span);
            TypeKind::Integer { min, max }
        }
        "decimal" => {
            let precision = count(&mut f, "precision");
            let scale = count(&mut f, "scale");
            if let (Some(p), Some(s)) = (&precision, &scale)
                && s.value > p.value
            {
                f.errors.push(invalid(
                    format!("scale {} is greater than precision {}", s.value, p.value),
                    "precision counts all digits, scale the digits after the point: scale must be at most precision",
                ));
            }
            if precision.as_ref().is_some_and(|p| p.value == 0) {
                f.errors.push(invalid(
                    "precision 0 allows no digits".to_owned(),
                    "precision is at least 1",
                ));
            }
            let min = bound(&mut f, "min", false);
            let max = bound(&mut f, "max", false);
            check_bounds(&mut f, min.as_ref(), max.as_ref(), span);
            TypeKind::Decimal {
                precision,
                scale,
                min,
                max,
            }
        }
        "date" => TypeKind::Date,
        "datetime" => TypeKind::DateTime,
        "boolean" => TypeKind::Boolean,
        "code" => {
            let mut values: Vec<CodeValue> = Vec::new();
            let mut seen: HashMap<String, Span> = HashMap::new();
            for line in f.all("value") {
                f.no_block(line);
                let (code, meaning) = match line.values.as_slice() {
                    [c] if c.kind != ValueKind::Op => (c, None),
                    [c, m] if c.kind != ValueKind::Op && m.is_quoted() => (c, Some(m)),
                    _ => {
                        f.wrong(
                            line,
                            line.span,
                            "a code and optionally its quoted meaning",
                            "something else".to_owned(),
                        );
                        continue;
                    }
                };
                if let Some(first) = seen.insert(code.text.to_string(), code.span) {
                    f.errors.push(ModelError::RepeatedField {
                        field: format!("value {}", code.text),
                        first,
                        second: code.span,
                    });
                    continue;
                }
                values.push(CodeValue {
                    code: Spanned::new(code.text.clone().into_owned(), code.span),
                    meaning: meaning.map(|m| Spanned::new(m.text.clone().into_owned(), m.span)),
                });
            }
            if values.is_empty() {
                f.errors.push(invalid(
                    "code list has no values".to_owned(),
                    "list the domain values inside the block: `value A \"Active\"`",
                ));
            }
            TypeKind::Code { values }
        }
        other => {
            f.errors.push(ModelError::InvalidValue {
                span: name.span,
                field: "type",
                found: other.to_owned(),
                allowed: TypeKind::NAMES,
                suggestion: suggest::best(other, TypeKind::NAMES.iter().copied()),
            });
            f.finish();
            return None;
        }
    };
    f.finish();
    Some(DataType { kind, span })
}

/// A non-negative whole number option (`max-length 60`).
fn count(f: &mut Fields<'_, '_, '_>, key: &'static str) -> Option<Spanned<u64>> {
    let w = f.word(key)?;
    match w.value.parse::<u64>() {
        Ok(n) => Some(Spanned::new(n, w.span)),
        Err(_) => {
            f.errors.push(ModelError::WrongValue {
                span: w.span,
                field: key.to_owned(),
                expected: "a whole number",
                found: format!("`{}`", w.value),
            });
            None
        }
    }
}

fn bound(f: &mut Fields<'_, '_, '_>, key: &'static str, integer: bool) -> Option<Spanned<Number>> {
    let w = f.word(key)?;
    match Number::parse(&w.value) {
        Some(n) if !integer || n.is_integer() => Some(Spanned::new(n, w.span)),
        _ => {
            f.errors.push(ModelError::WrongValue {
                span: w.span,
                field: key.to_owned(),
                expected: if integer {
                    "a whole number"
                } else {
                    "a number"
                },
                found: format!("`{}`", w.value),
            });
            None
        }
    }
}

fn check_bounds(
    f: &mut Fields<'_, '_, '_>,
    min: Option<&Spanned<Number>>,
    max: Option<&Spanned<Number>>,
    span: Span,
) {
    if let (Some(lo), Some(hi)) = (min, max)
        && lo.value.value > hi.value.value
    {
        f.errors.push(ModelError::InvalidType {
            span,
            message: format!(
                "min {} is greater than max {}",
                lo.value.text, hi.value.text
            ),
            help: "make min at most max".to_owned(),
        });
    }
}

/// `field Element [required|optional] [cardinality]`
fn record_field(f: &mut Fields<'_, '_, '_>, item: &Item<'_>) -> Option<Field> {
    f.no_block(item);
    const EXPECTED: &str =
        "a data element or record ID, then `required` or `optional`, then a cardinality";
    let mut values = item.values.iter();
    let target = match values.next() {
        Some(v) if v.kind == ValueKind::Word => Ref::new(v.text.as_ref(), v.span),
        Some(v) => {
            f.wrong(item, v.span, EXPECTED, describe(v));
            return None;
        }
        None => {
            f.wrong(item, item.key.span, EXPECTED, "nothing".to_owned());
            return None;
        }
    };
    let mut required: Option<bool> = None;
    let mut cardinality = None;
    for v in values {
        let text = v.text.as_ref();
        match text {
            "required" | "optional" if required.is_none() && cardinality.is_none() => {
                required = Some(text == "required");
            }
            _ if v.kind == ValueKind::Word
                && cardinality.is_none()
                && text.starts_with(|c: char| c.is_ascii_digit() || c == '*') =>
            {
                match Cardinality::parse(text) {
                    Some(c) => cardinality = Some(Spanned::new(c, v.span)),
                    None => f.errors.push(ModelError::InvalidCardinality {
                        span: v.span,
                        found: text.to_owned(),
                    }),
                }
            }
            _ => f.wrong(item, v.span, EXPECTED, describe(v)),
        }
    }
    Some(Field {
        target,
        required: required.unwrap_or(false),
        cardinality,
        span: item.span,
    })
}

fn profile(f: &mut Fields<'_, '_, '_>, meta: Meta) -> Profile {
    let extends = f.references("extends");
    let requires = f.references("require");
    let excludes = f.references("exclude");
    let elements = f.references("elements");
    let mut selects = Vec::new();
    for item in f.all("select") {
        f.no_block(item);
        const EXPECTED: &str =
            "an area, function or activity ID, optionally followed by `kind input|process|output`";
        match item.values.as_slice() {
            [scope] if scope.kind == ValueKind::Word => selects.push(Selection {
                scope: Ref::new(scope.text.as_ref(), scope.span),
                kind: None,
                span: item.span,
            }),
            [scope, k, kind] if scope.kind == ValueKind::Word && k.text == "kind" => {
                let parsed = CapabilityKind::parse(&kind.text);
                if parsed.is_none() {
                    f.errors.push(ModelError::InvalidKind {
                        span: kind.span,
                        found: kind.text.to_string(),
                        suggestion: suggest::best(
                            &kind.text,
                            CapabilityKind::NAMES.iter().copied(),
                        ),
                    });
                }
                selects.push(Selection {
                    scope: Ref::new(scope.text.as_ref(), scope.span),
                    kind: parsed.map(|p| Spanned::new(p, kind.span)),
                    span: item.span,
                });
            }
            [] => f.wrong(item, item.key.span, EXPECTED, "nothing".to_owned()),
            [v] => f.wrong(item, v.span, EXPECTED, describe(v)),
            [v, rest @ ..] => {
                let bad = if v.kind == ValueKind::Word {
                    &rest[0]
                } else {
                    v
                };
                f.wrong(item, bad.span, EXPECTED, describe(bad));
            }
        }
    }
    let mut thresholds = Vec::new();
    for item in f.all("threshold") {
        let Some((metric, rest)) = item.values.split_first() else {
            f.wrong(
                item,
                item.key.span,
                "a metric ID and a target (`FFM-M-001 <= 4.00 USD`)",
                "nothing".to_owned(),
            );
            continue;
        };
        if metric.kind != ValueKind::Word {
            f.wrong(item, metric.span, "a metric ID", describe(metric));
            continue;
        }
        if let Some(target) = target(f, item, rest) {
            thresholds.push(Threshold {
                metric: Ref::new(metric.text.as_ref(), metric.span),
                target,
                span: item.span,
            });
        }
    }
    Profile {
        meta,
        extends,
        requires,
        selects,
        excludes,
        elements,
        thresholds,
    }
}
