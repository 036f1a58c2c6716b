//! Any bytes as data (JSON, YAML, JSON Lines) validated against a record of
//! the fixture standard, every error placed in the file: never a panic.
#![no_main]

use std::sync::OnceLock;

use fibf::data::Format;
use fibf::source::{FileId, SourceFile};
use libfuzzer_sys::fuzz_target;

struct Explain;

impl fibf::validate::Explain for Explain {
    fn expected(&self, _: &str, _: &jsonschema::ValidationError<'_>) -> Option<String> {
        None
    }
    fn help(&self, _: &str, _: &jsonschema::ValidationError<'_>) -> Option<String> {
        None
    }
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/standard/standard.fibf");
        let model = fibf::workspace::analyze_text("standard.fibf", text)
            .model
            .expect("the fixture standard is clean");
        let record = model
            .records
            .iter()
            .position(|r| r.meta.id() == "Application")
            .expect("the fixture has Application") as u32;
        fibf::schema::validator(&fibf::schema::record_schema(&model, record)).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _file = SourceFile::new("data", None, text.as_str());
    for format in [Format::Json, Format::Yaml, Format::JsonLines] {
        for doc in fibf::data::read(&text, format).into_iter().flatten() {
            let locator = doc.locator();
            let _ = fibf::validate::schema_errors(
                validator(),
                &doc.value,
                &locator,
                FileId(0),
                &text,
                &Explain,
            );
        }
    }
});
