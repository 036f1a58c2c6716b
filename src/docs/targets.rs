//! The site's table of pages, which the pages' makers and the templates'
//! `link`, `links` and `url` functions look IDs up in: each entity's ID
//! with its kind, its page's URL and its name.
//!
//! Pages call these functions a dozen times each, and at 100x the table no
//! longer fits the processor's caches, so its layout is what a lookup costs.
//! A `HashMap<String, (String, Option<String>)>` reached four or five places
//! in memory per lookup (the slot, the key's bytes, the URL's, the name's).
//! Here everything about an entry is written in one buffer, in the model's
//! order: a short head (its number, the lengths of its ID, URL and name,
//! its kind), then the ID, the URL and the name. The hash table's slots
//! hold only where each entry starts (four bytes), so that at 100x the
//! slots stay in the cache, and a lookup reaches memory once, where the ID
//! it compares, the URL and the name are side by side.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use super::site::Kind;

/// Every linkable ID with its kind, its page's URL (from the site's root)
/// and its name. One table for the site and its templates: the site kept a
/// map of its own beside this one (about 50 MB at 100 times the bundled
/// standards).
pub struct Targets {
    /// Each entry's head, ID, URL and name, entry after entry.
    text: String,
    /// Where each entry starts in `text`, by the hash of its ID.
    index: HashTable<u32>,
    hasher: FixedState,
}

/// Bytes of a number in an entry's head: seven bits a byte, least
/// significant first, so that the head is ASCII and the text stays a
/// `str` (35 bits hold any `u32`).
const FIELD: usize = 5;

/// An entry's head: its number, the lengths of its ID, URL and name (or
/// [`NO_NAME`]), then its kind.
const HEAD: usize = 4 * FIELD + 1;

/// The name length of an entity without a name (a name is shorter: no text
/// of the table is 4 GiB long).
const NO_NAME: u32 = u32::MAX;

/// An entry's head: its number, and the lengths of its ID, URL and name.
struct Head {
    number: u32,
    id: u32,
    url: u32,
    name: u32,
    kind: Kind,
}

impl Head {
    fn write(&self, text: &mut String) {
        for n in [self.number, self.id, self.url, self.name] {
            for i in 0..FIELD {
                text.push(char::from(u8::try_from((n >> (7 * i)) & 0x7f).unwrap_or(0)));
            }
        }
        text.push(char::from(self.kind as u8));
    }

    /// The head of the entry at `start`.
    fn read(text: &str, start: usize) -> Head {
        let bytes = &text.as_bytes()[start..start + HEAD];
        let field = |f: usize| {
            bytes[f * FIELD..(f + 1) * FIELD]
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (7 * i)))
        };
        Head {
            number: field(0),
            id: field(1),
            url: field(2),
            name: field(3),
            kind: Kind::ALL[usize::from(bytes[4 * FIELD])],
        }
    }
}

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
            .map(|(_, id, url, name)| HEAD + id.len() + url.len() + name.map_or(0, str::len))
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
        let len = |s: &str| u32::try_from(s.len()).ok().filter(|l| *l != NO_NAME);
        let (Some(id_len), Some(url_len)) = (len(id), len(url)) else {
            return;
        };
        let name_len = match name {
            Some(n) => match len(n) {
                Some(l) => l,
                None => return,
            },
            None => NO_NAME,
        };
        let hash = self.hasher.hash_one(id);
        if self.find(hash, id).is_some() {
            return;
        }
        let (Ok(start), Ok(number)) = (
            u32::try_from(self.text.len()),
            u32::try_from(self.index.len()),
        ) else {
            return;
        };
        let head = Head {
            number,
            id: id_len,
            url: url_len,
            name: name_len,
            kind,
        };
        head.write(&mut self.text);
        self.text.push_str(id);
        self.text.push_str(url);
        self.text.push_str(name.unwrap_or_default());
        let (text, hasher) = (&self.text, &self.hasher);
        self.index
            .insert_unique(hash, start, |e| hasher.hash_one(id_of(text, *e).1));
    }

    /// The head of `id`'s entry and where its ID ends.
    fn find(&self, hash: u64, id: &str) -> Option<(Head, usize)> {
        let mut found = None;
        self.index.find(hash, |e| {
            let (head, entry_id, end) = id_of(&self.text, *e);
            let same = entry_id == id;
            if same {
                found = Some((head, end));
            }
            same
        })?;
        found
    }

    /// The page and name of `id`, if the site has a page for it.
    pub fn get(&self, id: &str) -> Option<Target<'_>> {
        let (head, url_start) = self.find(self.hasher.hash_one(id), id)?;
        let url_end = url_start + head.url as usize;
        Some(Target {
            kind: head.kind,
            url: &self.text[url_start..url_end],
            name: (head.name != NO_NAME).then(|| &self.text[url_end..url_end + head.name as usize]),
            number: head.number,
        })
    }

    /// How many targets the table has.
    pub fn len(&self) -> usize {
        self.index.len()
    }
}

/// The head and ID of the entry at `start`, and where its ID ends.
fn id_of(text: &str, start: u32) -> (Head, &str, usize) {
    let start = start as usize;
    let head = Head::read(text, start);
    let (from, to) = (start + HEAD, start + HEAD + head.id as usize);
    (head, &text[from..to], to)
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
    fn a_head_reads_back_every_number_and_kind_and_is_ascii() {
        let numbers = [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            1 << 28,
            u32::MAX - 1,
            NO_NAME,
        ];
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            for (j, n) in numbers.into_iter().enumerate() {
                let m = numbers[(i + j) % numbers.len()];
                let head = Head {
                    number: n,
                    id: m % 5000,
                    url: n % 7000,
                    name: m,
                    kind,
                };
                let mut text = String::from("before");
                head.write(&mut text);
                assert_eq!(text.len(), "before".len() + HEAD);
                assert!(text.is_ascii());
                let read = Head::read(&text, "before".len());
                assert_eq!(
                    (read.number, read.id, read.url, read.name, read.kind),
                    (n, m % 5000, n % 7000, m, kind)
                );
            }
        }
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
