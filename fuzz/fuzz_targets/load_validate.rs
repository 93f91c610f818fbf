//! Fuzzes load + validate (and, for data that validates, compute, narrate and layout):
//! the first byte picks which file of the minimal valid report the rest replaces.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use yujuesuan::Options;

const FILES: [&str; 9] = [
    "report.yaml",
    "accounts.yaml",
    "basic.yaml",
    "sangong.yaml",
    "explanation.yaml",
    "performance.yaml",
    "totals.yaml",
    "glossary.yaml",
    "codes.yaml",
];

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid/minimal")
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else { return };
    let dir = std::env::temp_dir().join(format!("yujuesuan-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(base()).expect("the minimal report") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(dir.join(FILES[which as usize % FILES.len()]), text).expect("write");
    // Errors are expected; a panic is the bug being looked for.
    let _ = yujuesuan::prepare(&dir, &Options::default());
});
