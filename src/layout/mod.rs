//! Layout stage: figures and text → the JSON files the Typst templates read.
//!
//! Data reaches Typst only as values in these files, never as markup, so a `#` or `]` in
//! a department name prints as itself. One file per table keeps typst's incremental
//! recompilation local to what changed.

pub mod budget;
mod performance;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use crate::codes::{Dictionary, Level};
use crate::compute::{CodedTable, Figures};
use crate::format::{CodedRows, Kind, Settings};
use crate::model::{FontChoice, Report, ReportInfo};
use crate::narrate::{Context, Text};
use crate::wording::{NumberStyle, cn_number};

/// The virtual files handed to Typst: path (e.g. `/data/tables/t01.json`) → bytes.
pub type DataFiles = BTreeMap<String, Vec<u8>>;

/// Font families the templates use, user choices first, embedded Noto last.
#[derive(Debug, Clone, Serialize)]
struct Fonts {
    body: Vec<String>,
    heading: Vec<String>,
}

/// Lays out everything the Typst templates need.
pub fn layout(
    report: &Report,
    figures: &Figures,
    text: &Text,
    context: &Context,
    settings: &Settings,
) -> DataFiles {
    let cells = Cells::of(settings);
    let t = &figures.tables;
    let mut files = Files::common(
        &report.info,
        &context.about.published,
        settings,
        text,
        Evaluations {
            whole: report.performance.whole.is_some(),
            projects: report.performance.attached().count(),
        },
    );
    let mut put = |path: &str, value: Value| files.put(path, &value);
    put("/data/tables/t01.json", t01(figures, settings, &cells));
    put("/data/tables/t02.json", coded(&t.t02, settings, &cells));
    put("/data/tables/t03.json", coded(&t.t03, settings, &cells));
    put("/data/tables/t04.json", t04(figures, settings, &cells));
    put("/data/tables/t05.json", coded(&t.t05, settings, &cells));
    put(
        "/data/tables/t06.json",
        t06(report, figures, settings, &cells),
    );
    put("/data/tables/t07.json", coded(&t.t07, settings, &cells));
    put("/data/tables/t08.json", coded(&t.t08, settings, &cells));
    put("/data/tables/t09.json", t09(figures, &cells));
    performance::files(report, figures, settings, &mut files);
    files.put("/data/performance/reports.json", &text.attachments);
    files.0
}

/// A row of an indicator table: the item's own cells under its group's 一级 and 二级 names,
/// with the row spans of those merged cells (0 where an earlier row opened the cell;
/// consecutive groups with the same 一级 share one).
#[derive(Serialize)]
struct Grouped<'a, C> {
    #[serde(flatten)]
    cells: C,
    level1: &'a str,
    level1_span: usize,
    level2: &'a str,
    level2_span: usize,
}

/// The rows of an indicator table; see [`Grouped`].
fn grouped_rows<'a, G, I: 'a, C>(
    groups: &'a [G],
    names: impl Fn(&G) -> (&String, &String),
    items: impl Fn(&'a G) -> &'a [I],
    cells: impl Fn(&'a I) -> C,
) -> Vec<Grouped<'a, C>> {
    let mut rows = Vec::new();
    for (at, group) in groups.iter().enumerate() {
        let (name1, name2) = names(group);
        let opened = at > 0 && names(&groups[at - 1]).0 == name1;
        let span1: usize = groups[at..]
            .iter()
            .take_while(|g| names(g).0 == name1)
            .map(|g| items(g).len())
            .sum();
        let members = items(group);
        for (i, item) in members.iter().enumerate() {
            let first = i == 0;
            rows.push(Grouped {
                cells: cells(item),
                level1: name1,
                level1_span: if first && !opened { span1 } else { 0 },
                level2: name2,
                level2_span: if first { members.len() } else { 0 },
            });
        }
    }
    rows
}

/// Which 绩效 tables a report has (self-evaluations of a 决算, targets of a 预算).
struct Evaluations {
    /// Whether there is one for the department as a whole.
    whole: bool,
    /// How many projects have one.
    projects: usize,
}

/// What every report's templates know about it: year, names, dates, fonts, the format's
/// layout values and which 绩效 tables follow.
fn meta(
    info: &ReportInfo,
    published: &str,
    settings: &Settings,
    evaluations: Evaluations,
) -> Value {
    let FontChoice { body, heading } = &info.fonts;
    let with_default = |choice: &Option<String>, default: &str| {
        choice
            .iter()
            .cloned()
            .chain([default.to_owned(), "Noto Serif CJK SC".to_owned()])
            .collect()
    };
    let fonts = Fonts {
        body: with_default(body, "Noto Serif CJK SC"),
        heading: with_default(heading, "Noto Sans CJK SC"),
    };
    json!({
        "year": info.year,
        "name": info.department.name,
        "short_name": info.department.short_name,
        "published": published,
        "published_month": info.published.split_once('-').map(|(y, m)| format!("{y}年{m}月")).unwrap_or_default(),
        "entity": if settings.kind == Kind::Department { "部门" } else { "单位" },
        "fonts": fonts,
        "layout": settings.layout,
        "has_whole": evaluations.whole,
        "project_count": evaluations.projects,
    })
}

/// The data files being written.
#[derive(Default)]
struct Files(DataFiles);

impl Files {
    /// The files every report has: meta.json (see [`meta`]) and the text parts.
    fn common(
        info: &ReportInfo,
        published: &str,
        settings: &Settings,
        text: &Text,
        evaluations: Evaluations,
    ) -> Files {
        let mut files = Files::default();
        files.put(
            "/data/meta.json",
            &meta(info, published, settings, evaluations),
        );
        files.put("/data/text/overview.json", &text.overview);
        files.put("/data/text/explanation.json", &text.explanation);
        files.put("/data/text/glossary.json", &text.glossary);
        files
    }

    /// Writes `value` as JSON; the values are plain structs, lists and strings, which
    /// always serialize.
    fn put(&mut self, path: &str, value: &(impl Serialize + ?Sized)) {
        let bytes = serde_json::to_vec(value).expect("layout values serialize");
        self.0.insert(path.to_owned(), bytes);
    }
}

/// Writes table cells: amounts in the table style, zero as the format prints it.
struct Cells {
    style: NumberStyle,
    zeros: bool,
}

impl Cells {
    fn of(settings: &Settings) -> Cells {
        Cells {
            style: settings.styles.table,
            zeros: settings.styles.table_zeros,
        }
    }

    fn amount(&self, value: Decimal) -> String {
        if value.is_zero() && !self.zeros {
            String::new()
        } else {
            self.style.amount(value)
        }
    }

    fn row(&self, values: &[Decimal]) -> Vec<String> {
        values.iter().map(|v| self.amount(*v)).collect()
    }
}

fn coded(table: &CodedTable, settings: &Settings, cells: &Cells) -> Value {
    let rows: Vec<Value> = table
        .rows
        .iter()
        .filter(|r| r.level == Level::Item || settings.coded_rows == CodedRows::Hierarchy)
        .map(|r| {
            let level = match r.level {
                Level::Class => 1,
                Level::Section => 2,
                Level::Item => 3,
            };
            json!({"code": r.code, "name": r.name, "level": level, "cells": cells.row(&r.values)})
        })
        .collect();
    json!({"total": cells.row(&table.total), "rows": rows, "empty": table.is_empty()})
}

/// One line of a two-sided table (公开01, 04): 收入 label, 行次, amount, then 支出 label,
/// 行次 and amounts; a blank side prints nothing.
struct Line<'a> {
    income: (&'a str, usize, Option<Decimal>),
    expense: (String, usize, Vec<Decimal>),
}

fn two_sided(lines: Vec<Line>, cells: &Cells) -> Value {
    let width = lines.iter().map(|l| l.expense.2.len()).max().unwrap_or(0);
    let rows: Vec<Value> = lines
        .into_iter()
        .map(|l| {
            let (label, line, amount) = l.income;
            let mut row = vec![
                json!(label),
                json!(line),
                json!(amount.map(|a| cells.amount(a)).unwrap_or_default()),
            ];
            row.extend([json!(l.expense.0), json!(l.expense.1)]);
            let mut amounts = cells.row(&l.expense.2);
            amounts.resize(width, String::new());
            row.extend(amounts.into_iter().map(Value::from));
            Value::Array(row)
        })
        .collect();
    json!({"rows": rows})
}

/// The 类 rows beside the income rows, numbered 一、二…, then the closing rows.
fn class_lines<'a, const N: usize>(
    income: &[(&'a str, Decimal)],
    classes: &[(String, String, [Decimal; N])],
    first_expense: usize,
) -> Vec<Line<'a>> {
    classes
        .iter()
        .enumerate()
        .map(|(i, (_, name, values))| Line {
            income: income
                .get(i)
                .map_or(("", i + 1, None), |(label, v)| (*label, i + 1, Some(*v))),
            expense: (
                format!("{}、{name}", cn_number(i + 1)),
                first_expense + i,
                values.to_vec(),
            ),
        })
        .collect()
}

/// The closing lines (合计, 结转, 总计) below the 类 rows, from 行次 `first` and `first_expense`.
fn closing<'a>(
    lines: &mut Vec<Line<'a>>,
    tail: impl IntoIterator<Item = (&'a str, Option<Decimal>, &'a str, Vec<Decimal>)>,
    first: usize,
    first_expense: usize,
) {
    lines.extend(tail.into_iter().enumerate().map(|(i, (a, x, b, ys))| Line {
        income: (a, first + i, x),
        expense: (b.to_owned(), first_expense + i, ys),
    }));
}

fn t01(figures: &Figures, settings: &Settings, cells: &Cells) -> Value {
    let t = &figures.tables.t01;
    let labels = [
        "一、一般公共预算财政拨款收入",
        "二、政府性基金预算财政拨款收入",
        "三、国有资本经营预算财政拨款收入",
        "四、上级补助收入",
        "五、事业收入",
        "六、经营收入",
        "七、附属单位上缴收入",
        "八、其他收入",
    ];
    let income: Vec<(&str, Decimal)> = labels.into_iter().zip(t.income).collect();
    let classes: Vec<(String, String, [Decimal; 1])> = t
        .classes
        .iter()
        .map(|(c, n, v)| (c.clone(), n.clone(), [*v]))
        .collect();
    let n = settings.classes.len();
    // The 单位决算 and Liaoning layouts leave a blank line before each 总计 (行次 30, 61).
    let gap = usize::from(settings.t01_spacer);
    let mut lines = class_lines(&income, &classes, n + 5 + gap);
    let tail = [
        (
            "本年收入合计",
            t.income_total,
            "本年支出合计",
            t.expense_total,
        ),
        (
            "使用非财政拨款结余（含专用结余）",
            t.nonfiscal_surplus_used,
            "结余分配",
            t.surplus_distribution,
        ),
        ("年初结转和结余", t.carry_in, "年末结转和结余", t.carry_out),
    ];
    let mut tail: Vec<_> = tail
        .into_iter()
        .map(|(a, x, b, y)| (a, Some(x), b, vec![y]))
        .collect();
    if settings.t01_spacer {
        tail.push(("", None, "", Vec::new()));
    }
    tail.push(("总计", Some(t.income_grand), "总计", vec![t.expense_grand]));
    closing(&mut lines, tail, n + 1, 2 * n + 5 + gap);
    two_sided(lines, cells)
}

fn t04(figures: &Figures, settings: &Settings, cells: &Cells) -> Value {
    let t = &figures.tables.t04;
    let labels = [
        "一、一般公共预算财政拨款",
        "二、政府性基金预算财政拨款",
        "三、国有资本经营预算财政拨款",
    ];
    let income: Vec<(&str, Decimal)> = labels.into_iter().zip(t.income).collect();
    let n = settings.classes.len();
    let e = 2 * n + 7;
    let mut lines = class_lines(&income, &t.classes, n + 7);
    let funds = [
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ];
    let mut tail = vec![
        (
            "本年收入合计",
            Some(t.income_total),
            "本年支出合计",
            t.expense_total.to_vec(),
        ),
        (
            "年初财政拨款结转和结余",
            Some(t.carry_in_total),
            "年末财政拨款结转和结余",
            t.carry_out.to_vec(),
        ),
    ];
    tail.extend(
        funds
            .into_iter()
            .zip(t.carry_in)
            .map(|(f, x)| (f, Some(x), "", Vec::new())),
    );
    tail.push((
        "总计",
        Some(t.income_grand),
        "总计",
        t.expense_grand.to_vec(),
    ));
    closing(&mut lines, tail, n + 1, e);
    two_sided(lines, cells)
}

fn t06(report: &Report, figures: &Figures, settings: &Settings, cells: &Cells) -> Value {
    let t = &figures.tables.t06;
    let dictionary = Dictionary::new(&report.codes);
    let column = |codes: &[String]| -> Vec<[String; 3]> {
        codes
            .iter()
            .map(|c| {
                let name = dictionary.economic(c).unwrap_or_default().to_owned();
                [c.clone(), name, cells.amount(t.value(c))]
            })
            .collect()
    };
    let mut columns = vec![column(&settings.t06.personnel)];
    columns.extend(settings.t06.public.iter().map(|c| column(c)));
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    let rows: Vec<Vec<String>> = (0..height)
        .map(|i| {
            columns
                .iter()
                .flat_map(|c| c.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    json!({"rows": rows, "personnel": cells.amount(t.personnel), "public": cells.amount(t.public)})
}

fn t09(figures: &Figures, cells: &Cells) -> Value {
    let t = &figures.tables.t09;
    let mut row = cells.row(&t.budget);
    row.extend(cells.row(&t.actual));
    json!({"row": row, "empty": t.is_empty()})
}
