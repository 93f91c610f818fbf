//! The input of a 部门预算 (budget) report: budget.yaml, targets.yaml and notes.yaml.
//!
//! The leaves are the 基本支出 of each 项 by 经济分类款 and each project of 预算10; every
//! table of 预算01–10, the 整体绩效目标表 and the 项目绩效目标汇总表 is computed from them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{
    Amount, Comparison, Count, LocalCodes, ReportInfo, SangongItems, Term, Vehicles, code_schema,
};

/// Everything the user supplies for one budget report.
#[derive(Debug, Clone)]
pub struct BudgetReport {
    /// report.yaml.
    pub info: ReportInfo,
    /// budget.yaml: 预算收支明细.
    pub budget: Budget,
    /// targets.yaml: 绩效目标.
    pub targets: Targets,
    /// notes.yaml: 情况说明所需的表外数据.
    pub notes: BudgetNotes,
    /// glossary.yaml (optional).
    pub glossary: Option<Vec<Term>>,
    /// codes.yaml (optional).
    pub codes: LocalCodes,
}

/// budget.yaml：部门预算的收支明细.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// 预算单位（预算02、03 的单位行）；只有一个单位时也要填写其编码和名称.
    pub units: Vec<BudgetUnit>,
    /// 基本支出：每个项（及资金来源）一行，按部门预算支出经济分类款列出金额.
    #[serde(default)]
    pub basic: Vec<BasicLine>,
    /// 项目支出（预算10）：每个项目一行.
    #[serde(default)]
    pub projects: Vec<BudgetProject>,
    /// 一般公共预算“三公”经费预算（预算08）.
    #[serde(default)]
    pub sangong: SangongItems,
    /// 预算表上印出的合计数（可选）：与明细之和核对，如 预算06 的人员经费合计.
    #[serde(default)]
    pub stated: BudgetStated,
}

/// 预算单位.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetUnit {
    /// 单位代码，如 307001.
    #[schemars(schema_with = "code_schema")]
    pub code: String,
    /// 单位名称.
    pub name: String,
}

/// 资金来源.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 一般公共预算财政拨款.
    #[default]
    General,
    /// 一般公共预算中财政拨款以外的资金（行政事业性收费、专项收入等）.
    GeneralOther,
    /// 政府性基金预算.
    GovFund,
    /// 国有资本经营预算.
    StateCapital,
    /// 上年结转的一般公共预算财政拨款.
    CarryGeneral,
    /// 上年结转的政府性基金预算财政拨款.
    CarryGovFund,
    /// 上年结转的国有资本经营预算财政拨款.
    CarryStateCapital,
    /// 上年结转的财政专户管理资金.
    CarrySpecial,
    /// 上年结转的单位资金.
    CarryOwn,
    /// 财政专户管理资金.
    SpecialAccount,
    /// 事业收入.
    Business,
    /// 事业单位经营收入.
    Operating,
    /// 上级补助收入.
    Superior,
    /// 附属单位上缴收入.
    Affiliate,
    /// 其他收入.
    Other,
}

/// 一个项的基本支出，按经济分类款.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicLine {
    /// 支出功能分类科目编码（项，7位）.
    #[schemars(schema_with = "code_schema")]
    pub code: String,
    /// 预算单位代码；只有一个单位时可不填.
    #[serde(default)]
    pub unit: Option<String>,
    /// 资金来源，默认 general（一般公共预算财政拨款）.
    #[serde(default)]
    pub source: Source,
    /// 部门预算支出经济分类科目（款，5位）→ 金额.
    pub economic: BTreeMap<String, Amount>,
}

/// 项目类型（预算10）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKind {
    /// 其他运转类.
    Operation,
    /// 特定目标类.
    Specific,
}

/// 预算10 的一个项目.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetProject {
    /// 项目名称.
    pub name: String,
    /// 项目类型：operation（其他运转类）或 specific（特定目标类）.
    pub kind: ProjectKind,
    /// 支出功能分类科目编码（项，7位）.
    #[schemars(schema_with = "code_schema")]
    pub code: String,
    /// 部门预算支出经济分类科目（款，5位）.
    #[schemars(schema_with = "code_schema")]
    pub economic: String,
    /// 预算单位代码；只有一个单位时可不填.
    #[serde(default)]
    pub unit: Option<String>,
    /// 资金（万元），按来源.
    pub funds: BudgetFunds,
}

/// 一个项目的资金，按来源（预算10 的各栏和预算02、07 的收入来源）.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetFunds {
    /// 一般公共预算财政拨款.
    #[serde(default)]
    pub general: Amount,
    /// 一般公共预算中财政拨款以外的资金.
    #[serde(default)]
    pub general_other: Amount,
    /// 政府性基金预算.
    #[serde(default)]
    pub gov_fund: Amount,
    /// 国有资本经营预算.
    #[serde(default)]
    pub state_capital: Amount,
    /// 上年结转的一般公共预算财政拨款.
    #[serde(default)]
    pub carry_general: Amount,
    /// 上年结转的政府性基金预算财政拨款.
    #[serde(default)]
    pub carry_gov_fund: Amount,
    /// 上年结转的国有资本经营预算财政拨款.
    #[serde(default)]
    pub carry_state_capital: Amount,
    /// 上年结转的财政专户管理资金.
    #[serde(default)]
    pub carry_special: Amount,
    /// 上年结转的单位资金.
    #[serde(default)]
    pub carry_own: Amount,
    /// 财政专户管理资金.
    #[serde(default)]
    pub special_account: Amount,
    /// 事业收入.
    #[serde(default)]
    pub business: Amount,
    /// 事业单位经营收入.
    #[serde(default)]
    pub operating: Amount,
    /// 上级补助收入.
    #[serde(default)]
    pub superior: Amount,
    /// 附属单位上缴收入.
    #[serde(default)]
    pub affiliate: Amount,
    /// 其他收入.
    #[serde(default)]
    pub other: Amount,
}

impl BudgetFunds {
    /// Each source with its amount, in the order of [`Source`].
    pub fn by_source(&self) -> [(Source, Amount); 15] {
        [
            (Source::General, self.general),
            (Source::GeneralOther, self.general_other),
            (Source::GovFund, self.gov_fund),
            (Source::StateCapital, self.state_capital),
            (Source::CarryGeneral, self.carry_general),
            (Source::CarryGovFund, self.carry_gov_fund),
            (Source::CarryStateCapital, self.carry_state_capital),
            (Source::CarrySpecial, self.carry_special),
            (Source::CarryOwn, self.carry_own),
            (Source::SpecialAccount, self.special_account),
            (Source::Business, self.business),
            (Source::Operating, self.operating),
            (Source::Superior, self.superior),
            (Source::Affiliate, self.affiliate),
            (Source::Other, self.other),
        ]
    }
}

/// 预算表上印出的合计数.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetStated {
    /// 预算01：income_total（本年收入合计）、carry_in（上年结转结余）、income_grand（收入总计）、expense_total（本年支出合计）、expense_grand（支出总计）或类编码 → 金额.
    #[serde(default)]
    pub b01: BTreeMap<String, Amount>,
    /// 预算06 合计行：total（合计）、personnel（人员经费）、public（公用经费）→ 金额.
    #[serde(default)]
    pub b06: BTreeMap<String, Amount>,
}

/// targets.yaml：绩效目标.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// 部门（单位）整体绩效目标表.
    pub whole: Option<WholeTargets>,
    /// 项目绩效目标（项目绩效目标汇总表），按项目名称对应 budget.yaml 的项目.
    #[serde(default)]
    pub projects: Vec<ProjectTargets>,
}

/// 部门（单位）整体绩效目标表.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WholeTargets {
    /// 年度履职目标，每条一段.
    pub goals: Vec<String>,
    /// 年度主要任务.
    #[serde(default)]
    pub tasks: Vec<TargetTask>,
    /// 绩效指标.
    pub indicators: Vec<TargetGroup>,
}

/// 年度主要任务.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetTask {
    /// 任务名称.
    pub name: String,
    /// 主要内容.
    pub content: String,
}

/// 一级、二级指标相同的一组三级指标.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: String,
    /// 三级指标.
    pub items: Vec<Target>,
}

/// 一个三级指标及其指标值.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// 三级指标.
    pub name: String,
    /// 指标值，如 ≥90%、28920元、及时.
    pub target: String,
    /// 指标值说明.
    #[serde(default)]
    pub note: Option<String>,
}

/// 一个项目的绩效目标.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectTargets {
    /// 项目名称，与 budget.yaml 中的项目相同.
    pub name: String,
    /// 项目编码.
    #[serde(default)]
    pub code: Option<String>,
    /// 绩效目标.
    #[serde(default)]
    pub goal: Option<String>,
    /// 成本指标.
    #[serde(default)]
    pub cost: Vec<Target>,
    /// 产出指标.
    #[serde(default)]
    pub output: Vec<Target>,
    /// 效益指标.
    #[serde(default)]
    pub effect: Vec<Target>,
    /// 满意度指标.
    #[serde(default)]
    pub satisfaction: Vec<Target>,
}

/// notes.yaml：预算情况说明所需的表外数据.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetNotes {
    /// 与上年预算的比较.
    #[serde(default)]
    pub changes: BudgetChanges,
    /// 各项支出的主要用途（五（三））：功能分类项编码 → 文字.
    #[serde(default)]
    pub usages: BTreeMap<String, String>,
    /// 机关运行经费预算；不填则等于预算06公用经费（单一行政单位或参公单位）.
    #[serde(default)]
    pub operating_costs: Option<Amount>,
    /// 政府采购预算；不填则不写该节.
    #[serde(default)]
    pub procurement: Option<ProcurementBudget>,
    /// 国有资产占用及购置计划；不填则不写该节.
    #[serde(default)]
    pub assets: Option<AssetsPlan>,
}

/// 与上年预算的比较.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetChanges {
    /// 收、支总计.
    #[serde(default)]
    pub total: Comparison,
    /// 财政拨款收、支总计.
    #[serde(default)]
    pub fiscal_total: Comparison,
    /// 一般公共预算支出.
    #[serde(default)]
    pub general_expense: Comparison,
    /// “三公”经费预算.
    #[serde(default)]
    pub sangong: Comparison,
    /// 机关运行经费预算.
    #[serde(default)]
    pub operating_costs: Comparison,
}

/// 政府采购预算.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcurementBudget {
    /// 货物类.
    #[serde(default)]
    pub goods: Amount,
    /// 工程类.
    #[serde(default)]
    pub works: Amount,
    /// 服务类.
    #[serde(default)]
    pub services: Amount,
    /// 面向中小企业预留.
    #[serde(default)]
    pub sme_reserved: Amount,
}

/// 国有资产占用及购置计划.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetsPlan {
    /// 上年末车辆数，按用途.
    #[serde(default)]
    pub vehicles: Vehicles,
    /// 上年末单位价值100万元以上设备（台（套））.
    #[serde(default)]
    pub equipment: Count,
    /// 本年预算安排购置车辆（辆）.
    #[serde(default)]
    pub planned_vehicles: Count,
    /// 本年预算安排购置单位价值100万元以上设备（台（套））.
    #[serde(default)]
    pub planned_equipment: Count,
}
