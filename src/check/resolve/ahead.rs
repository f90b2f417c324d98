//! Folded sections read again ahead of the build, on a second thread.
//!
//! The checker reads a plan's sections twice: once to declare their names (the section's tree is
//! then set aside, see [`crate::syntax::parse_folded`]), and again, one at a time, when pass 2
//! builds them. Reading a section again is about a third of building it, and the build runs on one
//! thread. So a second thread takes sections from the end of the plan and reads them while the
//! build works forward from the start; each section is read once, by whichever thread claims it
//! first. The build then takes the second thread's trees as it reaches them.
//!
//! The second thread only claims sections while the two have not met, and it is finished with
//! every section it claimed by the time the build takes them, so the build frees that thread's
//! memory while the thread no longer allocates (a build freeing the blocks of a thread still
//! allocating made both wait on the allocator's lock: see [`super::unfold`]). What it reads ahead
//! is bounded ([`BYTES_AHEAD`]), so the memory saved by setting sections aside stays saved.

use crate::source::{SourceMap, Span};
use crate::syntax::ast::SectionBlock;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// At most this much text (in bytes) is read ahead: its trees are about four times as large.
const BYTES_AHEAD: usize = 16 << 20;

/// Plans whose folded sections hold less text than this are read on one thread: a thread costs
/// more than it saves there.
const WORTH_A_THREAD: usize = 1 << 20;

/// The folded sections of one build, and which thread reads each.
pub(super) struct Ahead<'s> {
    sources: &'s SourceMap,
    /// Where each folded section is, in document order.
    spans: Vec<Span>,
    state: Mutex<State>,
    /// Signalled when the second thread has read a section, or stops.
    read: Condvar,
}

struct State {
    /// The build has claimed the sections before this one.
    front: usize,
    /// The second thread has claimed this section and the ones after it.
    back: usize,
    /// The trees the second thread has read, by section, until the build takes them.
    trees: Vec<Option<Option<SectionBlock>>>,
    /// The second thread claims no more (it may still be reading its last section).
    stopped: bool,
}

impl<'s> Ahead<'s> {
    pub(super) fn new(sources: &'s SourceMap, spans: Vec<Span>) -> Ahead<'s> {
        let count = spans.len();
        Ahead {
            sources,
            state: Mutex::new(State {
                front: 0,
                back: count,
                trees: (0..count).map(|_| None).collect(),
                stopped: false,
            }),
            spans,
            read: Condvar::new(),
        }
    }

    /// Whether a second thread would save time.
    pub(super) fn worth_a_thread(&self) -> bool {
        self.spans.iter().map(|s| s.len()).sum::<usize>() >= WORTH_A_THREAD
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The second thread's work: claims sections from the end and reads them, until it meets the
    /// build or has read [`BYTES_AHEAD`].
    pub(super) fn read_from_the_end(&self) {
        // However this ends, the build must not wait for a section no thread will read.
        let _stop = Stop(self);
        let mut left = BYTES_AHEAD;
        loop {
            let section = {
                let mut state = self.lock();
                let Some(section) = state.back.checked_sub(1) else {
                    return;
                };
                let cost = self.spans.get(section).map_or(usize::MAX, |s| s.len());
                if section < state.front || cost > left {
                    return;
                }
                state.back = section;
                left -= cost;
                section
            };
            let tree = self
                .spans
                .get(section)
                .and_then(|&span| super::unfold(self.sources, span));
            let mut state = self.lock();
            if let Some(slot) = state.trees.get_mut(section) {
                *slot = Some(tree);
            }
            drop(state);
            self.read.notify_all();
        }
    }

    /// The tree of folded section `section` (in document order): read here, unless the second
    /// thread claimed it, then as that thread read it.
    pub(super) fn take(&self, section: usize) -> Option<SectionBlock> {
        let mut state = self.lock();
        if section < state.back {
            state.front = section + 1;
            drop(state);
            return super::unfold(self.sources, *self.spans.get(section)?);
        }
        loop {
            if let Some(tree) = state.trees.get_mut(section).and_then(Option::take) {
                return tree;
            }
            if state.stopped {
                // Claimed, but the thread stopped without reading it (it panicked).
                drop(state);
                return super::unfold(self.sources, *self.spans.get(section)?);
            }
            state = self
                .read
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Marks the second thread stopped when it returns or unwinds.
struct Stop<'a, 's>(&'a Ahead<'s>);

impl Drop for Stop<'_, '_> {
    fn drop(&mut self) {
        self.0.lock().stopped = true;
        self.0.read.notify_all();
    }
}
