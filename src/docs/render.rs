//! The template environment: HTML templates escape every value as HTML,
//! Markdown templates escape every value as Markdown (a custom auto-escape
//! mode with its own formatter), so text from a `.fibf` file can inject
//! neither markup nor script. Links between pages are written by functions
//! that know every entity's page.

use std::fmt::Write as _;
use std::sync::Arc;

use minijinja::value::{Rest, Value};
use minijinja::{AutoEscape, Environment, Error, Output, State};

use super::Format;
use super::site::Site;
use super::targets;

/// Templates, by name; the extension chooses the escaping.
const HTML_TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("templates/html/layout.html")),
    ("chrome.html", include_str!("templates/html/chrome.html")),
    ("macros.html", include_str!("templates/html/macros.html")),
    ("index.html", include_str!("templates/html/index.html")),
    ("area.html", include_str!("templates/html/area.html")),
    (
        "function.html",
        include_str!("templates/html/function.html"),
    ),
    (
        "activity.html",
        include_str!("templates/html/activity.html"),
    ),
    (
        "capability.html",
        include_str!("templates/html/capability.html"),
    ),
    ("element.html", include_str!("templates/html/element.html")),
    ("record.html", include_str!("templates/html/record.html")),
    (
        "use-case.html",
        include_str!("templates/html/use-case.html"),
    ),
    ("metric.html", include_str!("templates/html/metric.html")),
    ("profile.html", include_str!("templates/html/profile.html")),
    (
        "reference.html",
        include_str!("templates/html/reference.html"),
    ),
    ("process.html", include_str!("templates/html/process.html")),
    ("list.html", include_str!("templates/html/list.html")),
    (
        "traceability.html",
        include_str!("templates/html/traceability.html"),
    ),
    (
        "traceability-area.html",
        include_str!("templates/html/traceability-area.html"),
    ),
    ("search.html", include_str!("templates/html/search.html")),
];

const MARKDOWN_TEMPLATES: &[(&str, &str)] = &[
    ("macros.md", include_str!("templates/md/macros.md")),
    ("index.md", include_str!("templates/md/index.md")),
    ("area.md", include_str!("templates/md/area.md")),
    ("function.md", include_str!("templates/md/function.md")),
    ("activity.md", include_str!("templates/md/activity.md")),
    ("capability.md", include_str!("templates/md/capability.md")),
    ("element.md", include_str!("templates/md/element.md")),
    ("record.md", include_str!("templates/md/record.md")),
    ("use-case.md", include_str!("templates/md/use-case.md")),
    ("metric.md", include_str!("templates/md/metric.md")),
    ("profile.md", include_str!("templates/md/profile.md")),
    ("reference.md", include_str!("templates/md/reference.md")),
    ("process.md", include_str!("templates/md/process.md")),
    ("list.md", include_str!("templates/md/list.md")),
    (
        "traceability.md",
        include_str!("templates/md/traceability.md"),
    ),
    (
        "traceability-area.md",
        include_str!("templates/md/traceability-area.md"),
    ),
];

/// The pictures: inline in HTML pages, files beside Markdown pages.
const SVG_TEMPLATES: &[(&str, &str)] = &[
    ("lifecycle.svg", include_str!("templates/svg/lifecycle.svg")),
    ("flow.svg", include_str!("templates/svg/flow.svg")),
    ("trace.svg", include_str!("templates/svg/trace.svg")),
];

const MARKDOWN: &str = "markdown";

/// Markdown's special characters, escaped so text stays text. Line breaks
/// become spaces: every value is an inline run, in a paragraph, a list item
/// or a table cell.
pub fn markdown_escape(s: &str, out: &mut String) {
    let _ = escape_with(s, out, markdown_entity);
}

fn markdown_entity(b: u8) -> Option<&'static str> {
    Some(match b {
        b'\\' => "\\\\",
        b'`' => "\\`",
        b'*' => "\\*",
        b'_' => "\\_",
        b'[' => "\\[",
        b']' => "\\]",
        b'#' => "\\#",
        b'|' => "\\|",
        b'~' => "\\~",
        b'!' => "\\!",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'&' => "&amp;",
        b'\n' | b'\r' => " ",
        _ => return None,
    })
}

/// HTML's five special characters as entities; enough for text and for
/// quoted attribute values (every attribute in the templates is quoted).
pub fn html_escape(s: &str, out: &mut String) {
    let _ = escape_with(s, out, html_entity);
}

fn html_entity(b: u8) -> Option<&'static str> {
    Some(match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => return None,
    })
}

/// `s` with each byte `entity` names replaced, written as runs between
/// them (every page's text passes through here). The special characters
/// are all ASCII, so the runs split `s` at character boundaries.
fn escape_with(
    s: &str,
    out: &mut dyn std::fmt::Write,
    entity: fn(u8) -> Option<&'static str>,
) -> std::fmt::Result {
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if let Some(e) = entity(b) {
            out.write_str(&s[start..i])?;
            out.write_str(e)?;
            start = i + 1;
        }
    }
    out.write_str(&s[start..])
}

/// Call `f` with a value's text: a string's own, anything else's display.
fn with_text<R>(value: &Value, f: impl FnOnce(&str) -> R) -> R {
    match value.as_str() {
        Some(s) => f(s),
        None => f(&value.to_string()),
    }
}

/// The link targets, shared by the functions.
type Targets = Arc<targets::Targets>;

/// The environment for one format, with every template loaded.
pub fn environment(format: Format, site: &Site<'_>) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    if format == Format::Html {
        // Block tags on lines of their own leave no blank lines behind.
        // (Markdown templates place their line breaks by hand.)
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?;
        env.set_syntax(syntax);
    }
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(|name| {
        let ext = std::path::Path::new(name).extension();
        if ext.is_some_and(|x| x.eq_ignore_ascii_case("md")) {
            AutoEscape::Custom(MARKDOWN.into())
        } else if ext
            .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("svg"))
        {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out: &mut Output, state: &mut State, value: &Value| {
        match state.auto_escape() {
            AutoEscape::Custom(name) if name == MARKDOWN && !value.is_safe() => {
                if value.is_none() || value.is_undefined() {
                    return Ok(());
                }
                with_text(value, |s| escape_with(s, out, markdown_entity)).map_err(Error::from)
            }
            _ if value.is_none() => Ok(()),
            AutoEscape::Html if !value.is_safe() => {
                with_text(value, |s| escape_with(s, out, html_entity)).map_err(Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        }
    });
    let targets: Targets = site.targets().clone();
    let t = targets.clone();
    env.add_function(
        "link",
        move |state: &State, id: String, rest: Rest<bool>| {
            link(
                state,
                &t,
                &id,
                rest.first().copied().unwrap_or(false),
                format,
            )
        },
    );
    let t = targets.clone();
    env.add_function(
        "links",
        move |state: &State, ids: Value, rest: Rest<bool>| {
            links(
                state,
                &t,
                &ids,
                rest.first().copied().unwrap_or(false),
                format,
            )
        },
    );
    let t = targets;
    env.add_function("url", move |state: &State, id: String| -> Value {
        match t.get(&id) {
            Some(target) => Value::from(format!("{}{}", root(state), target.url)),
            None => Value::from(()),
        }
    });
    if format == Format::Html {
        env.add_function("meta", |e: Value| meta(&e));
    }
    // `{{ n|plural("capability", "capabilities") }}`: "1 capability".
    env.add_filter("plural", |n: usize, one: String, many: String| {
        format!("{n} {}", if n == 1 { one } else { many })
    });
    let templates = match format {
        Format::Html => HTML_TEMPLATES,
        Format::Markdown => MARKDOWN_TEMPLATES,
    };
    for (name, source) in templates.iter().chain(SVG_TEMPLATES) {
        env.add_template(name, source)?;
    }
    Ok(env)
}

fn root(state: &State) -> String {
    state
        .lookup("root")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Room for one link as `link_into` writes it, so that most links are
/// written without growing their string.
const LINK_SIZE: usize = 96;

/// `link(id)`: a link to the entity's page, its ID as the text (with its
/// name too when `named`). An ID the standard does not have stays plain
/// text: the site never links to a page it does not write.
fn link(state: &State, targets: &Targets, id: &str, named: bool, format: Format) -> Value {
    let mut out = String::with_capacity(LINK_SIZE);
    link_into(&root(state), targets, id, named, format, &mut out);
    Value::from_safe_string(out)
}

/// `links(ids, named=false)`: every ID linked, as a list (HTML) or
/// comma-separated (Markdown), or "none". A function rather than a template
/// macro: pages call it a dozen times each, and a macro call costs more
/// than the rest of a small page.
fn links(state: &State, targets: &Targets, ids: &Value, named: bool, format: Format) -> Value {
    let items: Vec<Value> = if ids.is_true() {
        ids.try_iter().map(Iterator::collect).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut out = String::with_capacity(32 + items.len() * (LINK_SIZE + 9));
    if items.is_empty() {
        out.push_str(match format {
            Format::Html => "<span class=\"none\">none</span>",
            Format::Markdown => "none",
        });
        return Value::from_safe_string(out);
    }
    if format == Format::Html {
        out.push_str("<ul class=\"refs\">");
    }
    let root = root(state);
    for (i, id) in items.iter().enumerate() {
        match format {
            Format::Html => out.push_str("<li>"),
            Format::Markdown if i > 0 => out.push_str(", "),
            Format::Markdown => {}
        }
        with_text(id, |id| {
            link_into(&root, targets, id, named, format, &mut out);
        });
        if format == Format::Html {
            out.push_str("</li>");
        }
    }
    if format == Format::Html {
        out.push_str("</ul>");
    }
    Value::from_safe_string(out)
}

/// `meta(e)` (HTML): an entity's status, description, known defects and
/// where it was published and defined. A function rather than a template
/// macro for the reason `links` is one: every entity page calls it, and the
/// macro call with its dozen lookups cost more than the rest of a small
/// page.
fn meta(e: &Value) -> Value {
    // What `{% if e.field %}` takes for true.
    let field = |v: &Value, name: &str| v.get_attr(name).ok().filter(Value::is_true);
    // What `{{ v }}` writes: nothing for none, as the formatter does.
    let text = |out: &mut String, v: &Value| {
        if !v.is_none() && !v.is_undefined() {
            with_text(v, |s| html_escape(s, out));
        }
    };
    // `{{ v.name }}`.
    let attr = |out: &mut String, v: &Value, name: &str| {
        if let Ok(a) = v.get_attr(name) {
            text(out, &a);
        }
    };
    // `{% if v.name %}before{{ v.name }}after{% endif %}`.
    let optional = |out: &mut String, v: &Value, name: &str, before: &str, after: &str| {
        if let Some(a) = field(v, name) {
            out.push_str(before);
            text(out, &a);
            out.push_str(after);
        }
    };
    let mut out = String::with_capacity(256);
    if let Some(status) = field(e, "status") {
        out.push_str("<p class=\"status status-");
        text(&mut out, &status);
        out.push_str("\">Status: ");
        text(&mut out, &status);
        out.push_str("</p>");
    }
    optional(
        &mut out,
        e,
        "description",
        "<p class=\"description\">",
        "</p>",
    );
    let items = |v: Option<Value>| -> Vec<Value> {
        v.and_then(|v| v.try_iter().ok().map(Iterator::collect))
            .unwrap_or_default()
    };
    let defects = items(field(e, "defects"));
    if !defects.is_empty() {
        out.push_str(concat!(
            "<div class=\"defects\" role=\"note\">\n",
            "  <p><strong>Known defect of the published source</strong>, kept as published:</p>\n",
            "  <ul>"
        ));
        for d in &defects {
            out.push_str("<li>");
            optional(&mut out, d, "code", "<code>", "</code>: ");
            attr(&mut out, d, "reason");
            out.push_str("</li>");
        }
        out.push_str("</ul>\n</div>\n");
    }
    let provenance = items(field(e, "provenance"));
    let location = field(e, "location");
    if provenance.is_empty() && location.is_none() {
        return Value::from_safe_string(out);
    }
    out.push_str("<dl class=\"provenance\">\n");
    for p in &provenance {
        out.push_str("  <dt>Published in</dt>\n  <dd><code>");
        attr(&mut out, p, "file");
        out.push_str("</code>");
        let parts = [
            ("sheet", ", sheet \u{201c}", "\u{201d}"),
            ("row", ", row ", ""),
            ("column", ", column ", ""),
            ("pointer", ", at <code>", "</code>"),
        ];
        for (name, before, after) in parts {
            optional(&mut out, p, name, before, after);
        }
        out.push_str("</dd>\n");
    }
    if let Some(l) = location {
        out.push_str("  <dt>Defined in</dt>\n  <dd><code>");
        attr(&mut out, &l, "file");
        out.push_str("</code>, line ");
        attr(&mut out, &l, "line");
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    Value::from_safe_string(out)
}

/// One link, as `link()` writes it, for pages at `root`.
fn link_into(
    root: &str,
    targets: &Targets,
    id: &str,
    named: bool,
    format: Format,
    out: &mut String,
) {
    let target = targets.get(id);
    let name = target.as_ref().and_then(|t| t.name).filter(|_| named);
    match format {
        Format::Html => match target {
            Some(target) => {
                out.push_str("<a href=\"");
                html_escape(root, out);
                html_escape(target.url, out);
                out.push_str("\">");
                html_escape(id, out);
                out.push_str("</a>");
                if let Some(n) = name {
                    out.push(' ');
                    html_escape(n, out);
                }
            }
            None => html_escape(id, out),
        },
        Format::Markdown => {
            let mut text = String::new();
            markdown_escape(id, &mut text);
            match target {
                Some(target) => {
                    let _ = write!(out, "[{text}]({root}{})", target.url);
                }
                None => out.push_str(&text),
            }
            if let Some(n) = name {
                out.push(' ');
                markdown_escape(n, out);
            }
        }
    }
}
