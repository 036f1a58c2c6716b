//! The direct reader of the grammar against pest, on real text: every
//! `.fibf` file of the repository (the bundled standards, imported from the
//! published workbooks, the examples and every fixture, broken ones
//! included), and those files cut short or with a byte taken out. Wherever
//! pest parses a text the direct reader must read the same tree, and
//! wherever pest refuses one the direct reader must give up.

use std::path::PathBuf;

use fibf::syntax::readers_agree;

fn fibf_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["standards", "examples", "tests/fixtures", "editors"]
        .into_iter()
        .flat_map(|root| walkdir::WalkDir::new(root).into_iter().flatten())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "fibf"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

fn agree(text: &str, what: &str) -> bool {
    readers_agree(text).unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[test]
fn the_readers_agree_on_every_file_of_the_repository() {
    let (mut read, mut refused) = (0, 0);
    for path in fibf_files() {
        let decoded = fibf::source::decode(std::fs::read(&path).unwrap());
        if agree(&decoded.text, &path.display().to_string()) {
            read += 1;
        } else {
            refused += 1;
        }
    }
    // Most files parse; the syntax fixtures do not.
    assert!(read > 80, "{read} read, {refused} refused");
    assert!(refused > 10, "{read} read, {refused} refused");
}

#[test]
fn the_readers_agree_on_the_standards_cut_and_broken() {
    for path in fibf_files()
        .into_iter()
        .filter(|p| p.starts_with("standards"))
    {
        let text = fibf::source::decode(std::fs::read(&path).unwrap()).text;
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let step = (boundaries.len() / 12).max(1);
        for (n, &at) in boundaries.iter().enumerate().step_by(step) {
            agree(&text[..at], &format!("{} cut at {at}", path.display()));
            if let Some(&next) = boundaries.get(n + 1) {
                let broken = format!("{}{}", &text[..at], &text[next..]);
                agree(&broken, &format!("{} without byte {at}", path.display()));
            }
        }
    }
}
