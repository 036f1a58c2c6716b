//! The pages of the site: one method per kind of page, each adding the
//! pages of its kind with a context made only when the page is rendered.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use minijinja::context;
use minijinja::value::{Serde, Value};

use super::site::{self, Kind, Reverse, Site};
use super::{Format, FunctionTree, Index, Items, Page, TraceRow, ids};
use crate::model_json::ModelDoc;

/// The pages of a site, added kind by kind.
pub(super) struct Pages<'a> {
    doc: &'a ModelDoc,
    site: &'a Site<'a>,
    index: &'a Index<'a>,
    reverse: &'a Reverse<'a>,
    ext: &'static str,
    /// The pages, in the order added; a later page for the same path
    /// replaces an earlier one.
    pub list: Vec<Page<'a>>,
}

impl<'a> Pages<'a> {
    /// Every page of the site for `doc`.
    pub fn all(
        shared: &Arc<ModelDoc>,
        doc: &'a ModelDoc,
        site: &'a Site<'a>,
        index: &'a Index<'a>,
        format: Format,
    ) -> Vec<Page<'a>> {
        let mut pages = Pages {
            doc,
            site,
            index,
            reverse: &site.reverse,
            ext: format.ext(),
            list: Vec::new(),
        };
        pages.home();
        pages.lifecycle();
        pages.capabilities();
        pages.data();
        pages.use_cases_and_metrics();
        pages.profiles_and_references();
        pages.lists(shared);
        pages.traceability();
        if format == Format::Html {
            pages.add(
                "search.html".to_owned(),
                "search",
                Box::new(move || context! { title => "Search" }),
            );
        }
        // Grown by doubling, the list has up to half again its length
        // spare (about 10 MB at 100 times the bundled standards), held
        // while every page renders.
        pages.list.shrink_to_fit();
        pages.list
    }

    /// Add a page rendered with template `name` (the extension of the
    /// template's name picks its escaping).
    fn add(&mut self, path: String, name: &str, ctx: super::Context<'a>) {
        self.list.push(Page {
            path,
            template: format!("{name}.{}", self.ext),
            ctx,
        });
    }

    /// For a Markdown page at `page`, its picture as an SVG file beside
    /// it, drawn by `template` (an HTML page has it inline); the file's
    /// name, for the page's image link.
    fn picture(&mut self, page: &str, template: &str, ctx: super::Context<'a>) -> Option<String> {
        if self.ext != "md" {
            return None;
        }
        let path = format!("{}.svg", page.strip_suffix(".md").unwrap_or(page));
        let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
        self.list.push(Page {
            path,
            template: template.to_owned(),
            ctx,
        });
        Some(name)
    }

    fn url(&self, id: &str) -> Option<String> {
        self.site.url(id).map(str::to_owned)
    }

    fn home(&mut self) {
        let (doc, index) = (self.doc, self.index);
        let area_rows: Vec<Value> = doc
            .areas
            .iter()
            .map(|a| {
                let activities: usize = a
                    .functions
                    .iter()
                    .filter_map(|f| index.functions.get(f.as_str()))
                    .map(|f| f.activities.len())
                    .sum();
                context! { area => Serde(a), functions => a.functions.len(), activities }
            })
            .collect();
        self.add(
            format!("index.{}", self.ext),
            "index",
            Box::new(
                move || context! { title => "Home", areas => area_rows.clone(), processes => Serde(&doc.processes) },
            ),
        );
    }

    /// Areas, functions, activities and processes.
    fn lifecycle(&mut self) {
        let (doc, index, r) = (self.doc, self.index, self.reverse);
        for a in &doc.areas {
            let Some(u) = self.url(&a.common.id) else {
                continue;
            };
            let functions: Arc<Vec<FunctionTree>> = Arc::new(
                a.functions
                    .iter()
                    .filter_map(|f| index.function_tree(f))
                    .collect(),
            );
            let picture = (!functions.is_empty())
                .then(|| {
                    let f = functions.clone();
                    self.picture(
                        &u,
                        "lifecycle.svg",
                        Box::new(move || {
                            context! {
                                e => Serde(a), map => Serde(super::map::lifecycle_map(&f)),
                            }
                        }),
                    )
                })
                .flatten();
            self.add(
                u,
                "area",
                Box::new(move || context! {
                    title => a.common.id.as_str(), kind => site::label(Kind::Area), e => Serde(a),
                    map => Serde(super::map::lifecycle_map(&functions)), picture => picture.clone(),
                    kinds => Serde(super::map::KINDS),
                    functions => Serde(&functions),
                    intersected_by => ids(r.intersected_by.get(a.common.id.as_str())),
                }),
            );
        }
        for f in &doc.functions {
            let Some(u) = self.url(&f.common.id) else {
                continue;
            };
            self.add(
                u,
                "function",
                Box::new(move || context! {
                    title => f.common.id.as_str(), kind => site::label(Kind::Function), e => Serde(f),
                    tree => Serde(index.tree(f)),
                }),
            );
        }
        for a in &doc.activities {
            let Some(u) = self.url(&a.common.id) else {
                continue;
            };
            self.add(
                u,
                "activity",
                Box::new(move || context! {
                    title => a.common.id.as_str(), kind => site::label(Kind::Activity), e => Serde(a),
                    area => r.parent.get(a.function.as_str()).copied(),
                    groups => Serde(index.groups(&a.capabilities)),
                    use_cases => Serde(index.activity_use_cases.get(a.common.id.as_str())),
                }),
            );
        }
        for p in &doc.processes {
            let Some(u) = self.url(&p.common.id) else {
                continue;
            };
            let flow = move || {
                let use_cases: Vec<&crate::model_json::UseCaseDoc> = p
                    .use_cases
                    .iter()
                    .filter_map(|id| index.use_cases.get(id.as_str()).copied())
                    .collect();
                // Activity → function → area.
                let area_of = |a: &str| r.parent.get(a).and_then(|f| r.parent.get(f)).copied();
                super::map::process_flow(&use_cases, area_of)
            };
            let has_events = p.use_cases.iter().any(|id| {
                index
                    .use_cases
                    .get(id.as_str())
                    .is_some_and(|u| !u.events.is_empty())
            });
            let picture = has_events
                .then(|| {
                    self.picture(
                        &u,
                        "flow.svg",
                        Box::new(move || {
                            context! {
                                e => Serde(p), flow => Serde(flow()),
                            }
                        }),
                    )
                })
                .flatten();
            self.add(
                u,
                "process",
                Box::new(move || {
                    context! {
                        title => p.common.id.as_str(), kind => site::label(Kind::Process), e => Serde(p),
                        flow => Serde(flow()), picture => picture.clone(),
                    }
                }),
            );
        }
    }

    /// One page per capability ID (an ID published twice shows both).
    fn capabilities(&mut self) {
        let (doc, index, r, site) = (self.doc, self.index, self.reverse, self.site);
        for group in doc.capabilities.chunk_by(|a, b| a.common.id == b.common.id) {
            let c = &group[0];
            let Some(u) = self.url(&c.common.id) else {
                continue;
            };
            // A capability published against a function (a kept defect) has
            // the function where its activity would be.
            let at_function = site
                .target(&c.activity)
                .is_some_and(|t| t.kind == Kind::Function);
            let function = if at_function {
                None
            } else {
                r.parent.get(c.activity.as_str()).copied()
            };
            let area = r
                .parent
                .get(function.unwrap_or(c.activity.as_str()))
                .copied();
            let metrics = index
                .activities
                .get(c.activity.as_str())
                .map(|a| a.metrics.clone())
                .unwrap_or_default();
            self.add(
                u,
                "capability",
                Box::new(move || {
                    context! {
                        title => c.common.id.as_str(), kind => site::label(Kind::Capability),
                        entities => Serde(group), function, area, metrics => metrics.clone(),
                        cited_by => ids(r.cited_by_elements.get(c.common.id.as_str())),
                    }
                }),
            );
        }
    }

    /// Data elements (one page per ID) and records.
    fn data(&mut self) {
        let (doc, r) = (self.doc, self.reverse);
        for group in doc.elements.chunk_by(|a, b| a.common.id == b.common.id) {
            let e = &group[0];
            let Some(u) = self.url(&e.common.id) else {
                continue;
            };
            self.add(
                u,
                "element",
                Box::new(move || context! {
                    title => e.common.id.as_str(), kind => site::label(Kind::Element), entities => Serde(group),
                    use_cases => ids(r.flows_in_use_cases.get(e.common.id.as_str())),
                    profiles => ids(r.required_by_profiles.get(e.common.id.as_str())),
                }),
            );
        }
        for rec in &doc.records {
            let Some(u) = self.url(&rec.common.id) else {
                continue;
            };
            self.add(
                u,
                "record",
                Box::new(move || context! {
                    title => rec.common.id.as_str(), kind => site::label(Kind::Record), e => Serde(rec),
                    nested_in => ids(r.nested_in.get(rec.common.id.as_str())),
                    use_cases => ids(r.flows_in_use_cases.get(rec.common.id.as_str())),
                }),
            );
        }
    }

    fn use_cases_and_metrics(&mut self) {
        let (doc, index, r) = (self.doc, self.index, self.reverse);
        for uc in &doc.use_cases {
            let Some(u) = self.url(&uc.common.id) else {
                continue;
            };
            self.add(
                u,
                "use-case",
                Box::new(
                    move || context! { title => uc.common.id.as_str(), kind => site::label(Kind::UseCase), e => Serde(uc) },
                ),
            );
        }
        for m in &doc.metrics {
            let Some(u) = self.url(&m.common.id) else {
                continue;
            };
            let thresholds: Vec<Value> = r
                .thresholded_by
                .get(m.common.id.as_str())
                .into_iter()
                .flatten()
                .filter_map(|p| index.profiles.get(p).copied())
                .flat_map(|p| {
                    p.thresholds.iter().filter(|t| t.metric == m.common.id).map(
                        |t| context! { profile => p.common.id.as_str(), target => Serde(&t.target) },
                    )
                })
                .collect();
            self.add(
                u,
                "metric",
                Box::new(move || context! {
                    title => m.common.id.as_str(), kind => site::label(Kind::Metric), e => Serde(m), thresholds => thresholds.clone(),
                }),
            );
        }
    }

    fn profiles_and_references(&mut self) {
        let (doc, r) = (self.doc, self.reverse);
        for p in &doc.profiles {
            let Some(u) = self.url(&p.common.id) else {
                continue;
            };
            self.add(
                u,
                "profile",
                Box::new(move || context! {
                    title => p.common.id.as_str(), kind => site::label(Kind::Profile), e => Serde(p),
                    extended_by => ids(r.extended_by.get(p.common.id.as_str())),
                }),
            );
        }
        for x in &doc.references {
            let Some(u) = self.url(&x.common.id) else {
                continue;
            };
            self.add(
                u,
                "reference",
                Box::new(move || context! {
                    title => x.common.id.as_str(), kind => site::label(Kind::Reference), e => Serde(x),
                    // Only web addresses become links: a `javascript:` or
                    // `data:` URL in a standard must never run in a reader's browser.
                    href => x.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                }),
            );
        }
    }

    /// The pages that list a whole kind: the data dictionary, use cases,
    /// metrics, records, references, profiles.
    fn lists(&mut self, shared: &Arc<ModelDoc>) {
        let lists = [
            (
                "data-dictionary",
                "Data dictionary",
                "Every standard data element with its definition, type and example.",
                Items::value(shared, |d| &d.elements),
            ),
            (
                "use-cases",
                "Business use cases",
                "Stories of ordered events across the lifecycle.",
                Items::value(shared, |d| &d.use_cases),
            ),
            (
                "metrics",
                "Performance metrics",
                "How delivery is measured, with the standard's targets.",
                Items::value(shared, |d| &d.metrics),
            ),
            (
                "records",
                "Data records",
                "Groups of data elements, compiled to JSON Schemas.",
                Items::value(shared, |d| &d.records),
            ),
            (
                "references",
                "Authoritative references",
                "Laws, regulations and circulars the standard cites.",
                Items::value(shared, |d| &d.references),
            ),
            (
                "profiles",
                "Profiles",
                "Baselines a marketplace requires of vendor offerings.",
                Items::value(shared, |d| &d.profiles),
            ),
        ];
        for (name, heading, intro, items) in lists {
            self.add(
                format!("{name}.{}", self.ext),
                "list",
                Box::new(
                    move || context! { title => heading, list => name, intro, items => items.clone() },
                ),
            );
        }
    }

    /// The traceability overview and a page per area. Only each area's
    /// capabilities (as indices) are kept until its page renders: the rows
    /// and the heat map are made then, since all of them at once were
    /// about 50 MB at 100 times the bundled standards.
    fn traceability(&mut self) {
        let (doc, index, r, site) = (self.doc, self.index, self.reverse, self.site);
        let mut unplaced = Vec::new();
        let mut caps_by_area: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, c) in doc.capabilities.iter().enumerate() {
            // A capability is published against an activity, or against
            // a function itself (whose parent is already the area).
            let function = if site
                .target(&c.activity)
                .is_some_and(|t| t.kind == Kind::Function)
            {
                Some(c.activity.as_str())
            } else {
                r.parent.get(c.activity.as_str()).copied()
            };
            match function.and_then(|f| r.parent.get(f).copied()) {
                Some(area) => caps_by_area.entry(area).or_default().push(i as u32),
                None => unplaced.push(i as u32),
            }
        }
        let rows = move |caps: &[u32]| -> Vec<TraceRow<'a>> {
            caps.iter()
                .map(|&i| index.trace_row(&doc.capabilities[i as usize], r))
                .collect()
        };
        let trace_areas: Vec<Value> = doc
            .areas
            .iter()
            .map(|a| {
                context! {
                    id => a.common.id.as_str(), name => a.common.name.as_deref(),
                    capabilities => caps_by_area.get(a.common.id.as_str()).map_or(0, Vec::len),
                    page => format!("traceability/{}", site.url(&a.common.id).unwrap_or_default().trim_start_matches("areas/")),
                }
            })
            .collect();
        self.add(
            format!("traceability.{}", self.ext),
            "traceability",
            Box::new(move || {
                context! {
                    title => "Traceability", areas => trace_areas.clone(),
                    unplaced => Serde(&rows(&unplaced)), profiles => Serde(&doc.profiles),
                }
            }),
        );
        for a in &doc.areas {
            let Some(u) = self.url(&a.common.id) else {
                continue;
            };
            let caps: Arc<[u32]> = caps_by_area
                .remove(a.common.id.as_str())
                .unwrap_or_default()
                .into();
            let functions = move || -> Vec<FunctionTree<'a>> {
                a.functions
                    .iter()
                    .filter_map(|f| index.function_tree(f))
                    .collect()
            };
            // The rows of the area's capabilities and its heat map.
            let trace = move |caps: &[u32]| {
                let rows = rows(caps);
                let matrix = super::heat::trace_matrix(
                    &functions(),
                    &rows,
                    |id| {
                        index
                            .activity_use_cases
                            .get(id)
                            .map_or(&[][..], Vec::as_slice)
                    },
                    |id| {
                        index
                            .activities
                            .get(id)
                            .map_or(&[][..], |a| a.metrics.as_slice())
                    },
                );
                (rows, matrix)
            };
            let has_matrix = super::heat::has_matrix(&functions());
            let page = format!("traceability/{}", u.trim_start_matches("areas/"));
            let picture = has_matrix
                .then(|| {
                    let caps = caps.clone();
                    self.picture(
                        &page,
                        "trace.svg",
                        Box::new(move || {
                            let (_, matrix) = trace(&caps);
                            context! { area => Serde(a), matrix => Serde(&matrix) }
                        }),
                    )
                })
                .flatten();
            self.add(
                page,
                "traceability-area",
                Box::new(move || {
                    let (rows, matrix) = trace(&caps);
                    context! {
                        title => format!("Traceability: {}", a.common.id), area => Serde(a),
                        rows => Serde(&rows), matrix => Serde(&matrix), picture => picture.clone(),
                        columns => Serde(super::heat::COLUMN_NAMES),
                    }
                }),
            );
        }
    }
}
