//! The 自评表 as JSON files for Typst.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compute::performance::split_target;
use crate::compute::{Figures, FundRow, ProjectResult, ScoredGroup, UnitResult};
use crate::format::Settings;
use crate::model::{ManagementRow, ProjectEvaluation, Report, UnitEvaluation};
use crate::wording::{NumberStyle, SCORE};

use super::{Files, Grouped, grouped_rows};

/// Writes `/data/performance/…`: the 部门整体, project and unit tables.
pub(super) fn files(report: &Report, figures: &Figures, settings: &Settings, files: &mut Files) {
    let perf = Perf {
        amount: settings.styles.text,
    };
    let p = &report.performance;
    let results = &figures.performance;
    if let Some((whole, result)) = p.whole.as_ref().zip(results.whole.as_ref()) {
        files.put(
            "/data/performance/whole.json",
            &Whole {
                funds: perf.funds(&result.funds, result.execution_score),
                goals: &whole.goals,
                achieved: &whole.achieved,
                tasks: whole
                    .tasks
                    .iter()
                    .map(|t| [&*t.name, &t.content, &t.result])
                    .collect(),
                indicators: perf.indicators(&result.groups),
                total: SCORE.amount(result.total),
            },
        );
    }
    let department = &report.info.department.name;
    // A project whose 自评表 the report does not attach is only in the text.
    let projects: Vec<Project> = p
        .projects
        .iter()
        .zip(&results.projects)
        .filter(|(p, _)| p.attached)
        .map(|(p, r)| perf.project(p, r, department))
        .collect();
    files.put("/data/performance/projects.json", &projects);
    let units: Vec<Unit> = p
        .units
        .iter()
        .zip(&results.units)
        .map(|(u, r)| perf.unit(u, r))
        .collect();
    files.put("/data/performance/units.json", &units);
}

/// The 部门整体 self-evaluation.
#[derive(Serialize)]
struct Whole<'a> {
    funds: Vec<FundLine>,
    goals: &'a [String],
    achieved: &'a str,
    tasks: Vec<[&'a str; 3]>,
    indicators: Vec<Grouped<'a, Indicator<'a>>>,
    total: String,
}

/// A project's 绩效自评表.
#[derive(Serialize)]
struct Project<'a> {
    name: &'a str,
    authority: &'a str,
    implementer: &'a str,
    funds: Vec<FundLine>,
    management: Vec<(&'a str, &'a str, &'static str, String, &'a str)>,
    goal: &'a str,
    achieved: &'a str,
    indicators: Vec<Grouped<'a, Indicator<'a>>>,
    budget: String,
    executed: String,
    rate: String,
    indicator_score: String,
    execution_score: String,
    deduction: String,
    total: String,
}

/// A unit's 部门（单位）整体绩效自评表.
#[derive(Serialize)]
struct Unit<'a> {
    name: &'a str,
    initial_income: String,
    initial_expense: String,
    tasks: Vec<(&'a str, String, String, String, String, String)>,
    goal: &'a str,
    achieved: &'a str,
    indicators: Vec<Grouped<'a, Indicator<'a>>>,
    total: String,
}

/// A 资金 row: label, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.
type FundLine = (
    &'static str,
    String,
    String,
    String,
    &'static str,
    String,
    String,
);

/// An indicator's own cells; `target` is also split into operator, value and unit.
#[derive(Serialize)]
struct Indicator<'a> {
    name: &'a str,
    target: &'a str,
    operator: String,
    value: String,
    unit: String,
    completion: String,
    completion_ratio: String,
    actual: &'a str,
    weight: String,
    score: String,
    deviation: String,
    reason: &'a str,
}

/// Writes the 自评表, whose amounts follow the text style as the published tables do.
struct Perf {
    amount: NumberStyle,
}

impl Perf {
    fn rate(&self, rate: Option<Decimal>) -> String {
        rate.map_or_else(
            || "-".to_owned(),
            |r| format!("{}%", self.amount.percent(r)),
        )
    }

    /// Rows 合计 / 财政拨款 / 财政专户管理资金 / 单位资金: amounts, 执行率, and the score on 合计.
    fn funds(&self, rows: &[FundRow; 4], score: Decimal) -> Vec<FundLine> {
        let labels = ["合计", "财政拨款", "财政专户管理资金", "单位资金"];
        rows.iter()
            .zip(labels)
            .enumerate()
            .map(|(i, (r, label))| {
                let (weight, points) = if i == 0 {
                    ("10", self.score2(score))
                } else {
                    ("-", "-".to_owned())
                };
                (
                    label,
                    self.amount.amount(r.initial),
                    self.amount.amount(r.full_year),
                    self.amount.amount(r.executed),
                    weight,
                    self.rate(r.rate),
                    points,
                )
            })
            .collect()
    }

    fn score2(&self, score: Decimal) -> String {
        format!("{score:.2}")
    }

    /// Indicator rows with the row spans of their 一级 and 二级 cells.
    fn indicators<'a>(&self, groups: &'a [ScoredGroup]) -> Vec<Grouped<'a, Indicator<'a>>> {
        grouped_rows(
            groups,
            |g| (&g.level1, &g.level2),
            |g| &g.items,
            |i| {
                let (operator, value, unit) = split_target(&i.target);
                let percent = |c: Decimal| format!("{}%", SCORE.number(c, 2));
                Indicator {
                    name: &i.name,
                    target: &i.target,
                    operator,
                    value,
                    unit,
                    completion: i.completion.map_or_else(String::new, percent),
                    completion_ratio: i
                        .completion
                        .map_or_else(String::new, |c| SCORE.number(c / Decimal::ONE_HUNDRED, 2)),
                    actual: &i.actual,
                    weight: SCORE.amount(i.weight),
                    score: SCORE.amount(i.score()),
                    deviation: i.deviation.map_or_else(String::new, |d| format!("{d:.2}")),
                    reason: &i.reason,
                }
            },
        )
    }

    fn project<'a>(
        &self,
        p: &'a ProjectEvaluation,
        r: &'a ProjectResult,
        department: &'a str,
    ) -> Project<'a> {
        let management = p
            .management
            .iter()
            .flat_map(|m| m.rows())
            .map(|(_, label, ManagementRow { note, score, issue })| {
                (label, &**note, "5", SCORE.amount(score.value()), &**issue)
            })
            .collect();
        Project {
            name: &p.name,
            authority: p.authority.as_deref().unwrap_or(department),
            implementer: p.implementer.as_deref().unwrap_or(department),
            funds: self.funds(&r.funds, r.execution_score),
            management,
            goal: &p.goal,
            achieved: &p.achieved,
            indicators: self.indicators(&r.groups),
            budget: self.amount.amount(r.funds[0].full_year),
            executed: self.amount.amount(r.funds[0].executed),
            rate: self.rate(r.funds[0].rate),
            indicator_score: SCORE.amount(r.indicator_score),
            execution_score: SCORE.amount(r.execution_score),
            deduction: SCORE.number(r.deduction, 4),
            total: SCORE.amount(r.total),
        }
    }

    /// A unit's 部门（单位）整体绩效自评表.
    fn unit<'a>(&self, u: &'a UnitEvaluation, r: &'a UnitResult) -> Unit<'a> {
        let tasks = u
            .tasks
            .iter()
            .zip(&r.tasks)
            .map(|(t, result)| {
                (
                    &*t.name,
                    self.amount.amount(t.issued.value()),
                    self.amount.amount(t.executed.value()),
                    self.rate(result.rate),
                    SCORE.amount(t.weight.value()),
                    SCORE.amount(t.score.value()),
                )
            })
            .collect();
        Unit {
            name: &u.name,
            initial_income: self.amount.amount(u.initial_income.value()),
            initial_expense: self.amount.amount(u.initial_expense.value()),
            tasks,
            goal: &u.goal,
            achieved: &u.achieved,
            indicators: self.indicators(&r.groups),
            total: self.score2(r.total),
        }
    }
}
