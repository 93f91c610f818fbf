//! Template packs: exported, edited and used as a format of their own; overridden file by
//! file; template errors located; the override directory confined.

use std::path::{Path, PathBuf};
use std::process::Command;

use yujuesuan::{Error, Options};

use crate::common::{FONTS, TempDir, edit, pdftotext, squeeze};

fn minimal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal")
}

/// A copy of the minimal valid report.
fn report(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    for entry in std::fs::read_dir(minimal()).expect("minimal") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn with(templates: &Path) -> Options {
    Options {
        templates: Some(templates.to_path_buf()),
    }
}

fn export(format: &str, into: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
        .args(["templates", "export"])
        .arg(into)
        .args(["--format", format])
        .status()
        .expect("runs");
    assert!(status.success());
}

/// Exporting again into a directory whose templates were edited keeps them, unless forced;
/// files as exported are written again without complaint.
#[test]
fn an_export_keeps_edited_templates_unless_forced() {
    let pack = TempDir::new("pack-export-again");
    export("henan-department", pack.path());
    export("henan-department", pack.path());
    edit(
        pack.path(),
        "text/overview.tera",
        "# 机构设置\n",
        "# 机构设置情况\n",
    );
    let again = |force: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
            .args(["templates", "export"])
            .arg(pack.path())
            .args(force)
            .output()
            .expect("runs")
    };
    let refused = again(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("中已有 1 个文件与格式自带的不同（text/overview.tera）"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let overview = pack.path().join("text/overview.tera");
    let read = || std::fs::read_to_string(&overview).expect("reads");
    assert!(read().contains("# 机构设置情况\n"), "the edit stays");
    assert!(again(&["--force"]).status.success());
    assert!(
        !read().contains("# 机构设置情况\n"),
        "forced: the format's own"
    );
}

/// A format made only of exported and edited files, named in the data, builds.
#[test]
fn an_exported_and_edited_pack_is_a_new_format() {
    let pack = TempDir::new("pack-new-format");
    export("henan-department", pack.path());
    edit(
        pack.path(),
        "text/explanation/total.tera",
        "# 收入支出决算总体情况说明",
        "# 收入支出总体情况",
    );
    edit(
        pack.path(),
        "text/explanation/total.tera",
        "年度收、支总计均为",
        "年度，本部门的收、支总计都是",
    );
    edit(
        pack.path(),
        "format.yaml",
        "rate_down: 下降",
        "rate_down: 降低",
    );
    edit(
        pack.path(),
        "typst/main.typ",
        "\"年度\" + meta.entity + \"决算表\"",
        "\"年度\" + meta.entity + \"决算报表\"",
    );
    let data = report("pack-new-format-data");
    edit(
        data.path(),
        "report.yaml",
        "format: henan-department",
        "format: 示例市部门决算",
    );
    // Without the pack the format is unknown.
    let Err(Error::Format(unknown)) = yujuesuan::prepare(data.path(), &Options::default()) else {
        panic!("an unknown format is an error");
    };
    assert!(unknown.to_string().contains("示例市部门决算"));
    let prepared = yujuesuan::prepare(data.path(), &with(pack.path())).expect("prepares");
    let text = prepared.text.to_plain();
    assert!(text.contains("一、收入支出总体情况"), "{text}");
    assert!(text.contains("年度，本部门的收、支总计都是"), "{text}");
    assert!(text.contains("降低"), "the format's rate verb: {text}");
    let pdf = yujuesuan::render(&prepared, FONTS.clone()).expect("compiles");
    assert!(squeeze(&pdftotext(&pdf)).contains("2024年度部门决算报表"));
}

/// An override directory replaces only the files it holds.
#[test]
fn an_override_replaces_one_file_and_keeps_the_rest() {
    let pack = TempDir::new("pack-override");
    std::fs::create_dir_all(pack.path().join("text/explanation")).expect("dir");
    std::fs::write(
        pack.path().join("text/explanation/procurement.tera"),
        "# 政府采购情况\n本年度政府采购支出总额{{ procurement.total }}万元。\n",
    )
    .expect("write");
    let prepared = yujuesuan::prepare(&minimal(), &with(pack.path())).expect("prepares");
    let text = prepared.text.to_plain();
    assert!(
        text.contains("十一、政府采购情况\n本年度政府采购支出总额0万元。"),
        "{text}"
    );
    assert!(
        text.contains("十二、国有资产占用情况说明"),
        "the other sections stay"
    );
}

/// A Tera error names the override file with its line and column.
#[test]
fn a_text_template_error_names_its_file_line_and_column() {
    let pack = TempDir::new("pack-tera-error");
    std::fs::create_dir_all(pack.path().join("text/explanation")).expect("dir");
    std::fs::write(
        pack.path().join("text/explanation/assets.tera"),
        "# 国有资产\n共有车辆{{ assets.vehicles }辆。\n",
    )
    .expect("write");
    let error = yujuesuan::prepare(&minimal(), &with(pack.path())).expect_err("fails");
    let message = error.to_string();
    let file = pack
        .path()
        .join("text/explanation/assets.tera")
        .display()
        .to_string();
    assert!(matches!(error, Error::Narrate(_)), "{message}");
    assert!(message.contains(&format!("{file}:2:")), "{message}");
}

/// Neither a symlink nor a path in a template reads a file outside the directory.
#[test]
fn the_override_directory_is_confined() {
    let outside = TempDir::new("pack-outside");
    std::fs::write(outside.path().join("secret.tera"), "# 泄露\n机密内容\n").expect("write");
    let pack = TempDir::new("pack-confined");
    std::fs::create_dir_all(pack.path().join("text/explanation")).expect("dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.tera"),
        pack.path().join("text/explanation/assets.tera"),
    )
    .expect("symlink");
    std::fs::create_dir_all(pack.path().join("typst")).expect("dir");
    std::fs::write(
        pack.path().join("typst/main.typ"),
        "#read(\"../../../../../../etc/hostname\")\n",
    )
    .expect("write");
    let prepared = yujuesuan::prepare(&minimal(), &with(pack.path())).expect("prepares");
    assert!(!prepared.text.to_plain().contains("机密内容"));
    let error = yujuesuan::render(&prepared, FONTS.clone()).expect_err("cannot read outside");
    assert!(matches!(error, Error::Compile(_)), "{error}");
}

/// A format names the data it needs; without it the build stops and says what is missing.
#[test]
fn a_format_requires_its_data() {
    let data = report("pack-requires");
    let perf = std::fs::read_to_string(data.path().join("performance.yaml")).expect("read");
    let (head, rest) = perf.split_once("whole:").expect("whole");
    let rest = &rest[rest.find("projects:").expect("projects")..];
    std::fs::write(
        data.path().join("performance.yaml"),
        format!("{head}{rest}"),
    )
    .expect("write");
    let Err(Error::Findings { findings, .. }) =
        yujuesuan::prepare(data.path(), &Options::default())
    else {
        panic!("stops");
    };
    assert_eq!(findings[0].rule, "format-requires");
    assert!(findings[0].message.contains("部门整体支出绩效自评情况表"));
}
