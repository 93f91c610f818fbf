//! Fonts: the embedded Noto CJK subsets, plus system fonts and font directories on request,
//! and the check that every character of the data has a glyph.

use std::path::PathBuf;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst_kit::fonts::FontStore;

/// The embedded faces (see data/fonts/README.md).
static EMBEDDED: [&[u8]; 4] = [
    include_bytes!("../data/fonts/NotoSerifCJKsc-Regular.otf"),
    include_bytes!("../data/fonts/NotoSerifCJKsc-Bold.otf"),
    include_bytes!("../data/fonts/NotoSansCJKsc-Regular.otf"),
    include_bytes!("../data/fonts/NotoSansCJKsc-Bold.otf"),
];

/// Which fonts besides the embedded ones to offer Typst.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Also scan the operating system's fonts.
    pub system: bool,
    /// Directories scanned for fonts (recursively).
    pub paths: Vec<PathBuf>,
}

/// Loads the embedded fonts and those the options ask for. Extra fonts come first, so a
/// family the user installed wins over the embedded subset of the same name.
pub fn load(options: &FontOptions) -> FontStore {
    let mut store = FontStore::new();
    for dir in &options.paths {
        store.extend(typst_kit::fonts::scan(dir));
    }
    if options.system {
        store.extend(typst_kit::fonts::system());
    }
    for data in EMBEDDED {
        store.extend(Font::iter(Bytes::new(data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        }));
    }
    store
}

/// The characters of `chars` that no font of `book` has a glyph for (Typst falls back to
/// any of them), sorted. Each font's coverage is walked once beside the sorted characters
/// still uncovered, rather than searched character by character.
pub fn uncovered(book: &FontBook, chars: impl IntoIterator<Item = char>) -> Vec<char> {
    let mut left: Vec<char> = chars.into_iter().filter(|c| !c.is_control()).collect();
    left.sort_unstable();
    left.dedup();
    for info in (0..).map_while(|i| book.info(i)) {
        if left.is_empty() {
            break;
        }
        let mut covered = info.coverage.iter().peekable();
        left.retain(|&c| {
            while covered.next_if(|&code| code < u32::from(c)).is_some() {}
            covered.peek() != Some(&u32::from(c))
        });
    }
    left
}
