//! The inputs of the 情况说明: reasons, previous years, 三公 counts, 政府采购, 公开日期.

use rust_decimal::Decimal;

use super::show;
use crate::codes::Level;
use crate::compute::{self, Figures};
use crate::finding::Findings;
use crate::format::Settings;
use crate::model::{Report, ReportInfo};
use crate::wording::{ratio, round};

pub(super) fn check(
    report: &Report,
    figures: &Figures,
    settings: &Settings,
    findings: &mut Findings,
) {
    budget_reasons(report, figures, settings, findings);
    changes(report, figures, settings, findings);
    sangong(report, figures, settings, findings);
    procurement(report, findings);
    operating_costs(report, figures, findings);
}

pub(super) fn published(info: &ReportInfo, findings: &mut Findings) {
    let text = &info.published;
    let valid = text.split_once('-').is_some_and(|(y, m)| {
        y.len() == 4
            && y.parse::<u16>().is_ok()
            && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
    });
    if !valid {
        findings.push(
            "published-date",
            "report.yaml",
            "published",
            format!("公开日期“{text}”不是“年-月”格式"),
            "写成如 2025-09",
        );
    }
}

/// Whether `actual` against `budget` needs a reason: different, and not 基本持平.
fn needs_reason(actual: Decimal, budget: Decimal, settings: &Settings) -> bool {
    let flat = ratio(actual, budget)
        .is_some_and(|r| (r - Decimal::ONE_HUNDRED).abs() <= settings.flat_band);
    round(actual, 2) != round(budget, 2) && !flat
}

/// Every 项 whose 决算 differs from its 年初预算 needs a reason, unless 基本持平 applies.
fn budget_reasons(
    report: &Report,
    figures: &Figures,
    settings: &Settings,
    findings: &mut Findings,
) {
    let t05 = &figures.tables.t05;
    let lines = &report.explanation.initial_budget.general;
    for (i, line) in lines.iter().enumerate() {
        let actual = t05.value(&line.code, "total");
        let budget = line.amount.value();
        if line.reason.is_none() && needs_reason(actual, budget, settings) {
            findings.push(
                "budget-reason-missing",
                "explanation.yaml",
                format!("initial_budget.general[{i}]"),
                format!(
                    "科目 {} 年初预算 {} 万元，决算 {} 万元，缺少差异原因",
                    line.code,
                    show(budget),
                    show(actual)
                ),
                "填写 reason：决算数与年初预算数存在差异的主要原因",
            );
        }
    }
    for row in t05
        .rows
        .iter()
        .filter(|r| r.level == Level::Item && !lines.iter().any(|l| l.code == r.code))
    {
        let item = report
            .accounts
            .items
            .iter()
            .position(|i| i.code == row.code)
            .unwrap_or_default();
        findings.push(
            "budget-reason-missing",
            "accounts.yaml",
            format!("items[{item}].fiscal.general"),
            format!("科目 {} 有一般公共预算财政拨款支出 {} 万元，但没有年初预算行", row.code, show(row.values[0])),
            "在 explanation.yaml 的 initial_budget.general 中为该科目写一行：amount（年初没有预算写 0）和 reason",
        );
    }
}

/// A comparison with last year that the format's text makes needs last year's figure,
/// and a reason when the figure changed.
fn changes(report: &Report, figures: &Figures, settings: &Settings, findings: &mut Findings) {
    let c = &report.explanation.changes;
    for (key, name, current) in compute::comparisons(report, &figures.tables) {
        if !settings.compares.iter().any(|k| k == key) {
            continue;
        }
        let Some(comparison) = c.get(key) else {
            continue;
        };
        let Some(previous) = comparison.previous else {
            findings.push(
                "previous-missing",
                "explanation.yaml",
                "changes",
                format!("缺少上年{name}，情况说明将不与上年比较"),
                format!("在 changes.{key}.previous 填写上年决算数"),
            );
            continue;
        };
        change_reason(
            current,
            previous.value(),
            comparison.reason.is_some(),
            ("explanation.yaml", format!("changes.{key}"), name),
            findings,
        );
    }
    if settings.compares.iter().any(|k| k == "sangong") {
        sangong_changes(report, figures, findings);
    }
}

/// A figure that changed from last year needs a reason: (file, YAML path, name) say where.
fn change_reason(
    current: Decimal,
    previous: Decimal,
    has_reason: bool,
    (file, path, name): (&str, String, &str),
    findings: &mut Findings,
) {
    let delta = round(current, 2) - round(previous, 2);
    if delta.is_zero() || has_reason {
        return;
    }
    let verb = if delta.is_sign_negative() {
        "减少"
    } else {
        "增加"
    };
    findings.push(
        "change-reason-missing",
        file,
        path.clone(),
        format!(
            "{name}比上年{verb} {} 万元（{} → {}），缺少原因",
            show(delta.abs()),
            show(previous),
            show(current)
        ),
        format!("在 {path} 填写增减的主要原因"),
    );
}

/// The 三公 items compared with last year (Liaoning 三).
fn sangong_changes(report: &Report, figures: &Figures, findings: &mut Findings) {
    let s = &report.sangong;
    let Some(previous) = &s.previous else {
        findings.push(
            "previous-missing",
            "sangong.yaml",
            "actual",
            "缺少上年“三公”经费决算数，情况说明将不与上年比较".to_owned(),
            "在 previous 填写上年 abroad、car_purchase、car_operation、reception",
        );
        return;
    };
    let actual = &figures.tables.t09.actual;
    let items = [
        (
            "因公出国（境）费",
            "notes.abroad_change_reason",
            actual[1],
            previous.abroad.value(),
            &s.notes.abroad_change_reason,
        ),
        (
            "公务用车购置及运行费",
            "notes.car_change_reason",
            actual[2],
            previous.car_purchase.value() + previous.car_operation.value(),
            &s.notes.car_change_reason,
        ),
        (
            "公务接待费",
            "notes.reception_change_reason",
            actual[5],
            previous.reception.value(),
            &s.notes.reception_change_reason,
        ),
    ];
    for (name, path, current, before, reason) in items {
        change_reason(
            current,
            before,
            reason.is_some(),
            ("sangong.yaml", path.to_owned(), name),
            findings,
        );
    }
}

fn sangong(report: &Report, figures: &Figures, settings: &Settings, findings: &mut Findings) {
    let s = &report.sangong;
    let t09 = &figures.tables.t09;
    let items = [
        ("notes.reason", "三公经费", 0, &s.notes.reason),
        (
            "notes.abroad_reason",
            "因公出国（境）费",
            1,
            &s.notes.abroad_reason,
        ),
        (
            "notes.car_reason",
            "公务用车购置及运行费",
            2,
            &s.notes.car_reason,
        ),
        (
            "notes.reception_reason",
            "公务接待费",
            5,
            &s.notes.reception_reason,
        ),
    ];
    for (path, name, column, reason) in items {
        let (budget, actual) = (t09.budget[column], t09.actual[column]);
        if !budget.is_zero() && reason.is_none() && needs_reason(actual, budget, settings) {
            findings.push(
                "sangong-reason-missing",
                "sangong.yaml",
                "actual",
                format!(
                    "{name}预算 {} 万元，决算 {} 万元，缺少差异原因",
                    show(budget),
                    show(actual)
                ),
                format!("在 {path} 填写决算数与预算数存在差异的主要原因"),
            );
        }
    }
    let n = &s.counts;
    let counted = [
        (
            "counts.abroad_groups",
            "因公出国（境）费",
            t09.actual[1],
            n.abroad_groups,
            "出国团组",
        ),
        (
            "counts.cars_purchased",
            "公务用车购置费",
            t09.actual[3],
            n.cars_purchased,
            "购置车辆",
        ),
        (
            "counts.domestic_groups",
            "公务接待费",
            t09.actual[5],
            n.foreign_groups + n.domestic_groups,
            "接待团组",
        ),
    ];
    for (path, name, amount, count, what) in counted {
        if amount.is_zero() != (count == 0) {
            findings.push(
                "sangong-count-amount",
                "sangong.yaml",
                path,
                format!("{name} {} 万元，但{what}为 {count}", show(amount)),
                "有支出就应有相应数量，反之亦然：核对金额与数量",
            );
        }
    }
    if !t09.actual[4].is_zero() && n.cars_held == 0 {
        findings.push(
            "sangong-count-amount",
            "sangong.yaml",
            "counts.cars_held",
            format!(
                "公务用车运行维护费 {} 万元，但公务用车保有量为 0",
                show(t09.actual[4])
            ),
            "有运行维护费就应有保有的公务用车：核对保有量",
        );
    }
    let v = &report.explanation.assets.vehicles;
    let vehicles = v.provincial_leaders
        + v.chief_leaders
        + v.confidential
        + v.emergency
        + v.law_enforcement
        + v.special_technical
        + v.retired_cadres
        + v.other;
    if n.cars_held > vehicles {
        findings.push(
            "sangong-cars-held",
            "sangong.yaml",
            "counts.cars_held",
            format!("公务用车保有量 {} 辆，国有资产中的车辆总数 {vehicles} 辆", n.cars_held),
            "保有量不超过车辆总数：核对 sangong.yaml 的 cars_held 与 explanation.yaml 的 assets.vehicles",
        );
    }
    if s.reception_foreign.value() > t09.actual[5] {
        findings.push(
            "sangong-foreign-reception",
            "sangong.yaml",
            "reception_foreign",
            format!(
                "外宾接待支出 {} 万元大于公务接待费 {} 万元",
                show(s.reception_foreign.value()),
                show(t09.actual[5])
            ),
            "外宾接待支出是公务接待费的一部分",
        );
    }
}

fn procurement(report: &Report, findings: &mut Findings) {
    let p = &report.explanation.procurement;
    let total = p.goods.value() + p.works.value() + p.services.value();
    let pairs = [
        (
            "procurement.sme",
            "授予中小企业合同金额",
            p.sme.value(),
            "政府采购总额",
            total,
        ),
        (
            "procurement.micro",
            "授予小微企业合同金额",
            p.micro.value(),
            "授予中小企业合同金额",
            p.sme.value(),
        ),
    ];
    for (path, part_name, part, whole_name, whole) in pairs {
        if part > whole {
            findings.push(
                "procurement-sme",
                "explanation.yaml",
                path,
                format!(
                    "{part_name} {} 万元大于{whole_name} {} 万元",
                    show(part),
                    show(whole)
                ),
                "授予小微企业 ≤ 授予中小企业 ≤ 政府采购总额（货物 + 工程 + 服务）",
            );
        }
    }
}

fn operating_costs(report: &Report, figures: &Figures, findings: &mut Findings) {
    let public = figures.tables.t06.public;
    if let Some(amount) = report
        .explanation
        .operating_costs
        .filter(|a| a.value() > public)
    {
        findings.push(
            "operating-costs-exceed-public",
            "explanation.yaml",
            "operating_costs",
            format!(
                "机关运行经费 {} 万元大于公开06公用经费合计 {} 万元",
                show(amount.value()),
                show(public)
            ),
            "机关运行经费取自行政单位和参公单位的公用经费：核对该数",
        );
    }
}
