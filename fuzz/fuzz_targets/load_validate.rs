//! Fuzzes load + validate (and, for data that validates, compute, narrate and layout):
//! the first byte picks which file of a minimal valid report (决算 or 预算) the rest
//! replaces.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use yujuesuan::Options;

/// (fixture under tests/fixtures/valid, file it replaces).
const CASES: [(&str, &str); 13] = [
    ("minimal", "report.yaml"),
    ("minimal", "accounts.yaml"),
    ("minimal", "basic.yaml"),
    ("minimal", "sangong.yaml"),
    ("minimal", "explanation.yaml"),
    ("minimal", "performance.yaml"),
    ("minimal", "totals.yaml"),
    ("minimal", "glossary.yaml"),
    ("minimal", "codes.yaml"),
    ("budget-minimal", "report.yaml"),
    ("budget-minimal", "budget.yaml"),
    ("budget-minimal", "targets.yaml"),
    ("budget-minimal", "notes.yaml"),
];

fn base(fixture: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/valid")
        .join(fixture)
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else { return };
    let dir = std::env::temp_dir().join(format!("yujuesuan-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (fixture, file) = CASES[which as usize % CASES.len()];
    for entry in std::fs::read_dir(base(fixture)).expect("the minimal report") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(dir.join(file), text).expect("write");
    // Errors are expected; a panic is the bug being looked for.
    let _ = yujuesuan::prepare(&dir, &Options::default());
});
