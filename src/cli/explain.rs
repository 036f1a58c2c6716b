//! `fibf explain [CODE]`: the long explanation of a diagnostic code, or the
//! list of all codes.

use super::output;
use super::{EXIT_OK, EXIT_USAGE, Global};
use crate::diag::Code;
use crate::suggest;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A code such as E0301 (also accepted: `fibf::E0301`, e0301). Without it, every code is listed.
    pub code: Option<String>,
}

pub fn run(args: Args, _global: Global) -> i32 {
    let Some(code) = args.code else {
        let mut out = String::new();
        for c in Code::ALL {
            out.push_str(&format!(
                "{}  {:<8} {}\n",
                c,
                c.severity().as_str(),
                c.title()
            ));
        }
        output::stdout(&out);
        return EXIT_OK;
    };
    match code.parse::<Code>() {
        Ok(c) => {
            output::stdout(c.explanation());
            EXIT_OK
        }
        Err(()) => {
            let wanted = code.trim().trim_start_matches("fibf::").to_uppercase();
            let hint = suggest::best(&wanted, Code::ALL.iter().map(|c| c.as_str()))
                .map(|s| format!("; did you mean {s}?"))
                .unwrap_or_default();
            eprintln!(
                "error: unknown diagnostic code `{code}`{hint}\nhelp: `fibf explain` lists every code"
            );
            EXIT_USAGE
        }
    }
}
