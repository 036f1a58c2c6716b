//! The catalogue of hostile inputs (`tests/hostile/README.md`): each gets a
//! clear diagnostic and its documented exit code, within a time limit,
//! never a crash, a hang, a fetch or a write outside the output.
//! Large inputs (100,000 levels, 200 MB, zip bombs) are generated here
//! rather than committed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

const DIR: &str = "tests/hostile";
const STANDARD: &str = "tests/fixtures/standard";

/// `fibf` with a deadline: a hostile input must not hang it.
fn fibf() -> Command {
    let mut cmd = Command::cargo_bin("fibf").unwrap();
    cmd.env("NO_COLOR", "1").timeout(Duration::from_secs(60));
    cmd
}

fn hostile(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

#[test]
fn deeply_nested_blocks_in_a_fibf_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.fibf");
    let depth = 100_000;
    let text = format!(
        "area GRM \"Grants\" {{\n{}{}\n",
        " x {".repeat(depth),
        "}".repeat(depth + 1)
    );
    std::fs::write(&path, text).unwrap();
    fibf()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E0113"));
}

#[test]
fn records_nested_100000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.fibf");
    let n = 100_000;
    let mut text = String::from("element Leaf {\n  definition \"d\"\n}\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("R{}", i + 1)
        } else {
            "Leaf".to_owned()
        };
        text.push_str(&format!("record R{i} {{\n  field {next} required\n}}\n"));
    }
    std::fs::write(&path, text).unwrap();
    // One finding, at the outermost record; compile refuses without
    // building quadratic schemas.
    let out = fibf()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let diags: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let diags = diags.as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "E0307");
    assert!(diags[0]["message"].as_str().unwrap().contains("`R0`"));
    fibf()
        .arg("compile")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_record_shared_by_thousands_stays_within_the_schema_budget() {
    // 3,000 records each containing one hub record of 3,000 elements would
    // be nine million schema definitions: refused, quickly.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.fibf");
    let mut text = String::new();
    for j in 0..3000 {
        text.push_str(&format!("element E{j} {{\n  definition \"d\"\n}}\n"));
    }
    text.push_str("record Hub {\n");
    for j in 0..3000 {
        text.push_str(&format!("  field E{j} required\n"));
    }
    text.push_str("}\n");
    for i in 0..3000 {
        text.push_str(&format!("record Top{i} {{\n  field Hub required\n}}\n"));
    }
    std::fs::write(&path, text).unwrap();
    fibf()
        .arg("compile")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("definitions"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn json_and_yaml_nested_100000_levels() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let json = dir.path().join("deep.json");
    std::fs::write(
        &json,
        format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
    )
    .unwrap();
    let yaml = dir.path().join("deep.yaml");
    std::fs::write(&yaml, format!("{}{}", "[".repeat(depth), "]".repeat(depth))).unwrap();
    for path in [&json, &yaml] {
        fibf()
            .args(["validate", "--standards", STANDARD, "--record", "Budget"])
            .arg(path)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("E0402"))
            .stdout(predicate::str::contains("nested"));
        fibf()
            .args(["conform", "--standards", STANDARD])
            .arg(path)
            .assert()
            .code(2)
            .stdout(predicate::str::contains("E0402"));
    }
}

#[test]
fn a_200_megabyte_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.fibf");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let line = format!("# {}\n", "x".repeat(1021));
        for _ in 0..200 * 1024 {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    fibf()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E0103"))
        .stdout(predicate::str::contains(
            "file is 209715200 bytes, over the limit of 67108864 bytes",
        ));
    // The limit is configurable for those who need more.
    fibf()
        .args(["check", "--max-file-size", "300000000"])
        .arg(&path)
        .assert()
        .code(0);
    let offering = dir.path().join("huge.json");
    std::fs::rename(&path, &offering).unwrap();
    fibf()
        .args(["conform", "--standards", STANDARD])
        .arg(&offering)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("E0103"));
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    fibf()
        .arg("check")
        .arg(hostile("invalid-utf8.fibf"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E0101"))
        .stdout(predicate::str::contains("invalid-utf8.fibf:1:"));
    fibf()
        .arg("check")
        .arg(hostile("nul-byte.fibf"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E0102"));
}

#[test]
fn a_bom_and_crlf_line_ends() {
    // The BOM is not part of the first token and CRLF is one line end: the
    // one real mistake is placed exactly.
    let out = fibf()
        .args(["check", "--format", "json"])
        .arg(hostile("bom-crlf.fibf"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let diags: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &diags[0];
    assert_eq!(d["code"], "E0301", "{diags}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(8))
    );
    assert!(d["help"].as_str().unwrap().contains("GRM"));
}

#[test]
fn very_long_lines_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let line = dir.path().join("line.fibf");
    std::fs::write(&line, format!("area GRM \"{}\"\n", "x".repeat(5_000_000))).unwrap();
    fibf().arg("check").arg(&line).assert().code(0);
    let id = dir.path().join("id.fibf");
    std::fs::write(&id, format!("area {} \"a\"\n", "A".repeat(1_000_000))).unwrap();
    let out = fibf()
        .arg("check")
        .arg(&id)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("E0207"));
    assert!(text.contains("(1000000 characters)"), "{text}");
    // The report stays short: the ID is elided and the line is not shown.
    assert!(text.len() < 2000, "{} bytes", text.len());
}

#[test]
fn a_yaml_alias_bomb_offering() {
    fibf()
        .args(["conform", "--standards", STANDARD])
        .arg(hostile("alias-bomb-offering.yaml"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("E0402"))
        .stdout(predicate::str::contains("aliases expand to more than"));
}

#[test]
fn an_offering_with_remote_references_is_data_not_a_fetch() {
    // `$ref` and `$schema` are keys like any other: the offering schema
    // rejects them, and nothing is loaded (the schema crate is built
    // without any way to fetch).
    fibf()
        .args(["conform", "--standards", STANDARD, "--format", "json"])
        .arg(hostile("remote-ref-offering.json"))
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "unexpected keys `$ref`, `$schema`",
        ));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_leaving_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    std::fs::write(ws.join("a.fibf"), "area GRM \"Grants\"\n").unwrap();
    std::os::unix::fs::symlink(".", ws.join("loop")).unwrap();
    std::os::unix::fs::symlink(&ws, ws.join("loop2")).unwrap();
    let outside = dir.path().join("outside.fibf");
    std::fs::write(&outside, "area TRT \"Travel\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, ws.join("outside.fibf")).unwrap();
    fibf()
        .arg("check")
        .arg(&ws)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("W0106"))
        .stdout(predicate::str::contains(
            "outside.fibf: symbolic link skipped",
        ))
        .stdout(predicate::str::contains("1 file checked"));
}

#[cfg(unix)]
#[test]
fn file_names_with_odd_characters() {
    let dir = tempfile::tempdir().unwrap();
    for (name, area) in [
        ("with space.fibf", "GRM"),
        ("ünïcode.fibf", "TRT"),
        ("new\nline.fibf", "HCM"),
        ("-leading-dash.fibf", "RPM"),
        ("quote\"and'.fibf", "ERM"),
    ] {
        std::fs::write(dir.path().join(name), format!("area {area} \"x\"\n")).unwrap();
    }
    fibf()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("5 files checked"));
    // Named directly, a file whose name starts with a dash is still a file.
    fibf()
        .args(["check", "--"])
        .arg(dir.path().join("-leading-dash.fibf"))
        .assert()
        .code(0);
}

#[test]
fn an_xlsx_that_is_not_a_zip() {
    let dir = tempfile::tempdir().unwrap();
    fibf()
        .arg("import")
        .arg(hostile("not-a-zip.xlsx"))
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("E0508"))
        .stdout(predicate::str::contains("not a readable .xlsx workbook"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_xlsx_zip_bomb() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("[Content_Types].xml", deflated).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("xl/worksheets/sheet1.xml", deflated)
            .unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..300 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);
    fibf()
        .arg("import")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("unzips to more than"));
}

#[test]
fn spreadsheet_formulas_are_never_evaluated() {
    // A statement cell holding a formula: the value the workbook stored is
    // imported as text; the formula itself is neither run nor kept.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formulas.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Business Capabilities").unwrap();
    let header = [
        "Function ID and Name",
        "Activity ID",
        "Capability ID",
        "(I)input (P)process (O)output",
        "Business Capability Statement",
        "Authoritative Reference",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet
        .write_string(1, 0, "GRM.020 Grant Pre-Award Management")
        .unwrap();
    sheet.write_string(1, 1, "GRM.020.010").unwrap();
    sheet.write_string(1, 2, "GRM.020.010.011").unwrap();
    sheet.write_string(1, 3, "I").unwrap();
    sheet
        .write_formula(
            1,
            4,
            rust_xlsxwriter::Formula::new("=CONCATENATE(\"cmd|' /C calc'!\",\"A0\")")
                .set_result("Capture grant application information"),
        )
        .unwrap();
    book.save(&path).unwrap();
    let out = dir.path().join("out");
    fibf()
        .arg("import")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let imported: String = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "fibf"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(
        imported.contains("Capture grant application information"),
        "{imported}"
    );
    assert!(
        !imported.contains("CONCATENATE") && !imported.contains("calc"),
        "{imported}"
    );
}

#[test]
fn an_output_that_is_a_file_or_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "mine").unwrap();
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists and is not a directory"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // /proc is read-only even for root.
    if Path::new("/proc/self").exists() {
        fibf()
            .args(["docs", STANDARD, "--out", "/proc/fibf-docs"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot write the output"));
        fibf()
            .args([
                "conform",
                "--standards",
                STANDARD,
                "--out",
                "/proc/fibf-report.txt",
            ])
            .arg("tests/fixtures/conform/conformant.yaml")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot write"));
    }
}

#[test]
fn missing_paths_and_directories_given_as_files() {
    fibf()
        .args(["check", "no/such/path"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("E0100"));
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Budget",
            "no/such.json",
        ])
        .assert()
        .code(2);
    fibf()
        .args(["conform", "--standards", "no/such/standards", "x.yaml"])
        .assert()
        .code(2);
}
