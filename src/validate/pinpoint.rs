//! Pin-pointing: when stated figures disagree with their sums, the one input value (or the
//! one stated figure) that explains every disagreement and no agreement.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::compute::cells::Leaf;
use crate::compute::stated::Tail;

/// A stated figure against the sum of its leaves.
pub(super) struct Check<'a> {
    /// The values it adds up.
    pub leaves: &'a [Leaf],
    /// How it differs from their sum.
    pub tail: Tail,
}

impl Check<'_> {
    /// Whether the difference exceeds the rounding tail.
    pub fn broken(&self) -> bool {
        !self.tail.agrees()
    }
}

/// What most likely is wrong.
#[derive(Debug, PartialEq)]
pub(super) enum Culprit {
    /// One input value: correcting it by the common difference mends every broken check.
    Leaf {
        /// The value.
        leaf: Leaf,
        /// What it would have to be.
        should_be: Decimal,
    },
    /// The stated figure of check `index` itself: its parts agree everywhere else.
    Stated(usize),
}

/// The single value that explains the broken checks, if there is exactly one.
pub(super) fn culprit(checks: &[Check]) -> Option<Culprit> {
    let broken: Vec<(usize, &Check)> = checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.broken())
        .collect();
    let (first_index, first) = *broken.first()?;
    let key = |l: &Leaf| (l.file, l.path.clone());
    let intact: BTreeSet<_> = checks
        .iter()
        .filter(|c| !c.broken())
        .flat_map(|c| c.leaves.iter().map(key))
        .collect();
    // One wrong value shifts every sum that holds it by the same amount, give or take the
    // rounding tails of the stated figures; the figure with the least tail tells it best.
    let same_delta = broken.iter().all(|(_, c)| {
        (c.tail.delta - first.tail.delta).abs()
            <= c.tail.tolerance + first.tail.tolerance + Decimal::new(1, 2)
    });
    let shift = broken
        .iter()
        .min_by_key(|(_, c)| c.tail.tolerance)
        .map_or(first.tail.delta, |(_, c)| c.tail.delta);
    if same_delta {
        let candidates: Vec<&Leaf> = first
            .leaves
            .iter()
            .filter(|l| !intact.contains(&key(l)))
            .filter(|l| {
                broken
                    .iter()
                    .all(|(_, c)| c.leaves.iter().any(|m| key(m) == key(l)))
            })
            .collect();
        if let [leaf] = candidates.as_slice() {
            return Some(Culprit::Leaf {
                leaf: (*leaf).clone(),
                should_be: leaf.value + shift,
            });
        }
    }
    let covered = first.leaves.iter().all(|l| intact.contains(&key(l)));
    (broken.len() == 1 && covered).then_some(Culprit::Stated(first_index))
}
