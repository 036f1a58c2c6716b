//! The site's table of pages, which the pages' makers and the templates'
//! `link`, `links` and `url` functions look IDs up in: each entity's ID
//! with its kind, its page's URL and its name.
//!
//! Pages call these functions a dozen times each, and at 100x the table no
//! longer fits the processor's caches, so its layout is what a lookup costs.
//! A `HashMap<String, (String, Option<String>)>` reached four or five places
//! in memory per lookup (the slot, the key's bytes, the URL's, the name's);
//! here a slot holding a small entry, and the ID, URL and name written one
//! after another in one buffer, in the model's order.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::site::Kind;

/// Every linkable ID with its kind, its page's URL (from the site's root)
/// and its name. One table for the site and its templates: the site kept a
/// map of its own beside this one (about 50 MB at 100 times the bundled
/// standards).
pub struct Targets {
    /// IDs, URLs and names, entry after entry.
    text: String,
    /// The entries, by the hash of their ID.
    index: HashTable<Entry>,
    hasher: FixedState,
}

/// Where an entry's ID, URL and name are in `Targets::text`: they follow
/// one another from `start`. Kept in the hash table's slots themselves: an
/// index of entry numbers cost one more place in memory per lookup.
struct Entry {
    start: u32,
    id: u32,
    url: u32,
    /// The name's length, or [`NO_NAME`].
    name: u32,
    /// The entry's number, in the order added.
    number: u32,
    kind: Kind,
}

/// `Entry::name` of an entity without a name (a name is shorter: no text
/// of the table is 4 GiB long).
const NO_NAME: u32 = u32::MAX;

/// A target found by [`Targets::get`].
#[derive(Clone, Copy, Debug)]
pub struct Target<'t> {
    pub kind: Kind,
    pub url: &'t str,
    pub name: Option<&'t str>,
    /// The target's number: 0 for the first added, up to [`Targets::len`].
    pub number: u32,
}

impl Targets {
    /// The table of `entries` (kind, ID, URL, name), the first of a
    /// repeated ID kept, sized to them: grown by doubling, the text was up
    /// to twice its length.
    pub fn new<'e>(entries: &[(Kind, &'e str, String, Option<&'e str>)]) -> Self {
        let mut targets = Targets::empty();
        let len = entries
            .iter()
            .map(|(_, id, url, name)| id.len() + url.len() + name.map_or(0, str::len))
            .sum();
        targets.text.reserve_exact(len);
        targets.index = HashTable::with_capacity(entries.len());
        for (kind, id, url, name) in entries {
            targets.insert(*kind, id, url, *name);
        }
        targets
    }

    fn empty() -> Self {
        Targets {
            text: String::new(),
            index: HashTable::new(),
            hasher: FixedState::default(),
        }
    }

    /// Add an ID unless it is already there (an ID published twice shares
    /// one page). A text of 4 GiB or more, or one past 4 GiB of the
    /// table's (which no input can hold), is left out, and its ID stays
    /// plain text.
    fn insert(&mut self, kind: Kind, id: &str, url: &str, name: Option<&str>) {
        let len = |s: &str| u32::try_from(s.len()).ok();
        let (Some(id_len), Some(url_len)) = (len(id), len(url)) else {
            return;
        };
        let name_len = match name {
            Some(n) => match len(n) {
                Some(l) if l != NO_NAME => l,
                _ => return,
            },
            None => NO_NAME,
        };
        let hash = self.hasher.hash_one(id);
        if self.find(hash, id).is_some() {
            return;
        }
        let (Some(start), Ok(number)) = (len(&self.text), u32::try_from(self.index.len())) else {
            return;
        };
        self.text.push_str(id);
        self.text.push_str(url);
        self.text.push_str(name.unwrap_or_default());
        let entry = Entry {
            start,
            id: id_len,
            url: url_len,
            name: name_len,
            number,
            kind,
        };
        let (text, hasher) = (&self.text, &self.hasher);
        self.index
            .insert_unique(hash, entry, |e| hasher.hash_one(id_of(text, e)));
    }

    fn find(&self, hash: u64, id: &str) -> Option<&Entry> {
        self.index.find(hash, |e| id_of(&self.text, e) == id)
    }

    /// The page and name of `id`, if the site has a page for it.
    pub fn get(&self, id: &str) -> Option<Target<'_>> {
        let entry = self.find(self.hasher.hash_one(id), id)?;
        let url_start = entry.start as usize + entry.id as usize;
        let url_end = url_start + entry.url as usize;
        Some(Target {
            kind: entry.kind,
            url: &self.text[url_start..url_end],
            name: (entry.name != NO_NAME)
                .then(|| &self.text[url_end..url_end + entry.name as usize]),
            number: entry.number,
        })
    }

    /// How many targets the table has.
    pub fn len(&self) -> usize {
        self.index.len()
    }
}

fn id_of<'t>(text: &'t str, entry: &Entry) -> &'t str {
    let start = entry.start as usize;
    &text[start..start + entry.id as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(items: &[(&str, &str, Option<&str>)]) -> Targets {
        let mut t = Targets::empty();
        for (id, url, name) in items {
            t.insert(Kind::Area, id, url, *name);
        }
        t
    }

    #[test]
    fn finds_each_id_with_its_url_and_name() {
        let ids: Vec<String> = (0..5000).map(|i| format!("GRM.{i:03}")).collect();
        let items: Vec<(&str, String, Option<String>)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let name = (i % 3 != 0).then(|| format!("Name {i}"));
                (id.as_str(), format!("capabilities/{id}.html"), name)
            })
            .collect();
        let t = table(
            &items
                .iter()
                .map(|(id, url, name)| (*id, url.as_str(), name.as_deref()))
                .collect::<Vec<_>>(),
        );
        for (id, url, name) in &items {
            let found = t.get(id).unwrap();
            assert_eq!(found.url, url);
            assert_eq!(found.name, name.as_deref());
        }
        assert!(t.get("GRM.5000").is_none());
        assert!(t.get("").is_none());
    }

    #[test]
    fn the_first_of_a_repeated_id_wins_and_an_empty_name_is_kept() {
        let t = table(&[
            ("A", "areas/A.html", Some("")),
            ("A", "areas/A~2.html", Some("Other")),
            ("B", "areas/B.html", None),
        ]);
        let a = t.get("A").unwrap();
        assert_eq!((a.url, a.name), ("areas/A.html", Some("")));
        let b = t.get("B").unwrap();
        assert_eq!((b.url, b.name), ("areas/B.html", None));
        // Numbered in the order added, the repeated ID taking none.
        assert_eq!((a.number, b.number, t.len()), (0, 1, 2));
    }
}
