//! The client-side search index: every entity's kind, ID, name and main
//! text, as a script that sets one global. A script rather than a JSON file
//! because browsers refuse to fetch files from a page opened from the file
//! system; the site must work offline without a server.

use serde::Serialize;

use super::site::{Site, entities};
use crate::export::ModelDoc;

/// How much of an entity's text is searchable; enough for a statement or
/// a definition, not whole descriptions.
const TEXT_LIMIT: usize = 400;

#[derive(Serialize)]
struct Entry<'d> {
    /// Kind, in words.
    k: &'static str,
    id: &'d str,
    n: &'d str,
    t: String,
    u: &'d str,
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(TEXT_LIMIT) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// `assets/search-index.js`.
pub fn index_js(doc: &ModelDoc, site: &Site<'_>) -> String {
    let mut text: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for c in &doc.capabilities {
        text.entry(&c.common.id).or_insert(&c.statement);
    }
    for e in &doc.elements {
        text.entry(&e.common.id).or_insert(&e.definition);
    }
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (kind, id, name) in entities(doc) {
        let Some(target) = site.target(id) else {
            continue;
        };
        if target.kind != kind || !seen.insert(id) {
            continue;
        }
        entries.push(Entry {
            k: kind.noun(),
            id,
            n: name.unwrap_or(""),
            t: text.get(id).map(|t| clip(t)).unwrap_or_default(),
            u: &target.url,
        });
    }
    let json = serde_json::to_string(&entries).expect("the index serializes");
    // Inside a script, `<` could start `</script>` and U+2028/9 end a line
    // in older engines: write them as escapes.
    let json = json
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.FIBF_SEARCH = {json};\n")
}
