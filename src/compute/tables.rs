//! The nine 决算 tables (公开01–09), computed from the 项-level leaves.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::codes::{Codes, Level};
use crate::format::Settings;
use crate::model::{Amount, Item, Report, SangongItems, StatedTable};

/// A total that the input also states (totals.yaml), kept for the validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedTotal {
    /// The table, e.g. `t03`.
    pub table: &'static str,
    /// The row key (`total`, a 类/款 code or an economic class code).
    pub row: String,
    /// The column key (`basic`…), empty for single-column tables.
    pub column: String,
    /// The sum of the printed parts.
    pub computed: Decimal,
    /// The figure as stated, which is printed.
    pub stated: Decimal,
    /// How many non-zero printed terms the identity has (both sides), for the 尾差 tolerance.
    pub terms: usize,
}

/// A row of a coded table.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRow {
    /// 支出功能分类 code.
    pub code: String,
    /// Name from the dictionary (or from the data for a 项 the dictionary lacks).
    pub name: String,
    /// 类, 款 or 项.
    pub level: Level,
    /// The row's values, one per column.
    pub values: Vec<Decimal>,
}

/// A table whose rows are 支出功能分类 codes under a 合计 row (公开02, 03, 05, 07, 08).
#[derive(Debug, Clone, PartialEq)]
pub struct CodedTable {
    /// The column keys, e.g. `total`, `basic`, `project`.
    pub columns: &'static [&'static str],
    /// The 合计 row.
    pub total: Vec<Decimal>,
    /// The printed rows, in code order.
    pub rows: Vec<CodedRow>,
}

impl CodedTable {
    /// The row with `code`, if printed.
    pub fn row(&self, code: &str) -> Option<&CodedRow> {
        self.rows.iter().find(|r| r.code == code)
    }

    /// The value of `column` in the row `code` (0 when the row is absent).
    pub fn value(&self, code: &str, column: &str) -> Decimal {
        let index = self.column(column);
        self.row(code).map_or(Decimal::ZERO, |r| r.values[index])
    }

    /// The 合计 value of `column`.
    pub fn total_of(&self, column: &str) -> Decimal {
        self.total[self.column(column)]
    }

    /// The 类 rows.
    pub fn classes(&self) -> impl Iterator<Item = &CodedRow> {
        self.rows.iter().filter(|r| r.level == Level::Class)
    }

    /// Whether every value is zero (the table has no data).
    pub fn is_empty(&self) -> bool {
        self.total.iter().all(Decimal::is_zero)
            && self
                .rows
                .iter()
                .all(|r| r.values.iter().all(Decimal::is_zero))
    }

    fn column(&self, key: &str) -> usize {
        self.columns
            .iter()
            .position(|c| *c == key)
            .unwrap_or_else(|| panic!("no column {key}"))
    }
}

/// 公开01 收入支出决算总表.
#[derive(Debug, Clone, PartialEq)]
pub struct T01 {
    /// Income rows 1–8 (一般公共预算 … 其他收入).
    pub income: [Decimal; 8],
    /// 本年收入合计.
    pub income_total: Decimal,
    /// 使用非财政拨款结余（含专用结余）.
    pub nonfiscal_surplus_used: Decimal,
    /// 年初结转和结余.
    pub carry_in: Decimal,
    /// 总计 (收入方).
    pub income_grand: Decimal,
    /// The fixed 类 rows: code, name, 支出.
    pub classes: Vec<(String, String, Decimal)>,
    /// 本年支出合计.
    pub expense_total: Decimal,
    /// 结余分配.
    pub surplus_distribution: Decimal,
    /// 年末结转和结余.
    pub carry_out: Decimal,
    /// 总计 (支出方).
    pub expense_grand: Decimal,
}

/// Amounts split by fund: 合计, 一般公共预算, 政府性基金, 国有资本经营.
pub type ByFund = [Decimal; 4];

/// 公开04 财政拨款收入支出决算总表.
#[derive(Debug, Clone, PartialEq)]
pub struct T04 {
    /// 本年收入 by fund (一般公共预算, 政府性基金, 国有资本经营).
    pub income: [Decimal; 3],
    /// 本年收入合计.
    pub income_total: Decimal,
    /// 年初财政拨款结转和结余 by fund.
    pub carry_in: [Decimal; 3],
    /// 年初财政拨款结转和结余.
    pub carry_in_total: Decimal,
    /// 总计 (收入方).
    pub income_grand: Decimal,
    /// The fixed 类 rows: code, name, amounts by fund.
    pub classes: Vec<(String, String, ByFund)>,
    /// 本年支出合计 by fund.
    pub expense_total: ByFund,
    /// 年末财政拨款结转和结余 by fund.
    pub carry_out: ByFund,
    /// 总计 (支出方) by fund.
    pub expense_grand: ByFund,
}

/// 公开06 一般公共预算财政拨款基本支出决算明细表.
#[derive(Debug, Clone, PartialEq)]
pub struct T06 {
    /// Amounts by economic code, 类 (3 digits) and 款 (5 digits).
    pub values: BTreeMap<String, Decimal>,
    /// 人员经费合计 (301 + 303).
    pub personnel: Decimal,
    /// 公用经费合计 (302 + 307 + 310 + 312 + 399).
    pub public: Decimal,
}

impl T06 {
    /// The amount of an economic code (0 when absent).
    pub fn value(&self, code: &str) -> Decimal {
        self.values.get(code).copied().unwrap_or_default()
    }
}

/// The six 三公 columns: 合计, 因公出国（境）费, 公务用车 小计, 购置费, 运行维护费, 公务接待费.
pub type SangongColumns = [Decimal; 6];

/// 公开09 财政拨款“三公”经费支出决算表.
#[derive(Debug, Clone, PartialEq)]
pub struct T09 {
    /// 预算数 (全年, after adjustment).
    pub budget: SangongColumns,
    /// 决算数.
    pub actual: SangongColumns,
}

impl T09 {
    /// Whether every value is zero.
    pub fn is_empty(&self) -> bool {
        self.budget.iter().chain(&self.actual).all(Decimal::is_zero)
    }
}

/// The nine tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    /// 公开01.
    pub t01: T01,
    /// 公开02 收入决算表.
    pub t02: CodedTable,
    /// 公开03 支出决算表.
    pub t03: CodedTable,
    /// 公开04.
    pub t04: T04,
    /// 公开05 一般公共预算财政拨款支出决算表.
    pub t05: CodedTable,
    /// 公开06.
    pub t06: T06,
    /// 公开07 政府性基金预算财政拨款收入支出决算表.
    pub t07: CodedTable,
    /// 公开08 国有资本经营预算财政拨款支出决算表.
    pub t08: CodedTable,
    /// 公开09.
    pub t09: T09,
}

const T02_COLUMNS: &[&str] = &[
    "total",
    "fiscal",
    "superior",
    "business",
    "operating",
    "affiliate",
    "other",
];
const T03_COLUMNS: &[&str] = &[
    "total",
    "basic",
    "project",
    "to_superior",
    "operating",
    "to_affiliates",
];
const T05_COLUMNS: &[&str] = &["total", "basic", "project"];
const T07_COLUMNS: &[&str] = &[
    "carry_in",
    "income",
    "total",
    "basic",
    "project",
    "carry_out",
];

fn v(a: Amount) -> Decimal {
    a.value()
}

/// Computes the tables; stated totals that were applied are pushed to `stated`.
pub fn tables(report: &Report, settings: &Settings, stated: &mut Vec<StatedTotal>) -> Tables {
    let items = &report.accounts.items;
    let totals = &report.totals;
    let t02 = coded(items, T02_COLUMNS, |i| {
        let n = &i.income;
        let fiscal = v(n.general) + v(n.gov_fund) + v(n.state_capital);
        with_total(vec![
            fiscal,
            v(n.superior),
            v(n.business),
            v(n.operating),
            v(n.affiliate),
            v(n.other),
        ])
    })
    .finish(None, stated);
    let t03 = coded(items, T03_COLUMNS, |i| {
        let e = &i.expense;
        with_total(vec![
            v(e.basic),
            v(e.project),
            v(e.to_superior),
            v(e.operating),
            v(e.to_affiliates),
        ])
    })
    .finish(Some(("t03", &totals.t03)), stated);
    let t05 = coded(items, T05_COLUMNS, |i| {
        with_total(vec![v(i.fiscal.general.basic), v(i.fiscal.general.project)])
    })
    .finish(Some(("t05", &totals.t05)), stated);
    let t07 = coded(items, T07_COLUMNS, |i| {
        let g = &i.fiscal.gov_fund;
        let (basic, project) = (v(g.basic), v(g.project));
        vec![
            v(g.carry_in),
            v(i.income.gov_fund),
            basic + project,
            basic,
            project,
            v(g.carry_out),
        ]
    })
    .finish(None, stated);
    let t08 = coded(items, T05_COLUMNS, |i| {
        with_total(vec![
            v(i.fiscal.state_capital.basic),
            v(i.fiscal.state_capital.project),
        ])
    })
    .finish(None, stated);
    let t06 = t06(report, stated);
    let t01 = t01(report, settings, &t02, &t03);
    let t04 = t04(report, settings, &t05, &t07, &t08);
    let t09 = t09(&report.sangong.budget, &report.sangong.actual);
    Tables {
        t01,
        t02,
        t03,
        t04,
        t05,
        t06,
        t07,
        t08,
        t09,
    }
}

/// Leaves of a coded table before totals are added.
struct Builder {
    columns: &'static [&'static str],
    leaves: BTreeMap<String, (String, Vec<Decimal>)>,
}

/// Collects the 项 rows of a table, one row of values per input item.
fn coded(
    items: &[Item],
    columns: &'static [&'static str],
    row: impl Fn(&Item) -> Vec<Decimal>,
) -> Builder {
    let mut leaves: BTreeMap<String, (String, Vec<Decimal>)> = BTreeMap::new();
    for item in items {
        let entry = leaves
            .entry(item.code.clone())
            .or_insert_with(|| (item_name(item), vec![Decimal::ZERO; columns.len()]));
        add(&mut entry.1, &row(item));
    }
    Builder { columns, leaves }
}

/// Prepends the sum of `parts` (本年收入合计, 本年支出合计, 小计).
fn with_total(mut parts: Vec<Decimal>) -> Vec<Decimal> {
    parts.insert(0, parts.iter().sum());
    parts
}

fn item_name(item: &Item) -> String {
    item.name
        .clone()
        .or_else(|| Codes::embedded().function(&item.code).map(str::to_owned))
        .unwrap_or_default()
}

impl Builder {
    /// Adds 类/款 rows and the 合计 row, applies stated totals and drops all-zero rows.
    fn finish(
        self,
        stated_totals: Option<(&'static str, &StatedTable)>,
        stated: &mut Vec<StatedTotal>,
    ) -> CodedTable {
        let width = self.columns.len();
        let mut rows: BTreeMap<String, (String, Level, Vec<Decimal>)> = BTreeMap::new();
        let mut total = vec![Decimal::ZERO; width];
        for (code, (name, values)) in &self.leaves {
            for (i, ancestor) in Level::chain(code).into_iter().enumerate() {
                let level = [Level::Class, Level::Section, Level::Item][i];
                let entry = rows.entry(ancestor.to_owned()).or_insert_with(|| {
                    let name = if ancestor == code {
                        name.clone()
                    } else {
                        Codes::embedded()
                            .function(ancestor)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    (name, level, vec![Decimal::ZERO; width])
                });
                add(&mut entry.2, values);
            }
            add(&mut total, values);
        }
        let mut table = CodedTable {
            columns: self.columns,
            total,
            rows: rows
                .into_iter()
                .filter(|(_, (_, _, values))| values.iter().any(|x| !x.is_zero()))
                .map(|(code, (name, level, values))| CodedRow {
                    code,
                    name,
                    level,
                    values,
                })
                .collect(),
        };
        if let Some((key, given)) = stated_totals {
            apply_stated(&mut table, key, given, &self.leaves, stated);
        }
        table
    }
}

fn add(sum: &mut [Decimal], values: &[Decimal]) {
    for (s, x) in sum.iter_mut().zip(values) {
        *s += *x;
    }
}

/// Replaces computed totals by the stated ones of totals.yaml and records each replacement.
fn apply_stated(
    table: &mut CodedTable,
    key: &'static str,
    given: &StatedTable,
    leaves: &BTreeMap<String, (String, Vec<Decimal>)>,
    stated: &mut Vec<StatedTotal>,
) {
    for (row, columns) in given {
        for (column, amount) in columns {
            let Some(index) = table.columns.iter().position(|c| c == column) else {
                continue;
            };
            let prefix = if row == "total" { "" } else { row.as_str() };
            let terms = 1 + leaves
                .iter()
                .filter(|(code, (_, values))| code.starts_with(prefix) && !values[index].is_zero())
                .count();
            let cell = if row == "total" {
                Some(&mut table.total[index])
            } else {
                table
                    .rows
                    .iter_mut()
                    .find(|r| &r.code == row)
                    .map(|r| &mut r.values[index])
            };
            if let Some(cell) = cell {
                stated.push(StatedTotal {
                    table: key,
                    row: row.clone(),
                    column: column.clone(),
                    computed: *cell,
                    stated: amount.value(),
                    terms,
                });
                *cell = amount.value();
            }
        }
    }
}

fn t01(report: &Report, settings: &Settings, t02: &CodedTable, t03: &CodedTable) -> T01 {
    let items = &report.accounts.items;
    let b = &report.accounts.balances;
    let sum = |f: fn(&Item) -> Amount| items.iter().map(|i| v(f(i))).sum::<Decimal>();
    let income = [
        sum(|i| i.income.general),
        sum(|i| i.income.gov_fund),
        sum(|i| i.income.state_capital),
        t02.total_of("superior"),
        t02.total_of("business"),
        t02.total_of("operating"),
        t02.total_of("affiliate"),
        t02.total_of("other"),
    ];
    let income_total = t02.total_of("total");
    let classes = class_rows(settings, |code| t03.value(code, "total"));
    let expense_total = t03.total_of("total");
    T01 {
        income,
        income_total,
        nonfiscal_surplus_used: v(b.nonfiscal_surplus_used),
        carry_in: v(b.carry_in),
        income_grand: income_total + v(b.nonfiscal_surplus_used) + v(b.carry_in),
        classes,
        expense_total,
        surplus_distribution: v(b.surplus_distribution),
        carry_out: v(b.carry_out),
        expense_grand: expense_total + v(b.surplus_distribution) + v(b.carry_out),
    }
}

/// The format's fixed 类 rows with their names and values.
fn class_rows<T>(settings: &Settings, value: impl Fn(&str) -> T) -> Vec<(String, String, T)> {
    settings
        .classes
        .iter()
        .map(|code| {
            let name = Codes::embedded()
                .function(code)
                .unwrap_or_default()
                .to_owned();
            (code.clone(), name, value(code))
        })
        .collect()
}

fn t04(
    report: &Report,
    settings: &Settings,
    t05: &CodedTable,
    t07: &CodedTable,
    t08: &CodedTable,
) -> T04 {
    let items = &report.accounts.items;
    let b = &report.accounts.balances;
    let income = [
        t05_income(items, |i| i.income.general),
        t07.total_of("income"),
        t05_income(items, |i| i.income.state_capital),
    ];
    let carry_in = [
        v(b.fiscal_carry_in.general),
        t07.total_of("carry_in"),
        v(b.fiscal_carry_in.state_capital),
    ];
    let by_fund = |general: Decimal, gov_fund: Decimal, state_capital: Decimal| {
        [
            general + gov_fund + state_capital,
            general,
            gov_fund,
            state_capital,
        ]
    };
    let classes = class_rows(settings, |code| {
        by_fund(
            t05.value(code, "total"),
            t07.value(code, "total"),
            t08.value(code, "total"),
        )
    });
    let expense_total = by_fund(
        t05.total_of("total"),
        t07.total_of("total"),
        t08.total_of("total"),
    );
    let carry_out = by_fund(
        v(b.fiscal_carry_out.general),
        t07.total_of("carry_out"),
        v(b.fiscal_carry_out.state_capital),
    );
    let income_total = income.iter().sum();
    let carry_in_total = carry_in.iter().sum();
    T04 {
        income,
        income_total,
        carry_in,
        carry_in_total,
        income_grand: income_total + carry_in_total,
        classes,
        expense_total,
        carry_out,
        expense_grand: std::array::from_fn(|i| expense_total[i] + carry_out[i]),
    }
}

fn t05_income(items: &[Item], f: fn(&Item) -> Amount) -> Decimal {
    items.iter().map(|i| v(f(i))).sum()
}

fn t06(report: &Report, stated: &mut Vec<StatedTotal>) -> T06 {
    let mut values: BTreeMap<String, Decimal> = BTreeMap::new();
    for (code, amount) in &report.basic.economic {
        *values.entry(code.clone()).or_default() += amount.value();
        *values.entry(code.chars().take(3).collect()).or_default() += amount.value();
    }
    for (class, amount) in &report.totals.t06 {
        let computed = values.get(class).copied().unwrap_or_default();
        let terms = 1 + report
            .basic
            .economic
            .iter()
            .filter(|(code, a)| code.starts_with(class.as_str()) && !a.value().is_zero())
            .count();
        stated.push(StatedTotal {
            table: "t06",
            row: class.clone(),
            column: String::new(),
            computed,
            stated: amount.value(),
            terms,
        });
        values.insert(class.clone(), amount.value());
    }
    let class_sum = |classes: &[&str]| {
        classes
            .iter()
            .map(|c| values.get(*c).copied().unwrap_or_default())
            .sum()
    };
    let personnel = class_sum(&["301", "303"]);
    let public = class_sum(&["302", "307", "309", "310", "312", "313", "399"]);
    T06 {
        values,
        personnel,
        public,
    }
}

fn t09(budget: &SangongItems, actual: &SangongItems) -> T09 {
    let columns = |s: &SangongItems| {
        let car = v(s.car_purchase) + v(s.car_operation);
        [
            v(s.abroad) + car + v(s.reception),
            v(s.abroad),
            car,
            v(s.car_purchase),
            v(s.car_operation),
            v(s.reception),
        ]
    };
    T09 {
        budget: columns(budget),
        actual: columns(actual),
    }
}
