//! The errors of the published reports (tables.md §7, narrative.md §7) that the input can
//! express, entered with the figures as published: validate flags each at its place.

use std::path::Path;

use yujuesuan::finding::Finding;
use yujuesuan::{Error, Options};

use crate::common::{TempDir, beiguan_copy, edit, example_copy};

/// The minimal valid report, for the errors of reports that have no example here.
fn minimal(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
    for entry in std::fs::read_dir(base).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn findings(dir: &Path) -> Vec<Finding> {
    match yujuesuan::check(dir, &Options::default()) {
        Ok(checked) => checked.findings,
        Err(Error::Findings { findings, .. }) => findings,
        Err(other) => panic!("{other}"),
    }
}

/// Asserts a finding of `rule` at `file:line:column` whose message holds `words`.
fn flags(found: &[Finding], rule: &str, at: &str, words: &str) {
    let hit = found.iter().find(|f| {
        f.rule == rule
            && format!(
                "{}:{}:{}",
                f.file,
                f.line.unwrap_or(0),
                f.column.unwrap_or(0)
            ) == at
    });
    let hit = hit.unwrap_or_else(|| panic!("no {rule} at {at} in {found:#?}"));
    assert!(hit.message.contains(words), "{}", hit.message);
}

/// tables.md §7.1 E3: the 部门整体 执行率得分 printed 7.05 (10 × 63.44% / 90%).
#[test]
fn beiguan_e3_whole_execution_score_7_05() {
    let dir = beiguan_copy("pub-e3");
    edit(
        dir.path(),
        "performance.yaml",
        "  summary: 年度主要任务",
        "  execution_score: 7.05\n  summary: 年度主要任务",
    );
    flags(
        &findings(dir.path()),
        "execution-score-differs",
        "performance.yaml:102:20",
        "应为 6.34（10 × 63.44%），填写为 7.05",
    );
}

/// The 部门整体 总分 printed 92.45 rests on E3 and E4.
#[test]
fn beiguan_whole_total_92_45() {
    let dir = beiguan_copy("pub-total");
    edit(
        dir.path(),
        "performance.yaml",
        "  summary: 年度主要任务",
        "  total: 92.45\n  summary: 年度主要任务",
    );
    flags(
        &findings(dir.path()),
        "self-evaluation-total",
        "performance.yaml:102:10",
        "总分应为 93.34",
    );
}

/// tables.md §7.1 E4: 引才计划新进人才 ≥80人 → 254人 printed 偏差度 187.50 and 得分 2.4.
#[test]
fn beiguan_e4_talent_indicator_deviation_and_score() {
    let dir = beiguan_copy("pub-e4");
    edit(
        dir.path(),
        "performance.yaml",
        "          weight: 4\n          reason: 因超额完成",
        "          weight: 4\n          score: 2.4\n          deviation: 187.50\n          reason: 因超额完成",
    );
    let found = findings(dir.path());
    flags(
        &found,
        "indicator-score-differs",
        "performance.yaml:80:18",
        "得分应为 4（≥80人 → 254人，分值 4），填写为 2.4",
    );
    flags(
        &found,
        "indicator-deviation-differs",
        "performance.yaml:81:22",
        "偏差度应为 0.00（≥80人 → 254人），填写为 187.50",
    );
}

/// narrative.md C-B2: 协管员增资 narrated with 全年预算数 20.4 and 全年执行数 27.53.
#[test]
fn beiguan_c_b2_executed_above_budget() {
    let dir = beiguan_copy("pub-c-b2");
    edit(
        dir.path(),
        "performance.yaml",
        "fiscal: { initial: 48, full_year: 48, executed: 20.04 }",
        "fiscal: { initial: 48, full_year: 20.4, executed: 27.53 }",
    );
    flags(
        &findings(dir.path()),
        "execution-exceeds-budget",
        "performance.yaml:164:57",
        "执行数 27.53 大于全年预算数 20.40",
    );
}

/// tables.md §7.1 E5: 农民工欠薪应急周转金, 执行率 0.0%, 得分 printed `-`.
#[test]
fn xinxiang_e5_execution_score_dash() {
    let dir = minimal("pub-e5");
    edit(
        dir.path(),
        "performance.yaml",
        "  - name: 示例项目",
        "  - name: 农民工欠薪应急周转金\n    execution_score: \"-\"",
    );
    edit(
        dir.path(),
        "performance.yaml",
        "{initial: 60, full_year: 50, executed: 50}",
        "{initial: 100, full_year: 100, executed: 0}",
    );
    flags(
        &findings(dir.path()),
        "amount-not-decimal",
        "performance.yaml:15:22",
        "金额“-”不是万元数字",
    );
}

/// narrative.md C-X1: 农民工欠薪应急周转金 narrated with 得分 100; its table (100/100/0) gives less.
#[test]
fn xinxiang_c_x1_score_100_for_an_unspent_project() {
    let dir = minimal("pub-c-x1");
    edit(
        dir.path(),
        "performance.yaml",
        "  - name: 示例项目",
        "  - name: 农民工欠薪应急周转金\n    total: 100",
    );
    edit(
        dir.path(),
        "performance.yaml",
        "{initial: 60, full_year: 50, executed: 50}",
        "{initial: 100, full_year: 100, executed: 0}",
    );
    flags(
        &findings(dir.path()),
        "self-evaluation-total",
        "performance.yaml:15:12",
        "总分应为 90",
    );
}

/// narrative.md C-X3: 人事考试考务工作经费 narrated with 得分 100; its table gives 98.52.
#[test]
fn xinxiang_c_x3_score_100_for_98_52() {
    let dir = minimal("pub-c-x3");
    edit(
        dir.path(),
        "performance.yaml",
        "  - name: 示例项目",
        "  - name: 人事考试考务工作经费\n    total: 100",
    );
    edit(
        dir.path(),
        "performance.yaml",
        "{initial: 60, full_year: 50, executed: 50}",
        "{initial: 200, full_year: 200, executed: 170.34}",
    );
    edit(
        dir.path(),
        "accounts.yaml",
        "expense: {project: 50}",
        "expense: {project: 50, to_superior: 0}",
    );
    let found = findings(dir.path());
    flags(
        &found,
        "self-evaluation-total",
        "performance.yaml:15:12",
        "总分应为 98.52",
    );
}

/// narrative.md C-L1: 企业职工养老保险统筹外代发 narrated with 全年预算数 200 and 执行数 743.57.
#[test]
fn lingyuan_c_l1_executed_above_budget() {
    let dir = minimal("pub-c-l1");
    edit(
        dir.path(),
        "performance.yaml",
        "  - name: 示例项目",
        "  - name: 企业职工养老保险统筹外代发",
    );
    edit(
        dir.path(),
        "performance.yaml",
        "{initial: 60, full_year: 50, executed: 50}",
        "{initial: 200, full_year: 200, executed: 743.57}",
    );
    flags(
        &findings(dir.path()),
        "execution-exceeds-budget",
        "performance.yaml:16:56",
        "执行数 743.57 大于全年预算数 200.00",
    );
}

/// narrative.md C-L9: two projects named 办公经费 (two units' office funds). Told apart by
/// their 实施单位 they are two projects; with the same 实施单位 the text cannot tell them apart.
#[test]
fn lingyuan_c_l9_two_projects_share_a_name() {
    let dir = minimal("pub-c-l9");
    let perf = std::fs::read_to_string(dir.path().join("performance.yaml")).expect("read");
    let start = perf.find("  - name: 示例项目").expect("project");
    let end = perf.find("key_evaluation").expect("end");
    let project = |unit: &str| {
        perf[start..end]
            .replace("示例项目", "办公经费")
            .replace("executed: 50", "executed: 20")
            .replace(
                "    funds:",
                &format!("    implementer: {unit}\n    funds:"),
            )
    };
    let write = |second: &str| {
        std::fs::write(
            dir.path().join("performance.yaml"),
            format!(
                "{}{}{}{}",
                &perf[..start],
                project("社保中心"),
                project(second),
                &perf[end..]
            ),
        )
        .expect("write");
    };
    write("机关社保中心");
    let prepared = yujuesuan::prepare(dir.path(), &yujuesuan::Options::default()).expect("clean");
    let text = prepared.text.to_plain();
    assert!(
        text.contains("办公经费（社保中心）") && text.contains("办公经费（机关社保中心）"),
        "{text}"
    );
    write("社保中心");
    flags(
        &findings(dir.path()),
        "project-duplicate",
        "performance.yaml:31:11",
        "项目“办公经费”与 projects[0] 名称和实施单位都相同",
    );
}

/// One wrong value breaks every stated total that holds it: the finding names that value.
#[test]
fn a_wrong_value_is_pinpointed_among_the_broken_totals() {
    let dir = minimal("pinpoint");
    let totals = "t03:\n  total: {total: 150, basic: 100}\n  \"2080101\": {total: 100, basic: 100}\n  \"2080199\": {total: 50, project: 50}\n";
    std::fs::write(dir.path().join("totals.yaml"), totals).expect("totals");
    assert_eq!(break_2080101(dir.path()).len(), 4);
}

/// Types 10 for 2080101's 基本支出 of 100: the stated totals it breaks, each of which must
/// name it as the likely error.
fn break_2080101(dir: &Path) -> Vec<Finding> {
    edit(
        dir,
        "accounts.yaml",
        "    expense: {basic: 100}",
        "    expense: {basic: 10}",
    );
    let broken: Vec<Finding> = findings(dir)
        .into_iter()
        .filter(|f| f.rule == "stated-total")
        .collect();
    for f in &broken {
        assert!(
            f.hint.starts_with("最可能出错：公开03 2080101 基本支出（填写为 10.00，accounts.yaml 第4行），若其余数字无误应为 100.00。"),
            "{}",
            f.hint
        );
    }
    broken
}

/// The stated totals carry rounding tails of their own (±0.01, ±0.02), so a wrong value
/// shifts them by amounts that differ by those tails: it is still the one pinpointed.
#[test]
fn a_wrong_value_is_pinpointed_through_the_rounding_tails() {
    let dir = minimal("pinpoint-tails");
    let item = |code: &str, basic: &str| {
        format!(
            "  - code: \"{code}\"\n    income: {{general: {basic}}}\n    expense: {{basic: {basic}}}\n    fiscal: {{general: {{basic: {basic}}}}}\n"
        )
    };
    let items: String = [
        ("2080101", "100"),
        ("2080102", "20"),
        ("2080104", "30"),
        ("2080501", "40"),
        ("2080505", "50"),
    ]
    .iter()
    .map(|(code, basic)| item(code, basic))
    .collect();
    std::fs::write(dir.path().join("accounts.yaml"), format!("items:\n{items}")).expect("accounts");
    // 合计 240 stated as 240.02 and 20801's 150 as 149.99, both within their tails.
    let totals = "t03:\n  total: {basic: 240.02}\n  \"20801\": {basic: 149.99}\n  \"2080101\": {basic: 100}\n  \"2080102\": {basic: 20}\n  \"2080104\": {basic: 30}\n";
    std::fs::write(dir.path().join("totals.yaml"), totals).expect("totals");
    assert!(
        !findings(dir.path())
            .iter()
            .any(|f| f.rule == "stated-total"),
        "the tails alone break nothing"
    );
    let broken = break_2080101(dir.path());
    assert_eq!(broken.len(), 3, "{broken:#?}");
    // A row is named by its code and the code's name.
    assert!(
        broken.iter().any(|f| f
            .message
            .starts_with("公开03 20801 人力资源和社会保障管理事务·基本支出应为 60.00")),
        "{broken:#?}"
    );
}

/// A stated total whose parts agree with every other stated total is itself the suspect.
#[test]
fn a_wrong_stated_total_is_named_as_the_suspect() {
    let dir = minimal("pinpoint-total");
    std::fs::write(
        dir.path().join("totals.yaml"),
        "t03:\n  total: {basic: 100}\n  \"208\": {basic: 101}\n",
    )
    .expect("totals");
    let found = findings(dir.path());
    let f = found
        .iter()
        .find(|f| f.rule == "stated-total")
        .expect("a stated-total finding");
    assert_eq!(f.path, "t03.208.basic");
    assert!(
        f.hint.starts_with("最可能出错：填写的这个合计数本身"),
        "{}",
        f.hint
    );
}

/// tables.md §6.6 P17: 退休人员养老金纳入社保人数 =2300人, 全年完成值 100, scored 6.6 of 6.6.
#[test]
fn lingyuan_p17_unmet_target_scored_in_full() {
    let dir = example_copy("lingyuan-2024", "pub-p17");
    edit(
        dir.path(),
        "performance.yaml",
        r#"target: "=2300人", actual: "100", weight: 6.6 }"#,
        r#"target: "=2300人", actual: "100", weight: 6.6, score: 6.6 }"#,
    );
    flags(
        &findings(dir.path()),
        "indicator-score-differs",
        "performance.yaml:410:91",
        "得分应为 0.29",
    );
}

/// tables.md §6.7 P18: 办公经费支出 <=35万元, 完成 10.75, scored 3.3 of 8.3.
#[test]
fn lingyuan_p18_met_cost_target_scored_3_3() {
    let dir = example_copy("lingyuan-2024", "pub-p18");
    edit(
        dir.path(),
        "performance.yaml",
        r#"target: "<=35万元", actual: "10.75", weight: 8.3 }"#,
        r#"target: "<=35万元", actual: "10.75", weight: 8.3, score: 3.3 }"#,
    );
    flags(
        &findings(dir.path()),
        "indicator-score-differs",
        "performance.yaml:512:86",
        "得分应为 8.3",
    );
}

/// tables.md §7.1 E1/E2: 预算06 prints 人员经费 1,345.62 and 公用经费 43.46, while its 款 give
/// 1,338.46 (301 + 303) and 50.62 (302).
#[test]
fn yindu_e1_e2_b06_personnel_and_public() {
    let dir = example_copy("yindu-2024-budget", "pub-e1");
    let budget = std::fs::read_to_string(dir.path().join("budget.yaml")).expect("read");
    std::fs::write(
        dir.path().join("budget.yaml"),
        format!("{budget}stated:\n  b06: {{total: 1389.08, personnel: 1345.62, public: 43.46}}\n"),
    )
    .expect("write");
    let found = findings(dir.path());
    let line = budget.lines().count() + 2;
    flags(
        &found,
        "stated-total",
        &format!("budget.yaml:{line}:36"),
        "预算06 人员经费应为 1338.46（明细之和），填写为 1345.62，相差 7.16 万元",
    );
    flags(
        &found,
        "stated-total",
        &format!("budget.yaml:{line}:53"),
        "预算06 公用经费应为 50.62（明细之和），填写为 43.46，相差 7.16 万元",
    );
    assert_eq!(found.len(), 2, "{found:#?}");
}

/// tables.md §7.1 E6/E7: the 上年结转资金表 lists carried-over projects in 元 under a 万元
/// heading, while 预算01 prints no 上年结转结余.
#[test]
fn yindu_e6_e7_carry_over_in_yuan_and_missing_from_b01() {
    let dir = example_copy("yindu-2024-budget", "pub-e6");
    let budget = std::fs::read_to_string(dir.path().join("budget.yaml")).expect("read");
    let carried = "  - name: 安财预【2022】400号提前下达2023年高校毕业生“三支一扶”计划中央财政补助资金\n    kind: specific\n    code: \"2080199\"\n    economic: \"30399\"\n    funds: {carry_general: 701419.76}\n";
    let budget = budget.replace("sangong:", &format!("{carried}sangong:"));
    std::fs::write(
        dir.path().join("budget.yaml"),
        format!("{budget}stated:\n  b01: {{carry_in: 0}}\n"),
    )
    .expect("write");
    let found = findings(dir.path());
    assert!(
        found
            .iter()
            .any(|f| f.rule == "budget-amount-magnitude" && f.message.contains("701419.76")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.rule == "stated-total"
                && f.message.contains("预算01 上年结转结余应为 701419.76")),
        "{found:#?}"
    );
}

/// tables.md §7.1 E8: the 成本指标 of 2024人社局养老保险业务专网费用 says 28920元 for a project
/// of 2.90 万元.
#[test]
fn yindu_e8_cost_target_restates_the_amount_wrongly() {
    let dir = example_copy("yindu-2024-budget", "pub-e8");
    edit(
        dir.path(),
        "targets.yaml",
        "{name: 结算局社保专线网费, target: 29000元}",
        "{name: 结算局社保专线网费, target: 28920元}",
    );
    flags(
        &findings(dir.path()),
        "target-cost-amount",
        "targets.yaml:68:35",
        "为 28920元（2.89 万元），项目资金为 2.90 万元",
    );
}
