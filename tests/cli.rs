//! The real binary: success, bad input with exit codes, atomic output, literal text.

use std::process::{Command, Output};

use yujuesuan::compile::write_atomic;
use yujuesuan::validate::Severity;

use crate::common::{BEIGUAN, FONTS, TempDir, beiguan, beiguan_copy, edit, pdftotext, squeeze};

fn yujuesuan(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn build_writes_a_pdf_identical_to_the_library_build() {
    let out = TempDir::new("cli-build");
    let pdf = out.path().join("beiguan.pdf");
    let output = yujuesuan(&[
        "build".as_ref(),
        beiguan().as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Two builds in two processes: byte for byte the same (fixed date, fixed fonts).
    assert!(
        std::fs::read(&pdf).expect("pdf written") == BEIGUAN.pdf,
        "the two builds differ"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path()).expect("dir").collect();
    assert_eq!(
        leftovers.len(),
        1,
        "only the PDF is left in the output directory"
    );
}

#[test]
fn output_replaces_a_file_whole_and_never_a_directory() {
    let out = TempDir::new("write-atomic");
    let file = out.path().join("report.pdf");
    std::fs::write(&file, b"old report").expect("old");
    write_atomic(&file, b"new report").expect("replaces");
    assert_eq!(std::fs::read(&file).expect("new"), b"new report");
    let dir = out.path().join("dir.pdf");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(dir.join("kept"), b"kept").expect("kept");
    assert!(write_atomic(&dir, b"new report").is_err());
    assert_eq!(std::fs::read(dir.join("kept")).expect("kept"), b"kept");
    let mut left: Vec<_> = std::fs::read_dir(out.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["dir.pdf", "report.pdf"], "no temporary file left");
}

#[test]
fn text_prints_the_generated_text() {
    let output = yujuesuan(&["text".as_ref(), beiguan().as_os_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        BEIGUAN.prepared.text.to_plain()
    );
    // A format that prints the 附件 reports has them in its text too, after the 名词解释.
    let xinxiang = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xinxiang-2024");
    let output = yujuesuan(&["text".as_ref(), xinxiang.as_os_str()]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("\n\n博士后工作站（基地）及博士后相关奖励经费项目支出绩效自评总结报告\n一、项目支出基本情况\n"),
        "{text}"
    );
}

#[test]
fn a_missing_report_or_font_directory_exits_2_and_writes_nothing() {
    let out = TempDir::new("cli-missing");
    let pdf = out.path().join("x.pdf");
    let beiguan = beiguan();
    for (args, says) in [
        (
            vec!["no/such/report".as_ref()],
            "错误：找不到报告目录 no/such/report",
        ),
        (
            vec![
                beiguan.as_os_str(),
                "--font-path".as_ref(),
                "no/such/fonts".as_ref(),
            ],
            "错误：字体目录 no/such/fonts 不存在或不是目录",
        ),
    ] {
        let mut all: Vec<&std::ffi::OsStr> = vec!["build".as_ref()];
        all.extend(args);
        all.extend(["-o".as_ref(), pdf.as_os_str()]);
        let output = yujuesuan(&all);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).starts_with(says), "{}", stderr(&output));
        assert!(!pdf.exists());
    }
}

#[test]
fn templates_that_name_no_directory_exit_2_with_what_the_option_takes() {
    // A format's name given where its exported, edited directory belongs.
    for command in ["build", "watch"] {
        let output = yujuesuan(&[
            command.as_ref(),
            beiguan().as_os_str(),
            "--templates".as_ref(),
            "henan-unit".as_ref(),
            "-o".as_ref(),
            "never.pdf".as_ref(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&output),
            "错误：模板覆盖目录 henan-unit 不存在或不是目录：--templates 给出用 yujuesuan templates export 导出后修改的目录；报告格式本身由 report.yaml 的 format 选定\n",
            "{command}"
        );
    }
    assert!(!std::path::Path::new("never.pdf").exists());
}

#[test]
fn an_output_directory_is_made_by_schema_and_must_exist_for_a_pdf() {
    let out = TempDir::new("cli-output-dir");
    let pdf = out.path().join("no/such/dir/x.pdf");
    for command in ["build", "watch"] {
        let output = yujuesuan(&[
            command.as_ref(),
            beiguan().as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&output),
            format!(
                "错误：输出目录 {} 不存在：请先创建它，或给出已有目录中的文件\n",
                out.path().join("no/such/dir").display()
            ),
            "{command}"
        );
    }
    // `schema --out`, like `build --out-dir`, makes its directory.
    let schemas = out.path().join("new/schema");
    let output = yujuesuan(&["schema".as_ref(), "--out".as_ref(), schemas.as_os_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(schemas.join("accounts.schema.json").is_file());
}

#[test]
fn malformed_yaml_names_file_line_and_column_and_keeps_the_previous_pdf() {
    let dir = beiguan_copy("cli-malformed");
    edit(
        dir.path(),
        "accounts.yaml",
        "    income: {general: 663.81}",
        "    income: {general: 663.81",
    );
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&pdf, b"previous report").expect("old pdf");
    let output = yujuesuan(&[
        "build".as_ref(),
        dir.path().as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    // The parser notices the unclosed mapping where the next entry begins.
    assert!(
        message.contains("accounts.yaml:11:12"),
        "no file:line:column in {message}"
    );
    assert_eq!(std::fs::read(&pdf).expect("old pdf"), b"previous report");
}

#[test]
fn unknown_key_is_a_finding_with_its_place_and_a_suggestion() {
    let dir = beiguan_copy("cli-unknown-key");
    edit(
        dir.path(),
        "sangong.yaml",
        "reception_foreign: 0",
        "reception_foriegn: 0",
    );
    let output = yujuesuan(&[
        "build".as_ref(),
        dir.path().as_os_str(),
        "-o".as_ref(),
        dir.path().join("o.pdf").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("sangong.yaml:5:") && message.contains("reception_foriegn"),
        "{message}"
    );
    assert!(message.contains("是否应为“reception_foreign”"), "{message}");
}

#[test]
fn data_error_exits_1_with_the_place_and_writes_nothing() {
    let dir = beiguan_copy("cli-data-error");
    edit(
        dir.path(),
        "totals.yaml",
        "basic: 950.16}",
        "basic: 951.16}",
    );
    let pdf = dir.path().join("out.pdf");
    let output = yujuesuan(&[
        "build".as_ref(),
        dir.path().as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("totals.yaml:5:") && message.contains("[stated-total]"),
        "{message}"
    );
    assert!(
        message.contains("951.16") && message.contains("950.17"),
        "{message}"
    );
    assert!(!pdf.exists());
}

#[test]
fn template_error_names_the_template_and_keeps_the_previous_pdf() {
    let templates = TempDir::new("cli-templates");
    std::fs::create_dir_all(templates.path().join("typst")).expect("dir");
    std::fs::write(
        templates.path().join("typst/main.typ"),
        "#import \"lib.typ\": *\n#let broken = (\n",
    )
    .expect("template");
    let out = TempDir::new("cli-template-out");
    let pdf = out.path().join("out.pdf");
    std::fs::write(&pdf, b"previous report").expect("old pdf");
    let output = yujuesuan(&[
        "build".as_ref(),
        beiguan().as_os_str(),
        "--templates".as_ref(),
        templates.path().as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("typst/main.typ:2:"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&pdf).expect("old pdf"), b"previous report");
}

#[test]
fn a_character_without_glyph_is_an_error_at_its_place() {
    let dir = beiguan_copy("glyph");
    edit(
        dir.path(),
        "report.yaml",
        "  short_name: 北关区人社局",
        "  short_name: 北关区𠀀人社局",
    );
    let prepared =
        yujuesuan::prepare(dir.path(), &yujuesuan::Options::default()).expect("prepares");
    let Err(yujuesuan::Error::Findings { findings, .. }) =
        yujuesuan::render(&prepared, FONTS.clone())
    else {
        panic!("a missing glyph must stop the build");
    };
    let f = &findings[0];
    assert_eq!(
        (f.rule, f.severity, f.file.as_str(), f.line, f.column),
        (
            "font-missing-glyph",
            Severity::Error,
            "report.yaml",
            Some(7),
            Some(15)
        )
    );
    assert!(f.message.contains("U+20000"), "{}", f.message);
    assert_eq!(f.path, "department.short_name");
}

#[test]
fn markup_characters_in_the_data_print_literally_and_long_tables_repeat_their_heads() {
    let dir = beiguan_copy("literal");
    let name = r##"安阳市#北关区$人社局*[测试]<"局">"##;
    edit(
        dir.path(),
        "report.yaml",
        "  name: 安阳市北关区人力资源和社会保障局",
        &format!("  name: '{name}'"),
    );
    // Forty more 项 rows of 其他收入 push 公开02 over a page.
    let extra: String = (10..50)
        .map(|i| format!("  - code: \"20801{i}\"\n    name: 测试科目{i}\n    income: {{other: 1}}\n    expense: {{project: 1}}\n"))
        .collect();
    edit(
        dir.path(),
        "accounts.yaml",
        "items:\n",
        &format!("items:\n{extra}"),
    );
    let prepared =
        yujuesuan::prepare(dir.path(), &yujuesuan::Options::default()).expect("prepares");
    let pdf = yujuesuan::render(&prepared, FONTS.clone()).expect("compiles");
    let text = squeeze(&pdftotext(&pdf));
    assert!(
        text.contains(&format!("部门：{name}")),
        "the name is not printed literally"
    );
    let t02 = &text[text.find("收入决算表公开02表").expect("公开02")
        ..text.find("支出决算表公开03表").expect("公开03")];
    assert!(
        t02.matches("栏次").count() >= 2,
        "公开02 spans pages without repeating its head"
    );
}

#[test]
fn a_font_family_the_user_asks_for_comes_first_and_must_exist() {
    let dir = beiguan_copy("font-family");
    edit(
        dir.path(),
        "report.yaml",
        "published: 2025-09\n",
        "published: 2025-09\nfonts:\n  body: FangSong\n",
    );
    let prepared =
        yujuesuan::prepare(dir.path(), &yujuesuan::Options::default()).expect("prepares");
    let meta = String::from_utf8_lossy(&prepared.data["/data/meta.json"]).into_owned();
    assert!(
        meta.contains(r#""body":["FangSong","Noto Serif CJK SC""#),
        "{meta}"
    );
    let Err(yujuesuan::Error::Findings { findings, .. }) =
        yujuesuan::render(&prepared, FONTS.clone())
    else {
        panic!("an unknown font family must stop the build");
    };
    let f = &findings[0];
    assert_eq!(
        (f.rule, f.file.as_str(), f.line, f.path.as_str()),
        ("font-family-missing", "report.yaml", Some(10), "fonts.body")
    );
}

#[test]
fn context_prints_every_value_the_templates_read() {
    let output = yujuesuan(&["context".as_ref(), beiguan().as_os_str()]);
    assert_eq!(output.status.code(), Some(0));
    let all: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(all["text"]["total"]["amount"], "2192.25");
    assert_eq!(
        all["typst"]["/data/meta.json"]["name"],
        "安阳市北关区人力资源和社会保障局"
    );
    assert!(all["typst"]["/data/tables/t05.json"]["rows"].is_array());
}
