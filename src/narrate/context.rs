//! The Tera context: every figure a sentence needs, written out in the format's text style.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::codes::{Dictionary, Level};
use crate::compute::{Figures, FundRow, ProjectResult, ScoredGroup};
use crate::format::{Kind, Settings};
use crate::model::{Comparison, ProjectEvaluation, Report, Term};
use crate::narrate::indicator_summary;
use crate::wording::{
    Direction, NumberStyle, SCORE, change, cn_number, cn_year_month, ratio, round, shares,
};

/// Everything the Tera templates see.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// 决算年度.
    pub year: u16,
    /// The year before.
    pub prev_year: u16,
    /// 部门 or 单位.
    pub entity: &'static str,
    /// 我部门 or 我单位.
    pub we: &'static str,
    /// 部门全称.
    pub name: String,
    /// 部门简称.
    pub short_name: String,
    /// 公开日期 in Chinese numerals (二〇二五年九月).
    pub published: String,
    /// What a share of a zero whole prints as.
    pub div_zero: String,
    /// 概况.
    pub overview: Overview,
    /// 收、支总计 (一).
    pub total: Figure,
    /// 收入决算 (二).
    pub income: Breakdown,
    /// 支出决算 (三).
    pub expense: Breakdown,
    /// 财政拨款收、支总计 (四).
    pub fiscal_total: Figure,
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
}

/// 概况.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// 部门职责, each with its number (一, 二 …).
    pub duties: Vec<Numbered>,
    /// 下属二级机构.
    pub institutions: Vec<String>,
    /// Their count.
    pub institution_count: usize,
    /// Units accounted separately and consolidated.
    pub separately_accounted: Vec<String>,
}

/// A text with its Chinese number.
#[derive(Debug, Clone, Serialize)]
pub struct Numbered {
    /// 一, 二 ….
    pub number: String,
    /// The text.
    pub text: String,
}

/// A 名词解释 entry with its number.
#[derive(Debug, Clone, Serialize)]
pub struct NumberedTerm {
    /// 一, 二 ….
    pub number: String,
    /// 名词.
    pub term: String,
    /// 解释.
    pub definition: String,
}

/// An amount and its change from the year before.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The amount.
    pub amount: String,
    /// The change, when the previous year is given.
    pub change: Option<ChangeText>,
}

/// A change, in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeText {
    /// up, down or flat.
    pub direction: Direction,
    /// 增加 or 减少.
    pub amount_verb: &'static str,
    /// |Δ|.
    pub amount: String,
    /// 增长 or the format's falling verb.
    pub rate_verb: String,
    /// |Δ| / previous in %, absent when the previous year is zero.
    pub rate: Option<String>,
    /// The previous year's amount.
    pub previous: String,
    /// The reason given.
    pub reason: Option<String>,
}

/// A named amount with its share of a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// Name.
    pub name: String,
    /// Amount.
    pub amount: String,
    /// Share in %; the format's text for a zero whole.
    pub share: String,
}

/// A total split into items.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// The total.
    pub total: String,
    /// The items (zero items only when the format lists them).
    pub items: Vec<Share>,
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
}

/// How an actual figure compares with its budget, for the difference sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Equal at display precision.
    Equal,
    /// A reason is given.
    Reason,
    /// Within the 基本持平 band and no reason given.
    Flat,
    /// Different, and no reason given (the validator reports it).
    Missing,
    /// No budget to compare with.
    NoBudget,
}

/// 六、基本支出.
#[derive(Debug, Clone, Serialize)]
pub struct Basic {
    /// 一般公共预算财政拨款基本支出.
    pub total: String,
    /// 人员经费合计.
    pub personnel: String,
    /// Names of its non-zero 款.
    pub personnel_items: Vec<String>,
    /// 公用经费合计.
    pub public: String,
    /// Names of its non-zero 款.
    pub public_items: Vec<String>,
}

/// 七/八: a fund's budget and expense.
#[derive(Debug, Clone, Serialize)]
pub struct FundExecution {
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
    /// The reason given.
    pub reason: Option<String>,
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
    /// Σ 全年执行数 of the evaluated projects.
    pub project_executed: String,
    /// Its share of 项目支出 (公开03).
    pub project_coverage: Option<String>,
    /// One entry per project.
    pub projects: Vec<Project>,
    /// 重点绩效评价结果.
    pub key_evaluation: String,
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
    let published = info
        .published
        .split_once('-')
        .and_then(|(y, m)| Some(cn_year_month(y.parse().ok()?, m.parse().ok()?)))
        .unwrap_or_default();
    let department = settings.kind == Kind::Department;
    let changes = &report.explanation.changes;
    let operating_costs = report
        .explanation
        .operating_costs
        .map_or(t.t06.public, |a| a.value());
    Context {
        year: info.year,
        prev_year: info.year - 1,
        entity: if department { "部门" } else { "单位" },
        we: if department { "我部门" } else { "我单位" },
        name: info.department.name.clone(),
        short_name: info.department.short_name.clone(),
        published,
        div_zero: settings.div_zero_text.clone(),
        overview: overview(report),
        total: w.figure(t.t01.income_grand, &changes.total),
        income: w.income(figures),
        expense: w.expense(figures),
        fiscal_total: w.figure(t.t04.income_grand, &changes.fiscal_total),
        general: w.general(report, figures),
        basic: w.basic(report, figures),
        gov_fund: w.fund(
            sum_budget(&report.explanation.initial_budget.gov_fund),
            t.t07.total_of("total"),
        ),
        state_capital: w.fund(
            sum_budget(&report.explanation.initial_budget.state_capital),
            t.t08.total_of("total"),
        ),
        sangong: w.sangong(report, figures),
        operating_costs: w.figure(operating_costs, &changes.operating_costs),
        procurement: w.procurement(report),
        assets: assets(report),
        performance: w.performance(report, figures),
        glossary: glossary
            .iter()
            .enumerate()
            .map(|(i, t)| NumberedTerm {
                number: cn_number(i + 1),
                term: t.term.clone(),
                definition: t.definition.clone(),
            })
            .collect(),
    }
}

fn overview(report: &Report) -> Overview {
    let o = &report.info.overview;
    Overview {
        duties: o
            .duties
            .iter()
            .enumerate()
            .map(|(i, d)| Numbered {
                number: cn_number(i + 1),
                text: d.clone(),
            })
            .collect(),
        institutions: o.institutions.clone(),
        institution_count: o.institutions.len(),
        separately_accounted: o.separately_accounted.clone(),
    }
}

/// A free text that the template follows with its own punctuation: trailing marks removed.
fn clause(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| {
            t.trim()
                .trim_end_matches(['。', '；', '，', ';', ','])
                .to_owned()
        })
        .filter(|t| !t.is_empty())
}

fn sum_budget(lines: &[crate::model::BudgetLine]) -> Decimal {
    lines.iter().map(|l| l.amount.value()).sum()
}

fn assets(report: &Report) -> Assets {
    let v = &report.explanation.assets.vehicles;
    let vehicles = v.provincial_leaders
        + v.chief_leaders
        + v.confidential
        + v.emergency
        + v.law_enforcement
        + v.special_technical
        + v.retired_cadres
        + v.other;
    Assets {
        vehicles,
        by_use: v.clone(),
        equipment: report.explanation.assets.equipment,
    }
}

/// Writes figures in the text style of the format.
struct Writer<'a> {
    settings: &'a Settings,
    text: NumberStyle,
}

impl Writer<'_> {
    fn amount(&self, value: Decimal) -> String {
        self.text.amount(value)
    }

    fn percent(&self, value: Option<Decimal>) -> Option<String> {
        value.map(|v| self.text.percent(v))
    }

    /// The `i`th share, or the format's text when the whole is zero (decisions.md 4).
    fn share(&self, shares: Option<&[Decimal]>, i: usize) -> String {
        shares.map_or_else(
            || self.settings.div_zero_text.clone(),
            |s| self.text.percent(s[i]),
        )
    }

    /// A ratio in a fixed sentence: the format's text when the whole is zero.
    fn fixed_ratio(&self, part: Decimal, whole: Decimal) -> String {
        self.share(ratio(part, whole).as_ref().map(std::slice::from_ref), 0)
    }

    fn figure(&self, amount: Decimal, comparison: &Comparison) -> Figure {
        let change = comparison.previous.map(|previous| {
            let c = change(amount, previous.value());
            ChangeText {
                direction: c.direction,
                amount_verb: if c.direction == Direction::Down {
                    "减少"
                } else {
                    "增加"
                },
                amount: self.amount(c.amount),
                rate_verb: if c.direction == Direction::Down {
                    self.settings.rate_down.clone()
                } else {
                    "增长".into()
                },
                rate: self.percent(c.rate),
                previous: self.amount(previous.value()),
                reason: clause(&comparison.reason),
            }
        });
        Figure {
            amount: self.amount(amount),
            change,
        }
    }

    /// Named parts of a whole with their shares; zero parts only when the format lists them.
    fn breakdown(&self, whole: Decimal, parts: &[(&str, Decimal)]) -> Breakdown {
        let values: Vec<Decimal> = parts.iter().map(|p| p.1).collect();
        let shares = shares(&values, whole, self.settings.shares);
        let items = parts
            .iter()
            .enumerate()
            .filter(|(_, (_, value))| self.settings.zero_items_listed || !value.is_zero())
            .map(|(i, (name, value))| Share {
                name: (*name).to_owned(),
                amount: self.amount(*value),
                share: self.share(shares.as_deref(), i),
            })
            .collect();
        Breakdown {
            total: self.amount(whole),
            items,
        }
    }

    fn income(&self, figures: &Figures) -> Breakdown {
        let t02 = &figures.tables.t02;
        let parts = [
            ("财政拨款收入", t02.total_of("fiscal")),
            ("上级补助收入", t02.total_of("superior")),
            ("事业收入", t02.total_of("business")),
            ("经营收入", t02.total_of("operating")),
            ("附属单位上缴收入", t02.total_of("affiliate")),
            ("其他收入", t02.total_of("other")),
        ];
        self.breakdown(t02.total_of("total"), &parts)
    }

    fn expense(&self, figures: &Figures) -> Breakdown {
        let t03 = &figures.tables.t03;
        let parts = [
            ("基本支出", t03.total_of("basic")),
            ("项目支出", t03.total_of("project")),
            ("上缴上级支出", t03.total_of("to_superior")),
            ("经营支出", t03.total_of("operating")),
            ("对附属单位补助支出", t03.total_of("to_affiliates")),
        ];
        self.breakdown(t03.total_of("total"), &parts)
    }

    fn general(&self, report: &Report, figures: &Figures) -> General {
        let t05 = &figures.tables.t05;
        let amount = t05.total_of("total");
        let classes: Vec<(String, Decimal)> = t05
            .classes()
            .map(|r| (r.name.trim_end_matches("支出").to_owned(), r.values[0]))
            .collect();
        let parts: Vec<(&str, Decimal)> = classes.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        General {
            figure: self.figure(amount, &report.explanation.changes.general_expense),
            share_of_expense: self.percent(ratio(amount, figures.tables.t01.expense_total)),
            classes: self.breakdown(amount, &parts).items,
            budget: self.budget_execution(report, figures),
        }
    }

    fn budget_execution(&self, report: &Report, figures: &Figures) -> BudgetExecution {
        let t05 = &figures.tables.t05;
        let lines = &report.explanation.initial_budget.general;
        let mut codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
        codes.extend(
            t05.rows
                .iter()
                .filter(|r| r.level == Level::Item)
                .map(|r| r.code.as_str()),
        );
        codes.sort_unstable();
        codes.dedup();
        let items = codes
            .into_iter()
            .map(|code| {
                let line = lines.iter().find(|l| l.code == code);
                let budget = line.map_or(Decimal::ZERO, |l| l.amount.value());
                let actual = t05.value(code, "total");
                let reason = line.and_then(|l| clause(&l.reason));
                BudgetItem {
                    chain: Dictionary::new(&report.codes).chain(code),
                    budget: self.amount(budget),
                    actual: self.amount(actual),
                    rate: self.percent(ratio(actual, budget)),
                    verdict: self.verdict(actual, budget, reason.is_some()),
                    reason,
                }
            })
            .collect();
        let budget = sum_budget(lines);
        let actual = t05.total_of("total");
        BudgetExecution {
            budget: self.amount(budget),
            actual: self.amount(actual),
            rate: self.percent(ratio(actual, budget)),
            items,
        }
    }

    /// The difference sentence a budget comparison needs (decisions.md 4–5).
    fn verdict(&self, actual: Decimal, budget: Decimal, has_reason: bool) -> Verdict {
        if has_reason {
            return Verdict::Reason;
        }
        if round(actual, 2) == round(budget, 2) {
            return Verdict::Equal;
        }
        match ratio(actual, budget) {
            Some(rate) if (rate - Decimal::ONE_HUNDRED).abs() <= self.settings.flat_band => {
                Verdict::Flat
            }
            _ => Verdict::Missing,
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

    fn fund(&self, budget: Decimal, actual: Decimal) -> FundExecution {
        FundExecution {
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
        let item = |i: usize, share: usize, reason: &Option<String>| SangongItem {
            budget: self.amount(t09.budget[i]),
            actual: self.amount(t09.actual[i]),
            rate: self.percent(ratio(t09.actual[i], t09.budget[i])),
            share: self.share(shares.as_deref(), share),
            verdict: self.sangong_verdict(t09.actual[i], t09.budget[i], reason.is_some()),
            reason: clause(reason),
        };
        let foreign = s.reception_foreign.value();
        Sangong {
            budget: self.amount(t09.budget[0]),
            actual: self.amount(t09.actual[0]),
            rate: self.percent(ratio(t09.actual[0], t09.budget[0])),
            verdict: self.sangong_verdict(t09.actual[0], t09.budget[0], s.notes.reason.is_some()),
            reason: clause(&s.notes.reason),
            abroad: item(1, 0, &s.notes.abroad_reason),
            car: item(2, 1, &s.notes.car_reason),
            reception: item(5, 2, &s.notes.reception_reason),
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
        let projects = perf
            .projects
            .iter()
            .zip(&results.projects)
            .enumerate()
            .map(|(i, (p, r))| self.project(i, p, r))
            .collect();
        Performance {
            management: perf.management.clone(),
            whole,
            project_count: perf.projects.len(),
            project_executed: self.amount(executed),
            project_coverage: self.percent(ratio(executed, figures.tables.t03.total_of("project"))),
            projects,
            key_evaluation: perf.key_evaluation.clone(),
        }
    }

    fn project(&self, index: usize, p: &ProjectEvaluation, r: &ProjectResult) -> Project {
        let funds: &FundRow = &r.funds[0];
        let groups = |pred: &dyn Fn(&ScoredGroup) -> bool| -> Vec<&ScoredGroup> {
            r.groups.iter().filter(|g| pred(g)).collect()
        };
        let prefill = |text: &Option<String>, pred: &dyn Fn(&ScoredGroup) -> bool| {
            clause(text)
                .unwrap_or_else(|| indicator_summary(&groups(pred), |d| self.text.percent(d)))
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
