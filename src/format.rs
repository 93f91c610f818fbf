//! Report formats as template packs: settings, Tera and Typst templates and the default
//! 名词解释, embedded from `templates/<format>/` and overridable file by file.

use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, include_dir};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::model::{SettingsOverride, Term};
use crate::wording::{NumberStyle, SharesRule};

static PACKS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Why a format could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The data names a format that is not embedded.
    #[error("未知的报告格式“{name}”：可用的格式有 {}", available().join("、"))]
    Unknown {
        /// The requested name.
        name: String,
    },
    /// A pack file is not valid.
    #[error("模板文件 {file} 有误：{message}")]
    Invalid {
        /// The pack file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A setting override has a value the tool does not know.
    #[error("report.yaml settings.{key} 的值“{value}”无效：可用 {allowed}")]
    Setting {
        /// The setting.
        key: &'static str,
        /// The value given.
        value: String,
        /// The allowed values.
        allowed: &'static str,
    },
    /// The data directory holds the other kind of document than the format lays out.
    #[error("格式“{format}”用于{expects}，而数据目录是{found}的数据：请在 report.yaml 的 format 中选择相应的格式（可用 {}）", available().join("、"))]
    Kind {
        /// The format.
        format: String,
        /// What the format lays out.
        expects: &'static str,
        /// What the data is.
        found: &'static str,
    },
    /// `--templates` names no directory.
    #[error("模板覆盖目录 {} 不存在或不是目录：--templates 给出用 yujuesuan templates export 导出后修改的目录；报告格式本身由 report.yaml 的 format 选定", path.display())]
    NoOverrides {
        /// The path given.
        path: PathBuf,
    },
    /// An export would overwrite files that differ from the format's.
    #[error("{} 中已有 {} 个文件与格式自带的不同（{}）：多半是改过的模板，未覆盖；请换一个目录，或加 --force 覆盖", dir.display(), files.len(), some_of(files))]
    Edited {
        /// The directory.
        dir: PathBuf,
        /// The files that differ, relative to it.
        files: Vec<String>,
    },
    /// An override file could not be read.
    #[error("无法读取模板文件 {}：{source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// `dir` as a directory of overrides (`--templates`): it must be one.
pub fn overrides_dir(dir: &Path) -> Result<&Path, FormatError> {
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(FormatError::NoOverrides {
            path: dir.to_path_buf(),
        })
    }
}

/// The first few of `names`, and 等 if there are more.
fn some_of(names: &[String]) -> String {
    let shown = names.iter().take(5).cloned().collect::<Vec<_>>().join("、");
    if names.len() > 5 {
        shown + " 等"
    } else {
        shown
    }
}

/// The names of the embedded formats.
pub fn available() -> Vec<&'static str> {
    PACKS
        .dirs()
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect()
}

/// Whether the vocabulary says 部门 or 单位.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 部门决算: 我部门, 部门：.
    Department,
    /// 单位决算: 我单位, 单位名称：.
    Unit,
}

/// What kind of document a format lays out, which decides the input files it reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 部门决算 or 单位决算: accounts.yaml, basic.yaml … .
    #[default]
    Final,
    /// 部门预算: budget.yaml, targets.yaml, notes.yaml.
    Budget,
}

/// Whether coded tables print the 类/款 rows above their 项 rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodedRows {
    /// 类, 款 and 项 rows in code order.
    Hierarchy,
    /// 项 rows only.
    Items,
}

/// The number styles of one format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    /// Numbers inside sentences.
    pub text: NumberStyle,
    /// Numbers in tables.
    pub table: NumberStyle,
    /// Whether a zero table cell prints (`0.00`) or stays blank.
    pub table_zeros: bool,
}

/// The fixed rows of 公开06, by block.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct T06Layout {
    /// 人员经费 column: 301 and 303 with their 款.
    pub personnel: Vec<String>,
    /// 公用经费 columns: 302, 307, 310, (312), 399 with their 款, one list per column.
    pub public: Vec<Vec<String>>,
}

/// Data the format's sections cannot do without: `build` stops when it is missing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The input file, e.g. `performance.yaml`.
    pub file: String,
    /// The YAML path inside it, e.g. `whole` or `projects[0]`.
    pub path: String,
    /// What needs it, e.g. `部门整体支出绩效自评情况表`.
    #[serde(rename = "for")]
    pub needed_for: String,
}

/// Everything about a format that is data rather than templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The embedded pack whose files this one falls back to.
    #[serde(default)]
    pub base: Option<String>,
    /// 决算 or 预算.
    #[serde(default)]
    pub document: DocumentKind,
    /// Data the format requires.
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// The comparisons with last year that the text makes (keys of `changes` and
    /// `sangong`): a missing previous-year figure is reported for these.
    #[serde(default)]
    pub compares: Vec<String>,
    /// Values handed to the Typst templates as `meta.layout` (labels, table numbers …).
    #[serde(default)]
    pub layout: serde_json::Map<String, serde_json::Value>,
    /// Whether 公开01 leaves a blank line before each 总计 (行次 30 and 61).
    #[serde(default)]
    pub t01_spacer: bool,
    /// Whether the format prints the 附件 reports of performance.yaml (`reports`), which
    /// are then part of the report's text.
    #[serde(default)]
    pub attachments: bool,
    /// 部门 or 单位 vocabulary.
    pub kind: Kind,
    /// Number styles.
    pub styles: Styles,
    /// Rounding of shares.
    pub shares: SharesRule,
    /// The verb for a falling rate (下降, 减少, 降低).
    pub rate_down: String,
    /// Whether zero items of the income and expense lists are written.
    pub zero_items_listed: bool,
    /// What a share of a zero whole prints as, in fixed sentences.
    pub div_zero_text: String,
    /// Completion rates within this many points of 100% read 基本持平 when no reason is given.
    pub flat_band: Decimal,
    /// 类/款 rows in coded tables.
    pub coded_rows: CodedRows,
    /// Heading number patterns by level, `{}` standing for the number.
    pub numbering: Vec<String>,
    /// The 类 rows of 公开01 and 公开04, in order.
    pub classes: Vec<String>,
    /// The fixed rows of 公开06 (决算 formats).
    #[serde(default)]
    pub t06: T06Layout,
    /// The 情况说明 sections in order: template names under `text/explanation/`.
    pub explanation: Vec<String>,
}

impl DocumentKind {
    /// The kind's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Final => "决算（有 accounts.yaml）",
            DocumentKind::Budget => "部门预算（有 budget.yaml）",
        }
    }
}

impl Settings {
    /// Applies the per-report overrides of report.yaml.
    pub fn apply(&mut self, o: &SettingsOverride) -> Result<(), FormatError> {
        if let Some(verb) = &o.rate_down {
            if !["下降", "减少", "降低"].contains(&verb.as_str()) {
                return Err(FormatError::Setting {
                    key: "rate_down",
                    value: verb.clone(),
                    allowed: "下降、减少、降低",
                });
            }
            self.rate_down = verb.clone();
        }
        if let Some(rule) = &o.shares {
            self.shares = match rule.as_str() {
                "largest_remainder" => SharesRule::LargestRemainder,
                "independent" => SharesRule::Independent,
                _ => {
                    return Err(FormatError::Setting {
                        key: "shares",
                        value: rule.clone(),
                        allowed: "largest_remainder、independent",
                    });
                }
            };
        }
        if let Some(mode) = &o.zero_items {
            self.zero_items_listed = match mode.as_str() {
                "list" => true,
                "omit" => false,
                _ => {
                    return Err(FormatError::Setting {
                        key: "zero_items",
                        value: mode.clone(),
                        allowed: "list、omit",
                    });
                }
            };
        }
        if let Some(band) = o.flat_band {
            self.flat_band = band.value();
        }
        Ok(())
    }
}

/// Where the files of a pack come from, searched in order.
#[derive(Debug, Clone)]
enum Layer {
    /// The user's directory (`--templates DIR`); nothing outside it is read.
    Dir(PathBuf),
    /// An embedded pack, by name.
    Embedded(String),
}

/// A template pack: the embedded files of one format, the packs it builds on, and
/// optionally a directory whose files override them one by one.
#[derive(Debug, Clone)]
pub struct Pack {
    name: String,
    layers: Vec<Layer>,
}

/// The part of format.yaml that links a pack to the one it builds on.
#[derive(Debug, Deserialize)]
struct Header {
    base: Option<String>,
}

impl Pack {
    /// The pack of format `name`, with files in `overrides` taking precedence. A format
    /// that is not embedded is the override directory itself (its format.yaml may name an
    /// embedded `base`), so a directory of exported and edited files is a format of its own.
    pub fn open(name: &str, overrides: Option<&Path>) -> Result<Pack, FormatError> {
        let mut pack = Pack {
            name: name.to_owned(),
            layers: Vec::new(),
        };
        if let Some(dir) = overrides {
            pack.layers
                .push(Layer::Dir(overrides_dir(dir)?.to_path_buf()));
        }
        let mut next = if PACKS.get_dir(name).is_some() {
            Some(name.to_owned())
        } else if pack.read("format.yaml")?.is_some() {
            // A pack of the user's own: complete, or building on an embedded one.
            pack.header()?
        } else {
            return Err(FormatError::Unknown {
                name: name.to_owned(),
            });
        };
        while let Some(base) = next {
            if PACKS.get_dir(&base).is_none() {
                return Err(FormatError::Unknown { name: base });
            }
            if pack
                .layers
                .iter()
                .any(|l| matches!(l, Layer::Embedded(n) if *n == base))
            {
                return Err(FormatError::Invalid {
                    file: format!("{base}/format.yaml"),
                    message: "base 形成循环".into(),
                });
            }
            pack.layers.push(Layer::Embedded(base.clone()));
            next = Pack {
                name: base.clone(),
                layers: vec![Layer::Embedded(base)],
            }
            .header()?;
        }
        Ok(pack)
    }

    /// The `base` named by this pack's format.yaml.
    fn header(&self) -> Result<Option<String>, FormatError> {
        Ok(self.yaml::<Header>("format.yaml")?.base)
    }

    /// The format's name, as the data gives it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads the pack file at `rel` (e.g. `typst/main.typ`) from the first layer that has it.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, FormatError> {
        for layer in &self.layers {
            match layer {
                Layer::Dir(dir) => {
                    if let Some(path) = confined(dir, rel) {
                        return std::fs::read(&path)
                            .map(Some)
                            .map_err(|source| FormatError::Io { path, source });
                    }
                }
                Layer::Embedded(name) => {
                    if let Some(file) = PACKS.get_file(format!("{name}/{rel}")) {
                        return Ok(Some(file.contents().to_vec()));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Where the file at `rel` comes from, as messages name it: the override file's path
    /// or `<pack>/<rel>` for an embedded file.
    pub fn origin(&self, rel: &str) -> String {
        for layer in &self.layers {
            match layer {
                Layer::Dir(dir) if confined(dir, rel).is_some() => {
                    return dir.join(rel).display().to_string();
                }
                Layer::Embedded(name) if PACKS.get_file(format!("{name}/{rel}")).is_some() => {
                    return format!("{name}/{rel}");
                }
                _ => {}
            }
        }
        format!("{}/{rel}", self.name)
    }

    /// Reads a pack file as text, failing when it is absent.
    pub fn text(&self, rel: &str) -> Result<String, FormatError> {
        let bytes = self.read(rel)?.ok_or_else(|| FormatError::Invalid {
            file: self.origin(rel),
            message: "文件不存在".into(),
        })?;
        String::from_utf8(bytes).map_err(|_| FormatError::Invalid {
            file: self.origin(rel),
            message: "不是 UTF-8 文本".into(),
        })
    }

    /// The names (relative to the pack) of every file under `folder`, in all layers.
    pub fn files_under(&self, folder: &str) -> Vec<String> {
        let mut names = Vec::new();
        for layer in &self.layers {
            match layer {
                Layer::Dir(dir) => collect_dir(dir, Path::new(folder), &mut names),
                Layer::Embedded(name) => {
                    let path = if folder.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}/{folder}")
                    };
                    if let Some(sub) = PACKS.get_dir(path) {
                        collect_files(sub, name, &mut names);
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Writes every file of the pack (the embedded ones and those they build on) into
    /// `dir`, ready to be edited and used with `--templates`; returns the files written.
    /// Files of `dir` that differ from the pack's, edited templates most likely, are
    /// overwritten only when `force` is given.
    pub fn export(&self, dir: &Path, force: bool) -> Result<Vec<String>, FormatError> {
        let embedded = Pack {
            name: self.name.clone(),
            layers: self
                .layers
                .iter()
                .filter(|l| matches!(l, Layer::Embedded(_)))
                .cloned()
                .collect(),
        };
        let files = embedded.files_under("");
        let mut contents = Vec::new();
        for rel in &files {
            contents.push(embedded.read(rel)?.unwrap_or_default());
        }
        let edited: Vec<String> = files
            .iter()
            .zip(&contents)
            .filter(|(rel, bytes)| {
                std::fs::read(dir.join(rel)).is_ok_and(|there| there != bytes.as_slice())
            })
            .map(|(rel, _)| rel.clone())
            .collect();
        if !force && !edited.is_empty() {
            return Err(FormatError::Edited {
                dir: dir.to_path_buf(),
                files: edited,
            });
        }
        for (rel, bytes) in files.iter().zip(&contents) {
            let path = dir.join(rel);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| crate::compile::write_atomic(&path, bytes));
            written.map_err(|source| FormatError::Io { path, source })?;
        }
        Ok(files)
    }

    /// The format's settings with the report's overrides applied.
    pub fn settings(&self, overrides: &SettingsOverride) -> Result<Settings, FormatError> {
        let mut settings: Settings = self.yaml("format.yaml")?;
        settings.apply(overrides)?;
        Ok(settings)
    }

    /// The format's default 名词解释.
    pub fn glossary(&self) -> Result<Vec<Term>, FormatError> {
        self.yaml("glossary.yaml")
    }

    fn yaml<T: serde::de::DeserializeOwned>(&self, rel: &str) -> Result<T, FormatError> {
        let file = self.origin(rel);
        crate::load::parse(&self.text(rel)?, Path::new(&file)).map_err(|e| FormatError::Invalid {
            file,
            message: e.to_string(),
        })
    }
}

/// The file `rel` inside the override directory `dir`, if it exists there; `..`, absolute
/// paths and symlinks leading out of `dir` are refused.
fn confined(dir: &Path, rel: &str) -> Option<PathBuf> {
    let relative = Path::new(rel);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let (root, real) = (
        dir.canonicalize().ok()?,
        dir.join(relative).canonicalize().ok()?,
    );
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

/// Collects the files under `folder` of the override directory `dir`, as pack-relative names.
fn collect_dir(dir: &Path, folder: &Path, names: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
        return;
    };
    for entry in entries.flatten() {
        let rel = folder.join(entry.file_name());
        let name = rel.to_string_lossy().replace('\\', "/");
        if entry.path().is_dir() {
            collect_dir(dir, &rel, names);
        } else if confined(dir, &name).is_some() {
            names.push(name);
        }
    }
}

fn collect_files(dir: &'static Dir<'static>, pack: &str, names: &mut Vec<String>) {
    for file in dir.files() {
        if let Ok(rel) = file.path().strip_prefix(pack) {
            names.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    for sub in dir.dirs() {
        collect_files(sub, pack, names);
    }
}
