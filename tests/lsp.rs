//! `fibf lsp` through the real binary: JSON-RPC over its standard input and
//! output, as an editor speaks it. Multi-file workspaces, unsaved buffers,
//! UTF-16 and UTF-8 positions over non-ASCII text, a syntax error
//! mid-edit, offerings, and the shutdown protocol; and a property test:
//! after any sequence of edits, the server's diagnostics are `fibf check`'s.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{Value, json};

/// A running `fibf lsp` and the messages it sends.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
    /// The latest diagnostics published for each URI.
    diagnostics: BTreeMap<String, Value>,
    /// Published diagnostics not yet looked at, in order.
    fresh: Vec<Value>,
}

const WAIT: Duration = Duration::from_secs(30);

impl Client {
    fn start(root: &Path, utf8: bool) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fibf"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("fibf lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client {
            child,
            stdin,
            messages: rx,
            next_id: 0,
            diagnostics: BTreeMap::new(),
            fresh: Vec::new(),
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "ws" }],
                "capabilities": { "general": { "positionEncodings": encodings } },
            }),
        );
        let want = if utf8 { "utf-8" } else { "utf-16" };
        assert_eq!(init["capabilities"]["positionEncoding"], want);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(&body).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (its result, or its error
    /// as `{"error": ...}`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + WAIT;
        loop {
            let m = self
                .next(deadline)
                .unwrap_or_else(|| panic!("no answer to {method}"));
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                if let Some(e) = m.get("error") {
                    return json!({ "error": e });
                }
                return m["result"].clone();
            }
        }
    }

    /// The next message, keeping track of published diagnostics.
    fn next(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(m) => {
                if m["method"] == "textDocument/publishDiagnostics" {
                    let u = m["params"]["uri"].as_str().unwrap().to_owned();
                    self.diagnostics
                        .insert(u, m["params"]["diagnostics"].clone());
                    self.fresh.push(m["params"].clone());
                }
                Some(m)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Wait until diagnostics for `path` are published and satisfy `ok`.
    fn diagnostics_for(&mut self, path: &Path, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let u = uri(path);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(d) = self.diagnostics.get(&u)
                && ok(d.as_array().unwrap())
            {
                return d.as_array().unwrap().clone();
            }
            assert!(
                self.next(deadline).is_some(),
                "no diagnostics as expected for {}: {:#?}",
                path.display(),
                self.diagnostics.get(&u)
            );
        }
    }

    /// Wait until the server is idle (a request round trip after the
    /// notifications sent so far).
    fn settle(&mut self) {
        self.request("workspace/symbol", json!({ "query": "\u{1}" }));
    }

    fn open(&mut self, path: &Path, text: &str) {
        let language = if path.extension().is_some_and(|x| x == "fibf") {
            "fibf"
        } else {
            "yaml"
        };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": language, "version": 1, "text": text } }),
        );
    }

    fn change_all(&mut self, path: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Shut down and exit; the exit code.
    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        self.stdin.take();
        self.child.wait().unwrap().code().unwrap()
    }
}

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn doc(path: &Path, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri(path) }, "position": pos(line, character) })
}

/// The line and UTF-16 column of `needle` in `text`.
fn find(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32)
}

const AREAS: &str = "area GRM \"Grants Management\"\n\nfunction GRM.010 \"Program Administration\" {\n  area GRM\n}\n\nactivity GRM.010.010 \"Program Set-up\" {\n  function GRM.010\n}\n";

const CAPS: &str = "# “Quoted” notes — with non-ASCII text before IDs.\ncapability GRM.010.010.011 input {\n  activity GRM.010.010\n  statement \"Capture the “authorizing” legislation\"\n}\n\nprofile BASE \"Baseline\" {\n  require GRM.010.010.011\n}\n";

/// A workspace with a `fibf.toml` and two files, in a fresh directory.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(
        root.join("fibf.toml"),
        "name = \"lsp-test\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    let areas = root.join("areas.fibf");
    let caps = root.join("caps.fibf");
    std::fs::write(&areas, AREAS).unwrap();
    std::fs::write(&caps, CAPS).unwrap();
    (dir, areas, caps)
}

#[test]
fn diagnostics_are_published_updated_and_cleared() {
    let (_dir, areas, caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    let mut c = Client::start(&root, false);
    // An unsaved edit breaks a reference in the other file's terms.
    let broken = CAPS.replace("activity GRM.010.010\n", "activity GRM.010.01O\n");
    c.open(&caps, &broken);
    let d = c.diagnostics_for(&caps, |d| !d.is_empty());
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "E0301");
    assert_eq!(d[0]["severity"], 1);
    let (line, col) = find(&broken, "GRM.010.01O");
    assert_eq!(d[0]["range"]["start"], pos(line, col));
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `GRM.010.010`?")
    );
    assert!(
        d[0]["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/E0301.md")
    );
    // The quick fix applies the suggestion.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&caps) }, "range": { "start": pos(line, col), "end": pos(line, col) }, "context": { "diagnostics": [] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a quick fix");
    assert_eq!(
        fix["edit"]["changes"][uri(&caps)][0]["newText"],
        "GRM.010.010"
    );
    // Fixed in the buffer: cleared.
    c.change_all(&caps, 2, CAPS);
    c.diagnostics_for(&caps, <[Value]>::is_empty);
    // A duplicate: both places, the other as related information.
    let dup = format!("{CAPS}\narea GRM \"Again\"\n");
    c.change_all(&caps, 3, &dup);
    let d = c.diagnostics_for(&caps, |d| d.iter().any(|x| x["code"] == "E0206"));
    let e = d.iter().find(|x| x["code"] == "E0206").unwrap();
    assert_eq!(e["relatedInformation"][0]["location"]["uri"], uri(&areas));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn navigation_across_files_and_unsaved_buffers() {
    let (_dir, areas, caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    let mut c = Client::start(&root, false);
    c.open(&caps, CAPS);
    c.diagnostics_for(&caps, <[Value]>::is_empty);
    // Definition of `activity GRM.010.010`, in the other file.
    let (line, col) = find(CAPS, "GRM.010.010\n");
    let def = c.request("textDocument/definition", doc(&caps, line, col + 2));
    assert_eq!(def["uri"], uri(&areas));
    assert_eq!(
        def["range"]["start"],
        json!(pos(
            find(AREAS, "GRM.010.010").0,
            find(AREAS, "GRM.010.010").1
        ))
    );
    // References from the declaration, both files.
    let (l, cc) = find(AREAS, "GRM.010.010");
    c.open(&areas, AREAS);
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": uri(&areas) }, "position": pos(l, cc), "context": { "includeDeclaration": true } }),
    );
    let uris: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 2, "{refs:#?}");
    // Hover names the entity, its path and where it is declared.
    let hover = c.request("textDocument/hover", doc(&caps, line, col));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**Activity** `GRM.010.010` Program Set-up"),
        "{text}"
    );
    assert!(text.contains("Lifecycle: `GRM` Grants Management → `GRM.010` Program Administration"));
    // An unsaved buffer adds a function; a new reference to it resolves
    // and navigates into the buffer.
    let more = format!("{AREAS}\nfunction GRM.020 \"Awards\" {{\n  area GRM\n}}\n");
    c.change_all(&areas, 2, &more);
    let edited = CAPS.replace(
        "require GRM.010.010.011",
        "require GRM.010.010.011\n  select GRM.020",
    );
    c.change_all(&caps, 2, &edited);
    c.diagnostics_for(&caps, <[Value]>::is_empty);
    let (l2, c2) = find(&edited, "GRM.020");
    let def = c.request("textDocument/definition", doc(&caps, l2, c2));
    assert_eq!(def["range"]["start"]["line"], find(&more, "GRM.020").0);
    // Outline and search.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&areas) } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["GRM", "GRM.010", "GRM.010.010", "GRM.020"]);
    let found = c.request("workspace/symbol", json!({ "query": "awards" }));
    assert_eq!(found[0]["name"], "GRM.020");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn completion_rename_and_formatting() {
    let (_dir, areas, caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    let mut c = Client::start(&root, false);
    let typing = CAPS.replace(
        "  require GRM.010.010.011\n",
        "  require GRM.010.010.011\n  select GRM.0\n",
    );
    c.open(&caps, &typing);
    c.settle();
    let (line, col) = find(&typing, "select GRM.0");
    let items = c.request(
        "textDocument/completion",
        doc(&caps, line, col + "select GRM.0".len() as u32),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    // A selection's scope: an area, function or activity, not a capability.
    assert_eq!(labels, ["GRM.010", "GRM.010.010"]);
    assert_eq!(items["items"][0]["detail"], "Program Administration");
    // Rename refused on a keyword, done on an ID across files.
    let refused = c.request("textDocument/prepareRename", doc(&caps, 1, 2));
    assert!(refused.get("error").is_some(), "{refused}");
    c.change_all(&caps, 2, CAPS);
    c.open(&areas, AREAS);
    let (l, cc) = find(AREAS, "GRM.010.010");
    let prepared = c.request("textDocument/prepareRename", doc(&areas, l, cc));
    assert_eq!(prepared["placeholder"], "GRM.010.010");
    let mut params = doc(&areas, l, cc);
    params["newName"] = json!("GRM.010.020");
    let edit = c.request("textDocument/rename", params);
    assert_eq!(edit["changes"][uri(&areas)].as_array().unwrap().len(), 1);
    assert_eq!(edit["changes"][uri(&caps)].as_array().unwrap().len(), 1);
    let mut bad = doc(&areas, l, cc);
    bad["newName"] = json!("not an id");
    assert!(c.request("textDocument/rename", bad).get("error").is_some());
    // Formatting: one edit to the canonical layout.
    let messy = "area   TRT \"Travel\"\n\n\n";
    let travel = root.join("travel.fibf");
    c.open(&travel, messy);
    let edits = c.request("textDocument/formatting", json!({ "textDocument": { "uri": uri(&travel) }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(edits[0]["newText"], "area TRT \"Travel\"\n");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn positions_in_utf16_and_utf8_over_non_ascii_text() {
    let (_dir, areas, caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    // A line with curly quotes and a dash before the ID.
    let text = "capability GRM.010.010.012 output \"“x”\" {\n  activity GRM.010.010\n  statement \"“Report” — the program\"\n  other-sources \"“R” — a\", — \n}\n";
    let _ = std::fs::remove_file(&caps);
    for utf8 in [false, true] {
        let mut c = Client::start(&root, utf8);
        c.open(&caps, text);
        let d = c.diagnostics_for(&caps, |d| !d.is_empty());
        // The stray `—` after the quoted source.
        let line = text.lines().nth(3).unwrap();
        let at = line.rfind('—').unwrap();
        let expected = if utf8 {
            at
        } else {
            line[..at].encode_utf16().count()
        };
        let dash = d
            .iter()
            .find(|x| x["range"]["start"]["line"] == 3)
            .expect("a diagnostic on line 4");
        assert_eq!(
            dash["range"]["start"]["character"], expected,
            "utf8: {utf8}"
        );
        assert_eq!(c.shutdown(), 0);
    }
}

#[test]
fn a_syntax_error_mid_edit_keeps_navigation() {
    let (_dir, areas, caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    let mut c = Client::start(&root, false);
    let half = format!("{CAPS}\ncapability GRM.010.010.013 process {{\n  statement \"unclosed\n");
    c.open(&caps, &half);
    let d = c.diagnostics_for(&caps, |d| !d.is_empty());
    assert!(
        d.iter()
            .all(|x| x["code"].as_str().unwrap().starts_with("E01")),
        "{d:#?}"
    );
    // The entities before the broken one still navigate across files.
    let (line, col) = find(&half, "GRM.010.010\n");
    let def = c.request("textDocument/definition", doc(&caps, line, col));
    assert_eq!(def["uri"], uri(&areas));
    // Garbage parameters get an error, and the server goes on.
    let bad = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": 5 } }),
    );
    assert!(bad.get("error").is_some() || bad.is_null());
    c.change_all(&caps, 2, CAPS);
    c.diagnostics_for(&caps, <[Value]>::is_empty);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn offerings_get_conformance_findings_hover_and_completion() {
    let (_dir, areas, _caps) = workspace();
    let root = areas.parent().unwrap().to_path_buf();
    let mut c = Client::start(&root, false);
    let offering = root.join("acme.yaml");
    let text = "vendor: Acme\nproduct: Grants Cloud\nversion: \"1\"\nstandards:\n  name: lsp-test\n  version: 1.0.0\nprofiles: [BASE]\ncapabilities:\n  GRM.010.010.01:\n    support: supported\n";
    c.open(&offering, text);
    let d = c.diagnostics_for(&offering, |d| !d.is_empty());
    let unknown = d
        .iter()
        .find(|x| x["message"].as_str().unwrap().contains("`GRM.010.010.01`"))
        .expect("the unknown capability");
    assert_eq!(unknown["range"]["start"]["line"], 8);
    // Completion of capability IDs under `capabilities:`, and of levels.
    let typing = text.replace("  GRM.010.010.01:\n", "  GRM.0\n");
    c.change_all(&offering, 2, &typing);
    c.settle();
    let items = c.request("textDocument/completion", doc(&offering, 8, 7));
    let labels: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["GRM.010.010.011"]);
    let items = c.request("textDocument/completion", doc(&offering, 9, 13));
    assert!(
        items["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "configurable")
    );
    // Hover on a capability key says what it is.
    c.change_all(
        &offering,
        3,
        &text.replace("GRM.010.010.01:", "GRM.010.010.011:"),
    );
    let hover = c.request("textDocument/hover", doc(&offering, 8, 4));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Capture the “authorizing” legislation")
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let (_dir, areas, _caps) = workspace();
    let mut c = Client::start(areas.parent().unwrap(), false);
    c.notify("exit", Value::Null);
    c.stdin.take();
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

/// `fibf check --format json` on a workspace: (file name, line, column,
/// code) of each diagnostic with a place.
fn check_json(root: &Path) -> Vec<(String, u64, u64, String)> {
    let out = common::fibf()
        .args(["check", "--format", "json", "--max-diagnostics", "0"])
        .arg(root)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, u64, u64, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["line"].is_u64())
        .map(|d| {
            let file = Path::new(d["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                file,
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The server's latest diagnostics, as [`check_json`] has them (columns
/// are 1-based characters there, UTF-16 units here: the texts are ASCII).
fn server_diagnostics(c: &Client, files: &[PathBuf]) -> Vec<(String, u64, u64, String)> {
    let mut found = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        for d in c
            .diagnostics
            .get(&uri(f))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            found.push((
                name.clone(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["range"]["start"]["character"].as_u64().unwrap() + 1,
                d["code"].as_str().unwrap().to_owned(),
            ));
        }
    }
    found.sort();
    found
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// Whatever is typed, the server does not die, and after the last edit
    /// its diagnostics are those of `fibf check` on the same text.
    #[test]
    fn after_any_edits_the_diagnostics_are_checks(
        edits in proptest::collection::vec((0usize..400, 0usize..100, any::<bool>()), 1..12)
    ) {
        let (_dir, areas, caps) = workspace();
        let root = areas.parent().unwrap().to_path_buf();
        let mut c = Client::start(&root, false);
        let mut texts = [AREAS.to_owned(), CAPS.replace(['“', '”'], "\"").replace('—', "-")];
        std::fs::write(&caps, &texts[1]).unwrap();
        c.open(&areas, &texts[0]);
        c.open(&caps, &texts[1]);
        for (i, (at, what, which)) in edits.iter().enumerate() {
            let k = usize::from(*which);
            texts[k] = common::edit(&texts[k], *at, *what);
            let path = if k == 0 { &areas } else { &caps };
            c.change_all(path, i as i64 + 2, &texts[k]);
        }
        c.settle();
        std::fs::write(&areas, &texts[0]).unwrap();
        std::fs::write(&caps, &texts[1]).unwrap();
        let expected = check_json(&root);
        let got = server_diagnostics(&c, &[areas.clone(), caps.clone()]);
        prop_assert_eq!(got, expected, "texts: {:#?}", texts);
        prop_assert_eq!(c.shutdown(), 0);
    }
}
