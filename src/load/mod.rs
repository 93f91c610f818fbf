//! Load stage: a report directory of YAML files → the typed [`Report`] and a [`Sources`]
//! map that remembers where every value was written.
//!
//! Like cargo's manifest, the typed model carries no positions; the position of a value
//! that parsed fine is looked up by its YAML path only when something reports on it.
//! Each file is read into a tree first (syntax errors stop here), checked against the JSON
//! Schema of the model (every schema problem of every file is reported in one run), and
//! only then deserialized, from the same tree. A [`Cache`] keeps all three per file, so
//! that `watch` parses again only the files that changed.

mod schema;
mod tree;
mod typed;

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use schema::{SCHEMA_FILES, schema_of};

use crate::finding::{Finding, Findings};
use crate::model::budget::{Budget, BudgetNotes, BudgetReport, Targets};
use crate::model::{
    Accounts, BasicSpending, Document, Explanation, LocalCodes, Performance, Report, ReportInfo,
    Sangong, StatedTotals, Term,
};

/// The largest input file accepted: a report's data is a few hundred kilobytes.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A line and column in a source file, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Where a value was written: its position and its bytes in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    location: Location,
    bytes: (usize, usize),
}

/// One loaded input file.
#[derive(Clone)]
pub struct SourceFile {
    /// The file name inside the report directory, e.g. `accounts.yaml`.
    pub name: String,
    /// The path the file was read from.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    spans: HashMap<String, Span>,
    keys: HashMap<String, Span>,
    strings: Vec<(String, String)>,
}

impl SourceFile {
    /// Where the value at `yaml_path` (e.g. `items[3].expense.basic`) was written.
    pub fn locate(&self, yaml_path: &str) -> Option<Location> {
        self.spans.get(yaml_path).map(|s| s.location)
    }

    /// Where the key of the value at `yaml_path` was written (the value's place for a
    /// sequence item).
    pub fn locate_key(&self, yaml_path: &str) -> Option<Location> {
        self.keys
            .get(yaml_path)
            .map(|s| s.location)
            .or_else(|| self.locate(yaml_path))
    }

    /// Every string scalar as (YAML path, text), for checks over all user text.
    pub fn strings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.strings
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
    }

    /// The bytes of the value written at `line`:`column`, for underlining it: the recorded
    /// span, else the word that starts there.
    pub fn byte_range(&self, line: usize, column: usize) -> Option<Range<usize>> {
        let at = Location { line, column };
        if let Some(span) = self
            .spans
            .values()
            .chain(self.keys.values())
            .find(|s| s.location == at)
        {
            let (start, len) = span.bytes;
            let end = (start + len.max(1)).min(self.text.len());
            if start < end && self.text.is_char_boundary(start) && self.text.is_char_boundary(end) {
                return Some(start..end);
            }
        }
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let rest = self.text.get(line_start..)?;
        let start = line_start + rest.char_indices().nth(column - 1).map(|(i, _)| i)?;
        let word = self.text[start..]
            .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .unwrap_or(0);
        let len = if word == 0 {
            self.text[start..].chars().next().map_or(0, char::len_utf8)
        } else {
            word
        };
        (len > 0).then_some(start..start + len)
    }
}

// The text and the maps are long; a debug print names the file.
impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The files of one report directory with their source maps.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The report directory.
    pub dir: PathBuf,
    /// The loaded files, in load order.
    pub files: Vec<Arc<SourceFile>>,
}

impl Sources {
    /// The file named `name`, if it was loaded.
    pub fn file(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.name == name).map(Arc::as_ref)
    }
}

/// Why a report directory could not be read at all.
#[derive(Debug)]
pub enum LoadError {
    /// The directory does not exist or is not a directory.
    NotADirectory(PathBuf),
    /// A required file is missing.
    MissingFile {
        /// The path that was expected.
        path: PathBuf,
        /// What the file holds.
        holds: &'static str,
    },
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is larger than any report's data.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
    },
    /// A file is empty.
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A file is not UTF-8 text.
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A file is not valid YAML (or exceeds the parser's limits on nesting and aliases).
    Yaml {
        /// The file.
        path: PathBuf,
        /// Where the problem is, when known.
        location: Option<Location>,
        /// The message with a source snippet, as rendered by the YAML parser.
        rendered: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotADirectory(dir) => {
                write!(
                    f,
                    "找不到报告目录 {}：请给出含 report.yaml 等数据文件的目录",
                    dir.display()
                )
            }
            Self::MissingFile { path, holds } => {
                write!(
                    f,
                    "缺少文件 {}（{holds}）：请按 docs/input.md 创建该文件",
                    path.display()
                )
            }
            Self::Io { path, source } => write!(f, "无法读取 {}：{source}", path.display()),
            Self::TooLarge { path, bytes } => write!(
                f,
                "{} 有 {} 字节，超过数据文件的上限 {} 字节：请确认选对了文件",
                path.display(),
                bytes,
                MAX_FILE_BYTES
            ),
            Self::Empty { path } => write!(
                f,
                "{} 是空文件：请按 docs/input.md 填写内容",
                path.display()
            ),
            Self::NotUtf8 { path } => write!(
                f,
                "{} 不是 UTF-8 编码的文本：请用“UTF-8”编码另存（GBK/GB2312 文件需转换）",
                path.display()
            ),
            Self::Yaml { rendered, .. } => f.write_str(rendered.trim_end()),
        }
    }
}

impl std::error::Error for LoadError {}

/// Why a report could not be loaded.
#[derive(Debug)]
pub enum LoadFailure {
    /// A file is missing or unreadable: nothing to check.
    Unreadable(Vec<LoadError>),
    /// The files read but do not fit the input model: the findings say where.
    Invalid(Sources, Vec<Finding>),
}

/// The input files of a 决算 report directory: name, whether required, what it holds.
const FINAL_FILES: [(&str, bool, &str); 9] = [
    ("report.yaml", true, "报告信息与部门概况"),
    ("accounts.yaml", true, "收支决算明细"),
    ("basic.yaml", true, "基本支出经济分类明细"),
    ("sangong.yaml", true, "“三公”经费"),
    ("explanation.yaml", true, "情况说明所需的表外数据"),
    ("performance.yaml", true, "绩效自评"),
    ("totals.yaml", false, "决算软件打印的合计数"),
    ("glossary.yaml", false, "名词解释"),
    ("codes.yaml", false, "本地补充的分类科目"),
];

/// The input files of a 预算 (budget) report directory, told apart by its budget.yaml.
const BUDGET_FILES: [(&str, bool, &str); 6] = [
    ("report.yaml", true, "报告信息与部门概况"),
    ("budget.yaml", true, "预算收支明细"),
    ("targets.yaml", false, "绩效目标"),
    ("notes.yaml", false, "预算情况说明所需的表外数据"),
    ("glossary.yaml", false, "名词解释"),
    ("codes.yaml", false, "本地补充的分类科目"),
];

/// Loads every file of the report directory `dir`, collecting all problems.
pub fn load(dir: &Path) -> Result<(Document, Sources), LoadFailure> {
    load_cached(dir, &mut Cache::default())
}

/// What earlier loads of one directory parsed, by file name. `watch` loads the same
/// directory after every save, and a file whose text did not change is not parsed again.
#[derive(Default)]
pub struct Cache(HashMap<String, Parsed>);

/// One file as parsed: its source map, its tree, whether it fits its schema and, once
/// deserialized, its typed value.
struct Parsed {
    file: Arc<SourceFile>,
    tree: tree::Tree,
    clean: bool,
    typed: Option<Arc<dyn Any + Send + Sync>>,
}

/// [`load`], reusing what `cache` holds of files whose text is unchanged.
pub fn load_cached(dir: &Path, cache: &mut Cache) -> Result<(Document, Sources), LoadFailure> {
    if !dir.is_dir() {
        return Err(LoadFailure::Unreadable(vec![LoadError::NotADirectory(
            dir.to_path_buf(),
        )]));
    }
    let mut sources = Sources {
        dir: dir.to_path_buf(),
        files: Vec::new(),
    };
    let mut errors = Vec::new();
    let budget = dir.join("budget.yaml").exists();
    let files: &[(&str, bool, &str)] = if budget { &BUDGET_FILES } else { &FINAL_FILES };
    for &(name, required, holds) in files {
        let path = dir.join(name);
        if !path.exists() {
            if required {
                errors.push(LoadError::MissingFile { path, holds });
            }
            continue;
        }
        match read(name, &path, cache) {
            Ok(file) => sources.files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(LoadFailure::Unreadable(errors));
    }
    let mut findings = Findings::new(&sources);
    for file in &sources.files {
        if let Some(parsed) = cache.0.get_mut(&file.name).filter(|p| !p.clean) {
            let before = findings.len();
            schema::check(&file.name, &parsed.tree, &mut findings);
            parsed.clean = findings.len() == before;
        }
    }
    let findings = findings.into_sorted();
    if !findings.is_empty() {
        return Err(LoadFailure::Invalid(sources, findings));
    }
    let typed = if budget {
        budget_typed(&sources, cache).map(|b| Document::Budget(Box::new(b)))
    } else {
        typed(&sources, cache).map(|r| Document::Final(Box::new(r)))
    };
    match typed {
        Ok(document) => Ok((document, sources)),
        Err(error) => Err(LoadFailure::Unreadable(vec![error])),
    }
}

/// Deserializes file `name` of `sources`, if it was loaded (and read into `cache`).
fn file<T>(sources: &Sources, name: &str, cache: &mut Cache) -> Result<Option<T>, LoadError>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let (Some(source), Some(parsed)) = (sources.file(name), cache.0.get_mut(name)) else {
        return Ok(None);
    };
    if let Some(value) = parsed.typed.as_ref().and_then(|t| t.downcast_ref::<T>()) {
        return Ok(Some(value.clone()));
    }
    let value: T = match parsed.tree.typed(&source.text) {
        Some(value) => value,
        None => parse(&source.text, &source.path)?,
    };
    parsed.typed = Some(Arc::new(value.clone()));
    Ok(Some(value))
}

/// The error of a required file that is missing (checked earlier; kept for the types).
fn required(sources: &Sources, name: &str) -> LoadError {
    LoadError::MissingFile {
        path: sources.dir.join(name),
        holds: "",
    }
}

/// Deserializes the checked files of a budget report into the typed model.
fn budget_typed(sources: &Sources, cache: &mut Cache) -> Result<BudgetReport, LoadError> {
    Ok(BudgetReport {
        info: file::<ReportInfo>(sources, "report.yaml", cache)?
            .ok_or_else(|| required(sources, "report.yaml"))?,
        budget: file::<Budget>(sources, "budget.yaml", cache)?
            .ok_or_else(|| required(sources, "budget.yaml"))?,
        targets: file::<Targets>(sources, "targets.yaml", cache)?.unwrap_or_default(),
        notes: file::<BudgetNotes>(sources, "notes.yaml", cache)?.unwrap_or_default(),
        glossary: file::<Vec<Term>>(sources, "glossary.yaml", cache)?,
        codes: file::<LocalCodes>(sources, "codes.yaml", cache)?.unwrap_or_default(),
    })
}

/// Deserializes the checked files into the typed model.
fn typed(sources: &Sources, cache: &mut Cache) -> Result<Report, LoadError> {
    let required = |name: &str| required(sources, name);
    Ok(Report {
        info: file::<ReportInfo>(sources, "report.yaml", cache)?
            .ok_or_else(|| required("report.yaml"))?,
        accounts: file::<Accounts>(sources, "accounts.yaml", cache)?
            .ok_or_else(|| required("accounts.yaml"))?,
        basic: file::<BasicSpending>(sources, "basic.yaml", cache)?
            .ok_or_else(|| required("basic.yaml"))?,
        sangong: file::<Sangong>(sources, "sangong.yaml", cache)?
            .ok_or_else(|| required("sangong.yaml"))?,
        explanation: file::<Explanation>(sources, "explanation.yaml", cache)?
            .ok_or_else(|| required("explanation.yaml"))?,
        performance: file::<Performance>(sources, "performance.yaml", cache)?
            .ok_or_else(|| required("performance.yaml"))?,
        totals: file::<StatedTotals>(sources, "totals.yaml", cache)?.unwrap_or_default(),
        glossary: file::<Vec<Term>>(sources, "glossary.yaml", cache)?,
        codes: file::<LocalCodes>(sources, "codes.yaml", cache)?.unwrap_or_default(),
    })
}

/// Reads one file into its source map and the tree the schema checks, both kept in
/// `cache`; a file whose text is the cached one is not parsed again.
fn read(name: &str, path: &Path, cache: &mut Cache) -> Result<Arc<SourceFile>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    // A byte-order mark (Windows Notepad) is not part of the text.
    let text = text
        .strip_prefix('\u{FEFF}')
        .map(str::to_owned)
        .unwrap_or(text);
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    if let Some(parsed) = cache.0.get(name).filter(|p| p.file.text == text) {
        return Ok(parsed.file.clone());
    }
    let root = tree::read(&text, path)?;
    let mut file = SourceFile {
        name: name.to_owned(),
        path: path.to_path_buf(),
        text,
        spans: HashMap::new(),
        keys: HashMap::new(),
        strings: Vec::new(),
    };
    let tree = tree::Tree::new(root, &mut file);
    let file = Arc::new(file);
    let parsed = Parsed {
        file: file.clone(),
        tree,
        clean: false,
        typed: None,
    };
    cache.0.insert(name.to_owned(), parsed);
    Ok(file)
}

/// Parses YAML `text` read from `path` into `T`; errors carry the position and a snippet.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, LoadError> {
    serde_saphyr::from_str_with_options(text, tree::options())
        .map_err(|error| yaml_error(error, path))
}

fn yaml_error(error: serde_saphyr::Error, path: &Path) -> LoadError {
    let display = path.display().to_string();
    LoadError::Yaml {
        path: path.to_path_buf(),
        location: error.location().map(|loc| Location {
            line: loc.line() as usize,
            column: loc.column() as usize,
        }),
        rendered: error.render_with_options(
            serde_saphyr::render_options! { source_name: Some(display.as_str()) },
        ),
    }
}
