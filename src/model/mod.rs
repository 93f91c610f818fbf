//! The typed input model: what the user types, one struct per input file.
//!
//! Only leaves are typed here (项-level rows, 经济分类 款, counts, texts); every total is
//! computed in `compute`. Amounts are 万元 as [`Amount`] (an exact decimal read from the
//! YAML text, never through a float).

pub mod budget;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};

/// 金额（万元），按数据中的文字精确读取.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

impl Amount {
    /// Zero 万元.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The amount as a decimal.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Asking for a string yields the scalar's own text, so `54.30` stays exact.
        let text = String::deserialize(deserializer)?;
        parse_amount(&text)
            .map(Amount)
            .map_err(serde::de::Error::custom)
    }
}

/// Parses a decimal amount as written in the data (`2037.14`, `-3.49`, `0`).
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    if trimmed.contains(',') || trimmed.contains('，') {
        return Err(format!(
            "金额“{trimmed}”含千位分隔符：请去掉逗号，写成 {}",
            trimmed.replace([',', '，'], "")
        ));
    }
    let plain = !trimmed.is_empty()
        && trimmed
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    match Decimal::from_str(trimmed) {
        Ok(value) if plain => Ok(value),
        _ => Err(format!("“{trimmed}”不是金额：应为万元数字，如 2037.14")),
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "金额（万元），非负数字，最多6位小数，如 2037.14",
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,6})?$"}
            ]
        })
    }
}

/// 可为负数的数字，如偏差度 −50.00.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signed(pub Decimal);

impl<'de> Deserialize<'de> for Signed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let trimmed = text.trim();
        let (sign, digits) = trimmed
            .strip_prefix('-')
            .map_or((Decimal::ONE, trimmed), |d| (Decimal::NEGATIVE_ONE, d));
        parse_amount(digits)
            .map(|v| Signed(sign * v))
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Signed {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Signed".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "数字，可为负，如 -50.00",
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,6})?$"}
            ]
        })
    }
}

/// The schema of a classification code: digits, quoted or not.
pub(crate) fn code_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "分类科目编码（数字），如 \"2080101\"",
        "anyOf": [{"type": "string", "pattern": "^[0-9]+$"}, {"type": "integer", "minimum": 0}]
    })
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A whole-number count (团组, 人次, 辆, 台（套）).
pub type Count = u32;

/// The data of one report directory: a 决算 (final accounts) or a 预算 (budget).
#[derive(Debug, Clone)]
pub enum Document {
    /// 部门决算 / 单位决算.
    Final(Box<Report>),
    /// 部门预算.
    Budget(Box<budget::BudgetReport>),
}

impl Document {
    /// report.yaml.
    pub fn info(&self) -> &ReportInfo {
        match self {
            Document::Final(r) => &r.info,
            Document::Budget(b) => &b.info,
        }
    }
}

/// Everything the user supplies for one report: the files of one report directory.
#[derive(Debug, Clone)]
pub struct Report {
    /// report.yaml: 报告信息与部门概况.
    pub info: ReportInfo,
    /// accounts.yaml: 收支决算明细（项级）与结转结余.
    pub accounts: Accounts,
    /// basic.yaml: 一般公共预算财政拨款基本支出经济分类明细.
    pub basic: BasicSpending,
    /// sangong.yaml: 财政拨款“三公”经费.
    pub sangong: Sangong,
    /// explanation.yaml: 情况说明所需的表外数据.
    pub explanation: Explanation,
    /// performance.yaml: 绩效自评.
    pub performance: Performance,
    /// totals.yaml (optional): 决算软件打印的合计数，供核对.
    pub totals: StatedTotals,
    /// glossary.yaml (optional): 名词解释，替换格式自带的默认内容.
    pub glossary: Option<Vec<Term>>,
    /// codes.yaml (optional): 分类字典没有的本地科目.
    pub codes: LocalCodes,
}

/// codes.yaml：分类字典没有的本地科目.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalCodes {
    /// 支出功能分类科目（类、款、项）编码 → 名称.
    #[serde(default)]
    pub function: BTreeMap<String, String>,
    /// 部门预算支出经济分类科目（类、款）编码 → 名称.
    #[serde(default)]
    pub economic: BTreeMap<String, String>,
}

/// report.yaml: 报告信息.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInfo {
    /// 报告格式（模板包名称），如 henan-department.
    pub format: String,
    /// 决算年度，如 2024.
    pub year: u16,
    /// 部门名称.
    pub department: Department,
    /// 公开日期（年-月），如 2025-09；印在封面，也是 PDF 的创建日期.
    pub published: String,
    /// 第一部分 概况（决算格式必填）.
    #[serde(default)]
    pub overview: Overview,
    /// 覆盖格式的默认设置（数字样式、措辞等）.
    #[serde(default)]
    pub settings: SettingsOverride,
    /// 字体：指定系统中或 --font-path 目录中的字体族名称.
    #[serde(default)]
    pub fonts: FontChoice,
}

/// 部门名称.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// 全称，如 安阳市北关区人力资源和社会保障局.
    pub name: String,
    /// 简称，如 北关区人社局.
    pub short_name: String,
}

/// 第一部分 概况.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// 职责前的说明，如内设科室和归口预算管理单位，以“主要职责是：”结尾.
    #[serde(default)]
    pub intro: Option<String>,
    /// 部门职责，每条一项，编号（一）（二）…由工具生成；一条中的换行另起一段（如“1. …”分项）.
    #[serde(default)]
    pub duties: Vec<String>,
    /// 下属二级机构（或内设机构）名称.
    #[serde(default)]
    pub institutions: Vec<String>,
    /// 机构总数；只列出部分机构名称时填写.
    #[serde(default)]
    pub institution_count: Option<Count>,
    /// 机构设置的补充说明，每条一段.
    #[serde(default)]
    pub notes: Vec<String>,
    /// 单独核算、决算并入本部门的下属单位；为空表示只有本级决算.
    #[serde(default)]
    pub separately_accounted: Vec<String>,
}

/// 覆盖报告格式默认设置的选项.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsOverride {
    /// 比率下降的措辞：下降、减少或降低.
    pub rate_down: Option<String>,
    /// 占比：largest_remainder（合计为100%）或 independent（逐项四舍五入）.
    pub shares: Option<String>,
    /// 金额为0的收支项目：omit（不列）或 list（列出）.
    pub zero_items: Option<String>,
    /// “基本持平”的阈值（完成率与100%相差的百分点）.
    pub flat_band: Option<Amount>,
}

/// 优先于内置 Noto 字体使用的字体族.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontChoice {
    /// 正文与表格字体族，如 FangSong.
    pub body: Option<String>,
    /// 标题字体族，如 SimHei.
    pub heading: Option<String>,
}

/// accounts.yaml: 收支决算明细.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    /// 按支出功能分类科目（项，7位编码）逐行填写的收入、支出和财政拨款支出.
    pub items: Vec<Item>,
    /// 结转结余（公开01、公开04）.
    #[serde(default)]
    pub balances: Balances,
}

/// 一个项级支出功能分类科目及其全部金额.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// 支出功能分类科目编码（项，7位），如 2080101.
    #[schemars(schema_with = "code_schema")]
    pub code: String,
    /// 科目名称；不填则取分类字典中的名称.
    #[serde(default)]
    pub name: Option<String>,
    /// 本年收入（公开02），按来源.
    #[serde(default)]
    pub income: Income,
    /// 本年支出（公开03），按性质.
    #[serde(default)]
    pub expense: Expense,
    /// 财政拨款支出（公开05、07、08），按资金性质.
    #[serde(default)]
    pub fiscal: Fiscal,
}

/// 本年收入，按来源（公开02 第2–7栏，财政拨款按资金性质分列）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Income {
    /// 一般公共预算财政拨款收入.
    #[serde(default)]
    pub general: Amount,
    /// 政府性基金预算财政拨款收入.
    #[serde(default)]
    pub gov_fund: Amount,
    /// 国有资本经营预算财政拨款收入.
    #[serde(default)]
    pub state_capital: Amount,
    /// 上级补助收入.
    #[serde(default)]
    pub superior: Amount,
    /// 事业收入.
    #[serde(default)]
    pub business: Amount,
    /// 经营收入.
    #[serde(default)]
    pub operating: Amount,
    /// 附属单位上缴收入.
    #[serde(default)]
    pub affiliate: Amount,
    /// 其他收入.
    #[serde(default)]
    pub other: Amount,
}

/// 本年支出，按性质（公开03 第2–6栏）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expense {
    /// 基本支出.
    #[serde(default)]
    pub basic: Amount,
    /// 项目支出.
    #[serde(default)]
    pub project: Amount,
    /// 上缴上级支出.
    #[serde(default)]
    pub to_superior: Amount,
    /// 经营支出.
    #[serde(default)]
    pub operating: Amount,
    /// 对附属单位补助支出.
    #[serde(default)]
    pub to_affiliates: Amount,
}

/// 财政拨款支出，按资金性质.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fiscal {
    /// 一般公共预算财政拨款支出（公开05）.
    #[serde(default)]
    pub general: BasicProject,
    /// 政府性基金预算财政拨款（公开07）.
    #[serde(default)]
    pub gov_fund: GovFund,
    /// 国有资本经营预算财政拨款支出（公开08）.
    #[serde(default)]
    pub state_capital: BasicProject,
}

/// 一类资金的基本支出和项目支出.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicProject {
    /// 基本支出.
    #[serde(default)]
    pub basic: Amount,
    /// 项目支出.
    #[serde(default)]
    pub project: Amount,
}

/// 一个项的政府性基金预算财政拨款（公开07；本年收入填在 income.gov_fund）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GovFund {
    /// 年初结转和结余.
    #[serde(default)]
    pub carry_in: Amount,
    /// 基本支出.
    #[serde(default)]
    pub basic: Amount,
    /// 项目支出.
    #[serde(default)]
    pub project: Amount,
    /// 年末结转和结余.
    #[serde(default)]
    pub carry_out: Amount,
}

/// 结转结余等公开01、公开04中的平衡行.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Balances {
    /// 年初结转和结余（公开01 收入方）.
    #[serde(default)]
    pub carry_in: Amount,
    /// 使用非财政拨款结余（含专用结余）.
    #[serde(default)]
    pub nonfiscal_surplus_used: Amount,
    /// 结余分配.
    #[serde(default)]
    pub surplus_distribution: Amount,
    /// 年末结转和结余（公开01 支出方）.
    #[serde(default)]
    pub carry_out: Amount,
    /// 年初财政拨款结转和结余（公开04；政府性基金部分按项填在 items 中）.
    #[serde(default)]
    pub fiscal_carry_in: FundBalance,
    /// 年末财政拨款结转和结余（公开04；政府性基金部分按项填在 items 中）.
    #[serde(default)]
    pub fiscal_carry_out: FundBalance,
}

/// 不按项填写的两类财政拨款结转结余.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundBalance {
    /// 一般公共预算财政拨款.
    #[serde(default)]
    pub general: Amount,
    /// 国有资本经营预算财政拨款.
    #[serde(default)]
    pub state_capital: Amount,
}

/// basic.yaml: 一般公共预算财政拨款基本支出经济分类（公开06）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicSpending {
    /// 部门预算支出经济分类科目（款，5位编码）→ 决算数.
    #[serde(default)]
    pub economic: BTreeMap<String, Amount>,
}

/// sangong.yaml: 财政拨款“三公”经费（公开09 与 情况说明 九）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sangong {
    /// 全年预算数（调整后）.
    #[serde(default)]
    pub budget: SangongItems,
    /// 决算数.
    #[serde(default)]
    pub actual: SangongItems,
    /// 公务接待费决算中的外宾接待支出（其余为国内公务接待）.
    #[serde(default)]
    pub reception_foreign: Amount,
    /// 上年决算数（辽宁格式按项目与上年比较）.
    #[serde(default)]
    pub previous: Option<SangongItems>,
    /// 数量.
    #[serde(default)]
    pub counts: SangongCounts,
    /// 说明文字.
    #[serde(default)]
    pub notes: SangongNotes,
}

/// “三公”经费的四项金额.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SangongItems {
    /// 因公出国（境）费.
    #[serde(default)]
    pub abroad: Amount,
    /// 公务用车购置费.
    #[serde(default)]
    pub car_purchase: Amount,
    /// 公务用车运行维护费.
    #[serde(default)]
    pub car_operation: Amount,
    /// 公务接待费.
    #[serde(default)]
    pub reception: Amount,
}

/// “三公”经费的数量.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SangongCounts {
    /// 因公出国（境）团组数.
    #[serde(default)]
    pub abroad_groups: Count,
    /// 因公出国（境）人次.
    #[serde(default)]
    pub abroad_persons: Count,
    /// 购置公务用车数量（辆）.
    #[serde(default)]
    pub cars_purchased: Count,
    /// 年末开支财政拨款的公务用车保有量（辆）.
    #[serde(default)]
    pub cars_held: Count,
    /// 接待国（境）外来访团组数.
    #[serde(default)]
    pub foreign_groups: Count,
    /// 接待外宾人次.
    #[serde(default)]
    pub foreign_persons: Count,
    /// 接待国内来访团组数.
    #[serde(default)]
    pub domestic_groups: Count,
    /// 接待国内来宾人次.
    #[serde(default)]
    pub domestic_persons: Count,
}

/// “三公”经费的说明文字.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SangongNotes {
    /// 决算数与预算数存在差异的主要原因（总体）.
    pub reason: Option<String>,
    /// 因公出国（境）费决算与预算差异原因.
    pub abroad_reason: Option<String>,
    /// 公务用车购置及运行费决算与预算差异原因.
    pub car_reason: Option<String>,
    /// 公务接待费决算与预算差异原因.
    pub reception_reason: Option<String>,
    /// 因公出国（境）费与上年相比增减（或持平）的原因.
    pub abroad_change_reason: Option<String>,
    /// 公务用车购置及运行费与上年相比增减的原因.
    pub car_change_reason: Option<String>,
    /// 公务接待费与上年相比增减的原因.
    pub reception_change_reason: Option<String>,
    /// 公务用车运行维护费主要用途.
    pub car_usage: Option<String>,
    /// 公务用车补充说明，如 车辆运行支出由机关事务管理局统一支付.
    pub car_note: Option<String>,
    /// 国内公务接待费主要用途.
    pub reception_usage: Option<String>,
}

/// explanation.yaml: 情况说明所需的表外数据.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// 与上年相比：上年数和变动原因.
    #[serde(default)]
    pub changes: Changes,
    /// 年初预算（按项）.
    #[serde(default)]
    pub initial_budget: InitialBudget,
    /// 项目支出主要包括的内容（辽宁格式 一（二）），如 公益性岗位补贴、就业见习补贴.
    #[serde(default)]
    pub project_content: Option<String>,
    /// 机关运行经费；不填则等于公开06公用经费合计（单一行政单位或参公单位）.
    #[serde(default)]
    pub operating_costs: Option<Amount>,
    /// 政府采购支出.
    #[serde(default)]
    pub procurement: Procurement,
    /// 国有资产占用.
    #[serde(default)]
    pub assets: Assets,
}

/// 情况说明中与上年的比较.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Changes {
    /// 收、支总计（一）.
    #[serde(default)]
    pub total: Comparison,
    /// 本年支出合计（辽宁格式 一（二））.
    #[serde(default)]
    pub expense: Comparison,
    /// 年末结转和结余（辽宁格式 一（三））.
    #[serde(default)]
    pub carry_out: Comparison,
    /// 财政拨款收、支总计（四）.
    #[serde(default)]
    pub fiscal_total: Comparison,
    /// 财政拨款支出（辽宁格式 二（一））.
    #[serde(default)]
    pub fiscal_expense: Comparison,
    /// 一般公共预算财政拨款支出（五）.
    #[serde(default)]
    pub general_expense: Comparison,
    /// 机关运行经费（十）.
    #[serde(default)]
    pub operating_costs: Comparison,
}

impl Changes {
    /// The comparison under `key` (`total`, `expense` …), as format.yaml `compares` names it.
    pub fn get(&self, key: &str) -> Option<&Comparison> {
        Some(match key {
            "total" => &self.total,
            "expense" => &self.expense,
            "carry_out" => &self.carry_out,
            "fiscal_total" => &self.fiscal_total,
            "fiscal_expense" => &self.fiscal_expense,
            "general_expense" => &self.general_expense,
            "operating_costs" => &self.operating_costs,
            _ => return None,
        })
    }
}

/// 一项与上年的比较：上年数和变动原因.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// 上年决算数（万元）；不填则不写与上年比较的句子.
    pub previous: Option<Amount>,
    /// 变动的主要原因.
    pub reason: Option<String>,
}

/// 年初预算，按资金性质，各按项列出.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitialBudget {
    /// 一般公共预算财政拨款（按项）.
    #[serde(default)]
    pub general: Vec<BudgetLine>,
    /// 政府性基金预算财政拨款（按项）.
    #[serde(default)]
    pub gov_fund: Vec<BudgetLine>,
    /// 国有资本经营预算财政拨款（按项）.
    #[serde(default)]
    pub state_capital: Vec<BudgetLine>,
}

/// 一个项的年初预算及决算数与其差异的原因.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    /// 支出功能分类科目编码（项，7位）.
    #[schemars(schema_with = "code_schema")]
    pub code: String,
    /// 年初预算数（万元）.
    pub amount: Amount,
    /// 其中基本支出的年初预算数；不填则按决算的基本、项目支出结构不分列（辽宁格式 二（一））.
    #[serde(default)]
    pub basic: Option<Amount>,
    /// 该项支出的主要用途，如 人力资源和社会保障局工资福利和商品服务（辽宁格式 二（二））.
    #[serde(default)]
    pub usage: Option<String>,
    /// 决算数与年初预算数存在差异的主要原因.
    pub reason: Option<String>,
}

/// 政府采购支出.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement {
    /// 政府采购货物支出.
    #[serde(default)]
    pub goods: Amount,
    /// 政府采购工程支出.
    #[serde(default)]
    pub works: Amount,
    /// 政府采购服务支出.
    #[serde(default)]
    pub services: Amount,
    /// 授予中小企业合同金额.
    #[serde(default)]
    pub sme: Amount,
    /// 其中授予小微企业合同金额.
    #[serde(default)]
    pub micro: Amount,
    /// 授予中小企业合同金额，按采购类型（辽宁格式）.
    #[serde(default)]
    pub sme_by_kind: Option<ProcurementKinds>,
}

/// 授予中小企业合同金额，按采购类型.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcurementKinds {
    /// 货物.
    #[serde(default)]
    pub goods: Amount,
    /// 工程.
    #[serde(default)]
    pub works: Amount,
    /// 服务.
    #[serde(default)]
    pub services: Amount,
}

/// 国有资产占用.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// 车辆数（辆），按用途.
    #[serde(default)]
    pub vehicles: Vehicles,
    /// 单位价值100万元（含）以上设备（台（套））.
    #[serde(default)]
    pub equipment: Count,
    /// 其他用车的主要用途（辽宁格式），如 各单位日常办公使用.
    #[serde(default)]
    pub other_vehicle_usage: Option<String>,
}

/// 车辆数，按用途.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vehicles {
    /// 省级领导干部用车.
    #[serde(default)]
    pub provincial_leaders: Count,
    /// 主要领导干部用车.
    #[serde(default)]
    pub chief_leaders: Count,
    /// 机要通信用车.
    #[serde(default)]
    pub confidential: Count,
    /// 应急保障车.
    #[serde(default)]
    pub emergency: Count,
    /// 执法执勤用车.
    #[serde(default)]
    pub law_enforcement: Count,
    /// 特种专业技术用车.
    #[serde(default)]
    pub special_technical: Count,
    /// 离退休干部用车.
    #[serde(default)]
    pub retired_cadres: Count,
    /// 其他用车.
    #[serde(default)]
    pub other: Count,
}

impl Vehicles {
    /// 车辆总数.
    pub fn total(&self) -> Count {
        self.provincial_leaders
            + self.chief_leaders
            + self.confidential
            + self.emergency
            + self.law_enforcement
            + self.special_technical
            + self.retired_cadres
            + self.other
    }
}

/// performance.yaml: 预算绩效.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    /// 绩效管理工作开展情况（情况说明 十三（一））.
    #[serde(default)]
    pub management: String,
    /// 部门整体支出绩效自评.
    pub whole: Option<WholeEvaluation>,
    /// 项目支出绩效自评，每个项目一张自评表.
    #[serde(default)]
    pub projects: Vec<ProjectEvaluation>,
    /// 以部门为主体开展的重点绩效评价结果（十三（四）；单位决算：单位评价结果）.
    #[serde(default)]
    pub key_evaluation: String,
    /// 部门重点绩效评价的项目数量（辽宁格式）.
    #[serde(default)]
    pub key_evaluation_count: Count,
    /// 部门重点绩效评价涉及的资金（辽宁格式）.
    #[serde(default)]
    pub key_evaluation_funds: Amount,
    /// 各单位的部门（单位）整体绩效自评表（辽宁格式），每个单位一张.
    #[serde(default)]
    pub units: Vec<UnitEvaluation>,
    /// 附件中的绩效自评总结报告或评价报告.
    #[serde(default)]
    pub reports: Vec<EvaluationReport>,
}

impl Performance {
    /// The projects whose 自评表 the report attaches (the others are only in its text).
    pub fn attached(&self) -> impl Iterator<Item = &ProjectEvaluation> {
        self.projects.iter().filter(|p| p.attached)
    }
}

/// 部门（单位）整体绩效自评表（辽宁格式）.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitEvaluation {
    /// 部门（单位）名称，如 190001凌源市人力资源和社会保障局-211382000.
    pub name: String,
    /// 部门年初预算收入金额.
    pub initial_income: Amount,
    /// 部门年初预算支出金额.
    pub initial_expense: Amount,
    /// 年度主要任务（对应项目），执行率由工具计算.
    pub tasks: Vec<UnitTask>,
    /// 年初总体目标.
    pub goal: String,
    /// 全年完成情况.
    pub achieved: String,
    /// 绩效指标.
    pub indicators: Vec<IndicatorGroup>,
    /// 自评表上的总评价得分（可选，与计算结果核对）.
    pub total: Option<Amount>,
}

/// 年度主要任务的一行（对应项目）.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitTask {
    /// 对应项目，如 基本支出人员经费（刚性）.
    pub name: String,
    /// 项目下达金额.
    pub issued: Amount,
    /// 项目执行金额.
    pub executed: Amount,
    /// 分值.
    pub weight: Amount,
    /// 得分.
    pub score: Amount,
}

/// 附件中的一篇绩效自评总结报告或评价报告.
#[derive(Debug, Clone, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationReport {
    /// 标题.
    pub title: String,
    /// 正文，每行一段；以“一、”“（一）”等编号开头的行作为小标题.
    pub text: String,
}

/// 项目资金的性质.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundKind {
    /// 一般公共预算.
    #[default]
    General,
    /// 政府性基金预算.
    GovFund,
    /// 国有资本经营预算.
    StateCapital,
}

/// 部门整体支出绩效自评情况表.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WholeEvaluation {
    /// 预算数，按资金来源；全年执行数由决算表计算.
    pub funds: WholeFunds,
    /// 预期目标，每条一项.
    pub goals: Vec<String>,
    /// 实际完成情况.
    pub achieved: String,
    /// 年度主要任务.
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// 绩效指标.
    pub indicators: Vec<IndicatorGroup>,
    /// 情况说明 十三（二）中“其中，”之后的文字.
    #[serde(default)]
    pub summary: String,
    /// 自评表上的执行率得分（可选，与规则计算结果核对）.
    pub execution_score: Option<Amount>,
    /// 自评表上的总分（可选，与计算结果核对）.
    pub total: Option<Amount>,
}

/// 部门整体的预算数，按资金来源.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WholeFunds {
    /// 财政拨款.
    pub fiscal: Budgets,
    /// 财政专户管理资金.
    #[serde(default)]
    pub special_account: Budgets,
    /// 单位资金.
    #[serde(default)]
    pub own: Budgets,
}

/// 一种资金来源的年初预算数和全年预算数.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budgets {
    /// 年初预算数.
    #[serde(default)]
    pub initial: Amount,
    /// 全年预算数.
    #[serde(default)]
    pub full_year: Amount,
}

/// 年度主要任务的一行.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// 任务名称.
    pub name: String,
    /// 主要内容.
    pub content: String,
    /// 实际完成情况.
    pub result: String,
}

/// 一级指标、二级指标相同的一组三级指标.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGroup {
    /// 一级指标，如 产出指标.
    pub level1: String,
    /// 二级指标，如 数量指标.
    pub level2: String,
    /// 三级指标.
    pub items: Vec<Indicator>,
}

/// 一个三级指标.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 三级指标名称.
    pub name: String,
    /// 年度指标值，如 ≥90%、=80万元、及时.
    pub target: String,
    /// 实际完成值，如 95%、0万元.
    pub actual: String,
    /// 分值.
    pub weight: Amount,
    /// 得分；定性指标无法按规则计算时必填，填写后与规则计算结果核对.
    pub score: Option<Amount>,
    /// 自评表上的偏差度（可选，与规则计算结果核对）.
    pub deviation: Option<Signed>,
    /// 偏差原因分析及改进措施.
    pub reason: Option<String>,
}

/// 项目支出绩效自评情况表.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectEvaluation {
    /// 项目名称.
    pub name: String,
    /// 项目支出所列的支出功能分类科目（项，7位）；填写后核对项目执行数不超过该项的项目支出.
    #[serde(default)]
    #[schemars(schema_with = "code_schema")]
    pub code: Option<String>,
    /// 主管部门；不填则为本部门.
    pub authority: Option<String>,
    /// 实施单位；不填则为本部门.
    pub implementer: Option<String>,
    /// 资金性质：general（一般公共预算，默认）、gov_fund（政府性基金）或 state_capital（国有资本经营）.
    #[serde(default)]
    pub fund: FundKind,
    /// 项目资金（万元），按来源.
    pub funds: ProjectFunds,
    /// 资金管理情况（河南格式，共20分）.
    #[serde(default)]
    pub management: Option<FundManagement>,
    /// 减分项（辽宁格式）.
    #[serde(default)]
    pub deduction: Option<Amount>,
    /// 附件中有该项目的自评表（默认 true）；false：只在情况说明中写其自评结果，须填写 total（自评得分），不必填写 goal 和 indicators.
    #[serde(default = "attached")]
    pub attached: bool,
    /// 年度总体目标：预期目标（附自评表时必填）.
    #[serde(default)]
    pub goal: String,
    /// 年度总体目标：实际完成情况.
    pub achieved: String,
    /// 绩效指标（附自评表时必填）.
    #[serde(default)]
    pub indicators: Vec<IndicatorGroup>,
    /// 情况说明中的项目绩效自评结果文字.
    #[serde(default)]
    pub summary: ProjectSummary,
    /// 自评表上的执行率得分（可选，与规则计算结果核对）.
    pub execution_score: Option<Amount>,
    /// 自评表上的总分（可选，与计算结果核对）；未附自评表时为情况说明所写的自评得分，必填.
    pub total: Option<Amount>,
}

/// A project's 自评表 is attached unless the data says otherwise.
fn attached() -> bool {
    true
}

/// 项目资金，按资金来源.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFunds {
    /// 财政拨款.
    pub fiscal: Funds,
    /// 财政专户管理资金.
    #[serde(default)]
    pub special_account: Funds,
    /// 单位资金.
    #[serde(default)]
    pub own: Funds,
}

/// 一种资金来源的年初预算数、全年预算数和全年执行数.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    /// 年初预算数.
    #[serde(default)]
    pub initial: Amount,
    /// 全年预算数.
    #[serde(default)]
    pub full_year: Amount,
    /// 全年执行数.
    #[serde(default)]
    pub executed: Amount,
}

/// 资金管理情况的四行.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundManagement {
    /// 安排科学性.
    pub arrangement: ManagementRow,
    /// 拨付合规性.
    pub disbursement: ManagementRow,
    /// 使用规范性.
    pub usage: ManagementRow,
    /// 预算绩效管理情况.
    pub performance: ManagementRow,
}

impl FundManagement {
    /// The four rows with their YAML keys and printed names.
    pub fn rows(&self) -> [(&'static str, &'static str, &ManagementRow); 4] {
        [
            ("arrangement", "安排科学性", &self.arrangement),
            ("disbursement", "拨付合规性", &self.disbursement),
            ("usage", "使用规范性", &self.usage),
            ("performance", "预算绩效管理情况", &self.performance),
        ]
    }
}

/// 资金管理情况的一行.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagementRow {
    /// 情况说明.
    pub note: String,
    /// 得分（满分5分）.
    pub score: Amount,
    /// 存在问题和改进措施.
    #[serde(default)]
    pub issue: String,
}

/// 情况说明中该项目的文字；不填的文字由自评表生成.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectSummary {
    /// 项目绩效目标完成情况；不填则取自评表的实际完成情况.
    pub achieved: Option<String>,
    /// 发现的主要问题及原因.
    pub problems: Option<String>,
    /// 下一步改进措施.
    pub improvement: Option<String>,
    /// 执行数低于全年预算数的原因.
    pub reason: Option<String>,
    /// 成本指标的偏差原因.
    pub cost_reason: Option<String>,
    /// 成本指标完成情况（替换生成的句子）.
    pub cost: Option<String>,
    /// 数量指标完成情况.
    pub quantity: Option<String>,
    /// 质量指标完成情况.
    pub quality: Option<String>,
    /// 时效指标完成情况.
    pub timeliness: Option<String>,
    /// 效益指标的标题，默认“效益指标”.
    pub effect_label: Option<String>,
    /// 效益指标完成情况.
    pub effect: Option<String>,
    /// 满意度指标完成情况.
    pub satisfaction: Option<String>,
}

/// Stated figures of a table with one figure per row: row key → amount.
pub type StatedRows = BTreeMap<String, Amount>;

/// Stated figures of a table with columns: row key → column key → amount.
pub type StatedTable = BTreeMap<String, BTreeMap<String, Amount>>;

/// totals.yaml：决算软件打印的合计数，按表、行、栏填写，与其明细之和核对.
///
/// 决算软件按元计算后折算万元，合计数可能与明细之和相差尾差：差额在尾差范围内时表中印填写的数，超出时报错.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedTotals {
    /// 公开01：income_total、income_grand、expense_total、expense_grand、general、gov_fund、state_capital（第1–3行财政拨款收入，公开04 第1–3行同）或类编码 → 金额.
    #[serde(default)]
    pub t01: StatedRows,
    /// 公开02 收入决算表：行（total 或类、款编码）→ 栏（total、fiscal、superior、business、operating、affiliate、other）→ 金额.
    #[serde(default)]
    pub t02: StatedTable,
    /// 公开03 支出决算表：行 → 栏（total、basic、project、to_superior、operating、to_affiliates）→ 金额.
    #[serde(default)]
    pub t03: StatedTable,
    /// 公开04：行（income_total、carry_in_total、income_grand、expense_total、carry_out、expense_grand 或类编码）→ 栏（total、general、gov_fund、state_capital；收入方只有 total）→ 金额.
    #[serde(default)]
    pub t04: StatedTable,
    /// 公开05：行 → 栏（total、basic、project）→ 金额.
    #[serde(default)]
    pub t05: StatedTable,
    /// 公开06：经济分类类编码（301…）、personnel（人员经费合计）或 public（公用经费合计）→ 金额.
    #[serde(default)]
    pub t06: StatedRows,
    /// 公开07：行 → 栏（carry_in、income、total、basic、project、carry_out）→ 金额.
    #[serde(default)]
    pub t07: StatedTable,
    /// 公开08：行 → 栏（total、basic、project）→ 金额.
    #[serde(default)]
    pub t08: StatedTable,
    /// 公开09：budget 或 actual → 栏（total、abroad、car、car_purchase、car_operation、reception）→ 金额.
    #[serde(default)]
    pub t09: StatedTable,
}

/// 一条名词解释.
#[derive(Debug, Clone, Deserialize, serde::Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// 名词.
    pub term: String,
    /// 解释.
    pub definition: String,
}
