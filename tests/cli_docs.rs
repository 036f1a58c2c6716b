//! `fibf docs` from the command line: the site of the bundled standards is
//! crawled for broken links and missing pages, every entity has its page,
//! text from the standard cannot inject markup, `--check` and determinism.
//! (Accessibility is checked in a browser by `tests/a11y/run.sh`.)

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use predicates::prelude::*;

use common::fibf;

const HOSTILE: &str = "tests/fixtures/docs/hostile.fibf";

fn build(standards: &str, format: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fibf()
        .args(["docs", standards, "--format", format, "--out"])
        .arg(dir.path().join("site"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("start at"));
    dir
}

/// Every file under `root`, by path relative to it.
fn files(root: &Path) -> HashMap<PathBuf, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            (rel, text)
        })
        .collect()
}

/// The values of `attr="..."` in an HTML text (the templates always quote).
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').expect("closed attribute");
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// The texts of the `<title>` elements in an SVG (a box's name).
fn titles(svg: &str) -> Vec<&str> {
    svg.split("<title>")
        .skip(1)
        .map(|t| &t[..t.find("</title>").expect("closed title")])
        .collect()
}

/// The model of the bundled standards, as `fibf compile` writes it;
/// compiled once for the tests that need it.
fn bundled_model() -> &'static serde_json::Value {
    static MODEL: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        fibf()
            .args(["compile", "standards", "--out"])
            .arg(tmp.path())
            .assert()
            .code(0);
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("model.json")).unwrap())
            .unwrap()
    })
}

/// `dir/target`, with `..` and `.` resolved; `None` if it leaves the site.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let mut parts: Vec<Component> = dir.components().collect();
    for c in Path::new(target).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            c => parts.push(c),
        }
    }
    Some(parts.iter().collect())
}

/// Broken internal links of a site: (page, link).
fn broken_links(root: &Path, html: bool) -> (usize, Vec<(String, String)>) {
    let all = files(root);
    let ids: HashMap<&PathBuf, BTreeSet<&str>> = all
        .iter()
        .map(|(p, text)| (p, attributes(text, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, text) in &all {
        let links: Vec<String> = if html {
            attributes(text, "href")
                .into_iter()
                .chain(attributes(text, "src"))
                .map(|l| l.replace("&amp;", "&"))
                .collect()
        } else {
            markdown_links(text)
        };
        let dir = page.parent().unwrap_or(Path::new(""));
        for link in links {
            if link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            checked += 1;
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(dir, path)
            };
            let ok = target.as_ref().is_some_and(|t| {
                all.contains_key(t)
                    && (fragment.is_empty() || ids.get(t).is_some_and(|s| s.contains(fragment)))
            });
            if !ok {
                broken.push((page.display().to_string(), link.clone()));
            }
        }
    }
    broken.sort();
    (checked, broken)
}

/// The targets of `[text](target)` in a Markdown text.
fn markdown_links(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = md;
    while let Some(i) = rest.find("](") {
        // An escaped bracket is text, not a link.
        if rest[..i].ends_with('\\') {
            rest = &rest[i + 2..];
            continue;
        }
        rest = &rest[i + 2..];
        let end = rest.find(')').expect("closed link");
        out.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_bundled_site_has_no_broken_link_and_a_page_per_entity() {
    let dir = build("standards", "html");
    let site = dir.path().join("site");
    let (checked, broken) = broken_links(&site, true);
    assert!(checked > 50_000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );

    // Every entity of the model has its page where the site says it is.
    let analysis = fibf::workspace::analyze(
        &fibf::workspace::Input::Path("standards".into()),
        fibf::workspace::Options::default(),
    );
    let doc = fibf::model_json::export(analysis.model.as_ref().unwrap(), None);
    let map = fibf::docs::site::Site::new(&doc, "html");
    let mut pages = 0;
    for (_, id, _) in fibf::docs::site::entities(&doc) {
        let url = map.url(id).unwrap_or_else(|| panic!("no page for {id}"));
        assert!(site.join(url).is_file(), "missing page {url} for {id}");
        pages += 1;
    }
    assert!(pages > 3000, "{pages}");
    for index in [
        "index.html",
        "search.html",
        "data-dictionary.html",
        "traceability.html",
        "traceability/FFM.html",
        "assets/style.css",
        "assets/search.js",
        "assets/search-index.js",
    ] {
        assert!(site.join(index).is_file(), "{index}");
    }
}

#[test]
fn the_markdown_has_no_broken_link() {
    let dir = build("standards", "markdown");
    let site = dir.path().join("site");
    let (checked, broken) = broken_links(&site, false);
    assert!(checked > 20_000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
    assert!(!site.join("search.md").exists());
}

#[test]
fn the_crawler_finds_a_broken_link() {
    // The check above cannot pass vacuously.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(
        dir.path().join("a/page.html"),
        "<a href=\"../b.html\">b</a> <a href=\"../a/page.html#nowhere\">x</a>",
    )
    .unwrap();
    let (checked, broken) = broken_links(dir.path(), true);
    assert_eq!(checked, 2);
    assert_eq!(broken.len(), 2);
}

#[test]
fn text_from_the_standard_cannot_inject_markup() {
    let dir = build(HOSTILE, "html");
    let site = dir.path().join("site");
    for (path, text) in files(&site) {
        if path.extension().is_some_and(|x| x == "js" || x == "css") {
            assert!(!text.contains("</script"), "{}", path.display());
            continue;
        }
        let lower = text.to_lowercase();
        // The only scripts are the site's own, on the search page.
        let scripts = lower.matches("<script").count();
        let own = lower.matches("<script src=\"assets/search").count();
        assert_eq!(scripts, own, "{}", path.display());
        // The only SVG is the site's own lifecycle map and its key.
        let svgs = lower.matches("<svg").count();
        let own = lower
            .matches("<svg xmlns=\"http://www.w3.org/2000/svg\" viewbox=\"0 0 ")
            .count()
            + lower
                .matches("<svg width=\"12\" height=\"12\" aria-hidden=\"true\">")
                .count();
        assert_eq!(svgs, own, "{}", path.display());
        for tag in [
            "<img",
            "<iframe",
            "<b>",
            "<a href=javascript",
            "href=\"javascript:",
        ] {
            // Escaped text is fine; a live tag or handler is not.
            assert!(!lower.contains(tag), "{} contains {tag}", path.display());
        }
    }
    let page = std::fs::read_to_string(site.join("elements/EvilElement.html")).unwrap();
    assert!(page.contains("Label &lt;svg onload=alert(1)&gt;"));
    assert!(page.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(2)"));
    // A web address is a link; a `javascript:` address is shown as text.
    let good = std::fs::read_to_string(site.join("references/REF-GOOD.html")).unwrap();
    assert!(good.contains("<a href=\"https://www.govinfo.gov/"));
    let evil = std::fs::read_to_string(site.join("references/REF-EVIL.html")).unwrap();
    assert!(evil.contains("<code>javascript:alert(5)</code>"));
    // The search index cannot close its script either.
    let index = std::fs::read_to_string(site.join("assets/search-index.js")).unwrap();
    assert!(index.contains("\\u003cscript"));

    let md = build(HOSTILE, "markdown");
    let page =
        std::fs::read_to_string(md.path().join("site/capabilities/XSS.010.010.011.md")).unwrap();
    assert!(
        page.contains("&lt;b&gt;bold&lt;/b&gt;, \\`code\\`, \\*emphasis\\*, \\| pipes \\|"),
        "{page}"
    );
    assert!(
        page.contains("Activity \\[link\\](javascript:alert(1))"),
        "{page}"
    );
}

#[test]
fn check_mode_reports_what_is_out_of_date() {
    let dir = build(HOSTILE, "html");
    let site = dir.path().join("site");
    fibf()
        .args(["docs", HOSTILE, "--check", "--out"])
        .arg(&site)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("is up to date"));
    std::fs::write(site.join("index.html"), "edited").unwrap();
    std::fs::write(site.join("extra.html"), "stale").unwrap();
    fibf()
        .args(["docs", HOSTILE, "--check", "--out"])
        .arg(&site)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("changed: index.html"))
        .stdout(predicate::str::contains("stale: extra.html"));
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let run = |jobs: &str, dir: &Path| {
        fibf()
            .args(["-j", jobs, "docs", "tests/fixtures/standard", "--out"])
            .arg(dir)
            .assert()
            .code(0);
        files(dir)
    };
    let tmp = tempfile::tempdir().unwrap();
    let one = run("1", &tmp.path().join("one"));
    let two = run("2", &tmp.path().join("two"));
    assert!(one.len() > 20);
    assert_eq!(one, two);
    // The pictures too, inline and as the Markdown output's SVG files.
    let markdown = |jobs: &str, dir: &Path| {
        fibf()
            .args([
                "-j",
                jobs,
                "docs",
                "standards",
                "--format",
                "markdown",
                "--out",
            ])
            .arg(dir)
            .assert()
            .code(0);
        files(dir)
    };
    let one = markdown("1", &tmp.path().join("md-one"));
    let two = markdown("2", &tmp.path().join("md-two"));
    let svgs = one
        .keys()
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .count();
    assert!(svgs > 10, "{svgs} pictures");
    assert_eq!(one, two);
}

#[test]
fn pages_of_the_fixture_standard() {
    let html = build("tests/fixtures/standard", "html");
    let md = build("tests/fixtures/standard", "markdown");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for page in [
            "index.html",
            "capabilities/GRM.020.010.011.html",
            "elements/ApplicationStatus.html",
            "profiles/GRANTS-INTAKE.html",
            "traceability/GRM.html",
        ] {
            let text = std::fs::read_to_string(html.path().join("site").join(page)).unwrap();
            insta::assert_snapshot!(format!("docs__html__{}", page.replace('/', "__")), text);
        }
        for page in [
            "index.md",
            "capabilities/GRM.020.010.011.md",
            "elements/ApplicationStatus.md",
            "use-cases/GRM-UC-1.md",
            "areas/GRM.md",
            "areas/GRM.svg",
            "traceability/GRM.md",
            "traceability/GRM.svg",
        ] {
            let text = std::fs::read_to_string(md.path().join("site").join(page)).unwrap();
            insta::assert_snapshot!(format!("docs__md__{}", page.replace('/', "__")), text);
        }
    });
}

/// The metadata block of an entity page (written by the `meta` function in
/// HTML) in each of its forms.
#[test]
fn entity_metadata_in_every_form() {
    let html = build("tests/fixtures/docs/meta.fibf", "html");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for page in ["references/REF-1.html", "elements/Elem1.html"] {
            let text = std::fs::read_to_string(html.path().join("site").join(page)).unwrap();
            insta::assert_snapshot!(format!("docs__meta__{}", page.replace('/', "__")), text);
        }
    });
}

#[test]
fn unreadable_standards_and_bad_output_are_usage_errors() {
    fibf()
        .args(["docs", "no/such/dir", "--out"])
        .arg(tempfile::tempdir().unwrap().path().join("site"))
        .assert()
        .code(2);
    // A directory of someone else's files is never replaced.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
    fibf()
        .args(["docs", HOSTILE, "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace it"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
        "keep"
    );
}

/// The lifecycle map of an area page: a box for each function and activity
/// of the area, each a link to that entity's page, named by its label.
#[test]
fn every_box_of_a_lifecycle_map_links_to_its_entity() {
    let html = build("standards", "html");
    let site = html.path().join("site");
    let model = bundled_model();
    let ids = |key: &str, parent: &str, of: &str| -> Vec<String> {
        model[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e[parent] == of)
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut maps = 0;
    for area in model["areas"].as_array().unwrap() {
        let area = area["id"].as_str().unwrap();
        let page = std::fs::read_to_string(site.join(format!("areas/{area}.html"))).unwrap();
        let functions = ids("functions", "area", area);
        let Some(start) = page.find("<figure class=\"map\">") else {
            assert!(functions.is_empty(), "{area} has functions and no map");
            continue;
        };
        maps += 1;
        let figure = &page[start..start + page[start..].find("</figure>").unwrap()];
        let mut expected: Vec<String> = Vec::new();
        for f in &functions {
            expected.push(f.clone());
            expected.extend(ids("activities", "function", f));
        }
        let hrefs = attributes(figure, "href");
        let labels = titles(figure);
        // One per box.
        assert_eq!(labels.len(), hrefs.len(), "{area}");
        let mut boxed = Vec::new();
        for (href, label) in hrefs.iter().zip(&labels) {
            // "Function GRM.010 ..." or "Activity GRM.010.010 ...".
            let id = label
                .split_whitespace()
                .nth(1)
                .unwrap()
                .trim_end_matches(':');
            let target = resolve(&site.join("areas"), href).unwrap();
            let text = std::fs::read_to_string(&target)
                .unwrap_or_else(|_| panic!("{area}: {href} is broken"));
            assert!(
                text.contains(&format!("<title>{id} ")),
                "{href} is not the page of {id}"
            );
            boxed.push(id.to_owned());
        }
        boxed.sort();
        expected.sort();
        assert_eq!(boxed, expected, "{area}");
    }
    assert!(maps >= 5, "{maps} maps");
}

#[test]
fn lifecycle_map_of_the_fixture_standard() {
    let html = build("tests/fixtures/standard", "html");
    let page = std::fs::read_to_string(html.path().join("site/areas/GRM.html")).unwrap();
    let start = page.find("<figure class=\"map\">").unwrap();
    let end = start + page[start..].find("</figure>").unwrap() + "</figure>".len();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("docs__map__GRM", &page[start..end]));
}

/// The flow of an end-to-end process: a box per event of its use cases, in
/// order, each linking to the activity it exercises, in the lane of that
/// activity's service area.
#[test]
fn every_event_of_a_process_flow_links_to_its_activity() {
    let html = build("standards", "html");
    let site = html.path().join("site");
    let model = bundled_model();
    let mut flows = 0;
    for process in model["processes"].as_array().unwrap() {
        let id = process["id"].as_str().unwrap();
        let page = std::fs::read_to_string(site.join(format!("processes/{id}.html"))).unwrap();
        let events: Vec<(String, String)> = process["use_cases"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|u| {
                let uc = model["use_cases"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["id"] == *u)
                    .unwrap();
                uc["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        (
                            format!("{} event {}:", uc["id"].as_str().unwrap(), e["number"]),
                            e["activity"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let Some(start) = page.find("<figure class=\"map flow\">") else {
            assert!(events.is_empty(), "{id} has events and no flow");
            continue;
        };
        flows += 1;
        let figure = &page[start..start + page[start..].find("</figure>").unwrap()];
        let boxes: Vec<(&str, &str)> = attributes(figure, "href")
            .into_iter()
            .zip(titles(figure))
            .filter(|(_, label)| label.contains(" event "))
            .collect();
        assert_eq!(boxes.len(), events.len(), "{id}");
        for ((href, label), (event, activity)) in boxes.iter().zip(&events) {
            assert!(label.starts_with(event.as_str()), "{label} is not {event}");
            let target = resolve(&site.join("processes"), href).unwrap();
            let text = std::fs::read_to_string(&target).unwrap();
            assert!(
                text.contains(&format!("<title>{activity} ")),
                "{href} is not {activity}"
            );
        }
    }
    assert!(flows >= 1);
}

/// The traceability heat map of every area: a row per function and
/// activity, each linking to that entity's page, and a cell per column
/// whose count of capabilities is the model's.
#[test]
fn every_row_of_a_heat_map_links_to_its_entity_and_counts_what_the_model_has() {
    let html = build("standards", "html");
    let site = html.path().join("site");
    let model = bundled_model();
    let list = |key: &str| model[key].as_array().unwrap();
    let mut capabilities: HashMap<&str, usize> = HashMap::new();
    for c in list("capabilities") {
        *capabilities
            .entry(c["activity"].as_str().unwrap())
            .or_default() += 1;
    }
    let (mut maps, mut counted) = (0, 0);
    for area in list("areas") {
        let area = area["id"].as_str().unwrap();
        let page = std::fs::read_to_string(site.join(format!("traceability/{area}.html"))).unwrap();
        let functions: Vec<&serde_json::Value> = list("functions")
            .iter()
            .filter(|f| f["area"] == area)
            .collect();
        let Some(start) = page.find("<figure class=\"map heat\">") else {
            assert!(
                functions
                    .iter()
                    .all(|f| f["activities"].as_array().unwrap().is_empty()),
                "{area} has activities and no heat map"
            );
            continue;
        };
        maps += 1;
        let figure = &page[start..start + page[start..].find("</figure>").unwrap()];
        // Every link is a row, and goes to the page of the entity it names.
        let mut linked = Vec::new();
        for link in figure.split("<a href=\"").skip(1) {
            let href = &link[..link.find('"').unwrap()];
            let title = titles(link)[0];
            let id = title
                .trim_start_matches("Function ")
                .split(' ')
                .next()
                .unwrap();
            let text = std::fs::read_to_string(resolve(&site.join("traceability"), href).unwrap())
                .unwrap_or_else(|_| panic!("{area}: {href} is broken"));
            assert!(
                text.contains(&format!("<title>{id} ")),
                "{href} is not the page of {id}"
            );
            linked.push(id.to_owned());
        }
        linked.dedup();
        let mut expected = Vec::new();
        for f in &functions {
            let id = f["id"].as_str().unwrap();
            expected.push(id.to_owned());
            if capabilities.contains_key(id) {
                expected.push(id.to_owned());
            }
            for a in f["activities"].as_array().unwrap() {
                expected.push(a.as_str().unwrap().to_owned());
            }
        }
        expected.dedup();
        assert_eq!(linked, expected, "{area}");
        // "FFM.010.010: 3 capabilities".
        for title in titles(figure) {
            if let Some((id, count)) = title
                .strip_suffix(" capabilities")
                .and_then(|t| t.split_once(": "))
            {
                let count: usize = count.parse().unwrap();
                assert_eq!(
                    count,
                    capabilities.get(id).copied().unwrap_or(0),
                    "{area} {id}"
                );
                counted += 1;
            }
        }
    }
    assert!(maps >= 5, "{maps} heat maps");
    assert!(counted > 100, "{counted} activities counted");
}

/// A Markdown site shows its pictures as SVG files beside the pages: each
/// image a page shows exists, each file is well-formed XML whose links
/// resolve, and text from the standard stays text in them.
#[test]
fn markdown_pictures_are_well_formed_svg_files_with_working_links() {
    for standards in ["tests/fixtures/standard", HOSTILE, "standards"] {
        let md = build(standards, "markdown");
        let site = md.path().join("site");
        let all = files(&site);
        let mut pictures = 0;
        for (path, text) in &all {
            if path.extension().is_some_and(|x| x == "md") {
                for image in text.split("![").skip(1) {
                    let target = &image[image.find("](").unwrap() + 2..];
                    let target = &target[..target.find(')').unwrap()];
                    let dir = path.parent().unwrap();
                    let file = resolve(dir, target).unwrap();
                    assert!(all.contains_key(&file), "{}: no {target}", path.display());
                }
                continue;
            }
            if path.extension().is_none_or(|x| x != "svg") {
                continue;
            }
            pictures += 1;
            let mut reader = quick_xml::Reader::from_str(text);
            let mut depth = 0i32;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Start(e)) => {
                        depth += 1;
                        let raw = e.name();
                        let name: &str = raw.into_inner();
                        assert!(
                            ["svg", "a", "g", "title", "text", "tspan", "defs", "marker"]
                                .contains(&name),
                            "{}: <{name}>",
                            path.display()
                        );
                    }
                    Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{}: {e}", path.display()),
                }
            }
            assert_eq!(depth, 0, "{}", path.display());
            let dir = path.parent().unwrap();
            for href in attributes(text, "href") {
                let file = resolve(dir, href).unwrap();
                assert!(
                    all.contains_key(&file),
                    "{}: {href} is broken",
                    path.display()
                );
            }
        }
        assert!(pictures > 0, "{standards}: no pictures");
    }
}

/// An ID published more than once has one page, and each search entry
/// once: a capability's page shows every declaration; of an area declared
/// twice, or of an ID declared by two kinds, the later declaration's page
/// is kept, and an area's traceability lists every capability of its ID.
#[test]
fn an_id_published_more_than_once_has_one_page() {
    const REPEATED: &str = "tests/fixtures/docs/repeated.fibf";
    for format in ["html", "markdown"] {
        let dir = build(REPEATED, format);
        let site = files(&dir.path().join("site"));
        let ext = if format == "html" { "html" } else { "md" };
        let page = |p: &str| {
            site.get(Path::new(&format!("{p}.{ext}")))
                .unwrap_or_else(|| panic!("{p}.{ext} missing"))
        };
        let capability = page("capabilities/GRM.020.010.011");
        assert!(capability.contains("Capture grant application information, again"));
        let first = "Capture grant application information";
        assert!(
            capability.matches(first).count() > capability.matches(", again").count(),
            "{capability}"
        );
        assert!(page("areas/GRM").contains("Grants Management, again"));
        // The metric came later than the activity of the same ID.
        assert!(page("activities/GRM.020.010").contains("Applications acknowledged within a day"));
        let trace = page("traceability/GRM");
        assert!(
            trace.contains("GRM.020.010.011") && trace.contains("GRM.020.010.012"),
            "{trace}"
        );
        assert!(
            !trace.contains("No capabilities belong to this area"),
            "{trace}"
        );
        if format == "html" {
            let index = &site[Path::new("assets/search-index.js")];
            assert_eq!(index.matches(r#""id":"GRM""#).count(), 1, "{index}");
            assert_eq!(
                index.matches(r#""id":"GRM.020.010.011""#).count(),
                1,
                "{index}"
            );
            // The activity's entry is the activity's, as the first declared.
            assert_eq!(index.matches(r#""id":"GRM.020.010""#).count(), 1, "{index}");
            assert!(
                index.contains(r#""t":"Capture grant application information""#),
                "{index}"
            );
        } else {
            assert!(site.contains_key(Path::new("areas/GRM.svg")));
            assert!(site.contains_key(Path::new("traceability/GRM.svg")));
        }
    }
}
