//! Spans are exact: every AST node, entity, field and reference points at
//! the bytes it came from.

use fibf::model;
use fibf::source::{FileId, SourceFile};
use fibf::syntax;
use fibf::workspace::analyze_text;

const SRC: &str = "# comment\r\n@allow(W0310, \"kept\")\nelement Amount \"Amount\" {\n  definition \"\"\"\n    Money.\n  \"\"\"\n  capabilities CAP.1, CAP.2,\n    CAP.3\n}\n";

fn at(span: fibf::source::Span) -> &'static str {
    &SRC[span.range()]
}

#[test]
fn ast_spans_cover_their_text() {
    let file = syntax::parse(FileId(0), SRC).expect("parses");
    let item = &file.items[0];
    assert_eq!(at(item.key.span), "element");
    assert!(at(item.span).starts_with("element Amount"));
    assert!(at(item.span).ends_with('}'));
    assert_eq!(at(item.attributes[0].span), "@allow(W0310, \"kept\")");
    assert_eq!(at(item.attributes[0].name.span), "@allow");
    assert_eq!(at(item.values[0].span), "Amount");
    assert_eq!(at(item.values[1].span), "\"Amount\"");
    let block = item.block.as_ref().unwrap();
    assert!(at(block.span).starts_with('{') && at(block.span).ends_with('}'));
    let definition = &block.items[0];
    assert_eq!(definition.values[0].text, "Money.");
    assert!(
        at(definition.values[0].span).starts_with("\"\"\"")
            && at(definition.values[0].span).ends_with("\"\"\"")
    );
    let caps = &block.items[1];
    let texts: Vec<&str> = caps.values.iter().map(|v| at(v.span)).collect();
    assert_eq!(texts, ["CAP.1", "CAP.2", "CAP.3"]);
    assert_eq!(at(caps.span), "capabilities CAP.1, CAP.2,\n    CAP.3");
}

#[test]
fn model_spans_point_at_ids_and_references() {
    let file = syntax::parse(FileId(0), SRC).unwrap();
    let lowered = model::lower(&file);
    assert!(lowered.errors.is_empty(), "{:?}", lowered.errors);
    let e = &lowered.model.elements[0];
    assert_eq!(at(e.meta.id.span), "Amount");
    assert_eq!(at(e.meta.name.as_ref().unwrap().span), "\"Amount\"");
    assert_eq!(at(e.meta.allows[0].span), "@allow(W0310, \"kept\")");
    assert_eq!(at(e.capabilities[2].span), "CAP.3");
    assert_eq!(e.capabilities[2].id, "CAP.3");
}

#[test]
fn diagnostics_report_line_and_column_across_crlf() {
    let analysis = analyze_text("x.fibf", SRC);
    let unknown: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "E0301")
        .collect();
    assert_eq!(unknown.len(), 3);
    let span = unknown[2].primary_span().unwrap();
    let file = SourceFile::new("x", None, SRC);
    let start = file.line_col(span.start as usize);
    assert_eq!((start.line, start.column), (8, 5));
}

#[test]
fn escapes_are_decoded_and_spans_kept() {
    let src = "area GRM \"Tab\\there \\u{e9}\"\n";
    let file = syntax::parse(FileId(0), src).unwrap();
    let v = &file.items[0].values[1];
    assert_eq!(v.text, "Tab\there é");
    assert_eq!(&src[v.span.range()], "\"Tab\\there \\u{e9}\"");
}

#[test]
fn syntax_errors_point_at_the_offending_byte() {
    let src = "area GRM \"x\" {\n  lead \"bad \\q escape\"\n}\n";
    let errs = syntax::parse(FileId(0), src).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(&src[errs[0].span().range()], "\\q");
}
