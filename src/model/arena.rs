//! `Entities<T>`: the list of one kind's entities in a model, each on its own
//! heap allocation.
//!
//! Why not a plain `Vec<T>`: entities are large (an element is over 500
//! bytes) and are built per file on the worker threads, then merged into one
//! model on one thread. A `Vec<T>` moves every entity twice on the way (once
//! each time a file's vector doubles, once into the merged vector), and each
//! move writes fresh memory: a third of a large `compile`'s page faults.
//! Boxed, an entity is written once, where the thread that lowered it put it,
//! and merging or growing moves pointers. Reading goes through the same
//! interface as a slice: indexing by arena index, `iter`, `len`.

use std::ops::{Index, IndexMut};

use rayon::prelude::*;

/// One kind's entities, in declaration order; indices are the model's arena
/// indices (`EntityRef::index`).
pub struct Entities<T> {
    items: Vec<Box<T>>,
}

impl<T> Default for Entities<T> {
    fn default() -> Self {
        Entities { items: Vec::new() }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Entities<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> Entities<T> {
    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Add an entity at the end.
    pub fn push(&mut self, entity: T) {
        self.items.push(Box::new(entity));
    }

    /// The entity at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.items.get(index).map(|b| &**b)
    }

    /// The entities in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter(self.items.iter())
    }

    /// The entities in order, open to change.
    pub fn iter_mut(&mut self) -> impl ExactSizeIterator<Item = &mut T> + DoubleEndedIterator {
        self.items.iter_mut().map(|b| &mut **b)
    }

    /// The entities in parallel, in order (rayon).
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = &T>
    where
        T: Sync,
    {
        self.items.par_iter().map(|b| &**b)
    }

    /// Runs of `size` entities in parallel, in order (rayon); each run is a
    /// slice of boxes, which derefs to the entities.
    pub fn par_chunks(&self, size: usize) -> rayon::slice::Chunks<'_, Box<T>>
    where
        T: Sync,
    {
        self.items.par_chunks(size)
    }

    /// Moves `other`'s entities to the end of this list (pointers only).
    pub fn append(&mut self, other: &mut Entities<T>) {
        self.items.append(&mut other.items);
    }

    /// Moves each entity to list number `part(entity)` of `parts` lists,
    /// keeping their order (pointers only); `None` if a part is out of range.
    pub fn split_by(self, parts: usize, part: impl Fn(&T) -> usize) -> Option<Vec<Entities<T>>> {
        let mut out: Vec<Entities<T>> = (0..parts).map(|_| Entities::default()).collect();
        for item in self.items {
            out.get_mut(part(&item))?.items.push(item);
        }
        Some(out)
    }

    /// The entities in the order of `at`, which names each index once, in
    /// parallel (rayon): each is moved out of its allocation as it is
    /// taken, and the allocation freed.
    pub fn into_par_iter_in(self, at: &[u32]) -> impl IndexedParallelIterator<Item = T> + use<T>
    where
        T: Send,
    {
        let mut slots: Vec<Option<Box<T>>> = self.items.into_iter().map(Some).collect();
        let ordered: Vec<Box<T>> = at
            .iter()
            .map(|&i| {
                slots[i as usize]
                    .take()
                    .expect("`at` names each index once")
            })
            .collect();
        ordered.into_par_iter().map(|b| *b)
    }

    /// Make room for `additional` more entities.
    pub fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
    }
}

impl<T> Index<usize> for Entities<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.items[index]
    }
}

impl<T> IndexMut<usize> for Entities<T> {
    fn index_mut(&mut self, index: usize) -> &mut T {
        &mut self.items[index]
    }
}

/// Iterator over `&T`, double-ended and of known length like the slice
/// iterator it wraps.
#[derive(Clone)]
pub struct Iter<'a, T>(std::slice::Iter<'a, Box<T>>);

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.0.next().map(|b| &**b)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.0.nth(n).map(|b| &**b)
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|b| &**b)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a Entities<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_follow_push_order_and_survive_append() {
        let mut a = Entities::default();
        a.push("x".to_string());
        a.push("y".to_string());
        let mut b = Entities::default();
        b.push("z".to_string());
        let z = &raw const *b.items[0];
        a.append(&mut b);
        assert!(b.is_empty());
        assert_eq!(a.len(), 3);
        assert_eq!(a[2], "z");
        // Appending moved the pointer, not the entity.
        assert_eq!(&raw const a[2], z);
        assert_eq!(
            a.iter().rev().map(String::as_str).collect::<Vec<_>>(),
            ["z", "y", "x"]
        );
        a[0].push('!');
        assert_eq!(a.get(0).map(String::as_str), Some("x!"));
        assert_eq!(a.get(3), None);
    }
}
