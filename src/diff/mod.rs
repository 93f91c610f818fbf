//! Diff stage: two reports' text → what changed, section by section, then sentence by
//! sentence, then within a sentence token by token, where a Chinese character is a token
//! and so is a whole number (2192.25, 4.03%), so that a changed figure reads old → new.

mod render;
mod sections;
mod years;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;
use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices};

pub use render::{html, json, text};
use sections::NUMERALS;
pub use sections::{Document, Section};

/// How a section of the new report relates to the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionChange {
    /// Same heading, same place.
    Kept,
    /// Same heading, another place among the sections.
    Moved,
    /// A heading reworded (paired by its wording and content).
    Renamed,
    /// Only in the new report.
    Added,
    /// Only in the old report.
    Removed,
}

/// A piece of a changed sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// equal, delete or insert.
    pub tag: &'static str,
    /// The text (of the new report, where it is in both).
    pub text: String,
    /// The old report's text of an equal span that names other years (last year's report).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
}

/// A figure that changed within a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// In the old report.
    pub old: String,
    /// In the new report.
    pub new: String,
}

/// One sentence of a paired section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Sentence {
    /// In both reports.
    Same {
        /// The sentence.
        text: String,
        /// The old report's sentence, if it names other years (last year's report).
        #[serde(skip_serializing_if = "Option::is_none")]
        old: Option<String>,
    },
    /// Only in the new report.
    Added {
        /// The sentence.
        text: String,
    },
    /// Only in the old report.
    Removed {
        /// The sentence.
        text: String,
    },
    /// A list item whose only change is its number: an item above it was added or removed.
    Renumbered {
        /// The old sentence.
        old: String,
        /// The new sentence.
        new: String,
        /// The item's number with its marks (`3.`, `（三）`), old → new.
        number: Figure,
    },
    /// Reworded or with other figures.
    Changed {
        /// The old sentence.
        old: String,
        /// The new sentence.
        new: String,
        /// The sentence token by token.
        spans: Vec<Span>,
        /// The figures that changed, old → new.
        figures: Vec<Figure>,
    },
}

/// A section of either report with its changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionDiff {
    /// How it relates to the other report.
    pub change: SectionChange,
    /// Its heading in the old report, after those above it.
    pub old_title: Option<String>,
    /// Its heading in the new report, after those above it.
    pub new_title: Option<String>,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
}

impl SectionDiff {
    /// Whether anything in the section differs.
    pub fn differs(&self) -> bool {
        self.change != SectionChange::Kept
            || self
                .sentences
                .iter()
                .any(|s| !matches!(s, Sentence::Same { .. }))
    }
}

/// The differences between two reports, in the new report's order (removed sections where
/// they stood).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The sections.
    pub sections: Vec<SectionDiff>,
}

/// Compares the old report with the new one; last year's report is read with its years
/// moved to this year's (the `years` module).
pub fn diff(old: &Document, new: &Document) -> Diff {
    let shift = years::shift(old, new);
    let compared = years::moved_document(old, shift);
    let pairs = pair(&compared, new);
    let mut sections = Vec::new();
    let mut next_old = 0;
    for (j, section) in new.sections.iter().enumerate() {
        match pairs.iter().find(|p| p.new == j) {
            Some(p) => {
                // Old sections that went away are shown where they stood.
                while next_old < p.old {
                    if !pairs.iter().any(|q| q.old == next_old)
                        && !old.sections[next_old].sentences.is_empty()
                    {
                        sections.push(removed(&old.sections[next_old]));
                    }
                    next_old += 1;
                }
                next_old = next_old.max(p.old + 1);
                let o = &old.sections[p.old];
                sections.push(SectionDiff {
                    change: p.change,
                    old_title: Some(o.path.clone()),
                    new_title: Some(section.path.clone()),
                    sentences: sentences(
                        &o.sentences,
                        &compared.sections[p.old].sentences,
                        &section.sentences,
                        shift,
                    ),
                });
            }
            None if section.sentences.is_empty() => {}
            None => sections.push(SectionDiff {
                change: SectionChange::Added,
                old_title: None,
                new_title: Some(section.path.clone()),
                sentences: section
                    .sentences
                    .iter()
                    .map(|s| Sentence::Added { text: s.clone() })
                    .collect(),
            }),
        }
    }
    for (i, section) in old.sections.iter().enumerate().skip(next_old) {
        if !pairs.iter().any(|p| p.old == i) && !section.sentences.is_empty() {
            sections.push(removed(section));
        }
    }
    Diff { sections }
}

fn removed(section: &Section) -> SectionDiff {
    SectionDiff {
        change: SectionChange::Removed,
        old_title: Some(section.path.clone()),
        new_title: None,
        sentences: section
            .sentences
            .iter()
            .map(|s| Sentence::Removed { text: s.clone() })
            .collect(),
    }
}

/// Two sections paired across the reports.
#[derive(Debug, Clone, Copy)]
struct Pair {
    old: usize,
    new: usize,
    change: SectionChange,
}

/// Pairs the sections: by heading (without its number) first, then the rest by the
/// likeness of heading and text; pairs out of order are moves.
#[allow(clippy::disallowed_types)] // likeness scores, not amounts
fn pair(old: &Document, new: &Document) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = Vec::new();
    for (j, n) in new.sections.iter().enumerate() {
        if let Some(i) = (0..old.sections.len())
            .find(|&i| old.sections[i].key == n.key && !pairs.iter().any(|p| p.old == i))
        {
            pairs.push(Pair {
                old: i,
                new: j,
                change: SectionChange::Kept,
            });
        }
    }
    // The rest, most alike first.
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (j, n) in new.sections.iter().enumerate() {
        for (i, o) in old.sections.iter().enumerate() {
            if !pairs.iter().any(|p| p.old == i || p.new == j) {
                candidates.push((likeness(o, n), i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (score, i, j) in candidates {
        if score >= 0.5 && !pairs.iter().any(|p| p.old == i || p.new == j) {
            pairs.push(Pair {
                old: i,
                new: j,
                change: SectionChange::Renamed,
            });
        }
    }
    pairs.sort_by_key(|p| p.new);
    // Among the sections kept under their heading, those off the longest run in the old
    // order were moved.
    let kept: Vec<usize> = (0..pairs.len())
        .filter(|&k| pairs[k].change == SectionChange::Kept)
        .collect();
    let order: Vec<usize> = kept.iter().map(|&k| pairs[k].old).collect();
    let in_order = longest_increasing(&order);
    for (position, &k) in kept.iter().enumerate() {
        if !in_order.contains(&position) {
            pairs[k].change = SectionChange::Moved;
        }
    }
    pairs
}

/// How alike two sections are, 0–1: their headings and their text, by characters.
#[allow(clippy::disallowed_types)] // a similarity score, not an amount
fn likeness(a: &Section, b: &Section) -> f64 {
    let title = strsim::normalized_levenshtein(&a.key, &b.key);
    let text = strsim::normalized_levenshtein(&a.sentences.concat(), &b.sentences.concat());
    (title + text) / 2.0
}

/// The positions of a longest strictly increasing subsequence of `values`.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = j;
            }
        }
    }
    let Some(mut end) = (0..n).max_by_key(|&i| length[i]) else {
        return Vec::new();
    };
    let mut run = vec![end];
    while previous[end] != usize::MAX {
        end = previous[end];
        run.push(end);
    }
    run
}

/// The sentences of two paired sections: same, added, removed, or changed (a removed and
/// an added sentence at the same place, paired in order). The old ones are compared as
/// `compared`, with their years moved by `shift`.
fn sentences(old: &[String], compared: &[String], new: &[String], shift: i32) -> Vec<Sentence> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, compared, new) {
        let (tag, o, n) = op.as_tag_tuple();
        let (o, n) = (&old[o], &new[n]);
        match tag {
            DiffTag::Equal => out.extend(o.iter().zip(n).map(|(o, n)| Sentence::Same {
                text: n.clone(),
                old: (o != n).then(|| o.clone()),
            })),
            DiffTag::Delete => out.extend(o.iter().map(|s| Sentence::Removed { text: s.clone() })),
            DiffTag::Insert => out.extend(n.iter().map(|s| Sentence::Added { text: s.clone() })),
            DiffTag::Replace => out.extend(align(o, n, shift)),
        }
    }
    out
}

/// How alike two sentences must be, in thousandths, to be shown as one sentence changed
/// rather than one removed and another added.
const ALIKE: u32 = 500;

/// The sentences of a replaced run, paired by likeness and in order: a sentence removed
/// from a list leaves the items after it paired with their own text, renumbered, not with
/// their neighbours'.
fn align(old: &[String], new: &[String], shift: i32) -> Vec<Sentence> {
    let (old_shapes, new_shapes): (Vec<_>, Vec<_>) = (
        old.iter().map(|s| shape(s)).collect(),
        new.iter().map(|s| shape(s)).collect(),
    );
    let score: Vec<Vec<u32>> = old_shapes
        .iter()
        .map(|a| new_shapes.iter().map(|b| alike(a, b)).collect())
        .collect();
    // best[i][j]: the most likeness that pairs of old[i..] and new[j..] can add up to.
    let mut best = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            let paired = if score[i][j] >= ALIKE {
                best[i + 1][j + 1] + score[i][j]
            } else {
                0
            };
            best[i][j] = best[i + 1][j].max(best[i][j + 1]).max(paired);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() || j < new.len() {
        if i < old.len()
            && j < new.len()
            && score[i][j] >= ALIKE
            && best[i][j] == best[i + 1][j + 1] + score[i][j]
        {
            out.push(changed(&old[i], &new[j], shift));
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || best[i][j] == best[i + 1][j]) {
            out.push(Sentence::Removed {
                text: old[i].clone(),
            });
            i += 1;
        } else {
            out.push(Sentence::Added {
                text: new[j].clone(),
            });
            j += 1;
        }
    }
    out
}

/// A sentence's tokens with every figure as one and the same token: a sentence whose
/// figures changed (0 → 1.50万元, 占0% → 占38.46%) is still the sentence it was.
fn shape(sentence: &str) -> Vec<&str> {
    tokens(sentence)
        .into_iter()
        .map(|t| if is_number(t) { "0" } else { t })
        .collect()
}

/// How alike two sentences' shapes are, in thousandths of the longer one's tokens (`Vec`s:
/// strsim's `generic_levenshtein` takes sized sequences).
fn alike(a: &Vec<&str>, b: &Vec<&str>) -> u32 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1000;
    }
    let same = longest - strsim::generic_levenshtein(a, b);
    u32::try_from(1000 * same / longest).unwrap_or(1000)
}

/// A changed sentence, token by token, with the figures that changed; the old one is
/// compared with its years moved by `shift`, and what is the same is shown as the new one.
fn changed(old: &str, new: &str, shift: i32) -> Sentence {
    let (a, b) = (tokens(old), tokens(new));
    let compared = years::moved(&a, shift);
    let new_tokens: Vec<Cow<str>> = b.iter().map(|t| Cow::Borrowed(*t)).collect();
    let (a_item, b_item) = (item_number(&a), item_number(&b));
    if let (Some(x), Some(y)) = (&a_item, &b_item)
        && compared[..x.start] == new_tokens[..y.start]
        && compared[x.end..] == new_tokens[y.end..]
    {
        let marker = |t: &[&str], number: &Range<usize>| t[..=number.end].concat();
        return Sentence::Renumbered {
            old: old.to_owned(),
            new: new.to_owned(),
            number: Figure {
                old: marker(&a, x),
                new: marker(&b, y),
            },
        };
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut figures = Vec::new();
    let mut push = |tag: &'static str, text: String, old: Option<String>| match spans.last_mut() {
        Some(last) if last.tag == tag && last.old.is_none() && old.is_none() => {
            last.text.push_str(&text);
        }
        _ => spans.push(Span { tag, text, old }),
    };
    // A list item renumbered is not a figure changed.
    for op in capture_diff_slices(Algorithm::Myers, &compared, &new_tokens) {
        let (tag, o_range, n_range) = op.as_tag_tuple();
        if let DiffOp::Replace { .. } = op {
            let numbers = |t: &[&str], range: Range<usize>, item: &Option<Range<usize>>| {
                range
                    .filter(|&i| is_number(t[i]) && !item.as_ref().is_some_and(|n| n.contains(&i)))
                    .map(|i| t[i].to_owned())
                    .collect::<Vec<_>>()
            };
            figures.extend(
                numbers(&a, o_range.clone(), &a_item)
                    .into_iter()
                    .zip(numbers(&b, n_range.clone(), &b_item))
                    .filter(|(old, new)| !same_value(old, new))
                    .map(|(old, new)| Figure { old, new }),
            );
        }
        let (o, n) = (&a[o_range], &b[n_range]);
        match tag {
            DiffTag::Equal => {
                let (text, was) = (n.concat(), o.concat());
                let old = (was != text).then_some(was);
                push("equal", text, old);
            }
            DiffTag::Delete => push("delete", o.concat(), None),
            DiffTag::Insert => push("insert", n.concat(), None),
            DiffTag::Replace => {
                push("delete", o.concat(), None);
                push("insert", n.concat(), None);
            }
        }
    }
    Sentence::Changed {
        old: old.to_owned(),
        new: new.to_owned(),
        spans,
        figures,
    }
}

/// Tokens of a sentence: a number (with its separators, decimals and %) or an ASCII word
/// is one token; every other character is a token of its own.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let len = if first.is_ascii_digit() {
            let run = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '%')))
                .unwrap_or(rest.len());
            // A separator or point that no digit follows ends the sentence or clause
            // (`93.05%,` in a text with ASCII commas).
            rest[..run].trim_end_matches(['.', ',']).len()
        } else if first.is_ascii_alphabetic() {
            rest.find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// The tokens that number a list item (`3.`, `3、`, `(3)`, `（十二）`, `三、`), if the
/// sentence starts with one; its mark follows them.
fn item_number(tokens: &[&str]) -> Option<Range<usize>> {
    let numeral = |t: &&&str| is_number(t) || (t.chars().count() == 1 && NUMERALS.contains(**t));
    let open = usize::from(matches!(tokens.first(), Some(&("(" | "（"))));
    let end = open + tokens.get(open..)?.iter().take_while(numeral).count();
    let marks: &[&str] = if open == 1 {
        &[")", "）"]
    } else {
        &[".", "、", "．"]
    };
    (end > open && marks.contains(tokens.get(end)?)).then_some(open..end)
}

fn is_number(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether two number tokens are one figure written otherwise (280 and 280.00, 1,234.5
/// and 1234.50, 14% and 14.00%), which is no figure changed.
fn same_value(a: &str, b: &str) -> bool {
    let value = |token: &str| {
        let digits = token.trim_end_matches('%').replace(',', "");
        let number = digits.parse::<rust_decimal::Decimal>().ok()?;
        Some((number.normalize(), token.ends_with('%')))
    };
    matches!((value(a), value(b)), (Some(x), Some(y)) if x == y)
}
