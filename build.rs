//! Build script: embeds the bundled standards (`standards/`) in the library,
//! so that `fibf conform`, `compile` and `validate` work with only the
//! binary; and records the commit the binary is built from for
//! `fibf --version`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    embed_standards(&manifest, &out);
    commit(&manifest);
}

/// `builtin_standards.rs`: each `.fibf` file and the `fibf.toml` of
/// `standards/`, by path relative to it, in path order.
fn embed_standards(manifest: &Path, out: &Path) {
    let root = manifest.join("standards");
    // A directory: cargo looks at every file under it.
    println!("cargo:rerun-if-changed=standards");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The bundled standards: (path relative to `standards/`, text), in path order.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for rel in &files {
        let abs = root.join(rel);
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            rel.replace('\\', "/"),
            abs.display().to_string()
        );
    }
    code.push_str("];\n");
    std::fs::write(out.join("builtin_standards.rs"), code).expect("OUT_DIR is writable");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, out);
        } else if kind.is_file()
            && (path.extension().is_some_and(|x| x == "fibf") || name == "fibf.toml")
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}

/// `FIBF_COMMIT`: the commit of a Git checkout, or of the package a crate
/// was made from (`.cargo_vcs_info.json`), else `unknown`.
fn commit(manifest: &Path) {
    let git = manifest.join(".git");
    if git.exists() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        if let Ok(head) = std::fs::read_to_string(git.join("HEAD"))
            && let Some(r) = head.trim().strip_prefix("ref: ")
        {
            println!("cargo:rerun-if-changed=.git/{r}");
        }
    }
    let from_git = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(manifest)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let from_package = || {
        let info = std::fs::read_to_string(manifest.join(".cargo_vcs_info.json")).ok()?;
        let at = info.find("\"sha1\"")?;
        let rest = &info[at + 6..];
        let start = rest.find('"')? + 1;
        let sha: String = rest[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        (sha.len() >= 12).then(|| sha[..12].to_owned())
    };
    let commit = from_git
        .or_else(from_package)
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=FIBF_COMMIT={commit}");
}
