//! Any bytes as an offering (YAML or JSON) checked against the fixture
//! standard: structural and semantic checks and coverage, then one report
//! format, never a panic.
//!
//! The standard (and its compiled offering schema) is made once, not per
//! input, and each input is read in one syntax and rendered in one format,
//! both chosen by its first byte, rather than in every combination. With
//! the HTML template compiled once per process (`html::Page`) the target
//! runs about 820 inputs a second on one idle core, five minutes from the
//! seeds (fuzz/README.md, 2026-12-04), against ~97 when every input went
//! through every format and compiled the template.
#![no_main]

use std::sync::OnceLock;

use fibf::conform::{self, OfferingReport, Standard, render};
use fibf::data::Format;
use fibf::source::{FileId, SourceFile, SourceMap};
use libfuzzer_sys::fuzz_target;

fn standard() -> &'static Standard<'static> {
    static MODEL: OnceLock<fibf::model::Model> = OnceLock::new();
    static STANDARD: OnceLock<Standard<'static>> = OnceLock::new();
    STANDARD.get_or_init(|| {
        let model = MODEL.get_or_init(|| {
            let text = include_str!("../../tests/fixtures/standard/standard.fibf");
            fibf::workspace::analyze_text("standard.fibf", text)
                .model
                .expect("the fixture standard is clean")
        });
        Standard::new(model).expect("the offering schema compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let standard = standard();
    let text = String::from_utf8_lossy(data).into_owned();
    let choice = data.first().copied().unwrap_or(0);
    // YAML or JSON, by the first byte's high bit (the format by the rest).
    let format = if choice & 0x80 == 0 {
        Format::Yaml
    } else {
        Format::Json
    };
    {
        let file = SourceFile::new("offering", None, text.as_str());
        let report: OfferingReport = conform::check(standard, file, format, FileId(0), &[]);
        let reports = [report];
        let info = conform::StandardsInfo::default();
        match choice % 7 {
            0 => {
                let mut sources = SourceMap::new();
                sources.add(reports[0].file.clone());
                let _ = render::text(&reports, &[], &sources, Default::default(), &info, standard);
            }
            1 => {
                let _ = render::markdown(&reports, &[], &info, standard);
            }
            2 => {
                // Pretty or compact by another bit of the first byte.
                let layout = if choice & 0x40 == 0 {
                    render::JsonLayout::Pretty
                } else {
                    render::JsonLayout::Compact
                };
                let _ = render::json(&reports, &[], standard, "fuzz", layout);
            }
            3 => {
                let _ = render::junit(&reports, &info, standard);
            }
            4 => {
                let _ = render::html(&reports, &[], standard, &info);
            }
            _ => {
                let findings: Vec<fibf::ci::Finding> = reports
                    .iter()
                    .flat_map(OfferingReport::ci_findings)
                    .collect();
                if choice % 7 == 5 {
                    let _ = fibf::ci::gitlab(&findings, std::path::Path::new("/"));
                } else {
                    let _ = fibf::ci::github(&findings, std::path::Path::new("/"));
                }
            }
        }
    }
});
