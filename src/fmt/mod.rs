//! The canonical layout of `.fibf` files (`fibf fmt`).
//!
//! Formatting works on the syntax tree, so it applies to any file that parses,
//! even one with model errors, and it keeps every comment: a comment on its own
//! line stays above the item it precedes (and moves with it), a comment at the
//! end of a line stays at the end of that item's line, a comment inside a
//! value list that spans lines goes above the item. The layout:
//!
//! - declarations in the order written, one blank line between them;
//! - fields in a fixed order per kind of entity (repeated fields such as
//!   `event`, `field` or `value` keep their relative order), indented by two
//!   spaces, no blank lines inside blocks, empty blocks dropped;
//! - lists separated by `, ` and wrapped at 100 columns, continuation lines
//!   aligned after the key;
//! - a text that does not fit on its line becomes a `"""` text block wrapped
//!   at 100 columns; a text block that fits on one line becomes a string.
//!
//! Text blocks fold (see `syntax::text::fold`), so rewrapping never changes a
//! value; every rewrap is checked by folding it back, and a value that would
//! not survive is written as a one-line string with escapes instead.

mod batch;

use std::ops::Range;

use crate::model::{EntityKind, FieldInfo};
use crate::source::FileId;
use crate::syntax::ast::{self, ValueKind};
use crate::syntax::{self, SyntaxError, scan, text};

pub use batch::{FileOutcome, format_file, format_workspace, write_changes};

/// The line width the layout aims for.
pub const WIDTH: usize = 100;

const INDENT: &str = "  ";

/// Format a source text. Fails only on syntax errors.
pub fn format_source(file: FileId, src: &str) -> Result<String, Vec<SyntaxError>> {
    let parsed = syntax::parse(file, src)?;
    let comments = scan::comments(src);
    let mut cursor = Comments {
        src,
        ranges: &comments,
        next: 0,
    };
    let (nodes, trailer) = cursor.attach(&parsed.items, src.len());
    let mut out = Printer::default();
    for (i, node) in nodes.iter().enumerate() {
        if i > 0 {
            out.blank();
        }
        out.node(node, 0, None);
    }
    if !trailer.is_empty() {
        if !nodes.is_empty() {
            out.blank();
        }
        out.comments(&trailer, 0);
    }
    Ok(out.finish())
}

/// A comment and whether a blank line follows it in the source.
#[derive(Debug, Clone)]
struct Comment {
    text: String,
    blank_after: bool,
}

/// `@name(args)`, with the comments on the lines above it (after the
/// previous attribute) and at the end of its line.
#[derive(Debug)]
struct Attr {
    before: Vec<Comment>,
    text: String,
    trailing: Option<String>,
}

/// An item with its comments attached.
#[derive(Debug)]
struct Node {
    leading: Vec<Comment>,
    attributes: Vec<Attr>,
    /// Comments between the attributes and the key, between the key and
    /// `{`, or inside a value list that spans lines: printed just above
    /// the key's line.
    before_key: Vec<Comment>,
    key: String,
    values: Vec<Val>,
    block: Option<Block>,
    /// A comment at the end of the item's line (for a block, the `{` line).
    trailing: Option<String>,
    /// A comment after the block's closing `}`.
    closing: Option<String>,
}

#[derive(Debug)]
struct Block {
    items: Vec<Node>,
    /// Comments after the last item, before `}`.
    trailer: Vec<Comment>,
}

#[derive(Debug)]
struct Val {
    kind: ValueKind,
    text: String,
}

struct Comments<'a> {
    src: &'a str,
    ranges: &'a [Range<usize>],
    next: usize,
}

impl Comments<'_> {
    fn peek_before(&self, limit: usize) -> Option<Range<usize>> {
        self.ranges
            .get(self.next)
            .filter(|r| r.start < limit)
            .cloned()
    }

    fn take(&mut self) -> Comment {
        let r = self.ranges[self.next].clone();
        self.next += 1;
        let rest = &self.src[r.end..];
        let following = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        let blank_after = rest[..following].matches('\n').count() >= 2;
        Comment {
            text: self.src[r].trim_end().to_owned(),
            blank_after,
        }
    }

    /// The next comment, if it starts on the same line as `from` (and before
    /// `limit`).
    fn same_line(&mut self, from: usize, limit: usize) -> Option<String> {
        let r = self.peek_before(limit)?;
        (r.start >= from && !self.src[from..r.start].contains('\n')).then(|| self.take().text)
    }

    fn take_all_before(&mut self, limit: usize) -> Vec<Comment> {
        let mut out = Vec::new();
        while self.peek_before(limit).is_some() {
            out.push(self.take());
        }
        out
    }

    /// Attach the comments before `limit` to `items`; the rest before the
    /// limit become the trailer.
    fn attach(&mut self, items: &[ast::Item<'_>], limit: usize) -> (Vec<Node>, Vec<Comment>) {
        let mut nodes = Vec::with_capacity(items.len());
        for item in items {
            let start = item
                .attributes
                .first()
                .map_or(item.span.start, |a| a.span.start) as usize;
            let leading = self.take_all_before(start);
            let mut attributes = Vec::with_capacity(item.attributes.len());
            for a in &item.attributes {
                let before = self.take_all_before(a.span.start as usize);
                let args: Vec<String> = a.values.iter().map(|v| inline(&convert(v))).collect();
                let text = if args.is_empty() {
                    format!("@{}", a.name.text)
                } else {
                    format!("@{}({})", a.name.text, args.join(", "))
                };
                let trailing = self.same_line(a.span.end as usize, item.span.start as usize);
                attributes.push(Attr {
                    before,
                    text,
                    trailing,
                });
            }
            let mut before_key = self.take_all_before(item.span.start as usize);
            let (block, trailing) = match &item.block {
                Some(b) => {
                    // Comments between the key and `{` go above the key, so
                    // they stay outside the block on every run.
                    before_key.extend(self.take_all_before(b.span.start as usize));
                    let trailing = self.same_line(b.span.start as usize + 1, b.span.end as usize);
                    let (children, trailer) = self.attach(&b.items, b.span.end as usize);
                    (
                        Some(Block {
                            items: children,
                            trailer,
                        }),
                        trailing,
                    )
                }
                None => {
                    // Comments inside a value list that spans lines go above
                    // the item, where they stay on every run: printed after
                    // it, the next run took them for the next item's (or the
                    // file's last) comments, a blank line away.
                    before_key.extend(self.take_all_before(item.span.end as usize));
                    (None, self.same_line(item.span.end as usize, limit))
                }
            };
            let closing = if item.block.is_some() {
                self.same_line(item.span.end as usize, limit)
            } else {
                None
            };
            nodes.push(Node {
                leading,
                attributes,
                before_key,
                key: item.key.text.to_owned(),
                values: item.values.iter().map(convert).collect(),
                block,
                trailing,
                closing,
            });
        }
        let trailer = self.take_all_before(limit);
        (nodes, trailer)
    }
}

fn convert(v: &ast::Value<'_>) -> Val {
    Val {
        kind: v.kind,
        text: v.text.clone().into_owned(),
    }
}

/// A value on one line: words as written, texts as escaped strings.
fn inline(v: &Val) -> String {
    match v.kind {
        ValueKind::Word | ValueKind::Op => v.text.clone(),
        ValueKind::String | ValueKind::Text => quote(&v.text),
    }
}

/// A `"..."` literal for any text.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The lines of a text block holding `value` with its content indented by
/// `indent`, or `None` if folding them would not give `value` back.
pub fn text_block(value: &str, indent: usize) -> Option<Vec<String>> {
    if value.is_empty() || value.contains("\"\"\"") {
        return None;
    }
    let pad = " ".repeat(indent);
    let width = WIDTH.saturating_sub(indent).max(40);
    let mut lines = Vec::new();
    for (p, paragraph) in value.split("\n\n").enumerate() {
        if p > 0 {
            lines.push(String::new());
        }
        for line in paragraph.split('\n') {
            let list = text::is_list_item(line);
            let mut current = String::new();
            // Whether the current line holds nothing but its indentation.
            let mut fresh = true;
            for word in line.split(' ') {
                if !fresh && current.len() + 1 + word.len() > width {
                    lines.push(format!("{pad}{current}"));
                    // Continuation lines of a list item are indented further;
                    // folding trims them, so the value is unchanged.
                    current = if list { "  ".to_owned() } else { String::new() };
                    fresh = true;
                }
                if !fresh {
                    current.push(' ');
                }
                current.push_str(word);
                fresh = false;
            }
            lines.push(format!("{pad}{current}"));
        }
    }
    let body = lines.join("\n");
    (text::fold(&body) == value).then_some(lines)
}

/// The fields a node's block takes, in canonical order: a declaration's
/// from its kind's descriptor, a nested block's (an event's, a type's) from
/// the field's; none for what is not known.
fn block_fields(node: &Node, field: Option<&'static FieldInfo>) -> &'static [FieldInfo] {
    match field {
        Some(f) => f.nested,
        None => EntityKind::from_keyword(&node.key).map_or(&[], |k| k.info().fields),
    }
}

#[derive(Default)]
struct Printer {
    out: String,
}

impl Printer {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn comments(&mut self, comments: &[Comment], indent: usize) {
        for (i, c) in comments.iter().enumerate() {
            self.line(indent, &c.text);
            if c.blank_after && i + 1 < comments.len() {
                self.blank();
            }
        }
    }

    /// Print a node; `field` is its descriptor when it is a field of a
    /// known block (`None` for a declaration).
    fn node(&mut self, node: &Node, indent: usize, field: Option<&'static FieldInfo>) {
        self.comments(&node.leading, indent);
        if node.leading.last().is_some_and(|c| c.blank_after) && indent == 0 {
            self.blank();
        }
        for a in &node.attributes {
            self.comments(&a.before, indent);
            match &a.trailing {
                Some(c) => self.line(indent, &format!("{}  {c}", a.text)),
                None => self.line(indent, &a.text),
            }
        }
        self.comments(&node.before_key, indent);
        let has_block = node.block.as_ref().is_some_and(|b| {
            !b.items.is_empty() || !b.trailer.is_empty() || node.closing.is_some()
        });
        let list = field.is_some_and(|f| f.shape.is_list());
        let head_lines = Self::head(node, indent, has_block, list);
        let n = head_lines.len();
        for (i, l) in head_lines.into_iter().enumerate() {
            // A trailing comment goes on the line that ends the item; for a
            // block, that is the opening line (it was at `{` or `}`).
            let last = if has_block { i == 0 } else { i + 1 == n };
            match (&node.trailing, last) {
                (Some(c), true) => self.out.push_str(&format!("{l}  {c}\n")),
                _ => self.out.push_str(&format!("{l}\n")),
            }
        }
        if has_block {
            let block = node.block.as_ref().expect("checked above");
            // Declarations order their fields; nested blocks (events, types)
            // order theirs.
            let fields = block_fields(node, field);
            for child in sorted(&block.items, fields) {
                let described = fields.iter().find(|f| f.key == child.key);
                self.node(child, indent + 1, described);
            }
            self.comments(&block.trailer, indent + 1);
            match &node.closing {
                Some(c) => self.line(indent, &format!("}}  {c}")),
                None => self.line(indent, "}"),
            }
        }
    }

    /// The lines of an item up to (and including) `{`, already indented.
    fn head(node: &Node, indent: usize, has_block: bool, list: bool) -> Vec<String> {
        let pad = INDENT.repeat(indent);
        let open = if has_block { " {" } else { "" };
        // One long text: a text block.
        if let [v] = node.values.as_slice()
            && matches!(v.kind, ValueKind::String | ValueKind::Text)
            && !has_block
        {
            let single = format!("{pad}{} {}", node.key, quote(&v.text));
            if single.chars().count() <= WIDTH {
                return vec![single];
            }
            if let Some(lines) = text_block(&v.text, (indent + 1) * INDENT.len()) {
                let mut out = vec![format!("{pad}{} \"\"\"", node.key)];
                out.extend(lines);
                out.push(format!("{pad}\"\"\""));
                return out;
            }
            return vec![single];
        }
        let parts: Vec<String> = node.values.iter().map(inline).collect();
        if parts.is_empty() {
            return vec![format!("{pad}{}{open}", node.key)];
        }
        let sep = if list { ", " } else { " " };
        let single = format!("{pad}{} {}{open}", node.key, parts.join(sep));
        if single.chars().count() <= WIDTH || !list {
            return vec![single];
        }
        // Wrap the list after commas, aligned after the key.
        let hang = " ".repeat(pad.len() + node.key.len() + 1);
        let mut lines = Vec::new();
        let mut current = format!("{pad}{} ", node.key);
        let mut at_start = true;
        for (i, p) in parts.iter().enumerate() {
            let piece = if i + 1 < parts.len() {
                format!("{p},")
            } else {
                p.clone()
            };
            if !at_start && current.chars().count() + 1 + piece.chars().count() > WIDTH {
                lines.push(current.trim_end().to_owned());
                current.clone_from(&hang);
                at_start = true;
            }
            if !at_start {
                current.push(' ');
            }
            current.push_str(&piece);
            at_start = false;
        }
        current.push_str(open);
        lines.push(current);
        lines
    }

    fn finish(self) -> String {
        let mut out = self.out;
        while out.ends_with("\n\n") {
            out.pop();
        }
        if out == "\n" {
            out.clear();
        }
        out
    }
}

/// Items in the canonical order: keys in `order` first, in that order, then
/// the others as written; equal keys keep their order.
fn sorted<'a>(items: &'a [Node], order: &[FieldInfo]) -> Vec<&'a Node> {
    let rank = |n: &Node| {
        order
            .iter()
            .position(|f| f.key == n.key)
            .unwrap_or(order.len())
    };
    let mut v: Vec<&Node> = items.iter().collect();
    v.sort_by_key(|n| rank(n));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        format_source(FileId(0), src).unwrap()
    }

    #[test]
    fn orders_fields_and_keeps_comments() {
        let src = "# header\n\n# about GRM\narea GRM \"Grants\" {   # trailing\n  status final\n  # the lead\n  lead \"HHS\"\n\n}\n# end\n";
        let expected = "# header\n\n# about GRM\narea GRM \"Grants\" {  # trailing\n  # the lead\n  lead \"HHS\"\n  status final\n}\n\n# end\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected);
    }

    #[test]
    fn wraps_long_text_into_blocks_and_back() {
        let long = "word ".repeat(30).trim_end().to_owned();
        let src = format!("area GRM \"G\" {{\n  description \"{long}\"\n}}\n");
        let out = fmt(&src);
        assert!(out.contains("description \"\"\"\n    word word"), "{out}");
        assert_eq!(fmt(&out), out);
        let short = "area GRM \"G\" {\n  description \"\"\"\n    short\n  \"\"\"\n}\n";
        assert_eq!(fmt(short), "area GRM \"G\" {\n  description \"short\"\n}\n");
    }

    #[test]
    fn lists_get_commas_and_wrap() {
        let ids: Vec<String> = (0..20).map(|i| format!("REF-{i:03}")).collect();
        let src = format!("capability X.1 {{\n  references {}\n}}\n", ids.join(" "));
        let out = fmt(&src);
        assert!(out.contains("references REF-000, REF-001,"), "{out}");
        assert!(out.lines().all(|l| l.len() <= WIDTH), "{out}");
        assert!(
            out.contains("\n             REF-0"),
            "continuation aligned: {out}"
        );
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn comments_inside_a_value_list_go_above_the_item_on_every_run() {
        // At the top level, last or not; and in a block.
        for (src, expected) in [
            (
                "area A \"a\"\ncapability X.1 {\n  references R-1,\n  # pending\n  R-2\n}\n",
                "area A \"a\"\n\ncapability X.1 {\n  # pending\n  references R-1, R-2\n}\n",
            ),
            ("x a,  # one\n  b\ny c\n", "# one\nx a b\n\ny c\n"),
            ("x a,\n  # one\n\n  # two\n  b\n", "# one\n\n# two\nx a b\n"),
        ] {
            let once = fmt(src);
            assert_eq!(once, expected, "{src:?}");
            assert_eq!(fmt(&once), once, "{src:?}");
        }
    }

    #[test]
    fn values_that_cannot_fold_stay_strings() {
        let src = "area GRM \"G\" {\n  description \"two  spaces and a\\nbreak that is long enough to need wrapping if it could be wrapped at all here\"\n}\n";
        let out = fmt(src);
        assert!(out.contains("description \"two  spaces"), "{out}");
    }

    #[test]
    fn empty_blocks_are_dropped_and_nested_blocks_ordered() {
        let src = "usecase U \"u\" {\n  event 1 \"e\" {\n    intersects ACQ\n    activity A.010.010\n  }\n  actors \"x\"\n}\narea A \"a\" { }\n";
        let out = fmt(src);
        assert_eq!(
            out,
            "usecase U \"u\" {\n  actors \"x\"\n  event 1 \"e\" {\n    activity A.010.010\n    intersects ACQ\n  }\n}\n\narea A \"a\"\n"
        );
    }
}
