//! Typed ids and the arenas they index.
//!
//! Every list of the resolved [`Plan`](super::Plan) is an [`Arena`], indexed only by its own kind of
//! id: an [`ItemId`](super::ItemId) reads [`Plan::items`](super::Plan::items) and cannot be used on
//! the targets by mistake. Ids are made by the resolver when it builds the plan (by
//! [`Arena::push`], or by counting ahead in the same order), never from input, so an id always
//! names an entry: indexing is an invariant, and a resolver bug panics in the tests instead of
//! reading as an empty name somewhere in the output. An id is 4 bytes, half a `usize`.

use std::fmt;
use std::marker::PhantomData;

/// An id that indexes an [`Arena`].
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The id of the entry at `index`.
    ///
    /// # Panics
    /// Past `u32::MAX` entries, which no plan reaches (the loader reads at most 1 GiB of text).
    fn from_index(index: usize) -> Self;
    /// The position of the entry it names.
    fn index(self) -> usize;
}

/// Declares an id type: a `u32` newtype that indexes one arena.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The id of the entry at `index` (see [`Id::from_index`]).
            #[inline]
            pub fn from_index(index: usize) -> Self {
                match u32::try_from(index) {
                    Ok(raw) => $name(raw),
                    Err(_) => panic!(concat!(stringify!($name), " past u32::MAX: {}"), index),
                }
            }

            /// The position of the entry it names.
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl Id for $name {
            #[inline]
            fn from_index(index: usize) -> Self {
                $name::from_index(index)
            }

            #[inline]
            fn index(self) -> usize {
                $name::index(self)
            }
        }

        /// The index, as in generated names (`i12`, `m3`).
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }
    )*};
}

ids! {
    /// An owner: index into [`Plan::owners`](super::Plan::owners).
    OwnerId;
    /// An owner group: index into [`Plan::groups`](super::Plan::groups).
    GroupId;
    /// A baseline: index into [`Plan::baselines`](super::Plan::baselines).
    BaselineId;
    /// A main goal: index into [`Plan::goals`](super::Plan::goals).
    GoalId;
    /// A section: index into [`Plan::sections`](super::Plan::sections).
    SectionId;
    /// An item or sub-item: index into [`Plan::items`](super::Plan::items).
    ItemId;
    /// A target: index into [`Plan::targets`](super::Plan::targets).
    TargetId;
    /// A milestone: index into [`Plan::milestones`](super::Plan::milestones).
    MilestoneId;
    /// A recurrence: index into [`Plan::recurrences`](super::Plan::recurrences).
    RecurrenceId;
    /// A dependency: index into [`Plan::dependencies`](super::Plan::dependencies).
    DependencyId;
    /// A fact: index into [`Plan::facts`](super::Plan::facts).
    FactId;
}

/// A list indexed by its own kind of id. Indexing with an id it did not hand out panics: ids come
/// from the resolver, so that is a bug to find, not a value to paper over.
pub struct Arena<I, T> {
    raw: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> Arena<I, T> {
    /// An empty arena.
    pub const fn new() -> Self {
        Arena {
            raw: Vec::new(),
            id: PhantomData,
        }
    }

    /// An empty arena with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Arena {
            raw: Vec::with_capacity(capacity),
            id: PhantomData,
        }
    }

    /// Adds an entry and returns its id.
    #[inline]
    pub fn push(&mut self, value: T) -> I {
        let id = I::from_index(self.raw.len());
        self.raw.push(value);
        id
    }

    /// The id the next [`push`](Self::push) will return.
    #[inline]
    pub fn next_id(&self) -> I {
        I::from_index(self.raw.len())
    }

    /// How many entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether there are none.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The entries in order.
    #[inline]
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }

    /// The entries in order, to change.
    #[inline]
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.raw.iter_mut()
    }

    /// Every id with its entry, in order.
    #[inline]
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.raw
            .iter()
            .enumerate()
            .map(|(index, value)| (I::from_index(index), value))
    }

    /// Every id, in order.
    #[inline]
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.raw.len()).map(I::from_index)
    }

    /// The id of the first entry that satisfies `predicate`.
    pub fn position(&self, predicate: impl FnMut(&T) -> bool) -> Option<I> {
        self.raw.iter().position(predicate).map(I::from_index)
    }

    /// The first entry.
    #[inline]
    pub fn first(&self) -> Option<&T> {
        self.raw.first()
    }

    /// The last entry.
    #[inline]
    pub fn last(&self) -> Option<&T> {
        self.raw.last()
    }

    /// The last entry, to change.
    #[inline]
    pub fn last_mut(&mut self) -> Option<&mut T> {
        self.raw.last_mut()
    }

    /// The entries as a slice, in id order (for code that reads them all, never to index).
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        &self.raw
    }

    /// Room for `additional` more entries.
    pub fn reserve(&mut self, additional: usize) {
        self.raw.reserve(additional);
    }

    /// Frees unused capacity.
    pub fn shrink_to_fit(&mut self) {
        self.raw.shrink_to_fit();
    }
}

impl<I: Id, T> Default for Arena<I, T> {
    fn default() -> Self {
        Arena::new()
    }
}

impl<I, T: Clone> Clone for Arena<I, T> {
    fn clone(&self) -> Self {
        Arena {
            raw: self.raw.clone(),
            id: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Arena<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.raw).finish()
    }
}

impl<I: Id, T> std::ops::Index<I> for Arena<I, T> {
    type Output = T;

    #[inline]
    #[track_caller]
    fn index(&self, id: I) -> &T {
        &self.raw[id.index()]
    }
}

impl<I: Id, T> std::ops::IndexMut<I> for Arena<I, T> {
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.raw[id.index()]
    }
}

impl<I: Id, T> IntoIterator for Arena<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.into_iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a Arena<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut Arena<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter_mut()
    }
}

impl<I: Id, T> FromIterator<T> for Arena<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Arena {
            raw: iter.into_iter().collect(),
            id: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_hands_out_ids_in_order_and_indexes_by_them() {
        let mut arena: Arena<ItemId, &str> = Arena::new();
        assert_eq!(arena.next_id(), ItemId::from_index(0));
        let a = arena.push("a");
        let b = arena.push("b");
        assert_eq!((a.index(), b.index()), (0, 1));
        assert_eq!((arena[a], arena[b]), ("a", "b"));
        arena[b] = "c";
        let listed: Vec<(ItemId, &&str)> = arena.iter_enumerated().collect();
        assert_eq!(listed, vec![(a, &"a"), (b, &"c")]);
        assert_eq!(arena.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(format!("{b:?}"), "ItemId(1)");
    }

    #[test]
    #[should_panic(expected = "index out of bounds")]
    fn an_id_the_arena_did_not_hand_out_panics() {
        let mut other: Arena<TargetId, u8> = Arena::new();
        other.push(1);
        let foreign = other.push(2);
        let arena: Arena<TargetId, u8> = std::iter::once(7).collect();
        let _ = arena[foreign];
    }

    #[test]
    fn ids_are_half_a_usize() {
        assert_eq!(std::mem::size_of::<ItemId>(), 4);
        assert_eq!(std::mem::size_of::<super::super::Node>(), 8);
    }
}
