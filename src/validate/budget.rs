//! The checks of a 部门预算: codes, units and projects, the figures the data states, the
//! 绩效目标 against the projects, and the 三公 budget against the 经济分类.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::codes::{economic_code, function_code};
use super::show;
use crate::codes::{Codes, Dictionary, Level};
use crate::compute::budget::{BudgetFigures, Entry, b01_parts, parts};
use crate::compute::stated::within_tail;
use crate::finding::{Finding, Findings};
use crate::format::Settings;
use crate::load::Sources;
use crate::model::budget::BudgetReport;
use crate::wording::round;

const FILE: &str = "budget.yaml";

/// Checks the budget data and its figures; findings come sorted by file and position.
pub fn validate(
    report: &BudgetReport,
    sources: &Sources,
    figures: &BudgetFigures,
    settings: &Settings,
) -> Vec<Finding> {
    let mut findings = Findings::new(sources);
    super::report_info(&report.info, sources, settings, &mut findings);
    codes(report, &mut findings);
    units(report, &mut findings);
    projects(report, &mut findings);
    stated(report, figures, &mut findings);
    magnitude(report, figures, &mut findings);
    sangong(report, figures, &mut findings);
    targets(report, figures, &mut findings);
    changes(report, figures, &mut findings);
    findings.into_sorted()
}

/// Every 项 and 经济分类款 is known, and 基本支出 uses the 类 that 预算03 has columns for.
fn codes(report: &BudgetReport, findings: &mut Findings) {
    let dictionary = Dictionary::new(&report.codes);
    let b = &report.budget;
    let lines = b
        .basic
        .iter()
        .enumerate()
        .map(|(i, l)| (format!("basic[{i}]"), &l.code));
    let projects = b
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("projects[{i}]"), &p.code));
    for (owner, code) in lines.chain(projects) {
        let path = format!("{owner}.code");
        if Level::of(code) != Some(Level::Item) {
            findings.push(
                "item-code-level",
                FILE,
                path,
                format!("科目编码“{code}”不是7位的项级支出功能分类编码"),
                "按项填写，如 2080101；类、款的合计由工具计算",
            );
        } else {
            function_code(code, None, dictionary, findings, FILE, &path, false);
        }
    }
    for (i, line) in b.basic.iter().enumerate() {
        for code in line.economic.keys() {
            let path = format!("basic[{i}].economic.{code}");
            economic_code(code, dictionary, findings, FILE, &path);
            let class = code.get(..3).unwrap_or_default();
            if dictionary.economic(code).is_some() && !["301", "302", "303", "310"].contains(&class)
            {
                findings.push(
                    "budget-basic-economic",
                    FILE,
                    path,
                    format!(
                        "基本支出的经济分类科目 {code} {} 不属于工资福利支出、商品和服务支出、对个人和家庭的补助或资本性支出",
                        dictionary.economic(code).unwrap_or_default()
                    ),
                    "预算03 的基本支出只有这四类：核对科目，或将该支出列为项目",
                );
            }
        }
    }
    for (i, p) in b.projects.iter().enumerate() {
        economic_code(
            &p.economic,
            dictionary,
            findings,
            FILE,
            &format!("projects[{i}].economic"),
        );
    }
}

/// There is a unit, and every line and project names one of them.
fn units(report: &BudgetReport, findings: &mut Findings) {
    let b = &report.budget;
    if b.units.is_empty() {
        findings.push(
            "budget-units",
            FILE,
            "units",
            "没有填写预算单位".to_owned(),
            "在 units 中填写本部门（及所属单位）的代码和名称，如 {code: \"307001\", name: …}",
        );
        return;
    }
    let known = |u: &str| b.units.iter().any(|unit| unit.code == u);
    let named = b
        .basic
        .iter()
        .enumerate()
        .map(|(i, l)| (format!("basic[{i}].unit"), &l.unit))
        .chain(
            b.projects
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("projects[{i}].unit"), &p.unit)),
        );
    for (path, unit) in named {
        match unit {
            Some(u) if !known(u) => findings.push(
                "budget-units",
                FILE,
                path,
                format!("单位代码“{u}”不在 units 中"),
                "核对单位代码，或在 units 中补上该单位",
            ),
            None if b.units.len() > 1 => findings.push(
                "budget-units",
                FILE,
                path,
                "有多个预算单位时，每一行都要写明 unit".to_owned(),
                "填写 unit（单位代码）",
            ),
            _ => {}
        }
    }
}

/// Projects are told apart by name within a unit (targets.yaml refers to them by name).
fn projects(report: &BudgetReport, findings: &mut Findings) {
    let mut seen: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (i, p) in report.budget.projects.iter().enumerate() {
        if let Some(first) = seen.insert((p.name.as_str(), p.unit.as_deref()), i) {
            findings.push(
                "budget-project-duplicate",
                FILE,
                format!("projects[{i}].name"),
                format!("项目“{}”与 projects[{first}] 同名", p.name),
                "同一单位的项目名称不能相同：合并两行，或用能区分的全称",
            );
        }
    }
}

/// The figures printed on the budget tables that the data states agree with the leaves.
fn stated(report: &BudgetReport, figures: &BudgetFigures, findings: &mut Findings) {
    let entries = &figures.entries;
    let leaves = |pred: &dyn Fn(&Entry) -> bool| parts(entries, pred);
    let general_basic = |e: &Entry| {
        e.project.is_none()
            && matches!(
                e.source,
                crate::model::budget::Source::General | crate::model::budget::Source::GeneralOther
            )
    };
    let s = &report.budget.stated;
    for (key, amount) in &s.b01 {
        let computed = b01_parts(entries, key);
        compare("b01", key, amount.value(), computed, "预算01", findings);
    }
    for (key, amount) in &s.b06 {
        let computed = match key.as_str() {
            "total" => Some(leaves(&general_basic)),
            "personnel" => Some(leaves(&|e| {
                general_basic(e) && crate::compute::budget::personnel(&e.economic)
            })),
            "public" => Some(leaves(&|e| {
                general_basic(e) && !crate::compute::budget::personnel(&e.economic)
            })),
            _ => None,
        };
        compare("b06", key, amount.value(), computed, "预算06", findings);
    }
}

/// How a row of totals.yaml's `stated` is named in a message: `收入总计`, `208 社会保障和就业支出`.
fn row_label(key: &str) -> String {
    let label = match key {
        "income_total" => "本年收入合计",
        "carry_in" => "上年结转结余",
        "income_grand" => "收入总计",
        "expense_total" => "本年支出合计",
        "expense_grand" => "支出总计",
        "total" => "合计",
        "personnel" => "人员经费",
        "public" => "公用经费",
        code => {
            return Codes::embedded()
                .function(code)
                .map_or_else(|| code.to_owned(), |name| format!("{code} {name}"));
        }
    };
    label.to_owned()
}

/// A stated figure against the sum of its `terms` leaves.
fn compare(
    table: &str,
    key: &str,
    stated: Decimal,
    computed: Option<(Decimal, usize)>,
    name: &str,
    findings: &mut Findings,
) {
    let path = format!("stated.{table}.{key}");
    let Some((sum, terms)) = computed else {
        findings.push(
            "stated-key",
            FILE,
            path,
            format!("{name}没有“{key}”这一格"),
            "预算01 可填 income_total、carry_in、income_grand、expense_total、expense_grand 或类编码；预算06 可填 total、personnel、public",
        );
        return;
    };
    if !within_tail(stated, sum, terms) {
        let difference = stated - sum;
        findings.push(
            "stated-total",
            FILE,
            path,
            format!(
                "{name} {}应为 {}（明细之和），填写为 {}，相差 {} 万元",
                row_label(key),
                show(sum),
                show(stated),
                show(difference.abs())
            ),
            "核对明细，或改正填写的合计数",
        );
    }
}

/// An amount larger than the whole year's income was probably typed in 元 (tables.md E6).
fn magnitude(report: &BudgetReport, figures: &BudgetFigures, findings: &mut Findings) {
    let income = figures.b01.income_total;
    if income.is_zero() {
        return;
    }
    for (i, p) in report.budget.projects.iter().enumerate() {
        let total: Decimal = p.funds.by_source().iter().map(|(_, a)| a.value()).sum();
        if total > income {
            findings.push(
                "budget-amount-magnitude",
                FILE,
                format!("projects[{i}].funds"),
                format!(
                    "项目“{}”金额 {} 万元大于全年收入合计 {} 万元：是否按元填写？",
                    p.name,
                    show(total),
                    show(income)
                ),
                "金额以万元填写（元 ÷ 10000）",
            );
        }
    }
}

/// 预算08 agrees with the 经济分类 of 预算07 (tables.md B08.2, advisory).
fn sangong(report: &BudgetReport, figures: &BudgetFigures, findings: &mut Findings) {
    let s = &report.budget.sangong;
    let spent = |code: &str| -> Decimal {
        figures
            .entries
            .iter()
            .filter(|e| e.economic == code)
            .map(|e| e.amount)
            .sum()
    };
    let pairs = [
        ("abroad", "因公出国（境）费", s.abroad, "30212"),
        ("car_purchase", "公务用车购置费", s.car_purchase, "31013"),
        ("car_operation", "公务用车运行费", s.car_operation, "30231"),
        ("reception", "公务接待费", s.reception, "30217"),
    ];
    for (key, name, budget, code) in pairs {
        let economic = spent(code);
        if round(budget.value(), 2) != round(economic, 2) {
            findings.push(
                "budget-sangong-economic",
                FILE,
                format!("sangong.{key}"),
                format!(
                    "预算08 {name} {} 万元，经济分类 {code} 安排 {} 万元",
                    show(budget.value()),
                    show(economic)
                ),
                "核对“三公”经费预算与对应经济分类科目的安排",
            );
        }
    }
}

/// Each project of targets.yaml is a project of budget.yaml, and a 成本指标 that restates
/// the project's amount restates it exactly (tables.md E8).
fn targets(report: &BudgetReport, figures: &BudgetFigures, findings: &mut Findings) {
    for (i, (t, funds)) in report
        .targets
        .projects
        .iter()
        .zip(&figures.targets)
        .enumerate()
    {
        let Some(funds) = funds else {
            findings.push(
                "target-project-unknown",
                "targets.yaml",
                format!("projects[{i}].name"),
                format!("budget.yaml 中没有项目“{}”", t.name),
                "绩效目标按项目名称对应预算10 的项目：核对名称",
            );
            continue;
        };
        for (n, cost) in t.cost.iter().enumerate() {
            let Some((value, scale)) = money(&cost.target) else {
                continue;
            };
            // Compared at the coarser precision: the target's (38.1万元) or the 万元 cents of
            // the project's amount (28920元 → 2.89).
            let (amount, wan) = (funds.total, value * scale);
            let places = if scale == Decimal::ONE {
                value.scale().min(2)
            } else {
                2
            };
            let near = !amount.is_zero() && ((wan - amount).abs() / amount) < Decimal::new(5, 2);
            if near && round(wan, places) != round(amount, places) {
                findings.push(
                    "target-cost-amount",
                    "targets.yaml",
                    format!("projects[{i}].cost[{n}].target"),
                    format!(
                        "成本指标“{}”为 {}（{} 万元），项目资金为 {} 万元",
                        cost.name,
                        cost.target,
                        show(wan),
                        show(funds.total)
                    ),
                    "成本指标与项目金额应一致：核对指标值或项目金额",
                );
            }
        }
    }
}

/// A target written as an amount of money (`28920元`, `38.1万元`): the number as written
/// and the 万元 one unit of it is.
fn money(text: &str) -> Option<(Decimal, Decimal)> {
    let text = text
        .trim()
        .trim_start_matches(['=', '≤', '≥', '<', '>', '≈', '~']);
    let (number, scale) = if let Some(n) = text.strip_suffix("万元") {
        (n, Decimal::ONE)
    } else {
        (text.strip_suffix('元')?, Decimal::new(1, 4))
    };
    Some((number.trim().parse::<Decimal>().ok()?, scale))
}

/// A budget figure that changed from last year's budget needs a reason.
fn changes(report: &BudgetReport, figures: &BudgetFigures, findings: &mut Findings) {
    let c = &report.notes.changes;
    let comparisons = [
        ("total", "收、支总计", &c.total, figures.b01.income_grand),
        (
            "fiscal_total",
            "财政拨款收、支总计",
            &c.fiscal_total,
            figures.b04.income_grand,
        ),
        (
            "general_expense",
            "一般公共预算支出",
            &c.general_expense,
            figures.b05[0].values[0],
        ),
        ("sangong", "“三公”经费预算", &c.sangong, figures.b08[0]),
        (
            "operating_costs",
            "机关运行经费预算",
            &c.operating_costs,
            crate::compute::budget::operating_costs(report, figures),
        ),
    ];
    for (key, name, comparison, current) in comparisons {
        let Some(previous) = comparison.previous else {
            continue;
        };
        let delta = round(current, 2) - round(previous.value(), 2);
        if !delta.is_zero() && comparison.reason.is_none() {
            findings.push(
                "change-reason-missing",
                "notes.yaml",
                format!("changes.{key}"),
                format!(
                    "{name}比上年{} {} 万元（{} → {}），缺少原因",
                    if delta.is_sign_negative() {
                        "减少"
                    } else {
                        "增加"
                    },
                    show(delta.abs()),
                    show(previous.value()),
                    show(current)
                ),
                format!("在 changes.{key}.reason 填写增减的主要原因"),
            );
        }
    }
}
