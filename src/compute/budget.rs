//! The tables of a 部门预算 (预算01–10) and the amounts of its 绩效目标表, computed from the
//! 基本支出 lines and the projects of budget.yaml.
//!
//! Every amount of the budget is an [`Entry`]: a 项, a 经济分类款, a source of funds and
//! whether it is 基本支出 or a project. Each table filters and groups the entries.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::codes::{Dictionary, Level};
use crate::compute::stated::within_tail;
use crate::format::Settings;
use crate::model::budget::{BudgetReport, ProjectKind, Source};

/// One amount of the budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// 单位代码.
    pub unit: String,
    /// 支出功能分类 项.
    pub code: String,
    /// 部门预算支出经济分类 款.
    pub economic: String,
    /// Where the money comes from.
    pub source: Source,
    /// `None` for 基本支出, else the project's index and type.
    pub project: Option<(usize, ProjectKind)>,
    /// 万元.
    pub amount: Decimal,
}

/// A row of a budget table: its key (`total`, a unit code, a 项 or 款 code or a project
/// index), what it prints, and one amount per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The key.
    pub key: String,
    /// What the row prints in its label cells (name, or code and name).
    pub label: String,
    /// 合计, a unit, or a detail row.
    pub kind: RowKind,
    /// The amounts.
    pub values: Vec<Decimal>,
}

/// What a row of a budget table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The 合计 row.
    Total,
    /// A 预算单位.
    Unit,
    /// A 项, 款 or project.
    Detail,
}

/// The columns of 预算03, 05 and 09.
pub const SPENDING_COLUMNS: usize = 9;

/// 预算01 部门收支预算表.
#[derive(Debug, Clone, PartialEq)]
pub struct B01 {
    /// 一、一般公共预算, 其中：财政拨款, 二 … 九 (as printed, 其中 not added).
    pub income: [Decimal; 10],
    /// 本年收入合计.
    pub income_total: Decimal,
    /// 上年结转结余.
    pub carry_in: Decimal,
    /// 收入总计.
    pub income_grand: Decimal,
    /// The 类 rows of the format: code and amount.
    pub classes: Vec<(String, Decimal)>,
    /// 本年支出合计.
    pub expense_total: Decimal,
    /// 支出总计 (a budget carries nothing over to the year's end).
    pub expense_grand: Decimal,
}

/// 预算04 财政拨款收支预算表.
#[derive(Debug, Clone, PartialEq)]
pub struct B04 {
    /// 本年收入: （一）一般公共预算, 其中财政拨款, （二）政府性基金, （三）国有资本经营.
    pub income: [Decimal; 4],
    /// 本年收入.
    pub income_total: Decimal,
    /// 上年结转: 一般公共预算, 政府性基金, 国有资本经营.
    pub carry_in: [Decimal; 3],
    /// 上年结转.
    pub carry_in_total: Decimal,
    /// 收入合计.
    pub income_grand: Decimal,
    /// The 类 rows: code and (合计, 一般公共预算小计, 其中财政拨款, 政府性基金, 国有资本经营).
    pub classes: Vec<(String, [Decimal; 5])>,
    /// 本年支出, by the same columns.
    pub expense_total: [Decimal; 5],
}

/// 预算06 一般公共预算基本支出预算表.
#[derive(Debug, Clone, PartialEq)]
pub struct B06 {
    /// One row per 部门经济分类款: code, (合计, 人员经费, 公用经费).
    pub rows: Vec<(String, [Decimal; 3])>,
    /// The 合计 row.
    pub total: [Decimal; 3],
}

/// The funds of a whole budget or a project, as the 绩效目标表 group them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FundGroups {
    /// 资金总额.
    pub total: Decimal,
    /// 政府预算资金 (财政拨款 of the three funds, this year's and carried over).
    pub government: Decimal,
    /// 财政专户管理资金.
    pub special: Decimal,
    /// 单位资金.
    pub own: Decimal,
}

/// 部门（单位）整体绩效目标表: the 预算情况.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WholeFunds {
    /// 部门预算总额 and its sources.
    pub funds: FundGroups,
    /// 基本支出.
    pub basic: Decimal,
    /// 项目支出.
    pub project: Decimal,
}

/// Everything computed for a budget report.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetFigures {
    /// The budget's amounts.
    pub entries: Vec<Entry>,
    /// 预算01.
    pub b01: B01,
    /// 预算02: 合计 and unit rows.
    pub b02: Vec<Row>,
    /// 预算03: 合计, each unit and its 项.
    pub b03: Vec<Row>,
    /// 预算04.
    pub b04: B04,
    /// 预算05 (一般公共预算 of the year).
    pub b05: Vec<Row>,
    /// 预算06.
    pub b06: B06,
    /// 预算07: 合计, each unit and its 款.
    pub b07: Vec<Row>,
    /// 预算08: 合计, 因公出国（境）费, 公务用车 小计, 购置费, 运行费, 公务接待费.
    pub b08: [Decimal; 6],
    /// 预算09 (政府性基金).
    pub b09: Vec<Row>,
    /// 预算10: 合计, each unit and its projects.
    pub b10: Vec<Row>,
    /// The 整体绩效目标表's 预算情况.
    pub whole: WholeFunds,
    /// The funds of each project in targets.yaml (by its index there); `None` when no
    /// project of budget.yaml has its name.
    pub targets: Vec<Option<FundGroups>>,
}

/// The fiscal sources of one fund (this year's, carried over) and which fund they are.
const FISCAL: [(Source, usize); 7] = [
    (Source::General, 0),
    (Source::GeneralOther, 0),
    (Source::GovFund, 1),
    (Source::StateCapital, 2),
    (Source::CarryGeneral, 0),
    (Source::CarryGovFund, 1),
    (Source::CarryStateCapital, 2),
];

/// Whether a source is a fund carried over from last year.
pub fn carried(source: Source) -> bool {
    matches!(
        source,
        Source::CarryGeneral
            | Source::CarryGovFund
            | Source::CarryStateCapital
            | Source::CarrySpecial
            | Source::CarryOwn
    )
}

/// Whether a source is 国有资本经营预算 (this year's or carried over).
pub fn state_capital(source: Source) -> bool {
    matches!(source, Source::StateCapital | Source::CarryStateCapital)
}

/// Whether a source is 单位资金 (income of the unit itself).
fn own(source: Source) -> bool {
    matches!(
        source,
        Source::Business
            | Source::Operating
            | Source::Superior
            | Source::Affiliate
            | Source::Other
            | Source::CarryOwn
    )
}

/// The budget's amounts, one per (line, economic code) and per project.
pub fn entries(report: &BudgetReport) -> Vec<Entry> {
    let b = &report.budget;
    let only = b.units.first().map(|u| u.code.clone()).unwrap_or_default();
    let unit = |u: &Option<String>| u.clone().unwrap_or_else(|| only.clone());
    let mut entries: Vec<Entry> = b
        .basic
        .iter()
        .flat_map(|line| {
            line.economic.iter().map(|(economic, amount)| Entry {
                unit: unit(&line.unit),
                code: line.code.clone(),
                economic: economic.clone(),
                source: line.source,
                project: None,
                amount: amount.value(),
            })
        })
        .collect();
    for (i, p) in b.projects.iter().enumerate() {
        entries.extend(
            p.funds
                .by_source()
                .into_iter()
                .filter(|(_, a)| !a.value().is_zero())
                .map(|(source, amount)| Entry {
                    unit: unit(&p.unit),
                    code: p.code.clone(),
                    economic: p.economic.clone(),
                    source,
                    project: Some((i, p.kind)),
                    amount: amount.value(),
                }),
        );
    }
    entries
}

/// Computes every table of the budget.
pub fn compute(report: &BudgetReport, settings: &Settings) -> BudgetFigures {
    let entries = entries(report);
    let sum = |pred: &dyn Fn(&Entry) -> bool| -> Decimal {
        entries.iter().filter(|e| pred(e)).map(|e| e.amount).sum()
    };
    let b01 = b01(report, settings, &entries);
    let b04 = b04(settings, &entries);
    let dictionary = Dictionary::new(&report.codes);
    let all = |_: Source| true;
    let general = |s: Source| matches!(s, Source::General | Source::GeneralOther);
    let gov_fund = |s: Source| s == Source::GovFund;
    let s = &report.budget.sangong;
    let car = s.car_purchase.value() + s.car_operation.value();
    let b08 = [
        s.abroad.value() + car + s.reception.value(),
        s.abroad.value(),
        car,
        s.car_purchase.value(),
        s.car_operation.value(),
        s.reception.value(),
    ];
    let groups = |pred: &dyn Fn(&Entry) -> bool| FundGroups {
        total: sum(pred),
        government: sum(&|e| pred(e) && FISCAL.iter().any(|(s, _)| *s == e.source)),
        special: sum(&|e| {
            pred(e) && matches!(e.source, Source::SpecialAccount | Source::CarrySpecial)
        }),
        own: sum(&|e| pred(e) && own(e.source)),
    };
    let targets = report
        .targets
        .projects
        .iter()
        .map(|t| {
            let index = report
                .budget
                .projects
                .iter()
                .position(|p| p.name == t.name)?;
            Some(groups(&|e| e.project.is_some_and(|(i, _)| i == index)))
        })
        .collect();
    BudgetFigures {
        b02: b02(report, &entries),
        b03: spending(report, &entries, dictionary, &all),
        b05: spending(report, &entries, dictionary, &general),
        b06: b06(&entries),
        b07: b07(report, &entries),
        b08,
        b09: spending(report, &entries, dictionary, &gov_fund),
        b10: b10(report, &entries),
        whole: WholeFunds {
            funds: groups(&|_| true),
            basic: sum(&|e| e.project.is_none()),
            project: sum(&|e| e.project.is_some()),
        },
        targets,
        b01,
        b04,
        entries,
    }
}

/// A test of an entry's source.
type SourceTest = dyn Fn(Source) -> bool;

/// 本年收入 by source, as 预算01 and 02 list it: 一般公共预算 (其中财政拨款), 政府性基金,
/// 国有资本经营, 财政专户管理资金, 事业收入, 事业单位经营收入, 上级补助收入, 附属单位上缴收入,
/// 其他收入; `of` sums the entries of the sources that pass a test.
fn this_year(of: &dyn Fn(&SourceTest) -> Decimal) -> [Decimal; 10] {
    [
        of(&|s| matches!(s, Source::General | Source::GeneralOther)),
        of(&|s| s == Source::General),
        of(&|s| s == Source::GovFund),
        of(&|s| s == Source::StateCapital),
        of(&|s| s == Source::SpecialAccount),
        of(&|s| s == Source::Business),
        of(&|s| s == Source::Operating),
        of(&|s| s == Source::Superior),
        of(&|s| s == Source::Affiliate),
        of(&|s| s == Source::Other),
    ]
}

fn b01(report: &BudgetReport, settings: &Settings, entries: &[Entry]) -> B01 {
    let of = |pred: &SourceTest| -> Decimal {
        entries
            .iter()
            .filter(|e| pred(e.source))
            .map(|e| e.amount)
            .sum()
    };
    let income = this_year(&of);
    // A stated figure is printed in place of its entries' sum only within the rounding tail
    // (an error otherwise).
    let printed =
        |key: &str, (sum, count): (Decimal, usize)| match report.budget.stated.b01.get(key) {
            Some(stated) if within_tail(stated.value(), sum, count) => stated.value(),
            _ => sum,
        };
    let figure = |key: &str| printed(key, b01_parts(entries, key).unwrap_or_default());
    let classes: Vec<(String, Decimal)> = settings
        .classes
        .iter()
        .map(|c| {
            let spent = parts(entries, |e| e.code.starts_with(c.as_str()));
            (c.clone(), printed(c, spent))
        })
        .collect();
    B01 {
        income,
        income_total: figure("income_total"),
        carry_in: figure("carry_in"),
        income_grand: figure("income_grand"),
        classes,
        expense_total: figure("expense_total"),
        expense_grand: figure("expense_grand"),
    }
}

/// The entries that the 预算01 figure `key` of `stated` adds up, as their sum and count;
/// `None` for a key that names no figure.
pub fn b01_parts(entries: &[Entry], key: &str) -> Option<(Decimal, usize)> {
    let picks: &dyn Fn(&Entry) -> bool = match key {
        "income_total" => &|e| !carried(e.source),
        "carry_in" => &|e| carried(e.source),
        "income_grand" | "expense_total" | "expense_grand" => &|_| true,
        code if Level::of(code) == Some(Level::Class) => &move |e| e.code.starts_with(code),
        _ => return None,
    };
    Some(parts(entries, picks))
}

/// The sum and count of the entries that `picks` picks.
pub fn parts(entries: &[Entry], picks: impl Fn(&Entry) -> bool) -> (Decimal, usize) {
    entries
        .iter()
        .filter(|e| picks(e))
        .fold((Decimal::ZERO, 0), |(sum, n), e| (sum + e.amount, n + 1))
}

fn b04(settings: &Settings, entries: &[Entry]) -> B04 {
    let fiscal: Vec<(&Entry, usize)> = entries
        .iter()
        .filter_map(|e| {
            FISCAL
                .iter()
                .find(|(s, _)| *s == e.source)
                .map(|(_, f)| (e, *f))
        })
        .collect();
    let columns = |pred: &dyn Fn(&Entry) -> bool| -> [Decimal; 5] {
        let mut c = [Decimal::ZERO; 5];
        for (e, fund) in fiscal.iter().filter(|(e, _)| pred(e)) {
            c[0] += e.amount;
            match fund {
                0 => {
                    c[1] += e.amount;
                    if matches!(e.source, Source::General | Source::CarryGeneral) {
                        c[2] += e.amount;
                    }
                }
                1 => c[3] += e.amount,
                _ => c[4] += e.amount,
            }
        }
        c
    };
    let this_year = columns(&|e| !carried(e.source));
    let carry = columns(&|e| carried(e.source));
    let income = [this_year[1], this_year[2], this_year[3], this_year[4]];
    let income_total = this_year[0];
    let carry_in = [carry[1], carry[3], carry[4]];
    let carry_in_total = carry[0];
    B04 {
        income,
        income_total,
        carry_in,
        carry_in_total,
        income_grand: income_total + carry_in_total,
        classes: settings
            .classes
            .iter()
            .map(|c| (c.clone(), columns(&|e| e.code.starts_with(c.as_str()))))
            .collect(),
        expense_total: columns(&|_| true),
    }
}

/// The unit codes in order, each with its name.
fn units(report: &BudgetReport) -> Vec<(String, String)> {
    report
        .budget
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect()
}

/// A table's columns summed over the entries that pass a test.
type Sums<'a> = dyn Fn(&dyn Fn(&Entry) -> bool) -> Vec<Decimal> + 'a;

/// The 合计 row, then each unit's row followed by its `details`.
fn unit_rows(report: &BudgetReport, values: &Sums, details: impl Fn(&str) -> Vec<Row>) -> Vec<Row> {
    let mut rows = vec![Row {
        key: "total".into(),
        label: "合计".into(),
        kind: RowKind::Total,
        values: values(&|_| true),
    }];
    for (unit, name) in units(report) {
        rows.push(Row {
            values: values(&|e| e.unit == unit),
            label: name,
            kind: RowKind::Unit,
            key: unit.clone(),
        });
        rows.extend(details(&unit));
    }
    rows
}

/// A unit's detail rows: one per code (`code`) of its entries, in code order.
fn code_rows<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    unit: &str,
    code: fn(&Entry) -> &String,
    label: impl Fn(&str) -> String,
    values: &Sums,
) -> Vec<Row> {
    let mut codes: Vec<&str> = entries
        .into_iter()
        .filter(|e| e.unit == unit)
        .map(|e| code(e).as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .map(|c| Row {
            key: c.to_owned(),
            label: label(c),
            kind: RowKind::Detail,
            values: values(&|e| e.unit == unit && code(e) == c),
        })
        .collect()
}

fn b02(report: &BudgetReport, entries: &[Entry]) -> Vec<Row> {
    let values = |pred: &dyn Fn(&Entry) -> bool| -> Vec<Decimal> {
        let of = |f: &SourceTest| -> Decimal {
            entries
                .iter()
                .filter(|e| pred(e) && f(e.source))
                .map(|e| e.amount)
                .sum()
        };
        let this_year = this_year(&of);
        let carry = [
            of(&|s| s == Source::CarryGeneral),
            of(&|s| s == Source::CarryGovFund),
            of(&|s| s == Source::CarryStateCapital),
            of(&|s| s == Source::CarrySpecial),
            of(&|s| s == Source::CarryOwn),
        ];
        let year_total = this_year[0] + this_year[2..].iter().sum::<Decimal>();
        let carry_total: Decimal = carry.iter().sum();
        let mut row = vec![year_total + carry_total, year_total];
        row.extend(this_year);
        row.push(carry_total);
        row.extend(carry);
        row
    };
    unit_rows(report, &values, |_| Vec::new())
}

/// 预算03, 05 or 09: the 合计, then each unit followed by its 项, over the entries whose
/// source passes `sources`.
fn spending(
    report: &BudgetReport,
    entries: &[Entry],
    dictionary: Dictionary,
    sources: &dyn Fn(Source) -> bool,
) -> Vec<Row> {
    let entries: Vec<&Entry> = entries.iter().filter(|e| sources(e.source)).collect();
    let values = |pred: &dyn Fn(&Entry) -> bool| -> Vec<Decimal> {
        let mut v = vec![Decimal::ZERO; SPENDING_COLUMNS];
        for e in entries.iter().filter(|e| pred(e)) {
            v[0] += e.amount;
            match e.project {
                None => {
                    v[1] += e.amount;
                    let column = match e.economic.get(..3) {
                        Some("301") => 2,
                        Some("303") => 3,
                        Some("310") => 5,
                        _ => 4,
                    };
                    v[column] += e.amount;
                }
                Some((_, kind)) => {
                    v[6] += e.amount;
                    v[if kind == ProjectKind::Operation { 7 } else { 8 }] += e.amount;
                }
            }
        }
        v
    };
    unit_rows(report, &values, |unit| {
        let label = |code: &str| dictionary.function(code).unwrap_or(code).to_owned();
        code_rows(entries.iter().copied(), unit, |e| &e.code, label, &values)
    })
}

/// Whether an economic code counts as 人员经费 (工资福利, 对个人和家庭的补助).
pub fn personnel(economic: &str) -> bool {
    economic.starts_with("301") || economic.starts_with("303")
}

fn b06(entries: &[Entry]) -> B06 {
    let mut rows: BTreeMap<String, [Decimal; 3]> = BTreeMap::new();
    for e in entries.iter().filter(|e| {
        e.project.is_none() && matches!(e.source, Source::General | Source::GeneralOther)
    }) {
        let row = rows.entry(e.economic.clone()).or_default();
        row[0] += e.amount;
        row[if personnel(&e.economic) { 1 } else { 2 }] += e.amount;
    }
    let mut total = [Decimal::ZERO; 3];
    for row in rows.values() {
        for (t, v) in total.iter_mut().zip(row) {
            *t += v;
        }
    }
    B06 {
        rows: rows.into_iter().collect(),
        total,
    }
}

/// The columns of 预算07 after 总计: 一般公共预算小计, 其中财政拨款, 政府性基金, 国有资本经营,
/// 上年结转结余, 财政专户管理资金收入, 事业收入, 上级补助收入, 附属单位上缴收入, 事业单位经营收入,
/// 其他收入.
fn b07_column(source: Source) -> &'static [usize] {
    match source {
        Source::General => &[1, 2],
        Source::GeneralOther => &[1],
        Source::GovFund => &[3],
        Source::StateCapital => &[4],
        Source::SpecialAccount => &[6],
        Source::Business => &[7],
        Source::Superior => &[8],
        Source::Affiliate => &[9],
        Source::Operating => &[10],
        Source::Other => &[11],
        _ => &[5],
    }
}

fn b07(report: &BudgetReport, entries: &[Entry]) -> Vec<Row> {
    let values = |pred: &dyn Fn(&Entry) -> bool| -> Vec<Decimal> {
        let mut v = vec![Decimal::ZERO; 12];
        for e in entries.iter().filter(|e| pred(e)) {
            v[0] += e.amount;
            for &c in b07_column(e.source) {
                v[c] += e.amount;
            }
        }
        v
    };
    unit_rows(report, &values, |unit| {
        code_rows(entries, unit, |e| &e.economic, str::to_owned, &values)
    })
}

/// The columns of 预算10 after 合计: 本年拨款 (一般公共预算, 政府性基金, 国有资本经营),
/// 财政拨款结转结余 (same three), 财政专户管理资金, 单位资金.
fn b10_column(source: Source) -> usize {
    match source {
        Source::General | Source::GeneralOther => 1,
        Source::GovFund => 2,
        Source::StateCapital => 3,
        Source::CarryGeneral => 4,
        Source::CarryGovFund => 5,
        Source::CarryStateCapital => 6,
        Source::SpecialAccount | Source::CarrySpecial => 7,
        _ => 8,
    }
}

fn b10(report: &BudgetReport, entries: &[Entry]) -> Vec<Row> {
    let values = |pred: &dyn Fn(&Entry) -> bool| -> Vec<Decimal> {
        let mut v = vec![Decimal::ZERO; 9];
        for e in entries.iter().filter(|e| e.project.is_some() && pred(e)) {
            v[0] += e.amount;
            v[b10_column(e.source)] += e.amount;
        }
        v
    };
    let only = report.budget.units.first().map(|u| u.code.as_str());
    unit_rows(report, &values, |unit| {
        let projects = report.budget.projects.iter().enumerate();
        projects
            .filter(|(_, p)| p.unit.as_deref().or(only) == Some(unit))
            .map(|(i, p)| Row {
                key: i.to_string(),
                label: p.name.clone(),
                kind: RowKind::Detail,
                values: values(&|e| e.project.is_some_and(|(j, _)| j == i)),
            })
            .collect()
    })
}

/// 机关运行经费预算: as given, else 预算06 公用经费 (a single 行政 or 参公 unit).
pub fn operating_costs(report: &BudgetReport, figures: &BudgetFigures) -> Decimal {
    report
        .notes
        .operating_costs
        .map_or(figures.b06.total[2], |a| a.value())
}
