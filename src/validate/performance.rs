//! The 绩效自评表: weights, scores, 偏差度, execution and totals (tables.md §6,
//! decisions.md 11–12).

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::show;
use crate::compute::performance::rule_applies;
use crate::compute::{Figures, ScoredGroup};
use crate::finding::Findings;
use crate::model::{Amount, IndicatorGroup, ProjectEvaluation, Report};
use crate::wording::{SCORE, round};

const FILE: &str = "performance.yaml";

pub(super) fn check(report: &Report, figures: &Figures, findings: &mut Findings) {
    let perf = &report.performance;
    let results = &figures.performance;
    if let Some((whole, result)) = perf.whole.as_ref().zip(results.whole.as_ref()) {
        let owner = Owner {
            path: "whole".into(),
            name: "部门整体".into(),
        };
        indicators(
            &owner,
            &whole.indicators,
            &result.groups,
            Decimal::from(90),
            findings,
        );
        stated(
            &owner,
            "执行率得分",
            whole.execution_score,
            result.execution_score,
            "execution-score-differs",
            findings,
            || {
                format!(
                    "10 × {}%",
                    SCORE.percent(result.funds[0].rate.unwrap_or_default())
                )
            },
        );
        stated(
            &owner,
            "总分",
            whole.total,
            result.total,
            "self-evaluation-total",
            findings,
            || "执行率得分与各指标得分之和".into(),
        );
    }
    for (i, (unit, result)) in perf.units.iter().zip(&results.units).enumerate() {
        let owner = Owner {
            path: format!("units[{i}]"),
            name: format!("单位“{}”", unit.name),
        };
        let tasks: Decimal = unit.tasks.iter().map(|t| t.weight.value()).sum();
        indicators(
            &owner,
            &unit.indicators,
            &result.groups,
            Decimal::ONE_HUNDRED - tasks,
            findings,
        );
        stated(
            &owner,
            "总分",
            unit.total,
            result.total,
            "self-evaluation-total",
            findings,
            || "任务得分与各指标得分之和".into(),
        );
    }
    let mut names: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (i, (project, result)) in perf.projects.iter().zip(&results.projects).enumerate() {
        let owner = Owner {
            path: format!("projects[{i}]"),
            name: format!("项目“{}”", project.name),
        };
        let key = (project.name.as_str(), project.implementer.as_deref());
        if let Some(first) = names.insert(key, i) {
            findings.push(
                "project-duplicate",
                FILE,
                format!("{}.name", owner.path),
                format!(
                    "项目“{}”与 projects[{first}] 名称和实施单位都相同",
                    project.name
                ),
                "情况说明按名称（同名时加实施单位）区分项目：改用能区分的全称",
            );
        }
        let attached = attachment(&owner, project, findings);
        // Indicators missing are reported as such, not as weights that add up to 0.
        if attached && !project.indicators.is_empty() {
            // The indicators make up what the 执行率 (10) and 资金管理 (20) leave of 100.
            let weights = if project.management.is_some() { 70 } else { 90 };
            indicators(
                &owner,
                &project.indicators,
                &result.groups,
                Decimal::from(weights),
                findings,
            );
        }
        for (key, name, row) in project.management.iter().flat_map(|m| m.rows()) {
            let score = row.score;
            if score.value() > Decimal::from(5) {
                findings.push(
                    "management-score",
                    FILE,
                    format!("{}.management.{key}.score", owner.path),
                    format!(
                        "{}资金管理“{name}”得分 {} 超过5分",
                        owner.name,
                        SCORE.amount(score.value())
                    ),
                    "资金管理情况每项满分5分",
                );
            }
        }
        let funds = &result.funds[0];
        if funds.executed > funds.full_year {
            findings.push(
                "execution-exceeds-budget",
                FILE,
                format!("{}.funds.fiscal.executed", owner.path),
                format!(
                    "{}全年执行数 {} 大于全年预算数 {}",
                    owner.name,
                    show(funds.executed),
                    show(funds.full_year)
                ),
                "核对执行数与全年预算数；确有超支时在 summary.reason 中说明",
            );
        }
        stated(
            &owner,
            "执行率得分",
            project.execution_score,
            result.execution_score,
            "execution-score-differs",
            findings,
            || format!("10 × {}%", SCORE.percent(funds.rate.unwrap_or_default())),
        );
        if attached {
            stated(
                &owner,
                "总分",
                project.total,
                result.total,
                "self-evaluation-total",
                findings,
                || "执行率得分、资金管理得分与各指标得分之和".into(),
            );
        }
    }
    by_item(report, figures, findings);
    let executed: Decimal = results.projects.iter().map(|p| p.funds[0].executed).sum();
    let project_expense = figures.tables.t03.total_of("project");
    if executed > project_expense {
        findings.push(
            "projects-exceed-project-expense",
            FILE,
            "projects",
            format!(
                "自评项目执行数之和 {} 大于公开03项目支出 {}",
                show(executed),
                show(project_expense)
            ),
            "核对各项目的全年执行数",
        );
    }
}

/// Whether the project's 自评表 is attached; checks the data that either case needs: a
/// 自评表 its 目标 and 指标, a project without one the score that the text states.
fn attachment(owner: &Owner, project: &ProjectEvaluation, findings: &mut Findings) -> bool {
    if !project.attached {
        let (rule, message, hint) = if project.total.is_none() {
            (
                "project-score-missing",
                "未附自评表，没有自评得分",
                "填写 total：情况说明所写的项目自评得分",
            )
        } else {
            (
                "project-not-attached",
                "在情况说明中概述，附件中没有其自评表",
                "每个自评项目都应附自评表：填写其 goal 和 indicators，去掉 attached: false",
            )
        };
        findings.push(
            rule,
            FILE,
            format!("{}.attached", owner.path),
            format!("{}{message}", owner.name),
            hint,
        );
        return false;
    }
    let missing: Vec<&str> = [
        ("goal", project.goal.trim().is_empty()),
        ("indicators", project.indicators.is_empty()),
    ]
    .into_iter()
    .filter_map(|(key, empty)| empty.then_some(key))
    .collect();
    if !missing.is_empty() {
        findings.push(
            "self-evaluation-incomplete",
            FILE,
            owner.path.clone(),
            format!("{}的自评表缺少 {}", owner.name, missing.join("、")),
            "填写自评表的年度目标（goal）和绩效指标（indicators）；附件中没有该项目的自评表时写 attached: false 和 total（自评得分）",
        );
    }
    true
}

/// Projects booked under one 项 do not spend more than its 项目支出.
fn by_item(report: &Report, figures: &Figures, findings: &mut Findings) {
    let mut items: Vec<(&str, Decimal, usize)> = Vec::new();
    for (i, (project, result)) in report
        .performance
        .projects
        .iter()
        .zip(&figures.performance.projects)
        .enumerate()
    {
        let Some(code) = project.code.as_deref() else {
            continue;
        };
        match items.iter_mut().find(|(c, _, _)| *c == code) {
            Some(entry) => entry.1 += result.funds[0].executed,
            None => items.push((code, result.funds[0].executed, i)),
        }
    }
    for (code, executed, last) in items {
        let spent = figures.tables.t03.value(code, "project");
        if executed > spent {
            findings.push(
                "project-exceeds-item",
                FILE,
                format!("projects[{last}].code"),
                format!(
                    "科目 {code} 下自评项目执行数之和 {} 大于其项目支出 {}",
                    show(executed),
                    show(spent)
                ),
                "核对项目的功能科目编码和全年执行数",
            );
        }
    }
}

/// Whose table a finding is about: its YAML path and its name in messages.
struct Owner {
    path: String,
    name: String,
}

/// A figure of the table stated in the data against the computed one.
fn stated(
    owner: &Owner,
    what: &str,
    stated: Option<Amount>,
    computed: Decimal,
    rule: &'static str,
    findings: &mut Findings,
    how: impl Fn() -> String,
) {
    let key = if what == "总分" {
        "total"
    } else {
        "execution_score"
    };
    if let Some(given) = stated.filter(|s| round(s.value(), 2) != round(computed, 2)) {
        findings.push(
            rule,
            FILE,
            format!("{}.{key}", owner.path),
            format!(
                "{}{what}应为 {}（{}），填写为 {}",
                owner.name,
                SCORE.amount(computed),
                how(),
                SCORE.amount(given.value())
            ),
            "删去该数由工具计算，或核对自评表",
        );
    }
}

fn indicators(
    owner: &Owner,
    groups: &[IndicatorGroup],
    scored: &[ScoredGroup],
    weights: Decimal,
    findings: &mut Findings,
) {
    let total: Decimal = groups
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| i.weight.value())
        .sum();
    if total != weights {
        findings.push(
            "indicator-weights",
            FILE,
            format!("{}.indicators", owner.path),
            format!(
                "{}指标分值之和为 {}，应为 {}",
                owner.name,
                SCORE.amount(total),
                weights
            ),
            "核对各指标的 weight（分值）",
        );
    }
    for (g, (group, result)) in groups.iter().zip(scored).enumerate() {
        for (n, (indicator, result)) in group.items.iter().zip(&result.items).enumerate() {
            let path = format!("{}.indicators[{g}].items[{n}]", owner.path);
            let name = &indicator.name;
            if !rule_applies(&indicator.target, &indicator.actual) && indicator.score.is_none() {
                findings.push(
                    "indicator-score-missing",
                    FILE,
                    path.clone(),
                    format!(
                        "指标“{name}”的年度指标值“{}”与实际完成值“{}”无法按规则比较，且未填写得分",
                        indicator.target, indicator.actual
                    ),
                    "填写 score（得分），或把 actual 写成与指标值同单位的数值",
                );
            }
            if let Some(score) = indicator.score {
                let score = score.value();
                if score > indicator.weight.value() {
                    findings.push(
                        "indicator-score-exceeds",
                        FILE,
                        format!("{path}.score"),
                        format!(
                            "指标“{name}”得分 {} 大于分值 {}",
                            SCORE.amount(score),
                            SCORE.amount(indicator.weight.value())
                        ),
                        "得分不超过分值",
                    );
                } else if let Some(rule) = result
                    .rule_score
                    .filter(|r| round(*r, 2) != round(score, 2))
                {
                    findings.push(
                        "indicator-score-differs",
                        FILE,
                        format!("{path}.score"),
                        format!(
                            "指标“{name}”得分应为 {}（{} → {}，分值 {}），填写为 {}",
                            SCORE.amount(rule),
                            indicator.target,
                            indicator.actual,
                            SCORE.amount(indicator.weight.value()),
                            SCORE.amount(score)
                        ),
                        "达到或优于目标得满分，否则按偏离比例扣分（tables.md §6.5）；删去 score 由工具计算",
                    );
                }
            }
            if let (Some(given), Some(computed)) = (indicator.deviation, result.deviation)
                && round(given.0, 2) != computed
            {
                findings.push(
                    "indicator-deviation-differs",
                    FILE,
                    format!("{path}.deviation"),
                    format!("指标“{name}”偏差度应为 {computed:.2}（{} → {}），填写为 {:.2}", indicator.target, indicator.actual, given.0),
                    "偏差度 = (实际 − 目标) / 目标 × 100，仅在不利方向计；删去 deviation 由工具计算",
                );
            }
        }
    }
}
