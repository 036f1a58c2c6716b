//! Any bytes as data (JSON, YAML, JSON Lines) validated against a record of
//! the fixture standard, every error placed in the file: never a panic.
//! YAML read straight into the tree (`fibf conform`'s reader) must be what
//! it is read into `serde_json` values (`fibf validate`'s), and the JSON
//! tree places every value where the scan of the text finds it.
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

/// Both YAML readers on `text`: the same documents, values (serialized,
/// so that key order and number kinds count), ranges, spans and errors.
fn yaml_readers_agree(text: &str) {
    let by_value = fibf::data::read(text, Format::Yaml);
    let by_tree = fibf::data::read_yaml_trees(text);
    assert_eq!(by_value.len(), by_tree.len());
    for (v, t) in by_value.iter().zip(&by_tree) {
        match (v, t) {
            (Ok(v), Ok(t)) => {
                assert_eq!(
                    serde_json::to_string(&t.value.root().to_value()).unwrap(),
                    serde_json::to_string(&v.value).unwrap()
                );
                assert_eq!(t.range, v.range);
                assert_eq!(format!("{:?}", t.locations), format!("{:?}", v.locations));
            }
            (Err(v), Err(t)) => assert_eq!(v, t),
            _ => panic!("one YAML reader took the text, the other did not"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    yaml_readers_agree(&text);
    // The simple block YAML reader yields saphyr's events and spans, or
    // leaves the text to saphyr.
    if let Err(difference) = fibf::data::simple_yaml_agrees(&text) {
        panic!("{text:?}: {difference}");
    }
    // The JSON tree places values where the scan of the text does.
    if let Err(difference) = fibf::data::tree_places_agree(&text) {
        panic!("{text:?}: {difference}");
    }
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
