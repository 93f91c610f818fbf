//! Classification codes: levels, repeats, and names against the dictionary.

use std::collections::HashMap;

use crate::codes::{Codes, Dictionary, Level};
use crate::finding::Findings;
use crate::model::Report;

pub(super) fn check(report: &Report, findings: &mut Findings) {
    let dictionary = Dictionary::new(&report.codes);
    items(report, dictionary, findings);
    budget_lines(report, dictionary, findings);
    economic(report, dictionary, findings);
}

fn items(report: &Report, dictionary: Dictionary, findings: &mut Findings) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in report.accounts.items.iter().enumerate() {
        let path = format!("items[{i}].code");
        if Level::of(&item.code) != Some(Level::Item) {
            findings.push(
                "item-code-level",
                "accounts.yaml",
                path,
                format!("科目编码“{}”不是7位的项级支出功能分类编码", item.code),
                "按项填写，如 2080101；类、款的合计由工具计算",
            );
            continue;
        }
        if let Some(first) = seen.insert(&item.code, i) {
            findings.push(
                "item-duplicate",
                "accounts.yaml",
                path.clone(),
                format!("科目 {} 重复出现（第一次在 items[{first}]）", item.code),
                "每个项只写一行，把金额合并到同一行",
            );
        }
        function_code(
            &item.code,
            item.name.as_deref(),
            dictionary,
            findings,
            "accounts.yaml",
            &path,
            true,
        );
    }
}

/// Checks the 类 and 款 of `code` and the 项 itself against the dictionary; `named` says
/// whether this is the place where the 项's name is given (and so reported on).
pub(super) fn function_code(
    code: &str,
    name: Option<&str>,
    dictionary: Dictionary,
    findings: &mut Findings,
    file: &str,
    path: &str,
    named: bool,
) {
    for ancestor in Level::chain(code) {
        let known = dictionary.function(ancestor);
        let is_item = ancestor == code;
        match (known, is_item, name) {
            (None, false, _) | (None, true, None) => {
                let guess = suggest(ancestor, if is_item { name } else { None });
                findings.push(
                    "code-unknown",
                    file,
                    path,
                    format!("分类字典中没有支出功能分类科目 {ancestor}{guess}"),
                    "核对编码；确属本地科目时在 codes.yaml 中补上其名称（项也可在该行填写 name）",
                );
                return;
            }
            (None, true, Some(given)) if named => findings.push(
                "code-item-unknown",
                file,
                path,
                format!("分类字典中没有科目 {code}，使用填写的名称“{given}”"),
                "确认编码无误；如为新设科目可忽略",
            ),
            (Some(official), true, Some(given)) if named && official != given => findings.push(
                "code-name-differs",
                file,
                path,
                format!("科目 {code} 填写为“{given}”，字典名称为“{official}”"),
                "表中使用字典名称；删去 name 或改为字典名称",
            ),
            _ => {}
        }
    }
}

/// A did-you-mean for an unknown code: a dictionary code of the same level whose name is
/// the given one, or whose digits differ by a slip.
fn suggest(code: &str, name: Option<&str>) -> String {
    let same_level = || {
        Codes::embedded()
            .functions()
            .filter(|(c, _)| c.len() == code.len())
    };
    let by_name = name.and_then(|n| same_level().find(|(_, official)| *official == n));
    let by_code = || {
        same_level()
            .map(|(c, n)| (strsim::damerau_levenshtein(code, c), c, n))
            .filter(|(d, _, _)| *d <= 2)
            .min_by_key(|(d, c, _)| (*d, *c))
            .map(|(_, c, n)| (c, n))
    };
    by_name
        .or_else(by_code)
        .map_or(String::new(), |(c, n)| format!("（是否应为 {c} {n}？）"))
}

fn budget_lines(report: &Report, dictionary: Dictionary, findings: &mut Findings) {
    let budgets = &report.explanation.initial_budget;
    for (fund, lines) in [
        ("general", &budgets.general),
        ("gov_fund", &budgets.gov_fund),
        ("state_capital", &budgets.state_capital),
    ] {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, line) in lines.iter().enumerate() {
            let path = format!("initial_budget.{fund}[{i}].code");
            if Level::of(&line.code) != Some(Level::Item) {
                findings.push(
                    "item-code-level",
                    "explanation.yaml",
                    path,
                    format!("年初预算的科目编码“{}”不是7位的项级编码", line.code),
                    "年初预算按项填写，如 2080101",
                );
                continue;
            }
            if let Some(first) = seen.insert(&line.code, i) {
                findings.push(
                    "budget-duplicate",
                    "explanation.yaml",
                    path.clone(),
                    format!(
                        "年初预算中科目 {} 重复出现（第一次在 initial_budget.{fund}[{first}]）",
                        line.code
                    ),
                    "每个项只写一行年初预算",
                );
            }
            let named = report
                .accounts
                .items
                .iter()
                .find(|item| item.code == line.code)
                .and_then(|item| item.name.as_deref());
            function_code(
                &line.code,
                named,
                dictionary,
                findings,
                "explanation.yaml",
                &path,
                false,
            );
        }
    }
}

fn economic(report: &Report, dictionary: Dictionary, findings: &mut Findings) {
    for code in report.basic.economic.keys() {
        economic_code(
            code,
            dictionary,
            findings,
            "basic.yaml",
            &format!("economic.{code}"),
        );
    }
}

/// Checks that `code` is a 5-digit 部门预算支出经济分类款 of the dictionary.
pub(super) fn economic_code(
    code: &str,
    dictionary: Dictionary,
    findings: &mut Findings,
    file: &str,
    path: &str,
) {
    if code.len() == 5 && dictionary.economic(code).is_some() {
        return;
    }
    let guess = Codes::embedded()
        .economics()
        .filter(|(c, _)| c.len() == 5)
        .map(|(c, n)| (strsim::damerau_levenshtein(code, c), c, n))
        .filter(|(d, _, _)| *d <= 2)
        .min_by_key(|(d, c, _)| (*d, *c))
        .map_or(String::new(), |(_, c, n)| format!("（是否应为 {c} {n}？）"));
    findings.push(
        "economic-code-unknown",
        file,
        path,
        format!("“{code}”不是部门预算支出经济分类的款级科目{guess}"),
        "填写5位款级编码，如 30101 基本工资；类的合计由工具计算",
    );
}
