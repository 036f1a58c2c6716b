//! The pages of the site: which pages there are (a small [`Page`] each:
//! what it shows and where in the document), and for each its path, its
//! template and its context, all worked out only when the page is rendered.
//!
//! A site for a large standard has hundreds of thousands of pages. Each
//! page used to be held as its path, its template's name and a boxed
//! closure over what its context needed, some of it precomputed: about a
//! hundred megabytes at 100 times the bundled standards, held while every
//! page rendered. A page is now eight bytes.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use minijinja::context;
use minijinja::value::{Serde, Value};

use super::site::{self, Kind, Reverse, Site};
use super::{Format, FunctionTree, Index, Items, TraceRow, ids};
use crate::model_json::ModelDoc;

/// What a page shows. The pictures are the SVG files beside a Markdown
/// page (an HTML page draws its picture inline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Show {
    Home,
    Area,
    /// An area's lifecycle map.
    AreaPicture,
    Function,
    Activity,
    Process,
    /// A process's flow across the areas.
    ProcessPicture,
    /// A capability ID (every capability published with it).
    Capability,
    /// A data element ID (every element published with it).
    Element,
    Record,
    UseCase,
    Metric,
    Profile,
    Reference,
    /// One of [`LISTS`].
    List,
    /// The traceability overview.
    Traceability,
    /// An area's traceability.
    TraceArea,
    /// An area's heat map.
    TracePicture,
    Search,
}

impl Show {
    /// The name of the template that renders it in `format` (the name's
    /// extension picks the escaping; a picture is SVG in either).
    pub fn template(self, format: Format) -> &'static str {
        macro_rules! page {
            ($name:literal) => {
                (concat!($name, ".html"), concat!($name, ".md"))
            };
        }
        let (html, md) = match self {
            Show::Home => page!("index"),
            Show::Area => page!("area"),
            Show::AreaPicture => ("lifecycle.svg", "lifecycle.svg"),
            Show::Function => page!("function"),
            Show::Activity => page!("activity"),
            Show::Process => page!("process"),
            Show::ProcessPicture => ("flow.svg", "flow.svg"),
            Show::Capability => page!("capability"),
            Show::Element => page!("element"),
            Show::Record => page!("record"),
            Show::UseCase => page!("use-case"),
            Show::Metric => page!("metric"),
            Show::Profile => page!("profile"),
            Show::Reference => page!("reference"),
            Show::List => page!("list"),
            Show::Traceability => page!("traceability"),
            Show::TraceArea => page!("traceability-area"),
            Show::TracePicture => ("trace.svg", "trace.svg"),
            Show::Search => page!("search"),
        };
        match format {
            Format::Html => html,
            Format::Markdown => md,
        }
    }

    /// The kind of the entity it shows, if it shows one.
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            Show::Area | Show::AreaPicture | Show::TraceArea | Show::TracePicture => Kind::Area,
            Show::Function => Kind::Function,
            Show::Activity => Kind::Activity,
            Show::Process | Show::ProcessPicture => Kind::Process,
            Show::Capability => Kind::Capability,
            Show::Element => Kind::Element,
            Show::Record => Kind::Record,
            Show::UseCase => Kind::UseCase,
            Show::Metric => Kind::Metric,
            Show::Profile => Kind::Profile,
            Show::Reference => Kind::Reference,
            Show::Home | Show::List | Show::Traceability | Show::Search => return None,
        })
    }

    /// The pages that list a whole kind of entity: one thread takes tens of
    /// milliseconds on each at scale.
    pub fn is_list(self) -> bool {
        matches!(self, Show::List | Show::Traceability | Show::Home)
    }
}

/// Every `Show` whose page is at a path made from an entity's page, with
/// which of [`Derived`] it is.
fn derived(show: Show) -> Option<Derived> {
    Some(match show {
        Show::Area
        | Show::Function
        | Show::Activity
        | Show::Process
        | Show::Capability
        | Show::Element
        | Show::Record
        | Show::UseCase
        | Show::Metric
        | Show::Profile
        | Show::Reference => Derived::Page,
        Show::AreaPicture | Show::ProcessPicture => Derived::Picture,
        Show::TraceArea => Derived::Trace,
        Show::TracePicture => Derived::TracePicture,
        Show::Home | Show::List | Show::Traceability | Show::Search => return None,
    })
}

/// How a page's path is made from an entity's page: two pages share a
/// path exactly when they are made the same way from the same entry of the
/// site's table (an ID's entry serves every entity published with it).
#[derive(Clone, Copy)]
enum Derived {
    /// The entity's page itself.
    Page = 0,
    /// Its picture: `areas/GRM.svg` beside `areas/GRM.md`.
    Picture = 1,
    /// An area's traceability page: `traceability/GRM.md`.
    Trace = 2,
    /// That page's picture.
    TracePicture = 3,
}

/// One page of the site: what it shows, and the index, in the document's
/// list of that kind, of the entity it shows (of the first, for an ID
/// published more than once; of the list in [`LISTS`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Page {
    pub show: Show,
    at: u32,
}

impl Page {
    fn new(show: Show, at: usize) -> Self {
        // An index past `u32` would need more entities than any input of
        // the 4 GiB the reader takes can hold.
        Page {
            show,
            at: u32::try_from(at).unwrap_or(u32::MAX),
        }
    }
}

/// The pages that list a whole kind: (file name, heading, introduction).
const LISTS: [(&str, &str, &str); 6] = [
    (
        "data-dictionary",
        "Data dictionary",
        "Every standard data element with its definition, type and example.",
    ),
    (
        "use-cases",
        "Business use cases",
        "Stories of ordered events across the lifecycle.",
    ),
    (
        "metrics",
        "Performance metrics",
        "How delivery is measured, with the standard's targets.",
    ),
    (
        "records",
        "Data records",
        "Groups of data elements, compiled to JSON Schemas.",
    ),
    (
        "references",
        "Authoritative references",
        "Laws, regulations and circulars the standard cites.",
    ),
    (
        "profiles",
        "Profiles",
        "Baselines a marketplace requires of vendor offerings.",
    ),
];

/// The pages of a site, and what rendering one needs.
pub(super) struct Pages<'a> {
    shared: &'a Arc<ModelDoc>,
    doc: &'a ModelDoc,
    site: &'a Site<'a>,
    index: &'a Index<'a>,
    reverse: &'a Reverse<'a>,
    ext: &'static str,
    /// Every page, each path once, in the order added (see [`Pages::all`]).
    pub list: Vec<Page>,
    /// One page of each kind of path (an entity's page, picture or
    /// traceability page, by the kind of entity whose page it derives
    /// from) among [`list`](Self::list): those pages' folders are every
    /// folder of the site.
    pub shapes: Vec<Page>,
    /// Which area each capability is in, for the traceability pages.
    placed: Placement<'a>,
}

/// The capabilities (as indices into the document's) of each area ID, and
/// those in no area.
struct Placement<'a> {
    by_area: HashMap<&'a str, Box<[u32]>>,
    unplaced: Box<[u32]>,
}

impl<'a> Pages<'a> {
    /// Every page of the site for `doc`. Where two pages would have the
    /// same path (an ID published twice, or by two kinds), the one added
    /// later is the one kept, as a later file of an output set replaces an
    /// earlier one.
    pub fn all(
        shared: &'a Arc<ModelDoc>,
        site: &'a Site<'a>,
        index: &'a Index<'a>,
        format: Format,
    ) -> Self {
        let doc: &'a ModelDoc = shared;
        let placed = place_capabilities(doc, site);
        let mut pages = Pages {
            shared,
            doc,
            site,
            index,
            reverse: &site.reverse,
            ext: format.ext(),
            list: Vec::new(),
            shapes: Vec::new(),
            placed,
        };
        pages.add_all(format);
        pages.keep_last();
        pages
    }

    fn add_all(&mut self, format: Format) {
        let (doc, site) = (self.doc, self.site);
        let md = format == Format::Markdown;
        let mut list = vec![Page::new(Show::Home, 0)];
        // In this order: of two pages with one path, the later is kept.
        let entity_pages = [
            Show::Area,
            Show::Function,
            Show::Activity,
            Show::Process,
            Show::Capability,
            Show::Element,
            Show::Record,
            Show::UseCase,
            Show::Metric,
            Show::Profile,
            Show::Reference,
        ];
        for show in entity_pages {
            let Some(kind) = show.kind() else { continue };
            // A capability or element ID published twice has one page
            // showing every declaration: sorted by ID, they come in a row.
            let grouped = matches!(kind, Kind::Capability | Kind::Element);
            let commons = doc.commons(kind);
            for (i, c) in commons.iter().enumerate() {
                if site.target(&c.id).is_none() || grouped && i > 0 && commons[i - 1].id == c.id {
                    continue;
                }
                if md && show == Show::Area && self.has_map(i) {
                    list.push(Page::new(Show::AreaPicture, i));
                }
                if md && show == Show::Process && self.has_flow(i) {
                    list.push(Page::new(Show::ProcessPicture, i));
                }
                list.push(Page::new(show, i));
            }
        }
        list.extend((0..LISTS.len()).map(|i| Page::new(Show::List, i)));
        list.push(Page::new(Show::Traceability, 0));
        for (i, a) in doc.areas.iter().enumerate() {
            if site.target(&a.common.id).is_none() {
                continue;
            }
            if md && super::heat::has_matrix(&self.functions(a)) {
                list.push(Page::new(Show::TracePicture, i));
            }
            list.push(Page::new(Show::TraceArea, i));
        }
        if format == Format::Html {
            list.push(Page::new(Show::Search, 0));
        }
        list.shrink_to_fit();
        self.list = list;
    }

    /// Whether area `at` has a lifecycle map: a function in the standard.
    fn has_map(&self, at: usize) -> bool {
        let functions = &self.index.functions;
        self.doc.areas[at]
            .functions
            .iter()
            .any(|f| functions.contains_key(f.as_str()))
    }

    /// Whether process `at` has a flow: a use case with an event.
    fn has_flow(&self, at: usize) -> bool {
        self.doc.processes[at].use_cases.iter().any(|id| {
            self.index
                .use_cases
                .get(id.as_str())
                .is_some_and(|u| !u.events.is_empty())
        })
    }

    /// Drop every page that a later page with the same path replaces: from
    /// the last page back, a page whose path was already seen goes.
    fn keep_last(&mut self) {
        let targets = self.site.targets().len();
        let mut seen = vec![0u64; (4 * targets).div_ceil(64)];
        let mut keep = vec![true; self.list.len()];
        // A derived page's folder is its entity page's, which is its kind's:
        // one page of each (derivation, kind) stands for all of them.
        let mut shaped = [[false; Kind::ALL.len()]; 4];
        for (i, p) in self.list.iter().enumerate().rev() {
            let Some(how) = derived(p.show) else {
                continue;
            };
            let Some(target) = self.site.target(self.id(*p)) else {
                continue;
            };
            let bit = how as usize * targets + target.number as usize;
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            keep[i] = seen[word] & mask == 0;
            seen[word] |= mask;
            let shape = &mut shaped[how as usize][target.kind as usize];
            if keep[i] && !*shape {
                *shape = true;
                self.shapes.push(*p);
            }
        }
        let mut keep = keep.into_iter();
        self.list.retain(|_| keep.next().unwrap_or(true));
    }

    /// The ID of the entity a page shows (empty for the pages of no entity).
    fn id(&self, p: Page) -> &'a str {
        p.show
            .kind()
            .map_or("", |kind| &self.doc.common(kind, p.at as usize).id)
    }

    /// The page's path from the site's root.
    pub fn path(&self, p: Page) -> Cow<'a, str> {
        let ext = self.ext;
        let url = || self.site.url(self.id(p)).unwrap_or_default();
        match derived(p.show) {
            Some(Derived::Page) => Cow::Borrowed(url()),
            Some(Derived::Picture) => Cow::Owned(picture_of(url())),
            Some(Derived::Trace) => Cow::Owned(trace_page(url())),
            Some(Derived::TracePicture) => Cow::Owned(picture_of(&trace_page(url()))),
            None => Cow::Owned(match p.show {
                Show::Home => format!("index.{ext}"),
                Show::List => format!("{}.{ext}", LISTS[p.at as usize].0),
                Show::Traceability => format!("traceability.{ext}"),
                _ => "search.html".to_owned(),
            }),
        }
    }

    /// Area `a`'s functions, each with its activities and capabilities.
    fn functions(&self, a: &'a crate::model_json::AreaDoc) -> Vec<FunctionTree<'a>> {
        a.functions
            .iter()
            .filter_map(|f| self.index.function_tree(f))
            .collect()
    }

    /// The rows of the traceability view for capabilities `caps`.
    fn rows(&self, caps: &[u32]) -> Vec<TraceRow<'a>> {
        caps.iter()
            .map(|&i| {
                self.index
                    .trace_row(&self.doc.capabilities[i as usize], self.reverse)
            })
            .collect()
    }

    /// The page's own template values.
    pub fn context(&self, p: Page) -> Value {
        match p.show {
            Show::Area
            | Show::AreaPicture
            | Show::Function
            | Show::Activity
            | Show::Process
            | Show::ProcessPicture => self.lifecycle_context(p),
            Show::Capability
            | Show::Element
            | Show::Record
            | Show::UseCase
            | Show::Metric
            | Show::Profile
            | Show::Reference => self.entity_context(p),
            Show::Home
            | Show::List
            | Show::Traceability
            | Show::TraceArea
            | Show::TracePicture
            | Show::Search => self.overview_context(p),
        }
    }

    /// The context of an area's, function's, activity's or process's page or picture.
    fn lifecycle_context(&self, p: Page) -> Value {
        let (doc, index, r) = (self.doc, self.index, self.reverse);
        let at = p.at as usize;
        match p.show {
            Show::Area => {
                let a = &doc.areas[at];
                let functions = self.functions(a);
                context! {
                    title => a.common.id.as_str(), kind => site::label(Kind::Area), e => Serde(a),
                    map => Serde(super::map::lifecycle_map(&functions)),
                    picture => self.picture_name(Show::AreaPicture, p, self.has_map(at)),
                    kinds => Serde(super::map::KINDS),
                    functions => Serde(&functions),
                    intersected_by => ids(r.intersected_by.get(a.common.id.as_str())),
                }
            }
            Show::AreaPicture => {
                let a = &doc.areas[at];
                context! { e => Serde(a), map => Serde(super::map::lifecycle_map(&self.functions(a))) }
            }
            Show::Function => {
                let f = &doc.functions[at];
                context! {
                    title => f.common.id.as_str(), kind => site::label(Kind::Function), e => Serde(f),
                    tree => Serde(index.tree(f)),
                }
            }
            Show::Activity => {
                let a = &doc.activities[at];
                context! {
                    title => a.common.id.as_str(), kind => site::label(Kind::Activity), e => Serde(a),
                    area => r.parent.get(a.function.as_str()).copied(),
                    groups => Serde(index.groups(&a.capabilities)),
                    use_cases => Serde(index.activity_use_cases.get(a.common.id.as_str())),
                }
            }
            Show::Process | Show::ProcessPicture => {
                let process = &doc.processes[at];
                let use_cases: Vec<&crate::model_json::UseCaseDoc> = process
                    .use_cases
                    .iter()
                    .filter_map(|id| index.use_cases.get(id.as_str()).copied())
                    .collect();
                // Activity → function → area.
                let area_of = |a: &str| r.parent.get(a).and_then(|f| r.parent.get(f)).copied();
                let flow = super::map::process_flow(&use_cases, area_of);
                if p.show == Show::ProcessPicture {
                    return context! { e => Serde(process), flow => Serde(flow) };
                }
                context! {
                    title => process.common.id.as_str(), kind => site::label(Kind::Process),
                    e => Serde(process), flow => Serde(flow),
                    picture => self.picture_name(Show::ProcessPicture, p, self.has_flow(at)),
                }
            }
            _ => unreachable!("lifecycle_context of {:?}", p.show),
        }
    }

    /// The context of the page of a capability, element, record, use case, metric, profile or reference.
    fn entity_context(&self, p: Page) -> Value {
        let (doc, index, r, site) = (self.doc, self.index, self.reverse, self.site);
        let at = p.at as usize;
        match p.show {
            Show::Capability => {
                let group = same_id(&doc.capabilities[at..], |c| &c.common.id);
                let c = &group[0];
                // A capability published against a function (a kept
                // defect) has the function where its activity would be.
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
                context! {
                    title => c.common.id.as_str(), kind => site::label(Kind::Capability),
                    entities => Serde(group), function, area, metrics,
                    cited_by => ids(r.cited_by_elements.get(c.common.id.as_str())),
                }
            }
            Show::Element => {
                let group = same_id(&doc.elements[at..], |e| &e.common.id);
                let e = &group[0];
                context! {
                    title => e.common.id.as_str(), kind => site::label(Kind::Element), entities => Serde(group),
                    use_cases => ids(r.flows_in_use_cases.get(e.common.id.as_str())),
                    profiles => ids(r.required_by_profiles.get(e.common.id.as_str())),
                }
            }
            Show::Record => {
                let rec = &doc.records[at];
                context! {
                    title => rec.common.id.as_str(), kind => site::label(Kind::Record), e => Serde(rec),
                    nested_in => ids(r.nested_in.get(rec.common.id.as_str())),
                    use_cases => ids(r.flows_in_use_cases.get(rec.common.id.as_str())),
                }
            }
            Show::UseCase => {
                let uc = &doc.use_cases[at];
                context! { title => uc.common.id.as_str(), kind => site::label(Kind::UseCase), e => Serde(uc) }
            }
            Show::Metric => {
                let m = &doc.metrics[at];
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
                context! {
                    title => m.common.id.as_str(), kind => site::label(Kind::Metric), e => Serde(m), thresholds,
                }
            }
            Show::Profile => {
                let pr = &doc.profiles[at];
                context! {
                    title => pr.common.id.as_str(), kind => site::label(Kind::Profile), e => Serde(pr),
                    extended_by => ids(r.extended_by.get(pr.common.id.as_str())),
                }
            }
            Show::Reference => {
                let x = &doc.references[at];
                context! {
                    title => x.common.id.as_str(), kind => site::label(Kind::Reference), e => Serde(x),
                    // Only web addresses become links: a `javascript:` or
                    // `data:` URL in a standard must never run in a reader's browser.
                    href => x.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                }
            }
            _ => unreachable!("entity_context of {:?}", p.show),
        }
    }

    /// The context of the home page, a list, the traceability pages and search.
    fn overview_context(&self, p: Page) -> Value {
        let (doc, index, site) = (self.doc, self.index, self.site);
        let at = p.at as usize;
        match p.show {
            Show::Home => {
                let areas: Vec<Value> = doc
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
                context! { title => "Home", areas, processes => Serde(&doc.processes) }
            }
            Show::List => {
                let (name, heading, intro) = LISTS[at];
                let shared = self.shared;
                let items = match at {
                    0 => Items::value(shared, |d| &d.elements),
                    1 => Items::value(shared, |d| &d.use_cases),
                    2 => Items::value(shared, |d| &d.metrics),
                    3 => Items::value(shared, |d| &d.records),
                    4 => Items::value(shared, |d| &d.references),
                    _ => Items::value(shared, |d| &d.profiles),
                };
                context! { title => heading, list => name, intro, items }
            }
            Show::Traceability => {
                let areas: Vec<Value> = doc
                    .areas
                    .iter()
                    .map(|a| {
                        context! {
                            id => a.common.id.as_str(), name => a.common.name.as_deref(),
                            capabilities => self.placed.by_area.get(a.common.id.as_str()).map_or(0, |c| c.len()),
                            page => trace_page(site.url(&a.common.id).unwrap_or_default()),
                        }
                    })
                    .collect();
                context! {
                    title => "Traceability", areas,
                    unplaced => Serde(&self.rows(&self.placed.unplaced)), profiles => Serde(&doc.profiles),
                }
            }
            Show::TraceArea | Show::TracePicture => {
                let a = &doc.areas[at];
                // Every capability of the area's ID, as the overview
                // counts them: of an area published twice, the page kept
                // is the later one's.
                let caps = self.placed.by_area.get(a.common.id.as_str());
                let rows = self.rows(caps.map_or(&[][..], |c| &c[..]));
                let functions = self.functions(a);
                let matrix = super::heat::trace_matrix(
                    &functions,
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
                if p.show == Show::TracePicture {
                    return context! { area => Serde(a), matrix => Serde(&matrix) };
                }
                context! {
                    title => format!("Traceability: {}", a.common.id), area => Serde(a),
                    rows => Serde(&rows), matrix => Serde(&matrix),
                    picture => self.picture_name(Show::TracePicture, p, super::heat::has_matrix(&functions)),
                    columns => Serde(super::heat::COLUMN_NAMES),
                }
            }
            Show::Search => context! { title => "Search" },
            _ => unreachable!("overview_context of {:?}", p.show),
        }
    }

    /// The file name of the picture beside page `p` of a Markdown site,
    /// for the page's image link, when it `has` one.
    fn picture_name(&self, show: Show, p: Page, has: bool) -> Option<String> {
        if self.ext != "md" || !has {
            return None;
        }
        let path = self.path(Page { show, ..p });
        Some(path.rsplit('/').next().unwrap_or(&path).to_owned())
    }
}

/// The leading entities of `items` that share the first's ID.
fn same_id<T>(items: &[T], id: impl Fn(&T) -> &String) -> &[T] {
    let end = items
        .iter()
        .position(|x| id(x) != id(&items[0]))
        .unwrap_or(items.len());
    &items[..end]
}

/// The SVG file beside Markdown page `page`.
fn picture_of(page: &str) -> String {
    format!("{}.svg", page.strip_suffix(".md").unwrap_or(page))
}

/// The traceability page of the area whose page is `area_page`.
fn trace_page(area_page: &str) -> String {
    format!("traceability/{}", area_page.trim_start_matches("areas/"))
}

/// Each area ID's capabilities (as indices into the document's), and
/// those placed in no area. A capability is published against an
/// activity, or against a function itself (whose parent is the area).
fn place_capabilities<'a>(doc: &'a ModelDoc, site: &Site<'a>) -> Placement<'a> {
    let r = &site.reverse;
    let mut unplaced = Vec::new();
    let mut by_area: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, c) in doc.capabilities.iter().enumerate() {
        let function = if site
            .target(&c.activity)
            .is_some_and(|t| t.kind == Kind::Function)
        {
            Some(c.activity.as_str())
        } else {
            r.parent.get(c.activity.as_str()).copied()
        };
        match function.and_then(|f| r.parent.get(f).copied()) {
            Some(area) => by_area.entry(area).or_default().push(i as u32),
            None => unplaced.push(i as u32),
        }
    }
    Placement {
        by_area: by_area
            .into_iter()
            .map(|(area, caps)| (area, caps.into_boxed_slice()))
            .collect(),
        unplaced: unplaced.into_boxed_slice(),
    }
}
