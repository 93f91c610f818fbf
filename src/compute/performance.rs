//! The 绩效自评表: execution rates, 偏差度, indicator scores and totals (tables.md §6).

use rust_decimal::Decimal;

use crate::compute::tables::Tables;
use crate::model::{
    Funds, IndicatorGroup, Performance, ProjectEvaluation, UnitEvaluation, WholeEvaluation,
};
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
    /// 完成程度 in % (unrounded): 100 when met, else how near the target; `None` when
    /// target or actual is not comparable.
    pub completion: Option<Decimal>,
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
    /// Σ 指标得分 (指标自评得分小计).
    pub indicator_score: Decimal,
    /// 减分项.
    pub deduction: Decimal,
    /// 总分: 执行率得分 + 资金管理 + 指标 − 减分项, rounded to 2 places.
    pub total: Decimal,
}

/// One 年度主要任务 of a unit's 整体绩效自评表.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskResult {
    /// 项目执行率 in % (unrounded); `None` when nothing was issued.
    pub rate: Option<Decimal>,
}

/// 部门（单位）整体绩效自评表 of one unit, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitResult {
    /// The tasks' execution rates.
    pub tasks: Vec<TaskResult>,
    /// The indicators.
    pub groups: Vec<ScoredGroup>,
    /// 总评价得分: Σ 任务得分 + Σ 指标得分.
    pub total: Decimal,
}

/// All 自评表 results.
#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceResults {
    /// 部门整体, when evaluated.
    pub whole: Option<WholeResult>,
    /// 项目, in input order.
    pub projects: Vec<ProjectResult>,
    /// 各单位整体, in input order.
    pub units: Vec<UnitResult>,
}

/// Computes every 自评表; the 部门整体 execution comes from the tables.
pub fn performance(perf: &Performance, tables: &Tables) -> PerformanceResults {
    PerformanceResults {
        whole: perf.whole.as_ref().map(|w| whole(w, tables)),
        projects: perf.projects.iter().map(project).collect(),
        units: perf.units.iter().map(unit).collect(),
    }
}

fn unit(u: &UnitEvaluation) -> UnitResult {
    let tasks = u
        .tasks
        .iter()
        .map(|t| TaskResult {
            rate: ratio(t.executed.value(), t.issued.value()),
        })
        .collect();
    let groups = score_groups(&u.indicators);
    let total = u.tasks.iter().map(|t| t.score.value()).sum::<Decimal>() + indicator_sum(&groups);
    UnitResult {
        tasks,
        groups,
        total,
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
    let management_score = p
        .management
        .iter()
        .flat_map(|m| m.rows())
        .map(|(_, _, r)| r.score.value())
        .sum();
    let groups = score_groups(&p.indicators);
    let indicator_score = indicator_sum(&groups);
    let deduction = p.deduction.map_or(Decimal::ZERO, |d| d.value());
    let scored = round(
        execution_score + management_score + indicator_score - deduction,
        2,
    );
    // Without its 自评表 the data has no scores to add: its total is the one it states.
    let total = match p.total {
        Some(stated) if !p.attached => stated.value(),
        _ => scored,
    };
    ProjectResult {
        funds,
        execution_score,
        management_score,
        groups,
        indicator_score,
        deduction,
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
                    let judged = judge(&i.target, &i.actual, cost);
                    ScoredIndicator {
                        name: i.name.clone(),
                        target: i.target.clone(),
                        actual: i.actual.clone(),
                        weight,
                        deviation: judged.map(|j| j.deviation),
                        completion: judged.map(|j| j.met * Decimal::ONE_HUNDRED),
                        rule_score: judged.map(|j| j.score(weight)),
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
    judge(target, actual, false).is_some()
}

/// A target split as the Liaoning 自评表 prints it: 运算符号 as typed, 指标值 and 度量单位;
/// a qualitative target is all 指标值.
pub fn split_target(text: &str) -> (String, String, String) {
    let trimmed = text.trim();
    match parse_target(trimmed) {
        Some((operator, _, measure)) => (
            operator.to_owned(),
            measure.value.normalize().to_string(),
            measure.unit,
        ),
        None => (String::new(), trimmed.to_owned(), String::new()),
    }
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

fn parse_target(text: &str) -> Option<(&'static str, Comparator, Measure)> {
    let text = text.trim();
    let cmp = [
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
    .find_map(|(prefix, cmp)| text.strip_prefix(prefix).map(|rest| (prefix, cmp, rest)))?;
    let (prefix, cmp, rest) = cmp;
    Some((prefix, cmp, parse_measure(rest)?))
}

/// How an indicator compares with its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// 偏差度 in % (2 places): 0 unless unfavourable.
    pub deviation: Decimal,
    /// How much of the target is met, 0–1.
    pub met: Decimal,
    /// The share of the 分值 earned, 0–1.
    pub credit: Decimal,
}

impl Judgement {
    /// The score earned out of `weight`, rounded to 2 places.
    pub fn score(&self, weight: Decimal) -> Decimal {
        round(weight * self.credit, 2)
    }
}

/// 偏差度 and score of one indicator by tables.md §6.4–6.5, or `None` when the target and
/// the actual value cannot be compared (the stated score is then used).
pub fn judge(target: &str, actual: &str, cost: bool) -> Option<Judgement> {
    let actual = parse_measure(actual)?;
    // A qualitative target (相关, 及时 …) reached by a percentage reads as =100%.
    let (_, cmp, target) = parse_target(target).or_else(|| {
        (actual.unit == "%").then(|| {
            (
                "=",
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
    let full = Judgement {
        deviation: Decimal::ZERO,
        met: Decimal::ONE,
        credit: Decimal::ONE,
    };
    if t.is_zero() {
        return a.is_zero().then_some(full);
    }
    let unfavourable = match cmp {
        Comparator::AtLeast => a < t,
        Comparator::AtMost => a > t,
        Comparator::Equal if cost => a > t,
        Comparator::Equal => a < t,
    };
    if !unfavourable {
        // Nothing spent on a cost target earns no cost-control credit (§6.5 c).
        let credit = if cost && a.is_zero() {
            Decimal::ZERO
        } else {
            Decimal::ONE
        };
        return Some(Judgement { credit, ..full });
    }
    let met = (Decimal::ONE - (a - t).abs() / t).max(Decimal::ZERO);
    Some(Judgement {
        deviation: round((a - t) / t * Decimal::ONE_HUNDRED, 2),
        met,
        credit: met,
    })
}
