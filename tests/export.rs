//! `fibf export`: workbooks and CSV files, formula-safe, and the round trip
//! import(export(S)) = S for the whole bundled standard.

use std::path::Path;

use fibf::export;
use fibf::import::Release;
use fibf::import::{self, Options};
use fibf::model_json::export as export_model;
use fibf::workspace::{self, Analysis, Input};

fn analyze(path: &Path) -> Analysis {
    workspace::analyze(
        &Input::Path(path.to_path_buf()),
        workspace::Options::default(),
    )
}

fn codes(a: &Analysis) -> Vec<String> {
    // Allowed by the bundled workspace's `[lints]` or not, a defect is kept.
    let found = a.diagnostics.iter().chain(&a.allowed);
    let mut c: Vec<String> = found.map(|d| d.code.to_string()).collect();
    c.sort();
    c
}

#[test]
fn import_of_the_export_is_the_same_standard() {
    let original = analyze(Path::new("standards"));
    let model = original.model.as_ref().unwrap();
    let books = export::xlsx(model, &original.sources).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let exported = tmp.path().join("exported");
    books.commit(&exported).unwrap();
    let outcome = import::import(
        std::slice::from_ref(&exported),
        Options {
            prefer: Release::Workbook,
            separate: false,
        },
    );
    assert!(outcome.failures.is_empty());
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
    let reimported = tmp.path().join("reimported");
    outcome.output.commit(&reimported).unwrap();
    let again = analyze(&reimported);
    assert_eq!(
        codes(&original),
        codes(&again),
        "the same diagnostics, defects included"
    );
    let (a, b) = (
        export_model(model, None),
        export_model(again.model.as_ref().unwrap(), None),
    );
    assert_eq!(a.workspace, b.workspace);
    macro_rules! same {
        ($($kind:ident),*) => {$(
            assert_eq!(a.$kind.len(), b.$kind.len(), stringify!($kind));
            for (x, y) in a.$kind.iter().zip(&b.$kind) {
                assert_eq!(x, y, stringify!($kind));
            }
        )*};
    }
    same!(
        areas,
        processes,
        functions,
        activities,
        capabilities,
        use_cases,
        metrics,
        elements,
        records,
        references,
        profiles
    );
    assert!(a == b);
}

#[test]
fn export_is_deterministic() {
    let original = analyze(Path::new("standards"));
    let model = original.model.as_ref().unwrap();
    let one = export::xlsx(model, &original.sources).unwrap();
    let two = export::xlsx(model, &original.sources).unwrap();
    assert!(one.iter().zip(two.iter()).all(|(a, b)| a == b));
    let names: Vec<String> = one.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "common.xlsx",
            "erm.xlsx",
            "ffm.xlsx",
            "grm.xlsx",
            "hcm.xlsx",
            "rpm.xlsx",
            "trt.xlsx"
        ]
    );
}

#[test]
fn formula_like_text_is_never_a_formula() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.fibf"),
        "area GRM \"=HYPERLINK(\\\"http://evil\\\")\" {\n  lead \"+1 555\"\n}\nreference R \"@SUM(A1)\" {\n  citation \"-2+3\"\n}\n",
    )
    .unwrap();
    let a = analyze(tmp.path());
    let model = a.model.as_ref().unwrap();
    // CSV: a leading quote.
    let csv = export::csv(model, &a.sources).unwrap();
    let areas = String::from_utf8(csv.get("common/service-areas.csv").unwrap().to_vec()).unwrap();
    assert!(areas.contains("'=HYPERLINK"), "{areas}");
    let refs = String::from_utf8(csv.get("common/references.csv").unwrap().to_vec()).unwrap();
    assert!(
        refs.contains("'@SUM(A1)") && refs.contains("'-2+3"),
        "{refs}"
    );
    // XLSX: strings with the quote prefix, and no formula anywhere.
    let books = export::xlsx(model, &a.sources).unwrap();
    let out = tmp.path().join("x");
    books.commit(&out).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("common.xlsx")).unwrap();
    use calamine::Reader;
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has a formula"
        );
    }
    let range = book.worksheet_range("Service Areas").unwrap();
    assert_eq!(
        range.get_value((1, 1)).unwrap().to_string(),
        "=HYPERLINK(\"http://evil\")"
    );
    let zip = std::fs::read(out.join("common.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").unwrap(), &mut styles)
        .unwrap();
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
}

/// `model.json` is written a kind of entity at a time, each in parallel
/// batches, from the export or straight from the model; the bytes are
/// those of `serde_json`'s pretty printer on the whole document, for the
/// bundled standards and for one with kinds that have no entities. The
/// export made by consuming the model is the same document.
#[test]
fn model_json_is_serde_json_pretty_output() {
    for path in ["standards", "tests/fixtures/standard"] {
        let mut analysis = analyze(Path::new(path));
        let sources = fibf::model_json::Sources {
            map: &analysis.sources,
            root: analysis.root.as_deref(),
        };
        let model = analysis.model.as_ref().unwrap();
        let locations = fibf::model_json::Locations::new(model, sources);
        let doc = export_model(model, Some(&locations));
        let mut ours = Vec::new();
        doc.write_pretty(&mut ours).unwrap();
        let serde = serde_json::to_vec_pretty(&doc).unwrap();
        assert!(ours == serde, "{path}");
        let mut streamed = Vec::new();
        fibf::model_json::write_export(model, Some(&locations), &mut streamed).unwrap();
        assert!(streamed == serde, "{path}");
        let model = analysis.model.take().unwrap();
        assert!(
            fibf::model_json::into_export(model, Some(&locations)) == doc,
            "{path}"
        );
    }
    let empty = fibf::model_json::ModelDoc {
        format: fibf::model_json::FORMAT,
        workspace: fibf::model_json::WorkspaceDoc::default(),
        areas: vec![],
        processes: vec![],
        functions: vec![],
        activities: vec![],
        capabilities: vec![],
        use_cases: vec![],
        metrics: vec![],
        elements: vec![],
        records: vec![],
        references: vec![],
        profiles: vec![],
    };
    let mut ours = Vec::new();
    empty.write_pretty(&mut ours).unwrap();
    assert_eq!(ours, serde_json::to_vec_pretty(&empty).unwrap());
}

/// Entities are sorted by ID; a model that declares an ID more than once
/// (an error, but `export` is a library function) keeps each ID's
/// declarations in declaration order. Enough of them that the sort does
/// not fall back to insertion sort, which is stable anyway.
#[test]
fn duplicated_ids_keep_declaration_order() {
    let mut text = String::new();
    for i in 0..200 {
        let id = ["Q", "B", "M", "A", "Z", "K", "C"][(i * 5 + i / 7) % 7];
        text.push_str(&format!(
            "element {id} \"Name\" {{\n  definition \"{i}\"\n}}\n\n"
        ));
    }
    let mut analysis = workspace::analyze_text("dup.fibf", &text);
    assert!(codes(&analysis).iter().any(|c| c.ends_with("E0206")));
    let doc = export_model(analysis.model.as_ref().unwrap(), None);
    let owned = fibf::model_json::into_export(analysis.model.take().unwrap(), None);
    assert!(owned == doc);
    let order: Vec<(&str, usize)> = doc
        .elements
        .iter()
        .map(|e| (e.common.id.as_str(), e.definition.parse().unwrap()))
        .collect();
    let mut expected = order.clone();
    expected.sort_unstable();
    assert_eq!(order, expected);
}
