//! The 自评表 and the 附件 reports as JSON files for Typst.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::compute::performance::split_target;
use crate::compute::{Figures, FundRow, ProjectResult, ScoredGroup, UnitResult};
use crate::format::Settings;
use crate::model::{ManagementRow, ProjectEvaluation, Report, UnitEvaluation};
use crate::narrate::Block;
use crate::wording::{NumberStyle, SCORE};

use super::grouped_rows;

/// Writes `/data/performance/…`: the 部门整体, project and unit tables and the reports.
pub(super) fn files(
    report: &Report,
    figures: &Figures,
    settings: &Settings,
    put: &mut impl FnMut(&str, Value),
) {
    let perf = Perf {
        amount: settings.styles.text,
    };
    let p = &report.performance;
    let results = &figures.performance;
    if let Some((whole, result)) = p.whole.as_ref().zip(results.whole.as_ref()) {
        put(
            "/data/performance/whole.json",
            json!({
                "funds": perf.funds(&result.funds, result.execution_score),
                "goals": whole.goals,
                "achieved": whole.achieved,
                "tasks": whole.tasks.iter().map(|t| json!([t.name, t.content, t.result])).collect::<Vec<_>>(),
                "indicators": perf.indicators(&result.groups),
                "total": SCORE.amount(result.total),
            }),
        );
    }
    let department = &report.info.department.name;
    let projects: Vec<Value> = p
        .projects
        .iter()
        .zip(&results.projects)
        .map(|(p, r)| perf.project(p, r, department))
        .collect();
    put("/data/performance/projects.json", json!(projects));
    let units: Vec<Value> = p
        .units
        .iter()
        .zip(&results.units)
        .map(|(u, r)| perf.unit(u, r))
        .collect();
    put("/data/performance/units.json", json!(units));
    let reports: Vec<Value> = p
        .reports
        .iter()
        .map(|r| json!({"title": r.title, "blocks": report_blocks(&r.text)}))
        .collect();
    put("/data/performance/reports.json", json!(reports));
}

/// The paragraphs of a free-text report; a line numbered like a section (一、…, （一）…)
/// is a heading.
fn report_blocks(text: &str) -> Vec<Block> {
    let numbered = |line: &str, open: &str, close: char| {
        line.strip_prefix(open).is_some_and(|rest| {
            let digits: String = rest
                .chars()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .collect();
            !digits.is_empty() && rest[digits.len()..].starts_with(close)
        })
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let text = line.to_owned();
            if numbered(line, "", '、') || numbered(line, "（", '）') {
                Block::Heading { level: 1, text }
            } else {
                Block::Paragraph { text }
            }
        })
        .collect()
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
    fn funds(&self, rows: &[FundRow; 4], score: Decimal) -> Value {
        let labels = ["合计", "财政拨款", "财政专户管理资金", "单位资金"];
        let list: Vec<Value> = rows
            .iter()
            .zip(labels)
            .enumerate()
            .map(|(i, (r, label))| {
                let (weight, points) = if i == 0 {
                    ("10".to_owned(), self.score2(score))
                } else {
                    ("-".into(), "-".into())
                };
                json!([
                    label,
                    self.amount.amount(r.initial),
                    self.amount.amount(r.full_year),
                    self.amount.amount(r.executed),
                    weight,
                    self.rate(r.rate),
                    points
                ])
            })
            .collect();
        json!(list)
    }

    fn score2(&self, score: Decimal) -> String {
        format!("{score:.2}")
    }

    /// Indicator rows with the row spans of their 一级 and 二级 cells.
    fn indicators(&self, groups: &[ScoredGroup]) -> Vec<Value> {
        grouped_rows(
            groups,
            |g| (&g.level1, &g.level2),
            |g| &g.items,
            |i| {
                let (operator, value, unit) = split_target(&i.target);
                json!({
                    "name": i.name,
                    "target": i.target,
                    "operator": operator,
                    "value": value,
                    "unit": unit,
                    "completion": i.completion.map_or_else(String::new, |c| format!("{}%", SCORE.number(c, 2))),
                    "completion_ratio": i.completion.map_or_else(String::new, |c| SCORE.number(c / Decimal::ONE_HUNDRED, 2)),
                    "actual": i.actual,
                    "weight": SCORE.amount(i.weight),
                    "score": SCORE.amount(i.score()),
                    "deviation": i.deviation.map_or_else(String::new, |d| format!("{d:.2}")),
                    "reason": i.reason,
                })
            },
        )
    }

    fn project(&self, p: &ProjectEvaluation, r: &ProjectResult, department: &str) -> Value {
        let management: Vec<Value> = p
            .management
            .iter()
            .flat_map(|m| m.rows())
            .map(|(_, label, ManagementRow { note, score, issue })| {
                json!([label, note, "5", SCORE.amount(score.value()), issue])
            })
            .collect();
        json!({
            "name": p.name,
            "authority": p.authority.clone().unwrap_or_else(|| department.to_owned()),
            "implementer": p.implementer.clone().unwrap_or_else(|| department.to_owned()),
            "funds": self.funds(&r.funds, r.execution_score),
            "management": management,
            "goal": p.goal,
            "achieved": p.achieved,
            "indicators": self.indicators(&r.groups),
            "budget": self.amount.amount(r.funds[0].full_year),
            "executed": self.amount.amount(r.funds[0].executed),
            "rate": self.rate(r.funds[0].rate),
            "indicator_score": SCORE.amount(r.indicator_score),
            "execution_score": SCORE.amount(r.execution_score),
            "deduction": SCORE.number(r.deduction, 4),
            "total": SCORE.amount(r.total),
        })
    }

    /// A unit's 部门（单位）整体绩效自评表.
    fn unit(&self, u: &UnitEvaluation, r: &UnitResult) -> Value {
        let tasks: Vec<Value> = u
            .tasks
            .iter()
            .zip(&r.tasks)
            .map(|(t, result)| {
                json!([
                    t.name,
                    self.amount.amount(t.issued.value()),
                    self.amount.amount(t.executed.value()),
                    self.rate(result.rate),
                    SCORE.amount(t.weight.value()),
                    SCORE.amount(t.score.value()),
                ])
            })
            .collect();
        json!({
            "name": u.name,
            "initial_income": self.amount.amount(u.initial_income.value()),
            "initial_expense": self.amount.amount(u.initial_expense.value()),
            "tasks": tasks,
            "goal": u.goal,
            "achieved": u.achieved,
            "indicators": self.indicators(&r.groups),
            "total": self.score2(r.total),
        })
    }
}
