//! The words every report's text is made of: figures, changes, shares and verdicts,
//! written out in the format's text style, and the 概况.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::format::{Kind, Settings};
use crate::model::{Comparison, ReportInfo};
use crate::wording::{
    Direction, NumberStyle, change, cn_number, cn_year_month, ratio, round, shares,
};

/// What every report's text names: the year, the department, the 概况.
#[derive(Debug, Clone, Serialize)]
pub struct About {
    /// 决算 or 预算年度.
    pub year: u16,
    /// The year before.
    pub prev_year: u16,
    /// 部门 or 单位.
    pub entity: &'static str,
    /// 我部门 or 我单位.
    pub we: &'static str,
    /// 部门全称.
    pub name: String,
    /// 部门简称.
    pub short_name: String,
    /// 公开日期 in Chinese numerals (二〇二五年九月).
    pub published: String,
    /// What a share of a zero whole prints as.
    pub div_zero: String,
    /// The format's layout values (format.yaml `layout`), for wording that varies by format.
    pub layout: serde_json::Map<String, serde_json::Value>,
    /// 概况.
    pub overview: Overview,
}

impl About {
    /// The report's `info` in the format's words.
    pub fn new(info: &ReportInfo, settings: &Settings) -> About {
        let department = settings.kind == Kind::Department;
        let published = info
            .published
            .split_once('-')
            .and_then(|(y, m)| Some(cn_year_month(y.parse().ok()?, m.parse().ok()?)))
            .unwrap_or_default();
        About {
            year: info.year,
            prev_year: info.year - 1,
            entity: if department { "部门" } else { "单位" },
            we: if department { "我部门" } else { "我单位" },
            name: info.department.name.clone(),
            short_name: info.department.short_name.clone(),
            published,
            div_zero: settings.div_zero_text.clone(),
            layout: settings.layout.clone(),
            overview: overview(info),
        }
    }
}

/// 概况.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The text before the duties.
    pub intro: Option<String>,
    /// 部门职责, each with its number (一, 二 …).
    pub duties: Vec<Numbered>,
    /// 下属二级机构.
    pub institutions: Vec<String>,
    /// Their count (the stated total when only some are named).
    pub institution_count: usize,
    /// Further paragraphs on the structure.
    pub notes: Vec<String>,
    /// Units accounted separately and consolidated.
    pub separately_accounted: Vec<String>,
}

/// 六、基本支出: 一般公共预算（财政拨款）基本支出 by 人员经费 and 公用经费.
#[derive(Debug, Clone, Serialize)]
pub struct Basic {
    /// 合计.
    pub total: String,
    /// 人员经费合计.
    pub personnel: String,
    /// Names of its non-zero 款.
    pub personnel_items: Vec<String>,
    /// 公用经费合计.
    pub public: String,
    /// Names of its non-zero 款.
    pub public_items: Vec<String>,
}

/// A text with its Chinese number.
#[derive(Debug, Clone, Serialize)]
pub struct Numbered {
    /// 一, 二 ….
    pub number: String,
    /// The text.
    pub text: String,
}

/// A 名词解释 entry with its number.
#[derive(Debug, Clone, Serialize)]
pub struct NumberedTerm {
    /// 一, 二 ….
    pub number: String,
    /// 1, 2 ….
    pub index: usize,
    /// 名词.
    pub term: String,
    /// 解释.
    pub definition: String,
}

/// An amount and its change from the year before.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The amount.
    pub amount: String,
    /// The change, when the previous year is given.
    pub change: Option<ChangeText>,
}

/// A change, in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeText {
    /// up, down or flat.
    pub direction: Direction,
    /// 增加 or 减少.
    pub amount_verb: &'static str,
    /// |Δ|.
    pub amount: String,
    /// 增长 or the format's falling verb.
    pub rate_verb: String,
    /// |Δ| / previous in %, absent when the previous year is zero.
    pub rate: Option<String>,
    /// The previous year's amount.
    pub previous: String,
    /// The reason given.
    pub reason: Option<String>,
}

/// A named amount with its share of a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// What it is, for templates that treat one part specially (`fiscal`, a code …).
    pub key: String,
    /// Name.
    pub name: String,
    /// Amount.
    pub amount: String,
    /// Share in %; the format's text for a zero whole.
    pub share: String,
}

/// A total split into items.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// The total.
    pub total: String,
    /// The items (zero items only when the format lists them).
    pub items: Vec<Share>,
}

/// How an actual figure compares with its budget, for the difference sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Equal at display precision.
    Equal,
    /// A reason is given.
    Reason,
    /// Within the 基本持平 band and no reason given.
    Flat,
    /// Different, and no reason given (the validator reports it).
    Missing,
    /// No budget to compare with.
    NoBudget,
}

/// 概况 from report.yaml.
fn overview(info: &ReportInfo) -> Overview {
    let o = &info.overview;
    Overview {
        intro: clause_keep(&o.intro),
        notes: o.notes.clone(),
        duties: o
            .duties
            .iter()
            .enumerate()
            .map(|(i, d)| Numbered {
                number: cn_number(i + 1),
                text: d.clone(),
            })
            .collect(),
        institutions: o.institutions.clone(),
        institution_count: o
            .institution_count
            .map_or(o.institutions.len(), |n| n as usize),
        separately_accounted: o.separately_accounted.clone(),
    }
}

/// A free text that the template follows with its own punctuation: trailing marks removed.
pub fn clause(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| {
            t.trim()
                .trim_end_matches(['。', '；', '，', ';', ','])
                .to_owned()
        })
        .filter(|t| !t.is_empty())
}

/// A free text as given, when not blank.
pub fn clause_keep(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Writes figures in the text style of the format.
pub struct Writer<'a> {
    /// The format's settings.
    pub settings: &'a Settings,
    /// The text number style.
    pub text: NumberStyle,
}

impl Writer<'_> {
    pub fn amount(&self, value: Decimal) -> String {
        self.text.amount(value)
    }

    pub fn percent(&self, value: Option<Decimal>) -> Option<String> {
        value.map(|v| self.text.percent(v))
    }

    /// The `i`th share, or the format's text when the whole is zero (decisions.md 4).
    pub fn share(&self, shares: Option<&[Decimal]>, i: usize) -> String {
        shares.map_or_else(
            || self.settings.div_zero_text.clone(),
            |s| self.text.percent(s[i]),
        )
    }

    /// A ratio in a fixed sentence: the format's text when the whole is zero.
    pub fn fixed_ratio(&self, part: Decimal, whole: Decimal) -> String {
        self.share(ratio(part, whole).as_ref().map(std::slice::from_ref), 0)
    }

    pub fn figure(&self, amount: Decimal, comparison: &Comparison) -> Figure {
        Figure {
            amount: self.amount(amount),
            change: comparison
                .previous
                .map(|previous| self.change(amount, previous.value(), &comparison.reason)),
        }
    }

    pub fn change(
        &self,
        amount: Decimal,
        previous: Decimal,
        reason: &Option<String>,
    ) -> ChangeText {
        let c = change(amount, previous);
        let down = c.direction == Direction::Down;
        ChangeText {
            direction: c.direction,
            amount_verb: if down { "减少" } else { "增加" },
            amount: self.amount(c.amount),
            rate_verb: if down {
                self.settings.rate_down.clone()
            } else {
                "增长".into()
            },
            rate: self.percent(c.rate),
            previous: self.amount(previous),
            reason: clause(reason),
        }
    }

    /// Named parts (key, name, amount) of a whole with their shares; zero parts only when
    /// the format lists them.
    pub fn breakdown(&self, whole: Decimal, parts: &[(&str, &str, Decimal)]) -> Breakdown {
        let values: Vec<Decimal> = parts.iter().map(|p| p.2).collect();
        let shares = shares(&values, whole, self.settings.shares);
        let items = parts
            .iter()
            .enumerate()
            .filter(|(_, (_, _, value))| self.settings.zero_items_listed || !value.is_zero())
            .map(|(i, (key, name, value))| Share {
                key: (*key).to_owned(),
                name: (*name).to_owned(),
                amount: self.amount(*value),
                share: self.share(shares.as_deref(), i),
            })
            .collect();
        Breakdown {
            total: self.amount(whole),
            items,
        }
    }

    /// The difference sentence a budget comparison needs (decisions.md 4–5).
    pub fn verdict(&self, actual: Decimal, budget: Decimal, has_reason: bool) -> Verdict {
        if has_reason {
            return Verdict::Reason;
        }
        if round(actual, 2) == round(budget, 2) {
            return Verdict::Equal;
        }
        match ratio(actual, budget) {
            Some(rate) if (rate - Decimal::ONE_HUNDRED).abs() <= self.settings.flat_band => {
                Verdict::Flat
            }
            _ => Verdict::Missing,
        }
    }
}

/// The 名词解释 entries, numbered 一、二… and 1, 2….
pub fn numbered_terms(glossary: &[crate::model::Term]) -> Vec<NumberedTerm> {
    glossary
        .iter()
        .enumerate()
        .map(|(i, t)| NumberedTerm {
            number: cn_number(i + 1),
            index: i + 1,
            term: t.term.clone(),
            definition: t.definition.clone(),
        })
        .collect()
}
