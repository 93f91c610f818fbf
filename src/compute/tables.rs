//! The nine 决算 tables (公开01–09), computed from the leaves of `cells`, with the figures
//! of totals.yaml printed where the data states them.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::codes::{Dictionary, Level};
use crate::compute::cells::{self, Coded, T02, T03, T05, T07, T08, T09_COLUMNS};
use crate::compute::stated::{Cell, StatedFigure};
use crate::format::Settings;
use crate::model::Report;

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
    /// The table's definition.
    pub def: &'static Coded,
    /// The 合计 row.
    pub total: Vec<Decimal>,
    /// The rows with a non-zero value, in code order.
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
        self.total.iter().all(Decimal::is_zero) && self.rows.is_empty()
    }

    fn column(&self, key: &str) -> usize {
        self.def
            .columns
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("no column {key}"))
    }

    fn cell_mut(&mut self, row: &str, column: &str) -> Option<&mut Decimal> {
        let index = self.def.columns.iter().position(|c| c.key == column)?;
        if row == "total" {
            return self.total.get_mut(index);
        }
        self.rows
            .iter_mut()
            .find(|r| r.code == row)
            .map(|r| &mut r.values[index])
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
    /// 公用经费合计 (302, 307, 309, 310, 312, 313, 399).
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

/// Computes the tables; a stated figure replaces the computed one it restates when the
/// two differ by no more than the rounding tail.
pub fn tables(report: &Report, settings: &Settings, stated: &[StatedFigure]) -> Tables {
    let dictionary = Dictionary::new(&report.codes);
    let mut coded: Vec<CodedTable> = cells::CODED
        .iter()
        .map(|def| coded_table(report, def, dictionary))
        .collect();
    let stated: Vec<&StatedFigure> = stated
        .iter()
        .filter(|f| f.tail().is_some_and(|t| t.agrees()))
        .collect();
    for figure in &stated {
        if let Some(Cell::Coded { table, row, column }) = &figure.canonical
            && let Some(target) = coded.iter_mut().find(|t| t.def.key == *table)
            && let Some(cell) = target.cell_mut(row, column)
        {
            *cell = figure.stated;
        }
    }
    let [t02, t03, t05, t07, t08] = coded.try_into().expect("five coded tables");
    let own = |table: &str, row: &str, column: &str| {
        stated
            .iter()
            .find(|f| matches!(&f.canonical, Some(Cell::Own { table: t, row: r, column: c }) if *t == table && r == row && c == column))
            .map(|f| f.stated)
    };
    let t06 = t06(report, &own);
    let t09 = t09(report, &own);
    let t01 = t01(report, settings, &t02, &t03, dictionary, &own);
    let t04 = t04(
        report,
        settings,
        &t01,
        &t02,
        [&t05, &t07, &t08],
        dictionary,
        &own,
    );
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

/// A stated figure of a table's own cell, by table, row and column.
type Own<'a> = dyn Fn(&str, &str, &str) -> Option<Decimal> + 'a;

/// Builds a coded table: every code of the items and their 类 and 款, summed from leaves.
fn coded_table(report: &Report, def: &'static Coded, dictionary: Dictionary) -> CodedTable {
    let mut codes = BTreeSet::new();
    for item in &report.accounts.items {
        codes.extend(Level::chain(&item.code).into_iter().map(str::to_owned));
    }
    let values = |row: &str| -> Vec<Decimal> {
        def.columns
            .iter()
            .map(|c| cells::coded_value(report, def, row, c.key))
            .collect()
    };
    let rows = codes
        .into_iter()
        .filter_map(|code| {
            let level = Level::of(&code)?;
            let values = values(&code);
            values.iter().any(|v| !v.is_zero()).then(|| {
                let named = report
                    .accounts
                    .items
                    .iter()
                    .find(|i| i.code == code)
                    .and_then(|i| i.name.clone());
                let name = named
                    .or_else(|| dictionary.function(&code).map(str::to_owned))
                    .unwrap_or_default();
                CodedRow {
                    code,
                    name,
                    level,
                    values,
                }
            })
        })
        .collect();
    CodedTable {
        def,
        total: values("total"),
        rows,
    }
}

/// 财政拨款收入 by fund: 一般公共预算, 政府性基金, 国有资本经营; a stated figure wins.
fn fiscal_income(report: &Report, own: &Own) -> [Decimal; 3] {
    ["general", "gov_fund", "state_capital"].map(|fund| {
        own("t01", fund, "")
            .unwrap_or_else(|| cells::t01(report, fund).map_or(Decimal::ZERO, |l| cells::sum(&l)))
    })
}

fn t01(
    report: &Report,
    settings: &Settings,
    t02: &CodedTable,
    t03: &CodedTable,
    dictionary: Dictionary,
    own: &Own,
) -> T01 {
    let b = &report.accounts.balances;
    let [general, gov_fund, state_capital] = fiscal_income(report, own);
    let income = [
        general,
        gov_fund,
        state_capital,
        t02.total_of("superior"),
        t02.total_of("business"),
        t02.total_of("operating"),
        t02.total_of("affiliate"),
        t02.total_of("other"),
    ];
    let income_total = t02.total_of("total");
    let expense_total = t03.total_of("total");
    let classes = class_rows(settings, dictionary, |code| t03.value(code, "total"));
    T01 {
        income,
        income_total,
        nonfiscal_surplus_used: b.nonfiscal_surplus_used.value(),
        carry_in: b.carry_in.value(),
        income_grand: own("t01", "income_grand", "")
            .unwrap_or(income_total + b.nonfiscal_surplus_used.value() + b.carry_in.value()),
        classes,
        expense_total,
        surplus_distribution: b.surplus_distribution.value(),
        carry_out: b.carry_out.value(),
        expense_grand: own("t01", "expense_grand", "")
            .unwrap_or(expense_total + b.surplus_distribution.value() + b.carry_out.value()),
    }
}

/// The format's fixed 类 rows with their names and values.
fn class_rows<T>(
    settings: &Settings,
    dictionary: Dictionary,
    value: impl Fn(&str) -> T,
) -> Vec<(String, String, T)> {
    settings
        .classes
        .iter()
        .map(|code| {
            (
                code.clone(),
                dictionary.function(code).unwrap_or_default().to_owned(),
                value(code),
            )
        })
        .collect()
}

fn t04(
    report: &Report,
    settings: &Settings,
    t01: &T01,
    t02: &CodedTable,
    [t05, t07, t08]: [&CodedTable; 3],
    dictionary: Dictionary,
    own: &Own,
) -> T04 {
    let b = &report.accounts.balances;
    // Rows 1–3 repeat 公开01's.
    let income = [t01.income[0], t01.income[1], t01.income[2]];
    let carry_in = [
        b.fiscal_carry_in.general.value(),
        t07.total_of("carry_in"),
        b.fiscal_carry_in.state_capital.value(),
    ];
    let by_fund =
        |row: &str, general: Decimal, gov_fund: Decimal, state_capital: Decimal| -> ByFund {
            let total = own("t04", row, "total").unwrap_or(general + gov_fund + state_capital);
            [total, general, gov_fund, state_capital]
        };
    let classes = class_rows(settings, dictionary, |code| {
        by_fund(
            code,
            t05.value(code, "total"),
            t07.value(code, "total"),
            t08.value(code, "total"),
        )
    });
    let expense_total = by_fund(
        "expense_total",
        t05.total_of("total"),
        t07.total_of("total"),
        t08.total_of("total"),
    );
    let carry_out_parts = [
        b.fiscal_carry_out.general.value(),
        t07.total_of("carry_out"),
        b.fiscal_carry_out.state_capital.value(),
    ];
    let carry_out = by_fund(
        "carry_out",
        carry_out_parts[0],
        carry_out_parts[1],
        carry_out_parts[2],
    );
    let income_total = t02.total_of("fiscal");
    let carry_in_total = own("t04", "carry_in_total", "total").unwrap_or(carry_in.iter().sum());
    let columns = cells::T04_COLUMNS;
    T04 {
        income,
        income_total,
        carry_in,
        carry_in_total,
        income_grand: own("t04", "income_grand", "total").unwrap_or(income_total + carry_in_total),
        classes,
        expense_total,
        carry_out,
        expense_grand: std::array::from_fn(|i| {
            own("t04", "expense_grand", columns[i]).unwrap_or(expense_total[i] + carry_out[i])
        }),
    }
}

fn t06(report: &Report, own: &Own) -> T06 {
    let mut values: BTreeMap<String, Decimal> = BTreeMap::new();
    for (code, amount) in &report.basic.economic {
        *values.entry(code.clone()).or_default() += amount.value();
        *values.entry(code.chars().take(3).collect()).or_default() += amount.value();
    }
    for (class, value) in values.iter_mut().filter(|(code, _)| code.len() == 3) {
        if let Some(stated) = own("t06", class, "") {
            *value = stated;
        }
    }
    let class_sum = |classes: &[&str]| {
        classes
            .iter()
            .map(|c| values.get(*c).copied().unwrap_or_default())
            .sum()
    };
    let personnel = own("t06", "personnel", "").unwrap_or_else(|| class_sum(&cells::PERSONNEL));
    let public = own("t06", "public", "").unwrap_or_else(|| class_sum(&cells::PUBLIC));
    T06 {
        values,
        personnel,
        public,
    }
}

fn t09(report: &Report, own: &Own) -> T09 {
    let row = |key: &str| -> [Decimal; 6] {
        std::array::from_fn(|i| {
            let column = T09_COLUMNS[i].0;
            own("t09", key, column).unwrap_or_else(|| {
                cells::t09(report, key, column).map_or(Decimal::ZERO, |l| cells::sum(&l))
            })
        })
    };
    T09 {
        budget: row("budget"),
        actual: row("actual"),
    }
}

/// The coded tables by key, for lookups by the validator.
pub fn coded_def(key: &str) -> Option<&'static Coded> {
    [&T02, &T03, &T05, &T07, &T08]
        .into_iter()
        .find(|c| c.key == key)
}
