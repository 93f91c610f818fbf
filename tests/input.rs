//! Bad input never panics: each gets a clear message and exit code 2. The three output
//! formats of `validate`, the rule catalogue and the JSON Schemas stay in step with the code.

use std::process::{Command, Output};

use crate::common::{TempDir, beiguan, beiguan_copy, edit};

fn validate(args: &[&std::ffi::OsStr]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yujuesuan"));
    command.arg("validate").args(args).env("NO_COLOR", "1");
    command.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Replaces `accounts.yaml` of a copy of the example with `bytes` and validates it.
fn with_accounts(name: &str, bytes: &[u8]) -> (Output, TempDir) {
    let dir = beiguan_copy(name);
    std::fs::write(dir.path().join("accounts.yaml"), bytes).expect("write");
    (validate(&[dir.path().as_os_str()]), dir)
}

fn assert_exit_2(output: &Output, words: &str) {
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains(words),
        "no “{words}” in {}",
        text(&output.stderr)
    );
}

#[test]
fn an_empty_file_is_named() {
    let (output, _dir) = with_accounts("empty", b"# nothing yet\n\n");
    assert_exit_2(&output, "accounts.yaml 是空文件");
}

#[test]
fn a_gbk_file_is_named_with_the_encoding_to_use() {
    // “行政运行” in GBK.
    let (output, _dir) = with_accounts(
        "gbk",
        b"items:\n  - code: \"2080101\"\n    name: \xd0\xd0\xd5\xfe\xd4\xcb\xd0\xd0\n",
    );
    assert_exit_2(&output, "不是 UTF-8 编码的文本");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = beiguan_copy("bom");
    let accounts = std::fs::read(dir.path().join("accounts.yaml")).expect("read");
    std::fs::write(
        dir.path().join("accounts.yaml"),
        [b"\xef\xbb\xbf".as_slice(), &accounts].concat(),
    )
    .expect("write");
    let output = validate(&[dir.path().as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
}

#[test]
fn binary_garbage_is_not_text() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let (output, _dir) = with_accounts("garbage", &garbage);
    assert_exit_2(&output, "不是 UTF-8 编码的文本");
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = beiguan_copy("huge");
    let file = std::fs::File::create(dir.path().join("accounts.yaml")).expect("create");
    file.set_len(100 * 1024 * 1024)
        .expect("a sparse 100 MB file");
    let output = validate(&[dir.path().as_os_str()]);
    assert_exit_2(&output, "超过数据文件的上限");
}

#[test]
fn deep_nesting_stops_at_the_parser_limit() {
    let deep = format!("items: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let (output, _dir) = with_accounts("deep", deep.as_bytes());
    assert_exit_2(&output, "accounts.yaml");
}

#[test]
fn an_alias_bomb_stops_at_the_parser_limit() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let started = std::time::Instant::now();
    let (output, _dir) = with_accounts("bomb", bomb.as_bytes());
    assert_exit_2(&output, "accounts.yaml");
    // Not a timing assertion on speed: a bomb that expanded would take minutes and gigabytes.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_directory_without_the_files_names_each_missing_one() {
    let dir = TempDir::new("no-files");
    let output = validate(&[dir.path().as_os_str()]);
    for file in [
        "report.yaml",
        "accounts.yaml",
        "basic.yaml",
        "sangong.yaml",
        "explanation.yaml",
        "performance.yaml",
    ] {
        assert_exit_2(
            &output,
            &format!("缺少文件 {}", dir.path().join(file).display()),
        );
    }
}

#[test]
fn validate_exit_codes_and_formats() {
    let clean = validate(&[beiguan().as_os_str()]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty(), "{}", text(&clean.stdout));
    assert_eq!(
        text(&clean.stderr),
        format!("{}：数据无误\n", beiguan().display())
    );
    let dir = beiguan_copy("formats");
    edit(
        dir.path(),
        "totals.yaml",
        "basic: 950.16}",
        "basic: 951.16}",
    );
    let short = validate(&[
        dir.path().as_os_str(),
        "--format".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(short.status.code(), Some(1));
    let line = format!(
        "{}:5:18: error[stated-total]: 公开03 合计·基本支出应为 950.17",
        dir.path().join("totals.yaml").display()
    );
    assert!(
        text(&short.stdout).starts_with(&line),
        "{}",
        text(&short.stdout)
    );
    assert_eq!(
        text(&short.stderr),
        format!("{}：1 处错误，0 处警告\n", dir.path().display())
    );
    let json = validate(&[dir.path().as_os_str(), "--format".as_ref(), "json".as_ref()]);
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON array");
    let first = &findings[0];
    let keys: Vec<&String> = first.as_object().expect("an object").keys().collect();
    assert_eq!(
        keys,
        [
            "column", "file", "hint", "line", "message", "path", "rule", "severity"
        ]
    );
    assert_eq!(
        (
            first["rule"].as_str(),
            first["line"].as_u64(),
            first["path"].as_str()
        ),
        (Some("stated-total"), Some(5), Some("t03.total.basic"))
    );
    let missing = validate(&["no/such/dir".as_ref()]);
    assert_eq!(missing.status.code(), Some(2));
    // A directory that cannot be read does not keep the next from being checked.
    let some = validate(&[
        "no/such/dir".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(some.status.code(), Some(2));
    assert!(
        text(&some.stdout).starts_with(&line),
        "{}",
        text(&some.stdout)
    );
    assert!(
        text(&some.stderr).ends_with("错误：1 个目录未能检查（见上）\n"),
        "{}",
        text(&some.stderr)
    );
}

/// The caret stands under the value even when Chinese characters (two columns wide)
/// precede it on the line.
#[test]
fn the_caret_is_aligned_under_chinese_text() {
    let dir = beiguan_copy("caret");
    edit(
        dir.path(),
        "performance.yaml",
        "{ name: 工作任务科学性, target: \"科学\", actual: \"100%\"",
        "{ name: 工作任务科学性, target: \"科学\", actul: \"100%\"",
    );
    let human = text(&validate(&[dir.path().as_os_str()]).stdout);
    let lines: Vec<&str> = human.lines().collect();
    // The unknown key is reported after the missing one, under the same line.
    let source = lines
        .iter()
        .rposition(|l| l.contains("actul: \"100%\""))
        .expect("the source line");
    let caret = lines[source + 1];
    // Display columns: CJK characters take two, the gutter's box drawing one.
    let width = |s: &str| {
        s.chars()
            .map(|c| {
                if matches!(c as u32, 0x3000..=0x9FFF | 0xFF00..=0xFF60) {
                    2
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    let before = &lines[source][..lines[source].find("actul").expect("key")];
    let under = &caret[..caret.find('^').expect("a caret")];
    assert_eq!(width(under), width(before), "\n{}\n{caret}", lines[source]);
    assert!(caret.trim_end().ends_with("^^^^^"), "{caret}");
}

#[test]
fn the_rule_page_and_the_schemas_are_generated_from_the_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md");
    assert_eq!(
        page,
        yujuesuan::cli::rules_markdown(),
        "run `yujuesuan rules > docs/rules.md`"
    );
    for (file, generate) in yujuesuan::load::SCHEMA_FILES {
        let path = root.join(format!(
            "docs/schema/{}.schema.json",
            file.trim_end_matches(".yaml")
        ));
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
                .expect("JSON");
        assert_eq!(
            committed,
            generate(),
            "run `yujuesuan schema --out docs/schema`"
        );
    }
    for entry in std::fs::read_dir(beiguan()).expect("example") {
        let path = entry.expect("entry").path();
        let first = std::fs::read_to_string(&path)
            .expect("read")
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        let name = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            first,
            format!("# yaml-language-server: $schema=../../docs/schema/{name}.schema.json")
        );
    }
}
