//! The Tera context: every figure a sentence needs, written out in the format's text style.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::{Codes, Dictionary, Level};
use crate::compute::{self, CodedTable, Figures, FundRow, ProjectResult, ScoredGroup};
use crate::format::Settings;
use crate::model::{BudgetLine, FundKind, ProjectEvaluation, Report, Term};
use crate::narrate::indicator_summary;
use crate::narrate::words::{
    About, Basic, Breakdown, ChangeText, Figure, NumberedTerm, Share, Verdict, Writer, clause,
    numbered_terms,
};
use crate::wording::{SCORE, cn_number, ratio, round, shares};

/// Everything the Tera templates see.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// The year, the department and the 概况.
    #[serde(flatten)]
    pub about: About,
    /// 收、支总计 (一).
    pub total: Figure,
    /// 收入决算 (二).
    pub income: Breakdown,
    /// 支出决算 (三).
    pub expense: Breakdown,
    /// 收入总计 by the rows of 公开01, with shares of 收入总计 (Liaoning 一（一）).
    pub income_sources: IncomeSources,
    /// 支出总计 by kind, with shares of 支出总计 (Liaoning 一（二）).
    pub expense_kinds: ExpenseKinds,
    /// 年末结转和结余 and its change (Liaoning 一（三）).
    pub carry_out: Figure,
    /// 财政拨款收、支总计 (四).
    pub fiscal_total: Figure,
    /// 财政拨款支出 and its execution of the 年初预算 (Liaoning 二（一）).
    pub fiscal_expense: FiscalExpense,
    /// 一般公共预算财政拨款支出 (五).
    pub general: General,
    /// 一般公共预算财政拨款基本支出 (六).
    pub basic: Basic,
    /// 政府性基金预算财政拨款 (七).
    pub gov_fund: FundExecution,
    /// 国有资本经营预算财政拨款 (八).
    pub state_capital: FundExecution,
    /// “三公”经费 (九).
    pub sangong: Sangong,
    /// 机关运行经费 (十).
    pub operating_costs: Figure,
    /// 政府采购 (十一).
    pub procurement: Procurement,
    /// 国有资产占用 (十二).
    pub assets: Assets,
    /// 预算绩效 (十三).
    pub performance: Performance,
    /// 名词解释.
    pub glossary: Vec<NumberedTerm>,
    /// 名词解释 of the 项 that had spending, from the classification's descriptions
    /// (Liaoning 16–31).
    pub item_terms: Vec<ItemTerm>,
}

/// A 项 with its description, for the 名词解释.
#[derive(Debug, Clone, Serialize)]
pub struct ItemTerm {
    /// 类（类）款（款）项（项）.
    pub chain: String,
    /// The classification's description of the 项.
    pub definition: String,
}

/// 收入总计 and its parts (Liaoning 一（一）).
#[derive(Debug, Clone, Serialize)]
pub struct IncomeSources {
    /// 收入总计.
    pub total: String,
    /// The parts: 财政拨款收入 … 上年结转和结余, keyed `fiscal`, `superior`, `business`,
    /// `operating`, `affiliate`, `other`, `nonfiscal_surplus_used`, `carry_in`.
    pub items: Vec<Share>,
    /// 财政拨款收入 by fund: 一般公共预算, 政府性基金, 国有资本经营.
    pub fiscal_by_fund: [String; 3],
    /// The change of 收入总计.
    pub change: Option<ChangeText>,
}

/// 支出总计 and its parts (Liaoning 一（二）).
#[derive(Debug, Clone, Serialize)]
pub struct ExpenseKinds {
    /// 支出总计.
    pub total: String,
    /// The parts keyed `basic`, `project`, `to_superior`, `operating`, `to_affiliates`.
    pub items: Vec<Share>,
    /// 基本支出 by 经济分类: 工资福利支出, 商品和服务支出, 对个人和家庭的补助 (公开06).
    pub basic_by_economic: [String; 3],
    /// What 项目支出 mainly covers.
    pub project_content: Option<String>,
    /// The change of 本年支出合计.
    pub change: Option<ChangeText>,
}

/// 财政拨款支出 (Liaoning 二（一）).
#[derive(Debug, Clone, Serialize)]
pub struct FiscalExpense {
    /// The amount and its change.
    #[serde(flatten)]
    pub figure: Figure,
    /// 基本支出 of all three funds.
    pub basic: String,
    /// 项目支出 of all three funds.
    pub project: String,
    /// 完成年初预算 %, absent without a budget.
    pub rate: Option<String>,
    /// 基本支出 完成年初预算 %, absent when the budget's basic part is not given.
    pub basic_rate: Option<String>,
    /// 项目支出 完成年初预算 %, as `basic_rate`.
    pub project_rate: Option<String>,
}

/// 五、一般公共预算财政拨款支出.
#[derive(Debug, Clone, Serialize)]
pub struct General {
    /// The amount and its change.
    #[serde(flatten)]
    pub figure: Figure,
    /// Share of 本年支出合计.
    pub share_of_expense: Option<String>,
    /// 类 rows with their shares (类 name without 支出).
    pub classes: Vec<Share>,
    /// 年初预算 and its execution by 项.
    pub budget: BudgetExecution,
}

/// Execution of the 年初预算.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetExecution {
    /// Σ 年初预算.
    pub budget: String,
    /// 决算.
    pub actual: String,
    /// 完成年初预算 %, absent without a budget.
    pub rate: Option<String>,
    /// One entry per 项 with a budget or an expense.
    pub items: Vec<BudgetItem>,
    /// The same 项 under their 类, with each 类's expense.
    pub classes: Vec<ClassExecution>,
}

/// The 项 of one 类 (Liaoning 二（二）).
#[derive(Debug, Clone, Serialize)]
pub struct ClassExecution {
    /// The 类's name, e.g. 社会保障和就业支出.
    pub name: String,
    /// Its expense.
    pub amount: String,
    /// Its 项.
    pub items: Vec<BudgetItem>,
}

/// One 项 of 五（三）.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetItem {
    /// 类（类）款（款）项（项）.
    pub chain: String,
    /// 年初预算.
    pub budget: String,
    /// 支出决算.
    pub actual: String,
    /// 完成年初预算 %, absent when the budget is zero.
    pub rate: Option<String>,
    /// How 决算 compares with 预算.
    pub verdict: Verdict,
    /// The reason given.
    pub reason: Option<String>,
    /// What the 项 mainly paid for.
    pub usage: Option<String>,
}

/// 七/八: a fund's budget and expense.
#[derive(Debug, Clone, Serialize)]
pub struct FundExecution {
    /// The 项 and 类 (Liaoning 二（三）（四）).
    pub detail: BudgetExecution,
    /// 年初预算.
    pub budget: String,
    /// 支出决算.
    pub actual: String,
    /// 完成年初预算 %, absent without a budget.
    pub rate: Option<String>,
    /// Whether both are zero.
    pub empty: bool,
}

/// 九、“三公”经费.
#[derive(Debug, Clone, Serialize)]
pub struct Sangong {
    /// 预算数.
    pub budget: String,
    /// 决算数.
    pub actual: String,
    /// 完成预算 %, absent without a budget.
    pub rate: Option<String>,
    /// How the total compares with its budget.
    pub verdict: Verdict,
    /// Whether 决算 is above, below or equal to 预算.
    pub versus: Versus,
    /// The reason given.
    pub reason: Option<String>,
    /// 因公出国（境）费.
    pub abroad: SangongItem,
    /// 公务用车购置及运行费.
    pub car: SangongItem,
    /// 公务接待费.
    pub reception: SangongItem,
    /// 公务用车购置支出.
    pub car_purchase: String,
    /// 公务用车运行维护支出.
    pub car_operation: String,
    /// 外宾接待支出.
    pub reception_foreign: String,
    /// 国内公务接待支出.
    pub reception_domestic: String,
    /// Counts.
    pub counts: crate::model::SangongCounts,
    /// 公务用车运行维护费主要用途, when there is such an expense.
    pub car_usage: Option<String>,
    /// 公务用车补充说明.
    pub car_note: Option<String>,
    /// 国内公务接待费主要用途, when there is such an expense.
    pub reception_usage: Option<String>,
}

/// One 三公 item.
#[derive(Debug, Clone, Serialize)]
pub struct SangongItem {
    /// 预算数.
    pub budget: String,
    /// 决算数.
    pub actual: String,
    /// 完成预算 %.
    pub rate: Option<String>,
    /// Share of the 三公 决算.
    pub share: String,
    /// How it compares with its budget.
    pub verdict: Verdict,
    /// Whether 决算 is above, below or equal to 预算.
    pub versus: Versus,
    /// The reason given.
    pub reason: Option<String>,
    /// The change from last year's 决算, when given (Liaoning 三).
    pub change: Option<ChangeText>,
}

/// 决算 against 预算: 大于, 小于 or 持平.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Versus {
    /// 决算数大于预算数.
    Above,
    /// 决算数小于预算数.
    Below,
    /// 决算数持平预算数.
    Equal,
}

impl Versus {
    fn of(actual: Decimal, budget: Decimal) -> Versus {
        match round(actual, 2).cmp(&round(budget, 2)) {
            std::cmp::Ordering::Greater => Versus::Above,
            std::cmp::Ordering::Less => Versus::Below,
            std::cmp::Ordering::Equal => Versus::Equal,
        }
    }
}

/// 十一、政府采购.
#[derive(Debug, Clone, Serialize)]
pub struct Procurement {
    /// 总额.
    pub total: String,
    /// 货物.
    pub goods: String,
    /// 工程.
    pub works: String,
    /// 服务.
    pub services: String,
    /// 授予中小企业合同金额.
    pub sme: String,
    /// Its share of 总额.
    pub sme_share: String,
    /// 授予小微企业合同金额.
    pub micro: String,
    /// Its share of the SME amount.
    pub micro_share: String,
    /// Shares of 货物, 工程 and 服务 granted to SMEs, when given by kind (Liaoning).
    pub sme_kind_shares: Option<[String; 3]>,
}

/// 十二、国有资产占用.
#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    /// 车辆总数.
    pub vehicles: u32,
    /// By use.
    pub by_use: crate::model::Vehicles,
    /// 单位价值100万元（含）以上设备.
    pub equipment: u32,
    /// What the 其他用车 are used for.
    pub other_usage: Option<String>,
}

/// 十三、预算绩效.
#[derive(Debug, Clone, Serialize)]
pub struct Performance {
    /// 绩效管理工作开展情况.
    pub management: String,
    /// 整体支出绩效自评结果.
    pub whole: Option<Whole>,
    /// Number of evaluated projects.
    pub project_count: usize,
    /// How many of them have their 自评表 in the 附件.
    pub attached_count: usize,
    /// Σ 全年执行数 of the evaluated projects.
    pub project_executed: String,
    /// Its share of 项目支出 (公开03).
    pub project_coverage: Option<String>,
    /// The evaluated projects by fund: 一般公共预算, 政府性基金, 国有资本经营.
    pub by_fund: [FundProjects; 3],
    /// Mean 总分 of the projects.
    pub project_average: Option<String>,
    /// One entry per project.
    pub projects: Vec<Project>,
    /// 重点绩效评价结果.
    pub key_evaluation: String,
    /// Number of projects of the 部门重点绩效评价.
    pub key_evaluation_count: u32,
    /// Their funds.
    pub key_evaluation_funds: String,
    /// Number of units with a 整体绩效自评表.
    pub unit_count: usize,
    /// Σ 部门年初预算支出金额 of those units.
    pub unit_funds: String,
    /// Mean 总评价得分 of the units.
    pub unit_average: Option<String>,
}

/// The evaluated projects of one fund.
#[derive(Debug, Clone, Serialize)]
pub struct FundProjects {
    /// How many.
    pub count: usize,
    /// Σ 全年执行数.
    pub executed: String,
    /// Its share of the fund's 项目支出 (公开05, 07, 08), absent when that is zero.
    pub coverage: Option<String>,
}

/// 整体支出绩效自评结果.
#[derive(Debug, Clone, Serialize)]
pub struct Whole {
    /// 全年预算数.
    pub budget: String,
    /// 全年执行数.
    pub executed: String,
    /// 执行率.
    pub rate: Option<String>,
    /// 总分.
    pub score: String,
    /// The text after 其中，.
    pub summary: String,
}

/// A project's paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// 一, 二 ….
    pub number: String,
    /// 项目名称.
    pub name: String,
    /// The name, with the 实施单位 added when another project has the same name.
    pub label: String,
    /// 项目绩效目标完成情况.
    pub achieved: String,
    /// 发现的主要问题及原因.
    pub problems: Option<String>,
    /// 下一步改进措施.
    pub improvement: Option<String>,
    /// 年初预算数.
    pub initial: String,
    /// 全年预算数.
    pub full_year: String,
    /// 全年执行数.
    pub executed: String,
    /// 执行率.
    pub rate: Option<String>,
    /// 自评得分.
    pub score: String,
    /// Why execution fell short.
    pub reason: Option<String>,
    /// short, over, met or none (no 年初预算).
    pub cost_status: &'static str,
    /// The cost reason.
    pub cost_reason: Option<String>,
    /// A replacement for the generated cost sentence.
    pub cost: Option<String>,
    /// 数量指标.
    pub quantity: String,
    /// 质量指标.
    pub quality: String,
    /// 时效指标.
    pub timeliness: String,
    /// 效益指标's label.
    pub effect_label: String,
    /// 效益指标.
    pub effect: String,
    /// 满意度指标.
    pub satisfaction: String,
}

/// The sources of 本年收入 (公开02 columns): key and name.
const INCOME_KINDS: [(&str, &str); 6] = [
    ("fiscal", "财政拨款收入"),
    ("superior", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliate", "附属单位上缴收入"),
    ("other", "其他收入"),
];

/// The kinds of 本年支出 (公开03 columns): key and name.
const EXPENSE_KINDS: [(&str, &str); 5] = [
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("to_superior", "上缴上级支出"),
    ("operating", "经营支出"),
    ("to_affiliates", "对附属单位补助支出"),
];

/// Builds the context of `report` from its figures.
pub fn context(
    report: &Report,
    figures: &Figures,
    settings: &Settings,
    glossary: &[Term],
) -> Context {
    let w = Writer {
        settings,
        text: settings.styles.text,
    };
    let t = &figures.tables;
    let info = &report.info;
    let changes = &report.explanation.changes;
    let budgets = &report.explanation.initial_budget;
    Context {
        about: About::new(info, settings),
        total: w.figure(t.t01.income_grand, &changes.total),
        income: w.income(figures),
        expense: w.expense(figures),
        income_sources: w.income_sources(report, figures),
        expense_kinds: w.expense_kinds(report, figures),
        carry_out: w.figure(t.t01.carry_out, &changes.carry_out),
        fiscal_total: w.figure(t.t04.income_grand, &changes.fiscal_total),
        fiscal_expense: w.fiscal_expense(report, figures),
        general: w.general(report, figures),
        basic: w.basic(report, figures),
        gov_fund: w.fund(report, &t.t07, &budgets.gov_fund),
        state_capital: w.fund(report, &t.t08, &budgets.state_capital),
        sangong: w.sangong(report, figures),
        operating_costs: w.figure(
            compute::operating_costs(report, t),
            &changes.operating_costs,
        ),
        procurement: w.procurement(report),
        assets: assets(report),
        performance: w.performance(report, figures),
        glossary: numbered_terms(glossary),
        item_terms: item_terms(report, figures),
    }
}

/// The 项 with fiscal spending (公开05, 07, 08) that the classification describes.
fn item_terms(report: &Report, figures: &Figures) -> Vec<ItemTerm> {
    let dictionary = Dictionary::new(&report.codes);
    let t = &figures.tables;
    let mut codes: Vec<&str> = [&t.t05, &t.t07, &t.t08]
        .into_iter()
        .flat_map(|table| &table.rows)
        .filter(|r| r.level == Level::Item)
        .map(|r| r.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .filter_map(|code| {
            Some(ItemTerm {
                chain: dictionary.chain(code),
                definition: Codes::embedded().definition(code)?.to_owned(),
            })
        })
        .collect()
}

fn sum_budget(lines: &[BudgetLine]) -> Decimal {
    lines.iter().map(|l| l.amount.value()).sum()
}

fn assets(report: &Report) -> Assets {
    let v = &report.explanation.assets.vehicles;
    Assets {
        vehicles: v.total(),
        by_use: v.clone(),
        equipment: report.explanation.assets.equipment,
        other_usage: clause(&report.explanation.assets.other_vehicle_usage),
    }
}

impl Writer<'_> {
    fn income(&self, figures: &Figures) -> Breakdown {
        let t02 = &figures.tables.t02;
        let parts = INCOME_KINDS.map(|(key, name)| (key, name, t02.total_of(key)));
        self.breakdown(t02.total_of("total"), &parts)
    }

    fn income_sources(&self, report: &Report, figures: &Figures) -> IncomeSources {
        let t01 = &figures.tables.t01;
        let [general, gov_fund, state_capital, ..] = t01.income;
        let mut parts = vec![("fiscal", "财政拨款收入", general + gov_fund + state_capital)];
        parts.extend(
            INCOME_KINDS[1..]
                .iter()
                .zip(&t01.income[3..])
                .map(|((key, name), value)| (*key, *name, *value)),
        );
        parts.extend([
            (
                "nonfiscal_surplus_used",
                "使用非财政拨款结余",
                t01.nonfiscal_surplus_used,
            ),
            ("carry_in", "上年结转和结余", t01.carry_in),
        ]);
        let changes = &report.explanation.changes.total;
        IncomeSources {
            total: self.amount(t01.income_grand),
            items: self.breakdown(t01.income_grand, &parts).items,
            fiscal_by_fund: [general, gov_fund, state_capital].map(|v| self.amount(v)),
            change: changes
                .previous
                .map(|p| self.change(t01.income_grand, p.value(), &changes.reason)),
        }
    }

    fn expense_kinds(&self, report: &Report, figures: &Figures) -> ExpenseKinds {
        let t = &figures.tables;
        let parts = EXPENSE_KINDS.map(|(key, name)| (key, name, t.t03.total_of(key)));
        let changes = &report.explanation.changes.expense;
        ExpenseKinds {
            total: self.amount(t.t01.expense_grand),
            items: self.breakdown(t.t01.expense_grand, &parts).items,
            basic_by_economic: ["301", "302", "303"].map(|c| self.amount(t.t06.value(c))),
            project_content: clause(&report.explanation.project_content),
            change: changes
                .previous
                .map(|p| self.change(t.t01.expense_total, p.value(), &changes.reason)),
        }
    }

    fn fiscal_expense(&self, report: &Report, figures: &Figures) -> FiscalExpense {
        let t = &figures.tables;
        let funds = [&t.t05, &t.t07, &t.t08];
        let spent = |column: &str| -> Decimal { funds.iter().map(|f| f.total_of(column)).sum() };
        let amount = t.t04.expense_total[0];
        let b = &report.explanation.initial_budget;
        let lines: Vec<&BudgetLine> = b
            .general
            .iter()
            .chain(&b.gov_fund)
            .chain(&b.state_capital)
            .collect();
        let budget: Decimal = lines.iter().map(|l| l.amount.value()).sum();
        let basic_budget = lines.iter().any(|l| l.basic.is_some()).then(|| -> Decimal {
            lines
                .iter()
                .filter_map(|l| l.basic)
                .map(|a| a.value())
                .sum()
        });
        let (basic, project) = (spent("basic"), spent("project"));
        FiscalExpense {
            figure: self.figure(amount, &report.explanation.changes.fiscal_expense),
            basic: self.amount(basic),
            project: self.amount(project),
            rate: self.percent(ratio(amount, budget)),
            basic_rate: basic_budget.and_then(|bb| self.percent(ratio(basic, bb))),
            project_rate: basic_budget.and_then(|bb| self.percent(ratio(project, budget - bb))),
        }
    }

    fn expense(&self, figures: &Figures) -> Breakdown {
        let t03 = &figures.tables.t03;
        let parts = EXPENSE_KINDS.map(|(key, name)| (key, name, t03.total_of(key)));
        self.breakdown(t03.total_of("total"), &parts)
    }

    fn general(&self, report: &Report, figures: &Figures) -> General {
        let t05 = &figures.tables.t05;
        let amount = t05.total_of("total");
        let classes: Vec<(&str, String, Decimal)> = t05
            .classes()
            .map(|r| {
                let name = r.name.trim_end_matches("支出").to_owned();
                (r.code.as_str(), name, r.values[0])
            })
            .collect();
        let parts: Vec<(&str, &str, Decimal)> = classes
            .iter()
            .map(|(c, n, v)| (*c, n.as_str(), *v))
            .collect();
        General {
            figure: self.figure(amount, &report.explanation.changes.general_expense),
            share_of_expense: self.percent(ratio(amount, figures.tables.t01.expense_total)),
            classes: self.breakdown(amount, &parts).items,
            budget: self.budget_execution(report, t05, &report.explanation.initial_budget.general),
        }
    }

    /// A fund's 年初预算 against its 决算, by 项 (every 项 with either) and by 类.
    fn budget_execution(
        &self,
        report: &Report,
        table: &CodedTable,
        lines: &[BudgetLine],
    ) -> BudgetExecution {
        let dictionary = Dictionary::new(&report.codes);
        let mut codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
        codes.extend(
            table
                .rows
                .iter()
                .filter(|r| r.level == Level::Item)
                .map(|r| r.code.as_str()),
        );
        codes.sort_unstable();
        codes.dedup();
        let items: Vec<(&str, BudgetItem)> = codes
            .into_iter()
            .map(|code| {
                let line = lines.iter().find(|l| l.code == code);
                let budget = line.map_or(Decimal::ZERO, |l| l.amount.value());
                let actual = table.value(code, "total");
                let reason = line.and_then(|l| clause(&l.reason));
                let item = BudgetItem {
                    chain: dictionary.chain(code),
                    budget: self.amount(budget),
                    actual: self.amount(actual),
                    rate: self.percent(ratio(actual, budget)),
                    verdict: self.verdict(actual, budget, reason.is_some()),
                    reason,
                    usage: line.and_then(|l| clause(&l.usage)),
                };
                (code, item)
            })
            .collect();
        let mut classes: Vec<(&str, ClassExecution)> = Vec::new();
        for (code, item) in &items {
            let class = code.get(..3).unwrap_or(code);
            match classes.last_mut() {
                Some((c, group)) if *c == class => group.items.push(item.clone()),
                _ => classes.push((
                    class,
                    ClassExecution {
                        name: dictionary.function(class).unwrap_or(class).to_owned(),
                        amount: self.amount(table.value(class, "total")),
                        items: vec![item.clone()],
                    },
                )),
            }
        }
        let budget = sum_budget(lines);
        let actual = table.total_of("total");
        BudgetExecution {
            budget: self.amount(budget),
            actual: self.amount(actual),
            rate: self.percent(ratio(actual, budget)),
            items: items.into_iter().map(|(_, item)| item).collect(),
            classes: classes.into_iter().map(|(_, group)| group).collect(),
        }
    }

    fn basic(&self, report: &Report, figures: &Figures) -> Basic {
        let dictionary = Dictionary::new(&report.codes);
        let t06 = &figures.tables.t06;
        let names = |codes: &mut dyn Iterator<Item = &String>| -> Vec<String> {
            codes
                .filter(|c| c.len() == 5 && !t06.value(c).is_zero())
                .map(|c| dictionary.economic(c).unwrap_or(c).to_owned())
                .collect()
        };
        let layout = &self.settings.t06;
        Basic {
            total: self.amount(figures.tables.t05.total_of("basic")),
            personnel: self.amount(t06.personnel),
            personnel_items: names(&mut layout.personnel.iter()),
            public: self.amount(t06.public),
            public_items: names(&mut layout.public.iter().flatten()),
        }
    }

    fn fund(&self, report: &Report, table: &CodedTable, lines: &[BudgetLine]) -> FundExecution {
        let (budget, actual) = (sum_budget(lines), table.total_of("total"));
        FundExecution {
            detail: self.budget_execution(report, table, lines),
            budget: self.amount(budget),
            actual: self.amount(actual),
            rate: self.percent(ratio(actual, budget)),
            empty: budget.is_zero() && actual.is_zero(),
        }
    }

    fn sangong(&self, report: &Report, figures: &Figures) -> Sangong {
        let s = &report.sangong;
        let t09 = &figures.tables.t09;
        let shares = shares(
            &[t09.actual[1], t09.actual[2], t09.actual[5]],
            t09.actual[0],
            self.settings.shares,
        );
        let previous = s.previous.as_ref();
        let item = |i: usize,
                    share: usize,
                    reason: &Option<String>,
                    last: Option<Decimal>,
                    why: &Option<String>| SangongItem {
            budget: self.amount(t09.budget[i]),
            actual: self.amount(t09.actual[i]),
            rate: self.percent(ratio(t09.actual[i], t09.budget[i])),
            share: self.share(shares.as_deref(), share),
            verdict: self.sangong_verdict(t09.actual[i], t09.budget[i], reason.is_some()),
            versus: Versus::of(t09.actual[i], t09.budget[i]),
            reason: clause(reason),
            change: last.map(|last| self.change(t09.actual[i], last, why)),
        };
        let n = &s.notes;
        let foreign = s.reception_foreign.value();
        Sangong {
            budget: self.amount(t09.budget[0]),
            actual: self.amount(t09.actual[0]),
            rate: self.percent(ratio(t09.actual[0], t09.budget[0])),
            verdict: self.sangong_verdict(t09.actual[0], t09.budget[0], n.reason.is_some()),
            versus: Versus::of(t09.actual[0], t09.budget[0]),
            reason: clause(&n.reason),
            abroad: item(
                1,
                0,
                &n.abroad_reason,
                previous.map(|p| p.abroad.value()),
                &n.abroad_change_reason,
            ),
            car: item(
                2,
                1,
                &n.car_reason,
                previous.map(|p| p.car_purchase.value() + p.car_operation.value()),
                &n.car_change_reason,
            ),
            reception: item(
                5,
                2,
                &n.reception_reason,
                previous.map(|p| p.reception.value()),
                &n.reception_change_reason,
            ),
            car_purchase: self.amount(t09.actual[3]),
            car_operation: self.amount(t09.actual[4]),
            reception_foreign: self.amount(foreign),
            reception_domestic: self.amount(t09.actual[5] - foreign),
            counts: s.counts.clone(),
            car_usage: clause(&s.notes.car_usage).filter(|_| !t09.actual[4].is_zero()),
            car_note: clause(&s.notes.car_note),
            reception_usage: clause(&s.notes.reception_usage)
                .filter(|_| !(t09.actual[5] - foreign).is_zero()),
        }
    }

    /// Without a budget there is no comparison to write (decisions.md 4).
    fn sangong_verdict(&self, actual: Decimal, budget: Decimal, has_reason: bool) -> Verdict {
        if budget.is_zero() {
            Verdict::NoBudget
        } else {
            self.verdict(actual, budget, has_reason)
        }
    }

    fn procurement(&self, report: &Report) -> Procurement {
        let p = &report.explanation.procurement;
        let total = p.goods.value() + p.works.value() + p.services.value();
        Procurement {
            total: self.amount(total),
            goods: self.amount(p.goods.value()),
            works: self.amount(p.works.value()),
            services: self.amount(p.services.value()),
            sme: self.amount(p.sme.value()),
            sme_share: self.fixed_ratio(p.sme.value(), total),
            micro: self.amount(p.micro.value()),
            micro_share: self.fixed_ratio(p.micro.value(), p.sme.value()),
            sme_kind_shares: p.sme_by_kind.as_ref().map(|k| {
                [
                    (k.goods, p.goods),
                    (k.works, p.works),
                    (k.services, p.services),
                ]
                .map(|(sme, all)| self.fixed_ratio(sme.value(), all.value()))
            }),
        }
    }

    fn performance(&self, report: &Report, figures: &Figures) -> Performance {
        let perf = &report.performance;
        let results = &figures.performance;
        let whole = results
            .whole
            .as_ref()
            .zip(perf.whole.as_ref())
            .map(|(r, w)| Whole {
                budget: self.amount(r.funds[0].full_year),
                executed: self.amount(r.funds[0].executed),
                rate: self.percent(r.funds[0].rate),
                score: SCORE.amount(r.total),
                summary: w.summary.clone(),
            });
        let executed: Decimal = results.projects.iter().map(|p| p.funds[0].executed).sum();
        let t = &figures.tables;
        let by_fund = [
            (FundKind::General, &t.t05),
            (FundKind::GovFund, &t.t07),
            (FundKind::StateCapital, &t.t08),
        ]
        .map(|(kind, table)| {
            let of_kind: Vec<Decimal> = perf
                .projects
                .iter()
                .zip(&results.projects)
                .filter(|(p, _)| p.fund == kind)
                .map(|(_, r)| r.funds[0].executed)
                .collect();
            let sum: Decimal = of_kind.iter().sum();
            FundProjects {
                count: of_kind.len(),
                executed: self.amount(sum),
                coverage: self.percent(ratio(sum, table.total_of("project"))),
            }
        });
        let mean = |scores: &[Decimal]| {
            (!scores.is_empty())
                .then(|| SCORE.amount(scores.iter().sum::<Decimal>() / Decimal::from(scores.len())))
        };
        let totals: Vec<Decimal> = results.projects.iter().map(|r| r.total).collect();
        let unit_totals: Vec<Decimal> = results.units.iter().map(|r| r.total).collect();
        let projects = perf
            .projects
            .iter()
            .zip(&results.projects)
            .enumerate()
            .map(|(i, (p, r))| self.project(i, p, r, report))
            .collect();
        Performance {
            management: perf.management.clone(),
            whole,
            project_count: perf.projects.len(),
            attached_count: perf.attached().count(),
            project_executed: self.amount(executed),
            project_coverage: self.percent(ratio(executed, t.t03.total_of("project"))),
            by_fund,
            project_average: mean(&totals),
            projects,
            key_evaluation: perf.key_evaluation.clone(),
            key_evaluation_count: perf.key_evaluation_count,
            key_evaluation_funds: self.amount(perf.key_evaluation_funds.value()),
            unit_count: perf.units.len(),
            unit_funds: self.amount(perf.units.iter().map(|u| u.initial_expense.value()).sum()),
            unit_average: mean(&unit_totals),
        }
    }

    fn project(
        &self,
        index: usize,
        p: &ProjectEvaluation,
        r: &ProjectResult,
        report: &Report,
    ) -> Project {
        let department = &report.info.department.name;
        let implementer =
            |p: &ProjectEvaluation| p.implementer.clone().unwrap_or_else(|| department.clone());
        let shared = report
            .performance
            .projects
            .iter()
            .filter(|other| other.name == p.name)
            .count()
            > 1;
        let funds: &FundRow = &r.funds[0];
        let groups = |pred: &dyn Fn(&ScoredGroup) -> bool| -> Vec<&ScoredGroup> {
            r.groups.iter().filter(|g| pred(g)).collect()
        };
        // A project without a 自评表 (no indicators) has only the sentences the data gives.
        let prefill = |text: &Option<String>, pred: &dyn Fn(&ScoredGroup) -> bool| {
            clause(text).unwrap_or_else(|| {
                if r.groups.is_empty() {
                    String::new()
                } else {
                    indicator_summary(&groups(pred), |d| self.text.percent(d))
                }
            })
        };
        let s = &p.summary;
        let cost_status = match funds.executed.cmp(&funds.initial) {
            _ if funds.initial.is_zero() => "none",
            std::cmp::Ordering::Less => "short",
            std::cmp::Ordering::Greater => "over",
            std::cmp::Ordering::Equal => "met",
        };
        Project {
            number: cn_number(index + 1),
            name: p.name.clone(),
            label: if shared {
                format!("{}（{}）", p.name, implementer(p).trim_end_matches('-'))
            } else {
                p.name.clone()
            },
            achieved: clause(&s.achieved)
                .or_else(|| clause(&Some(p.achieved.clone())))
                .unwrap_or_default(),
            problems: clause(&s.problems),
            improvement: clause(&s.improvement),
            initial: self.amount(funds.initial),
            full_year: self.amount(funds.full_year),
            executed: self.amount(funds.executed),
            rate: self.percent(funds.rate),
            score: SCORE.amount(r.total),
            reason: clause(&s.reason),
            cost_status,
            cost_reason: clause(&s.cost_reason),
            cost: s.cost.clone(),
            quantity: prefill(&s.quantity, &|g| g.level2.starts_with("数量")),
            quality: prefill(&s.quality, &|g| g.level2.starts_with("质量")),
            timeliness: prefill(&s.timeliness, &|g| g.level2.starts_with("时效")),
            effect_label: s.effect_label.clone().unwrap_or_else(|| "效益指标".into()),
            effect: prefill(&s.effect, &|g| g.level1.contains("效益")),
            satisfaction: prefill(&s.satisfaction, &|g| g.level1.contains("满意")),
        }
    }
}
