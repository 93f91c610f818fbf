//! Shared fixtures: the fonts, the examples built once, pdftotext.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, LazyLock};

use typst_kit::fonts::FontStore;
use yujuesuan::fonts::FontOptions;
use yujuesuan::{Options, Prepared};

/// The embedded fonts, loaded once for every test.
pub static FONTS: LazyLock<Arc<FontStore>> =
    LazyLock::new(|| Arc::new(yujuesuan::fonts::load(&FontOptions::default())));

/// The Beiguan example directory.
pub fn beiguan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/beiguan-2024")
}

/// An example report, prepared and compiled once.
pub struct Built {
    pub prepared: Prepared,
    pub pdf: Vec<u8>,
    /// `pdftotext -layout` of the PDF.
    pub text: String,
}

impl Built {
    /// Prepares and compiles the example `name` of examples/.
    pub fn example(name: &str) -> Built {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name);
        let prepared = yujuesuan::prepare(&dir, &Options::default())
            .unwrap_or_else(|e| panic!("{name} prepares: {e}"));
        let pdf = yujuesuan::render(&prepared, FONTS.clone())
            .unwrap_or_else(|e| panic!("{name} compiles: {e}"));
        let text = pdftotext(&pdf);
        Built {
            prepared,
            pdf,
            text,
        }
    }
}

pub static BEIGUAN: LazyLock<Built> = LazyLock::new(|| Built::example("beiguan-2024"));
pub static XINXIANG: LazyLock<Built> = LazyLock::new(|| Built::example("xinxiang-2024"));
pub static LINGYUAN: LazyLock<Built> = LazyLock::new(|| Built::example("lingyuan-2024"));
pub static YINDU: LazyLock<Built> = LazyLock::new(|| Built::example("yindu-2024-budget"));

/// A temporary directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory, unique to this call: tests run in parallel threads of one
    /// process, so the process id alone would let two of them share (and delete) one.
    pub fn new(name: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("yujuesuan-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of the Beiguan example in a temporary directory, to be edited by a test.
pub fn beiguan_copy(name: &str) -> TempDir {
    example_copy("beiguan-2024", name)
}

/// A copy of the example `example` in a temporary directory, to be edited by a test.
pub fn example_copy(example: &str, name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    for entry in std::fs::read_dir(source).expect("example dir") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

/// Replaces `from` by `to` in a file of a report directory, asserting that it occurs.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The text of a PDF as `pdftotext -layout` extracts it.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = TempDir::new("pdftotext");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

/// The text with every whitespace and the page footers (—3—) removed, so that sentences
/// broken across lines and pages can be searched.
pub fn squeeze(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let compact: String = line
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
            .collect();
        let footer = compact.starts_with('—')
            && compact.ends_with('—')
            && compact
                .trim_matches('—')
                .chars()
                .all(|c| c.is_ascii_digit());
        if !footer {
            out.push_str(&compact);
        }
    }
    out
}
