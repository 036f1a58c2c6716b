//! The registry of diagnostic codes.
//!
//! Every diagnostic the tool can emit has a stable code listed here with its
//! severity, a one-line title and the long explanation that `fibf explain`
//! prints (kept as Markdown in `docs/diagnostics/`, so the same text is
//! readable on a Git host). Codes are never reused or renumbered: tools and
//! suppressions in standards files depend on them.

use std::fmt;
use std::str::FromStr;

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $text:literal, $sev:ident, $title:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $title] $variant,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in reports and suppressions, e.g. `E0301`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The severity a diagnostic with this code has.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$sev,)*
                }
            }

            /// A short name for the problem.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title,)*
                }
            }

            /// The long explanation, with a wrong and a fixed example.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../../docs/diagnostics/", $text, ".md")),)*
                }
            }
        }
    };
}

codes! {
    // Reading sources and the workspace.
    E0100 = "E0100", Error, "file or directory cannot be read";
    E0101 = "E0101", Error, "file is not valid UTF-8";
    E0102 = "E0102", Error, "file is binary";
    E0103 = "E0103", Error, "file is too large";
    E0104 = "E0104", Error, "no .fibf files found";
    W0105 = "W0105", Warning, "file declares nothing";
    W0106 = "W0106", Warning, "symbolic link skipped";
    E0107 = "E0107", Error, "invalid workspace configuration";
    // Syntax.
    E0110 = "E0110", Error, "syntax error";
    E0111 = "E0111", Error, "unterminated string";
    E0112 = "E0112", Error, "invalid escape in string";
    E0113 = "E0113", Error, "blocks nested too deeply";
    // Building the model: declarations and fields.
    E0201 = "E0201", Error, "unknown declaration";
    E0202 = "E0202", Error, "unknown field";
    E0203 = "E0203", Error, "missing required field";
    E0204 = "E0204", Error, "wrong value for field";
    E0205 = "E0205", Error, "field given more than once";
    E0206 = "E0206", Error, "duplicate ID";
    E0207 = "E0207", Error, "malformed ID";
    E0208 = "E0208", Error, "invalid capability kind";
    E0209 = "E0209", Error, "invalid value";
    E0210 = "E0210", Error, "empty text";
    E0211 = "E0211", Error, "invalid cardinality";
    E0212 = "E0212", Error, "invalid attribute";
    E0213 = "E0213", Error, "events out of order";
    E0214 = "E0214", Error, "invalid data type";
    // Checking the resolved model.
    E0301 = "E0301", Error, "unknown reference";
    E0302 = "E0302", Error, "reference to the wrong kind of entity";
    E0303 = "E0303", Error, "ID contradicts its parent";
    E0304 = "E0304", Error, "record cycle";
    E0305 = "E0305", Error, "metric target of the wrong type";
    E0306 = "E0306", Error, "profile inheritance cycle";
    E0307 = "E0307", Error, "records nested too deeply";
    W0310 = "W0310", Warning, "data element never used";
    W0311 = "W0311", Warning, "reference to a deprecated entity";
    W0312 = "W0312", Warning, "profile selection selects nothing";
    W0313 = "W0313", Warning, "exclusion has no effect";
    W0314 = "W0314", Warning, "event capability belongs to another activity";
    W0315 = "W0315", Warning, "unused suppression";
    W0316 = "W0316", Warning, "known defect of the published source";
    W0317 = "W0317", Warning, "defect annotation matches no error";
    E0320 = "E0320", Error, "example does not match its type";
    // Data documents.
    E0401 = "E0401", Error, "data is not well-formed";
    E0402 = "E0402", Error, "data exceeds a limit";
    E0403 = "E0403", Error, "data does not match the schema";
    // Importing published files.
    W0501 = "W0501", Warning, "ID published twice";
    W0502 = "W0502", Warning, "malformed value in the published source";
    W0503 = "W0503", Warning, "empty text in the published source";
    W0504 = "W0504", Warning, "published reference to something that does not exist";
    W0505 = "W0505", Warning, "published ID contradicts its parent";
    W0506 = "W0506", Warning, "published releases disagree";
    W0507 = "W0507", Warning, "published names differ between sheets";
    E0508 = "E0508", Error, "file cannot be imported";
    W0509 = "W0509", Warning, "file not imported";
    W0510 = "W0510", Warning, "column not imported";
    // Vendor offerings.
    E0601 = "E0601", Error, "unknown capability in an offering";
    E0602 = "E0602", Error, "unknown data element in an offering";
    E0603 = "E0603", Error, "unknown metric in an offering";
    E0604 = "E0604", Error, "unknown profile or use case in an offering";
    E0605 = "E0605", Error, "mandatory capability not claimed";
    E0606 = "E0606", Error, "mandatory capability not delivered";
    E0607 = "E0607", Error, "required data element not mapped";
    E0608 = "E0608", Error, "data mapping incompatible with the standard";
    E0609 = "E0609", Error, "metric misses the profile's threshold";
    E0610 = "E0610", Error, "metric reported in the wrong unit";
    E0611 = "E0611", Error, "offering targets other standards";
    W0612 = "W0612", Warning, "claim of a deprecated capability";
    W0613 = "W0613", Warning, "metric short of the standard's target";
    W0614 = "W0614", Warning, "listed use case not fully supported";
    N0615 = "N0615", Note, "data mapping not type-checked";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ();

    /// Accepts `E0301`, `e0301` and `fibf::E0301`.
    fn from_str(s: &str) -> Result<Self, ()> {
        let s = s.trim();
        let s = s.strip_prefix("fibf::").unwrap_or(s);
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
            .ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_prefixed_by_severity() {
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str()[1..] < pair[1].as_str()[1..], "{pair:?}");
        }
        for c in Code::ALL {
            let expected = match c.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(c.as_str().starts_with(expected), "{c}");
        }
    }

    #[test]
    fn parses_with_and_without_namespace() {
        assert_eq!("fibf::E0301".parse(), Ok(Code::E0301));
        assert_eq!("w0310".parse(), Ok(Code::W0310));
        assert_eq!("E9999".parse::<Code>(), Err(()));
    }
}
