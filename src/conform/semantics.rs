//! The semantic checks of an offering, after its structure: IDs the standard
//! does not know, the standards release it targets, deprecated claims, data
//! mappings against the standard's types, profile requirements and metric
//! values. Each finding is placed at the key or value it is about.

use std::collections::{BTreeSet, HashMap};

use crate::data::tree::TreeNode;

use super::{Index, MandatoryCapability, ProfileResult, Standard, Support, ThresholdResult};
use crate::data::Locator;
use crate::diag::{Code, Diagnostic};
use crate::model::{Target, TypeKind};
use crate::schema;
use crate::source::{FileId, Span};

/// The support claimed for each capability of the standard: a dense table
/// by index for lookups, and the list of what is claimed for coverage.
pub(super) struct Claims {
    support: Vec<Option<Support>>,
    /// The capabilities claimed, in the order first claimed: coverage
    /// visits these rather than the whole standard.
    claimed: Vec<u32>,
}

impl Claims {
    pub(super) fn new(capabilities: usize) -> Self {
        Claims {
            support: vec![None; capabilities],
            claimed: Vec::new(),
        }
    }

    pub(super) fn get(&self, capability: u32) -> Option<&Support> {
        self.support
            .get(capability as usize)
            .and_then(Option::as_ref)
    }

    /// Each claimed capability with its support.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, Support)> + '_ {
        self.claimed
            .iter()
            .filter_map(|&c| Some((c, self.support[c as usize]?)))
    }

    /// Each claimed capability with its support, in the order first
    /// claimed: what a report keeps.
    pub(super) fn into_list(self) -> Box<[(u32, Support)]> {
        self.iter().collect()
    }

    /// The claims of a list [`into_list`](Self::into_list) made.
    pub(super) fn from_list(capabilities: usize, list: &[(u32, Support)]) -> Self {
        let mut claims = Claims::new(capabilities);
        for &(c, s) in list {
            claims.insert(c, s);
        }
        claims
    }

    fn insert(&mut self, capability: u32, support: Support) {
        if self.support[capability as usize].replace(support).is_none() {
            self.claimed.push(capability);
        }
    }
}

/// Checks one offering document against the standard.
pub(super) struct Checker<'a, 'm> {
    pub standard: &'a Standard<'m>,
    /// The offering document.
    pub root: TreeNode<'a>,
    pub locator: Locator<'a>,
    pub text: &'a str,
    pub file: FileId,
    pub out: Vec<Diagnostic>,
    /// Capabilities claimed with a support level the structural check
    /// rejects: claimed, but not as anything; not reported again as missing.
    pub unreadable_claims: BTreeSet<u32>,
    /// Metrics already reported as missing a profile's threshold, so the
    /// standard's own target does not report the same value again.
    pub missed_thresholds: BTreeSet<u32>,
}

/// The string at a key of an object.
pub(super) fn str_at<'v>(v: TreeNode<'v>, key: &str) -> Option<&'v str> {
    v.get(key).and_then(|s| s.as_str())
}

/// A key as a JSON Pointer segment.
pub(super) fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

impl<'a, 'm> Checker<'a, 'm> {
    fn value(&self) -> TreeNode<'a> {
        self.root
    }

    /// A diagnostic at the value (or key, with `at_key`) of a pointer.
    fn at(
        &mut self,
        code: Code,
        pointer: &str,
        at_key: bool,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        let located = self.locator.locate(self.text, pointer);
        let range = match (at_key, located.key) {
            (true, Some(k)) => k,
            _ => located.value,
        };
        let end = range.end.min(self.text.len()).max(range.start);
        let mut d = Diagnostic::new(code, message)
            .with_label(Span::new(self.file, range.start, end), label)
            .with_pointer(pointer);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.out.push(d);
    }

    /// E0601–E0604: IDs the standard does not have, with "did you mean".
    pub fn unknown_ids(&mut self) {
        let s = self.standard;
        self.unknown_keys("capabilities", &s.capabilities, Code::E0601, "capability");
        self.unknown_keys("data_mappings", &s.elements, Code::E0602, "data element");
        self.unknown_keys("metrics", &s.metrics, Code::E0603, "metric");
        self.unknown_items("profiles", &s.profiles, "profile");
        self.unknown_items("use_cases", &s.use_cases, "use case");
    }

    fn unknown_keys(&mut self, section: &str, ids: &Index<'_>, code: Code, noun: &str) {
        let Some(map) = self.value().get(section).filter(TreeNode::is_object) else {
            return;
        };
        let unknown: Vec<&str> = map
            .members()
            .map(|(k, _)| k)
            .filter(|k| ids.get(k).is_none())
            .collect();
        for key in unknown {
            let help = ids.suggest(key).map_or_else(
                || {
                    format!(
                        "use the ID of a {noun} of the standard (see `fibf compile` or `fibf docs`)"
                    )
                },
                |s| format!("did you mean `{s}`?"),
            );
            self.at(
                code,
                &format!("/{section}/{}", escape(key)),
                true,
                format!("no {noun} of the standard has the ID `{key}`"),
                &format!("unknown {noun}"),
                Some(help),
            );
        }
    }

    fn unknown_items(&mut self, section: &str, ids: &Index<'_>, noun: &str) {
        let Some(items) = self.value().get(section).and_then(|v| v.items()) else {
            return;
        };
        let unknown: Vec<(usize, &str)> = items
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
            .filter(|(_, id)| ids.get(id).is_none())
            .collect();
        for (i, id) in unknown {
            let mut help = ids.suggest(id).map_or_else(
                || format!("use the ID of a {noun} of the standard"),
                |s| format!("did you mean `{s}`?"),
            );
            // Profiles are few: name them, as `--profile` does.
            if section == "profiles" {
                let shown: Vec<&str> = ids.ids.iter().take(10).copied().collect();
                let more = ids.ids.len().saturating_sub(shown.len());
                help.push_str(&format!(
                    "; the standard's profiles: {}{}",
                    if shown.is_empty() {
                        "(none)".to_owned()
                    } else {
                        shown.join(", ")
                    },
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ));
            }
            self.at(
                Code::E0604,
                &format!("/{section}/{i}"),
                false,
                format!("no {noun} of the standard has the ID `{id}`"),
                &format!("unknown {noun}"),
                Some(help),
            );
        }
    }

    /// E0611: the offering was assessed against another release.
    pub fn standards_release(&mut self) {
        let ws = &self.standard.model.workspace;
        let claimed = self.value().get("standards");
        for (key, expected) in [("name", &ws.name), ("version", &ws.version)] {
            let got = claimed.and_then(|s| str_at(s, key));
            if let (Some(exp), Some(got)) = (expected, got)
                && exp != got
            {
                self.at(
                    Code::E0611,
                    &format!("/standards/{key}"),
                    false,
                    format!(
                        "the offering targets standards {key} `{got}`, but these standards are `{exp}`"
                    ),
                    &format!("expected `{exp}`"),
                    Some(
                        "assess the offering against the standards release it names, or update it to this release"
                            .to_owned(),
                    ),
                );
            }
        }
    }

    /// The claims the offering makes; W0612 for deprecated capabilities.
    pub fn claims(&mut self) -> Claims {
        let mut claims = Claims::new(self.standard.model.capabilities.len());
        let mut deprecated = Vec::new();
        let mut unreadable = BTreeSet::new();
        if let Some(map) = self.value().get("capabilities") {
            for (key, claim) in map.members() {
                let support = str_at(claim, "support").and_then(Support::parse);
                let index = self.standard.capabilities.get(key);
                if let (Some(i), None) = (index, support) {
                    unreadable.insert(i);
                }
                if let (Some(i), Some(s)) = (index, support) {
                    claims.insert(i, s);
                    if self.standard.deprecated[i as usize] {
                        deprecated.push(key);
                    }
                }
            }
        }
        self.unreadable_claims = unreadable;
        for key in deprecated {
            self.at(
                Code::W0612,
                &format!("/capabilities/{}", escape(key)),
                true,
                format!("capability `{key}` is deprecated in the standard"),
                "deprecated",
                Some(
                    "a deprecated capability stops counting when the standard removes it; claim its replacement"
                        .to_owned(),
                ),
            );
        }
        claims
    }

    /// E0608: vendor types that cannot hold the standard's values.
    pub fn mappings(&mut self) -> usize {
        let model = self.standard.model;
        let Some(map) = self.value().get("data_mappings") else {
            return 0;
        };
        let mut found = Vec::new();
        let mut untyped = Vec::new();
        for (key, mapping) in map.members() {
            let Some(i) = self.standard.elements.get(key) else {
                continue;
            };
            let element = &model.elements[i as usize];
            let Some(t) = &element.data_type else {
                untyped.push(key);
                continue;
            };
            let Some(vendor) = str_at(mapping, "type") else {
                continue;
            };
            if let Some((why, at)) = incompatible(&t.kind, vendor, mapping) {
                let help = format!(
                    "`{key}` is {}: {}",
                    schema::describe(&t.kind),
                    element.definition.value
                );
                found.push((key, why, at, help));
            }
        }
        for (key, why, at, help) in found {
            self.at(
                Code::E0608,
                &format!("/data_mappings/{}/{at}", escape(key)),
                false,
                format!("`{key}`: {why}"),
                "incompatible with the standard",
                Some(help),
            );
        }
        let unchecked = untyped.len();
        for key in untyped {
            self.at(
                Code::N0615,
                &format!("/data_mappings/{}", escape(key)),
                true,
                format!("`{key}`: not type-checked: the standard declares no type for this data element"),
                "not type-checked",
                Some("the mapping is accepted as it is; the published standard gives most data elements a definition but no type".to_owned()),
            );
        }
        unchecked
    }

    /// The metric values reported: ID → (value object, pointer).
    fn metric_values(&self) -> Vec<(&'a str, TreeNode<'a>, String)> {
        let mut values: Vec<(&str, TreeNode, String)> = self
            .value()
            .get("metrics")
            .into_iter()
            .flat_map(|m| m.members())
            .map(|(k, v)| (k, v, format!("/metrics/{}", escape(k))))
            .collect();
        values.sort_by(|a, b| a.0.cmp(b.0));
        values
    }

    /// Each profile asked for (or, without `--profile`, each the offering
    /// claims): E0605–E0607 and E0609.
    pub fn profiles(&mut self, claims: &Claims, only: &[String]) -> Vec<ProfileResult<'m>> {
        let ids: Vec<String> = if only.is_empty() {
            self.value()
                .get("profiles")
                .and_then(|p| p.items())
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str())
                .map(str::to_owned)
                .collect()
        } else {
            only.to_vec()
        };
        let mut seen = BTreeSet::new();
        let metrics: HashMap<&str, (TreeNode, String)> = self
            .metric_values()
            .into_iter()
            .map(|(k, v, p)| (k, (v, p)))
            .collect();
        // Held until the batch's summary is known: a vector grown from
        // empty has room for four results (800 bytes) where most offerings
        // name one profile.
        let mut results = Vec::with_capacity(ids.len());
        for pid in ids {
            if !seen.insert(pid.clone()) {
                continue;
            }
            if let Some(p) = self.standard.profiles.get(&pid) {
                results.push(self.profile(p, &pid, claims, &metrics));
            }
        }
        results
    }

    fn profile(
        &mut self,
        p: u32,
        pid: &str,
        claims: &Claims,
        metrics: &HashMap<&str, (TreeNode<'a>, String)>,
    ) -> ProfileResult<'m> {
        let standard = self.standard;
        let model = standard.model;
        let req = &standard.requirements[p as usize];
        let mut result = ProfileResult {
            id: model.profiles[p as usize].meta.id(),
            name: model.profiles[p as usize].meta.name().unwrap_or(""),
            passed: true,
            mandatory: req.capabilities.len(),
            satisfied: 0,
            capabilities: Vec::with_capacity(req.capabilities.len()),
            missing: Vec::new(),
            not_delivered: Vec::new(),
            unmapped_elements: Vec::new(),
            thresholds: Vec::with_capacity(req.thresholds.len()),
        };
        for &c in &req.capabilities {
            let capability = &model.capabilities[c as usize];
            let cid = capability.meta.id();
            let claim = claims.get(c).copied();
            let delivered = claim.is_some_and(Support::covers);
            // Only a finding needs the help text: most claims deliver.
            let help = || Some(format!("{cid}: {}", capability.statement.value));
            match claim {
                _ if delivered => result.satisfied += 1,
                Some(s) => {
                    self.at(
                        Code::E0606,
                        &format!("/capabilities/{}", escape(cid)),
                        true,
                        format!(
                            "profile `{pid}` requires capability `{cid}`, claimed only as {}",
                            s.as_str()
                        ),
                        "mandatory, not delivered",
                        help(),
                    );
                    result.not_delivered.push(cid);
                }
                None if self.unreadable_claims.contains(&c) => {
                    result.not_delivered.push(cid);
                }
                None => {
                    let at = self.missing_at("capabilities", pid);
                    self.at(
                        Code::E0605,
                        &at,
                        true,
                        format!(
                            "profile `{pid}` requires capability `{cid}`, which the offering does not claim"
                        ),
                        &format!("`{cid}` missing"),
                        help(),
                    );
                    result.missing.push(cid);
                }
            }
            result.capabilities.push(MandatoryCapability {
                index: c,
                claim,
                delivered,
            });
        }
        for &e in &req.elements {
            let element = &model.elements[e as usize];
            let eid = element.meta.id();
            let mapped = self
                .value()
                .get("data_mappings")
                .is_some_and(|m| m.get(eid).is_some());
            if !mapped {
                let at = self.missing_at("data_mappings", pid);
                self.at(
                    Code::E0607,
                    &at,
                    true,
                    format!("profile `{pid}` requires data element `{eid}` to be mapped"),
                    &format!("`{eid}` not mapped"),
                    Some(format!("{eid}: {}", element.definition.value)),
                );
                result.unmapped_elements.push(eid);
            }
        }
        for (m, target) in &req.thresholds {
            let threshold = self.threshold(*m, target, pid, metrics);
            result.thresholds.push(threshold);
        }
        result.passed = result.missing.is_empty()
            && result.not_delivered.is_empty()
            && result.unmapped_elements.is_empty()
            && result.thresholds.iter().all(|t| t.passed);
        result
    }

    fn threshold(
        &mut self,
        m: u32,
        target: &Target,
        pid: &str,
        metrics: &HashMap<&str, (TreeNode<'a>, String)>,
    ) -> ThresholdResult<'m> {
        let metric = &self.standard.model.metrics[m as usize];
        let mid = metric.meta.id();
        let expected_unit = target
            .unit
            .as_ref()
            .or(metric.unit.as_ref())
            .map(|u| u.value.clone());
        let target_text = target_text(target, expected_unit.as_deref());
        let reported = metrics.get(mid);
        let number = reported
            .and_then(|(v, _)| v.get("value"))
            .and_then(|v| v.as_f64());
        let unit = reported
            .and_then(|(v, _)| str_at(*v, "unit"))
            .map(str::to_owned);
        let mut passed = false;
        match (reported, number) {
            (Some((_, pointer)), Some(v)) => {
                if !unit_ok(expected_unit.as_deref(), unit.as_deref()) {
                    // The unit is reported once, as E0610, by `metrics`.
                } else if target.comparator.value.holds(v, target.value.value.value) {
                    passed = true;
                } else {
                    self.missed_thresholds.insert(m);
                    self.at(
                        Code::E0609,
                        &format!("{pointer}/value"),
                        false,
                        format!("metric `{mid}` is {v} but profile `{pid}` requires {target_text}"),
                        &format!("misses {target_text}"),
                        with_fraction_hint(
                            metric.meta.name().map(|n| format!("{mid}: {n}")),
                            v,
                            expected_unit.as_deref(),
                            target.value.value.value,
                        ),
                    );
                }
            }
            // No value, or one the structural check already reports.
            (Some(_), None) => {}
            (None, _) => {
                let at = self.missing_at("metrics", pid);
                self.at(
                    Code::E0609,
                    &at,
                    true,
                    format!(
                        "profile `{pid}` requires metric `{mid}` {target_text}, and the offering reports no value"
                    ),
                    &format!("`{mid}` missing"),
                    Some(format!(
                        "report `{mid}` under `metrics` with its value, unit, period and source"
                    )),
                );
            }
        }
        ThresholdResult {
            metric: mid,
            target: target_text,
            value: number,
            unit,
            passed,
            comparator: target.comparator.value.as_str(),
            limit: target.value.value.value,
        }
    }

    /// Every metric value: E0610 in another unit than the metric's, W0613
    /// short of the standard's own target (informative; profiles set the
    /// binding thresholds).
    pub fn metrics(&mut self) {
        let model = self.standard.model;
        for (mid, v, pointer) in self.metric_values() {
            let Some(m) = self.standard.metrics.get(mid) else {
                continue;
            };
            let metric = &model.metrics[m as usize];
            let expected = metric.unit.as_ref().map(|u| u.value.as_str());
            let unit = str_at(v, "unit");
            if !unit_ok(expected, unit) {
                let (exp, got) = (expected.unwrap_or_default(), unit.unwrap_or_default());
                self.at(
                    Code::E0610,
                    &format!("{pointer}/unit"),
                    false,
                    format!("metric `{mid}` is reported in `{got}` but measured in `{exp}`"),
                    &format!("expected `{exp}`"),
                    Some(format!("report the value converted to {exp}")),
                );
                continue;
            }
            if let (Some(t), Some(n)) = (&metric.target, v.get("value").and_then(|v| v.as_f64()))
                && !t.comparator.value.holds(n, t.value.value.value)
                && !self.missed_thresholds.contains(&m)
            {
                let unit = t.unit.as_ref().or(metric.unit.as_ref());
                self.at(
                    Code::W0613,
                    &format!("{pointer}/value"),
                    false,
                    format!(
                        "metric `{mid}` is {n}, short of the standard's target {}",
                        target_text(t, unit.map(|u| u.value.as_str()))
                    ),
                    "short of the standard's target",
                    with_fraction_hint(
                        metric.meta.name().map(|name| format!("{mid}: {name}")),
                        n,
                        unit.map(|u| u.value.as_str()),
                        t.value.value.value,
                    ),
                );
            }
        }
    }

    /// W0614: use cases the offering lists but cannot support.
    /// The use cases are worked out from `claims` only for an offering
    /// that lists some (the report works them out again when written).
    pub fn use_cases(&mut self, claims: &Claims) {
        let Some(items) = self.value().get("use_cases").and_then(|u| u.items()) else {
            return;
        };
        let results = super::coverage::use_cases(self.standard, claims);
        let model = self.standard.model;
        // Results are in index order: found by the index of the ID.
        let result_of = |id: &str| {
            let index = self.standard.use_cases.get(id)?;
            let at = results.binary_search_by_key(&index, |r| r.index).ok()?;
            Some(&results[at])
        };
        let unsupported: Vec<(usize, &str, String)> = items
            .enumerate()
            .filter_map(|(i, v)| {
                let r = result_of(v.as_str()?)?;
                (!r.supported).then(|| {
                    let missing: Vec<&str> = r.missing_ids(model).collect();
                    (i, r.labels(model).0, missing.join(", "))
                })
            })
            .collect();
        for (i, id, missing) in unsupported {
            self.at(
                Code::W0614,
                &format!("/use_cases/{i}"),
                false,
                format!(
                    "the offering lists use case `{id}` but does not deliver capabilities it exercises: {missing}"
                ),
                "not fully supported",
                Some("claim those capabilities as supported, configurable or custom, or stop listing the use case".to_owned()),
            );
        }
    }

    /// Where to report something a profile requires and the offering lacks:
    /// the section it belongs in, else the profile's entry in `profiles`,
    /// else the document.
    fn missing_at(&self, section: &str, profile: &str) -> String {
        let value = self.value();
        if value.get(section).is_some() {
            return format!("/{section}");
        }
        value
            .get("profiles")
            .and_then(|p| p.items())
            .and_then(|mut items| items.position(|v| v.as_str() == Some(profile)))
            .map_or_else(String::new, |i| format!("/profiles/{i}"))
    }
}

/// `>= 98 %`
fn target_text(target: &Target, unit: Option<&str>) -> String {
    format!(
        "{} {}{}",
        target.comparator.value.as_str(),
        target.value.value.text,
        unit.map(|u| format!(" {u}")).unwrap_or_default()
    )
}

/// Whether a reported unit is the expected one (either may be absent).
fn unit_ok(expected: Option<&str>, got: Option<&str>) -> bool {
    match (expected, got) {
        (Some(e), Some(g)) => e == g,
        _ => true,
    }
}

/// How many code values to name in a message before "...".
const CODES_SHOWN: usize = 12;

/// How a vendor's type fits the standard's: `None` if it does, else why not.
/// Why a vendor field of type `vendor` cannot hold the standard's type, and
/// the key of the mapping at fault (`type`, `max_length` or `values`).
fn incompatible(
    standard: &TypeKind,
    vendor: &str,
    mapping: TreeNode,
) -> Option<(String, &'static str)> {
    let fits = match (standard, vendor) {
        (TypeKind::String { max_length, .. }, _) => {
            if let (Some(max), Some(v)) = (
                max_length,
                mapping.get("max_length").and_then(|n| n.as_u64()),
            ) && v > max.value
            {
                return Some((
                    format!(
                        "the vendor field holds up to {v} characters, the standard at most {}",
                        max.value
                    ),
                    "max_length",
                ));
            }
            true
        }
        (TypeKind::Integer { .. }, "integer") => true,
        (TypeKind::Decimal { .. }, "integer" | "decimal") => true,
        // A timestamp holds a date; a date cannot hold a timestamp.
        (TypeKind::Date, "date" | "datetime") => true,
        (TypeKind::DateTime, "datetime") => true,
        (TypeKind::Boolean, "boolean") => true,
        (TypeKind::Code { values }, "code") => {
            let domain: BTreeSet<&str> = values.iter().map(|v| v.code.value.as_str()).collect();
            let outside: Vec<String> = mapping
                .get("values")
                .and_then(|v| v.items())
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str())
                .filter(|v| !domain.contains(v))
                .map(|v| format!("`{v}`"))
                .collect();
            if !outside.is_empty() {
                let mut shown: Vec<&str> = values
                    .iter()
                    .take(CODES_SHOWN)
                    .map(|v| v.code.value.as_str())
                    .collect();
                if values.len() > CODES_SHOWN {
                    shown.push("...");
                }
                return Some((
                    format!(
                        "the vendor's {} outside the standard's domain ({})",
                        if outside.len() == 1 {
                            format!("value {} is", outside[0])
                        } else {
                            format!("values {} are", outside.join(", "))
                        },
                        shown.join(", ")
                    ),
                    "values",
                ));
            }
            true
        }
        _ => false,
    };
    (!fits).then(|| {
        let vendor_desc = match vendor {
            "string" => "a free-text field".to_owned(),
            "integer" => "an integer field".to_owned(),
            other => format!("a {other} field"),
        };
        let name = standard.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        (
            format!("{vendor_desc} is mapped to {article} {name} data element"),
            "type",
        )
    })
}

/// A help, with a hint when a percentage that misses its target looks like
/// a fraction (`0.97` for 97 %): the target is over 1, the value is not.
fn with_fraction_hint(
    help: Option<String>,
    value: f64,
    unit: Option<&str>,
    target: f64,
) -> Option<String> {
    if unit != Some("%") || !(value > 0.0 && value <= 1.0) || target <= 1.0 {
        return help;
    }
    let percent = (value * 100.0 * 1e6).round() / 1e6;
    let hint = format!(
        "`{value}` looks like a fraction: the unit is `%`, so write {percent} for {percent} %"
    );
    Some(match help {
        Some(h) => format!("{h}\n{hint}"),
        None => hint,
    })
}
