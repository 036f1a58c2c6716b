//! `fibf diff` against known edits: a generated release, each edit applied
//! to it alone, and the report must name exactly that edit (every change it
//! made, nothing else) with the version bump that follows from it.

use std::collections::BTreeSet;

use fibf::diff::{Impact, compare};
use fibf::model_json::ModelDoc;

/// A release: one area, two functions, three activities each, capabilities
/// with distinct statements, data elements with distinct definitions and a
/// few that say only "See Authoritative Source", a metric. Every entity has
/// a workbook row.
fn release() -> Vec<Entity> {
    let mut out = vec![Entity::new("area GRM \"Grants Management\"", &[])];
    let mut row = 2;
    for f in 1..=2 {
        out.push(Entity::new(
            &format!("function GRM.0{f}0 \"Function {f}\""),
            &["area GRM".to_owned()],
        ));
        for a in 1..=3 {
            out.push(Entity::new(
                &format!("activity GRM.0{f}0.0{a}0 \"Activity {f}.{a}\""),
                &[format!("function GRM.0{f}0")],
            ));
            for c in 1..=3 {
                row += 1;
                out.push(Entity::new(
                    &format!(
                        "capability GRM.0{f}0.0{a}0.0{c}1 {}",
                        ["input", "process", "output"][c - 1]
                    ),
                    &[
                        format!("activity GRM.0{f}0.0{a}0"),
                        format!(
                            "statement \"{} the {} record of step {f}.{a} for the grant program\"",
                            ["Capture", "Evaluate", "Provide"][c - 1],
                            ["eligibility", "budget", "award", "closeout"][(a + c) % 4]
                        ),
                        format!("provenance \"grants.xlsx\" sheet \"Capabilities\" row {row}"),
                    ],
                ));
            }
        }
    }
    // A capability in the FFMSR style of numbering, which does not spell its
    // activity: it can move.
    out.push(Entity::new(
        "capability GRMSR.7 process",
        &[
            "activity GRM.020.010".to_owned(),
            "statement \"Monitor the recipient's progress reports for the grant program\""
                .to_owned(),
        ],
    ));
    for e in 1..=6 {
        row += 1;
        let definition = if e <= 3 {
            format!(
                "The {} of the grant award, as the awarding agency records it.",
                ["number", "date", "amount"][e - 1]
            )
        } else {
            "See Authoritative Source".to_owned()
        };
        out.push(Entity::new(
            &format!("element GrantElement{e}"),
            &[
                format!("definition \"{definition}\""),
                "activities GRM.010.010".to_owned(),
                format!("provenance \"elements.xlsx\" sheet \"Elements\" row {row}"),
            ],
        ));
    }
    out.push(Entity::new(
        "metric GRM-M-1 \"Awards made on time\"",
        &[
            "activity GRM.010.010".to_owned(),
            "dimension timeliness".to_owned(),
            "unit %".to_owned(),
            "target >= 95 %".to_owned(),
        ],
    ));
    out
}

#[derive(Clone)]
struct Entity {
    head: String,
    fields: Vec<String>,
}

impl Entity {
    fn new(head: &str, fields: &[String]) -> Self {
        Entity {
            head: head.to_owned(),
            fields: fields.to_vec(),
        }
    }

    fn id(&self) -> &str {
        self.head.split_whitespace().nth(1).unwrap()
    }

    fn set(&mut self, key: &str, value: &str) {
        let line = format!("{key} {value}");
        match self
            .fields
            .iter_mut()
            .find(|f| f.split_whitespace().next() == Some(key))
        {
            Some(f) => *f = line,
            None => self.fields.push(line),
        }
    }
}

fn text(entities: &[Entity]) -> String {
    let mut out = String::new();
    for e in entities {
        out.push_str(&e.head);
        if e.fields.is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(" {\n");
        for f in &e.fields {
            out.push_str(&format!("  {f}\n"));
        }
        out.push_str("}\n");
    }
    out
}

fn doc(entities: &[Entity]) -> ModelDoc {
    let analysis = fibf::workspace::analyze_text("release.fibf", &text(entities));
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{}", text(entities));
    fibf::model_json::export(analysis.model.as_ref().unwrap(), None)
}

fn find<'e>(entities: &'e mut [Entity], id: &str) -> &'e mut Entity {
    entities.iter_mut().find(|e| e.id() == id).unwrap()
}

/// An edit, what `diff` must report for it (`change id` or `change old →
/// new`, with `field` for modified entities), and the bump.
struct Case {
    name: &'static str,
    edit: fn(&mut Vec<Entity>),
    expected: &'static [&'static str],
    bump: &'static str,
}

/// The edits, each with what `diff` must say about it.
#[allow(clippy::too_many_lines)] // one table of cases
fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "add a capability",
            edit: |r| {
                r.push(Entity::new(
                    "capability GRM.010.010.041 process",
                    &[
                        "activity GRM.010.010".to_owned(),
                        "statement \"Reconcile the grant ledger with the payment system\""
                            .to_owned(),
                    ],
                ));
            },
            expected: &["added GRM.010.010.041"],
            bump: "minor",
        },
        Case {
            name: "remove a capability",
            edit: |r| r.retain(|e| e.id() != "GRM.020.030.031"),
            expected: &["removed GRM.020.030.031"],
            bump: "major",
        },
        Case {
            name: "reword a statement",
            edit: |r| {
                let c = find(r, "GRM.010.020.011");
                let s = c.fields[1].replace("record", "records");
                c.fields[1] = s;
            },
            expected: &["modified GRM.010.020.011 statement"],
            bump: "patch",
        },
        Case {
            name: "change a capability's kind",
            edit: |r| {
                "capability GRM.010.020.021 output"
                    .clone_into(&mut find(r, "GRM.010.020.021").head);
            },
            expected: &["modified GRM.010.020.021 kind"],
            bump: "major",
        },
        Case {
            name: "move a capability to another activity",
            edit: |r| find(r, "GRMSR.7").set("activity", "GRM.020.020"),
            expected: &["moved GRMSR.7 activity"],
            bump: "major",
        },
        Case {
            name: "rename a capability, its content kept",
            edit: |r| {
                let c = find(r, "GRM.010.030.031");
                c.head = c.head.replace("GRM.010.030.031", "GRM.010.030.091");
            },
            expected: &["renamed GRM.010.030.031 → GRM.010.030.091"],
            bump: "major",
        },
        Case {
            name: "rename a capability and rewrite it",
            edit: |r| {
                let c = find(r, "GRM.020.020.021");
                c.head = c.head.replace("GRM.020.020.021", "GRM.020.020.091");
                c.set(
                    "statement",
                    "\"Archive the closed award file in the records system\"",
                );
            },
            expected: &["removed GRM.020.020.021", "added GRM.020.020.091"],
            bump: "major",
        },
        Case {
            name: "rename an element whose definition many share",
            edit: |r| {
                let e = find(r, "GrantElement5");
                "element GrantElement9".clone_into(&mut e.head);
            },
            expected: &["removed GrantElement5", "added GrantElement9"],
            bump: "major",
        },
        Case {
            name: "rename an element with a distinctive definition",
            edit: |r| {
                "element GrantAwardDate".clone_into(&mut find(r, "GrantElement2").head);
            },
            expected: &["renamed GrantElement2 → GrantAwardDate"],
            bump: "major",
        },
        Case {
            name: "change a definition",
            edit: |r| {
                find(r, "GrantElement3")
                    .set("definition", "\"The obligated amount of the grant award.\"");
            },
            expected: &["modified GrantElement3 definition"],
            bump: "patch",
        },
        Case {
            name: "tighten a metric's target",
            edit: |r| find(r, "GRM-M-1").set("target", ">= 98 %"),
            expected: &["modified GRM-M-1 target"],
            bump: "major",
        },
        Case {
            name: "loosen a metric's target",
            edit: |r| find(r, "GRM-M-1").set("target", ">= 90 %"),
            expected: &["modified GRM-M-1 target"],
            bump: "minor",
        },
        Case {
            name: "move every row down (a row inserted above)",
            edit: |r| {
                for e in r.iter_mut() {
                    for f in &mut e.fields {
                        if let Some(rest) = f.strip_prefix("provenance ")
                            && let Some((head, n)) = rest.rsplit_once(" row ")
                        {
                            *f = format!("provenance {head} row {}", n.parse::<u32>().unwrap() + 1);
                        }
                    }
                }
            },
            expected: &[],
            bump: "none",
        },
    ]
}

#[test]
fn diff_reports_exactly_the_edits_made() {
    let cases = cases();
    let base = release();
    let old = doc(&base);
    for case in cases {
        let mut edited = base.clone();
        (case.edit)(&mut edited);
        let report = compare(&old, &doc(&edited));
        let got: BTreeSet<String> = report
            .changes
            .iter()
            .map(|c| {
                let subject = match &c.old_id {
                    Some(o) => format!("{o} → {}", c.id),
                    None => c.id.clone(),
                };
                let field = match c.change.as_str() {
                    "modified" | "moved" => {
                        let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
                        format!(" {}", fields.join(","))
                    }
                    _ => String::new(),
                };
                format!("{} {subject}{field}", c.change.as_str())
            })
            .collect();
        let expected: BTreeSet<String> = case.expected.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(got, expected, "{}", case.name);
        assert_eq!(report.suggested_bump, case.bump, "{}", case.name);
        let worst = report.changes.iter().map(|c| c.impact).max();
        assert_eq!(
            worst.map(Impact::as_str),
            match case.bump {
                "major" => Some("breaking"),
                "minor" => Some("additive"),
                "patch" => Some("editorial"),
                _ => None,
            },
            "{}",
            case.name
        );
    }
}
