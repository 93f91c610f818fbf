//! The JSON files of a 部门预算 for Typst: 预算01–10, the 整体绩效目标表 and the 项目绩效目标
//! 汇总表, one file each.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::{Cells, DataFiles, Evaluations, Files, Grouped, grouped_rows};
use crate::codes::{Codes, Dictionary};
use crate::compute::budget::{BudgetFigures, FundGroups, Row, RowKind};
use crate::format::Settings;
use crate::model::budget::{BudgetReport, ProjectKind, Target, TargetGroup};
use crate::narrate::Text;
use crate::narrate::budget::BudgetContext;
use crate::wording::cn_number;

/// Lays out everything the budget's Typst templates need.
pub fn layout(
    report: &BudgetReport,
    figures: &BudgetFigures,
    text: &Text,
    context: &BudgetContext,
    settings: &Settings,
) -> DataFiles {
    let cells = Cells::of(settings);
    let dictionary = Dictionary::new(&report.codes);
    let mut files = Files::common(
        &report.info,
        &context.about.published,
        settings,
        text,
        Evaluations {
            whole: report.targets.whole.is_some(),
            projects: report.targets.projects.len(),
        },
    );
    let mut put = |path: &str, value: Value| files.put(path, &value);
    put("/data/budget/b01.json", b01(figures, dictionary, &cells));
    let b02 = rows(&figures.b02, &cells, |r| match r.kind {
        RowKind::Total => json!(["", r.label]),
        _ => json!([r.key, r.label]),
    });
    put("/data/budget/b02.json", b02);
    let spending = |rows: &[Row]| self::spending(rows, &cells);
    put("/data/budget/b03.json", spending(&figures.b03));
    put("/data/budget/b04.json", b04(figures, dictionary, &cells));
    put("/data/budget/b05.json", spending(&figures.b05));
    put("/data/budget/b06.json", b06(figures, dictionary, &cells));
    put("/data/budget/b07.json", b07(figures, dictionary, &cells));
    put(
        "/data/budget/b08.json",
        json!({"row": cells.row(&figures.b08)}),
    );
    put("/data/budget/b09.json", spending(&figures.b09));
    put("/data/budget/b10.json", b10(report, figures, &cells));
    if let Some(whole) = &report.targets.whole {
        let f = &figures.whole;
        let amount = |v: Decimal| settings.styles.text.amount(v);
        put(
            "/data/budget/whole.json",
            json!({
                "goals": whole.goals,
                "tasks": whole.tasks.iter().map(|t| json!([t.name, t.content])).collect::<Vec<_>>(),
                "funds": [amount(f.funds.total), amount(f.funds.government), amount(f.funds.special),
                    amount(f.funds.own), amount(f.basic), amount(f.project)],
                "indicators": indicators(&whole.indicators),
            }),
        );
    }
    put(
        "/data/budget/targets.json",
        targets(report, figures, &cells),
    );
    files.0
}

/// A table of rows: the 合计, units and details, each with `label` cells and amounts.
fn rows(rows: &[Row], cells: &Cells, label: impl Fn(&Row) -> Value) -> Value {
    let list: Vec<Value> = rows
        .iter()
        .map(|r| json!({"kind": kind(r.kind), "label": label(r), "cells": cells.row(&r.values)}))
        .collect();
    json!({"rows": list, "empty": rows.first().is_none_or(|r| r.values.iter().all(Decimal::is_zero))})
}

fn kind(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Total => "total",
        RowKind::Unit => "unit",
        RowKind::Detail => "detail",
    }
}

/// 预算03, 05, 09: a 项's code is printed split into 类, 款 and 项.
fn spending(table: &[Row], cells: &Cells) -> Value {
    rows(table, cells, |r| match r.kind {
        RowKind::Detail => {
            let code = &r.key;
            json!([code.get(..3), code.get(3..5), code.get(5..), "", r.label])
        }
        RowKind::Unit => json!(["", "", "", r.key, r.label]),
        RowKind::Total => json!(["", "", "", "", r.label]),
    })
}

/// 类 rows of 预算01/04, numbered by code − 200 (一 = 201); skipped numbers stay skipped.
fn class_label(code: &str, dictionary: Dictionary, short: bool, pattern: &str) -> String {
    let number = code.parse::<usize>().map_or(0, |c| c.saturating_sub(200));
    let name = dictionary.function(code).unwrap_or(code);
    let name = if short {
        name.trim_end_matches("支出")
    } else {
        name
    };
    pattern.replace("{}", &cn_number(number)) + name
}

fn b01(figures: &BudgetFigures, dictionary: Dictionary, cells: &Cells) -> Value {
    let b = &figures.b01;
    let labels = [
        "一、一般公共预算",
        "其中：财政拨款",
        "二、政府性基金预算拨款收入",
        "三、国有资本经营预算拨款收入",
        "四、财政专户管理资金收入",
        "五、事业收入",
        "六、事业单位经营收入",
        "七、上级补助收入",
        "八、附属单位上缴收入",
        "九、其他收入",
    ];
    let income: Vec<Value> = labels
        .iter()
        .zip(b.income)
        .map(|(l, v)| json!([l, cells.amount(v)]))
        .collect();
    let expense: Vec<Value> = b
        .classes
        .iter()
        .map(|(code, v)| {
            json!([
                class_label(code, dictionary, true, "{}、"),
                cells.amount(*v)
            ])
        })
        .collect();
    json!({
        "income": income,
        "expense": expense,
        "closing": [
            ["本年收入合计", cells.amount(b.income_total), "本年支出合计", cells.amount(b.expense_total)],
            ["上年结转结余", cells.amount(b.carry_in), "年终结转结余", ""],
            ["收入总计", cells.amount(b.income_grand), "支出总计", cells.amount(b.expense_grand)],
        ],
    })
}

fn b04(figures: &BudgetFigures, dictionary: Dictionary, cells: &Cells) -> Value {
    let b = &figures.b04;
    let income = [
        ("一、本年收入", b.income_total),
        ("（一）一般公共预算拨款", b.income[0]),
        ("其中：财政拨款", b.income[1]),
        ("（二）政府性基金预算拨款", b.income[2]),
        ("（三）国有资本经营预算拨款", b.income[3]),
        ("二、上年结转", b.carry_in_total),
        ("（一）一般公共预算拨款", b.carry_in[0]),
        ("（二）政府性基金预算拨款", b.carry_in[1]),
        ("（三）国有资本经营预算拨款", b.carry_in[2]),
    ];
    let mut expense = vec![json!(["一、本年支出", cells.row(&b.expense_total)])];
    expense.extend(
        b.classes
            .iter()
            .map(|(code, v)| json!([class_label(code, dictionary, false, "（{}）"), cells.row(v)])),
    );
    expense.push(json!(["二、年终结转结余", cells.row(&[Decimal::ZERO; 5])]));
    json!({
        "income": income.iter().map(|(l, v)| json!([l, cells.amount(*v)])).collect::<Vec<_>>(),
        "expense": expense,
        "total": [cells.amount(b.income_grand), cells.row(&b.expense_total)],
    })
}

fn b06(figures: &BudgetFigures, dictionary: Dictionary, cells: &Cells) -> Value {
    let b = &figures.b06;
    let rows: Vec<Value> = b
        .rows
        .iter()
        .map(|(code, values)| {
            let (gov, gov_name) = Codes::embedded().gov(code).unwrap_or_default();
            json!({
                "code": code,
                "name": dictionary.economic(code).unwrap_or_default(),
                "gov": gov,
                "gov_name": gov_name,
                "cells": cells.row(values),
            })
        })
        .collect();
    json!({"rows": rows, "total": cells.row(&b.total)})
}

fn b07(figures: &BudgetFigures, dictionary: Dictionary, cells: &Cells) -> Value {
    rows(&figures.b07, cells, |r| match r.kind {
        RowKind::Detail => {
            let code = &r.key;
            let (gov, gov_name) = Codes::embedded().gov(code).unwrap_or_default();
            json!([
                code.get(..3),
                code.get(3..),
                dictionary.economic(code).unwrap_or_default(),
                gov.get(..3),
                gov.get(3..),
                gov_name
            ])
        }
        _ => json!([r.key, "", r.label, "", "", ""]),
    })
}

fn b10(report: &BudgetReport, figures: &BudgetFigures, cells: &Cells) -> Value {
    let unit_name = |code: Option<&str>| -> String {
        let units = &report.budget.units;
        let code = code.or(units.first().map(|u| u.code.as_str()));
        units
            .iter()
            .find(|u| Some(u.code.as_str()) == code)
            .map_or(String::new(), |u| u.name.clone())
    };
    rows(&figures.b10, cells, |r| match r.kind {
        RowKind::Detail => {
            let p = r
                .key
                .parse::<usize>()
                .ok()
                .and_then(|i| report.budget.projects.get(i));
            let kind = match p.map(|p| p.kind) {
                Some(ProjectKind::Operation) => "其他运转类",
                _ => "特定目标类",
            };
            json!([kind, r.label, unit_name(p.and_then(|p| p.unit.as_deref()))])
        }
        _ => json!(["", r.label, ""]),
    })
}

/// Indicator rows with the row spans of their 一级 and 二级 cells.
fn indicators(groups: &[TargetGroup]) -> Vec<Grouped<'_, Value>> {
    grouped_rows(
        groups,
        |g| (&g.level1, &g.level2),
        |g| &g.items,
        |item| json!({"name": item.name, "target": item.target, "note": item.note}),
    )
}

/// The 项目绩效目标汇总表: each project with 绩效目标, its amounts and its indicators by kind.
fn targets(report: &BudgetReport, figures: &BudgetFigures, cells: &Cells) -> Value {
    let funds = |f: &FundGroups| cells.row(&[f.total, f.government, f.special, f.own]);
    let pairs = |list: &[Target]| -> Vec<Value> {
        list.iter().map(|t| json!([t.name, t.target])).collect()
    };
    let mut total = FundGroups::default();
    let projects: Vec<Value> = report
        .targets
        .projects
        .iter()
        .zip(&figures.targets)
        .map(|(t, f)| {
            let f = f.unwrap_or_default();
            total.total += f.total;
            total.government += f.government;
            total.special += f.special;
            total.own += f.own;
            json!({
                "code": t.code,
                "name": t.name,
                "funds": funds(&f),
                "goal": t.goal,
                "cost": pairs(&t.cost),
                "output": pairs(&t.output),
                "effect": pairs(&t.effect),
                "satisfaction": pairs(&t.satisfaction),
            })
        })
        .collect();
    json!({"projects": projects, "total": funds(&total)})
}
