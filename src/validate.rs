//! Validate stage: findings about the user's data, each with a rule, a place and a fix.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;
use typst::text::FontBook;

use crate::codes::{Codes, Level};
use crate::compute::{Figures, StatedTotal};
use crate::format::Settings;
use crate::load::{Location, Sources};
use crate::model::Report;
use crate::wording::{ratio, round};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The report would be wrong or incomplete: no PDF is written.
    Error,
    /// Worth a look; the report is still built.
    Warning,
}

/// One problem in the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `stated-total`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The file inside the report directory.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The YAML path of the value.
    pub path: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {severity}[{}]: {}", self.rule, self.message)?;
        if !self.path.is_empty() {
            write!(f, "\n  位置: {}", self.path)?;
        }
        write!(f, "\n  提示: {}", self.hint)
    }
}

/// Collects findings, locating each YAML path in its file.
struct Collector<'a> {
    sources: &'a Sources,
    findings: Vec<Finding>,
}

impl Collector<'_> {
    fn push(
        &mut self,
        rule: &'static str,
        severity: Severity,
        file: &str,
        path: String,
        message: String,
        hint: String,
    ) {
        let location: Option<Location> = self.sources.file(file).and_then(|f| f.locate(&path));
        self.findings.push(Finding {
            rule,
            severity,
            message,
            file: file.to_owned(),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            path,
            hint,
        });
    }
}

/// Checks the data and the computed figures; findings come sorted by file and position.
pub fn validate(
    report: &Report,
    sources: &Sources,
    figures: &Figures,
    settings: &Settings,
) -> Vec<Finding> {
    let mut c = Collector {
        sources,
        findings: Vec::new(),
    };
    published(report, &mut c);
    item_codes(report, &mut c);
    economic_codes(report, &mut c);
    stated_totals(&figures.stated, &mut c);
    budget_reasons(report, figures, settings, &mut c);
    indicator_scores(report, &mut c);
    let mut findings = c.findings;
    findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    findings
}

fn published(report: &Report, c: &mut Collector) {
    let text = &report.info.published;
    let valid = text.split_once('-').is_some_and(|(y, m)| {
        y.len() == 4
            && y.parse::<u16>().is_ok()
            && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
    });
    if !valid {
        c.push(
            "published-date",
            Severity::Error,
            "report.yaml",
            "published".into(),
            format!("公开日期“{text}”不是“年-月”格式"),
            "写成如 2025-09".into(),
        );
    }
}

fn item_codes(report: &Report, c: &mut Collector) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in report.accounts.items.iter().enumerate() {
        let path = format!("items[{i}].code");
        if Level::of(&item.code) != Some(Level::Item) {
            c.push(
                "item-code-level",
                Severity::Error,
                "accounts.yaml",
                path,
                format!("科目编码“{}”不是7位的项级支出功能分类编码", item.code),
                "按项填写，如 2080101；类、款合计由工具计算".into(),
            );
            continue;
        }
        if let Some(first) = seen.insert(&item.code, i) {
            c.push(
                "item-duplicate",
                Severity::Error,
                "accounts.yaml",
                path,
                format!("科目 {} 重复出现（第一次在 items[{first}]）", item.code),
                "每个项只写一行，把金额合并到同一行".into(),
            );
        }
        let dictionary = Codes::embedded();
        for ancestor in Level::chain(&item.code) {
            if dictionary.function(ancestor).is_none()
                && (ancestor != item.code || item.name.is_none())
            {
                c.push(
                    "code-unknown",
                    Severity::Error,
                    "accounts.yaml",
                    format!("items[{i}].code"),
                    format!("分类字典中没有支出功能分类科目 {ancestor}"),
                    "核对编码；字典未收录的项级科目请在该行填写 name".into(),
                );
                break;
            }
        }
    }
}

fn economic_codes(report: &Report, c: &mut Collector) {
    for code in report.basic.economic.keys() {
        if code.len() != 5 || Codes::embedded().economic(code).is_none() {
            c.push(
                "economic-code-unknown",
                Severity::Error,
                "basic.yaml",
                format!("economic.{code}"),
                format!("“{code}”不是部门预算支出经济分类的款级科目"),
                "填写5位款级编码，如 30101 基本工资；类合计由工具计算".into(),
            );
        }
    }
}

/// A stated total may differ from the sum of its printed parts by the rounding tail of
/// tables.md §1.3: |Δ| ≤ 0.01 × (⌈m/2⌉ − 1) for m printed terms.
fn stated_totals(stated: &[StatedTotal], c: &mut Collector) {
    for s in stated {
        let tolerance = Decimal::new(s.terms.div_ceil(2).saturating_sub(1) as i64, 2);
        let delta = s.stated - round(s.computed, 2);
        if delta.abs() > tolerance {
            let path = if s.column.is_empty() {
                format!("{}.{}", s.table, s.row)
            } else {
                format!("{}.{}.{}", s.table, s.row, s.column)
            };
            c.push(
                "stated-total",
                Severity::Error,
                "totals.yaml",
                path,
                format!(
                    "填写的合计数 {} 与明细之和 {} 相差 {} 万元，超出尾差范围（±{}）",
                    s.stated,
                    round(s.computed, 2),
                    delta,
                    tolerance
                ),
                "核对该合计数或其明细；相差仅为四舍五入尾差时才可保留填写的合计数".into(),
            );
        }
    }
}

/// Every 项 whose 决算 differs from its 年初预算 needs a reason, unless 基本持平 applies.
fn budget_reasons(report: &Report, figures: &Figures, settings: &Settings, c: &mut Collector) {
    let t05 = &figures.tables.t05;
    let lines = &report.explanation.initial_budget.general;
    let budgets: BTreeMap<&str, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.as_str(), i))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let actual = t05.value(&line.code, "total");
        let budget = line.amount.value();
        let flat = ratio(actual, budget)
            .is_some_and(|r| (r - Decimal::ONE_HUNDRED).abs() <= settings.flat_band);
        if line.reason.is_none() && round(actual, 2) != round(budget, 2) && !flat {
            c.push(
                "budget-reason-missing",
                Severity::Error,
                "explanation.yaml",
                format!("initial_budget.general[{i}]"),
                format!(
                    "科目 {} 年初预算 {budget} 万元，决算 {} 万元，缺少差异原因",
                    line.code,
                    round(actual, 2)
                ),
                "填写 reason：决算数与年初预算数存在差异的主要原因".into(),
            );
        }
    }
    for row in t05
        .rows
        .iter()
        .filter(|r| r.level == Level::Item && !budgets.contains_key(r.code.as_str()))
    {
        let item = report
            .accounts
            .items
            .iter()
            .position(|i| i.code == row.code)
            .unwrap_or_default();
        c.push(
            "budget-reason-missing",
            Severity::Error,
            "accounts.yaml",
            format!("items[{item}].fiscal.general"),
            format!("科目 {} 有一般公共预算财政拨款支出 {} 万元，但没有年初预算行", row.code, round(row.values[0], 2)),
            "在 explanation.yaml 的 initial_budget.general 中为该科目写一行：amount: 0 并填写 reason".into(),
        );
    }
}

fn indicator_scores(report: &Report, c: &mut Collector) {
    let perf = &report.performance;
    let whole = perf
        .whole
        .iter()
        .map(|w| ("whole".to_owned(), &w.indicators));
    let projects = perf
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("projects[{i}]"), &p.indicators));
    for (owner, groups) in whole.chain(projects) {
        for (g, group) in groups.iter().enumerate() {
            for (n, indicator) in group.items.iter().enumerate() {
                let scored =
                    crate::compute::performance::rule_applies(&indicator.target, &indicator.actual);
                if !scored && indicator.score.is_none() {
                    c.push(
                        "indicator-score-missing",
                        Severity::Error,
                        "performance.yaml",
                        format!("{owner}.indicators[{g}].items[{n}]"),
                        format!(
                            "指标“{}”的年度指标值与实际完成值无法按规则比较，且未填写得分",
                            indicator.name
                        ),
                        "填写 score（得分），或把 actual 写成与指标值同单位的数值".into(),
                    );
                }
            }
        }
    }
}

/// Font families the data asks for that are not available, and characters of the data
/// that no font can draw, each with where it was written.
pub fn fonts(report: &Report, sources: &Sources, book: &FontBook) -> Vec<Finding> {
    let mut c = Collector {
        sources,
        findings: Vec::new(),
    };
    let choices = [
        ("fonts.body", &report.info.fonts.body),
        ("fonts.heading", &report.info.fonts.heading),
    ];
    for (path, family) in choices {
        if let Some(family) = family.as_deref().filter(|f| !book.contains_family(f)) {
            c.push(
                "font-family-missing",
                Severity::Error,
                "report.yaml",
                path.into(),
                format!("找不到字体“{family}”"),
                "用 --font-path 指定含该字体的目录，或加 --system-fonts 使用系统字体；也可删去该项使用内置字体".into(),
            );
        }
    }
    let mut known: HashMap<char, bool> = HashMap::new();
    for file in &sources.files {
        for (path, text) in file.strings() {
            let missing = text.chars().find(|ch| {
                !*known
                    .entry(*ch)
                    .or_insert_with(|| crate::fonts::covers(book, *ch))
            });
            if let Some(ch) = missing {
                c.push(
                    "font-missing-glyph",
                    Severity::Error,
                    &file.name,
                    path.to_owned(),
                    format!("字符“{ch}”(U+{:04X}) 没有可用的字体", ch as u32),
                    "改用常用字，或用 --font-path 指定含该字的字体目录（或 --system-fonts 使用系统字体）".into(),
                );
            }
        }
    }
    c.findings
}
