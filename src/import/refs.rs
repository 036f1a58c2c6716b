//! Authoritative references cited in free text, deduplicated into reference
//! entities with readable, stable IDs.

use std::collections::BTreeMap;

use super::ir::{Decl, Line, Prov};
use crate::model::EntityKind;

/// Every reference text seen, by its comparison key.
#[derive(Default)]
pub struct References {
    /// key → (text as first seen, where it was cited, extra lines)
    seen: BTreeMap<String, Entry>,
    /// key → assigned ID, fixed once all texts are known.
    ids: BTreeMap<String, String>,
}

struct Entry {
    text: String,
    provenance: Vec<Prov>,
    url: Option<String>,
    description: Option<String>,
}

/// How two citations are compared: case, spacing and trailing punctuation
/// do not make them different.
fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ',', ';'])
        .to_lowercase()
}

/// `REF-2-CFR-200.210` from `2 CFR 200.210`: the first words of the text.
fn slug(text: &str) -> String {
    let mut out = String::from("REF");
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let token = token.trim_matches('.');
        if token.is_empty() {
            continue;
        }
        if out.len() >= 40 {
            break;
        }
        out.push('-');
        out.push_str(&token.to_uppercase());
    }
    if out == "REF" {
        out.push_str("-X");
    }
    out
}

impl References {
    /// Record a citation; returns the ID it will be written under.
    pub fn register(&mut self, text: &str, prov: &Prov) -> String {
        self.register_with(text, prov, None, None)
    }

    pub fn register_with(
        &mut self,
        text: &str,
        prov: &Prov,
        url: Option<&str>,
        description: Option<&str>,
    ) -> String {
        let k = key(text);
        let entry = self.seen.entry(k.clone()).or_insert_with(|| Entry {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            provenance: Vec::new(),
            url: None,
            description: None,
        });
        if !entry.provenance.contains(prov) && entry.provenance.len() < 3 {
            entry.provenance.push(prov.clone());
        }
        if entry.url.is_none() {
            entry.url = url.map(str::to_owned);
        }
        if entry.description.is_none() {
            entry.description = description.map(str::to_owned);
        }
        // IDs are assigned when the set is complete (collisions are settled
        // in sorted order); hand out a placeholder key now.
        format!("\u{0}{k}")
    }

    /// Fix the IDs: slugs, with `-2`, `-3` for different texts that slug
    /// the same, in sorted order of their keys.
    pub fn assign(&mut self) {
        let mut by_slug: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, e) in &self.seen {
            by_slug.entry(slug(&e.text)).or_default().push(k.clone());
        }
        for (s, keys) in by_slug {
            for (i, k) in keys.into_iter().enumerate() {
                let id = if i == 0 {
                    s.clone()
                } else {
                    format!("{s}-{}", i + 1)
                };
                self.ids.insert(k, id);
            }
        }
    }

    /// The final ID for a placeholder returned by `register`.
    pub fn resolve(&self, placeholder: &str) -> String {
        match placeholder.strip_prefix('\u{0}') {
            Some(k) => self.ids.get(k).cloned().unwrap_or_else(|| slug(k)),
            None => placeholder.to_owned(),
        }
    }

    /// The reference declarations, by ID.
    pub fn decls(&self) -> Vec<Decl> {
        let mut out: Vec<Decl> = self
            .seen
            .iter()
            .map(|(k, e)| {
                let mut d = Decl::new(
                    EntityKind::Reference,
                    self.ids[k].clone(),
                    Some(e.text.clone()),
                );
                d.push(e.url.as_deref().and_then(|u| Line::text("url", u)));
                d.push(
                    e.description
                        .as_deref()
                        .and_then(|t| Line::text("description", t)),
                );
                d.provenance.clone_from(&e.provenance);
                d
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_collisions_numbered() {
        assert_eq!(slug("2 CFR 200.210"), "REF-2-CFR-200.210");
        assert_eq!(
            slug("Public Law 95-224 Federal Grant and Cooperative Agreement Act"),
            "REF-PUBLIC-LAW-95-224-FEDERAL-GRANT-AND-COOPERATIVE"
        );
        let p = Prov {
            file: "f".into(),
            sheet: None,
            row: Some(1),
            column: None,
            pointer: None,
        };
        let mut r = References::default();
        let a = r.register("2 CFR 200.210", &p);
        let b = r.register("2  CFR 200.210.", &p);
        let c = r.register("2 CFR 200.210 (b)", &p);
        r.assign();
        assert_eq!(r.resolve(&a), r.resolve(&b));
        assert_eq!(r.resolve(&a), "REF-2-CFR-200.210");
        assert_eq!(r.resolve(&c), "REF-2-CFR-200.210-B");
    }
}
