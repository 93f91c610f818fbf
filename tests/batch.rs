//! Many reports at once: built in parallel into one directory, each unit's outcome
//! reported, a bad unit not stopping the others; and one report rebuilt warm (`watch`).

use std::path::Path;
use std::process::Command;

use yujuesuan::{Error, Options, Session};

use crate::common::{FONTS, TempDir, edit, example_copy, pdftotext, squeeze};

/// A copy of the minimal valid report named `name` inside `parent`.
fn unit(parent: &Path, name: &str) -> std::path::PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(&dir).expect("dir");
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
    for entry in std::fs::read_dir(base).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

#[test]
fn a_batch_builds_every_good_unit_and_reports_the_bad_one() {
    let root = TempDir::new("batch");
    let (a, b, bad) = (
        unit(root.path(), "甲单位"),
        unit(root.path(), "乙单位"),
        unit(root.path(), "丙单位"),
    );
    edit(&bad, "basic.yaml", "\"30101\": 60", "\"30101\": 61");
    let out = root.path().join("pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
        .arg("build")
        .args([&a, &bad, &b])
        .arg("--out-dir")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for name in ["甲单位", "乙单位"] {
        let pdf = std::fs::read(out.join(format!("{name}.pdf"))).expect("written");
        assert!(pdf.starts_with(b"%PDF-"));
    }
    assert!(!out.join("丙单位.pdf").exists(), "no PDF for bad data");
    assert!(
        stderr.contains("有误") && stderr.contains("丙单位"),
        "{stderr}"
    );
    assert!(
        stderr.contains("共 3 个报告：成功 2，数据有误 1，失败 0"),
        "{stderr}"
    );
}

#[test]
fn a_session_rebuilds_after_a_change_and_keeps_the_pdf_when_the_data_breaks() {
    let dir = example_copy("xinxiang-2024", "session");
    let out = TempDir::new("session-out");
    let pdf = out.path().join("report.pdf");
    let mut session = Session::new(dir.path(), &pdf, &Options::default(), FONTS.clone());
    session.rebuild().expect("builds");
    let first = std::fs::read(&pdf).expect("pdf");
    assert!(squeeze(&pdftotext(&first)).contains("主要原因是单位压缩各项经费预算。"));
    edit(
        dir.path(),
        "explanation.yaml",
        "单位压缩各项经费预算",
        "单位严格压缩经费预算",
    );
    assert!(session.rebuild().expect("rebuilds").written);
    let second = std::fs::read(&pdf).expect("pdf");
    assert!(squeeze(&pdftotext(&second)).contains("主要原因是单位严格压缩经费预算。"));
    // Saved again unchanged: nothing to do. The PDF gone: written again.
    assert!(!session.rebuild().expect("rebuilds").written);
    std::fs::remove_file(&pdf).expect("removes");
    assert!(session.rebuild().expect("rebuilds").written);
    assert_eq!(std::fs::read(&pdf).expect("pdf"), second);
    edit(dir.path(), "sangong.yaml", "actual:", "actul:");
    let Err(Error::Findings { findings, .. }) = session.rebuild() else {
        panic!("the broken data is reported");
    };
    assert!(findings.iter().any(|f| f.is_error()));
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        second,
        "the last PDF stays"
    );
}

/// Waits for a line of `lines` containing `text`, failing after two minutes.
fn wait_for(lines: &std::sync::mpsc::Receiver<String>, text: &str, seen: &mut String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !seen.contains(text) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => seen.push_str(&(line + "\n")),
            Err(_) => panic!("watch never printed {text:?}; it printed:\n{seen}"),
        }
    }
    seen.clear();
}

#[test]
fn watch_rebuilds_on_save_and_reports_broken_data_without_writing() {
    use std::io::BufRead;
    let root = TempDir::new("watch");
    let dir = unit(root.path(), "watched");
    let pdf = root.path().join("watched.pdf");
    // A template override, given as a path relative to the working directory.
    let overview = root.path().join("my-format/text/overview.tera");
    std::fs::create_dir_all(overview.parent().expect("dir")).expect("dir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/henan-department/text/overview.tera"),
        &overview,
    )
    .expect("copies");
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_yujuesuan"))
            .arg("watch")
            .arg(&dir)
            .args(["--templates", "my-format", "-o"])
            .arg(&pdf)
            .current_dir(root.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = send.send(line);
        }
    });
    let mut seen = String::new();
    wait_for(&lines, "已生成", &mut seen);
    assert!(squeeze(&pdftotext(&std::fs::read(&pdf).expect("pdf"))).contains("贯彻执行人力资源"));

    edit(
        &dir,
        "report.yaml",
        "贯彻执行人力资源和社会保障",
        "贯彻落实劳动就业",
    );
    wait_for(&lines, "已生成", &mut seen);
    let second = std::fs::read(&pdf).expect("pdf");
    assert!(squeeze(&pdftotext(&second)).contains("贯彻落实劳动就业法律"));

    let template = std::fs::read_to_string(&overview).expect("reads");
    std::fs::write(
        &overview,
        template.replace("# 机构设置\n", "# 机构设置情况\n"),
    )
    .expect("writes");
    wait_for(&lines, "已生成", &mut seen);
    let second = std::fs::read(&pdf).expect("pdf");
    assert!(squeeze(&pdftotext(&second)).contains("二、机构设置情况"));

    edit(&dir, "basic.yaml", "\"30101\": 60", "\"30101\": 61");
    wait_for(&lines, "数据有误，未生成", &mut seen);
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        second,
        "the last PDF stays"
    );
}

/// A child process killed when the test ends, however it ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
