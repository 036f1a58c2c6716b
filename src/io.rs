//! The IO environment: every file `fibf` reads or writes goes through an
//! [`Io`], so that the same pipeline runs on the disk ([`NativeIo`]), on
//! files held in memory ([`MemoryIo`], for tests and for embedding), and on
//! an editor's open buffers over the disk ([`OverlayIo`], for the language
//! server, where unsaved text wins over what is saved).
//!
//! The trait is small on purpose: read a file (up to a limit), what is at a
//! path, walk a directory tree in a fixed order, read standard input, write
//! a file, and the current directory. What a workspace is, which files take
//! part and how their bytes become text is decided above it, once, for
//! every implementation.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

/// What reading a file gave: its bytes, or the size found when it was over
/// the limit (a lower bound for streams, whose size is unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contents {
    /// The whole file.
    Bytes(Vec<u8>),
    /// More than the limit: the size seen.
    TooLarge(u64),
}

/// What is at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file (or, for [`Io::stat`], anything a link points to
    /// that is not a directory).
    File,
    /// A directory.
    Dir,
}

/// One entry met walking a directory tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkEntry {
    /// A regular file.
    File(PathBuf),
    /// A symbolic link below the root (not followed); `to_dir` when it
    /// points to a directory.
    Symlink {
        /// Where the link is.
        path: PathBuf,
        /// Whether it points to a directory.
        to_dir: bool,
    },
    /// An entry that could not be read.
    Error {
        /// The entry, or the root when the entry has no path.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
}

impl WalkEntry {
    /// Where the entry is.
    pub fn path(&self) -> &Path {
        match self {
            WalkEntry::File(path)
            | WalkEntry::Symlink { path, .. }
            | WalkEntry::Error { path, .. } => path,
        }
    }
}

/// The IO environment every reader goes through.
pub trait Io: Send + Sync {
    /// What is at `path`, following links.
    fn stat(&self, path: &Path) -> std::io::Result<Kind>;

    /// The bytes of the file at `path`, or its size when it has more than
    /// `limit` bytes.
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Contents>;

    /// Every file, link and unreadable entry under `root`, depth first with
    /// the entries of each directory in name order. Entries whose name
    /// starts with `.` below the root are skipped with all they hold, and
    /// links are reported, not followed.
    fn walk(&self, root: &Path) -> Vec<WalkEntry>;

    /// Standard input, up to `limit` bytes.
    fn read_stdin(&self, limit: u64) -> std::io::Result<Contents>;

    /// Replace the file at `path` with `bytes`, as a unit.
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;

    /// The directory relative paths start from.
    fn current_dir(&self) -> PathBuf;

    /// The nearest directory at or above `start` (made absolute from the
    /// current directory) that holds a file named `name`.
    fn find_upward(&self, start: &Path, name: &str) -> Option<PathBuf> {
        let start = if start.is_absolute() {
            start.to_path_buf()
        } else {
            self.current_dir().join(start)
        };
        let start = normalize(&start);
        start
            .ancestors()
            .find(|dir| self.stat(&dir.join(name)).is_ok_and(|k| k == Kind::File))
            .map(Path::to_path_buf)
    }
}

/// `path` with `.` and `a/..` taken out, without asking the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Read at most `limit` bytes; [`Contents::TooLarge`] when there is more.
/// `size` (a file's length, when known) sizes the buffer once instead of
/// growing it read by read.
pub fn read_limited(reader: impl Read, limit: u64, size: Option<u64>) -> std::io::Result<Contents> {
    // One byte over the size so the read that finds the end needs no growth.
    let capacity = size.map_or(0, |s| s.min(limit).saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)? as u64;
    Ok(if read > limit {
        Contents::TooLarge(size.unwrap_or(read).max(read))
    } else {
        Contents::Bytes(bytes)
    })
}

/// An I/O error in words, without the "(os error N)" that helps nobody
/// reading a report.
pub fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_owned()
        }
    }
}

/// Whether a walk skips this entry (below its root): hidden files and
/// directories, such as `.git` or an output directory's staging area.
fn hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Sort the entries of one walk into the order of a walk that reads each
/// directory in name order: their paths component by component.
///
/// Every path of a walk starts with its root and is joined from names
/// without separators, so comparing the bytes with each separator made the
/// lowest byte orders them as `Path` does (a directory `a`'s files before
/// a file `a.json`), without parsing components at every comparison.
fn walk_order(entries: &mut [WalkEntry]) {
    entries.sort_by_cached_key(|e| {
        e.path()
            .as_os_str()
            .as_encoded_bytes()
            .iter()
            .map(|&b| {
                if std::path::is_separator(char::from(b)) {
                    0
                } else {
                    b
                }
            })
            .collect::<Vec<u8>>()
    });
}

/// The disk, through `std::fs` and walkdir.
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeIo;

impl Io for NativeIo {
    fn stat(&self, path: &Path) -> std::io::Result<Kind> {
        let meta = std::fs::metadata(path)?;
        Ok(if meta.is_dir() { Kind::Dir } else { Kind::File })
    }

    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Contents> {
        let file = std::fs::File::open(path)?;
        let known = file.metadata().ok().map(|m| m.len());
        read_limited(file, limit, known)
    }

    fn walk(&self, root: &Path) -> Vec<WalkEntry> {
        // Sorted once at the end rather than directory by directory: walkdir's
        // sort compares `Path::file_name`s, which parses each path from its
        // end at every comparison, and that was most of a walk over 10,000
        // offerings. See `walk_order` for the order.
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
        let mut out = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                    let why = e.io_error().map_or_else(|| e.to_string(), reason);
                    out.push(WalkEntry::Error { path, reason: why });
                    continue;
                }
            };
            if entry.path_is_symlink() && entry.depth() > 0 {
                let to_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
                out.push(WalkEntry::Symlink {
                    path: entry.into_path(),
                    to_dir,
                });
            } else if entry.file_type().is_file() {
                out.push(WalkEntry::File(entry.into_path()));
            }
        }
        walk_order(&mut out);
        out
    }

    fn read_stdin(&self, limit: u64) -> std::io::Result<Contents> {
        read_limited(std::io::stdin().lock(), limit, None)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        crate::output::write_file(path, bytes)
    }

    fn current_dir(&self) -> PathBuf {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
    }
}

/// Files held in memory: a map from path to bytes, for tests and for
/// programs that embed the library. Directories are the parents of its
/// files; paths are used as given (relative ones are relative to
/// [`current_dir`](Io::current_dir), `/` unless set).
#[derive(Debug, Default)]
pub struct MemoryIo {
    files: RwLock<BTreeMap<PathBuf, Vec<u8>>>,
    stdin: Vec<u8>,
    cwd: PathBuf,
}

impl MemoryIo {
    /// An empty file system whose current directory is `/`.
    pub fn new() -> Self {
        MemoryIo {
            files: RwLock::default(),
            stdin: Vec::new(),
            cwd: PathBuf::from("/"),
        }
    }

    /// Add (or replace) a file.
    #[must_use]
    pub fn with_file(self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(path, bytes);
        self
    }

    /// What standard input holds.
    #[must_use]
    pub fn with_stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    /// Set the current directory.
    #[must_use]
    pub fn with_current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = dir.into();
        self
    }

    /// Add (or replace) a file.
    pub fn insert(&self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        let key = self.key(path.as_ref());
        self.files
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, bytes.into());
    }

    /// Remove a file; whether there was one.
    pub fn remove(&self, path: impl AsRef<Path>) -> bool {
        let key = self.key(path.as_ref());
        self.files
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key)
            .is_some()
    }

    /// The bytes of a file, if there is one at `path`.
    pub fn get(&self, path: impl AsRef<Path>) -> Option<Vec<u8>> {
        let key = self.key(path.as_ref());
        self.files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned()
    }

    fn key(&self, path: &Path) -> PathBuf {
        normalize(&self.cwd.join(path))
    }
}

fn not_found() -> std::io::Error {
    std::io::Error::from(std::io::ErrorKind::NotFound)
}

impl Io for MemoryIo {
    fn stat(&self, path: &Path) -> std::io::Result<Kind> {
        let key = self.key(path);
        let files = self
            .files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if files.contains_key(&key) {
            return Ok(Kind::File);
        }
        if files.keys().any(|p| p.starts_with(&key)) {
            return Ok(Kind::Dir);
        }
        Err(not_found())
    }

    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Contents> {
        let bytes = self.get(path).ok_or_else(not_found)?;
        read_limited(bytes.as_slice(), limit, Some(bytes.len() as u64))
    }

    fn walk(&self, root: &Path) -> Vec<WalkEntry> {
        let key = self.key(root);
        let files = self
            .files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if files.contains_key(&key) {
            return vec![WalkEntry::File(root.to_path_buf())];
        }
        // Paths under the root in the order a walk meets them: component
        // by component, which is the order of the map's keys, since
        // `Path`'s ordering compares components.
        files
            .keys()
            .filter_map(|p| p.strip_prefix(&key).ok())
            .filter(|rel| !rel.iter().any(hidden))
            .map(|rel| WalkEntry::File(root.join(rel)))
            .collect()
    }

    fn read_stdin(&self, limit: u64) -> std::io::Result<Contents> {
        read_limited(self.stdin.as_slice(), limit, None)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.insert(path, bytes);
        Ok(())
    }

    fn current_dir(&self) -> PathBuf {
        self.cwd.clone()
    }
}

/// Open editor buffers over another environment: a path with a buffer
/// reads as the buffer's text, saved or not, and walks include buffers of
/// files not yet on disk; everything else goes to the environment below.
pub struct OverlayIo<B> {
    base: B,
    buffers: BTreeMap<PathBuf, String>,
}

impl<B: Io> OverlayIo<B> {
    /// No buffers over `base`.
    pub fn new(base: B) -> Self {
        OverlayIo {
            base,
            buffers: BTreeMap::new(),
        }
    }

    /// Open (or update) a buffer: `path` reads as `text` from now on.
    pub fn open(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        let key = self.key(path.as_ref());
        self.buffers.insert(key, text.into());
    }

    /// Close a buffer: `path` reads from the environment below again.
    pub fn close(&mut self, path: impl AsRef<Path>) {
        let key = self.key(path.as_ref());
        self.buffers.remove(&key);
    }

    /// The text of an open buffer.
    pub fn buffer(&self, path: impl AsRef<Path>) -> Option<&str> {
        self.buffers
            .get(&self.key(path.as_ref()))
            .map(String::as_str)
    }

    /// The open buffers, by absolute path.
    pub fn buffers(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.buffers.iter().map(|(p, t)| (p.as_path(), t.as_str()))
    }

    /// The environment below the buffers.
    pub fn base(&self) -> &B {
        &self.base
    }

    fn key(&self, path: &Path) -> PathBuf {
        normalize(&self.base.current_dir().join(path))
    }
}

impl<B: Io> Io for OverlayIo<B> {
    fn stat(&self, path: &Path) -> std::io::Result<Kind> {
        if self.buffers.contains_key(&self.key(path)) {
            return Ok(Kind::File);
        }
        self.base.stat(path)
    }

    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Contents> {
        match self.buffers.get(&self.key(path)) {
            Some(text) => read_limited(text.as_bytes(), limit, Some(text.len() as u64)),
            None => self.base.read(path, limit),
        }
    }

    fn walk(&self, root: &Path) -> Vec<WalkEntry> {
        let mut entries = self.base.walk(root);
        let on_disk: BTreeSet<PathBuf> = entries
            .iter()
            .filter_map(|e| match e {
                WalkEntry::File(p) => Some(self.key(p)),
                WalkEntry::Symlink { .. } | WalkEntry::Error { .. } => None,
            })
            .collect();
        let key = self.key(root);
        let mut added = false;
        for path in self.buffers.keys() {
            if let Ok(rel) = path.strip_prefix(&key)
                && !rel.iter().any(hidden)
                && !on_disk.contains(path)
            {
                entries.push(WalkEntry::File(root.join(rel)));
                added = true;
            }
        }
        if added {
            // Back into walk order: component by component.
            entries.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
        }
        entries
    }

    fn read_stdin(&self, limit: u64) -> std::io::Result<Contents> {
        self.base.read_stdin(limit)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.base.write(path, bytes)
    }

    fn current_dir(&self) -> PathBuf {
        self.base.current_dir()
    }
}

fn entry_path(e: &WalkEntry) -> &Path {
    match e {
        WalkEntry::File(p)
        | WalkEntry::Symlink { path: p, .. }
        | WalkEntry::Error { path: p, .. } => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_walks_in_order_and_skips_hidden_entries() {
        let io = MemoryIo::new()
            .with_file("/ws/b.fibf", "b")
            .with_file("/ws/a/z.fibf", "z")
            .with_file("/ws/.git/x.fibf", "x")
            .with_file("/ws/a.fibf", "a")
            .with_file("/other/c.fibf", "c");
        let walked: Vec<WalkEntry> = io.walk(Path::new("/ws"));
        assert_eq!(
            walked,
            ["/ws/a/z.fibf", "/ws/a.fibf", "/ws/b.fibf"].map(|p| WalkEntry::File(PathBuf::from(p)))
        );
        assert_eq!(io.stat(Path::new("/ws/a")).unwrap(), Kind::Dir);
        assert_eq!(io.stat(Path::new("/ws/a.fibf")).unwrap(), Kind::File);
        assert!(io.stat(Path::new("/nowhere")).is_err());
        assert_eq!(
            io.read(Path::new("/ws/a.fibf"), 0).unwrap(),
            Contents::TooLarge(1)
        );
    }

    #[test]
    fn walk_order_is_the_order_of_paths() {
        let names = [
            "r/a.json", "r/a/x", "r/a-b", "r/a/b/c", "r/ab", "r/a!", "r/é/z", "r/e/z", "r/a/b.c",
            "r/B", "r",
        ];
        let mut entries: Vec<WalkEntry> = names
            .iter()
            .map(|n| WalkEntry::File(PathBuf::from(n)))
            .collect();
        walk_order(&mut entries);
        let mut paths: Vec<&Path> = names.iter().map(Path::new).collect();
        paths.sort();
        let walked: Vec<&Path> = entries.iter().map(WalkEntry::path).collect();
        assert_eq!(walked, paths);
    }

    #[test]
    fn native_and_memory_walk_the_same_order() {
        let tmp = tempfile::tempdir().unwrap();
        let memory = MemoryIo::new();
        for rel in ["a-b.fibf", "a/x.fibf", "a.fibf", "ab/y.fibf", "B.fibf"] {
            let path = tmp.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, rel).unwrap();
            memory.insert(&path, rel);
        }
        assert_eq!(NativeIo.walk(tmp.path()), memory.walk(tmp.path()));
    }

    #[test]
    fn buffers_win_over_the_disk_and_join_walks() {
        let base = MemoryIo::new()
            .with_file("/ws/a.fibf", "saved")
            .with_file("/ws/c.fibf", "c");
        let mut overlay = OverlayIo::new(base);
        overlay.open("/ws/a.fibf", "unsaved");
        overlay.open("/ws/b.fibf", "new");
        fn read(io: &dyn Io, p: &str) -> String {
            match io.read(Path::new(p), 100).unwrap() {
                Contents::Bytes(b) => String::from_utf8(b).unwrap(),
                Contents::TooLarge(_) => unreachable!(),
            }
        }
        assert_eq!(read(&overlay, "/ws/a.fibf"), "unsaved");
        assert_eq!(read(&overlay, "/ws/b.fibf"), "new");
        assert_eq!(
            overlay.walk(Path::new("/ws")),
            ["/ws/a.fibf", "/ws/b.fibf", "/ws/c.fibf"].map(|p| WalkEntry::File(PathBuf::from(p)))
        );
        overlay.close("/ws/a.fibf");
        assert_eq!(read(&overlay, "/ws/a.fibf"), "saved");
    }

    #[test]
    fn find_upward_stops_at_the_nearest_config() {
        let io = MemoryIo::new()
            .with_file("/ws/fibf.toml", "")
            .with_file("/ws/sub/deeper/x.fibf", "")
            .with_current_dir("/ws/sub");
        assert_eq!(
            io.find_upward(Path::new("deeper"), "fibf.toml"),
            Some(PathBuf::from("/ws"))
        );
        assert_eq!(io.find_upward(Path::new("/elsewhere"), "fibf.toml"), None);
    }
}
