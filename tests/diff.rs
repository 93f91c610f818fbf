//! `diff`: sections paired by heading (moved and renamed ones too), sentences aligned,
//! Chinese compared character by character, figures shown old → new; report directories
//! and plain-text files as either side.

use std::path::Path;
use std::process::Command;

use yujuesuan::Options;

use crate::common::{BEIGUAN, Built, LINGYUAN, XINXIANG, YINDU, edit};
use yujuesuan::diff::{Diff, Document, SectionChange, Sentence, diff};

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The changes between two plain texts.
fn diff_plain(old: &str, new: &str) -> yujuesuan::diff::Diff {
    diff(&Document::from_plain(old), &Document::from_plain(new))
}

#[test]
fn year_over_year_shows_the_changed_figures_and_sentences() {
    let text = run(&["diff", "examples/beiguan-2023", "examples/beiguan-2024"]);
    for expected in [
        "== 一、收入支出决算总体情况说明",
        // Last year's report is read with its years moved: 2023年度 against 2024年度 is
        // no change, and the figures that changed are listed alone.
        "~ 2024年度收、支总计均为[-2284.23-]{+2192.25+}万元。",
        "    数字：2284.23 → 2192.25",
        "    数字：2062.45 → 2037.14",
        "    数字：23.78 → 20.29",
        "五、一般公共预算财政拨款支出决算情况说明 › （二）结构情况。",
        // A project of both years is paired by its heading, year and all.
        "== 十三、预算绩效情况说明 › （三）项目绩效自评结果 › 项目三：2024年洹泉涌流区级配套资金项目\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Unchanged sections are not listed, nor those whose only change is the year
    // (七、政府性基金: 2023年度…支出决算为0万元 each year).
    lacks(
        &text,
        &[
            "== 名词解释",
            "== 七、政府性基金",
            "2023 → 2024",
            "[-2023-]",
        ],
    );
}

#[test]
fn sections_are_paired_by_heading_moved_and_renamed_ones_too() {
    let d = diff_plain(
        "一、收入情况\n收入为100万元。\n二、支出情况\n支出为80万元。\n三、结转情况\n结转为0万元。\n四、结余情况说明\n结余为20万元，与上年持平。\n五、其他\n无。\n",
        "一、支出情况\n支出为90万元。\n二、结转情况\n结转为0万元。\n三、收入情况\n收入为100万元。\n四、结余说明\n结余为10万元，与上年持平。\n",
    );
    let change = |title: &str| {
        d.sections
            .iter()
            .find(|s| {
                s.new_title.as_deref() == Some(title) || s.old_title.as_deref() == Some(title)
            })
            .map(|s| s.change)
            .unwrap_or_else(|| panic!("no {title} in {d:#?}"))
    };
    assert_eq!(change("一、支出情况"), SectionChange::Kept);
    assert_eq!(change("二、结转情况"), SectionChange::Kept);
    assert_eq!(change("三、收入情况"), SectionChange::Moved);
    assert_eq!(change("四、结余说明"), SectionChange::Renamed);
    assert_eq!(change("五、其他"), SectionChange::Removed);
    let moved = d
        .sections
        .iter()
        .find(|s| s.change == SectionChange::Moved)
        .expect("moved");
    assert!(
        !moved.differs()
            || moved
                .sentences
                .iter()
                .all(|s| matches!(s, Sentence::Same { .. }))
    );
}

#[test]
fn a_removed_list_item_leaves_the_others_paired_with_their_own_text() {
    // In a 概况 the （一）… are the items of a list, not headings.
    let d = diff_plain(
        "第一部分 单位概况\n一、职责\n（一）负责就业工作。\n（二）负责社会保险工作。\n（三）负责劳动关系工作。\n（四）承办交办的其他事项。\n",
        "第一部分 单位概况\n一、职责\n（一）负责就业工作。\n（二）负责劳动关系工作。\n（三）承办交办的其他事项。\n",
    );
    let shown: Vec<String> = d.sections[0]
        .sentences
        .iter()
        .map(|s| match s {
            Sentence::Same { text, .. } => format!("= {text}"),
            Sentence::Removed { text } => format!("- {text}"),
            Sentence::Added { text } => format!("+ {text}"),
            Sentence::Renumbered { old, new, .. } => format!("# {old} → {new}"),
            Sentence::Changed { old, new, .. } => format!("~ {old} → {new}"),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "= （一）负责就业工作。",
            "- （二）负责社会保险工作。",
            "# （三）负责劳动关系工作。 → （二）负责劳动关系工作。",
            "# （四）承办交办的其他事项。 → （三）承办交办的其他事项。",
        ]
    );
}

#[test]
fn a_budget_draft_is_compared_by_its_leaves_not_its_stale_stated_totals() {
    let draft = crate::common::example_copy("yindu-2024-budget", "diff-budget-draft");
    let budget = draft.path().join("budget.yaml");
    let stated = "stated:\n  b01: {income_grand: 6192.14, expense_grand: 6192.14}\n";
    let text = std::fs::read_to_string(&budget).expect("read");
    std::fs::write(&budget, format!("{text}{stated}")).expect("write");
    // 办公费 raised by 5.00: the stated 收入总计 and 支出总计 are now 5.00 short.
    edit(
        draft.path(),
        "budget.yaml",
        "\"30201\": 20.00",
        "\"30201\": 25.00",
    );
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/yindu-2024-budget");
    let old = yujuesuan::document(&example, &Options::default()).expect("the example");
    let new = yujuesuan::document(draft.path(), &Options::default()).expect("a draft has text");
    assert_eq!(new.errors, 2);
    let d = diff(&old.document, &new.document);
    assert_eq!(
        changed_figures(&d.sections[0]),
        [("6192.14", "6197.14"), ("6192.14", "6197.14")]
    );
}

#[test]
fn a_renumbered_list_item_is_not_a_changed_figure() {
    let d = diff_plain(
        "一、具体情况\n1.行政运行（项）0.25万元。\n2.劳动保障监察（项）200.00万元。\n(3)就业管理事务（项）629.76万元。\n",
        "一、具体情况\n1.劳动保障监察（项）200.00万元。\n(2)就业管理事务（项）630.76万元。\n",
    );
    assert_eq!(changed_figures(&d.sections[0]), [("629.76", "630.76")]);
}

#[test]
fn a_removed_list_item_leaves_one_line_for_the_items_renumbered_after_it() {
    // 一般公共服务 gone from both lists; 劳动保障监察, now 1., corrected.
    let old = "一、结构情况\n2024年一般公共预算支出4920.44万元，主要用于以下方面：一般公共服务（类）支出0.25万元，占0.01%；社会保障和就业（类）支出4706.53万元，占95.65%；住房保障（类）支出213.66万元，占4.34%。\n人员经费1338.46万元，主要包括：基本工资、津贴补贴；公用经费50.62万元，主要包括：办公费。\n二、具体情况\n1.行政运行（项）0.25万元。\n2.劳动保障监察（项）200.00万元。\n3.就业管理事务（项）629.76万元。\n4.引进人才费用（项）501.88万元。主要用于引进人才。\n5.住房公积金（项）118.59万元。\n";
    let new = "一、结构情况\n2024年一般公共预算支出4921.19万元，主要用于以下方面：社会保障和就业（类）支出4707.53万元，占95.66%；住房保障（类）支出213.66万元，占4.34%。\n人员经费1339.46万元，主要包括：基本工资、津贴补贴；公用经费50.62万元，主要包括：办公费。\n二、具体情况\n1.劳动保障监察（项）201.00万元。\n2.就业管理事务（项）629.76万元。\n3.引进人才费用（项）501.88万元。主要用于引进人才。\n4.住房公积金（项）118.59万元。\n";
    let (_a, a) = file_of("old.txt", old);
    let (_b, b) = file_of("new.txt", new);
    let (a, b) = (a.to_str().expect("UTF-8"), b.to_str().expect("UTF-8"));
    let text = run(&["diff", a, b]);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("    数字"))
        .collect();
    assert_eq!(
        lines,
        [
            "== 一、结构情况",
            // The list's opening is a sentence of its own: the item removed is shown
            // removed, not its text as the opening's.
            "~ 2024年一般公共预算支出[-4920.44-]{+4921.19+}万元，主要用于以下方面：",
            "- 一般公共服务（类）支出0.25万元，占0.01%；",
            "~ 社会保障和就业（类）支出[-4706.53-]{+4707.53+}万元，占[-95.65%-]{+95.66%+}；",
            // A ： before names opens no list of figures.
            "~ 人员经费[-1338.46-]{+1339.46+}万元，主要包括：基本工资、津贴补贴；",
            "",
            "== 二、具体情况",
            "- 1.行政运行（项）0.25万元。",
            "~ [-2-]{+1+}.劳动保障监察（项）[-200.00-]{+201.00+}万元。",
            // One line, across the further sentence of 4., the same.
            "~ 3.至5.仅序号改变（3 条），今为2.至4.",
            "",
        ]
    );
    let html = run(&["diff", a, b, "--format", "html"]);
    assert!(
        html.contains(r#"<tr class="renumbered"><td><del>3.</del>就业管理事务（项）629.76万元。</td><td><ins>2.</ins>就业管理事务（项）629.76万元。</td></tr>"#),
        "{html}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["diff", a, b, "--format", "json"])).expect("JSON");
    assert_eq!(
        json["sections"][1]["sentences"][5],
        serde_json::json!({
            "kind": "renumbered",
            "old": "5.住房公积金（项）118.59万元。",
            "new": "4.住房公积金（项）118.59万元。",
            "number": {"old": "5.", "new": "4."},
        })
    );
}

/// The figures that changed in a section, old → new.
fn changed_figures(section: &yujuesuan::diff::SectionDiff) -> Vec<(&str, &str)> {
    section
        .sentences
        .iter()
        .filter_map(|s| match s {
            Sentence::Changed { figures, .. } => Some(figures),
            _ => None,
        })
        .flatten()
        .map(|f| (f.old.as_str(), f.new.as_str()))
        .collect()
}

/// `old` and `new` as the text of a section 一、说明, whose first sentence must have
/// changed; with that sentence's parts that are not the same (`-减少`, `+下降`).
fn first_changed(old: &str, new: &str) -> (Diff, Vec<String>) {
    let d = diff_plain(&format!("一、说明\n{old}\n"), &format!("一、说明\n{new}\n"));
    let Sentence::Changed { spans, .. } = &d.sections[0].sentences[0] else {
        panic!("{d:#?}");
    };
    let changed = spans
        .iter()
        .filter(|s| s.tag != "equal")
        .map(|s| format!("{}{}", if s.tag == "delete" { '-' } else { '+' }, s.text))
        .collect();
    (d, changed)
}

#[test]
fn a_changed_sentence_is_compared_by_character_and_number() {
    let (d, changed) = first_changed(
        "收、支总计各减少91.98万元，减少4.03%。主要原因是区财政资金紧张。",
        "收、支总计各减少91.98万元，下降4.03%。主要原因是区财政资金紧张。",
    );
    assert_eq!(changed, ["-减少", "+下降"]);
    let figures = changed_figures(&d.sections[0]);
    assert!(figures.is_empty(), "no figure changed: {figures:?}");
    assert!(matches!(d.sections[0].sentences[1], Sentence::Same { .. }));
}

#[test]
fn a_figure_written_otherwise_is_no_figure_changed() {
    // A published 280万元 and 14% against the generated 280.00万元 and 14.00%: the text
    // differs, the figures do not; 14 against 14% and 1,234.5 against 1,234.6 do.
    let (d, changed) = first_changed(
        "支出280万元，占14%，其中1,234.5万元，14万元。",
        "支出280.00万元，占14.00%，其中1,234.6万元，14%万元。",
    );
    assert!(changed.contains(&"+280.00".to_owned()), "{changed:?}");
    let figures = changed_figures(&d.sections[0]);
    assert_eq!(figures, [("1,234.5", "1,234.6"), ("14", "14%")]);
}

#[test]
fn a_sentence_with_new_figures_and_a_clause_more_is_one_sentence_changed() {
    // A 三公 item that had no budget now has one: its figures change and it gains a rate.
    let d = diff_plain(
        "一、说明\n公务用车购置及运行费支出决算0万元，占0%；公务接待费支出决算0万元，占0%。\n",
        "一、说明\n公务用车购置及运行费支出决算2.40万元，完成预算的80.00%，占61.54%；公务接待费支出决算1.50万元，完成预算的75.00%，占38.46%。\n",
    );
    let figures: Vec<Vec<(&str, &str)>> = d.sections[0]
        .sentences
        .iter()
        .map(|s| match s {
            Sentence::Changed { figures, .. } => figures
                .iter()
                .map(|f| (f.old.as_str(), f.new.as_str()))
                .collect(),
            other => panic!("not one sentence changed: {other:#?}"),
        })
        .collect();
    assert_eq!(
        figures,
        [
            vec![("0", "2.40"), ("0%", "61.54%")],
            vec![("0", "1.50"), ("0%", "38.46%")]
        ]
    );
}

/// `yujuesuan diff` of a published report's text (`shared/reference/<name>-hrss-final-
/// accounts.txt`) and its example; `None` when the references are not beside the repository.
fn against_published(name: &str) -> Option<String> {
    let published = format!("../shared/reference/2024-{name}-hrss-final-accounts.txt");
    if !Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(&published)
        .exists()
    {
        eprintln!("skipped: {published} is not beside the repository");
        return None;
    }
    Some(run(&["diff", &published, &format!("examples/{name}-2024")]))
}

#[test]
fn the_published_text_compares_with_the_generated_report() {
    let Some(text) = against_published("beiguan") else {
        return;
    };
    // B's published text says 减少 where the format says 下降, and misses （类） (C-B5).
    assert!(text.contains("[-减少-]{+下降+}4.03%"), "{text}");
    assert!(text.contains("== 一、收入支出决算总体情况说明"), "{text}");
    // The tables' cells are the data's figures, not the report's text.
    lacks(&text, &["第二部分", "公开01表"]);
}

#[test]
fn the_published_attachments_are_paired_by_title() {
    let Some(text) = against_published("xinxiang") else {
        return;
    };
    // Each of Xinxiang's 附件 reports has an 一、项目支出基本情况; what differs is the
    // published text's ASCII punctuation.
    assert!(
        text.contains("== 改制企业厂长安置费支出绩效自评总结报告 › 三、绩效自评结果及分析\n~ 该项目绩效评价分数100分[-,-]{+，+}"),
        "{text}"
    );
    lacks(
        &text,
        &["项目支出基本情况（删除）", "第五部分附件", "自评情况表"],
    );
}

#[test]
fn the_published_lists_and_list_headings_pair_with_the_generated_ones() {
    let Some(text) = against_published("lingyuan") else {
        return;
    };
    // Lingyuan's 职责 list items and its （一）收入总计…，包括： headings pair with the
    // generated ones; a number before an ASCII comma is the number alone, here the same
    // figure written otherwise.
    lacks(
        &text,
        &[
            "（新增）",
            "== 一、主要职责",
            "== 一、收入支出决算总体情况说明",
            "%, →",
            "数字：25%",
        ],
    );
    assert!(text.contains("完成年初预算的[-25%-]{+25.00%+}，"), "{text}");
}

/// Asserts that `text` holds none of `parts`.
fn lacks(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(!text.contains(part), "{part} in {text}");
    }
}

/// A file of `bytes` in a directory of its own, which goes when the first is dropped.
fn file_of(name: &str, bytes: impl AsRef<[u8]>) -> (crate::common::TempDir, std::path::PathBuf) {
    let dir = crate::common::TempDir::new(&format!("diff-{name}"));
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

#[test]
fn a_pdftotext_file_is_a_side_of_its_own() {
    let (_dir, plain) = file_of("2024.txt", &BEIGUAN.text);
    let old = yujuesuan::document(&plain, &Options::default()).expect("reads");
    assert_eq!(old.errors, 0, "a text file has no data to check");
    // The text of each example's own PDF against its generated text: nothing differs,
    // though pdftotext puts the 目录's leaders, a heading's number before a quotation
    // mark (十七、“三公”经费) and the end of a long heading or 附件 title on lines of
    // their own.
    let own = |built: &Built| Document::from_plain(&built.text);
    for (name, built, old) in [
        ("beiguan", &*BEIGUAN, old.document),
        ("xinxiang", &*XINXIANG, own(&XINXIANG)),
        ("lingyuan", &*LINGYUAN, own(&LINGYUAN)),
        ("yindu", &*YINDU, own(&YINDU)),
    ] {
        let d = diff(&old, &Document::from_text(&built.prepared.text));
        assert!(d.sections.len() > 10, "{name}: {d:#?}");
        let differ: Vec<_> = d.sections.iter().filter(|s| s.differs()).collect();
        assert!(differ.is_empty(), "{name}: {differ:#?}");
    }
}

#[test]
fn a_project_heading_may_have_a_comma_but_a_paragraph_about_a_project_is_no_heading() {
    let doc = Document::from_plain(
        "十三、预算绩效情况说明\n\
         项目一：人人持证，技能河南区级配套项目\n\
         \x20 项目资金年初预算数为280万元。\n\
         项目二：就业补助资金，年初预算数为100万元，全年执行\n\
         数为90万元。\n",
    );
    // The one section with text is the project's, under its parent.
    let paths: Vec<&str> = doc.sections.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        ["十三、预算绩效情况说明 › 项目一：人人持证，技能河南区级配套项目"],
        "{doc:#?}"
    );
    assert_eq!(
        doc.sections[0].sentences,
        [
            "项目资金年初预算数为280万元。",
            "项目二：就业补助资金，年初预算数为100万元，全年执行数为90万元。"
        ]
    );
}

#[test]
fn a_text_saved_by_notepad_in_any_of_its_encodings_reads_as_the_same_text() {
    // `yujuesuan text`'s output, whose first line is a heading, and the same as Notepad
    // saves it: CRLF line ends, in UTF-8 with a byte-order mark, in “ANSI”, which is GBK
    // on a Chinese Windows, or in “Unicode”, UTF-16 with a byte-order mark.
    let text = BEIGUAN.prepared.text.to_plain();
    let (_a, plain) = file_of("plain.txt", &text);
    let windows = text.replace('\n', "\r\n");
    let (_b, notepad) = file_of("notepad.txt", format!("\u{feff}{windows}"));
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&windows);
    assert!(!unmappable, "the report's text is all in GBK");
    let (_c, ansi) = file_of("ansi.txt", &gbk);
    let utf16: Vec<u8> = "\u{feff}"
        .encode_utf16()
        .chain(windows.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let (_u, unicode) = file_of("unicode.txt", &utf16);
    let read = |path: &Path| {
        yujuesuan::document(path, &Options::default())
            .expect("reads")
            .document
    };
    for other in [notepad, ansi, unicode] {
        let d = diff(&read(&plain), &read(&other));
        assert!(d.sections.len() > 10, "{d:#?}");
        assert!(d.sections.iter().all(|s| !s.differs()), "{d:#?}");
    }
    // Bytes that are neither, or hold a NUL (a binary file), are refused.
    for bytes in [&b"\x81\x20 binary \xff"[..], b"PK\x03\x04\0\0"] {
        let (_d, binary) = file_of("data.bin", bytes);
        let error = yujuesuan::document(&binary, &Options::default()).expect_err("no text");
        assert!(
            error
                .to_string()
                .contains("不是文本文件（UTF-8、UTF-16 或 GBK）"),
            "{error}"
        );
    }
}

#[test]
fn a_pdf_as_a_side_is_refused_with_how_to_extract_its_text() {
    let (_dir, pdf) = file_of("2024.pdf", &BEIGUAN.pdf);
    let error = yujuesuan::document(&pdf, &Options::default()).expect_err("a PDF is not text");
    let message = error.to_string();
    assert!(
        message.contains("是 PDF") && message.contains("pdftotext -layout"),
        "{message}"
    );
}

#[test]
fn a_draft_with_a_leaf_corrected_and_its_totals_not_yet_is_compared_by_its_leaves() {
    // 2080101's 基本支出 corrected; totals.yaml still states the old 公开03/05 基本支出.
    let draft = crate::common::beiguan_copy("diff-draft");
    for line in ["income: {general: 663.81}", "expense: {basic: 663.81}"] {
        edit(
            draft.path(),
            "accounts.yaml",
            line,
            &line.replace("663.81", "700.00"),
        );
    }
    edit(
        draft.path(),
        "accounts.yaml",
        "fiscal: {general: {basic: 663.81}}",
        "fiscal: {general: {basic: 700.00}}",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
        .args(["diff", "examples/beiguan-2024"])
        .arg(draft.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let (text, warning) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(output.status.code(), Some(0), "{warning}");
    // The stale stated 950.16 is not narrated: the 基本支出 is its leaves' 950.17 + 36.19.
    for expected in [
        "基本支出[-950.16-]{+986.36+}万元",
        "    数字：2192.25 → 2228.44",
        "    数字：663.81 → 700.00",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Three errors: the two stated 基本支出 and the economic detail that no longer adds up.
    assert!(
        warning.contains("的数据有 3 处错误") && warning.contains("由其明细算出的文本"),
        "{warning}"
    );
}

#[test]
fn html_and_json_outputs() {
    let html = run(&[
        "diff",
        "examples/beiguan-2023",
        "examples/beiguan-2024",
        "--format",
        "html",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Each side as its report reads, years and all.
    for side in [
        "<td>2023年度收、支总计均为<del>2284.23</del>万元。</td>",
        "<td>2024年度收、支总计均为<ins>2192.25</ins>万元。</td>",
    ] {
        assert!(html.contains(side), "{side} not in {html}");
    }
    assert!(
        !html.contains("<script") && !html.contains("<link"),
        "one self-contained page"
    );
    let json = run(&[
        "diff",
        "examples/beiguan-2023",
        "examples/beiguan-2024",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let first = &value["sections"][0];
    assert_eq!(first["new_title"], "一、收入支出决算总体情况说明");
    assert_eq!(
        first["sentences"][0]["figures"],
        serde_json::json!([{"old": "2284.23", "new": "2192.25"}])
    );
    assert_eq!(
        first["sentences"][0]["spans"][0],
        serde_json::json!({"tag": "equal", "text": "2024年度收、支总计均为", "old": "2023年度收、支总计均为"})
    );
}
