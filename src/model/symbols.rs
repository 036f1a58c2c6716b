//! The symbol table: each ID's entity. It holds the IDs' hashes and the
//! entities, not the IDs: the text stays in the entities, where a lookup
//! compares it. Copying every ID into the table was a string allocation
//! per entity, made on one thread while the others waited, and reading
//! each entity's ID there missed the cache once or twice per entity
//! (about 0.6 ms of a `compile` of the 10x data model, of 19).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rayon::prelude::*;

use super::{EntityKind, EntityRef, Model};

/// Each ID's entity (the first declaration, if an ID is duplicated).
/// Hashed with foldhash: every reference is looked up here, and the
/// standard library's hasher was about half of resolving them.
#[derive(Debug, Default)]
pub struct Symbols {
    table: HashTable<EntityRef>,
    hasher: foldhash::fast::FixedState,
}

impl Symbols {
    /// The table of `model`'s entities, and each entity whose ID an
    /// earlier one (kind by kind, in declaration order) already has, with
    /// that earlier one: `(first, duplicate)`.
    pub(super) fn build(model: &Model) -> (Symbols, Vec<(EntityRef, EntityRef)>) {
        let hasher = foldhash::fast::FixedState::default();
        // Hashing reads every entity's ID, which is where the time goes
        // (the entities are scattered): in parallel, kind by kind.
        let mut hashed: Vec<(u64, EntityRef)> = Vec::with_capacity(model.total());
        for kind in EntityKind::ALL {
            hashed.par_extend((0..model.count(kind) as u32).into_par_iter().map(|index| {
                let r = EntityRef { kind, index };
                (hasher.hash_one(model.meta(r).id()), r)
            }));
        }
        let id = |r: EntityRef| model.meta(r).id();
        let mut table = HashTable::with_capacity(hashed.len());
        let mut duplicates = Vec::new();
        for (hash, r) in hashed {
            match table.entry(hash, |&x| id(x) == id(r), |&x| hasher.hash_one(id(x))) {
                Entry::Occupied(first) => duplicates.push((*first.get(), r)),
                Entry::Vacant(slot) => {
                    slot.insert(r);
                }
            }
        }
        (Symbols { table, hasher }, duplicates)
    }

    /// The entity of `model` (whose table this is) with this ID.
    pub(super) fn get(&self, model: &Model, id: &str) -> Option<EntityRef> {
        self.table
            .find(self.hasher.hash_one(id), |&r| model.meta(r).id() == id)
            .copied()
    }

    /// How many IDs the table has.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the table has no ID.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}
