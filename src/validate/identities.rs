//! The identities between the figures (勾稽关系, tables.md §5) that the input can break:
//! stated figures against their parts, and the figures typed in different places.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::pinpoint::{Check, Culprit, culprit};
use super::{show, tolerance};
use crate::codes::Codes;
use crate::compute::cells;
use crate::compute::tables::coded_def;
use crate::compute::{Figures, StatedFigure};
use crate::finding::Findings;
use crate::model::Report;

pub(super) fn check(report: &Report, figures: &Figures, findings: &mut Findings) {
    stated(figures, findings);
    items(report, findings);
    balances(report, figures, findings);
    basic(figures, findings);
}

/// How a stated figure is named in a message: `公开03 合计·基本支出`.
fn label(f: &StatedFigure) -> String {
    let table = format!("公开{}", &f.table[1..]);
    let row = match (f.table, f.row.as_str()) {
        (_, "total") => "合计".to_owned(),
        (_, "income_total") => "本年收入合计".to_owned(),
        (_, "income_grand") => "收入总计".to_owned(),
        (_, "expense_total") => "本年支出合计".to_owned(),
        (_, "expense_grand") => "支出总计".to_owned(),
        ("t04", "carry_in_total") => "年初财政拨款结转和结余".to_owned(),
        ("t04", "carry_out") => "年末财政拨款结转和结余".to_owned(),
        ("t06", "personnel") => "人员经费合计".to_owned(),
        ("t06", "public") => "公用经费合计".to_owned(),
        ("t09", "budget") => "预算数".to_owned(),
        ("t09", "actual") => "决算数".to_owned(),
        ("t01", "general") => "一般公共预算财政拨款收入".to_owned(),
        ("t01", "gov_fund") => "政府性基金预算财政拨款收入".to_owned(),
        ("t01", "state_capital") => "国有资本经营预算财政拨款收入".to_owned(),
        (table, code) => {
            let codes = Codes::embedded();
            let name = match table {
                "t06" => codes.economic(code),
                _ => codes.function(code),
            };
            name.map_or_else(|| code.to_owned(), |name| format!("{code} {name}"))
        }
    };
    let column = coded_def(f.table)
        .and_then(|def| def.columns.iter().find(|c| c.key == f.column))
        .map(|c| c.label.to_owned())
        .unwrap_or_else(|| match f.column.as_str() {
            "general" => "一般公共预算财政拨款".into(),
            "gov_fund" => "政府性基金预算财政拨款".into(),
            "state_capital" => "国有资本经营预算财政拨款".into(),
            "abroad" => "因公出国（境）费".into(),
            "car" => "公务用车购置及运行维护费".into(),
            "car_purchase" => "公务用车购置费".into(),
            "car_operation" => "公务用车运行维护费".into(),
            "reception" => "公务接待费".into(),
            other => other.to_owned(),
        });
    let column = match column.as_str() {
        "" => String::new(),
        "total" => "·合计".to_owned(),
        c => format!("·{c}"),
    };
    format!("{table} {row}{column}")
}

/// Stated figures: each names a cell, agrees with its parts within the rounding tail, and
/// agrees with any other statement of the same cell.
fn stated(figures: &Figures, findings: &mut Findings) {
    let mut cells: HashMap<String, &StatedFigure> = HashMap::new();
    let mut checks = Vec::new();
    let mut figures_checked = Vec::new();
    for f in &figures.stated {
        let (Some(leaves), Some(tail)) = (&f.leaves, f.tail()) else {
            findings.push_key(
                "stated-key",
                "totals.yaml",
                f.path.clone(),
                format!(
                    "公开{}没有“{}”这一格",
                    &f.table[1..],
                    if f.column.is_empty() {
                        f.row.clone()
                    } else {
                        format!("{}·{}", f.row, f.column)
                    }
                ),
                keys_hint(f.table),
            );
            continue;
        };
        if let Some(canonical) = &f.canonical {
            let key = format!("{canonical:?}");
            match cells.get(&key) {
                Some(other) if other.stated != f.stated => findings.push(
                    "stated-copy",
                    "totals.yaml",
                    f.path.clone(),
                    format!(
                        "{}填写为 {}，而{}（同一数字）填写为 {}",
                        label(f),
                        show(f.stated),
                        label(other),
                        show(other.stated)
                    ),
                    "两处印的是同一个数：改成一致",
                ),
                _ => {
                    cells.insert(key, f);
                }
            }
        }
        checks.push(Check { leaves, tail });
        figures_checked.push(f);
    }
    let blame = culprit(&checks);
    for (i, (check, f)) in checks.iter().zip(&figures_checked).enumerate() {
        if !check.broken() {
            continue;
        }
        let tail = &check.tail;
        let likely = match &blame {
            Some(Culprit::Leaf { leaf, should_be }) => {
                let place = findings
                    .line_of(leaf.file, &leaf.path)
                    .map_or(String::new(), |l| format!("，{} 第{l}行", leaf.file));
                format!(
                    "最可能出错：{}（填写为 {}{place}），若其余数字无误应为 {}。",
                    leaf.label,
                    show(leaf.value),
                    show(*should_be)
                )
            }
            Some(Culprit::Stated(index)) if *index == i => {
                "最可能出错：填写的这个合计数本身，其明细与其他合计数都相符。".to_owned()
            }
            _ => String::new(),
        };
        findings.push(
            "stated-total",
            "totals.yaml",
            f.path.clone(),
            format!(
                "{}应为 {}（{}个明细之和），填写为 {}，相差 {} 万元",
                label(f),
                show(tail.computed),
                tail.parts,
                show(f.stated),
                show(tail.delta)
            ),
            format!(
                "{likely}明细无误时（如刚改过明细），把该数改为 {}，或删去它由工具按明细计算；填写的数与明细之和相差在四舍五入尾差 ±{} 以内才印出",
                show(tail.computed),
                tail.tolerance
            ),
        );
    }
}

fn keys_hint(table: &str) -> String {
    match table {
        "t01" => "公开01 可填 general、gov_fund、state_capital、income_total、income_grand、expense_total、expense_grand 或类编码".to_owned(),
        "t04" => "公开04 可填 income_total、carry_in_total、income_grand，或 expense_total、carry_out、expense_grand、类编码下的 total、general、gov_fund、state_capital".to_owned(),
        "t06" => "公开06 可填经济分类类编码（301、302…）、personnel、public".to_owned(),
        "t09" => format!("公开09 可填 budget、actual 下的 {}", cells::T09_COLUMNS.map(|c| c.0).join("、")),
        coded => coded_def(coded).map_or(String::new(), |def| {
            format!("公开{} 的行为 total 或类、款、项编码，栏为 {}", &coded[1..], def.keys().join("、"))
        }),
    }
}

/// Per 项: figures typed in several places for the same money must fit together.
fn items(report: &Report, findings: &mut Findings) {
    let b = &report.accounts.balances;
    let no_balances = [
        b.carry_in,
        b.nonfiscal_surplus_used,
        b.surplus_distribution,
        b.carry_out,
    ]
    .iter()
    .all(|a| a.value().is_zero());
    let general_carry = !(b.fiscal_carry_in.general.value().is_zero()
        && b.fiscal_carry_out.general.value().is_zero());
    let state_carry = !(b.fiscal_carry_in.state_capital.value().is_zero()
        && b.fiscal_carry_out.state_capital.value().is_zero());
    for (i, item) in report.accounts.items.iter().enumerate() {
        let (n, e, f) = (&item.income, &item.expense, &item.fiscal);
        let funds = [
            (
                "一般公共预算",
                "general",
                general_carry,
                n.general.value(),
                f.general.basic.value() + f.general.project.value(),
            ),
            (
                "国有资本经营预算",
                "state_capital",
                state_carry,
                n.state_capital.value(),
                f.state_capital.basic.value() + f.state_capital.project.value(),
            ),
        ];
        for (name, key, carried, income, expense) in funds {
            if !carried && income != expense {
                findings.push(
                    "fiscal-income-expense",
                    "accounts.yaml",
                    format!("items[{i}].fiscal.{key}"),
                    format!("科目 {} {name}财政拨款收入 {}，支出 {}，相差 {} 万元", item.code, show(income), show(expense), show(income - expense)),
                    "没有财政拨款结转结余时，各项财政拨款收入等于其支出：核对 income 与 fiscal 中的数",
                );
            }
        }
        let g = &f.gov_fund;
        let gov_left =
            g.carry_in.value() + n.gov_fund.value() - g.basic.value() - g.project.value();
        let gov_terms = [g.carry_in, n.gov_fund, g.basic, g.project, g.carry_out]
            .iter()
            .filter(|a| !a.value().is_zero())
            .count();
        if (gov_left - g.carry_out.value()).abs() > tolerance(gov_terms) {
            findings.push(
                "fiscal-income-expense",
                "accounts.yaml",
                format!("items[{i}].fiscal.gov_fund"),
                format!(
                    "科目 {} 政府性基金年末结转和结余应为 {}（年初 + 收入 − 支出），填写为 {}",
                    item.code,
                    show(gov_left),
                    show(g.carry_out.value())
                ),
                "核对政府性基金的年初结转、本年收入、本年支出和年末结转",
            );
        }
        let income = [
            n.general,
            n.gov_fund,
            n.state_capital,
            n.superior,
            n.business,
            n.operating,
            n.affiliate,
            n.other,
        ]
        .iter()
        .map(|a| a.value())
        .sum::<Decimal>();
        let expense = [
            e.basic,
            e.project,
            e.to_superior,
            e.operating,
            e.to_affiliates,
        ]
        .iter()
        .map(|a| a.value())
        .sum::<Decimal>();
        if no_balances && income != expense {
            findings.push(
                "income-expense-item",
                "accounts.yaml",
                format!("items[{i}]"),
                format!(
                    "科目 {} 本年收入合计 {}，本年支出合计 {}，相差 {} 万元",
                    item.code,
                    show(income),
                    show(expense),
                    show(income - expense)
                ),
                "没有结转结余时，各项收入等于支出：核对 income 与 expense 中的数",
            );
        }
        let kinds = [
            (
                "基本支出",
                "basic",
                f.general.basic.value() + g.basic.value() + f.state_capital.basic.value(),
                e.basic.value(),
            ),
            (
                "项目支出",
                "project",
                f.general.project.value() + g.project.value() + f.state_capital.project.value(),
                e.project.value(),
            ),
        ];
        for (name, key, fiscal, total) in kinds {
            if fiscal > total {
                findings.push(
                    "fiscal-within-expense",
                    "accounts.yaml",
                    format!("items[{i}].expense.{key}"),
                    format!(
                        "科目 {} 财政拨款{name} {} 大于本年{name} {}",
                        item.code,
                        show(fiscal),
                        show(total)
                    ),
                    "财政拨款支出是本年支出的一部分：核对 fiscal 与 expense 中的数",
                );
            }
        }
    }
}

/// 公开01 and 公开04: what came in and was carried equals what went out and is carried.
fn balances(report: &Report, figures: &Figures, findings: &mut Findings) {
    let t01 = &figures.tables.t01;
    let t04 = &figures.tables.t04;
    let expected = t01.carry_in + t01.nonfiscal_surplus_used + t01.income_total
        - t01.expense_total
        - t01.surplus_distribution;
    let terms = [
        t01.carry_out,
        t01.carry_in,
        t01.nonfiscal_surplus_used,
        t01.income_total,
        t01.expense_total,
        t01.surplus_distribution,
    ];
    if (expected - t01.carry_out).abs() > tolerance(terms.iter().filter(|v| !v.is_zero()).count()) {
        findings.push(
            "balance",
            "accounts.yaml",
            "balances.carry_out",
            format!(
                "年末结转和结余应为 {}（年初 {} + 使用非财政拨款结余 {} + 本年收入 {} − 本年支出 {} − 结余分配 {}），填写为 {}，相差 {} 万元",
                show(expected),
                show(t01.carry_in),
                show(t01.nonfiscal_surplus_used),
                show(t01.income_total),
                show(t01.expense_total),
                show(t01.surplus_distribution),
                show(t01.carry_out),
                show(t01.carry_out - expected)
            ),
            "核对结转结余与收支：收支总计两方应相等",
        );
    }
    let funds = ["一般公共预算", "政府性基金预算", "国有资本经营预算"];
    for (f, fund) in funds.iter().enumerate() {
        let came = t04.income[f] + t04.carry_in[f];
        let went = t04.expense_total[f + 1] + t04.carry_out[f + 1];
        let terms = [
            t04.income[f],
            t04.carry_in[f],
            t04.expense_total[f + 1],
            t04.carry_out[f + 1],
        ]
        .iter()
        .filter(|v| !v.is_zero())
        .count();
        if (came - went).abs() > tolerance(terms) {
            findings.push(
                "fiscal-balance",
                "accounts.yaml",
                "balances",
                format!(
                    "{fund}财政拨款：本年收入 {} + 年初结转 {} = {}，本年支出 {} + 年末结转 {} = {}，相差 {} 万元",
                    show(t04.income[f]),
                    show(t04.carry_in[f]),
                    show(came),
                    show(t04.expense_total[f + 1]),
                    show(t04.carry_out[f + 1]),
                    show(went),
                    show(came - went)
                ),
                "核对该类财政拨款的收入、支出和结转结余",
            );
        }
    }
    let b = &report.accounts.balances;
    let pairs = [
        ("fiscal_carry_in", "年初", t04.carry_in_total, t01.carry_in),
        ("fiscal_carry_out", "年末", t04.carry_out[0], t01.carry_out),
    ];
    for (key, when, fiscal, all) in pairs {
        if fiscal > all {
            findings.push(
                "fiscal-carry-within-total",
                "accounts.yaml",
                format!("balances.{key}"),
                format!(
                    "{when}财政拨款结转和结余 {} 大于{when}结转和结余 {}",
                    show(fiscal),
                    show(all)
                ),
                "财政拨款结转结余是全部结转结余的一部分：核对 balances",
            );
        }
    }
    let _ = b;
}

/// 公开06 splits the 基本支出 of 公开05 into 人员经费 and 公用经费.
fn basic(figures: &Figures, findings: &mut Findings) {
    let t = &figures.tables;
    let split = t.t06.personnel + t.t06.public;
    let basic = t.t05.total_of("basic");
    let terms = [t.t06.personnel, t.t06.public, basic]
        .iter()
        .filter(|v| !v.is_zero())
        .count();
    if (split - basic).abs() > tolerance(terms) {
        findings.push(
            "basic-economic-total",
            "basic.yaml",
            "economic",
            format!(
                "公开06 人员经费 {} + 公用经费 {} = {}，公开05 基本支出合计 {}，相差 {} 万元",
                show(t.t06.personnel),
                show(t.t06.public),
                show(split),
                show(basic),
                show(split - basic)
            ),
            "核对 basic.yaml 的经济分类明细与 accounts.yaml 中一般公共预算财政拨款基本支出",
        );
    }
    let pairs = [
        ("30212", 1, "因公出国（境）费"),
        ("30217", 5, "公务接待费"),
        ("30231", 4, "公务用车运行维护费"),
        ("31013", 3, "公务用车购置费"),
    ];
    for (code, column, name) in pairs {
        let basic = t.t06.value(code);
        if basic > t.t09.actual[column] {
            findings.push(
                "sangong-within-basic",
                "basic.yaml",
                format!("economic.{code}"),
                format!(
                    "基本支出 {code} {} 大于三公经费{name}决算 {}",
                    show(basic),
                    show(t.t09.actual[column])
                ),
                "三公经费决算包括基本支出中的相应款：核对 sangong.yaml 的 actual",
            );
        }
    }
}
