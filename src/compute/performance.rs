//! The 绩效自评表: execution rates, 偏差度, indicator scores and totals (tables.md §6).

use rust_decimal::Decimal;

use crate::compute::tables::Tables;
use crate::model::{Funds, IndicatorGroup, Performance, ProjectEvaluation, WholeEvaluation};
use crate::wording::{ratio, round};

/// The 分值 of 预算执行率 in the Henan 自评表.
const EXECUTION_WEIGHT: Decimal = Decimal::TEN;

/// One row of 项目资金 / 部门整体支出情况.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FundRow {
    /// 年初预算数.
    pub initial: Decimal,
    /// 全年预算数.
    pub full_year: Decimal,
    /// 全年执行数.
    pub executed: Decimal,
    /// 执行率 in % (unrounded); `None` when 全年预算数 is zero.
    pub rate: Option<Decimal>,
}

impl FundRow {
    fn new(initial: Decimal, full_year: Decimal, executed: Decimal) -> FundRow {
        FundRow {
            initial,
            full_year,
            executed,
            rate: ratio(executed, full_year),
        }
    }

    fn sum(rows: &[FundRow]) -> FundRow {
        let total = |f: fn(&FundRow) -> Decimal| rows.iter().map(f).sum();
        FundRow::new(
            total(|r| r.initial),
            total(|r| r.full_year),
            total(|r| r.executed),
        )
    }

    /// 执行率得分: 分值 × min(执行率, 1), rounded to 2 places; 0 without a budget.
    fn score(&self) -> Decimal {
        let rate = self.rate.unwrap_or_default() / Decimal::ONE_HUNDRED;
        round(EXECUTION_WEIGHT * rate.min(Decimal::ONE), 2)
    }
}

/// The source rows of a fund table: 合计, 财政拨款, 财政专户管理资金, 单位资金.
pub type FundRows = [FundRow; 4];

/// An indicator with its computed 偏差度 and score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredIndicator {
    /// 三级指标.
    pub name: String,
    /// 年度指标值 as written.
    pub target: String,
    /// 实际完成值 as written.
    pub actual: String,
    /// 分值.
    pub weight: Decimal,
    /// 偏差度 in % (2 places); `None` when target or actual is not comparable.
    pub deviation: Option<Decimal>,
    /// The score by rule, when the rule applies.
    pub rule_score: Option<Decimal>,
    /// The score stated in the data.
    pub stated_score: Option<Decimal>,
    /// 偏差原因分析及改进措施.
    pub reason: String,
}

impl ScoredIndicator {
    /// The printed score: by rule, else as stated.
    pub fn score(&self) -> Decimal {
        self.rule_score.or(self.stated_score).unwrap_or_default()
    }
}

/// Indicators sharing 一级 and 二级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredGroup {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// The indicators.
    pub items: Vec<ScoredIndicator>,
}

/// 部门整体支出绩效自评情况表, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct WholeResult {
    /// 部门预算总额 and the three sources.
    pub funds: FundRows,
    /// 执行率得分.
    pub execution_score: Decimal,
    /// The indicators.
    pub groups: Vec<ScoredGroup>,
    /// 总分.
    pub total: Decimal,
}

/// 项目支出绩效自评情况表, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectResult {
    /// 年度资金总额 and the three sources.
    pub funds: FundRows,
    /// 执行率得分.
    pub execution_score: Decimal,
    /// Σ 资金管理情况 得分.
    pub management_score: Decimal,
    /// The indicators.
    pub groups: Vec<ScoredGroup>,
    /// 总分.
    pub total: Decimal,
}

/// All 自评表 results.
#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceResults {
    /// 部门整体, when evaluated.
    pub whole: Option<WholeResult>,
    /// 项目, in input order.
    pub projects: Vec<ProjectResult>,
}

/// Computes every 自评表; the 部门整体 execution comes from the tables.
pub fn performance(perf: &Performance, tables: &Tables) -> PerformanceResults {
    PerformanceResults {
        whole: perf.whole.as_ref().map(|w| whole(w, tables)),
        projects: perf.projects.iter().map(project).collect(),
    }
}

fn whole(w: &WholeEvaluation, tables: &Tables) -> WholeResult {
    // 部门预算总额 is executed as 本年支出合计; 财政拨款 as the fiscal 本年支出合计 (tables.md PE.6).
    let fiscal = tables.t04.expense_total[0];
    let own = tables.t01.expense_total - fiscal;
    let sources = [
        FundRow::new(
            w.funds.fiscal.initial.value(),
            w.funds.fiscal.full_year.value(),
            fiscal,
        ),
        FundRow::new(
            w.funds.special_account.initial.value(),
            w.funds.special_account.full_year.value(),
            Decimal::ZERO,
        ),
        FundRow::new(
            w.funds.own.initial.value(),
            w.funds.own.full_year.value(),
            own,
        ),
    ];
    let funds = with_total(sources);
    let execution_score = funds[0].score();
    let groups = score_groups(&w.indicators);
    let total = execution_score + indicator_sum(&groups);
    WholeResult {
        funds,
        execution_score,
        groups,
        total,
    }
}

fn project(p: &ProjectEvaluation) -> ProjectResult {
    let row = |f: &Funds| FundRow::new(f.initial.value(), f.full_year.value(), f.executed.value());
    let funds = with_total([
        row(&p.funds.fiscal),
        row(&p.funds.special_account),
        row(&p.funds.own),
    ]);
    let execution_score = funds[0].score();
    let m = &p.management;
    let management_score = [&m.arrangement, &m.disbursement, &m.usage, &m.performance]
        .iter()
        .map(|r| r.score.value())
        .sum();
    let groups = score_groups(&p.indicators);
    let total = execution_score + management_score + indicator_sum(&groups);
    ProjectResult {
        funds,
        execution_score,
        management_score,
        groups,
        total,
    }
}

fn with_total(sources: [FundRow; 3]) -> FundRows {
    let [a, b, c] = sources;
    [FundRow::sum(&[a.clone(), b.clone(), c.clone()]), a, b, c]
}

fn indicator_sum(groups: &[ScoredGroup]) -> Decimal {
    groups
        .iter()
        .flat_map(|g| &g.items)
        .map(ScoredIndicator::score)
        .sum()
}

fn score_groups(groups: &[IndicatorGroup]) -> Vec<ScoredGroup> {
    groups
        .iter()
        .map(|g| {
            let cost = g.level1.contains("成本") || g.level2.contains("成本");
            let items = g
                .items
                .iter()
                .map(|i| {
                    let weight = i.weight.value();
                    let judged = judge(&i.target, &i.actual, cost, weight);
                    ScoredIndicator {
                        name: i.name.clone(),
                        target: i.target.clone(),
                        actual: i.actual.clone(),
                        weight,
                        deviation: judged.map(|j| j.0),
                        rule_score: judged.map(|j| j.1),
                        stated_score: i.score.map(|s| s.value()),
                        reason: i.reason.clone().unwrap_or_default(),
                    }
                })
                .collect();
            ScoredGroup {
                level1: g.level1.clone(),
                level2: g.level2.clone(),
                items,
            }
        })
        .collect()
}

/// Whether the scoring rule can compare `target` with `actual` (else a score must be given).
pub fn rule_applies(target: &str, actual: &str) -> bool {
    judge(target, actual, false, Decimal::ONE).is_some()
}

/// How a target compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparator {
    AtLeast,
    AtMost,
    Equal,
}

/// A numeric value with its unit, e.g. 80 万元, 95 %.
#[derive(Debug, Clone, PartialEq)]
struct Measure {
    value: Decimal,
    unit: String,
}

fn parse_measure(text: &str) -> Option<Measure> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    let value = text[..end].parse::<Decimal>().ok()?;
    Some(Measure {
        value,
        unit: text[end..].to_owned(),
    })
}

fn parse_target(text: &str) -> Option<(Comparator, Measure)> {
    let text = text.trim();
    let (cmp, rest) = [
        ("≥", Comparator::AtLeast),
        (">=", Comparator::AtLeast),
        ("＞", Comparator::AtLeast),
        (">", Comparator::AtLeast),
        ("≤", Comparator::AtMost),
        ("<=", Comparator::AtMost),
        ("＜", Comparator::AtMost),
        ("<", Comparator::AtMost),
        ("=", Comparator::Equal),
        ("＝", Comparator::Equal),
        ("≈", Comparator::Equal),
        ("~", Comparator::Equal),
    ]
    .into_iter()
    .find_map(|(prefix, cmp)| text.strip_prefix(prefix).map(|rest| (cmp, rest)))?;
    Some((cmp, parse_measure(rest)?))
}

/// 偏差度 and score of one indicator by tables.md §6.4–6.5, or `None` when the target and
/// the actual value cannot be compared (the stated score is then used).
pub fn judge(
    target: &str,
    actual: &str,
    cost: bool,
    weight: Decimal,
) -> Option<(Decimal, Decimal)> {
    let actual = parse_measure(actual)?;
    // A qualitative target (相关, 及时 …) reached by a percentage reads as =100%.
    let (cmp, target) = parse_target(target).or_else(|| {
        (actual.unit == "%").then(|| {
            (
                Comparator::Equal,
                Measure {
                    value: Decimal::ONE_HUNDRED,
                    unit: "%".into(),
                },
            )
        })
    })?;
    if !(target.unit.is_empty() || actual.unit.is_empty() || target.unit == actual.unit) {
        return None;
    }
    let (a, t) = (actual.value, target.value);
    if t.is_zero() {
        return (a.is_zero()).then_some((Decimal::ZERO, weight));
    }
    let unfavourable = match cmp {
        Comparator::AtLeast => a < t,
        Comparator::AtMost => a > t,
        Comparator::Equal if cost => a > t,
        Comparator::Equal => a < t,
    };
    if !unfavourable {
        // Nothing spent on a cost target earns no cost-control credit (§6.5 c).
        let score = if cost && a.is_zero() {
            Decimal::ZERO
        } else {
            weight
        };
        return Some((Decimal::ZERO, score));
    }
    let deviation = round((a - t) / t * Decimal::ONE_HUNDRED, 2);
    let met = (Decimal::ONE - (a - t).abs() / t).max(Decimal::ZERO);
    Some((deviation, round(weight * met, 2)))
}
