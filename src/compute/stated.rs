//! The figures of totals.yaml: which cell each restates, and the input values it should
//! equal the sum of.

use rust_decimal::Decimal;

use crate::codes::Level;
use crate::compute::cells::{self, Leaf, sum};
use crate::compute::tables::coded_def;
use crate::model::Report;
use crate::wording::round;

/// The cell a stated figure is printed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// A cell of a coded table (公开02/03/05/07/08); figures of 公开01 and 公开04 that copy
    /// such a cell land here too, so that both tables print the same figure.
    Coded {
        /// `t02` … `t08`.
        table: &'static str,
        /// `total` or a code.
        row: String,
        /// The column key.
        column: String,
    },
    /// A cell of 公开01, 04, 06 or 09 that no other table repeats.
    Own {
        /// `t01`, `t04`, `t06` or `t09`.
        table: &'static str,
        /// The row key.
        row: String,
        /// The column key, empty for a single figure.
        column: String,
    },
}

/// A figure of totals.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedFigure {
    /// The table key (`t03`).
    pub table: &'static str,
    /// The row key.
    pub row: String,
    /// The column key, empty for a single figure.
    pub column: String,
    /// Its YAML path in totals.yaml.
    pub path: String,
    /// The figure as stated.
    pub stated: Decimal,
    /// The cell it is printed in; `None` when the keys name no cell.
    pub canonical: Option<Cell>,
    /// The input values it adds up; `None` when the keys name no cell.
    pub leaves: Option<Vec<Leaf>>,
}

/// A stated figure against the sum of its leaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tail {
    /// The sum of the leaves, unrounded.
    pub computed: Decimal,
    /// The leaves that are not zero.
    pub parts: usize,
    /// Stated − the sum rounded to cents.
    pub delta: Decimal,
    /// The rounding tail the figure may differ by.
    pub tolerance: Decimal,
}

impl Tail {
    /// Whether the stated figure is the sum up to the rounding tail: only then is it
    /// printed (and narrated) in place of the sum, so that a draft with a leaf corrected
    /// and its totals not yet says what its leaves say.
    pub fn agrees(&self) -> bool {
        self.delta.abs() <= self.tolerance
    }
}

impl StatedFigure {
    /// How the figure compares with its leaves; `None` when the keys name no cell.
    pub fn tail(&self) -> Option<Tail> {
        let leaves = self.leaves.as_ref()?;
        let computed = sum(leaves);
        let parts = leaves.iter().filter(|l| !l.value.is_zero()).count();
        Some(Tail {
            computed,
            parts,
            delta: self.stated - round(computed, 2),
            tolerance: tolerance(parts + 1),
        })
    }
}

/// Whether a stated figure is the sum of its `parts` parts up to the rounding tail.
pub fn within_tail(stated: Decimal, sum: Decimal, parts: usize) -> bool {
    (stated - round(sum, 2)).abs() <= tolerance(parts + 1)
}

/// The rounding tail that `terms` printed figures of an identity may add up to
/// (tables.md §1.3): 0.01 × (⌈m/2⌉ − 1).
pub fn tolerance(terms: usize) -> Decimal {
    Decimal::new(terms.div_ceil(2).saturating_sub(1) as i64, 2)
}

/// Every figure of totals.yaml with its cell and leaves.
pub fn stated(report: &Report) -> Vec<StatedFigure> {
    let t = &report.totals;
    let single = [("t01", &t.t01), ("t06", &t.t06)];
    let columns = [
        ("t02", &t.t02),
        ("t03", &t.t03),
        ("t04", &t.t04),
        ("t05", &t.t05),
        ("t07", &t.t07),
        ("t08", &t.t08),
        ("t09", &t.t09),
    ];
    let mut figures: Vec<(&'static str, String, String, Decimal)> = Vec::new();
    for (table, rows) in single {
        figures.extend(
            rows.iter()
                .map(|(row, a)| (table, row.clone(), String::new(), a.value())),
        );
    }
    for (table, rows) in columns {
        for (row, cells) in rows {
            figures.extend(
                cells
                    .iter()
                    .map(|(column, a)| (table, row.clone(), column.clone(), a.value())),
            );
        }
    }
    figures
        .into_iter()
        .map(|(table, row, column, stated)| {
            let path = if column.is_empty() {
                format!("{table}.{row}")
            } else {
                format!("{table}.{row}.{column}")
            };
            let (canonical, leaves) = locate(report, table, &row, &column).unzip();
            StatedFigure {
                table,
                row,
                column,
                path,
                stated,
                canonical,
                leaves,
            }
        })
        .collect()
}

/// The cell and leaves of (`table`, `row`, `column`); a single figure of a coded table is
/// its `total` column.
fn locate(
    report: &Report,
    table: &'static str,
    row: &str,
    column: &str,
) -> Option<(Cell, Vec<Leaf>)> {
    let own = |leaves: Option<Vec<Leaf>>| {
        leaves.map(|l| {
            (
                Cell::Own {
                    table,
                    row: row.to_owned(),
                    column: column.to_owned(),
                },
                l,
            )
        })
    };
    let coded = |table: &'static str, row: &str, column: &str| {
        let def = coded_def(table)?;
        let leaves = cells::coded(report, def, row, column)?;
        Some((
            Cell::Coded {
                table,
                row: row.to_owned(),
                column: column.to_owned(),
            },
            leaves,
        ))
    };
    let class = Level::of(row) == Some(Level::Class);
    match (table, column) {
        ("t01", "") => match row {
            "income_total" => coded("t02", "total", "total"),
            "expense_total" => coded("t03", "total", "total"),
            _ if class => coded("t03", row, "total"),
            _ => own(cells::t01(report, row)),
        },
        ("t04", "total") if ["income_total", "carry_in_total", "income_grand"].contains(&row) => {
            match row {
                "income_total" => coded("t02", "total", "fiscal"),
                _ => own(cells::t04(report, row, None)),
            }
        }
        ("t04", fund) => {
            let copy = match fund {
                "general" => Some("t05"),
                "gov_fund" => Some("t07"),
                "state_capital" => Some("t08"),
                _ => None,
            };
            match copy {
                Some(table) if row == "expense_total" => coded(table, "total", "total"),
                Some(table) if class => coded(table, row, "total"),
                _ => own(cells::t04(report, row, Some(fund))),
            }
        }
        ("t06", "") => own(cells::t06(report, row)),
        ("t09", column) => own(cells::t09(report, row, column)),
        (_, "") => None,
        (coded_table, column) => coded(coded_table, row, column),
    }
}
