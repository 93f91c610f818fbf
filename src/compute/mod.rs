//! Compute stage: the report's data → every table and self-evaluation figure.

pub mod cells;
pub mod performance;
pub mod stated;
pub mod tables;

pub use performance::{
    FundRow, PerformanceResults, ProjectResult, ScoredGroup, ScoredIndicator, WholeResult,
};
pub use stated::StatedFigure;
pub use tables::{CodedRow, CodedTable, T01, T04, T06, T09, Tables};

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
