//! The JSON Schema of each input file, generated from the model, and the check of a file's
//! tree against it: every problem of every file, each located, in one run.

use std::sync::{LazyLock, OnceLock};

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use schemars::JsonSchema;
use serde_json::Value;

use super::tree::Tree;
use crate::finding::Findings;
use crate::model::budget::{Budget, BudgetNotes, Targets};
use crate::model::{
    Accounts, BasicSpending, Explanation, LocalCodes, Performance, ReportInfo, Sangong,
    StatedTotals, Term,
};

/// An input file's name and the generator of its schema.
pub type SchemaFile = (&'static str, fn() -> Value);

/// The input files that have a schema, with the schema's generator.
pub const SCHEMA_FILES: [SchemaFile; 12] = [
    ("report.yaml", schema::<ReportInfo>),
    ("accounts.yaml", schema::<Accounts>),
    ("basic.yaml", schema::<BasicSpending>),
    ("sangong.yaml", schema::<Sangong>),
    ("explanation.yaml", schema::<Explanation>),
    ("performance.yaml", schema::<Performance>),
    ("totals.yaml", schema::<StatedTotals>),
    ("glossary.yaml", schema::<Vec<Term>>),
    ("codes.yaml", schema::<LocalCodes>),
    ("budget.yaml", schema::<Budget>),
    ("targets.yaml", schema::<Targets>),
    ("notes.yaml", schema::<BudgetNotes>),
];

fn schema<T: JsonSchema>() -> Value {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The JSON Schema of the input file `name`.
pub fn schema_of(name: &str) -> Option<Value> {
    SCHEMA_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| f())
}

/// Each input file's compiled schema, compiled when a file of its name is first checked
/// (a report has about half of them), with the patterns they share compiled once.
static VALIDATORS: [OnceLock<(Value, jsonschema::Validator)>; SCHEMA_FILES.len()] =
    [const { OnceLock::new() }; SCHEMA_FILES.len()];
static PATTERNS: LazyLock<jsonschema::PatternCache> = LazyLock::new(jsonschema::PatternCache::new);

/// The schema of the file `name` and its validator, if the file has a schema.
fn validator(name: &str) -> Option<&'static (Value, jsonschema::Validator)> {
    let at = SCHEMA_FILES.iter().position(|(n, _)| *n == name)?;
    Some(VALIDATORS[at].get_or_init(|| {
        let schema = SCHEMA_FILES[at].1();
        let validator = jsonschema::options()
            .with_pattern_cache(PATTERNS.clone())
            .build(&schema)
            .expect("the generated schemas are valid");
        (schema, validator)
    }))
}

/// Reports every way the tree of file `name` departs from its schema.
pub(super) fn check(name: &str, tree: &Tree, findings: &mut Findings) {
    let text = findings.text(name).unwrap_or_default().to_owned();
    let instance = tree.json(&text);
    for (path, first, at) in tree.repeats() {
        let key = path.rsplit(['.', '[']).next().unwrap_or(path).to_owned();
        findings.push_at(
            "yaml-duplicate-key",
            name,
            path.clone(),
            Some(*at),
            format!("键“{key}”重复（第一次在第{first}行），后一个被忽略"),
            "删去重复的一行，或把两处的内容合并",
        );
    }
    for (path, digits) in tree.numbers(&text) {
        let decimals = digits
            .split_once('.')
            .map_or(0, |(_, f)| f.trim_end().len());
        if decimals > 6 {
            findings.push(
                "amount-decimals",
                name,
                path,
                format!("数值 {digits} 有 {decimals} 位小数，超过6位"),
                "万元金额精确到分只需6位小数；核对是否多打了数字",
            );
        }
    }
    let Some((schema, validator)) = validator(name) else {
        return;
    };
    for error in validator.iter_errors(&instance) {
        report(&error, schema, &instance, name, findings);
    }
}

/// Turns one schema error into findings; an `anyOf` (an optional value) is explained by
/// the errors of the branch that fits the value's type.
fn report(
    error: &ValidationError,
    schema: &Value,
    instance: &Value,
    name: &str,
    findings: &mut Findings,
) {
    let pointer = error.instance_path().as_str();
    let path = yaml_path(instance, pointer);
    let value = error.instance().as_ref().clone();
    let keyword = error.schema_path().as_str();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_keys(schema, keyword);
            for key in unexpected {
                let suggestion =
                    closest(key, &allowed).map_or(String::new(), |k| format!("；是否应为“{k}”？"));
                findings.push_key(
                    "schema-unknown-key",
                    name,
                    child(&path, key),
                    format!("未知的键“{key}”{suggestion}"),
                    format!("此处可用的键：{}", allowed.join("、")),
                );
            }
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let at = findings.location(name, &path);
            findings.push_at(
                "schema-missing-field",
                name,
                child(&path, property),
                at,
                format!("{}缺少必填项“{property}”", place(&path)),
                "按 docs/input.md 补上该项",
            );
        }
        _ if is_amount(schema, keyword) => amount_finding(findings, name, path, &value),
        ValidationErrorKind::AnyOf { context } => {
            // A branch whose only complaint is the value's type at this place does not apply.
            let fitting: Vec<&Vec<ValidationError>> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().all(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path().as_str() == pointer
                    })
                })
                .collect();
            match fitting.as_slice() {
                [branch] => branch
                    .iter()
                    .for_each(|e| report(e, schema, instance, name, findings)),
                _ => wrong_type(findings, name, path, &value),
            }
        }
        ValidationErrorKind::Type { kind } if is_integer(kind) => {
            count_finding(findings, name, path, &value)
        }
        ValidationErrorKind::Minimum { .. } => count_finding(findings, name, path, &value),
        ValidationErrorKind::Type { kind } => findings.push(
            "schema-wrong-type",
            name,
            path.clone(),
            format!(
                "{}应为{}，填写的是{}",
                place(&path),
                expected(kind),
                describe(&value)
            ),
            "按 docs/input.md 中该项的写法改正",
        ),
        _ => wrong_type(findings, name, path, &value),
    }
}

fn wrong_type(findings: &mut Findings, name: &str, path: String, value: &Value) {
    findings.push(
        "schema-wrong-type",
        name,
        path.clone(),
        format!("{}的值“{}”不符合要求", place(&path), short(value)),
        "按 docs/input.md 中该项的写法改正",
    );
}

/// Whether the failed keyword checks an amount: within the Amount schema, or an optional
/// amount (`anyOf` of Amount and null).
fn is_amount(schema: &Value, keyword_location: &str) -> bool {
    if keyword_location.contains("Amount") {
        return true;
    }
    let object = keyword_location
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    let refers = |v: &Value| {
        v.get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r.ends_with("/Amount"))
    };
    schema
        .pointer(object)
        .and_then(|o| o.get("anyOf"))
        .and_then(Value::as_array)
        .is_some_and(|branches| branches.iter().any(refers))
}

fn amount_finding(findings: &mut Findings, name: &str, path: String, value: &Value) {
    let text = short(value);
    let negative =
        text.trim().starts_with('-') && text.trim()[1..].parse::<rust_decimal::Decimal>().is_ok();
    if negative {
        findings.push(
            "amount-negative",
            name,
            path,
            format!("金额 {text} 为负数"),
            "金额应为非负的万元数；核对符号",
        );
    } else {
        findings.push(
            "amount-not-decimal",
            name,
            path,
            format!("金额“{text}”不是万元数字"),
            "写成如 2037.14 的数字：不带千位分隔符、单位或其他文字",
        );
    }
}

fn count_finding(findings: &mut Findings, name: &str, path: String, value: &Value) {
    findings.push(
        "count-invalid",
        name,
        path,
        format!("数量“{}”不是非负整数", short(value)),
        "团组、人次、车辆、设备等数量写成 0、1、2 …",
    );
}

fn is_integer(kind: &TypeKind) -> bool {
    matches!(kind, TypeKind::Single(jsonschema::JsonType::Integer))
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn place(path: &str) -> String {
    if path.is_empty() {
        "文件顶层".to_owned()
    } else {
        format!("{path} ")
    }
}

/// A JSON pointer into `instance` as a YAML path (`/items/3/code` → `items[3].code`).
fn yaml_path(instance: &Value, pointer: &str) -> String {
    let mut path = String::new();
    let mut node = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Array(items)) => {
                path.push_str(&format!("[{segment}]"));
                node = segment.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            _ => {
                path = child(&path, &segment);
                node = node.and_then(|n| n.get(&segment));
            }
        }
    }
    path
}

/// The property names allowed at the object whose `additionalProperties` failed.
fn allowed_keys(schema: &Value, keyword_location: &str) -> Vec<String> {
    let object = keyword_location
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    let mut keys: Vec<String> = schema
        .pointer(object)
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// The allowed key most like `key`, when one is close enough to be a likely typo.
fn closest<'a>(key: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(key, a), a))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a.as_str())
}

fn expected(kind: &TypeKind) -> String {
    let name = |t: &jsonschema::JsonType| match t {
        jsonschema::JsonType::Array => "列表",
        jsonschema::JsonType::Boolean => "是或否",
        jsonschema::JsonType::Integer => "整数",
        jsonschema::JsonType::Null => "空",
        jsonschema::JsonType::Number => "数字",
        jsonschema::JsonType::Object => "键值表",
        jsonschema::JsonType::String => "文字",
    };
    match kind {
        TypeKind::Single(t) => name(t).to_owned(),
        TypeKind::Multiple(types) => types
            .iter()
            .map(|t| name(&t))
            .collect::<Vec<_>>()
            .join("或"),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "空值".into(),
        Value::Bool(_) => "是/否".into(),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => format!("文字“{s}”"),
        Value::Array(_) => "列表".into(),
        Value::Object(_) => "键值表".into(),
    }
}

/// A value as a message quotes it, cut short.
fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
