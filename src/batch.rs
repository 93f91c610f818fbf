//! Many reports at once (a finance bureau's units): built in parallel with the fonts loaded
//! once; a unit with bad data or a failing build does not stop the others.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use typst_kit::fonts::FontStore;

use crate::finding::Finding;
use crate::load::Sources;
use crate::{Error, Options};

/// How one unit's build ended.
#[derive(Debug)]
pub enum UnitOutcome {
    /// The PDF was written; the data had this many warnings.
    Built {
        /// Warnings about the data.
        warnings: usize,
    },
    /// The data has errors; nothing was written.
    Findings {
        /// Every finding, errors and warnings.
        findings: Vec<Finding>,
        /// The files they are about.
        sources: Sources,
    },
    /// The build failed (unreadable input, a template error, a write error).
    Failed(String),
}

/// One unit of a batch: its directory, its PDF and how its build ended.
#[derive(Debug)]
pub struct Unit {
    /// The report directory.
    pub dir: PathBuf,
    /// Where its PDF goes.
    pub output: PathBuf,
    /// How the build ended.
    pub outcome: UnitOutcome,
}

/// Builds every report of `dirs` into `out_dir/<directory name>.pdf`, as many at once as
/// rayon has threads; `done` is told about each unit as it finishes (for a progress bar).
/// The units come back in the order of `dirs`.
pub fn build_all(
    dirs: &[PathBuf],
    out_dir: &Path,
    options: &Options,
    fonts: Arc<FontStore>,
    done: &(dyn Fn(&Unit) + Sync),
) -> Result<Vec<Unit>, Error> {
    let outputs = outputs(dirs, out_dir)?;
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    // Each worker takes the next unit when it has finished its last, and builds it alone on
    // a one-thread rayon pool of its own: typst's parallel layout and the PDF's page
    // compression run inline. In one shared pool, a worker waited for its jobs behind the
    // other's, and each thread freed what the other had allocated: two cores were 89-90 %
    // busy, 94-96 % now with mimalloc as the binary's allocator. Not a rayon parallel
    // iterator over the units: a worker waiting inside typst's layout would steal the next
    // units and start them on top of its unfinished one, until the whole batch is in
    // progress, and in memory, at once.
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, dirs.len().max(1));
    let mut units: Vec<(usize, Unit)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let work = || {
                        let mut built = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let (Some(dir), Some(output)) = (dirs.get(i), outputs.get(i)) else {
                                return built;
                            };
                            let unit = build_unit(dir, output, options, &fonts);
                            done(&unit);
                            built.push((i, unit));
                        }
                    };
                    // A worker alone (one unit, or one thread) leaves typst's jobs to the
                    // shared pool, whose threads it then has to itself; so does one that
                    // the system refused a thread for its own.
                    let own = if threads > 1 {
                        rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()
                    } else {
                        None
                    };
                    match own {
                        Some(pool) => pool.install(work),
                        None => work(),
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    });
    units.sort_by_key(|(i, _)| *i);
    Ok(units.into_iter().map(|(_, unit)| unit).collect())
}

/// Builds one unit, and says how it ended.
fn build_unit(dir: &Path, output: &Path, options: &Options, fonts: &Arc<FontStore>) -> Unit {
    let outcome = match crate::build(dir, output, options, fonts.clone()) {
        Ok(prepared) => UnitOutcome::Built {
            warnings: prepared.warnings.len(),
        },
        Err(Error::Findings { findings, sources }) => UnitOutcome::Findings { findings, sources },
        Err(other) => UnitOutcome::Failed(other.to_string()),
    };
    // Drop what typst memoised that no build has used since the previous unit (of any
    // worker) ended; what the units in progress use stays. The caches would otherwise grow
    // with every unit, and so would the time of each lookup and the memory. Keeping one
    // unit more (`evict(2)`) saved no time and held 50 MB more.
    typst::comemo::evict(1);
    Unit {
        dir: dir.to_path_buf(),
        output: output.to_path_buf(),
        outcome,
    }
}

/// The PDF of each directory, named after it; two directories of one name would overwrite
/// each other's PDF.
fn outputs(dirs: &[PathBuf], out_dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut outputs: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let name = dir
            .canonicalize()
            .unwrap_or_else(|_| dir.clone())
            .file_name()
            .map_or_else(|| "report".to_owned(), |n| n.to_string_lossy().into_owned());
        let output = out_dir.join(format!("{name}.pdf"));
        if outputs.contains(&output) {
            return Err(Error::Usage(format!(
                "两个数据目录同名“{name}”，生成的 PDF 会互相覆盖：请改名或分批生成"
            )));
        }
        outputs.push(output);
    }
    Ok(outputs)
}
