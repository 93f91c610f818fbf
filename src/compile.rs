//! Compile stage: the Typst world → PDF bytes, and the atomic write of the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_kit::diagnostics::{DiagnosticFormat, emit, termcolor::NoColor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::world::ReportWorld;

/// Typst rejected the templates (a template error, never a data error).
#[derive(Debug, thiserror::Error)]
#[error("排版模板出错：\n{0}")]
pub struct CompileError(pub String);

/// Compiles the world into PDF bytes stamped with `date` and identified by `ident`.
pub fn compile(world: &ReportWorld, date: Datetime, ident: &str) -> Result<Vec<u8>, CompileError> {
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(world);
    let document = output.map_err(|errors| CompileError(render(world, &errors)))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        timestamp: Some(Timestamp::new_utc(date)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| CompileError(render(world, &errors)))
}

/// Renders Typst diagnostics with their template file, line and column.
fn render(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    if emit(&mut out, world, diagnostics, DiagnosticFormat::Human).is_err() {
        return diagnostics
            .iter()
            .map(|d| format!("{}\n", d.message))
            .collect();
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so that a
/// failed build never leaves a partial file and an existing one stays until replaced.
/// There is no fsync: the swap or rename is what keeps readers from a partial file, and a
/// PDF lost to a power cut is rebuilt from its data (cargo and typst write the same way).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        replace(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Puts the file `temp` in place of `path` in one step. An existing file is swapped with
/// it and then removed: a rename over an existing file makes ext4 start writing the new
/// one's blocks before it returns (1.3 ms for a 1 MB PDF here), a swap does not. A
/// directory is never swapped away; where there is nothing to swap, or the file system
/// cannot, it is a rename (which refuses a directory).
#[cfg(target_os = "linux")]
fn replace(temp: &Path, path: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir && renameat_with(CWD, temp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
        return std::fs::remove_file(temp);
    }
    std::fs::rename(temp, path)
}

#[cfg(not(target_os = "linux"))]
fn replace(temp: &Path, path: &Path) -> std::io::Result<()> {
    std::fs::rename(temp, path)
}
