//! yujuesuan (预决算): the YAML data of a Chinese department's final accounts → its public
//! disclosure report as a PDF.
//!
//! The pipeline follows the data: [`load`] the YAML files → [`compute`] every table and
//! figure → [`validate`] the data against the figures → [`narrate`] the text with Tera →
//! [`layout`] the values for Typst → [`compile`] the PDF in-process.

pub mod batch;
pub mod cli;
pub mod codes;
pub mod compile;
pub mod compute;
pub mod diff;
pub mod finding;
pub mod fonts;
pub mod format;
pub mod layout;
pub mod load;
pub mod model;
pub mod narrate;
pub mod validate;
pub mod wording;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::foundations::Datetime;
use typst_kit::fonts::FontStore;

use crate::compute::Figures;
use crate::compute::budget::BudgetFigures;
use crate::finding::Finding;
use crate::format::{DocumentKind, FormatError, Pack, Settings};
use crate::layout::DataFiles;
use crate::load::{LoadError, LoadFailure, Sources};
use crate::model::budget::BudgetReport;
use crate::model::{Document, Report, ReportInfo, Term};
use crate::narrate::{NarrateError, Text};

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data could not be read.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n"))]
    Load(Vec<LoadError>),
    /// The format or its settings are unusable.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The data has errors: the findings say where and how to fix them.
    #[error("数据有 {} 处错误，未生成报告", .findings.iter().filter(|f| f.is_error()).count())]
    Findings {
        /// Every finding, errors and warnings.
        findings: Vec<Finding>,
        /// The files they are about.
        sources: Sources,
    },
    /// A text template failed.
    #[error(transparent)]
    Narrate(#[from] NarrateError),
    /// A Typst template failed.
    #[error(transparent)]
    Compile(#[from] compile::CompileError),
    /// The command line asks for something that does not exist.
    #[error("{0}")]
    Usage(String),
    /// The PDF could not be written.
    #[error("无法写入 {}：{source}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// The process exit code: 1 for findings in the data, 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        if matches!(self, Error::Findings { .. }) {
            1
        } else {
            2
        }
    }
}

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A directory whose files override the format's templates.
    pub templates: Option<PathBuf>,
}

/// A report's data with every figure computed from it.
#[derive(Debug)]
pub enum Computed {
    /// 部门决算 / 单位决算.
    Final {
        /// The data.
        report: Box<Report>,
        /// Every computed figure.
        figures: Box<Figures>,
    },
    /// 部门预算.
    Budget {
        /// The data.
        report: Box<BudgetReport>,
        /// Every computed figure.
        figures: Box<BudgetFigures>,
    },
}

impl Computed {
    /// report.yaml.
    pub fn info(&self) -> &ReportInfo {
        match self {
            Computed::Final { report, .. } => &report.info,
            Computed::Budget { report, .. } => &report.info,
        }
    }

    /// The 名词解释 the data gives in place of the format's.
    fn glossary(&self) -> Option<&Vec<Term>> {
        match self {
            Computed::Final { report, .. } => report.glossary.as_ref(),
            Computed::Budget { report, .. } => report.glossary.as_ref(),
        }
    }
}

/// A report read, computed and checked.
#[derive(Debug)]
pub struct Checked {
    /// The data and its figures.
    pub computed: Computed,
    /// Where each value was written.
    pub sources: Sources,
    /// The format's templates.
    pub pack: Pack,
    /// The format's settings.
    pub settings: Settings,
    /// The findings, errors and warnings, sorted by place.
    pub findings: Vec<Finding>,
}

/// A report checked and written out, ready to compile.
#[derive(Debug)]
pub struct Prepared {
    /// The data and its figures.
    pub computed: Computed,
    /// Where each value was written.
    pub sources: Sources,
    /// The format's templates.
    pub pack: Pack,
    /// The format's settings.
    pub settings: Settings,
    /// The generated text.
    pub text: Text,
    /// What the text templates saw (the Tera context), for `yujuesuan context`.
    pub context: serde_json::Value,
    /// The data files for Typst.
    pub data: DataFiles,
    /// Warnings about the data (errors stop the build before this point).
    pub warnings: Vec<Finding>,
}

/// Loads, computes and validates the report in `dir`: every finding, none fatal.
pub fn check(dir: &Path, options: &Options) -> Result<Checked, Error> {
    check_cached(dir, options, &mut load::Cache::default())
}

/// [`check`], parsing only the files whose text is not in `cache`.
fn check_cached(dir: &Path, options: &Options, cache: &mut load::Cache) -> Result<Checked, Error> {
    let (document, sources) = match load::load_cached(dir, cache) {
        Ok(loaded) => loaded,
        Err(LoadFailure::Unreadable(errors)) => return Err(Error::Load(errors)),
        Err(LoadFailure::Invalid(sources, findings)) => {
            return Err(Error::Findings { findings, sources });
        }
    };
    let info = document.info();
    let pack = Pack::open(&info.format, options.templates.as_deref())?;
    let settings = pack.settings(&info.settings)?;
    let found = match document {
        Document::Final(_) => DocumentKind::Final,
        Document::Budget(_) => DocumentKind::Budget,
    };
    if settings.document != found {
        return Err(FormatError::Kind {
            format: info.format.clone(),
            expects: settings.document.name(),
            found: found.name(),
        }
        .into());
    }
    let (computed, findings) = match document {
        Document::Final(report) => {
            let figures = compute::compute(&report, &settings);
            let findings = validate::validate(&report, &sources, &figures, &settings);
            let figures = Box::new(figures);
            (Computed::Final { report, figures }, findings)
        }
        Document::Budget(report) => {
            let figures = compute::budget::compute(&report, &settings);
            let findings = validate::budget::validate(&report, &sources, &figures, &settings);
            let figures = Box::new(figures);
            (Computed::Budget { report, figures }, findings)
        }
    };
    Ok(Checked {
        computed,
        sources,
        pack,
        settings,
        findings,
    })
}

/// Checks the report in `dir`, stops on errors, and writes its text and layout data.
pub fn prepare(dir: &Path, options: &Options) -> Result<Prepared, Error> {
    prepare_cached(dir, options, &mut load::Cache::default())
}

/// [`prepare`], parsing only the files whose text is not in `cache`.
fn prepare_cached(
    dir: &Path,
    options: &Options,
    cache: &mut load::Cache,
) -> Result<Prepared, Error> {
    let checked = check_cached(dir, options, cache)?;
    if checked.findings.iter().any(Finding::is_error) {
        let Checked {
            findings, sources, ..
        } = checked;
        return Err(Error::Findings { findings, sources });
    }
    write_out(checked)
}

/// Narrates a checked report and writes its layout data, whatever its findings: the
/// figures come from the leaves, not from the stated totals an error may be about.
fn write_out(checked: Checked) -> Result<Prepared, Error> {
    let Checked {
        computed,
        sources,
        pack,
        settings,
        findings,
    } = checked;
    let glossary = match computed.glossary() {
        Some(terms) => terms.clone(),
        None => pack.glossary()?,
    };
    let (text, context, data) = match &computed {
        Computed::Final { report, figures } => {
            let context = narrate::context(report, figures, &settings, &glossary);
            let mut text = narrate::narrate(&context, &settings, &pack)?;
            if settings.attachments {
                text.attachments = narrate::attachments(&report.performance.reports);
            }
            let data = layout::layout(report, figures, &text, &context, &settings);
            (text, as_value(&context), data)
        }
        Computed::Budget { report, figures } => {
            let context = narrate::budget::context(report, figures, &settings, &glossary);
            let text = narrate::narrate(&context, &settings, &pack)?;
            let data = layout::budget::layout(report, figures, &text, &context, &settings);
            (text, as_value(&context), data)
        }
    };
    Ok(Prepared {
        computed,
        sources,
        pack,
        settings,
        text,
        context,
        data,
        warnings: findings,
    })
}

/// One side of a diff.
#[derive(Debug)]
pub struct Side {
    /// Its text.
    pub document: diff::Document,
    /// The errors in its data: a draft being corrected may have some (a leaf changed and
    /// totals.yaml not yet), and its text is then the one its leaves give.
    pub errors: usize,
}

/// The text of one side of a diff: a report directory's generated text, or a plain-text
/// file (e.g. a published report read with `pdftotext -layout`). Data that cannot be read
/// or does not fit the schema has no text, and is an error.
pub fn document(path: &Path, options: &Options) -> Result<Side, Error> {
    if path.is_dir() {
        let checked = check(path, options)?;
        let errors = checked.findings.iter().filter(|f| f.is_error()).count();
        let prepared = write_out(checked)?;
        return Ok(Side {
            document: diff::Document::from_text(&prepared.text),
            errors,
        });
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::Usage(format!("无法读取 {}：{e}", path.display())))?;
    let text = plain_text(&bytes).ok_or_else(|| {
        Error::Usage(if bytes.starts_with(b"%PDF-") {
            format!(
                "{0} 是 PDF，不是文本：请先提取其文字（pdftotext -layout {0} 报告.txt），再比较该文本文件",
                path.display()
            )
        } else {
            format!(
                "{} 不是文本文件（UTF-8、UTF-16 或 GBK）：请给出报告目录，或报告的文本文件（如 pdftotext 的输出）",
                path.display()
            )
        })
    })?;
    Ok(Side {
        document: diff::Document::from_plain(&text),
        errors: 0,
    })
}

/// A text file's text, as Notepad saves it: in the encoding its byte-order mark names
/// (UTF-8, or UTF-16 for “Unicode”), else UTF-8 or, since “ANSI” is GBK on a Chinese
/// Windows, GB18030 (GBK's superset). Bytes that are none of these, or hold a NUL, are no
/// text.
fn plain_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use encoding_rs::{Encoding, GB18030, UTF_8};
    let (encoding, mark) = Encoding::for_bom(bytes).unwrap_or((UTF_8, 0));
    let bytes = &bytes[mark..];
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .or_else(|| {
            (mark == 0)
                .then(|| GB18030.decode_without_bom_handling_and_without_replacement(bytes))
                .flatten()
        })?;
    (!text.contains('\0')).then_some(text)
}

/// A context as JSON; its types are plain structs with string keys, which always convert.
fn as_value(context: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(context).expect("the text context converts to JSON")
}

/// Builds the PDF of the report in `dir` and writes it atomically to `output`.
pub fn build(
    dir: &Path,
    output: &Path,
    options: &Options,
    fonts: Arc<FontStore>,
) -> Result<Prepared, Error> {
    let prepared = prepare(dir, options)?;
    let pdf = render(&prepared, fonts)?;
    compile::write_atomic(output, &pdf).map_err(|source| Error::Write {
        path: output.to_path_buf(),
        source,
    })?;
    Ok(prepared)
}

/// Compiles a prepared report into PDF bytes.
pub fn render(prepared: &Prepared, fonts: Arc<FontStore>) -> Result<Vec<u8>, Error> {
    let (date, ident) = compile_inputs(prepared, &fonts)?;
    let world = world::ReportWorld::new(prepared.pack.clone(), prepared.data.clone(), fonts, date);
    Ok(compile::compile(&world, date, &ident)?)
}

/// What a compile of `prepared` needs besides the files: every font the data asks for and
/// every character's glyph, the document date and the PDF's identifier.
fn compile_inputs(prepared: &Prepared, fonts: &FontStore) -> Result<(Datetime, String), Error> {
    let info = prepared.computed.info();
    let missing = validate::fonts(info, &prepared.sources, fonts.book());
    if !missing.is_empty() {
        return Err(Error::Findings {
            findings: missing,
            sources: prepared.sources.clone(),
        });
    }
    let ident = format!("{}-{}", info.department.name, info.year);
    Ok((document_date(info), ident))
}

/// One report rebuilt again and again (`watch`): the parsed files, the fonts and the typst
/// world stay, so that only what changed since the last build is parsed and laid out again.
pub struct Session {
    dir: PathBuf,
    output: PathBuf,
    options: Options,
    fonts: Arc<FontStore>,
    cache: load::Cache,
    world: Option<world::ReportWorld>,
    last: Option<Written>,
    builds: usize,
}

/// What the last PDF was compiled from besides the data files and date the world still
/// serves, and the file as it was written.
#[derive(PartialEq)]
struct Written {
    templates: Vec<(String, Option<Vec<u8>>)>,
    ident: String,
    file: Option<(u64, std::time::SystemTime)>,
}

/// A rebuild's report and whether it wrote the PDF.
pub struct Rebuilt {
    /// The report as prepared (its warnings, text and sources).
    pub prepared: Prepared,
    /// False when nothing the PDF is made of had changed and the PDF was left as it was.
    pub written: bool,
}

impl Session {
    /// A session building the report in `dir` into `output`.
    pub fn new(dir: &Path, output: &Path, options: &Options, fonts: Arc<FontStore>) -> Session {
        Session {
            dir: dir.to_path_buf(),
            output: output.to_path_buf(),
            options: options.clone(),
            fonts,
            cache: load::Cache::default(),
            world: None,
            last: None,
            builds: 0,
        }
    }

    /// Reads, checks and compiles the report again and writes the PDF atomically; on
    /// findings or errors nothing is written. When the data files, the templates and the
    /// date are those of the last PDF, and that PDF is still in place, it is not rebuilt.
    pub fn rebuild(&mut self) -> Result<Rebuilt, Error> {
        let prepared = prepare_cached(&self.dir, &self.options, &mut self.cache)?;
        let (date, ident) = compile_inputs(&prepared, &self.fonts)?;
        let pack = &prepared.pack;
        let inputs = Written {
            templates: pack
                .files_under("typst")
                .into_iter()
                .map(|rel| {
                    let bytes = pack.read(&rel).ok().flatten();
                    (rel, bytes)
                })
                .collect(),
            ident,
            file: stamp(&self.output),
        };
        let served = |world: &world::ReportWorld| world.serves(&prepared.data, date);
        if self.last.as_ref() == Some(&inputs) && self.world.as_ref().is_some_and(served) {
            return Ok(Rebuilt {
                prepared,
                written: false,
            });
        }
        self.last = None;
        let (pack, data) = (prepared.pack.clone(), prepared.data.clone());
        let world = match &mut self.world {
            Some(world) => {
                world.update(pack, data, date);
                world
            }
            None => self.world.insert(world::ReportWorld::new(
                pack,
                data,
                self.fonts.clone(),
                date,
            )),
        };
        let pdf = compile::compile(world, date, &inputs.ident);
        // Keep what the last few compiles memoised, as `typst watch` does; evicting walks
        // every cache, so it is done every few builds.
        self.builds += 1;
        if self.builds.is_multiple_of(4) {
            typst::comemo::evict(3);
        }
        compile::write_atomic(&self.output, &pdf?).map_err(|source| Error::Write {
            path: self.output.clone(),
            source,
        })?;
        self.last = Some(Written {
            file: stamp(&self.output),
            ..inputs
        });
        Ok(Rebuilt {
            prepared,
            written: true,
        })
    }
}

/// The size and modification time of `path`, to tell whether a file is still the one
/// written.
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The document date: `SOURCE_DATE_EPOCH` when set, else the first day of the publication
/// month, so that the same data always gives the same PDF.
fn document_date(info: &ReportInfo) -> Datetime {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let (year, month, day) = match epoch {
        Some(seconds) => civil_from_days(seconds.div_euclid(86_400)),
        None => {
            let (y, m) = info.published.split_once('-').unwrap_or_default();
            (
                y.parse().unwrap_or(i32::from(info.year) + 1),
                m.parse().unwrap_or(1),
                1,
            )
        }
    };
    // `published` is validated, so the fallback only guards against a bad SOURCE_DATE_EPOCH.
    Datetime::from_ymd_hms(year, month, day, 0, 0, 0).unwrap_or_else(|| {
        Datetime::from_ymd_hms(i32::from(info.year) + 1, 1, 1, 0, 0, 0).expect("January 1st exists")
    })
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}
