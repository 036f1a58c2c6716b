//! The standards this binary was built with: the repository's `standards/`
//! embedded at compile time (see `build.rs`), so that a vendor with only
//! the binary can check an offering, compile the schemas or validate data.
//!
//! Commands find their standards in this order: `--standards PATH`, then
//! the workspace of the nearest `fibf.toml` above the current directory,
//! then `./standards` if it exists, then these. Every report names the
//! standards it used.

use std::path::{Path, PathBuf};

use crate::io::MemoryIo;
use crate::workspace::{self, Analysis, Input, Options};

include!(concat!(env!("OUT_DIR"), "/builtin_standards.rs"));

/// The path the built-in standards are read from (in memory): what their
/// diagnostics and locations name.
pub const ROOT: &str = "built-in";

/// The built-in standards as files in memory, under [`ROOT`].
pub fn io() -> MemoryIo {
    let io = MemoryIo::new();
    for (path, text) in FILES {
        io.insert(Path::new(ROOT).join(path), *text);
    }
    io
}

/// Load and check the built-in standards.
pub fn analyze(opts: Options) -> Analysis {
    workspace::analyze_in(&io(), &Input::Path(PathBuf::from(ROOT)), opts)
}

/// Where a command's standards come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A path given on the command line (or standard input, `-`).
    Given(PathBuf),
    /// The workspace of a `fibf.toml` found above the current directory.
    Found(PathBuf),
    /// The `standards` directory of the current directory.
    Local(PathBuf),
    /// The standards built into the binary.
    BuiltIn,
}

impl Origin {
    /// Where the standards of a command are: `given` if there is one, else
    /// the nearest `fibf.toml` workspace above the current directory, else
    /// `./standards`, else the built-in ones.
    pub fn find(given: Option<&Path>) -> Origin {
        if let Some(p) = given {
            return Origin::Given(p.to_path_buf());
        }
        let io = crate::io::NativeIo;
        if let Some(dir) = crate::io::Io::find_upward(&io, Path::new("."), workspace::CONFIG_FILE) {
            return Origin::Found(dir);
        }
        let local = Path::new("standards");
        if local.is_dir() {
            return Origin::Local(local.to_path_buf());
        }
        Origin::BuiltIn
    }

    /// How reports name it.
    pub fn describe(&self) -> String {
        match self {
            Origin::Given(p) | Origin::Found(p) | Origin::Local(p) => {
                crate::source::display_name(p)
            }
            Origin::BuiltIn => format!("built into fibf {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_standards_check_clean() {
        assert!(FILES.iter().any(|(p, _)| *p == "fibf.toml"));
        let a = analyze(Options::default());
        assert!(a.files > 10);
        let errors: Vec<_> = a.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let model = a.model.unwrap();
        assert_eq!(model.workspace.name.as_deref(), Some("fibf-standards"));
    }
}
