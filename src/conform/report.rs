//! What `fibf conform` finds about one offering: coverage, profile
//! results, supported use cases and findings. These types are the JSON
//! report's shape (see `docs/offerings.md`), so changes to them are changes
//! to a documented format.

use serde::Serialize;

use super::Support;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Meta, Model};
use crate::source::SourceFile;
use crate::validate::ReadError;

/// An ID, name or statement from the standard in a report, borrowed from
/// the model: a batch has thousands of offerings whose reports repeat the
/// same labels, and owning a copy of each cost a quarter of the run in
/// allocation alone.
pub type Label<'s> = &'s str;

/// Coverage counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// Capabilities counted.
    pub total: u32,
    /// Supported, configurable or custom.
    pub covered: u32,
    /// Claimed as planned.
    pub planned: u32,
    /// Claimed as not supported.
    pub not_supported: u32,
    /// Not claimed at all.
    pub unclaimed: u32,
}

impl Counts {
    /// Covered share, in percent, one decimal.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (f64::from(self.covered) * 1000.0 / f64::from(self.total)).round() / 10.0
        }
    }
}

// The coverage nodes, mandatory capabilities and use cases of a report
// name their entity by its index in the model, whose ID and name the
// renderers look up: a batch holds every report until the summary is
// known, and two labels a node were a third of a report's memory.

/// Coverage of one activity.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityCoverage {
    /// The activity's index in the model.
    pub index: u32,
    /// Its capabilities' coverage.
    pub counts: Counts,
}

/// Coverage of one function.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCoverage {
    /// The function's index in the model.
    pub index: u32,
    /// Its capabilities' coverage, its activities' included.
    pub counts: Counts,
    /// Each of its activities.
    pub activities: Vec<ActivityCoverage>,
}

/// Coverage of one service area.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaCoverage {
    /// The area's index in the model.
    pub index: u32,
    /// Its capabilities' coverage.
    pub counts: Counts,
    /// Each of its functions.
    pub functions: Vec<FunctionCoverage>,
}

/// The ID and the name (empty when it has none) of an entity.
fn labels(meta: &Meta) -> (&str, &str) {
    (meta.id(), meta.name().unwrap_or(""))
}

impl ActivityCoverage {
    /// The activity's ID and name.
    pub fn labels<'m>(&self, model: &'m Model) -> (&'m str, &'m str) {
        labels(&model.activities[self.index as usize].meta)
    }
}

impl FunctionCoverage {
    /// The function's ID and name.
    pub fn labels<'m>(&self, model: &'m Model) -> (&'m str, &'m str) {
        labels(&model.functions[self.index as usize].meta)
    }
}

impl AreaCoverage {
    /// The area's ID and name.
    pub fn labels<'m>(&self, model: &'m Model) -> (&'m str, &'m str) {
        labels(&model.areas[self.index as usize].meta)
    }
}

/// A profile's metric threshold and the offering's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdResult<'s> {
    /// The metric's ID.
    pub metric: Label<'s>,
    /// `>= 98 %`
    pub target: String,
    /// The value the offering reports, if it does.
    pub value: Option<f64>,
    /// The unit the offering reports it in.
    pub unit: Option<String>,
    /// Whether the value meets the threshold.
    pub passed: bool,
    /// The threshold's comparator (`>=`), for the HTML report's bars.
    #[serde(skip)]
    pub comparator: &'static str,
    /// The threshold's number.
    #[serde(skip)]
    pub limit: f64,
}

/// A capability a profile makes mandatory, and the offering's claim.
#[derive(Clone, Debug, PartialEq)]
pub struct MandatoryCapability {
    /// The capability's index in the model.
    pub index: u32,
    /// `None` when the offering does not claim it.
    pub claim: Option<Support>,
    /// Whether the claim delivers it (supported, configurable or custom).
    pub delivered: bool,
}

/// How an offering stands against one profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileResult<'s> {
    /// The profile's ID.
    pub id: Label<'s>,
    /// Its name.
    pub name: Label<'s>,
    /// Whether the offering meets every requirement.
    pub passed: bool,
    /// How many capabilities the profile makes mandatory.
    pub mandatory: usize,
    /// Mandatory capabilities claimed as supported, configurable or custom.
    pub satisfied: usize,
    /// Each mandatory capability and what the offering claims for it.
    pub capabilities: Vec<MandatoryCapability>,
    /// Mandatory capabilities the offering does not claim.
    pub missing: Vec<Label<'s>>,
    /// Claimed only as planned or not supported.
    pub not_delivered: Vec<Label<'s>>,
    /// Data elements the profile requires that the offering does not map.
    pub unmapped_elements: Vec<Label<'s>>,
    /// Each threshold and the offering's value.
    pub thresholds: Vec<ThresholdResult<'s>>,
}

impl MandatoryCapability {
    /// The capability's ID and statement.
    pub fn labels<'m>(&self, model: &'m Model) -> (&'m str, &'m str) {
        let c = &model.capabilities[self.index as usize];
        (c.meta.id(), &c.statement.value)
    }
}

/// Whether an offering can support a use case.
#[derive(Clone, Debug, PartialEq)]
pub struct UseCaseResult {
    /// The use case's index in the model.
    pub index: u32,
    /// Every capability the use case exercises is covered.
    pub supported: bool,
    /// Capabilities it exercises that the offering does not cover, by
    /// index in the model.
    pub missing: Box<[u32]>,
}

impl UseCaseResult {
    /// The use case's ID and title (empty when it has none).
    pub fn labels<'m>(&self, model: &'m Model) -> (&'m str, &'m str) {
        labels(&model.use_cases[self.index as usize].meta)
    }

    /// The IDs of the capabilities it misses, in order.
    pub fn missing_ids<'m>(&self, model: &'m Model) -> impl Iterator<Item = &'m str> + use<'m, '_> {
        self.missing
            .iter()
            .map(|&c| model.capabilities[c as usize].meta.id())
    }
}

/// A finding, placed in the offering file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The diagnostic code.
    pub code: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// JSON pointer to the value in the offering.
    pub pointer: String,
    /// 1-based line of its start.
    pub line: u32,
    /// 1-based column of its start.
    pub column: u32,
    /// 1-based line of its end.
    pub end_line: u32,
    /// 1-based column of its end.
    pub end_column: u32,
    /// What to do about it.
    pub help: Option<String>,
}

/// An offering's coverage of the standard and the use cases it supports,
/// made from its claims when a report is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Coverage of every capability of the standard.
    pub counts: Counts,
    /// Coverage by area, function and activity.
    pub areas: Vec<AreaCoverage>,
    /// The use cases the offering can support, and those it cannot.
    pub use_cases: Vec<UseCaseResult>,
}

/// Everything known about one offering.
#[derive(Debug)]
pub struct OfferingReport<'s> {
    /// The offering file.
    pub file: SourceFile,
    /// The vendor, as the offering names it.
    pub vendor: Option<String>,
    /// The product.
    pub product: Option<String>,
    /// The product's version.
    pub version: Option<String>,
    /// Each profile checked.
    pub profiles: Vec<ProfileResult<'s>>,
    /// What the offering claims for each capability it names that the
    /// standard has (index in the model, in the order first claimed), from
    /// which [`coverage`](Self::coverage) works out its coverage and use
    /// cases; `None` when the file was not read as an offering. A batch
    /// holds every report until the summary is known: the claims are a
    /// tenth of the coverage they make.
    pub claims: Option<Box<[(u32, Support)]>>,
    /// Every finding, at its line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics placed by line and column, for the reports that do
    /// not quote the file.
    pub findings: Vec<Finding>,
    /// The file could not be read as an offering at all.
    pub unreadable: bool,
    /// Found in a directory, and not an offering: why it was not checked.
    pub skipped: Option<String>,
    /// Data mappings whose element has no declared type, so that nothing
    /// about the vendor's type could be checked (each is an N0615 note).
    pub unchecked_mappings: usize,
}

impl OfferingReport<'_> {
    /// The diagnostics as findings with line and column in the offering.
    fn place(&self) -> Vec<Finding> {
        // Most offerings have a finding or two or none: their lines are
        // counted up to each, not indexed.
        let line_col = |offset| {
            if self.diagnostics.len() <= 4 {
                self.file.line_col_counted(offset)
            } else {
                self.file.line_col(offset)
            }
        };
        self.diagnostics
            .iter()
            .map(|d| {
                let (start, end) = match d.primary_span() {
                    Some(s) => (line_col(s.start as usize), line_col(s.end as usize)),
                    None => (line_col(0), line_col(0)),
                };
                Finding {
                    code: d.code.as_str(),
                    severity: d.severity.as_str(),
                    message: d.message.clone(),
                    pointer: d.pointer.clone().unwrap_or_default(),
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    help: d.help.clone(),
                }
            })
            .collect()
    }

    /// Whether the offering is conformant: read, no error, every profile passed.
    pub fn conformant(&self) -> bool {
        !self.unreadable
            && self
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error)
    }
}

impl OfferingReport<'_> {
    pub(super) fn empty(file: SourceFile) -> Self {
        OfferingReport {
            file,
            vendor: None,
            product: None,
            version: None,
            profiles: Vec::new(),
            claims: None,
            diagnostics: Vec::new(),
            findings: Vec::new(),
            unreadable: false,
            skipped: None,
            unchecked_mappings: 0,
        }
    }

    /// Sort the diagnostics and place them in the file.
    pub(super) fn finish(&mut self) {
        crate::diag::sort(&mut self.diagnostics);
        // A batch holds every report until its summary is known: the
        // room the diagnostics grew into is let go.
        self.diagnostics.shrink_to_fit();
        self.findings = self.place();
    }

    /// Let go of the offering's text once the report is made: only the text
    /// report quotes it, and a batch of offerings holds every report until
    /// the summary is known.
    pub fn release_text(&mut self) {
        self.file = SourceFile::new(
            std::mem::take(&mut self.file.name),
            self.file.path.take(),
            "",
        );
    }

    /// The report for a file that could not be read at all.
    pub fn unreadable(error: &ReadError) -> Self {
        OfferingReport::empty(SourceFile::new(error.path.clone(), None, ""))
            .not_an_offering(error.diagnostic())
    }

    /// This report, for a file that is not an offering at all: `why`.
    pub(super) fn not_an_offering(mut self, why: Diagnostic) -> Self {
        self.diagnostics.push(why);
        self.unreadable = true;
        self.finish();
        self
    }
}

impl OfferingReport<'_> {
    /// The report's findings for CI systems, each at its place in the
    /// offering file; the JSON pointer of the value identifies it across
    /// commits.
    pub fn ci_findings(&self) -> Vec<crate::ci::Finding> {
        use crate::diag::Severity;
        let file = self
            .file
            .path
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from(&self.file.name));
        self.findings
            .iter()
            .map(|f| crate::ci::Finding {
                code: f.code.to_owned(),
                severity: match f.severity {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => Severity::Note,
                },
                message: f.message.clone(),
                help: f.help.clone(),
                file: Some(file.clone()),
                start: (f.line, f.column),
                end: (f.end_line, f.end_column),
                anchor: f.pointer.clone(),
            })
            .collect()
    }
}

/// A file found in a directory that is not an offering, with why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The file, as reports name it.
    pub file: String,
    /// Why it is not taken for an offering.
    pub reason: String,
}

/// Take the reports of skipped files out of `reports`.
pub fn split_skipped(reports: &mut Vec<OfferingReport<'_>>) -> Vec<Skipped> {
    let mut skipped = Vec::new();
    reports.retain(|r| match &r.skipped {
        Some(reason) => {
            skipped.push(Skipped {
                file: r.file.name.clone(),
                reason: reason.clone(),
            });
            false
        }
        None => true,
    });
    skipped
}
