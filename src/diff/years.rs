//! Year over year: last year's report names its own years (2023年度, 比2022年), this
//! year's the next ones. The old report is compared with its years moved by the shift
//! between the two, so that only what else changed shows.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Document, tokens};

/// How many years the new report is after the old one: the difference of the years each
/// names most; 0 when either names none.
pub(super) fn shift(old: &Document, new: &Document) -> i32 {
    match (most_named(old), most_named(new)) {
        (Some(old), Some(new)) => new - old,
        _ => 0,
    }
}

/// The tokens of a sentence with every year moved by `shift`.
pub(super) fn moved<'a>(tokens: &[&'a str], shift: i32) -> Vec<Cow<'a, str>> {
    (0..tokens.len())
        .map(|i| match year_at(tokens, i) {
            Some(year) if shift != 0 => Cow::Owned((year + shift).to_string()),
            _ => Cow::Borrowed(tokens[i]),
        })
        .collect()
}

/// The document with every year of its headings' keys and sentences moved by `shift`, to
/// pair its sections with the other report's.
pub(super) fn moved_document(document: &Document, shift: i32) -> Cow<'_, Document> {
    if shift == 0 {
        return Cow::Borrowed(document);
    }
    let move_years = |text: &String| moved(&tokens(text), shift).concat();
    let mut moved_doc = document.clone();
    for section in &mut moved_doc.sections {
        section.key = move_years(&section.key);
        section.sentences = section.sentences.iter().map(move_years).collect();
    }
    Cow::Owned(moved_doc)
}

/// The year that a document names most.
fn most_named(document: &Document) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for section in &document.sections {
        for text in std::iter::once(&section.title).chain(&section.sentences) {
            let t = tokens(text);
            for year in (0..t.len()).filter_map(|i| year_at(&t, i)) {
                *counts.entry(year).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(year, count)| (count, year))
        .map(|(year, _)| year)
}

/// The year that the token at `i` is: four digits before 年 (2024年度, 2023年), from 1990
/// to 2099 (moved by the shift between two such years, it keeps four digits, and so the
/// moved tokens align with the others).
fn year_at(tokens: &[&str], i: usize) -> Option<i32> {
    let token = tokens[i];
    if token.len() != 4 || tokens.get(i + 1) != Some(&"年") {
        return None;
    }
    token
        .parse()
        .ok()
        .filter(|year| (1990..2100).contains(year))
}
