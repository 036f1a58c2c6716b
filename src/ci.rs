//! Findings in the shapes CI systems read: GitHub's workflow commands
//! (annotations on a pull request without code scanning), GitLab's Code
//! Quality report, and SARIF 2.1.0 as GitHub code scanning takes it.
//!
//! Each command (`check`, `conform`, `validate`, `diff`) turns what it found
//! into [`Finding`]s; the emitters here know nothing of where they came
//! from. Paths are made relative to the repository (the nearest directory
//! above the current one with a `.git`, or the current directory), with
//! `/` separators and `a/../b` resolved, so that annotations land on the
//! files a pull request shows.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::diag::{Code, Diagnostic, Severity};
use crate::source::SourceMap;

/// One thing to annotate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The diagnostic code, or another stable name for what it is
    /// (`breaking`, for a change of a release).
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The file, as a path (relative to the current directory, or
    /// absolute); `None` for a finding about no file.
    pub file: Option<PathBuf>,
    /// 1-based line and column of its start and end; 0 when unknown.
    pub start: (u32, u32),
    /// 1-based line and column of its end; 0 when unknown.
    pub end: (u32, u32),
    /// Text that identifies it across commits (the line it is on, with
    /// whatever else helps), hashed into its fingerprint.
    pub anchor: String,
}

impl Finding {
    /// The finding a diagnostic makes, its place read from `sources`.
    pub fn from_diagnostic(d: &Diagnostic, sources: &SourceMap) -> Finding {
        let (file, start, end, anchor) = match d.primary_span() {
            Some(span) => {
                let f = sources.get(span.file);
                let (s, e) = (sources.start(span), sources.end(span));
                let line = f.line_start(s.line as usize - 1);
                let line_end = f.text[line..].find('\n').map_or(f.text.len(), |i| line + i);
                let anchor = f.text[line..line_end].trim().to_owned();
                let path = f.path.clone().unwrap_or_else(|| PathBuf::from(&f.name));
                (Some(path), (s.line, s.column), (e.line, e.column), anchor)
            }
            None => (
                d.path.as_ref().map(PathBuf::from),
                (0, 0),
                (0, 0),
                String::new(),
            ),
        };
        Finding {
            code: d.code.as_str().to_owned(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            file,
            start,
            end,
            anchor,
        }
    }
}

/// Where relative paths in reports start: the repository's top directory
/// (the nearest one with a `.git` above the current directory), else the
/// current directory.
pub fn repository_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// `path` relative to `root`, with `/` separators and `.`/`..` resolved;
/// as given (normalized) when it is outside the root.
pub fn relative(path: &Path, root: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let absolute = crate::io::normalize(&absolute);
    let root = crate::io::normalize(root);
    match absolute.strip_prefix(&root) {
        Ok(rel) => crate::source::display_name(rel),
        Err(_) => crate::source::display_name(&crate::io::normalize(path)),
    }
}

/// GitHub Actions workflow commands, one per finding:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`.
pub fn github(findings: &[Finding], root: &Path) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(file) = &f.file {
            props.push(format!("file={}", property(&relative(file, root))));
            if f.start.0 > 0 {
                props.push(format!("line={}", f.start.0));
                props.push(format!("col={}", f.start.1));
                props.push(format!("endLine={}", f.end.0.max(f.start.0)));
                if f.end.0 == f.start.0 {
                    props.push(format!("endColumn={}", f.end.1.max(f.start.1)));
                }
            }
        }
        props.push(format!("title={}", property(&f.code)));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
    }
    out
}

/// A workflow command's data: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,` escaped.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A stable hex fingerprint (FNV-1a, 64 bits) of the parts.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// GitLab's Code Quality report (a JSON array of issues).
pub fn gitlab(findings: &[Finding], root: &Path) -> String {
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            let path = f
                .file
                .as_ref()
                .map_or_else(|| ".".to_owned(), |p| relative(p, root));
            let mut description = f.message.clone();
            if let Some(help) = &f.help {
                description.push_str(" (");
                description.push_str(help);
                description.push(')');
            }
            json!({
                "description": description,
                "check_name": f.code,
                "fingerprint": fingerprint(&[&f.code, &path, &f.anchor, &f.message]),
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                "location": { "path": path, "lines": { "begin": f.start.0.max(1) } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).expect("reports serialize");
    s.push('\n');
    s
}

/// What a SARIF log says about the run beyond its findings.
pub struct SarifRun<'a> {
    /// The directory paths are relative to (`%SRCROOT%`).
    pub root: &'a Path,
    /// Where each code's explanation is: a code and `.md` are appended.
    pub docs_base: &'a str,
    /// The process's exit code.
    pub exit_code: i32,
    /// Run properties (the standards a conformance report is about).
    pub properties: Option<Value>,
}

/// A relative path as a URI reference: `/` separators, reserved characters
/// percent-encoded.
fn uri(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The first paragraph of a code's explanation, on one line.
fn summary(explanation: &str) -> String {
    explanation
        .split("\n\n")
        .find(|p| !p.trim_start().starts_with('#') && !p.trim().is_empty())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// SARIF 2.1.0 as GitHub code scanning takes it: one run, a rule per code
/// (with its `helpUri`), artifact URIs relative to `%SRCROOT%`, a
/// `partialFingerprints` per result so alerts follow code across commits,
/// and the invocation's exit code.
pub fn sarif(findings: &[Finding], run: &SarifRun<'_>) -> String {
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            let code = c.parse::<Code>().ok();
            let (title, explanation) =
                code.map_or((*c, String::new()), |k| (k.title(), k.explanation().to_owned()));
            let mut rule = json!({
                "id": c,
                "name": title,
                "shortDescription": { "text": title },
                "fullDescription": { "text": if explanation.is_empty() { title.to_owned() } else { summary(&explanation) } },
            });
            if let Some(k) = code {
                rule["helpUri"] = json!(format!("{}{c}.md", run.docs_base));
                rule["help"] = json!({
                    "text": format!("{} Run `fibf explain {c}` for an example.", summary(&explanation)),
                    "markdown": explanation,
                });
                rule["defaultConfiguration"] = json!({ "level": level(k.severity()) });
            }
            rule
        })
        .collect();
    let mut artifacts: Vec<String> = findings
        .iter()
        .filter_map(|f| f.file.as_ref().map(|p| relative(p, run.root)))
        .collect();
    artifacts.sort();
    artifacts.dedup();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, &codes, &artifacts, run.root))
        .collect();
    let root_uri = {
        let mut s = crate::io::normalize(run.root)
            .to_string_lossy()
            .replace('\\', "/");
        if !s.ends_with('/') {
            s.push('/');
        }
        format!("file://{}", uri(&s))
    };
    let mut sarif_run = json!({
        "tool": { "driver": {
            "name": "fibf",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules,
        } },
        "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
        "artifacts": artifacts.iter().map(|a| json!({ "location": { "uri": uri(a), "uriBaseId": "%SRCROOT%" } })).collect::<Vec<_>>(),
        "invocations": [{
            "executionSuccessful": run.exit_code != 2,
            "exitCode": run.exit_code,
        }],
        "results": results,
    });
    if let Some(p) = &run.properties {
        sarif_run["properties"] = p.clone();
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [sarif_run],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("logs serialize");
    s.push('\n');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result(f: &Finding, codes: &[&str], artifacts: &[String], root: &Path) -> Value {
    let rule_index = codes.iter().position(|c| *c == f.code).unwrap_or(0);
    let message = match &f.help {
        Some(h) => format!("{} ({h})", f.message),
        None => f.message.clone(),
    };
    let mut result = json!({
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": message },
    });
    if let Some(file) = &f.file {
        let rel = relative(file, root);
        let index = artifacts.iter().position(|a| *a == rel).unwrap_or(0);
        let mut location = json!({
            "artifactLocation": { "uri": uri(&rel), "uriBaseId": "%SRCROOT%", "index": index },
        });
        if f.start.0 > 0 {
            location["region"] = json!({
                "startLine": f.start.0,
                "startColumn": f.start.1.max(1),
                "endLine": f.end.0.max(f.start.0),
                "endColumn": f.end.1.max(1),
            });
        }
        result["locations"] = json!([{ "physicalLocation": location }]);
        result["partialFingerprints"] = json!({
            "fibfFingerprint/v1": fingerprint(&[&f.code, &rel, &f.anchor, &f.message]),
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str) -> Finding {
        Finding {
            code: "E0301".to_owned(),
            severity: Severity::Error,
            message: "no activity has the ID `X`, 100% sure: really".to_owned(),
            help: Some("did you mean `Y`?".to_owned()),
            file: Some(PathBuf::from(file)),
            start: (3, 5),
            end: (3, 9),
            anchor: "activity X".to_owned(),
        }
    }

    #[test]
    fn paths_are_relative_to_the_root_and_normalized() {
        let root = Path::new("/repo");
        assert_eq!(relative(Path::new("/repo/a/../b/c.fibf"), root), "b/c.fibf");
        assert_eq!(
            relative(Path::new("/elsewhere/c.fibf"), root),
            "/elsewhere/c.fibf"
        );
    }

    #[test]
    fn github_commands_escape_their_data() {
        let out = github(&[finding("/repo/std/a,b.fibf")], Path::new("/repo"));
        assert_eq!(
            out,
            "::error file=std/a%2Cb.fibf,line=3,col=5,endLine=3,endColumn=9,title=E0301::no activity has the ID `X`, 100%25 sure: really%0Ahelp: did you mean `Y`?\n"
        );
    }

    #[test]
    fn fingerprints_ignore_line_numbers() {
        let a = finding("/repo/x.fibf");
        let mut b = a.clone();
        b.start = (40, 5);
        let gl = |f: &Finding| gitlab(std::slice::from_ref(f), Path::new("/repo"));
        let fp = |s: String| serde_json::from_str::<Value>(&s).unwrap()[0]["fingerprint"].clone();
        assert_eq!(fp(gl(&a)), fp(gl(&b)));
    }
}
