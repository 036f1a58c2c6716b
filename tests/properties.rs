//! Properties checked on generated inputs (proptest), in the normal test
//! suite: the front end never panics on any bytes or any soup of tokens;
//! formatting keeps the model; exporting to workbooks and importing them
//! keeps the model; data readers never panic.

use fibf::model_json::{ModelDoc, export};
use fibf::workspace::analyze_text;
use proptest::prelude::*;

mod common;
use common::proptest_config;

/// Tokens and fragments of the language, for soups.
const TOKENS: &[&str] = &[
    "area",
    "function",
    "activity",
    "capability",
    "usecase",
    "metric",
    "element",
    "record",
    "reference",
    "profile",
    "process",
    "event",
    "field",
    "select",
    "require",
    "exclude",
    "threshold",
    "extends",
    "type",
    "value",
    "{",
    "}",
    "\"",
    "\"\"\"",
    "\"text\"",
    "\\",
    "\\u{41}",
    "\\q",
    "GRM",
    "GRM.010",
    "GRM.010.010",
    "GRM.010.010.011",
    "FFMSR.1.2",
    "input",
    "output",
    "process",
    "required",
    "optional",
    "1..*",
    "0..1",
    ">=",
    "<=",
    "98",
    "%",
    "USD",
    "5.00",
    "-1",
    "@defect(",
    "@allow(",
    "E0301",
    ")",
    ",",
    "#",
    "# comment",
    "\n",
    "\r\n",
    "\t",
    " ",
    "statement",
    "activity",
    "definition",
    "string",
    "code",
    "decimal",
    "date",
    "min_length",
    "max",
    "ü",
    "\u{feff}",
    "\u{0}",
];

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn any_bytes_never_panic_the_front_end(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = analyze_text("fuzz.fibf", &text);
    }

    #[test]
    fn any_token_soup_never_panics_the_front_end(
        tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..200),
        spaces in proptest::collection::vec(proptest::sample::select(&[" ", "", "\n", "  "][..]), 200),
    ) {
        let mut text = String::new();
        for (t, s) in tokens.iter().zip(&spaces) {
            text.push_str(t);
            text.push_str(s);
        }
        let a = analyze_text("soup.fibf", &text);
        // Whatever the input, formatting either succeeds or reports the
        // syntax errors the checker reports: never a panic.
        let _ = fibf::fmt::format_source(fibf::source::FileId(0), &text);
        let _ = a.diagnostics.len();
    }

    #[test]
    fn any_bytes_never_panic_the_data_readers(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let text = String::from_utf8_lossy(&bytes);
        for format in [fibf::data::Format::Json, fibf::data::Format::Yaml, fibf::data::Format::JsonLines] {
            let _ = fibf::data::read(&text, format);
        }
    }
}

/// Text for names, statements and definitions: printable characters,
/// quotes, backslashes, Unicode; no leading or trailing space and no line
/// breaks (single-line fields).
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.;:()'\"\\\\/&<>#%*ÄéüÅ中-]{1,40}".prop_map(|s| {
        let t = s.trim().to_owned();
        if t.is_empty() { "x".to_owned() } else { t }
    })
}

/// A small, valid standard written in the language.
fn standard() -> impl Strategy<Value = String> {
    let capability = (0..3usize, text());
    let activity = (text(), proptest::collection::vec(capability, 0..4));
    let function = (text(), proptest::collection::vec(activity, 0..3));
    let element = (
        text(),
        text(),
        prop_oneof![Just(0u8), Just(1), Just(2), Just(3)],
    );
    (
        text(),
        proptest::collection::vec(function, 0..3),
        proptest::collection::vec(element, 0..4),
        text(),
    )
        .prop_map(|(area_name, functions, elements, reference)| {
            let q = fibf::fmt::quote;
            let mut s = format!("area GRM {}\n\n", q(&area_name));
            s.push_str(&format!("reference REF-1 {} {{\n  url \"https://example.gov/x\"\n}}\n\n", q(&reference)));
            for (i, (name, _, kind)) in elements.iter().enumerate() {
                s.push_str(&format!("element Element{i} {} {{\n  definition {}\n", q(name), q(&elements[i].1)));
                match kind {
                    1 => s.push_str("  type string {\n    max-length 40\n  }\n"),
                    2 => s.push_str("  type integer\n"),
                    3 => s.push_str("  type code {\n    value A \"Alpha\"\n    value B \"Beta\"\n  }\n"),
                    _ => {}
                }
                s.push_str("}\n\n");
            }
            if !elements.is_empty() {
                s.push_str("record Rec {\n");
                for i in 0..elements.len() {
                    s.push_str(&format!("  field Element{i} required\n"));
                }
                s.push_str("}\n\n");
            }
            for (f, (fname, activities)) in functions.iter().enumerate() {
                let fid = format!("GRM.{:03}", (f + 1) * 10);
                s.push_str(&format!("function {fid} {} {{\n  area GRM\n}}\n\n", q(fname)));
                for (a, (aname, caps)) in activities.iter().enumerate() {
                    let aid = format!("{fid}.{:03}", (a + 1) * 10);
                    s.push_str(&format!("activity {aid} {} {{\n  function {fid}\n}}\n\n", q(aname)));
                    for (c, (kind, statement)) in caps.iter().enumerate() {
                        let kind = ["input", "process", "output"][*kind];
                        s.push_str(&format!(
                            "capability {aid}.{:03} {kind} {{\n  activity {aid}\n  statement {}\n  references REF-1\n}}\n\n",
                            c + 1,
                            q(statement)
                        ));
                    }
                }
            }
            s
        })
}

fn model_of(text: &str) -> ModelDoc {
    let a = analyze_text("standard.fibf", text);
    let errors: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    export(a.model.as_ref().unwrap(), None)
}

proptest! {
    #![proptest_config(proptest_config(64))]

    #[test]
    fn formatting_keeps_the_model(text in standard()) {
        let before = model_of(&text);
        let formatted = fibf::fmt::format_source(fibf::source::FileId(0), &text).unwrap();
        prop_assert_eq!(&before, &model_of(&formatted));
        // And formatting is idempotent.
        let again = fibf::fmt::format_source(fibf::source::FileId(0), &formatted).unwrap();
        prop_assert_eq!(formatted, again);
    }
}

proptest! {
    #![proptest_config(proptest_config(16))]

    #[test]
    fn export_then_import_keeps_the_model(text in standard()) {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        std::fs::create_dir(&src).unwrap();
        std::fs::write(src.join("standard.fibf"), &text).unwrap();
        let original = fibf::workspace::analyze(&fibf::workspace::Input::Path(src.clone()), fibf::workspace::Options::default());
        let model = original.model.as_ref().unwrap();
        let books = fibf::export::xlsx(model, &original.sources).unwrap();
        let exported = tmp.path().join("exported");
        books.commit(&exported).unwrap();
        let outcome = fibf::import::import(
            std::slice::from_ref(&exported),
            fibf::import::Options {
                prefer: fibf::import::Release::Workbook,
                separate: false,
            },
        );
        prop_assert!(outcome.failures.is_empty());
        let reimported = tmp.path().join("reimported");
        outcome.output.commit(&reimported).unwrap();
        let again = fibf::workspace::analyze(&fibf::workspace::Input::Path(reimported), fibf::workspace::Options::default());
        let (a, b) = (export(model, None), export(again.model.as_ref().unwrap(), None));
        prop_assert_eq!(a, b);
    }
}
