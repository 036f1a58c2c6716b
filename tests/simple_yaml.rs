//! The reader of simple block YAML (the style most offerings are written
//! in) against saphyr: whatever text it reads, it yields saphyr's events
//! with saphyr's spans, and anything else it leaves to saphyr.

use fibf::data::simple_yaml_agrees;
use proptest::prelude::*;

mod common;
use common::proptest_config;

fn read(text: &str) -> bool {
    simple_yaml_agrees(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn reads_the_block_yaml_offerings_are_written_in() {
    for text in [
        "a: 1\n",
        "a: 1",
        "# head\n\nvendor: V 0   # c\nq: \"x y\"\nr: 's'   \nm:\n  # inner\n  k: v\n\n  # trailing\nn:\n- a\n- b\nlast: z",
        // Indentless and indented sequences, compact mappings in them.
        "a:\n- k: 1\n  j: 2\n- k: 3\nb: 1\n",
        "a:\n  - k: 1\n  - x\n# end\n\n",
        "a:\n  -   k: 1\n      j: [x]\n  - \"q\"  # c\n",
        // Empty values, before a key, a comment, the end.
        "a:   # c\nb: 2\n",
        "a:\nb:\n",
        "a:",
        "a: \n  # more\n",
        // Quoted keys and values; a quoted scalar's span takes in the spaces
        // and the comment after it.
        "\"k\": v\n'j' : w\n",
        "z: \"q\"  # c\nw: 'it'\n",
        // Flow collections on one line.
        "a: [ x , \"y\" ,z ]  # c\nb: []\nc: { }\n",
        "a: {support: supported, x: \"%\" }  # c\n",
        "c: {k: [1, 2], \"q\" : 3, m: {n: -1}}\n",
        // Plain scalars with `:`, `#` and brackets inside.
        "url: http://a.example/b#c\nt: a:b\nx: f(1)[2]\nn: -5\nm: -x\n",
        // A `---` opening the document, after comments.
        "# c\n---\na: 1\n",
        "---   # x\n\na: 1\n",
        // Deeper nesting, indented by four.
        "a:\n    b:\n        c:\n        - 1\n        - 2\n    d: e\nf: g\n",
        // Typed plain scalars.
        "a: ~\nb: true\nc: 0x1F\nd: 1e3\ne: 0o-1\nf: null\n",
    ] {
        assert!(read(text), "{text:?} was left to saphyr");
    }
}

#[test]
fn leaves_everything_else_to_saphyr() {
    for text in [
        "",
        "# only a comment\n",
        "- a\n- b\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a:\tb\n",
        "a: 1\r\nb: 2\r\n",
        "a: caf\u{e9}\n",
        "a: \"x\\ny\"\n",
        "a: 'it''s'\n",
        "a: \"open\n",
        "a: two\n  lines\n",
        "a: b: c\n",
        "a: [x,\n  y]\n",
        "a: [x, ]\n",
        "a: [x, -]\n",
        "? complex\n: key\n",
        "[a]: 1\n",
        "a:\n  - - nested\n",
        "a:\n  -\n    b: 1\n",
        "a: 1\n - b\n",
        "a:\n  b: 1\n c: 2\n",
        "a: 1\nb\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: @x\n",
        "a: {b}\n",
        "a: {b: }\n",
        "a: {\"b\":1}\n",
    ] {
        assert!(!read(text), "{text:?} was read, not left to saphyr");
    }
    // saphyr refuses keys past 1,024 characters.
    assert!(!read(&format!("{}: 1\n", "k".repeat(1001))));
    assert!(read(&format!("{}: 1\n", "k".repeat(1000))));
    // Nesting past the data limit is left to saphyr, which reports it.
    let deep: String = (0..200).fold(String::new(), |mut s, i| {
        s.push_str(&" ".repeat(i));
        s.push_str("k:\n");
        s
    });
    assert!(!read(&deep));
}

/// A node of the simple subset.
#[derive(Clone, Debug)]
enum Node {
    Scalar(&'static str),
    Flow(String),
    Map(Vec<Node>),
    Seq(Vec<Node>),
}

const SCALARS: &[&str] = &[
    "1",
    "x y",
    "V 0   # c",
    "'q'",
    "'q'  # c",
    "\"d\"",
    "\"d\"   ",
    "~",
    "0x1F",
    "-7",
    "2.5",
    "true",
    "http://a.example/b#c",
    "a:b",
    "f(1)[2]",
    "-x",
    "",
    "# only a comment",
];

const FLOWS: &[&str] = &[
    "[]",
    "[ ]",
    "{}",
    "[a, 'b', \"c\"]",
    "[ x , \"y\" ,z ]  # c",
    "{k: v, \"q\" : 3}",
    "{a: [1, 2], b: {c: d}}",
    "[ [ ] , { } ]",
];

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        4 => prop::sample::select(SCALARS).prop_map(Node::Scalar),
        1 => prop::sample::select(FLOWS).prop_map(|f| Node::Flow(f.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..8).prop_map(Node::Map),
            prop::collection::vec(inner, 1..5).prop_map(Node::Seq),
        ]
    })
}

/// How a document is laid out.
/// How a generated YAML document is written: each flag one habit.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Debug)]
struct Style {
    step: usize,
    indentless: bool,
    quoted_keys: bool,
    comments: bool,
    marker: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop::sample::select(vec![1usize, 2, 4]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(step, indentless, quoted_keys, comments, marker)| Style {
            step,
            indentless,
            quoted_keys,
            comments,
            marker,
        })
}

/// Write a mapping's entries at `indent`; the first one without its
/// indentation when it follows a sequence's `- `.
fn render_map(entries: &[Node], indent: usize, inline_first: bool, s: &Style, out: &mut String) {
    for (i, value) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            if s.comments && i % 3 == 1 {
                out.push_str(&format!("{}# between\n\n", " ".repeat(indent + i % 2)));
            }
            out.push_str(&" ".repeat(indent));
        }
        match (s.quoted_keys, i % 3) {
            (true, 1) => out.push_str(&format!("\"k{i}\":")),
            (true, 2) => out.push_str(&format!("'k {i}' :")),
            _ => out.push_str(&format!("k{i}:")),
        }
        render_value(value, indent, true, s, out);
    }
}

/// Write `value` after a key's `:` (or a sequence's `-`) in a collection
/// at `indent`.
fn render_value(value: &Node, indent: usize, in_map: bool, s: &Style, out: &mut String) {
    match value {
        // An item with no value on its line is not in the subset.
        Node::Scalar(text) if !in_map && (text.is_empty() || text.starts_with('#')) => {
            out.push_str(" x\n");
        }
        Node::Scalar(text) => out.push_str(&format!(" {text}\n")),
        Node::Flow(text) => out.push_str(&format!(" {text}\n")),
        Node::Map(entries) if in_map => {
            out.push_str(if s.comments { "  # nested\n" } else { "\n" });
            render_map(entries, indent + s.step, false, s, out);
        }
        Node::Map(entries) => {
            out.push(' ');
            render_map(entries, indent + 2, true, s, out);
        }
        Node::Seq(items) if in_map => {
            out.push('\n');
            let at = if s.indentless {
                indent
            } else {
                indent + s.step
            };
            for item in items {
                out.push_str(&format!("{}-", " ".repeat(at)));
                render_value(item, at, false, s, out);
            }
        }
        // A sequence right in a sequence is not in the subset.
        Node::Seq(_) => out.push_str(" [a, b]\n"),
    }
}

fn render(entries: &[Node], s: &Style) -> String {
    let mut out = String::new();
    if s.comments {
        out.push_str("# an offering\n\n");
    }
    if s.marker {
        out.push_str("---\n");
    }
    render_map(entries, 0, false, s, &mut out);
    out
}

proptest! {
    #![proptest_config(proptest_config(1024))]

    #[test]
    fn generated_documents_are_read_as_saphyr_reads_them(
        entries in prop::collection::vec(node(), 1..10),
        style in style(),
    ) {
        let text = render(&entries, &style);
        prop_assert!(read(&text), "{} was left to saphyr", text);
    }

    #[test]
    fn broken_documents_are_left_to_saphyr_or_read_as_it_reads_them(
        entries in prop::collection::vec(node(), 1..6),
        style in style(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b" -:#[]{},'\"\n\tx?&".to_vec()), any::<bool>()),
            1..4,
        ),
    ) {
        let mut bytes = render(&entries, &style).into_bytes();
        for (at, byte, delete) in edits {
            let i = at.index(bytes.len() + 1);
            if delete && i < bytes.len() {
                bytes.remove(i);
            } else {
                bytes.insert(i, byte);
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            read(&text);
        }
    }

    #[test]
    fn any_text_is_left_to_saphyr_or_read_as_it_reads_it(
        tokens in prop::collection::vec(prop::sample::select(vec![
            "a", "b: ", ":", ": ", "\n", " ", "  ", "- ", "-", "[", "]", "{", "}", ",", ", ",
            "'q'", "'", "\"d\"", "\"", "#", " # c", "1", "~", "---", "...", "?", "&", "*",
        ]), 0..40),
    ) {
        read(&tokens.concat());
    }
}
