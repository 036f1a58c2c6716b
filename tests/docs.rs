//! The documentation is tested: every diagnostic code has an explanation whose
//! wrong example produces the code and whose fixed example does not, and every
//! `fibf` example in `docs/language.md` is valid language.

use fibf::diag::Code;
use fibf::workspace::analyze_text;

/// Codes about files and paths: their examples are shell sessions or raw
/// bytes, and the CLI tests cover them instead.
const NOT_EXPRESSIBLE_AS_FIBF: &[Code] = &[
    Code::E0100,
    Code::E0101,
    Code::E0102,
    Code::E0103,
    Code::E0104,
    Code::W0106,
    Code::E0107,
    Code::E0113,
    Code::E0401,
    Code::E0402,
    Code::E0403,
    Code::W0501,
    Code::W0502,
    Code::W0503,
    Code::W0504,
    Code::W0505,
    Code::W0506,
    Code::W0507,
    Code::E0508,
    Code::W0509,
    Code::W0510,
    Code::E0601,
    Code::E0602,
    Code::E0603,
    Code::E0604,
    Code::E0605,
    Code::E0606,
    Code::E0607,
    Code::E0608,
    Code::E0609,
    Code::E0610,
    Code::N0615,
    Code::E0611,
    Code::W0612,
    Code::W0613,
    Code::W0614,
];

/// The first fenced block after `heading`, with its info string.
fn block_after<'a>(doc: &'a str, heading: &str) -> Option<(&'a str, &'a str)> {
    let rest = &doc[doc.find(heading)? + heading.len()..];
    let start = rest.find("```")? + 3;
    let rest = &rest[start..];
    let info_end = rest.find('\n')?;
    let body = &rest[info_end + 1..];
    let end = body.find("```")?;
    Some((&rest[..info_end], &body[..end]))
}

fn codes_in(text: &str) -> Vec<Code> {
    analyze_text("example.fibf", text)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_code_has_a_title_heading_and_both_examples() {
    for &code in Code::ALL {
        let doc = code.explanation();
        let heading = format!("# {}: {}\n", code, code.title());
        assert!(
            doc.starts_with(&heading),
            "{code}: explanation must start with `{heading}`"
        );
        assert!(
            block_after(doc, "## Wrong").is_some(),
            "{code}: no `## Wrong` example"
        );
        assert!(
            block_after(doc, "## Fixed").is_some(),
            "{code}: no `## Fixed` example"
        );
    }
}

#[test]
fn wrong_examples_produce_their_code_and_fixed_ones_do_not() {
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let doc = code.explanation();
        let (wrong_lang, wrong) = block_after(doc, "## Wrong").unwrap();
        let (fixed_lang, fixed) = block_after(doc, "## Fixed").unwrap();
        if NOT_EXPRESSIBLE_AS_FIBF.contains(&code) {
            if wrong_lang == "fibf" {
                failures.push(format!(
                    "{code}: listed as not expressible but has a fibf example"
                ));
            }
            continue;
        }
        if wrong_lang != "fibf" || fixed_lang != "fibf" {
            failures.push(format!("{code}: both examples must be fibf blocks"));
            continue;
        }
        let got = codes_in(wrong);
        if !got.contains(&code) {
            failures.push(format!("{code}: wrong example gives {got:?}"));
        }
        let got = codes_in(fixed);
        if got.contains(&code)
            || got
                .iter()
                .any(|c| c.severity() == fibf::diag::Severity::Error)
        {
            failures.push(format!("{code}: fixed example gives {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every fenced block of a language in a Markdown text.
fn blocks<'a>(doc: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("closed fence");
        out.push(&body[..end]);
        rest = &body[end + 3..];
    }
    out
}

#[test]
fn language_reference_examples_are_valid() {
    let doc = std::fs::read_to_string("docs/language.md").unwrap();
    let examples = blocks(&doc, "fibf");
    assert!(
        examples.len() >= 15,
        "the reference has an example per construct"
    );
    for example in examples {
        let analysis = analyze_text("example.fibf", example);
        // Examples are excerpts of a standard: they may refer to entities
        // declared elsewhere (E0301) but must otherwise be correct.
        let bad: Vec<String> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.code != Code::E0301)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(bad.is_empty(), "example:\n{example}\nerrors: {bad:?}");
    }
}

#[test]
fn offering_guide_shows_the_example_offering_as_it_is() {
    let doc = std::fs::read_to_string("docs/offerings.md").unwrap();
    let (info, shown) = block_after(&doc, "### A complete example").unwrap();
    assert_eq!(info, "yaml");
    let file = std::fs::read_to_string("examples/offerings/acme-payables.yaml").unwrap();
    // The file's opening comment says how to run it; the rest is shown.
    #[allow(clippy::format_collect)]
    let body: String = file
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(shown, body);
    // Every conformance code is in the guide's table.
    for code in Code::ALL
        .iter()
        .filter(|c| c.as_str()[1..].starts_with("06"))
    {
        assert!(doc.contains(&format!("| {} |", code.as_str())), "{code:?}");
    }
}
