//! Findings: problems in the user's data, each with a stable rule, its place (file, line,
//! column, YAML path) and a fix; the rule catalogue; and the three ways findings print.

use std::fmt;
use std::io;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

use crate::load::{Location, Sources};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The report would be wrong or incomplete: no PDF is written.
    Error,
    /// Worth a look; the report is still built.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `stated-total`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Chinese, with both sides and the difference.
    pub message: String,
    /// The file inside the report directory.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (characters), when known.
    pub column: Option<usize>,
    /// The YAML path of the value, e.g. `items[3].expense.basic`.
    pub path: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    /// Whether the finding stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What it checks.
    pub checks: &'static str,
    /// A message it gives.
    pub example: &'static str,
}

const fn error(id: &'static str, checks: &'static str, example: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        checks,
        example,
    }
}

const fn warning(id: &'static str, checks: &'static str, example: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Warning,
        checks,
        example,
    }
}

/// Every rule the tool applies, in the order of docs/rules.md.
pub const RULES: &[Rule] = &[
    // Schema: the shape of the files.
    error(
        "schema-unknown-key",
        "文件中出现模型没有的键（拼写错误不会被悄悄当作0）",
        "未知的键“reception_foriegn”；是否应为“reception_foreign”？",
    ),
    error(
        "schema-missing-field",
        "缺少必填项",
        "缺少必填项“published”",
    ),
    error(
        "schema-wrong-type",
        "值的类型不对（如该填数字处填了文字、该填列表处填了单个值）",
        "items[0].expense 应为键值表，填写的是文字",
    ),
    error(
        "amount-not-decimal",
        "金额不是万元数字（含千位分隔符、单位或其他文字）",
        "金额“1,606.03”不是万元数字",
    ),
    error("amount-negative", "金额为负数", "金额 -3.49 为负数"),
    error(
        "amount-decimals",
        "金额的小数位多于6位（万元精确到分即6位）",
        "金额 663.8123456 有7位小数",
    ),
    error(
        "count-invalid",
        "数量（团组、人次、辆、台套）不是非负整数",
        "数量“1.5”不是非负整数",
    ),
    error(
        "yaml-duplicate-key",
        "同一层中键重复，后一个会被忽略",
        "键“30101”重复（第一次在第4行）",
    ),
    // Codes.
    error(
        "item-code-level",
        "items 中的编码不是7位项级支出功能分类编码",
        "科目编码“20801”不是7位的项级编码",
    ),
    error(
        "item-duplicate",
        "同一项级科目在 items 中出现两次",
        "科目 2080101 重复出现（第一次在 items[1]）",
    ),
    error(
        "budget-duplicate",
        "同一项级科目在年初预算中出现两次",
        "年初预算中科目 2080101 重复出现",
    ),
    error(
        "code-unknown",
        "类或款在分类字典中不存在，或项级科目字典没有且未填名称",
        "分类字典中没有支出功能分类科目 20899（是否应为 20801 人力资源和社会保障管理事务？）",
    ),
    warning(
        "code-item-unknown",
        "分类字典没有的项级科目：使用数据中填写的名称",
        "分类字典中没有科目 2080177，使用填写的名称“示例科目”",
    ),
    warning(
        "code-name-differs",
        "填写的科目名称与分类字典不同（表中使用字典名称）",
        "科目 2080101 填写为“行政运行费”，字典名称为“行政运行”",
    ),
    error(
        "economic-code-unknown",
        "基本支出的经济分类编码不是字典中的5位款级科目",
        "“30100”不是部门预算支出经济分类的款级科目（是否应为 30101 基本工资？）",
    ),
    // Identities between the figures (tables.md §5).
    error(
        "stated-key",
        "totals.yaml 中的表、行或栏不存在",
        "公开03没有“total·basci”这一格",
    ),
    error(
        "stated-total",
        "填写的合计数与其明细之和不符，超出尾差（tables.md §1.3）",
        "公开03 合计·基本支出应为 950.17（明细之和），填写为 951.16，相差 0.99 万元",
    ),
    error(
        "stated-copy",
        "同一数字在两张表中填写了不同的值",
        "公开01 本年支出合计填写为 2192.26，公开03 合计为 2192.25",
    ),
    error(
        "fiscal-income-expense",
        "无财政拨款结转结余时，各项的财政拨款收入应等于财政拨款支出（X16）",
        "科目 2080101 一般公共预算财政拨款收入 663.81，支出 663.18，相差 0.63 万元",
    ),
    error(
        "income-expense-item",
        "无结转结余时，各项的本年收入合计应等于本年支出合计（X17）",
        "科目 2080101 收入 663.81，支出 664.81，相差 1.00 万元",
    ),
    error(
        "fiscal-within-expense",
        "各项财政拨款基本支出、项目支出不超过该项本年基本支出、项目支出（X11）",
        "科目 2080101 财政拨款基本支出 663.81 大于本年基本支出 600.00",
    ),
    error(
        "balance",
        "年末结转和结余应等于年初结转和结余 + 使用非财政拨款结余 + 本年收入 − 本年支出 − 结余分配（F01.6）",
        "年末结转和结余应为 71.00，填写为 75.00，相差 4.00 万元",
    ),
    error(
        "fiscal-balance",
        "各类财政拨款：本年收入 + 年初结转 = 本年支出 + 年末结转（F04.8）",
        "一般公共预算财政拨款：收入 2037.14 + 年初结转 0 ≠ 支出 2037.14 + 年末结转 5.00",
    ),
    error(
        "fiscal-carry-within-total",
        "财政拨款结转结余不超过全部结转结余（X07）",
        "年初财政拨款结转和结余 80.00 大于年初结转和结余 69.44",
    ),
    error(
        "basic-economic-total",
        "公开06 人员经费与公用经费之和应等于公开05 基本支出合计（X13）",
        "公开06 合计 950.00，公开05 基本支出 950.16，相差 0.16 万元",
    ),
    warning(
        "sangong-within-basic",
        "基本支出中的三公相关款不超过三公经费决算（X18）",
        "30231 公务用车运行维护费 3.24 大于三公经费公务用车运行维护费 0",
    ),
    // Narrative inputs.
    error(
        "budget-reason-missing",
        "决算数与年初预算数不同（且不在“基本持平”范围内）却没有原因，或有支出的项没有年初预算行",
        "科目 2069999 年初预算 430 万元，决算 285.25 万元，缺少差异原因",
    ),
    error(
        "change-reason-missing",
        "与上年相比有增减却没有原因",
        "收、支总计比上年减少 91.98 万元，缺少原因",
    ),
    warning(
        "previous-missing",
        "缺少上年数：与上年比较的句子将不写",
        "缺少上年收、支总计，情况说明一将不与上年比较",
    ),
    error(
        "sangong-reason-missing",
        "三公经费决算数与预算数不同却没有原因",
        "公务接待费预算 3.00 万元，决算 3.85 万元，缺少差异原因",
    ),
    warning(
        "sangong-count-amount",
        "三公经费金额与数量不一致（有支出无团组、有购置无车辆等，I04）",
        "公务接待费 3.85 万元，但接待团组为0",
    ),
    error(
        "sangong-cars-held",
        "公务用车保有量超过车辆总数（I03）",
        "公务用车保有量 5 辆，车辆总数 4 辆",
    ),
    error(
        "sangong-foreign-reception",
        "外宾接待支出超过公务接待费",
        "外宾接待支出 2.00 万元大于公务接待费 1.00 万元",
    ),
    error(
        "procurement-sme",
        "授予小微企业 ≤ 授予中小企业 ≤ 政府采购总额（I02）",
        "授予中小企业合同金额 12.00 万元大于政府采购总额 10.00 万元",
    ),
    warning(
        "operating-costs-exceed-public",
        "机关运行经费超过公开06公用经费合计（I05）",
        "机关运行经费 25.00 万元大于公用经费合计 20.29 万元",
    ),
    error(
        "format-requires",
        "报告格式的某一部分需要的数据没有填写（format.yaml 的 requires）",
        "格式 henan-department 需要 performance.yaml 中的 whole（部门整体支出绩效自评情况表）",
    ),
    warning(
        "format-omits",
        "填写了报告格式不印出的数据（附件报告 reports 只在 format.yaml 有 attachments: true 的格式中印出）",
        "格式 henan-department 不印出 performance.yaml 的附件报告（reports，共 2 篇）",
    ),
    error(
        "published-date",
        "公开日期不是“年-月”格式",
        "公开日期“2025年9月”不是“年-月”格式",
    ),
    // Performance self-evaluation (tables.md §6, decisions.md 11–12).
    error(
        "indicator-score-missing",
        "指标值与完成值无法按规则比较，且未填写得分",
        "指标“发放及时”无法按规则计分，且未填写得分",
    ),
    warning(
        "indicator-score-differs",
        "填写的指标得分与规则计算的得分不同（decisions.md 12）",
        "指标“引才计划新进人才”得分应为 4（≥80人，实际254人），填写为 2.4",
    ),
    warning(
        "indicator-deviation-differs",
        "填写的偏差度与规则计算的不同",
        "指标“引才计划新进人才”偏差度应为 0.00，填写为 187.50",
    ),
    error(
        "indicator-score-exceeds",
        "指标得分大于分值或为负数",
        "指标“发放时间”得分 12 大于分值 10",
    ),
    error(
        "indicator-weights",
        "指标分值之和不对：部门整体应为90，项目应为70",
        "项目“2024年北关区协管员增资”指标分值之和为 68，应为 70",
    ),
    error(
        "management-score",
        "资金管理情况各项得分应在0到5分之间",
        "资金管理“安排科学性”得分 6 超过5分",
    ),
    error(
        "execution-score-differs",
        "填写的执行率得分与规则（分值×执行率，最高为分值）不同",
        "部门整体执行率得分应为 6.34（10 × 63.44%），填写为 7.05",
    ),
    error(
        "self-evaluation-incomplete",
        "附件中有自评表的项目缺少年度目标或绩效指标",
        "项目“示例项目”的自评表缺少 indicators",
    ),
    error(
        "project-score-missing",
        "未附自评表的项目（attached: false）没有填写自评得分 total",
        "项目“人社局专项工作经费”未附自评表，没有自评得分",
    ),
    error(
        "self-evaluation-total",
        "填写的自评总分与各项得分之和不同",
        "项目“2024年北关区事业单位招聘”总分应为 80，填写为 100",
    ),
    warning(
        "project-not-attached",
        "情况说明概述的项目在附件中没有自评表（attached: false；narrative.md P-COVER）",
        "项目“人社局专项工作经费”在情况说明中概述，附件中没有其自评表",
    ),
    warning(
        "execution-exceeds-budget",
        "全年执行数大于全年预算数",
        "项目“示例项目”执行数 27.53 大于全年预算数 20.40",
    ),
    warning(
        "project-exceeds-item",
        "同一功能科目下自评项目的执行数之和大于该项的项目支出",
        "科目 2080799 下自评项目执行数之和 800.00 大于其项目支出 712.45",
    ),
    warning(
        "projects-exceed-project-expense",
        "自评项目执行数之和大于项目支出决算（PP.8）",
        "自评项目执行数之和 1300.00 大于公开03项目支出 1242.08",
    ),
    error(
        "project-duplicate",
        "两个自评项目名称和实施单位都相同，情况说明中无法区分",
        "项目“办公经费”（实施单位相同）出现两次",
    ),
    // 部门预算 (budget.yaml, targets.yaml, notes.yaml).
    error(
        "budget-units",
        "没有预算单位，或明细引用了 units 中没有的单位代码",
        "单位代码“307002”不在 units 中",
    ),
    error(
        "budget-basic-economic",
        "基本支出的经济分类不属于预算03 的四类（工资福利、商品和服务、对个人和家庭的补助、资本性支出）",
        "基本支出的经济分类科目 39999 其他支出不属于……",
    ),
    error(
        "budget-project-duplicate",
        "同一单位的两个预算项目同名（绩效目标按名称对应项目）",
        "项目“2024协管员补贴”与 projects[9] 同名",
    ),
    warning(
        "budget-amount-magnitude",
        "项目金额大于全年收入合计，疑似以元填写（tables.md E6）",
        "项目“……三支一扶……”金额 701419.76 万元大于全年收入合计 6192.14 万元：是否按元填写？",
    ),
    warning(
        "budget-sangong-economic",
        "预算08 的“三公”经费与预算07 对应经济分类科目（30212、31013、30231、30217）的安排不同（B08.2）",
        "预算08 公务用车运行费 8.00 万元，经济分类 30231 安排 7.00 万元",
    ),
    error(
        "target-project-unknown",
        "targets.yaml 中的项目在 budget.yaml 中不存在",
        "budget.yaml 中没有项目“2024局机关网络费用”",
    ),
    warning(
        "target-cost-amount",
        "成本指标写的项目金额与项目资金不同（tables.md E8）",
        "成本指标“局社保专线网费”为 28920元（2.89 万元），项目资金为 2.90 万元",
    ),
    // Fonts.
    error(
        "font-family-missing",
        "report.yaml 指定的字体在字体库中找不到",
        "找不到字体“FangSong”",
    ),
    error(
        "font-missing-glyph",
        "数据中的字符没有任何可用字体能显示",
        "字符“𠀀”(U+20000) 没有可用的字体",
    ),
];

/// The catalogue entry of `id`.
///
/// # Panics
/// When `id` is not in [`RULES`]: every push names a catalogued rule.
pub fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("rule {id} is not catalogued"))
}

/// Collects findings, locating each YAML path in its file.
pub struct Findings<'a> {
    sources: &'a Sources,
    list: Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// An empty collection over `sources`.
    pub fn new(sources: &'a Sources) -> Self {
        Findings {
            sources,
            list: Vec::new(),
        }
    }

    /// Records a finding of `rule` about the value at `path` in `file`.
    pub fn push(
        &mut self,
        rule: &'static str,
        file: &str,
        path: impl Into<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        let path = path.into();
        let location = self.sources.file(file).and_then(|f| f.locate(&path));
        self.record(rule, file, path, location, message, hint.into());
    }

    /// Records a finding about the key of the value at `path` (a misspelled key).
    pub fn push_key(
        &mut self,
        rule: &'static str,
        file: &str,
        path: impl Into<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        let path = path.into();
        let location = self.sources.file(file).and_then(|f| f.locate_key(&path));
        self.record(rule, file, path, location, message, hint.into());
    }

    /// Records a finding at an explicit place.
    pub fn push_at(
        &mut self,
        rule: &'static str,
        file: &str,
        path: String,
        at: Option<Location>,
        message: String,
        hint: impl Into<String>,
    ) {
        self.record(rule, file, path, at, message, hint.into());
    }

    fn record(
        &mut self,
        rule: &'static str,
        file: &str,
        path: String,
        location: Option<Location>,
        message: String,
        hint: String,
    ) {
        self.list.push(Finding {
            rule,
            severity: self::rule(rule).severity,
            message,
            file: file.to_owned(),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            path,
            hint,
        });
    }

    /// The text of an input file.
    pub fn text(&self, file: &str) -> Option<&str> {
        self.sources.file(file).map(|f| f.text.as_str())
    }

    /// The line where the value at `path` of `file` was written.
    pub fn line_of(&self, file: &str, path: &str) -> Option<usize> {
        self.location(file, path).map(|l| l.line)
    }

    /// Where the value at `path` of `file` was written.
    pub fn location(&self, file: &str, path: &str) -> Option<Location> {
        self.sources.file(file)?.locate(path)
    }

    /// How many findings there are so far.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// The findings, sorted by file and position.
    pub fn into_sorted(mut self) -> Vec<Finding> {
        sort(&mut self.list);
        self.list
    }
}

/// Sorts findings by file, line and column.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The source line with a caret under the value, the YAML path and the hint.
    #[default]
    Human,
    /// `file:line:col: error[rule]: message`, one per line.
    Short,
    /// One JSON array of objects with the keys rule, severity, message, file, line, column,
    /// path, hint.
    Json,
}

/// Writes `findings` in `format`; file names are given relative to the working directory.
pub fn emit(
    out: &mut dyn WriteColor,
    findings: &[Finding],
    sources: &Sources,
    format: Format,
) -> io::Result<()> {
    let located: Vec<Finding> = findings
        .iter()
        .map(|f| Finding {
            file: sources.dir.join(&f.file).display().to_string(),
            ..f.clone()
        })
        .collect();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &located)?;
            writeln!(out)
        }
        Format::Short => located.iter().try_for_each(|f| {
            let at = match (f.line, f.column) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "{}{at}: {}[{}]: {}",
                f.file, f.severity, f.rule, f.message
            )
        }),
        Format::Human => human(out, &located, sources),
    }
}

fn human(out: &mut dyn WriteColor, findings: &[Finding], sources: &Sources) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<(String, usize)> = sources
        .files
        .iter()
        .map(|f| {
            (
                sources.dir.join(&f.name).display().to_string(),
                files.add(
                    sources.dir.join(&f.name).display().to_string(),
                    f.text.clone(),
                ),
            )
        })
        .collect();
    let config = term::Config::default();
    for f in findings {
        let severity = match f.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut notes = Vec::new();
        if !f.path.is_empty() {
            notes.push(format!("位置：{}", f.path));
        }
        notes.push(format!("提示：{}", f.hint));
        let label = ids
            .iter()
            .find(|(name, _)| *name == f.file)
            .and_then(|(_, id)| {
                let source = sources
                    .files
                    .iter()
                    .find(|s| sources.dir.join(&s.name).display().to_string() == f.file)?;
                let range = source.byte_range(f.line?, f.column?)?;
                Some(Label::primary(*id, range))
            });
        let diagnostic = Diagnostic::new(severity)
            .with_code(f.rule)
            .with_message(&f.message)
            .with_labels(label.into_iter().collect())
            .with_notes(notes);
        if diagnostic.labels.is_empty() {
            writeln!(
                out,
                "{}[{}]: {}\n  --> {}",
                f.severity, f.rule, f.message, f.file
            )?;
            for note in &diagnostic.notes {
                writeln!(out, "  = {note}")?;
            }
            writeln!(out)?;
        } else {
            term::emit(out, &config, &files, &diagnostic).map_err(io::Error::other)?;
        }
    }
    Ok(())
}
