//! The table of every declared name: what it stands for and where it is declared.
//!
//! A plan of a million items declares some three and a half million names. A map from the name's
//! text took 56 bytes a name (a string key, the symbol, the span); this table keeps only the span
//! and the symbol, 20 bytes, and reads the name itself from the source text when it hashes or
//! compares. That holds because a declared name is always the source text at its span: both
//! parsers make a name from exactly the text they read.

use crate::model::{
    BaselineId, FactId, GroupId, ItemId, MilestoneId, OwnerId, RecurrenceId, TargetId,
};
use crate::source::{SourceMap, Span};
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// What a name in the plan's single namespace stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Symbol {
    Owner(OwnerId),
    Group(GroupId),
    Baseline(BaselineId),
    /// Index into the plan's categories (a `u32`, like every id, so that an entry stays small).
    Category(u32),
    Goal,
    Section,
    Item(ItemId),
    Target(TargetId),
    Milestone(MilestoneId),
    Recurrence(RecurrenceId),
    Fact(FactId),
}

impl Symbol {
    pub(super) fn kind(self) -> &'static str {
        match self {
            Symbol::Owner(_) => "an owner",
            Symbol::Group(_) => "an owner group",
            Symbol::Baseline(_) => "a baseline",
            Symbol::Category(_) => "a category",
            Symbol::Goal => "a goal",
            Symbol::Section => "a section",
            Symbol::Item(_) => "an item",
            Symbol::Target(_) => "a target",
            Symbol::Milestone(_) => "a milestone",
            Symbol::Recurrence(_) => "a recurrence",
            Symbol::Fact(_) => "a fact",
        }
    }
}

/// One declared name: its span (the name is the source text there) and its symbol, 20 bytes.
#[derive(Debug, Clone, Copy)]
struct Entry {
    span: Span,
    symbol: Symbol,
}

/// Every declared name of one plan.
pub(super) struct NameTable<'a> {
    sources: &'a SourceMap,
    entries: HashTable<Entry>,
}

impl<'a> NameTable<'a> {
    pub(super) fn new(sources: &'a SourceMap) -> NameTable<'a> {
        NameTable {
            sources,
            entries: HashTable::new(),
        }
    }

    fn hash(name: &str) -> u64 {
        rustc_hash::FxBuildHasher.hash_one(name)
    }

    /// Makes room for `more` names at once: growing a table of millions of names rehashes it again
    /// and again.
    pub(super) fn reserve(&mut self, more: usize) {
        let sources = self.sources;
        self.entries
            .reserve(more, |entry| Self::hash(sources.slice(entry.span)));
    }

    /// The symbol of `name` and where it is declared.
    pub(super) fn get(&self, name: &str) -> Option<(Symbol, Span)> {
        let sources = self.sources;
        self.entries
            .find(Self::hash(name), |entry| sources.slice(entry.span) == name)
            .map(|entry| (entry.symbol, entry.span))
    }

    /// Declares the name written at `span`. When it is already declared, nothing changes and the
    /// first declaration is returned.
    pub(super) fn insert(&mut self, span: Span, symbol: Symbol) -> Result<(), (Symbol, Span)> {
        let sources = self.sources;
        let name = sources.slice(span);
        let found = self.entries.entry(
            Self::hash(name),
            |entry| sources.slice(entry.span) == name,
            |entry| Self::hash(sources.slice(entry.span)),
        );
        match found {
            hashbrown::hash_table::Entry::Occupied(first) => {
                Err((first.get().symbol, first.get().span))
            }
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                vacant.insert(Entry { span, symbol });
                Ok(())
            }
        }
    }

    /// Every declared name with its symbol, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&'a str, Symbol)> + '_ {
        let sources = self.sources;
        self.entries
            .iter()
            .map(move |entry| (sources.slice(entry.span), entry.symbol))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn an_entry_is_a_span_and_a_symbol_of_twenty_bytes() {
        assert_eq!(std::mem::size_of::<Symbol>(), 8);
        assert_eq!(std::mem::size_of::<Entry>(), 20);
    }

    #[test]
    fn names_are_found_by_their_text_and_declared_once() {
        let mut sources = SourceMap::new();
        let file = sources.add(
            "t.plan".into(),
            PathBuf::from("t.plan"),
            "i1 i2 学位 i1".into(),
        );
        let mut names = NameTable::new(&sources);
        names.reserve(3);
        let i1 = Span::new(file, 0, 2);
        let degree = Span::new(file, 6, 12);
        assert_eq!(
            names.insert(i1, Symbol::Item(ItemId::from_index(0))),
            Ok(())
        );
        assert_eq!(
            names.insert(
                Span::new(file, 3, 5),
                Symbol::Target(TargetId::from_index(7))
            ),
            Ok(())
        );
        assert_eq!(
            names.insert(degree, Symbol::Owner(OwnerId::from_index(2))),
            Ok(())
        );
        // The second `i1`, at the end of the text, is the same name.
        assert_eq!(
            names.insert(Span::new(file, 13, 15), Symbol::Goal),
            Err((Symbol::Item(ItemId::from_index(0)), i1))
        );
        assert_eq!(
            names.get("学位"),
            Some((Symbol::Owner(OwnerId::from_index(2)), degree))
        );
        assert_eq!(
            names.get("i2").map(|(s, _)| s),
            Some(Symbol::Target(TargetId::from_index(7)))
        );
        assert_eq!(names.get("i3"), None);
        let mut all: Vec<_> = names.iter().collect();
        all.sort_by_key(|(name, _)| *name);
        assert_eq!(
            all,
            vec![
                ("i1", Symbol::Item(ItemId::from_index(0))),
                ("i2", Symbol::Target(TargetId::from_index(7))),
                ("学位", Symbol::Owner(OwnerId::from_index(2)))
            ]
        );
    }
}
