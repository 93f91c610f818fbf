//! The generated text of the Beiguan report against its reviewed golden file.

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
