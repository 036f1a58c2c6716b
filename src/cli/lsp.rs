//! `fibf lsp`: the language server, for editors (see `docs/editors.md`).

use super::Global;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Editors start this command themselves: see docs/editors.md for VS Code, Neovim, Helix, Emacs and Zed.\nThe server speaks the Language Server Protocol on standard input and output and logs to standard error.\nExit codes: 0 after the client's shutdown and exit, 1 when it exits without shutdown."
)]
pub struct Args {
    /// Accepted for editors that pass it; the server always uses standard input and output.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: Args, _global: Global) -> i32 {
    crate::lsp::run_with(super::release_freed_memory)
}
