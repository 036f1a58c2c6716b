//! What `fibf conform` finds about one offering: coverage, profile
//! results, supported use cases and findings. These types are the JSON
//! report's shape (see `docs/offerings.md`), so changes to them are changes
//! to a documented format.

use serde::Serialize;

use super::Support;
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::validate::ReadError;

/// An ID or name from the standard in a report: shared with the standard
/// (`conform::Standard` makes one per area, function and activity), as every
/// offering's coverage repeats them and a batch has thousands of offerings.
pub type Label = std::sync::Arc<str>;

/// Coverage counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub total: usize,
    /// Supported, configurable or custom.
    pub covered: usize,
    pub planned: usize,
    pub not_supported: usize,
    pub unclaimed: usize,
}

impl Counts {
    pub(super) fn add(&mut self, claim: Option<Support>) {
        self.total += 1;
        match claim {
            Some(s) if s.covers() => self.covered += 1,
            Some(Support::Planned) => self.planned += 1,
            Some(_) => self.not_supported += 1,
            None => self.unclaimed += 1,
        }
    }

    pub(super) fn merge(&mut self, other: &Counts) {
        self.total += other.total;
        self.covered += other.covered;
        self.planned += other.planned;
        self.not_supported += other.not_supported;
        self.unclaimed += other.unclaimed;
    }

    /// Covered share, in percent, one decimal.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.covered as f64 * 1000.0 / self.total as f64).round() / 10.0
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityCoverage {
    pub id: Label,
    pub name: Label,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionCoverage {
    pub id: Label,
    pub name: Label,
    pub counts: Counts,
    pub activities: Vec<ActivityCoverage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaCoverage {
    pub id: Label,
    pub name: Label,
    pub counts: Counts,
    pub functions: Vec<FunctionCoverage>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThresholdResult {
    pub metric: String,
    /// `>= 98 %`
    pub target: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub passed: bool,
}

/// A capability a profile makes mandatory, and the offering's claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MandatoryCapability {
    pub id: String,
    pub statement: String,
    /// `None` when the offering does not claim it.
    pub claim: Option<Support>,
    pub delivered: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileResult {
    pub id: String,
    pub name: String,
    pub passed: bool,
    pub mandatory: usize,
    /// Mandatory capabilities claimed as supported, configurable or custom.
    pub satisfied: usize,
    /// Each mandatory capability and what the offering claims for it.
    pub capabilities: Vec<MandatoryCapability>,
    pub missing: Vec<String>,
    /// Claimed only as planned or not supported.
    pub not_delivered: Vec<String>,
    pub unmapped_elements: Vec<String>,
    pub thresholds: Vec<ThresholdResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UseCaseResult {
    pub id: String,
    pub title: String,
    /// Every capability the use case exercises is covered.
    pub supported: bool,
    pub missing: Vec<String>,
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
pub struct OfferingReport {
    pub file: SourceFile,
    pub vendor: Option<String>,
    pub product: Option<String>,
    pub version: Option<String>,
    pub profiles: Vec<ProfileResult>,
    pub coverage: Counts,
    pub areas: Vec<AreaCoverage>,
    pub use_cases: Vec<UseCaseResult>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be read as an offering at all.
    pub unreadable: bool,
}

impl OfferingReport {
    /// The diagnostics as findings with line and column in the offering.
    pub fn findings(&self) -> Vec<Finding> {
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

impl OfferingReport {
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
            unreadable: false,
        }
    }

    /// The report for a file that could not be read at all.
    pub fn unreadable(error: &ReadError) -> Self {
        let mut report = OfferingReport::empty(SourceFile::new(error.path.clone(), None, ""));
        report.diagnostics.push(error.diagnostic());
        report.unreadable = true;
        report
    }
}
