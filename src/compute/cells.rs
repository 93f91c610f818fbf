//! Which input values each table cell adds up (its leaves), so that every cell is computed
//! from one definition and a stated figure can be traced back to the values it sums.

use rust_decimal::Decimal;

use crate::codes::Level;
use crate::model::{Amount, Item, Report, SangongItems};

/// An input value that a table cell adds up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// The input file.
    pub file: &'static str,
    /// Its YAML path.
    pub path: String,
    /// What it is, as a reader names it: `公开03 2080101 基本支出`.
    pub label: String,
    /// Its value.
    pub value: Decimal,
}

/// A field of an item row (`expense.basic`).
#[derive(Debug)]
pub struct Field {
    /// The field's YAML path within the item.
    pub path: &'static str,
    /// Its column name.
    pub label: &'static str,
    get: fn(&Item) -> Amount,
}

macro_rules! field {
    ($name:ident, $path:literal, $label:literal, |$i:ident| $get:expr) => {
        const $name: Field = Field {
            path: $path,
            label: $label,
            get: |$i: &Item| $get,
        };
    };
}

field!(
    INCOME_GENERAL,
    "income.general",
    "一般公共预算财政拨款收入",
    |i| i.income.general
);
field!(
    INCOME_GOV_FUND,
    "income.gov_fund",
    "政府性基金预算财政拨款收入",
    |i| i.income.gov_fund
);
field!(
    INCOME_STATE_CAPITAL,
    "income.state_capital",
    "国有资本经营预算财政拨款收入",
    |i| i.income.state_capital
);
field!(
    INCOME_SUPERIOR,
    "income.superior",
    "上级补助收入",
    |i| i.income.superior
);
field!(INCOME_BUSINESS, "income.business", "事业收入", |i| i
    .income
    .business);
field!(INCOME_OPERATING, "income.operating", "经营收入", |i| i
    .income
    .operating);
field!(
    INCOME_AFFILIATE,
    "income.affiliate",
    "附属单位上缴收入",
    |i| i.income.affiliate
);
field!(INCOME_OTHER, "income.other", "其他收入", |i| i
    .income
    .other);
field!(EXPENSE_BASIC, "expense.basic", "基本支出", |i| i
    .expense
    .basic);
field!(EXPENSE_PROJECT, "expense.project", "项目支出", |i| i
    .expense
    .project);
field!(
    EXPENSE_TO_SUPERIOR,
    "expense.to_superior",
    "上缴上级支出",
    |i| i.expense.to_superior
);
field!(
    EXPENSE_OPERATING,
    "expense.operating",
    "经营支出",
    |i| i.expense.operating
);
field!(
    EXPENSE_TO_AFFILIATES,
    "expense.to_affiliates",
    "对附属单位补助支出",
    |i| i.expense.to_affiliates
);
field!(
    GENERAL_BASIC,
    "fiscal.general.basic",
    "一般公共预算财政拨款基本支出",
    |i| i.fiscal.general.basic
);
field!(
    GENERAL_PROJECT,
    "fiscal.general.project",
    "一般公共预算财政拨款项目支出",
    |i| i.fiscal.general.project
);
field!(
    GOV_FUND_CARRY_IN,
    "fiscal.gov_fund.carry_in",
    "政府性基金年初结转和结余",
    |i| i.fiscal.gov_fund.carry_in
);
field!(
    GOV_FUND_BASIC,
    "fiscal.gov_fund.basic",
    "政府性基金基本支出",
    |i| i.fiscal.gov_fund.basic
);
field!(
    GOV_FUND_PROJECT,
    "fiscal.gov_fund.project",
    "政府性基金项目支出",
    |i| i.fiscal.gov_fund.project
);
field!(
    GOV_FUND_CARRY_OUT,
    "fiscal.gov_fund.carry_out",
    "政府性基金年末结转和结余",
    |i| i.fiscal.gov_fund.carry_out
);
field!(
    STATE_CAPITAL_BASIC,
    "fiscal.state_capital.basic",
    "国有资本经营预算基本支出",
    |i| i.fiscal.state_capital.basic
);
field!(
    STATE_CAPITAL_PROJECT,
    "fiscal.state_capital.project",
    "国有资本经营预算项目支出",
    |i| i.fiscal.state_capital.project
);

/// A column of a coded table and the item fields it adds up.
#[derive(Debug)]
pub struct Column {
    /// The column's key in totals.yaml.
    pub key: &'static str,
    /// Its printed heading.
    pub label: &'static str,
    /// The fields it sums.
    pub fields: &'static [Field],
}

/// A table whose rows are functional codes: its name and columns.
#[derive(Debug)]
pub struct Coded {
    /// The key in totals.yaml (`t03`).
    pub key: &'static str,
    /// The printed name (`公开03`).
    pub name: &'static str,
    /// The columns, the first being the row total where the table has one.
    pub columns: &'static [Column],
}

impl PartialEq for Coded {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Coded {
    /// The column keys.
    pub fn keys(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.key).collect()
    }
}

/// 公开02 收入决算表.
pub const T02: Coded = Coded {
    key: "t02",
    name: "公开02",
    columns: &[
        Column {
            key: "total",
            label: "本年收入合计",
            fields: &[
                INCOME_GENERAL,
                INCOME_GOV_FUND,
                INCOME_STATE_CAPITAL,
                INCOME_SUPERIOR,
                INCOME_BUSINESS,
                INCOME_OPERATING,
                INCOME_AFFILIATE,
                INCOME_OTHER,
            ],
        },
        Column {
            key: "fiscal",
            label: "财政拨款收入",
            fields: &[INCOME_GENERAL, INCOME_GOV_FUND, INCOME_STATE_CAPITAL],
        },
        Column {
            key: "superior",
            label: "上级补助收入",
            fields: &[INCOME_SUPERIOR],
        },
        Column {
            key: "business",
            label: "事业收入",
            fields: &[INCOME_BUSINESS],
        },
        Column {
            key: "operating",
            label: "经营收入",
            fields: &[INCOME_OPERATING],
        },
        Column {
            key: "affiliate",
            label: "附属单位上缴收入",
            fields: &[INCOME_AFFILIATE],
        },
        Column {
            key: "other",
            label: "其他收入",
            fields: &[INCOME_OTHER],
        },
    ],
};

/// 公开03 支出决算表.
pub const T03: Coded = Coded {
    key: "t03",
    name: "公开03",
    columns: &[
        Column {
            key: "total",
            label: "本年支出合计",
            fields: &[
                EXPENSE_BASIC,
                EXPENSE_PROJECT,
                EXPENSE_TO_SUPERIOR,
                EXPENSE_OPERATING,
                EXPENSE_TO_AFFILIATES,
            ],
        },
        Column {
            key: "basic",
            label: "基本支出",
            fields: &[EXPENSE_BASIC],
        },
        Column {
            key: "project",
            label: "项目支出",
            fields: &[EXPENSE_PROJECT],
        },
        Column {
            key: "to_superior",
            label: "上缴上级支出",
            fields: &[EXPENSE_TO_SUPERIOR],
        },
        Column {
            key: "operating",
            label: "经营支出",
            fields: &[EXPENSE_OPERATING],
        },
        Column {
            key: "to_affiliates",
            label: "对附属单位补助支出",
            fields: &[EXPENSE_TO_AFFILIATES],
        },
    ],
};

/// 公开05 一般公共预算财政拨款支出决算表.
pub const T05: Coded = Coded {
    key: "t05",
    name: "公开05",
    columns: &[
        Column {
            key: "total",
            label: "小计",
            fields: &[GENERAL_BASIC, GENERAL_PROJECT],
        },
        Column {
            key: "basic",
            label: "基本支出",
            fields: &[GENERAL_BASIC],
        },
        Column {
            key: "project",
            label: "项目支出",
            fields: &[GENERAL_PROJECT],
        },
    ],
};

/// 公开07 政府性基金预算财政拨款收入支出决算表.
pub const T07: Coded = Coded {
    key: "t07",
    name: "公开07",
    columns: &[
        Column {
            key: "carry_in",
            label: "年初结转和结余",
            fields: &[GOV_FUND_CARRY_IN],
        },
        Column {
            key: "income",
            label: "本年收入",
            fields: &[INCOME_GOV_FUND],
        },
        Column {
            key: "total",
            label: "本年支出小计",
            fields: &[GOV_FUND_BASIC, GOV_FUND_PROJECT],
        },
        Column {
            key: "basic",
            label: "基本支出",
            fields: &[GOV_FUND_BASIC],
        },
        Column {
            key: "project",
            label: "项目支出",
            fields: &[GOV_FUND_PROJECT],
        },
        Column {
            key: "carry_out",
            label: "年末结转和结余",
            fields: &[GOV_FUND_CARRY_OUT],
        },
    ],
};

/// 公开08 国有资本经营预算财政拨款支出决算表.
pub const T08: Coded = Coded {
    key: "t08",
    name: "公开08",
    columns: &[
        Column {
            key: "total",
            label: "合计",
            fields: &[STATE_CAPITAL_BASIC, STATE_CAPITAL_PROJECT],
        },
        Column {
            key: "basic",
            label: "基本支出",
            fields: &[STATE_CAPITAL_BASIC],
        },
        Column {
            key: "project",
            label: "项目支出",
            fields: &[STATE_CAPITAL_PROJECT],
        },
    ],
};

/// The coded tables.
pub const CODED: [&Coded; 5] = [&T02, &T03, &T05, &T07, &T08];

/// Whether `row` (`total` or a 类/款/项 code) covers `code`.
fn covers(row: &str, code: &str) -> bool {
    row == "total" || code.starts_with(row)
}

/// The items (with their index) and fields that cell (`row`, `column`) of a coded table
/// sums; `None` for an unknown key.
fn coded_fields<'r>(
    report: &'r Report,
    table: &Coded,
    row: &'r str,
    column: &str,
) -> Option<impl Iterator<Item = (usize, &'r Item, &'static Field)>> {
    if row != "total" && Level::of(row).is_none() {
        return None;
    }
    let column = table.columns.iter().find(|c| c.key == column)?;
    Some(
        report
            .accounts
            .items
            .iter()
            .enumerate()
            .filter(move |(_, i)| covers(row, &i.code))
            .flat_map(|(i, item)| column.fields.iter().map(move |field| (i, item, field))),
    )
}

/// The leaves of cell (`row`, `column`) of a coded table; `None` for an unknown key.
pub fn coded(report: &Report, table: &Coded, row: &str, column: &str) -> Option<Vec<Leaf>> {
    let fields = coded_fields(report, table, row, column)?;
    Some(
        fields
            .map(|(i, item, field)| Leaf {
                file: "accounts.yaml",
                path: format!("items[{i}].{}", field.path),
                label: format!("{} {} {}", table.name, item.code, field.label),
                value: (field.get)(item).value(),
            })
            .collect(),
    )
}

/// The value of a coded cell (its leaves' sum, without naming them).
pub fn coded_value(report: &Report, table: &Coded, row: &str, column: &str) -> Decimal {
    coded_fields(report, table, row, column).map_or(Decimal::ZERO, |fields| {
        fields
            .map(|(_, item, field)| (field.get)(item).value())
            .sum()
    })
}

/// The sum of some leaves.
pub fn sum(leaves: &[Leaf]) -> Decimal {
    leaves.iter().map(|l| l.value).sum()
}

fn balance(path: &str, label: &str, value: Amount) -> Leaf {
    Leaf {
        file: "accounts.yaml",
        path: format!("balances.{path}"),
        label: label.to_owned(),
        value: value.value(),
    }
}

/// The 财政拨款收入 of one fund, item by item (公开01 and 公开04 rows 1–3).
fn fund_income(report: &Report, field: &Field) -> Vec<Leaf> {
    report
        .accounts
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Leaf {
            file: "accounts.yaml",
            path: format!("items[{i}].{}", field.path),
            label: format!("公开01 {} {}", item.code, field.label),
            value: (field.get)(item).value(),
        })
        .collect()
}

/// The leaves of a 公开01 figure: `income_total`, `income_grand`, `expense_total`,
/// `expense_grand`, a fund's income (`general`, `gov_fund`, `state_capital`, rows 1–3,
/// which 公开04 repeats) or a 类 code (its 本年支出).
pub fn t01(report: &Report, row: &str) -> Option<Vec<Leaf>> {
    let b = &report.accounts.balances;
    Some(match row {
        "general" => fund_income(report, &INCOME_GENERAL),
        "gov_fund" => fund_income(report, &INCOME_GOV_FUND),
        "state_capital" => fund_income(report, &INCOME_STATE_CAPITAL),
        "income_total" => coded(report, &T02, "total", "total")?,
        "income_grand" => {
            let mut l = coded(report, &T02, "total", "total")?;
            l.push(balance(
                "nonfiscal_surplus_used",
                "使用非财政拨款结余",
                b.nonfiscal_surplus_used,
            ));
            l.push(balance("carry_in", "年初结转和结余", b.carry_in));
            l
        }
        "expense_total" => coded(report, &T03, "total", "total")?,
        "expense_grand" => {
            let mut l = coded(report, &T03, "total", "total")?;
            l.push(balance(
                "surplus_distribution",
                "结余分配",
                b.surplus_distribution,
            ));
            l.push(balance("carry_out", "年末结转和结余", b.carry_out));
            l
        }
        code if Level::of(code) == Some(Level::Class) => coded(report, &T03, code, "total")?,
        _ => return None,
    })
}

/// The fund columns of 公开04's expense side.
pub const T04_COLUMNS: [&str; 4] = ["total", "general", "gov_fund", "state_capital"];

/// The leaves of a 公开04 figure.
pub fn t04(report: &Report, row: &str, column: Option<&str>) -> Option<Vec<Leaf>> {
    let b = &report.accounts.balances;
    let carry_in = || -> Option<Vec<Leaf>> {
        let mut l = vec![balance(
            "fiscal_carry_in.general",
            "年初一般公共预算财政拨款结转和结余",
            b.fiscal_carry_in.general,
        )];
        l.extend(coded(report, &T07, "total", "carry_in")?);
        l.push(balance(
            "fiscal_carry_in.state_capital",
            "年初国有资本经营预算财政拨款结转和结余",
            b.fiscal_carry_in.state_capital,
        ));
        Some(l)
    };
    let by_fund = |row: &str, column: &str| -> Option<Vec<Leaf>> {
        let funds: Vec<Vec<Leaf>> = vec![
            coded(report, &T05, row, "total")?,
            coded(report, &T07, row, "total")?,
            coded(report, &T08, row, "total")?,
        ];
        match column {
            "total" => Some(funds.concat()),
            "general" => funds.into_iter().next(),
            "gov_fund" => funds.into_iter().nth(1),
            "state_capital" => funds.into_iter().nth(2),
            _ => None,
        }
    };
    let carry_out = |column: &str| -> Option<Vec<Leaf>> {
        let general = vec![balance(
            "fiscal_carry_out.general",
            "年末一般公共预算财政拨款结转和结余",
            b.fiscal_carry_out.general,
        )];
        let gov_fund = coded(report, &T07, "total", "carry_out")?;
        let state_capital = vec![balance(
            "fiscal_carry_out.state_capital",
            "年末国有资本经营预算财政拨款结转和结余",
            b.fiscal_carry_out.state_capital,
        )];
        match column {
            "total" => Some([general, gov_fund, state_capital].concat()),
            "general" => Some(general),
            "gov_fund" => Some(gov_fund),
            "state_capital" => Some(state_capital),
            _ => None,
        }
    };
    match (row, column) {
        ("income_total", None) => coded(report, &T02, "total", "fiscal"),
        ("carry_in_total", None) => carry_in(),
        ("income_grand", None) => {
            Some([coded(report, &T02, "total", "fiscal")?, carry_in()?].concat())
        }
        ("expense_total", Some(c)) => by_fund("total", c),
        ("carry_out", Some(c)) => carry_out(c),
        ("expense_grand", Some(c)) => Some([by_fund("total", c)?, carry_out(c)?].concat()),
        (code, Some(c)) if Level::of(code) == Some(Level::Class) => by_fund(code, c),
        _ => None,
    }
}

/// The 经济分类 类 of 人员经费 and of 公用经费 (公开06).
pub const PERSONNEL: [&str; 2] = ["301", "303"];
/// See [`PERSONNEL`].
pub const PUBLIC: [&str; 7] = ["302", "307", "309", "310", "312", "313", "399"];

/// The leaves of a 公开06 figure: a 类 code, `personnel` or `public`.
pub fn t06(report: &Report, row: &str) -> Option<Vec<Leaf>> {
    let classes: Vec<&str> = match row {
        "personnel" => PERSONNEL.to_vec(),
        "public" => PUBLIC.to_vec(),
        class if class.len() == 3 && class.bytes().all(|b| b.is_ascii_digit()) => vec![class],
        _ => return None,
    };
    Some(
        report
            .basic
            .economic
            .iter()
            .filter(|(code, _)| classes.iter().any(|c| code.starts_with(c)))
            .map(|(code, amount)| Leaf {
                file: "basic.yaml",
                path: format!("economic.{code}"),
                label: format!("公开06 {code}"),
                value: amount.value(),
            })
            .collect(),
    )
}

/// The columns of 公开09, each with the 三公 items it adds up.
pub const T09_COLUMNS: [(&str, &[&str]); 6] = [
    (
        "total",
        &["abroad", "car_purchase", "car_operation", "reception"],
    ),
    ("abroad", &["abroad"]),
    ("car", &["car_purchase", "car_operation"]),
    ("car_purchase", &["car_purchase"]),
    ("car_operation", &["car_operation"]),
    ("reception", &["reception"]),
];

/// The leaves of a 公开09 figure: `budget` or `actual`, and a column.
pub fn t09(report: &Report, row: &str, column: &str) -> Option<Vec<Leaf>> {
    let items: &SangongItems = match row {
        "budget" => &report.sangong.budget,
        "actual" => &report.sangong.actual,
        _ => return None,
    };
    let (_, parts) = T09_COLUMNS.iter().find(|(key, _)| *key == column)?;
    Some(
        parts
            .iter()
            .map(|part| Leaf {
                file: "sangong.yaml",
                path: format!("{row}.{part}"),
                label: format!("公开09 {row}.{part}"),
                value: match *part {
                    "abroad" => items.abroad,
                    "car_purchase" => items.car_purchase,
                    "car_operation" => items.car_operation,
                    _ => items.reception,
                }
                .value(),
            })
            .collect(),
    )
}
