//! The errors of the published reports (tables.md §7, narrative.md §7) that the input can
//! express, entered with the figures as published: validate flags each at its place.

use std::path::Path;

use yujuesuan::finding::Finding;
use yujuesuan::{Error, Options};

use crate::common::{TempDir, beiguan_copy, edit};

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
    edit(
        dir.path(),
        "accounts.yaml",
        "    expense: {basic: 100}",
        "    expense: {basic: 10}",
    );
    let found = findings(dir.path());
    let broken: Vec<&Finding> = found.iter().filter(|f| f.rule == "stated-total").collect();
    assert_eq!(broken.len(), 4, "{found:#?}");
    for f in broken {
        assert!(
            f.hint.starts_with("最可能出错：公开03 2080101 基本支出（填写为 10.00，accounts.yaml 第4行），若其余数字无误应为 100.00。"),
            "{}",
            f.hint
        );
    }
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
