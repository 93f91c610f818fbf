//! The generated text of the Beiguan report against its reviewed golden file, and of a
//! project summarised without its 自评表.

use crate::common::BEIGUAN;

#[test]
fn beiguan_text_matches_the_reviewed_golden_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/beiguan-2024.txt");
    let actual = BEIGUAN.prepared.text.to_plain();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &actual).expect("write golden");
    }
    let expected = std::fs::read_to_string(path).expect("golden file");
    if actual != expected {
        let diff = similar::TextDiff::from_lines(&expected, &actual);
        panic!(
            "generated text differs from {path} (UPDATE_GOLDEN=1 rewrites it after review):\n{}",
            diff.unified_diff()
        );
    }
}

#[test]
fn a_project_without_its_self_evaluation_table_is_in_the_text_and_not_in_the_attachment() {
    // Beiguan's first project as a report that summarises it without attaching its 自评表.
    let dir = crate::common::beiguan_copy("narrative-unattached");
    let path = dir.path().join("performance.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let start = text
        .find("  - name: 2024年北关区事业单位招聘")
        .expect("project 1");
    let end = text.find("  # 2 —— 情况说明").expect("project 2");
    let summarised = "  - name: 2024年北关区事业单位招聘\n    attached: false\n    funds:\n      fiscal: { initial: 80, full_year: 80, executed: 0 }\n    achieved: 完成本年度招聘目标\n    total: 80\n\n";
    std::fs::write(&path, [&text[..start], summarised, &text[end..]].concat()).expect("write");
    let prepared = yujuesuan::prepare(dir.path(), &yujuesuan::Options::default()).expect("builds");
    let rules: Vec<&str> = prepared.warnings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["project-not-attached"]);
    // Its funds and score, and no indicator sentences made up without indicators.
    let plain = prepared.text.to_plain();
    assert!(
        plain.contains("项目一：2024年北关区事业单位招聘项目\n项目资金年初预算数为80.00万元，全年预算数为80.00万元，全年执行数为0万元。项目自评得分80分。\n指标完成情况具体如下：\n成本指标：成本指标未完成，年初预算为80.00万元，实际完成0万元。\n项目二："),
        "{plain}"
    );
    assert!(
        plain.contains("我部门进行自评的2024年项目支出共11个"),
        "{plain}"
    );
    // The 附件 has the other 10 自评表.
    let projects: serde_json::Value =
        serde_json::from_slice(&prepared.data["/data/performance/projects.json"]).expect("JSON");
    let names: Vec<&str> = projects
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names.len(), 10);
    assert!(!names.contains(&"2024年北关区事业单位招聘"), "{names:?}");
}
