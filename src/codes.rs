//! The classification dictionary (政府收支分类科目), embedded from `data/codes/`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::model::LocalCodes;

/// Names of the 支出功能分类 and 部门预算支出经济分类 codes.
#[derive(Debug)]
pub struct Codes {
    function: BTreeMap<String, String>,
    definitions: BTreeMap<String, String>,
    economic: BTreeMap<String, String>,
    /// 部门预算支出经济分类款 → 政府预算支出经济分类款.
    gov: BTreeMap<String, String>,
    gov_names: BTreeMap<String, String>,
}

static CODES: LazyLock<Codes> = LazyLock::new(|| {
    let function = include_str!("../data/codes/function.tsv");
    let economic = include_str!("../data/codes/economic.tsv");
    Codes {
        function: parse_tsv(function, 1),
        definitions: parse_tsv(function, 2),
        economic: parse_tsv(economic, 1),
        gov: parse_tsv(economic, 2),
        gov_names: parse_tsv(include_str!("../data/codes/economic-gov.tsv"), 1),
    }
});

/// Reads column `column` of `code<TAB>name[<TAB>…]` rows after a header line, keyed by
/// code; empty cells are left out.
fn parse_tsv(text: &str, column: usize) -> BTreeMap<String, String> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let code = cells.next()?.trim();
            let value = cells.nth(column - 1)?.trim();
            (!value.is_empty()).then(|| (code.to_owned(), value.to_owned()))
        })
        .collect()
}

/// The level of a 支出功能分类 code, from its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// 类 (3 digits).
    Class,
    /// 款 (5 digits).
    Section,
    /// 项 (7 digits).
    Item,
}

impl Level {
    /// The level of `code`, if it is a well-formed functional code.
    pub fn of(code: &str) -> Option<Level> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            3 => Some(Level::Class),
            5 => Some(Level::Section),
            7 => Some(Level::Item),
            _ => None,
        }
    }

    /// The code's ancestors and itself: 2080101 → [208, 20801, 2080101].
    pub fn chain(code: &str) -> Vec<&str> {
        [3, 5, 7]
            .into_iter()
            .filter(|&n| n <= code.len())
            .map(|n| &code[..n])
            .collect()
    }
}

impl Codes {
    /// The embedded dictionary.
    pub fn embedded() -> &'static Codes {
        &CODES
    }

    /// The name of a 支出功能分类 code (类, 款 or 项).
    pub fn function(&self, code: &str) -> Option<&str> {
        self.function.get(code).map(String::as_str)
    }

    /// The name of a 部门预算支出经济分类 code (类 or 款).
    pub fn economic(&self, code: &str) -> Option<&str> {
        self.economic.get(code).map(String::as_str)
    }

    /// The 政府预算支出经济分类款 of a 部门预算支出经济分类款, with its name, where known.
    pub fn gov(&self, code: &str) -> Option<(&str, &str)> {
        let gov = self.gov.get(code)?;
        Some((gov, self.gov_names.get(gov).map_or("", String::as_str)))
    }

    /// The classification's description of a 支出功能分类 项 (科目说明), where known.
    pub fn definition(&self, code: &str) -> Option<&str> {
        self.definitions.get(code).map(String::as_str)
    }
}

/// The embedded dictionary extended by a report's local codes (codes.yaml).
#[derive(Debug, Clone, Copy)]
pub struct Dictionary<'a> {
    local: &'a LocalCodes,
}

impl<'a> Dictionary<'a> {
    /// The dictionary of a report with local codes `local`.
    pub fn new(local: &'a LocalCodes) -> Self {
        Dictionary { local }
    }

    /// The name of a 支出功能分类 code, local codes first.
    pub fn function(&self, code: &str) -> Option<&'a str> {
        self.local
            .function
            .get(code)
            .map(String::as_str)
            .or_else(|| Codes::embedded().function(code))
    }

    /// The name of a 部门预算支出经济分类 code, local codes first.
    pub fn economic(&self, code: &str) -> Option<&'a str> {
        self.local
            .economic
            .get(code)
            .map(String::as_str)
            .or_else(|| Codes::embedded().economic(code))
    }

    /// The 类（类）款（款）项（项） chain of a code, with names from the dictionary.
    pub fn chain(&self, code: &str) -> String {
        let marks = ["（类）", "（款）", "（项）"];
        Level::chain(code)
            .iter()
            .zip(marks)
            .map(|(c, mark)| format!("{}{mark}", self.function(c).unwrap_or(c)))
            .collect()
    }
}

impl Codes {
    /// Every 支出功能分类 code with its name.
    pub fn functions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.function.iter().map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// Every 经济分类 code with its name.
    pub fn economics(&self) -> impl Iterator<Item = (&str, &str)> {
        self.economic.iter().map(|(c, n)| (c.as_str(), n.as_str()))
    }
}
