//! `fibf docs`: the whole standard as a static site (HTML that works offline
//! from the file system) or as Markdown files for Git hosts.
//!
//! The input is the exported model ([`crate::model_json::ModelDoc`]), so the
//! docs show exactly what `model.json` holds. [`site`] maps every entity to
//! its page and reverses the relations the model keeps one way; `pages`
//! lists the pages and makes each one's path and context as it renders;
//! `render` holds the template environment
//! (minijinja, escaping every value for the output format); `search`
//! writes the client-side search index. Pages are rendered in parallel and
//! each handed to a sink as it is made: the staging directory that then
//! replaces the output as a unit, or an [`OutputSet`] in memory for
//! `--check`.

mod heat;
mod map;
pub(crate) use map::short;
pub(crate) use render::html_escape;
mod pages;
mod render;
mod search;
pub mod site;
mod targets;

use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use minijinja::context;
use minijinja::value::{Serde, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::model_json::{ActivityDoc, CapabilityDoc, FunctionDoc, ModelDoc, ProfileDoc};
use std::path::Path;

use crate::output::{OutputError, OutputSet, Staging};
use site::{Kind, Site};

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An accessible static HTML site, with search, that works offline.
    Html,
    /// Markdown, for Git hosts.
    Markdown,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
        }
    }
}

/// Static files of the HTML site.
const STYLE: &str = include_str!("assets/style.css");
const SEARCH_JS: &str = include_str!("assets/search.js");

/// A capability as listed under its activity.
#[derive(Serialize)]
struct CapRow<'d> {
    id: &'d str,
    statement: &'d str,
    status: Option<&'d str>,
}

/// Capabilities of one kind.
#[derive(Serialize)]
struct Group<'d> {
    kind: &'static str,
    caps: Vec<CapRow<'d>>,
}

#[derive(Serialize)]
struct ActivityTree<'d> {
    id: &'d str,
    name: Option<&'d str>,
    legacy: &'d [String],
    groups: Vec<Group<'d>>,
}

#[derive(Serialize)]
struct FunctionTree<'d> {
    id: &'d str,
    name: Option<&'d str>,
    activities: Vec<ActivityTree<'d>>,
    /// Capabilities published against the function itself.
    direct: Vec<Group<'d>>,
}

/// A row of the traceability view.
#[derive(Serialize)]
struct TraceRow<'d> {
    id: &'d str,
    /// The activity (or function) it is published against.
    #[serde(skip)]
    activity: &'d str,
    kind: Option<&'d str>,
    inputs: &'d [String],
    outputs: &'d [String],
    /// Data elements whose capability references name it.
    cited_by: Vec<&'d str>,
    use_cases: &'d [String],
    metrics: &'d [String],
    profiles: &'d [String],
}

/// Lookups by ID into the model.
struct Index<'d> {
    capabilities: HashMap<&'d str, &'d CapabilityDoc>,
    activities: HashMap<&'d str, &'d ActivityDoc>,
    functions: HashMap<&'d str, &'d FunctionDoc>,
    profiles: HashMap<&'d str, &'d ProfileDoc>,
    use_cases: HashMap<&'d str, &'d crate::model_json::UseCaseDoc>,
    /// Function → capabilities published against it, not an activity.
    function_level: HashMap<&'d str, Vec<&'d str>>,
    /// Activity → use cases with an event at it.
    activity_use_cases: HashMap<&'d str, Vec<&'d str>>,
}

impl<'d> Index<'d> {
    fn new(doc: &'d ModelDoc, site: &Site<'d>) -> Self {
        let mut function_level: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in &doc.capabilities {
            if site
                .target(&c.activity)
                .is_some_and(|t| t.kind == Kind::Function)
            {
                function_level
                    .entry(&c.activity)
                    .or_default()
                    .push(&c.common.id);
            }
        }
        let mut activity_use_cases: HashMap<&str, Vec<&str>> = HashMap::new();
        for u in &doc.use_cases {
            for e in &u.events {
                if let Some(a) = &e.activity {
                    let list = activity_use_cases.entry(a).or_default();
                    if list.last() != Some(&u.common.id.as_str()) {
                        list.push(&u.common.id);
                    }
                }
            }
        }
        Index {
            capabilities: doc
                .capabilities
                .iter()
                .map(|c| (c.common.id.as_str(), c))
                .collect(),
            activities: doc
                .activities
                .iter()
                .map(|a| (a.common.id.as_str(), a))
                .collect(),
            functions: doc
                .functions
                .iter()
                .map(|f| (f.common.id.as_str(), f))
                .collect(),
            profiles: doc
                .profiles
                .iter()
                .map(|p| (p.common.id.as_str(), p))
                .collect(),
            use_cases: doc
                .use_cases
                .iter()
                .map(|u| (u.common.id.as_str(), u))
                .collect(),
            function_level,
            activity_use_cases,
        }
    }

    /// Capabilities grouped input, process, output, then unclassified.
    fn groups(&self, ids: &[impl AsRef<str>]) -> Vec<Group<'d>> {
        let mut by_kind: BTreeMap<u8, Group<'d>> = BTreeMap::new();
        for id in ids {
            let Some(c) = self.capabilities.get(id.as_ref()) else {
                continue;
            };
            let (order, kind) = match c.kind.as_deref() {
                Some("input") => (0, "Input"),
                Some("process") => (1, "Process"),
                Some("output") => (2, "Output"),
                _ => (3, "Not classified"),
            };
            by_kind
                .entry(order)
                .or_insert_with(|| Group {
                    kind,
                    caps: Vec::new(),
                })
                .caps
                .push(CapRow {
                    id: &c.common.id,
                    statement: &c.statement,
                    status: c.common.status.as_deref(),
                });
        }
        by_kind.into_values().collect()
    }

    fn function_tree(&self, id: &str) -> Option<FunctionTree<'d>> {
        Some(self.tree(self.functions.get(id)?))
    }

    fn tree(&self, f: &'d FunctionDoc) -> FunctionTree<'d> {
        FunctionTree {
            id: &f.common.id,
            name: f.common.name.as_deref(),
            activities: f
                .activities
                .iter()
                .filter_map(|a| self.activities.get(a.as_str()))
                .map(|a| ActivityTree {
                    id: &a.common.id,
                    name: a.common.name.as_deref(),
                    legacy: &a.legacy,
                    groups: self.groups(&a.capabilities),
                })
                .collect(),
            direct: self.groups(
                self.function_level
                    .get(f.common.id.as_str())
                    .map_or(&[][..], Vec::as_slice),
            ),
        }
    }

    fn trace_row(&self, c: &'d CapabilityDoc, reverse: &site::Reverse<'d>) -> TraceRow<'d> {
        TraceRow {
            id: &c.common.id,
            activity: &c.activity,
            kind: c.kind.as_deref(),
            inputs: &c.inputs,
            outputs: &c.outputs,
            cited_by: reverse
                .cited_by_elements
                .get(c.common.id.as_str())
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
            use_cases: &c.use_cases,
            metrics: self
                .activities
                .get(c.activity.as_str())
                .map_or(&[][..], |a| a.metrics.as_slice()),
            profiles: &c.profiles,
        }
    }
}

/// The parts of an HTML page that depend only on its depth in the site and
/// on the standard (the stylesheet link, the site header and navigation,
/// the search form and the footer), rendered once for each depth from
/// chrome.html's macros: they were most of a small page's template work.
fn chrome(
    env: &minijinja::Environment<'_>,
    root: Value,
    standard: &Value,
) -> Result<Value, minijinja::Error> {
    let mut captured = env
        .get_template("chrome.html")?
        .render_captured(context! { root, standard => standard.clone() })?;
    let mut part = |name: &str| -> Result<Value, minijinja::Error> {
        let text = captured.with_state_mut(|state| state.call_macro(name, &[]))?;
        Ok(Value::from_safe_string(text))
    };
    Ok(context! { head => part("head")?, search => part("search")?, footer => part("footer")? })
}

/// A page's template context: what every page has (its `root`, the
/// standard, the format and the chrome) and the page's own values. The
/// common names are matched here instead of through a merged map, which
/// every variable lookup of every page went through.
#[derive(Debug)]
struct PageContext {
    root: Value,
    standard: Value,
    format: Value,
    chrome: Value,
    page: Value,
}

impl minijinja::value::Object for PageContext {
    fn get_value(self: &std::sync::Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "root" => Some(self.root.clone()),
            "standard" => Some(self.standard.clone()),
            "format" => Some(self.format.clone()),
            "chrome" => Some(self.chrome.clone()),
            _ => self.page.as_object()?.get_value(key),
        }
    }
}

/// The entities of a list page (the data dictionary, the references...),
/// each made a template value only when the template reaches it: made all
/// at once, the lists of a large standard held a hundred megabytes of
/// values while they were rendered.
struct Items<T: 'static> {
    doc: Arc<ModelDoc>,
    of: fn(&ModelDoc) -> &[T],
}

impl<T: Serialize + Send + Sync + 'static> Items<T> {
    fn value(doc: &Arc<ModelDoc>, of: fn(&ModelDoc) -> &[T]) -> Value {
        Value::from_object(Items {
            doc: Arc::clone(doc),
            of,
        })
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Items({})", (self.of)(&self.doc).len())
    }
}

impl<T: Serialize + Send + Sync + 'static> minijinja::value::Object for Items<T> {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let item = (self.of)(&self.doc).get(key.as_usize()?)?;
        Some(Value::from(Serde(item)))
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq((self.of)(&self.doc).len())
    }
}

/// IDs from a reverse relation, as a template value (in ID order).
fn ids(set: Option<&std::collections::BTreeSet<&str>>) -> Value {
    Value::from(Serde(
        set.map(|s| s.iter().collect::<Vec<_>>())
            .unwrap_or_default(),
    ))
}

/// Why the site could not be written.
#[derive(Debug)]
pub enum DocsError {
    /// A template failed to render (a bug in fibf, not in the standards).
    Render(String),
    /// The output could not be written.
    Output(OutputError),
}

impl std::fmt::Display for DocsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocsError::Render(e) => write!(f, "the documentation could not be generated: {e}"),
            DocsError::Output(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

/// Build every page of the site for `doc`, in memory (for `--check` and
/// tests; [`write()`] streams to disk instead).
pub fn build(doc: &Arc<ModelDoc>, format: Format) -> Result<OutputSet, DocsError> {
    let memory = Memory(std::sync::Mutex::new(Vec::new()));
    generate(doc, format, &memory)?;
    // The set is ordered by path, whatever order the threads added in.
    let mut set = OutputSet::new();
    for (path, text) in memory.0.into_inner().expect("no thread panicked") {
        set.add(path, text);
    }
    Ok(set)
}

/// Write the site for `doc` to `dir`, replacing it as a unit. Each page is
/// written by the thread that rendered it, as soon as it is rendered, so
/// memory stays bounded however large the standard and no thread waits
/// for a batch to finish. Returns the number of files written.
pub fn write(doc: &Arc<ModelDoc>, format: Format, dir: &Path) -> Result<usize, DocsError> {
    let staging = Staging::begin(dir).map_err(DocsError::Output)?;
    generate(doc, format, &staging)?;
    staging.finish().map_err(DocsError::Output)
}

/// The capacity of a rendering thread's page buffer: more than most pages.
const PAGE_BUFFER: usize = 64 * 1024;

/// The most pages one rayon job renders before the rest of its range is
/// split off for another thread.
const PAGES_PER_JOB: usize = 8;

/// Where the generated files go, each handed over by the thread that made
/// it.
trait Sink: Sync {
    /// Told a path in each directory of the site before any file is made.
    fn prepare(&self, paths: &[&str]) -> Result<(), DocsError>;
    /// A file whose bytes are lent, for the sink to write or copy.
    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), DocsError>;
    /// A file written as it is made: one too large (the search index is
    /// about a hundred megabytes at scale) to hold whole beside the pages.
    fn stream(
        &self,
        path: &str,
        content: &mut dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
    ) -> Result<(), DocsError>;
}

impl Sink for Staging {
    fn prepare(&self, paths: &[&str]) -> Result<(), DocsError> {
        self.create_dirs(paths.iter().map(|p| Path::new(*p)))
            .map_err(DocsError::Output)
    }

    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), DocsError> {
        self.write_file(Path::new(path), bytes)
            .map_err(DocsError::Output)
    }

    fn stream(
        &self,
        path: &str,
        content: &mut dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
    ) -> Result<(), DocsError> {
        self.write_with(Path::new(path), content)
            .map_err(DocsError::Output)
    }
}

/// The files of a site, by path, in the order they were made.
struct Memory(std::sync::Mutex<Vec<(String, Vec<u8>)>>);

impl Memory {
    fn push(&self, path: &str, bytes: Vec<u8>) {
        self.0
            .lock()
            .expect("no thread panics holding the files")
            .push((path.to_owned(), bytes));
    }
}

impl Sink for Memory {
    fn prepare(&self, _: &[&str]) -> Result<(), DocsError> {
        Ok(())
    }

    fn file(&self, path: &str, bytes: &[u8]) -> Result<(), DocsError> {
        self.push(path, bytes.to_vec());
        Ok(())
    }

    fn stream(
        &self,
        path: &str,
        content: &mut dyn FnMut(&mut (dyn std::io::Write + Send)) -> std::io::Result<()>,
    ) -> Result<(), DocsError> {
        let mut bytes = Vec::new();
        content(&mut bytes).expect("writing to memory cannot fail");
        self.push(path, bytes);
        Ok(())
    }
}

/// Build every page of the site for `doc` and hand each to `sink`.
fn generate(shared: &Arc<ModelDoc>, format: Format, sink: &dyn Sink) -> Result<(), DocsError> {
    let doc: &ModelDoc = shared;
    let ext = format.ext();
    let site = Site::new(doc, ext);
    // Compiling the templates (a millisecond for the HTML site) needs
    // nothing from the standard but the link targets: it runs beside the
    // index instead of before it, with the other thread idle.
    let (env, index) = rayon::join(
        || render::environment(format, &site),
        || Index::new(doc, &site),
    );
    let env = env.map_err(|e| DocsError::Render(format!("template error: {e:#}")))?;
    let index = &index;
    let title = doc
        .workspace
        .name
        .clone()
        .unwrap_or_else(|| "FIBF standards".to_owned());
    let std_info = context! {
        name => title,
        version => doc.workspace.version.as_deref(),
        counts => minijinja::Value::from_pairs(
            Kind::ALL.map(|k| (k.info().json_key, doc.count(k)))
        ),
    };
    let mut pages = pages::Pages::all(shared, &site, index, format);
    // The pages that list a whole kind of entity take one thread tens of
    // milliseconds each at scale: rendered first, they run beside the
    // entity pages instead of after them, with the other thread idle.
    pages.list.sort_by_key(|p| !p.show.is_list());
    let pages = &pages;
    let root = |depth: usize| Value::from_safe_string("../".repeat(depth));
    // One path of each directory, for the sink to make them all first. The
    // pages of no entity are few; the others' folders are those of their
    // shapes.
    let mut dirs: Vec<String> = Vec::new();
    let mut deepest = 0;
    let of_no_entity = pages.list.iter().filter(|p| p.show.kind().is_none());
    for p in pages.shapes.iter().chain(of_no_entity) {
        let path = pages.path(*p);
        deepest = deepest.max(path.matches('/').count());
        if let Some((dir, _)) = path.rsplit_once('/')
            && !dirs
                .iter()
                .any(|d| d.rsplit_once('/').is_some_and(|(seen, _)| seen == dir))
        {
            dirs.push(path.into_owned());
        }
    }
    let chrome = match format {
        Format::Html => (0..=deepest)
            .map(|d| chrome(&env, root(d), &std_info))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| DocsError::Render(format!("chrome.html: {e:#}")))?,
        Format::Markdown => Vec::new(),
    };
    // Each page is rendered into a buffer the thread keeps from page to
    // page, so that a page's text does not grow from nothing every time.
    let render_page = |buf: &mut Vec<u8>, p: pages::Page| -> Result<(), DocsError> {
        let name = p.show.template(format);
        let tmpl = env
            .get_template(name)
            .map_err(|e| DocsError::Render(format!("{name}: {e:#}")))?;
        let path = pages.path(p);
        let depth = path.matches('/').count();
        let ctx = Value::from_object(PageContext {
            root: root(depth),
            standard: std_info.clone(),
            format: Value::from(ext),
            chrome: chrome.get(depth).cloned().unwrap_or_default(),
            page: pages.context(p),
        });
        buf.clear();
        tmpl.render_captured_to(ctx, &mut *buf)
            .map_err(|e| DocsError::Render(format!("{path}: {e:#}")))?;
        sink.file(&path, buf)
    };
    const ASSETS: [&str; 3] = [
        "assets/style.css",
        "assets/search.js",
        "assets/search-index.js",
    ];
    let mut paths: Vec<&str> = dirs.iter().map(String::as_str).collect();
    if format == Format::Html {
        paths.extend(ASSETS);
    }
    sink.prepare(&paths)?;
    // The search index is one file made from the whole document: it is
    // written while the pages are, not after them.
    // Pages differ in cost by orders of magnitude (a list of a whole kind
    // against an entity's page), and rayon splits a range only when a thread
    // steals from it: the quarter of the pages that held the list pages ran
    // on one thread while the other waited. Pieces of a few pages keep
    // both threads busy to the end.
    let (pages, index) = rayon::join(
        || {
            pages
                .list
                .par_iter()
                .with_max_len(PAGES_PER_JOB)
                .try_for_each_init(
                    || Vec::with_capacity(PAGE_BUFFER),
                    |buf, p| render_page(buf, *p),
                )
        },
        || {
            let [style, script, search_index] = ASSETS;
            if format != Format::Html {
                return Ok(());
            }
            sink.file(style, STYLE.as_bytes())?;
            sink.file(script, SEARCH_JS.as_bytes())?;
            sink.stream(search_index, &mut |w| search::write_index_js(doc, &site, w))
        },
    );
    pages?;
    index?;
    Ok(())
}
