//! What `fibf conform` finds about one offering: coverage, profile
//! results, supported use cases and findings. These types are the JSON
//! report's shape (see `docs/offerings.md`), so changes to them are changes
//! to a documented format.

use serde::Serialize;

use super::Support;
use crate::diag::{Diagnostic, Severity};
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
    pub total: u32,
    /// Supported, configurable or custom.
    pub covered: u32,
    pub planned: u32,
    pub not_supported: u32,
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

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityCoverage<'s> {
    /// The activity's index in the model.
    pub index: u32,
    pub id: Label<'s>,
    pub name: Label<'s>,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCoverage<'s> {
    /// The function's index in the model.
    pub index: u32,
    pub id: Label<'s>,
    pub name: Label<'s>,
    pub counts: Counts,
    pub activities: Vec<ActivityCoverage<'s>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AreaCoverage<'s> {
    /// The area's index in the model.
    pub index: u32,
    pub id: Label<'s>,
    pub name: Label<'s>,
    pub counts: Counts,
    pub functions: Vec<FunctionCoverage<'s>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdResult<'s> {
    pub metric: Label<'s>,
    /// `>= 98 %`
    pub target: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub passed: bool,
}

/// A capability a profile makes mandatory, and the offering's claim.
#[derive(Clone, Debug, PartialEq)]
pub struct MandatoryCapability<'s> {
    /// The capability's index in the model.
    pub index: u32,
    pub id: Label<'s>,
    pub statement: Label<'s>,
    /// `None` when the offering does not claim it.
    pub claim: Option<Support>,
    pub delivered: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProfileResult<'s> {
    pub id: Label<'s>,
    pub name: Label<'s>,
    pub passed: bool,
    pub mandatory: usize,
    /// Mandatory capabilities claimed as supported, configurable or custom.
    pub satisfied: usize,
    /// Each mandatory capability and what the offering claims for it.
    pub capabilities: Vec<MandatoryCapability<'s>>,
    pub missing: Vec<Label<'s>>,
    /// Claimed only as planned or not supported.
    pub not_delivered: Vec<Label<'s>>,
    pub unmapped_elements: Vec<Label<'s>>,
    pub thresholds: Vec<ThresholdResult<'s>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UseCaseResult<'s> {
    /// The use case's index in the model.
    pub index: u32,
    pub id: Label<'s>,
    pub title: Label<'s>,
    /// Every capability the use case exercises is covered.
    pub supported: bool,
    pub missing: Vec<Label<'s>>,
}

/// A finding, placed in the offering file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub pointer: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub help: Option<String>,
}

/// Everything known about one offering.
#[derive(Debug)]
pub struct OfferingReport<'s> {
    pub file: SourceFile,
    pub vendor: Option<String>,
    pub product: Option<String>,
    pub version: Option<String>,
    pub profiles: Vec<ProfileResult<'s>>,
    pub coverage: Counts,
    pub areas: Vec<AreaCoverage<'s>>,
    pub use_cases: Vec<UseCaseResult<'s>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics placed by line and column, for the reports that do
    /// not quote the file.
    pub findings: Vec<Finding>,
    /// The file could not be read as an offering at all.
    pub unreadable: bool,
}

impl OfferingReport<'_> {
    /// The diagnostics as findings with line and column in the offering.
    fn place(&self) -> Vec<Finding> {
        self.diagnostics
            .iter()
            .map(|d| {
                let (start, end) = match d.primary_span() {
                    Some(s) => (
                        self.file.line_col(s.start as usize),
                        self.file.line_col(s.end as usize),
                    ),
                    None => (self.file.line_col(0), self.file.line_col(0)),
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
            coverage: Counts::default(),
            areas: Vec::new(),
            use_cases: Vec::new(),
            diagnostics: Vec::new(),
            findings: Vec::new(),
            unreadable: false,
        }
    }

    /// Sort the diagnostics and place them in the file.
    pub(super) fn finish(&mut self) {
        crate::diag::sort(&mut self.diagnostics);
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
