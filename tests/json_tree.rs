//! The borrowed JSON tree `fibf conform` reads offerings into, against
//! `serde_json`: whatever text the tree takes, `serde_json` takes too and reads
//! as the same value (keys in the same order, numbers of the same kind),
//! and a validator reading the tree reports what one reading the
//! `serde_json::Value` reports. YAML read straight into the tree is the
//! value `fibf validate`'s YAML reader makes of the same text.

use fibf::data::tree::{Tree, TreeJson, TreeNode};
use fibf::data::{DataError, Format};
use proptest::prelude::*;
use serde_json::Value;

mod common;
use common::proptest_config;

/// Both readings of `text`, compared; whether the tree took it.
fn agree(text: &str) -> bool {
    let serde: Result<Value, _> = serde_json::from_str(text);
    match Tree::parse(text) {
        Some(tree) => {
            let serde = serde.unwrap_or_else(|e| panic!("the tree took {text:?}, serde_json: {e}"));
            // Serialized, so that key order and number kinds count.
            assert_eq!(
                serde_json::to_string(&tree.root().to_value()).unwrap(),
                serde_json::to_string(&serde).unwrap(),
                "{text:?}"
            );
            true
        }
        None => false,
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "12",
        "-12",
        "1.0",
        "1.5e3",
        "2E-2",
        "-0.0",
        "18446744073709551615",
        "18446744073709551616",
        "9999999999999999999",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "0.1",
        r#""""#,
        r#""plain""#,
        r#""é — ünïcode 🦀""#,
        r#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83e\udd80""#,
        "[]",
        "{}",
        " [ 1 , [ ] , { } , \"x\" ] ",
        "{\"a\": 1, \"b\": {\"c\": [true, null]}}",
        "\n\t{\r\n\"k\"\t:\n\"v\"\r}\n",
        // A repeated key keeps its first place and its last value.
        r#"{"a": 1, "b": 2, "a": 3}"#,
        r#"{"a": {"x": 1}, "a": [2], "c": 0, "a": "last"}"#,
        r#"{"\u0061": 1, "a": 2}"#,
    ] {
        assert!(agree(text), "the tree left {text:?} to serde_json");
    }
}

#[test]
fn leaves_errors_to_serde_json() {
    for text in [
        "",
        " ",
        "nul",
        "truex",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "{a: 1}",
        "\"unterminated",
        "\"tab\there\"",
        "\"bad \\x escape\"",
        "\"lone \\ud800 surrogate\"",
        "[] []",
        "\u{feff}{}",
        "{\"a\": NaN}",
        // Out of a float's range.
        "1e400",
    ] {
        assert!(Tree::parse(text).is_none(), "the tree took {text:?}");
        assert!(serde_json::from_str::<Value>(text).is_err(), "{text:?}");
    }
}

#[test]
fn nesting_past_the_limit_is_left_to_serde_json() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // serde_json refuses MAX_DEPTH levels, so the tree does too.
    assert!(agree(&deep(fibf::data::MAX_DEPTH - 1)));
    assert!(Tree::parse(&deep(fibf::data::MAX_DEPTH)).is_none());
}

#[test]
fn finds_members_of_small_and_large_objects() {
    for n in [1, 5, 12, 13, 40, 300] {
        // Keys out of order, so a sorted index is needed to find them.
        let keys: Vec<String> = (0..n).map(|i| format!("k{}", (i * 7919) % 1000)).collect();
        let body: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("\"{k}\": {i}"))
            .collect();
        // The fourth key again, which keeps its place and takes this value.
        let again = match keys.get(3) {
            Some(k) => format!(", \"{k}\": \"again\""),
            None => String::new(),
        };
        let text = format!("{{{}{again}}}", body.join(", "));
        assert!(agree(&text));
        let tree = Tree::parse(&text).unwrap();
        let root = tree.root();
        for (i, k) in keys.iter().enumerate() {
            let v = root.get(k).unwrap_or_else(|| panic!("{k} of {n}"));
            if i == 3 {
                assert_eq!(v.as_str(), Some("again"));
            } else {
                assert_eq!(v.as_u64(), Some(i as u64), "{k} of {n}");
            }
        }
        assert!(root.get("absent").is_none());
        assert_eq!(root.members().len(), n);
        let order: Vec<&str> = root.members().map(|(k, _)| k).collect();
        assert_eq!(order, keys);
    }
}

/// Findings are placed from the tree where the parser read it: at the
/// places the scan of the text finds, for every pointer into these texts
/// and for pointers that lead nowhere; a tree whose keys repeat leaves it
/// to the scan.
#[test]
fn places_values_where_the_scan_of_the_text_does() {
    for text in [
        " 1 ",
        "[]",
        " [ ] ",
        "{}",
        r#"{"a": [], "b": [1, [2, {"c": "d"}]], "e\"f": {"": null}}"#,
        "{\n  \"capabilities\": {\n    \"X.1\": {\"support\": \"supported\"}\n  },\n  \"n\": -1.5e3\n}\n",
        r#"{"\u00e9": "é", "k": "v\\"}"#,
    ] {
        assert_eq!(fibf::data::tree_places_agree(text), Ok(()), "{text}");
        assert!(Tree::parse(text).unwrap().is_placed(), "{text}");
    }
    // Positions are checked directly too, not only against the scan.
    let text = r#"{"a": {"b": [10, "x"]}}"#;
    let tree = Tree::parse(text).unwrap();
    let at = |p: &[&str]| {
        let segments: Vec<String> = p.iter().map(|s| (*s).to_owned()).collect();
        tree.locate(&segments)
            .map(|l| (l.key.map(|k| &text[k]), &text[l.value]))
    };
    assert_eq!(at(&["a", "b", "1"]), Some((None, r#""x""#)));
    assert_eq!(at(&["a", "b"]), Some((Some(r#""b""#), r#"[10, "x"]"#)));
    assert_eq!(at(&[]), Some((None, text)));
    assert_eq!(at(&["a", "zz"]), None);
    let repeated = Tree::parse(r#"{"a": 1, "a": 2}"#).unwrap();
    assert!(!repeated.is_placed());
    assert_eq!(repeated.locate(&["a".to_owned()]), None);
}

#[test]
fn strings_without_escapes_are_borrowed_from_the_text() {
    let text = r#"{"plain": "in place", "escaped": "a\nb"}"#;
    let tree = Tree::parse(text).unwrap();
    let plain = tree.root().get("plain").and_then(|v| v.as_str()).unwrap();
    let range = text.as_bytes().as_ptr_range();
    assert!(range.contains(&plain.as_ptr()));
    assert_eq!(
        tree.root().get("escaped").and_then(|v| v.as_str()),
        Some("a\nb")
    );
}

#[test]
fn a_value_read_by_serde_json_converts() {
    let value: Value =
        serde_json::from_str(r#"{"b": [1, 2.5, "x", null, {"c": false}], "a": {}}"#).unwrap();
    let tree = Tree::from_value(&value);
    assert_eq!(tree.root().to_value(), value);
    assert_eq!(
        serde_json::to_string(&tree.root().to_value()).unwrap(),
        serde_json::to_string(&value).unwrap()
    );
}

/// The errors of validating `text` against `schema`, as paths and
/// messages, through the tree and through `serde_json::Value`.
fn errors_both_ways(schema: &Value, text: &str) -> (Vec<String>, Vec<String>) {
    let show = |e: jsonschema::ValidationError| format!("{} {}", e.instance_path(), e);
    let value: Value = serde_json::from_str(text).unwrap();
    let tree = Tree::parse(text).unwrap();
    let by_value = fibf::schema::validator(schema).unwrap();
    let by_tree = fibf::schema::validator_for::<TreeJson>(schema).unwrap();
    let node: TreeNode = tree.root();
    assert_eq!(by_tree.is_valid(node), by_value.is_valid(&value), "{text}");
    (
        by_tree.iter_errors(node).map(show).collect(),
        by_value.iter_errors(&value).map(show).collect(),
    )
}

#[test]
fn validating_the_tree_reports_what_validating_the_value_does() {
    let schema = serde_json::json!({
        "type": "object",
        "required": ["vendor", "capabilities"],
        "additionalProperties": false,
        "properties": {
            "vendor": {"type": "string", "minLength": 2, "maxLength": 8},
            "version": {"const": "1.0"},
            "profiles": {"type": "array", "uniqueItems": true, "items": {"enum": ["P-1", "P-2"]}},
            "capabilities": {
                "type": "object",
                "propertyNames": {"pattern": "^[A-Z]{2,3}\\.[0-9]{3}$"},
                "additionalProperties": {
                    "type": "object",
                    "required": ["support"],
                    "properties": {
                        "support": {"enum": ["supported", "planned"]},
                        "evidence": {"type": "string", "format": "uri"}
                    }
                }
            },
            "metrics": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"value": {"type": "number", "minimum": 0, "maximum": 100}}
                }
            }
        }
    });
    for text in [
        r#"{"vendor": "Acme", "capabilities": {"FM.010": {"support": "supported"}}}"#,
        r#"{"vendor": "A", "version": "2.0", "capabilities": {}}"#,
        r#"{"vendor": "Acme Corporation", "extra": 1, "capabilities": {"fm.1": {}}}"#,
        r#"{"vendor": 7, "profiles": ["P-1", "P-1", "P-3"], "capabilities": {"FM.010": {"support": "maybe", "evidence": "not a uri"}}}"#,
        r#"{"capabilities": [], "metrics": {"M-1": {"value": 101}, "M-2": {"value": -1.5}, "M-3": {"value": "x"}}}"#,
        r#"{"vendor": "Acme", "capabilities": {"FM.010": {"support": "supported"}, "FM.010": {"support": "nope"}}}"#,
    ] {
        let (tree, value) = errors_both_ways(&schema, text);
        assert_eq!(tree, value, "{text}");
    }
}

/// The documents of a YAML text read both ways, each as its serialized
/// value (key order and number kinds count) or its error; the two must
/// be the same, and the document ranges and spans too.
fn yaml_both_ways(text: &str) -> Vec<Result<String, DataError>> {
    let show = |v: &Value| serde_json::to_string(v).unwrap();
    let by_value = fibf::data::read(text, Format::Yaml);
    let by_tree = fibf::data::read_yaml_trees(text);
    assert_eq!(by_value.len(), by_tree.len(), "{text:?}");
    let mut out = Vec::new();
    for (v, t) in by_value.iter().zip(&by_tree) {
        match (v, t) {
            (Ok(v), Ok(t)) => {
                assert_eq!(show(&t.value.root().to_value()), show(&v.value), "{text:?}");
                assert_eq!(t.range, v.range, "{text:?}");
                assert_eq!(format!("{:?}", t.locations), format!("{:?}", v.locations));
                assert_eq!(t.duplicates, v.duplicates, "{text:?}");
                out.push(Ok(show(&v.value)));
                // A repeated key is reported after the document it was left out of.
                out.extend(v.duplicates.iter().cloned().map(Err));
            }
            (Err(v), Err(t)) => {
                assert_eq!(t, v, "{text:?}");
                out.push(Err(v.clone()));
            }
            _ => panic!("one reader took {text:?}, the other did not"),
        }
    }
    out
}

#[test]
fn yaml_reads_into_the_tree_as_into_a_value() {
    #[allow(clippy::format_collect)]
    let many: String = (0..40)
        .map(|i| format!("k{}: {i}\n", (i * 7) % 40))
        .collect();
    for (text, expected) in [
        ("", vec![Ok("null")]),
        (
            "a: 1\nb: [x, 'y', 2.5, ~, true]\n\"040\": yes\n",
            vec![Ok(r#"{"a":1,"b":["x","y",2.5,null,true],"040":"yes"}"#)],
        ),
        (
            "- {a: 1}\n- []\n- - nested\n",
            vec![Ok(r#"[{"a":1},[],["nested"]]"#)],
        ),
        (
            "base: &b {x: 1, y: [1, 2]}\ncopy: *b\nlist: &l [a]\nagain: *l\n",
            vec![Ok(
                r#"{"base":{"x":1,"y":[1,2]},"copy":{"x":1,"y":[1,2]},"list":["a"],"again":["a"]}"#,
            )],
        ),
        ("--- 1\n--- {a: b}\n", vec![Ok("1"), Ok(r#"{"a":"b"}"#)]),
        ("s: !!str 12\nt: 0x1F\n", vec![Ok(r#"{"s":"12","t":31}"#)]),
    ] {
        let got = yaml_both_ways(text);
        let expected: Vec<Result<String, DataError>> =
            expected.into_iter().map(|e| e.map(str::to_owned)).collect();
        assert_eq!(got, expected, "{text:?}");
    }
    // Large mappings find a repeated key through an index; small ones in order.
    assert!(yaml_both_ways(&many)[0].is_ok());
    for text in [
        format!("{many}k33: again\n"),
        "a: 1\nb: 2\na: 3\n".to_owned(),
        "x: .inf\n".to_owned(),
        "? [a]\n: 1\n".to_owned(),
        "a: *nowhere\n".to_owned(),
        "a: [1, 2\n".to_owned(),
        format!("{}{}", "[".repeat(200), "]".repeat(200)),
    ] {
        let got = yaml_both_ways(&text);
        assert!(got.last().is_some_and(Result::is_err), "{text:?}: {got:?}");
    }
    let Some(Err(DataError::DuplicateKey { key, first, second })) =
        yaml_both_ways(&format!("{many}k33: again\n")).pop()
    else {
        panic!("a repeated key in a large mapping");
    };
    assert_eq!(key, "k33");
    assert!(first.start < second.start);
}

#[test]
fn an_alias_in_the_tree_is_a_copy_of_its_own() {
    use jsonschema::json::Node;
    let text = "a: &x {b: {c: 1}}\nd: *x\n";
    let doc = fibf::data::read_yaml_trees(text).remove(0).unwrap();
    let root = doc.value.root();
    let inner = |key: &str| root.get(key).and_then(|v| v.get("b")).unwrap();
    // jsonschema's cycle guard tells nodes apart by identity.
    assert_ne!(inner("a").identity(), inner("d").identity());
    assert_eq!(inner("a").to_value(), inner("d").to_value());
}

/// A YAML node to write in block style: `anchor` marks it for the aliases
/// after it.
#[derive(Clone, Debug)]
enum YamlNode {
    Scalar(&'static str),
    /// An alias to the last anchor written before it, if any.
    Alias,
    Seq(Vec<(bool, YamlNode)>),
    Map(Vec<(bool, YamlNode)>),
}

fn yaml_node() -> impl Strategy<Value = YamlNode> {
    let leaf = prop_oneof![
        8 => prop::sample::select(vec![
            "1", "x y", "'q'", "~", "0x1F", "0o17", "2.5", "true", "\"d\\n\"", "-7", "1e3", "é", "",
        ])
        .prop_map(YamlNode::Scalar),
        1 => Just(YamlNode::Alias),
    ];
    leaf.prop_recursive(4, 64, 24, |inner| {
        let member = (any::<bool>(), inner);
        prop_oneof![
            prop::collection::vec(member.clone(), 0..5).prop_map(YamlNode::Seq),
            // Up to 24 members, past the size where a mapping's keys are
            // indexed, and past the tree's small objects.
            prop::collection::vec(member, 0..24).prop_map(YamlNode::Map),
        ]
    })
}

/// Anchors written so far, and the last whose node is complete (the one
/// an alias may name).
#[derive(Default)]
struct Anchors {
    written: usize,
    complete: usize,
}

/// Write `node` in block style at `indent`, after a `- ` or `key:` (or at
/// the start of the document).
fn render_yaml(node: &YamlNode, indent: usize, anchors: &mut Anchors, out: &mut String) {
    let pad = " ".repeat(indent);
    let children = match node {
        YamlNode::Scalar(s) => {
            out.push_str(&format!(" {s}\n"));
            return;
        }
        YamlNode::Alias if anchors.complete == 0 => {
            out.push_str(" ~\n");
            return;
        }
        YamlNode::Alias => {
            out.push_str(&format!(" *a{}\n", anchors.complete));
            return;
        }
        YamlNode::Seq(items) | YamlNode::Map(items) if items.is_empty() => {
            out.push_str(if matches!(node, YamlNode::Seq(_)) {
                " []\n"
            } else {
                " {}\n"
            });
            return;
        }
        YamlNode::Seq(items) | YamlNode::Map(items) => items,
    };
    out.push('\n');
    for (i, (anchored, child)) in children.iter().enumerate() {
        match node {
            YamlNode::Seq(_) => out.push_str(&format!("{pad}-")),
            _ => out.push_str(&format!("{pad}k{i}:")),
        }
        let anchor = (*anchored && !matches!(child, YamlNode::Alias)).then(|| {
            anchors.written += 1;
            out.push_str(&format!(" &a{}", anchors.written));
            anchors.written
        });
        render_yaml(child, indent + 2, anchors, out);
        if let Some(anchor) = anchor {
            anchors.complete = anchor;
        }
    }
}

/// Pieces of YAML that make block and flow collections, anchors, aliases,
/// tags, documents and scalars of every kind, well formed or not.
const YAML_TOKENS: &[&str] = &[
    "a", "b: ", ": ", "\n", "  ", "- ", "[", "]", "{", "}", ", ", "&x ", "*x", "&y ", "*y", "'q'",
    "\"d\\n\"", "1", "-2.5e3", "0x1F", "0o-1", "~", "true", "---\n", "...\n", "!!str ", "? ",
    "|\n", "# c\n", "é", ".inf",
];

/// JSON texts with the parts offerings have, repeated keys, escapes and
/// numbers of every form.
fn json_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "a", "b", "support", "k\\\"q", "\\u00e9", "é", "", "x y",
    ]);
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        "-?[0-9]{1,25}(\\.[0-9]{1,5})?([eE][+-]?[0-9]{1,3})?",
        "\"([a-z é🦀]|\\\\n|\\\\\"|\\\\u00[0-7][0-9a-f])*\"",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key.clone(), inner), 0..16).prop_map(|m| {
                let body: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{\n  {}\n}}", body.join(",\n  "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn the_tree_reads_generated_json_as_serde_json_does(text in json_text()) {
        let serde_ok = serde_json::from_str::<Value>(&text).is_ok();
        let took = agree(&text);
        // Everything generated is JSON, which the tree reads itself, but
        // for nesting it leaves to serde_json (not generated this deep).
        prop_assert_eq!(took, serde_ok, "{}", text);
        // And it places every value where the scan of the text finds it.
        prop_assert_eq!(fibf::data::tree_places_agree(&text), Ok(()), "{}", text);
    }

    #[test]
    fn yaml_reads_into_the_tree_as_into_a_value_for_generated_documents(
        node in yaml_node(),
        json in json_text(),
    ) {
        let mut text = String::new();
        render_yaml(&node, 0, &mut Anchors::default(), &mut text);
        // Nesting this shallow, with no repeated keys, is always read.
        let docs = yaml_both_ways(&text);
        prop_assert!(docs.iter().all(Result::is_ok), "{}\n{:?}", text, docs);
        // JSON is YAML too (flow collections), but for repeated keys.
        yaml_both_ways(&json);
    }

    #[test]
    fn yaml_reads_into_the_tree_as_into_a_value_whatever_the_text(
        tokens in prop::collection::vec(prop::sample::select(YAML_TOKENS), 0..60),
    ) {
        yaml_both_ways(&tokens.concat());
    }

    #[test]
    fn the_tree_never_takes_what_serde_json_refuses(
        text in json_text(),
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"{}[]\",:\\ -.e0u".to_vec()),
        delete in any::<bool>(),
    ) {
        let mut bytes = text.into_bytes();
        let i = at.index(bytes.len() + 1);
        if delete && i < bytes.len() {
            bytes.remove(i);
        } else {
            bytes.insert(i, byte);
        }
        if let Ok(text) = String::from_utf8(bytes) {
            agree(&text);
        }
    }
}
