//! The Tera context of a 部门预算: every figure of the budget's 情况说明 (narrative.md §10),
//! written out in the format's text style.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::Dictionary;
use crate::compute::budget::{self, BudgetFigures, RowKind};
use crate::format::Settings;
use crate::model::budget::BudgetReport;
use crate::model::{Term, Vehicles};
use crate::narrate::words::{
    About, Basic, Breakdown, Figure, NumberedTerm, Writer, clause, numbered_terms,
};
use crate::wording::ratio;

/// Everything the budget's Tera templates see.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetContext {
    /// The year, the department and the 概况.
    #[serde(flatten)]
    pub about: About,
    /// 收入总计 (= 支出总计) and its change (一).
    pub total: Figure,
    /// 收入总计 by source (二).
    pub income: Breakdown,
    /// 本年支出合计: 基本支出 and 项目支出 (三).
    pub expense: Breakdown,
    /// 财政拨款收、支总计 (四).
    pub fiscal_total: Figure,
    /// 一般公共预算支出 (五).
    pub general: General,
    /// 一般公共预算基本支出 (六).
    pub basic: Basic,
    /// 政府性基金预算支出 (七).
    pub gov_fund: Fund,
    /// 国有资本经营预算支出 (八).
    pub state_capital: Fund,
    /// “三公”经费预算 (九).
    pub sangong: Sangong,
    /// 机关运行经费预算 (十).
    pub operating_costs: Figure,
    /// 政府采购预算 (十一), when given.
    pub procurement: Option<Procurement>,
    /// 国有资产占用 (十二), when given.
    pub assets: Option<Assets>,
    /// 预算绩效目标 (十三).
    pub targets: Targets,
    /// 名词解释.
    pub glossary: Vec<NumberedTerm>,
}

/// 五、一般公共预算支出.
#[derive(Debug, Clone, Serialize)]
pub struct General {
    /// The amount and its change.
    #[serde(flatten)]
    pub figure: Figure,
    /// Its share of 本年支出合计.
    pub share_of_expense: Option<String>,
    /// By 类 (name without 支出).
    pub classes: Breakdown,
    /// By 项.
    pub items: Vec<Item>,
}

/// A 项 of the budget.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// 类（类）款（款）项（项）.
    pub chain: String,
    /// The amount.
    pub amount: String,
    /// What it is for, when given.
    pub usage: Option<String>,
}

/// 七、八: a fund's spending.
#[derive(Debug, Clone, Serialize)]
pub struct Fund {
    /// The amount.
    pub amount: String,
    /// Whether nothing is budgeted.
    pub empty: bool,
    /// By 项.
    pub items: Vec<Item>,
}

/// 九、“三公”经费预算.
#[derive(Debug, Clone, Serialize)]
pub struct Sangong {
    /// 合计 and its change.
    #[serde(flatten)]
    pub figure: Figure,
    /// 因公出国（境）费.
    pub abroad: String,
    /// 公务用车购置及运行费.
    pub car: String,
    /// 公务用车购置费.
    pub car_purchase: String,
    /// 公务用车运行费.
    pub car_operation: String,
    /// 公务接待费.
    pub reception: String,
}

/// 十一、政府采购预算.
#[derive(Debug, Clone, Serialize)]
pub struct Procurement {
    /// 总额.
    pub total: String,
    /// 货物类.
    pub goods: String,
    /// 工程类.
    pub works: String,
    /// 服务类.
    pub services: String,
    /// 面向中小企业预留.
    pub sme: String,
    /// Its share of 总额.
    pub sme_share: String,
}

/// 十二、国有资产占用.
#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    /// 车辆总数.
    pub vehicles: u32,
    /// By use.
    pub by_use: Vehicles,
    /// 单位价值100万元以上设备.
    pub equipment: u32,
    /// 本年拟购置车辆.
    pub planned_vehicles: u32,
    /// 本年拟购置设备.
    pub planned_equipment: u32,
}

/// 十三、预算绩效目标.
#[derive(Debug, Clone, Serialize)]
pub struct Targets {
    /// Number of projects with 绩效目标.
    pub project_count: usize,
    /// Their 政府预算资金.
    pub project_funds: String,
    /// Whether there is a 整体绩效目标表.
    pub whole: bool,
    /// 部门预算总额.
    pub whole_total: String,
    /// 年度履职目标.
    pub goals: Vec<String>,
}

/// Builds the context of a budget report from its figures.
pub fn context(
    report: &BudgetReport,
    figures: &BudgetFigures,
    settings: &Settings,
    glossary: &[Term],
) -> BudgetContext {
    let w = Writer {
        settings,
        text: settings.styles.text,
    };
    let info = &report.info;
    let changes = &report.notes.changes;
    let b01 = &figures.b01;
    let labels = [
        "一般公共预算",
        "",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户管理资金",
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
    ];
    let mut income: Vec<(&str, &str, Decimal)> = labels
        .iter()
        .zip(b01.income)
        .filter(|(label, _)| !label.is_empty())
        .map(|(label, v)| (*label, *label, v))
        .collect();
    income.push(("carry_in", "上年结转结余", b01.carry_in));
    let b03 = &figures.b03[0].values;
    let s = &figures.b08;
    BudgetContext {
        about: About::new(info, settings),
        total: w.figure(b01.income_grand, &changes.total),
        income: w.breakdown(b01.income_grand, &income),
        expense: w.breakdown(
            b03[0],
            &[
                ("basic", "基本支出", b03[1]),
                ("project", "项目支出", b03[6]),
            ],
        ),
        fiscal_total: w.figure(figures.b04.income_grand, &changes.fiscal_total),
        general: general(&w, report, figures),
        basic: basic(&w, report, figures),
        gov_fund: fund(&w, report, &figures.b09),
        state_capital: state_capital(&w, report, figures),
        sangong: Sangong {
            figure: w.figure(s[0], &changes.sangong),
            abroad: w.amount(s[1]),
            car: w.amount(s[2]),
            car_purchase: w.amount(s[3]),
            car_operation: w.amount(s[4]),
            reception: w.amount(s[5]),
        },
        operating_costs: w.figure(
            budget::operating_costs(report, figures),
            &changes.operating_costs,
        ),
        procurement: report.notes.procurement.as_ref().map(|p| {
            let total = p.goods.value() + p.works.value() + p.services.value();
            Procurement {
                total: w.amount(total),
                goods: w.amount(p.goods.value()),
                works: w.amount(p.works.value()),
                services: w.amount(p.services.value()),
                sme: w.amount(p.sme_reserved.value()),
                sme_share: w.fixed_ratio(p.sme_reserved.value(), total),
            }
        }),
        assets: report.notes.assets.as_ref().map(|a| Assets {
            vehicles: a.vehicles.total(),
            by_use: a.vehicles.clone(),
            equipment: a.equipment,
            planned_vehicles: a.planned_vehicles,
            planned_equipment: a.planned_equipment,
        }),
        targets: Targets {
            project_count: figures.targets.iter().flatten().count(),
            project_funds: w.amount(figures.targets.iter().flatten().map(|f| f.government).sum()),
            whole: report.targets.whole.is_some(),
            whole_total: w.amount(figures.whole.funds.total),
            goals: report
                .targets
                .whole
                .as_ref()
                .map(|t| t.goals.clone())
                .unwrap_or_default(),
        },
        glossary: numbered_terms(glossary),
    }
}

/// The 项 rows of a 预算03-like table, with their 类（类）款（款）项（项） chain and usage.
fn items(w: &Writer, report: &BudgetReport, rows: &[budget::Row]) -> Vec<Item> {
    let dictionary = Dictionary::new(&report.codes);
    rows.iter()
        .filter(|r| r.kind == RowKind::Detail && !r.values[0].is_zero())
        .map(|r| Item {
            chain: dictionary.chain(&r.key),
            amount: w.amount(r.values[0]),
            usage: clause(&report.notes.usages.get(&r.key).cloned()),
        })
        .collect()
}

fn general(w: &Writer, report: &BudgetReport, figures: &BudgetFigures) -> General {
    let amount = figures.b05[0].values[0];
    let dictionary = Dictionary::new(&report.codes);
    let mut classes: Vec<(String, String, Decimal)> = Vec::new();
    for row in figures.b05.iter().filter(|r| r.kind == RowKind::Detail) {
        let class = row.key.get(..3).unwrap_or_default();
        match classes.last_mut() {
            Some((c, _, v)) if c == class => *v += row.values[0],
            _ => classes.push((
                class.to_owned(),
                dictionary
                    .function(class)
                    .unwrap_or(class)
                    .trim_end_matches("支出")
                    .to_owned(),
                row.values[0],
            )),
        }
    }
    let parts: Vec<(&str, &str, Decimal)> = classes
        .iter()
        .map(|(c, n, v)| (c.as_str(), n.as_str(), *v))
        .collect();
    General {
        figure: w.figure(amount, &report.notes.changes.general_expense),
        share_of_expense: w.percent(ratio(amount, figures.b01.expense_total)),
        classes: w.breakdown(amount, &parts),
        items: items(w, report, &figures.b05),
    }
}

fn basic(w: &Writer, report: &BudgetReport, figures: &BudgetFigures) -> Basic {
    let dictionary = Dictionary::new(&report.codes);
    let b06 = &figures.b06;
    let names = |personnel: bool| -> Vec<String> {
        b06.rows
            .iter()
            .filter(|(code, v)| budget::personnel(code) == personnel && !v[0].is_zero())
            .map(|(code, _)| dictionary.economic(code).unwrap_or(code).to_owned())
            .collect()
    };
    Basic {
        total: w.amount(b06.total[0]),
        personnel: w.amount(b06.total[1]),
        personnel_items: names(true),
        public: w.amount(b06.total[2]),
        public_items: names(false),
    }
}

fn fund(w: &Writer, report: &BudgetReport, rows: &[budget::Row]) -> Fund {
    let amount = rows[0].values[0];
    Fund {
        amount: w.amount(amount),
        empty: amount.is_zero(),
        items: items(w, report, rows),
    }
}

/// 国有资本经营预算 has no table of its own in the budget; its spending is 预算04's column.
fn state_capital(w: &Writer, report: &BudgetReport, figures: &BudgetFigures) -> Fund {
    let dictionary = Dictionary::new(&report.codes);
    let amount = figures.b04.expense_total[4];
    let mut codes: Vec<&str> = figures
        .entries
        .iter()
        .filter(|e| budget::state_capital(e.source))
        .map(|e| e.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    Fund {
        amount: w.amount(amount),
        empty: amount.is_zero(),
        items: codes
            .into_iter()
            .map(|code| Item {
                chain: dictionary.chain(code),
                amount: w.amount(
                    figures
                        .entries
                        .iter()
                        .filter(|e| e.code == code && budget::state_capital(e.source))
                        .map(|e| e.amount)
                        .sum(),
                ),
                usage: clause(&report.notes.usages.get(code).cloned()),
            })
            .collect(),
    }
}
