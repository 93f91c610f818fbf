//! Load stage: a report directory of YAML files → the typed [`Report`] and a [`Sources`]
//! map that remembers where every value was written.
//!
//! Like cargo's manifest, the typed model carries no positions; the position of a value
//! that parsed fine is looked up by its YAML path only when something reports on it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::model::{
    Accounts, BasicSpending, Explanation, Performance, Report, ReportInfo, Sangong, StatedTotals,
    Term,
};

/// A line and column in a source file, both 1-based; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl From<&serde_saphyr::Location> for Location {
    fn from(loc: &serde_saphyr::Location) -> Location {
        Location {
            line: loc.line() as usize,
            column: loc.column() as usize,
        }
    }
}

/// One loaded input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file name inside the report directory, e.g. `accounts.yaml`.
    pub name: String,
    /// The path the file was read from.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    spans: HashMap<String, Location>,
    strings: Vec<(String, String)>,
}

impl SourceFile {
    /// Where the value at `yaml_path` (e.g. `items[3].expense.basic`) was written.
    pub fn locate(&self, yaml_path: &str) -> Option<Location> {
        self.spans.get(yaml_path).copied()
    }

    /// Every string scalar as (YAML path, text), for checks over all user text.
    pub fn strings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.strings
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
    }
}

/// The files of one report directory with their source maps.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The report directory.
    pub dir: PathBuf,
    /// The loaded files, in load order.
    pub files: Vec<SourceFile>,
}

impl Sources {
    /// The file named `name`, if it was loaded.
    pub fn file(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Why a report directory could not be loaded.
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
    /// A file is not UTF-8 text.
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A file is not valid YAML or does not match the input model.
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
            Self::NotADirectory(dir) => write!(
                f,
                "找不到报告目录 {}：请给出含 report.yaml 等数据文件的目录",
                dir.display()
            ),
            Self::MissingFile { path, holds } => write!(
                f,
                "缺少文件 {}（{holds}）：请按 docs/input.md 创建该文件",
                path.display()
            ),
            Self::Io { path, source } => write!(f, "无法读取 {}：{source}", path.display()),
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

/// The input files of a report directory: name, whether required, what it holds.
const FILES: [(&str, bool, &str); 8] = [
    ("report.yaml", true, "报告信息与部门概况"),
    ("accounts.yaml", true, "收支决算明细"),
    ("basic.yaml", true, "基本支出经济分类明细"),
    ("sangong.yaml", true, "“三公”经费"),
    ("explanation.yaml", true, "情况说明所需的表外数据"),
    ("performance.yaml", true, "绩效自评"),
    ("totals.yaml", false, "决算软件打印的合计数"),
    ("glossary.yaml", false, "名词解释"),
];

/// Loads every file of the report directory `dir`, collecting all problems.
pub fn load(dir: &Path) -> Result<(Report, Sources), Vec<LoadError>> {
    if !dir.is_dir() {
        return Err(vec![LoadError::NotADirectory(dir.to_path_buf())]);
    }
    let mut loader = Loader {
        sources: Sources {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        },
        errors: Vec::new(),
    };
    let info = loader.required::<ReportInfo>(0);
    let accounts = loader.required::<Accounts>(1);
    let basic = loader.required::<BasicSpending>(2);
    let sangong = loader.required::<Sangong>(3);
    let explanation = loader.required::<Explanation>(4);
    let performance = loader.required::<Performance>(5);
    let totals = loader.optional::<StatedTotals>(6).unwrap_or_default();
    let glossary = loader.optional::<Vec<Term>>(7);
    match (info, accounts, basic, sangong, explanation, performance) {
        (
            Some(info),
            Some(accounts),
            Some(basic),
            Some(sangong),
            Some(explanation),
            Some(performance),
        ) if loader.errors.is_empty() => {
            let report = Report {
                info,
                accounts,
                basic,
                sangong,
                explanation,
                performance,
                totals,
                glossary,
            };
            Ok((report, loader.sources))
        }
        _ => Err(loader.errors),
    }
}

struct Loader {
    sources: Sources,
    errors: Vec<LoadError>,
}

impl Loader {
    fn required<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let (name, _, holds) = FILES[index];
        let path = self.sources.dir.join(name);
        if !path.exists() {
            self.errors.push(LoadError::MissingFile { path, holds });
            return None;
        }
        self.parse(name, path)
    }

    fn optional<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let path = self.sources.dir.join(FILES[index].0);
        path.exists()
            .then(|| self.parse(FILES[index].0, path))
            .flatten()
    }

    fn parse<T: DeserializeOwned>(&mut self, name: &str, path: PathBuf) -> Option<T> {
        match parse_file(name, &path) {
            Ok((value, file)) => {
                self.sources.files.push(file);
                Some(value)
            }
            Err(error) => {
                self.errors.push(error);
                None
            }
        }
    }
}

/// Reads and parses one file into `T`, with its source map.
fn parse_file<T: DeserializeOwned>(name: &str, path: &Path) -> Result<(T, SourceFile), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    let text = text
        .strip_prefix('\u{FEFF}')
        .map(str::to_owned)
        .unwrap_or(text);
    // The span tree first: it reports YAML syntax errors before schema errors.
    let tree: Spanned<Node> = parse(&text, path)?;
    let value: T = parse(&text, path)?;
    let mut file = SourceFile {
        name: name.to_owned(),
        path: path.to_path_buf(),
        text,
        spans: HashMap::new(),
        strings: Vec::new(),
    };
    file.record(&tree, String::new());
    Ok((value, file))
}

/// Parses YAML `text` read from `path` into `T`; errors carry the position and a snippet.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, LoadError> {
    serde_saphyr::from_str(text).map_err(|error| {
        let display = path.display().to_string();
        LoadError::Yaml {
            path: path.to_path_buf(),
            location: error.location().map(|loc| Location::from(&loc)),
            rendered: error.render_with_options(
                serde_saphyr::render_options! { source_name: Some(display.as_str()) },
            ),
        }
    })
}

/// A YAML node with the positions of its children, used only to build the source map.
enum Node {
    Map(Vec<(String, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar,
    Text(String),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    // Only the position of a number is recorded here; its value is read as text elsewhere.
    #[allow(clippy::disallowed_types)]
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, text: &str) -> Result<Node, E> {
        Ok(Node::Text(text.to_owned()))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Spanned<Node>>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

impl SourceFile {
    /// Records the location of every node under `path` (`a.b[2].c`) and every string.
    fn record(&mut self, node: &Spanned<Node>, path: String) {
        let loc = &node.referenced;
        let location = Location::from(loc);
        match &node.value {
            Node::Map(entries) => {
                for (key, child) in entries {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.record(child, child_path);
                }
            }
            Node::Seq(items) => {
                for (index, child) in items.iter().enumerate() {
                    self.record(child, format!("{path}[{index}]"));
                }
            }
            Node::Text(text) => self.strings.push((path.clone(), text.clone())),
            Node::Scalar => {}
        }
        self.spans.insert(path, location);
    }
}
