//! How fast `fibf lsp` answers, measured as an editor sees it: the time
//! from a `didChange` to the `publishDiagnostics` of the edited file, and
//! the round trip of completion and hover requests, over a workspace; and
//! the server's peak memory.
//!
//! ```sh
//! cargo build --profile dist --bin fibf --example lsp_latency
//! target/dist/examples/lsp_latency --fibf target/dist/fibf --workspace standards \
//!     --file standards/authored/ffm-payables.fibf
//! ```
//!
//! See docs/performance.md ("The language server").

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A running server.
struct Session {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Session {
    fn start(fibf: &Path) -> Session {
        let mut child = Command::new(fibf)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel::<Value>();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let _ = tx.send(serde_json::from_slice(&body).unwrap());
            }
        });
        Session {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_vec(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn diagnostics(&self, file: &str, version: i64) {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(600))
                .expect("diagnostics");
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == file
                && m["params"]["version"] == version
            {
                return;
            }
        }
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(600))
                .expect("a response");
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// The server's peak resident memory, in kilobytes.
    /// A figure of the server's `/proc/PID/status`, in kB: `VmHWM` (peak
    /// resident memory) or `VmRSS` (resident now).
    fn status_kb(&self, key: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }
}

/// Edits: a comment line added at the end and taken away again, each a
/// re-analysis of the workspace as the server does it.
fn edits(s: &mut Session, file: &str, lines: u32, runs: usize) -> Vec<Duration> {
    let mut out = Vec::new();
    for i in 0..runs {
        let version = 2 + i as i64;
        let end = if i % 2 == 0 { lines } else { lines + 1 };
        let text = if i % 2 == 0 { "# edited\n" } else { "" };
        let change = json!({"range": {"start": {"line": lines, "character": 0}, "end": {"line": end, "character": 0}}, "text": text});
        let t = Instant::now();
        s.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": file, "version": version}, "contentChanges": [change]}}),
        );
        s.diagnostics(file, version);
        out.push(t.elapsed());
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut fibf, mut workspace, mut file, mut runs) = (None, None, None, 30usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--fibf" => fibf = args.next().map(PathBuf::from),
            "--workspace" => workspace = args.next().map(PathBuf::from),
            "--file" => file = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            other => panic!("unknown argument {other}"),
        }
    }
    let fibf = fibf.expect("--fibf PATH");
    let workspace = workspace.expect("--workspace DIR").canonicalize().unwrap();
    let file = file.expect("--file FILE").canonicalize().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let size = walk_size(&workspace);
    let file_uri = uri(&file);

    let mut s = Session::start(&fibf);
    s.request(
        0,
        "initialize",
        json!({
        "processId": null, "rootUri": uri(&workspace), "capabilities": {},
        "workspaceFolders": [{"uri": uri(&workspace), "name": "ws"}]}),
    );
    s.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let start = Instant::now();
    s.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": file_uri, "languageId": "fibf", "version": 1, "text": text}}}),
    );
    s.diagnostics(&file_uri, 1);
    let first = start.elapsed();
    let changes = edits(&mut s, &file_uri, text.lines().count() as u32, runs);

    // Completion of an activity ID and hover on one, at the first
    // `activity` line of the file.
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("  activity ").map(|c| (i as u32, c as u32 + 11)))
        .expect("an `activity` line in the file");
    let (mut completions, mut hovers, mut items) = (Vec::new(), Vec::new(), 0);
    for i in 0..runs as i64 {
        let t = Instant::now();
        let r = s.request(
            1000 + i,
            "textDocument/completion",
            json!({
            "textDocument": {"uri": file_uri}, "position": {"line": line, "character": col}}),
        );
        completions.push(t.elapsed());
        items = r["result"]["items"].as_array().map_or(0, Vec::len);
        let t = Instant::now();
        s.request(
            5000 + i,
            "textDocument/hover",
            json!({
            "textDocument": {"uri": file_uri}, "position": {"line": line, "character": col + 2}}),
        );
        hovers.push(t.elapsed());
    }
    let peak_kb = s.status_kb("VmHWM:");
    let resident_kb = s.status_kb("VmRSS:");
    s.request(99_999, "shutdown", Value::Null);
    s.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = s.child.wait();

    println!(
        "workspace: {} ({:.1} MB of .fibf text)",
        workspace.display(),
        size as f64 / 1e6
    );
    println!("first diagnostics after didOpen: {}", ms(first));
    println!(
        "didChange → publishDiagnostics, median of {runs}: {}",
        ms(median(changes))
    );
    println!(
        "completion ({items} items), median: {}",
        ms(median(completions))
    );
    println!("hover, median: {}", ms(median(hovers)));
    println!(
        "peak memory: {:.1} MB ({:.1}x the text); resident at the end: {:.1} MB ({:.1}x)",
        peak_kb as f64 / 1024.0,
        peak_kb as f64 * 1024.0 / size as f64,
        resident_kb as f64 / 1024.0,
        resident_kb as f64 * 1024.0 / size as f64
    );
}

fn walk_size(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            total += walk_size(&p);
        } else if p.extension().is_some_and(|x| x == "fibf") {
            total += e.metadata().map_or(0, |m| m.len());
        }
    }
    total
}
