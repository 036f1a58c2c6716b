//! What the importer builds before writing it out: declarations as keyword,
//! ID, name and lines of fields, with provenance and recorded defects. The
//! writer turns them into `.fibf` text and lays it out with the formatter, so
//! imported files look exactly like hand-formatted ones.

use crate::diag::Code;
use crate::fmt::{format_source, quote};
use crate::model::EntityKind;
use crate::source::FileId;
use crate::syntax::is_word_char;

/// Where a declaration's data was published.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Prov {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub pointer: Option<String>,
}

impl Prov {
    /// `file [sheet] row N` or `file /N`, for messages.
    pub fn describe(&self) -> String {
        let mut s = self.file.clone();
        if let Some(sheet) = &self.sheet {
            s.push_str(&format!(" [{sheet}]"));
        }
        if let Some(row) = self.row {
            s.push_str(&format!(" row {row}"));
        }
        if let Some(p) = &self.pointer {
            s.push_str(&format!(" {p}"));
        }
        if let Some(c) = &self.column {
            s.push_str(&format!(", column {c}"));
        }
        s
    }

    /// The same place, naming a column.
    pub fn at_column(&self, column: &str) -> Prov {
        Prov {
            column: Some(column.to_owned()),
            ..self.clone()
        }
    }

    fn line(&self) -> String {
        let mut s = format!("provenance {}", quote(&self.file));
        if let Some(sheet) = &self.sheet {
            s.push_str(&format!(" sheet {}", quote(sheet)));
        }
        if let Some(row) = self.row {
            s.push_str(&format!(" row {row}"));
        }
        if let Some(c) = &self.column {
            s.push_str(&format!(" column {}", quote(c)));
        }
        if let Some(p) = &self.pointer {
            s.push_str(&format!(" pointer {}", quote(p)));
        }
        s
    }
}

/// A defect kept as published: `@defect([CODE,] "reason")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    pub code: Option<Code>,
    pub reason: String,
}

/// Whether `id` can be written as a word of the language.
pub fn word_safe(id: &str) -> bool {
    !id.is_empty() && id.chars().all(is_word_char)
}

/// An ID that can be written as a word: unsafe characters become `_`, and
/// the caller records that as a defect.
pub fn safe_id(id: &str) -> String {
    id.chars()
        .map(|c| if is_word_char(c) { c } else { '_' })
        .collect()
}

/// A field value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum V {
    Word(String),
    Text(String),
}

impl V {
    fn render(&self) -> String {
        match self {
            // Every source of a word checks it and records a defect for
            // what cannot be one; this only keeps a missed case from
            // writing a file that does not parse (the fuzz build and the
            // tests, which have debug assertions, report it instead).
            V::Word(w) if word_safe(w) => w.clone(),
            V::Word(w) => {
                debug_assert!(false, "{w:?} is not a word");
                safe_id(w)
            }
            V::Text(t) => quote(t),
        }
    }
}

/// One line of a declaration's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub key: &'static str,
    pub values: Vec<V>,
    /// For `event N "..." { ... }`.
    pub block: Vec<Line>,
}

impl Line {
    pub fn words(key: &'static str, words: impl IntoIterator<Item = String>) -> Option<Line> {
        let values: Vec<V> = words
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(V::Word)
            .collect();
        (!values.is_empty()).then_some(Line {
            key,
            values,
            block: Vec::new(),
        })
    }

    pub fn text(key: &'static str, text: &str) -> Option<Line> {
        (!text.is_empty()).then(|| Line {
            key,
            values: vec![V::Text(text.to_owned())],
            block: Vec::new(),
        })
    }

    pub fn texts(key: &'static str, texts: impl IntoIterator<Item = String>) -> Option<Line> {
        let values: Vec<V> = texts.into_iter().map(V::Text).collect();
        (!values.is_empty()).then_some(Line {
            key,
            values,
            block: Vec::new(),
        })
    }

    fn render(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let values: Vec<String> = self.values.iter().map(V::render).collect();
        out.push_str(&pad);
        out.push_str(self.key);
        if !values.is_empty() {
            out.push(' ');
            out.push_str(&values.join(", "));
        }
        if self.block.is_empty() {
            out.push('\n');
        } else {
            out.push_str(" {\n");
            for l in &self.block {
                l.render(indent + 1, out);
            }
            out.push_str(&pad);
            out.push_str("}\n");
        }
    }
}

/// A declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    pub kind: EntityKind,
    pub id: String,
    /// A capability's kind.
    pub word: Option<String>,
    pub name: Option<String>,
    pub lines: Vec<Line>,
    pub provenance: Vec<Prov>,
    pub defects: Vec<Defect>,
}

impl Decl {
    pub fn new(kind: EntityKind, id: impl Into<String>, name: Option<String>) -> Self {
        Decl {
            kind,
            id: id.into(),
            word: None,
            name,
            lines: Vec::new(),
            provenance: Vec::new(),
            defects: Vec::new(),
        }
    }

    pub fn push(&mut self, line: Option<Line>) {
        if let Some(l) = line {
            self.lines.push(l);
        }
    }

    pub fn defect(&mut self, code: Option<Code>, reason: impl Into<String>) {
        let d = Defect {
            code,
            reason: reason.into(),
        };
        if !self.defects.contains(&d) {
            self.defects.push(d);
        }
    }

    fn render(&self, out: &mut String) {
        for d in &self.defects {
            match d.code {
                Some(c) => out.push_str(&format!("@defect({c}, {})\n", quote(&d.reason))),
                None => out.push_str(&format!("@defect({})\n", quote(&d.reason))),
            }
        }
        out.push_str(self.kind.keyword());
        out.push(' ');
        out.push_str(&self.id);
        if let Some(w) = &self.word {
            out.push(' ');
            out.push_str(w);
        }
        if let Some(n) = &self.name {
            out.push(' ');
            out.push_str(&quote(n));
        }
        let mut provs = self.provenance.clone();
        provs.dedup();
        if self.lines.is_empty() && provs.is_empty() {
            out.push('\n');
            return;
        }
        out.push_str(" {\n");
        for l in &self.lines {
            debug_assert!(
                self.kind.info().field(l.key).is_some(),
                "the import writes `{}`, which a {} does not take",
                l.key,
                self.kind.keyword()
            );
            l.render(1, out);
        }
        for p in &provs {
            out.push_str("  ");
            out.push_str(&p.line());
            out.push('\n');
        }
        out.push_str("}\n");
    }
}

/// The text of a `.fibf` file holding `decls`, with a header comment, in the
/// canonical layout.
pub fn write_file(header: &[String], decls: &[Decl]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    for d in decls {
        out.push('\n');
        d.render(&mut out);
    }
    // The generated text is well formed by construction; formatting it
    // gives the same layout `fibf fmt` keeps.
    format_source(FileId(0), &out).unwrap_or(out)
}
