//! Compute stage: the report's data → every table and self-evaluation figure.

pub mod budget;
pub mod cells;
pub mod performance;
pub mod stated;
pub mod tables;

pub use performance::{
    FundRow, PerformanceResults, ProjectResult, ScoredGroup, ScoredIndicator, TaskResult,
    UnitResult, WholeResult,
};
pub use stated::StatedFigure;
pub use tables::{CodedRow, CodedTable, T01, T04, T06, T09, Tables};

use rust_decimal::Decimal;

use crate::format::Settings;
use crate::model::Report;

/// Everything derived from the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// 公开01–09.
    pub tables: Tables,
    /// The 自评表.
    pub performance: PerformanceResults,
    /// The figures of totals.yaml.
    pub stated: Vec<StatedFigure>,
}

/// Computes all figures of `report` under the format's `settings`.
pub fn compute(report: &Report, settings: &Settings) -> Figures {
    let stated = stated::stated(report);
    let tables = tables::tables(report, settings, &stated);
    let performance = performance::performance(&report.performance, &tables);
    Figures {
        tables,
        performance,
        stated,
    }
}

/// What each comparison with last year compares: its key in `changes`, its name, and
/// this year's figure.
pub fn comparisons(report: &Report, tables: &Tables) -> [(&'static str, &'static str, Decimal); 7] {
    let t = tables;
    [
        ("total", "收、支总计", t.t01.income_grand),
        ("expense", "本年支出合计", t.t01.expense_total),
        ("carry_out", "年末结转和结余", t.t01.carry_out),
        ("fiscal_total", "财政拨款收、支总计", t.t04.income_grand),
        ("fiscal_expense", "财政拨款支出", t.t04.expense_total[0]),
        (
            "general_expense",
            "一般公共预算财政拨款支出",
            t.t05.total_of("total"),
        ),
        (
            "operating_costs",
            "机关运行经费",
            operating_costs(report, t),
        ),
    ]
}

/// 机关运行经费: as given, else 公开06 公用经费合计 (a single 行政 or 参公 unit).
pub fn operating_costs(report: &Report, tables: &Tables) -> Decimal {
    report
        .explanation
        .operating_costs
        .map_or(tables.t06.public, |a| a.value())
}
