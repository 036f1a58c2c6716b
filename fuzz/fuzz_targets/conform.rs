//! Any bytes as an offering (YAML and JSON) checked against the fixture
//! standard: structural and semantic checks, coverage and every report
//! format, never a panic.
#![no_main]

use std::sync::OnceLock;

use fibf::conform::{self, OfferingReport, Standard, render};
use fibf::data::Format;
use fibf::source::{FileId, SourceFile, SourceMap};
use libfuzzer_sys::fuzz_target;

fn model() -> &'static fibf::model::Model {
    static MODEL: OnceLock<fibf::model::Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = include_str!("../../tests/fixtures/standard/standard.fibf");
        fibf::workspace::analyze_text("standard.fibf", text)
            .model
            .expect("the fixture standard is clean")
    })
}

fuzz_target!(|data: &[u8]| {
    let standard = Standard::new(model()).expect("the offering schema compiles");
    let text = String::from_utf8_lossy(data).into_owned();
    for format in [Format::Yaml, Format::Json] {
        let file = SourceFile::new("offering", None, text.as_str());
        let report: OfferingReport = conform::check(&standard, file, format, FileId(0), &[]);
        let mut sources = SourceMap::new();
        sources.add(report.file.clone());
        let reports = [report];
        let info = conform::StandardsInfo::default();
        let _ = render::text(&reports, &[], &sources, Default::default(), &info);
        let _ = render::markdown(&reports, &[], &info);
        let _ = render::json(&reports, &[], model(), "fuzz");
        let _ = render::junit(&reports, &info);
        let findings: Vec<fibf::ci::Finding> =
            reports.iter().flat_map(OfferingReport::ci_findings).collect();
        let _ = fibf::ci::gitlab(&findings, std::path::Path::new("/"));
    }
});
