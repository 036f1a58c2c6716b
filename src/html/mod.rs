//! What the HTML reports (`conform --format html`, `diff --format html`)
//! share: a template environment that escapes HTML as the docs site does
//! (the five special characters, nothing else), the `plural` filter, and
//! the stylesheet each page carries inline, so that every report is one
//! file that needs nothing else.

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment, Error, Output, State, Value};

/// The reports' stylesheet, put inline by each template as `style`.
pub const STYLE: &str = include_str!("report.css");

/// An HTML page template, compiled on its first use and kept for the
/// process: a batch, the language server or a fuzz campaign renders many
/// reports, and compiling the template took longer than rendering it.
pub struct Page {
    name: &'static str,
    source: &'static str,
    env: OnceLock<Environment<'static>>,
}

impl Page {
    /// A page named `name` (for messages) from its template `source`.
    pub const fn new(name: &'static str, source: &'static str) -> Self {
        Page {
            name,
            source,
            env: OnceLock::new(),
        }
    }

    /// The page rendered with `ctx` and the stylesheet.
    ///
    /// # Panics
    ///
    /// If the template does not parse or render: templates are compiled
    /// into the binary and tested, so that is a bug of fibf, not of the
    /// input.
    pub fn render(&self, ctx: Value) -> String {
        let env = self.env.get_or_init(|| {
            let mut env = Environment::new();
            env.set_syntax(
                minijinja::syntax::SyntaxConfig::builder()
                    .trim_blocks(true)
                    .lstrip_blocks(true)
                    .build()
                    .expect("the default delimiters"),
            );
            env.set_formatter(format);
            env.add_filter("plural", |n: usize, one: String, many: String| {
                format!("{n} {}", if n == 1 { one } else { many })
            });
            env.add_global("style", Value::from_safe_string(STYLE.to_owned()));
            env.add_template(self.name, self.source)
                .unwrap_or_else(|e| panic!("the HTML template {} failed: {e:#}", self.name));
            env
        });
        env.get_template(self.name)
            .and_then(|t| t.render(ctx))
            .unwrap_or_else(|e| panic!("the HTML template {} failed: {e:#}", self.name))
    }
}

/// HTML's five special characters as entities (minijinja's own escaping
/// also writes `/` as one, which makes paths hard to read in the source).
fn format(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let mut text = String::new();
        match value.as_str() {
            Some(s) => crate::docs::html_escape(s, &mut text),
            None => crate::docs::html_escape(&value.to_string(), &mut text),
        }
        return out.write_str(&text).map_err(Error::from);
    }
    minijinja::escape_formatter(out, state, value)
}
