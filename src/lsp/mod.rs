//! `fibf lsp`: the language server, over standard input and output.
//!
//! It keeps the editor's open buffers over the disk ([`OverlayIo`]) and,
//! after each change, analyses the workspace each buffer belongs to (the
//! directory of the nearest `fibf.toml` above it, else the workspace
//! folder the editor opened, else the file alone) exactly as `fibf check`
//! would, then publishes every file's diagnostics. Requests are answered
//! from the latest analysis through the library's editor queries
//! ([`crate::ide`]); this module only translates between them and the
//! protocol (`lsp-server` for the messages, `lsp-types` for their shapes).
//!
//! Vendor offerings (YAML or JSON with top-level `vendor` and
//! `capabilities`) open in the editor get the findings of `fibf conform`
//! against the standards of their workspace, hover and completion.
//!
//! Analyses are incremental ([`Incremental`]): after an edit
//! only the changed file is parsed again, and diagnostics are sent only
//! for files whose list changed (and always for the edited one, whose
//! positions may have moved).
//!
//! A panic in a handler is caught: logged to standard error, answered
//! with an error, and the server goes on; a panic while analysing leaves
//! that workspace without an analysis until its next change, which
//! analyses it afresh.

mod handlers;
pub mod position;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::{InitializeParams, PositionEncodingKind};
use serde_json::{Value, json};

use crate::conform::Standard;
use crate::data::Format;
use crate::ide::Snapshot;
use crate::io::{Io, NativeIo, OverlayIo};
use crate::workspace::{CONFIG_FILE, Incremental, Options};
use position::Encoding;

pub use position::{offset_in_text, path, uri};

/// What an open document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocKind {
    /// A `.fibf` file.
    Standard,
    /// A vendor offering, in this format.
    Offering(Format),
    /// Something the server has nothing to say about.
    Other,
}

/// An open document.
struct Doc {
    version: i32,
    kind: DocKind,
}

/// The server's state.
struct Server {
    connection: Connection,
    encoding: Encoding,
    /// The folders the editor opened.
    folders: Vec<PathBuf>,
    /// Open buffers over the disk.
    io: OverlayIo<NativeIo>,
    docs: BTreeMap<PathBuf, Doc>,
    /// Each workspace's latest analysis, by root (a directory, or a file
    /// analysed alone).
    workspaces: BTreeMap<PathBuf, Snapshot>,
    /// What each workspace's next analysis can reuse of its last.
    analyses: BTreeMap<PathBuf, Incremental>,
    /// Workspaces whose files changed since they were analysed.
    dirty: BTreeSet<PathBuf>,
    /// What was last published for each file (with the document's version
    /// then): kept while non-empty, or while the document is open.
    published: BTreeMap<PathBuf, (Option<i32>, Vec<Value>)>,
    /// Where each diagnostic code's explanation is (a code and `.md` are
    /// appended).
    docs_base: String,
    shutdown: bool,
    /// Called after each round of analyses (see [`run_with`]).
    after_analysis: fn(),
}

/// The base of the links from a diagnostic to its explanation.
pub const DEFAULT_DOCS_BASE: &str = crate::diag::DOCS_BASE;

/// Serve the protocol on standard input and output until the client says
/// `exit`; returns the process exit code (0 after `shutdown`, 1 without).
pub fn run() -> i32 {
    run_with(|| ())
}

/// [`run`], calling `after_analysis` once the diagnostics of each round of
/// analyses are out: the command line has its allocator give freed memory
/// back to the system there, as an editor keeps the server for hours.
pub fn run_with(after_analysis: fn()) -> i32 {
    let (connection, threads) = Connection::stdio();
    let code = match serve(connection, after_analysis) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fibf lsp: {e}");
            1
        }
    };
    // The reader thread ends with the input; the writer when the last
    // sender is gone, which it is now.
    let _ = threads.join();
    code
}

fn serve(connection: Connection, after_analysis: fn()) -> Result<i32, lsp_server::ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let mut folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if folders.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(path)
    {
        folders.push(root);
    }
    let docs_base = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("docsBaseUrl"))
        .and_then(Value::as_str)
        .map_or_else(|| DEFAULT_DOCS_BASE.to_owned(), str::to_owned);
    let result = json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "fibf", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        after_analysis,
        connection,
        encoding,
        folders,
        io: OverlayIo::new(NativeIo),
        docs: BTreeMap::new(),
        workspaces: BTreeMap::new(),
        dirty: BTreeSet::new(),
        analyses: BTreeMap::new(),
        published: BTreeMap::new(),
        docs_base,
        shutdown: false,
    };
    Ok(server.main_loop())
}

fn capabilities(encoding: Encoding) -> Value {
    json!({
        "positionEncoding": match encoding { Encoding::Utf8 => "utf-8", Encoding::Utf16 => "utf-16" },
        "textDocumentSync": { "openClose": true, "change": 2, "save": { "includeText": false } },
        "definitionProvider": true,
        "referencesProvider": true,
        "hoverProvider": true,
        "completionProvider": { "triggerCharacters": [" ", ".", ",", "-"] },
        "documentSymbolProvider": true,
        "workspaceSymbolProvider": true,
        "renameProvider": { "prepareProvider": true },
        "codeActionProvider": { "codeActionKinds": ["quickfix", "source"] },
        "documentFormattingProvider": true,
    })
}

impl Server {
    fn main_loop(&mut self) -> i32 {
        while let Ok(message) = self.connection.receiver.recv() {
            if let Some(code) = self.message(message) {
                return code;
            }
            // Take every change already waiting before analysing once.
            while let Ok(message) = self.connection.receiver.try_recv() {
                if let Some(code) = self.message(message) {
                    return code;
                }
            }
            self.refresh();
        }
        // The input ended without `exit`.
        1
    }

    /// Handle one message; `Some(code)` when the server must exit.
    fn message(&mut self, message: Message) -> Option<i32> {
        match message {
            Message::Request(request) => {
                if request.method == "shutdown" {
                    self.shutdown = true;
                    self.send(Response::new_ok(request.id, ()).into());
                    return None;
                }
                // A request sees every change made before it.
                self.refresh();
                let id = request.id.clone();
                let method = request.method.clone();
                let response = std::panic::catch_unwind(AssertUnwindSafe(|| self.request(request)))
                    .unwrap_or_else(|_| {
                        eprintln!("fibf lsp: a panic while answering {method}; the server goes on");
                        Err(format!("internal error while answering {method}"))
                    });
                let response = match response {
                    Ok(value) => Response::new_ok(id, value),
                    Err(message) => {
                        Response::new_err(id, lsp_server::ErrorCode::RequestFailed as i32, message)
                    }
                };
                self.send(response.into());
            }
            Message::Notification(n) if n.method == "exit" => {
                return Some(i32::from(!self.shutdown));
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                if std::panic::catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                    eprintln!("fibf lsp: a panic while handling {method}; the server goes on");
                }
            }
            Message::Response(_) => {}
        }
        None
    }

    fn send(&self, message: Message) {
        // The client gone is the end of the session, seen by the loop.
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_owned(), params).into());
    }

    fn log(&self, message: &str) {
        self.notify(
            "window/logMessage",
            json!({ "type": 3, "message": message }),
        );
    }

    fn notification(&mut self, n: Notification) {
        let params = n.params;
        let doc_path = |p: &Value| {
            p.pointer("/textDocument/uri")
                .and_then(|u| serde_json::from_value::<lsp_types::Uri>(u.clone()).ok())
                .and_then(|u| path(&u))
        };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Some(path) = doc_path(&params) else {
                    return;
                };
                let text = params
                    .pointer("/textDocument/text")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let version = params
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0) as i32;
                let kind = doc_kind(&path, &text);
                self.io.open(&path, text);
                self.docs.insert(path.clone(), Doc { version, kind });
                self.changed(&path);
            }
            "textDocument/didChange" => {
                let Some(path) = doc_path(&params) else {
                    return;
                };
                let Some(mut text) = self.io.buffer(&path).map(str::to_owned) else {
                    return;
                };
                for change in params
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    apply_change(&mut text, change, self.encoding);
                }
                if let Some(doc) = self.docs.get_mut(&path) {
                    doc.version = params
                        .pointer("/textDocument/version")
                        .and_then(Value::as_i64)
                        .map_or(doc.version, |v| v as i32);
                    if doc.kind != DocKind::Standard {
                        doc.kind = doc_kind(&path, &text);
                    }
                }
                self.io.open(&path, text);
                self.changed(&path);
            }
            "textDocument/didSave" => {
                if let Some(path) = doc_path(&params) {
                    self.changed(&path);
                }
            }
            "textDocument/didClose" => {
                let Some(path) = doc_path(&params) else {
                    return;
                };
                self.io.close(&path);
                if let Some(doc) = self.docs.remove(&path)
                    && !matches!(doc.kind, DocKind::Standard)
                {
                    // Its findings go with it.
                    self.publish(&path, Vec::new(), None);
                    self.published.remove(&path);
                }
                self.changed(&path);
            }
            "workspace/didChangeWatchedFiles" => {
                let roots: Vec<PathBuf> = self.workspaces.keys().cloned().collect();
                self.dirty.extend(roots);
            }
            _ => {}
        }
    }

    /// Mark the workspace of a changed file for analysis.
    fn changed(&mut self, path: &Path) {
        if path.extension().is_some_and(|x| x == "fibf") || path.ends_with(CONFIG_FILE) {
            let root = self.root_of(path);
            self.dirty.insert(root);
        } else if self
            .docs
            .get(path)
            .is_some_and(|d| matches!(d.kind, DocKind::Offering(_)))
        {
            // An offering is checked against its workspace's standards,
            // which are analysed if they are not yet.
            let root = self.root_of(path);
            if !self.workspaces.contains_key(&root) {
                self.dirty.insert(root);
            }
            self.publish_offering(path);
        }
    }

    /// The workspace a file belongs to: the nearest directory above it with
    /// a `fibf.toml`, else the editor's folder holding it, else the file.
    fn root_of(&self, file: &Path) -> PathBuf {
        let dir = file.parent().unwrap_or(file);
        if let Some(root) = self.io.find_upward(dir, CONFIG_FILE) {
            return root;
        }
        if let Some(folder) = self
            .folders
            .iter()
            .filter(|f| file.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
        {
            return folder.clone();
        }
        if file.extension().is_some_and(|x| x == "fibf") {
            file.to_path_buf()
        } else {
            dir.to_path_buf()
        }
    }

    /// Analyse every workspace that changed and publish its diagnostics.
    fn refresh(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        if dirty.is_empty() {
            return;
        }
        for root in dirty {
            // The last analysis is taken apart by the next, which reuses
            // its unchanged files.
            let previous = self.workspaces.remove(&root).map(Snapshot::into_analysis);
            let incremental = self
                .analyses
                .entry(root.clone())
                .or_insert_with(|| Incremental::new(root.clone(), Options::default()));
            let io = &self.io;
            let analysed =
                std::panic::catch_unwind(AssertUnwindSafe(|| incremental.analyze(io, previous)));
            match analysed {
                Ok(analysis) => {
                    let snapshot = Snapshot::new(analysis);
                    self.workspaces.insert(root.clone(), snapshot);
                    self.publish_workspace(&root);
                }
                Err(_) => {
                    self.analyses.remove(&root);
                    eprintln!(
                        "fibf lsp: a panic while analysing {}; it is analysed afresh on its next change",
                        root.display()
                    );
                }
            }
            let offerings: Vec<PathBuf> = self
                .docs
                .iter()
                .filter(|(p, d)| matches!(d.kind, DocKind::Offering(_)) && self.root_of(p) == root)
                .map(|(p, _)| p.clone())
                .collect();
            for p in offerings {
                self.publish_offering(&p);
            }
        }
        (self.after_analysis)();
    }

    /// The workspace analysis that holds `file`, and the file's ID in it.
    fn locate(&self, file: &Path) -> Option<(&Snapshot, crate::source::FileId)> {
        let root = self.root_of(file);
        let snapshot = self.workspaces.get(&root)?;
        Some((snapshot, snapshot.file(file)?))
    }

    /// Publish the diagnostics of every file of a workspace, clearing those
    /// of files that had some and have none now.
    fn publish_workspace(&mut self, root: &Path) {
        let Some(snapshot) = self.workspaces.get(root) else {
            return;
        };
        let mut by_file: BTreeMap<PathBuf, Vec<Value>> = BTreeMap::new();
        let sources = &snapshot.analysis.sources;
        for d in &snapshot.analysis.diagnostics {
            let Some(span) = d.primary_span() else {
                self.log(&format!("{}: {}", d.code, d.message));
                continue;
            };
            let Some(file) = sources.get(span.file).path.clone() else {
                continue;
            };
            let file = crate::io::normalize(&self.io.current_dir().join(file));
            by_file.entry(file).or_default().push(handlers::diagnostic(
                d,
                sources,
                self.encoding,
                &self.docs_base,
            ));
        }
        // Every file of the workspace gets its list, so fixed ones clear.
        for (_, f) in sources.iter() {
            if let Some(p) = &f.path
                && p.extension().is_some_and(|x| x == "fibf")
            {
                let p = crate::io::normalize(&self.io.current_dir().join(p));
                by_file.entry(p).or_default();
            }
        }
        let gone: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|p| p.starts_with(root) && !by_file.contains_key(*p))
            .filter(|p| {
                !self
                    .docs
                    .get(*p)
                    .is_some_and(|d| matches!(d.kind, DocKind::Offering(_)))
            })
            .cloned()
            .collect();
        for p in gone {
            by_file.insert(p, Vec::new());
        }
        for (file, list) in by_file {
            let version = self.docs.get(&file).map(|d| d.version);
            self.publish(&file, list, version);
        }
    }

    /// Send a file's diagnostics, unless the client has them already: the
    /// same list for the same version of the document.
    fn publish(&mut self, file: &Path, diagnostics: Vec<Value>, version: Option<i32>) {
        match self.published.get(file) {
            Some((v, last)) if *v == version && *last == diagnostics => return,
            None if diagnostics.is_empty() && !self.docs.contains_key(file) => return,
            _ => {}
        }
        let mut params = json!({ "uri": uri(file), "diagnostics": diagnostics.clone() });
        if let Some(v) = version {
            params["version"] = json!(v);
        }
        self.notify("textDocument/publishDiagnostics", params);
        if diagnostics.is_empty() && !self.docs.contains_key(file) {
            self.published.remove(file);
        } else {
            self.published
                .insert(file.to_path_buf(), (version, diagnostics));
        }
    }

    /// Check an open offering against its workspace's standards and
    /// publish what `fibf conform` finds.
    fn publish_offering(&mut self, file: &Path) {
        let Some(DocKind::Offering(format)) = self.docs.get(file).map(|d| d.kind) else {
            return;
        };
        let Some(text) = self.io.buffer(file).map(str::to_owned) else {
            return;
        };
        let root = self.root_of(file);
        let Some(snapshot) = self.workspaces.get(&root) else {
            return;
        };
        let Some(model) = snapshot.model().filter(|_| !snapshot.analysis.partial) else {
            self.log(&format!(
                "{}: the standards at {} have errors; the offering is checked once they are fixed",
                file.display(),
                root.display()
            ));
            return;
        };
        let Ok(standard) = Standard::new(model) else {
            return;
        };
        let name = crate::source::display_name(file);
        let found = crate::ide::offering::diagnostics(
            &standard,
            &name,
            &text,
            format,
            crate::source::FileId(0),
        );
        let mut sources = crate::source::SourceMap::new();
        sources.add(crate::source::SourceFile::new(
            name,
            Some(file.to_path_buf()),
            text,
        ));
        let list = found
            .iter()
            .map(|d| handlers::diagnostic(d, &sources, self.encoding, &self.docs_base))
            .collect();
        let version = self.docs.get(file).map(|d| d.version);
        self.publish(file, list, version);
    }

    fn request(&mut self, request: Request) -> Result<Value, String> {
        handlers::request(self, &request.method, request.params)
    }
}

/// What a document is, from its name and, for YAML and JSON, whether it
/// reads as an offering (top-level `vendor` and `capabilities`).
fn doc_kind(path: &Path, text: &str) -> DocKind {
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match ext.as_str() {
        "fibf" => return DocKind::Standard,
        "yaml" | "yml" => Format::Yaml,
        "json" => Format::Json,
        _ => return DocKind::Other,
    };
    let looks = match format {
        Format::Json => text.contains("\"capabilities\"") && text.contains("\"vendor\""),
        Format::Yaml | Format::JsonLines => {
            text.lines().any(|l| l.starts_with("capabilities:"))
                && text.lines().any(|l| l.starts_with("vendor:"))
        }
    };
    if looks {
        DocKind::Offering(format)
    } else {
        DocKind::Other
    }
}

/// Apply one `contentChanges` entry: a range replaced, or the whole text.
fn apply_change(text: &mut String, change: &Value, encoding: Encoding) {
    let new = change
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(range) = change
        .get("range")
        .and_then(|r| serde_json::from_value::<lsp_types::Range>(r.clone()).ok())
    else {
        new.clone_into(text);
        return;
    };
    let start = offset_in_text(text, range.start, encoding);
    let end = offset_in_text(text, range.end, encoding).max(start);
    text.replace_range(start..end, new);
}
