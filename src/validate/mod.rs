//! Validate stage: every check of the data and of the figures computed from it, all
//! findings in one run (the schema is checked earlier, by `load`).

pub mod budget;
mod codes;
mod identities;
mod narrative;
mod performance;
mod pinpoint;

use rust_decimal::Decimal;
use typst::text::FontBook;

use crate::compute::Figures;
pub use crate::finding::{Finding, Findings, Severity};
use crate::format::Settings;
use crate::load::{Location, Sources};
use crate::model::{Report, ReportInfo};
use crate::wording::round;

/// Checks the data and the computed figures; findings come sorted by file and position.
pub fn validate(
    report: &Report,
    sources: &Sources,
    figures: &Figures,
    settings: &Settings,
) -> Vec<Finding> {
    let mut findings = Findings::new(sources);
    report_info(&report.info, sources, settings, &mut findings);
    codes::check(report, &mut findings);
    identities::check(report, figures, &mut findings);
    narrative::check(report, figures, settings, &mut findings);
    performance::check(report, figures, &mut findings);
    omitted(report, settings, &mut findings);
    findings.into_sorted()
}

/// The checks of report.yaml that every kind of report shares: the publication date and
/// the data the format's sections require.
pub(crate) fn report_info(
    info: &ReportInfo,
    sources: &Sources,
    settings: &Settings,
    findings: &mut Findings,
) {
    narrative::published(info, findings);
    requirements(info, sources, settings, findings);
}

/// Data that the format does not print is not dropped unsaid.
fn omitted(report: &Report, settings: &Settings, findings: &mut Findings) {
    let reports = &report.performance.reports;
    if !reports.is_empty() && !settings.attachments {
        findings.push(
            "format-omits",
            "performance.yaml",
            "reports",
            format!(
                "格式 {} 不印出 performance.yaml 的附件报告（reports，共 {} 篇）",
                report.info.format,
                reports.len()
            ),
            "改用印出附件报告的格式（如 henan-unit），或删去 reports",
        );
    }
}

/// The data that the format's sections need is there.
fn requirements(
    info: &ReportInfo,
    sources: &Sources,
    settings: &Settings,
    findings: &mut Findings,
) {
    for need in &settings.requires {
        let present = sources
            .file(&need.file)
            .is_some_and(|f| f.locate(&need.path).is_some());
        if !present {
            // Nothing to point at: the finding names the file's first line.
            findings.push_at(
                "format-requires",
                &need.file,
                need.path.clone(),
                Some(Location { line: 1, column: 1 }),
                format!(
                    "格式 {} 需要 {} 中的 {}（{}）",
                    info.format, need.file, need.path, need.needed_for
                ),
                format!("在 {} 中填写 {}，见 docs/input.md", need.file, need.path),
            );
        }
    }
}

use crate::compute::stated::tolerance;

/// An amount as a message prints it: two decimals.
fn show(value: Decimal) -> String {
    format!("{:.2}", round(value, 2))
}

/// Font families the data asks for that are not available, and characters of the data
/// that no font can draw, each with where it was written.
pub fn fonts(info: &ReportInfo, sources: &Sources, book: &FontBook) -> Vec<Finding> {
    let mut findings = Findings::new(sources);
    let choices = [
        ("fonts.body", &info.fonts.body),
        ("fonts.heading", &info.fonts.heading),
    ];
    for (path, family) in choices {
        if let Some(family) = family.as_deref().filter(|f| !book.contains_family(f)) {
            findings.push(
                "font-family-missing",
                "report.yaml",
                path,
                format!("找不到字体“{family}”"),
                "用 --font-path 指定含该字体的目录，或加 --system-fonts 使用系统字体；也可删去该项使用内置字体",
            );
        }
    }
    let strings = || {
        sources
            .files
            .iter()
            .flat_map(|file| file.strings().map(move |(path, text)| (file, path, text)))
    };
    let missing = crate::fonts::uncovered(book, strings().flat_map(|(_, _, text)| text.chars()));
    if !missing.is_empty() {
        for (file, path, text) in strings() {
            if let Some(ch) = text.chars().find(|c| missing.binary_search(c).is_ok()) {
                findings.push(
                    "font-missing-glyph",
                    &file.name,
                    path,
                    format!("字符“{ch}”(U+{:04X}) 没有可用的字体", ch as u32),
                    "改用常用字，或用 --font-path 指定含该字的字体目录（或 --system-fonts 使用系统字体）",
                );
            }
        }
    }
    findings.into_sorted()
}
