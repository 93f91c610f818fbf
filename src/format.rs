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
    /// An override file could not be read.
    #[error("无法读取模板文件 {}：{source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct T06Layout {
    /// 人员经费 column: 301 and 303 with their 款.
    pub personnel: Vec<String>,
    /// 公用经费 columns: 302, 307, 310, (312), 399 with their 款, one list per column.
    pub public: Vec<Vec<String>>,
}

/// Everything about a format that is data rather than templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
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
    /// The fixed rows of 公开06.
    pub t06: T06Layout,
    /// The 情况说明 sections in order: template names under `text/explanation/`.
    pub explanation: Vec<String>,
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

/// A template pack: the embedded files of one format, optionally overridden by a directory.
#[derive(Debug, Clone)]
pub struct Pack {
    name: String,
    embedded: &'static Dir<'static>,
    overrides: Option<PathBuf>,
}

impl Pack {
    /// The embedded pack `name`, with files in `overrides` taking precedence.
    pub fn open(name: &str, overrides: Option<&Path>) -> Result<Pack, FormatError> {
        let embedded = PACKS.get_dir(name).ok_or_else(|| FormatError::Unknown {
            name: name.to_owned(),
        })?;
        Ok(Pack {
            name: name.to_owned(),
            embedded,
            overrides: overrides.map(Path::to_path_buf),
        })
    }

    /// The format's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads the pack file at `rel` (e.g. `typst/main.typ`), override first.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>, FormatError> {
        if let Some(path) = self.override_path(rel) {
            return std::fs::read(&path)
                .map(Some)
                .map_err(|source| FormatError::Io { path, source });
        }
        let full = format!("{}/{rel}", self.name);
        Ok(self.embedded.get_file(&full).map(|f| f.contents().to_vec()))
    }

    /// Reads a pack file as text, failing when it is absent.
    pub fn text(&self, rel: &str) -> Result<String, FormatError> {
        let bytes = self.read(rel)?.ok_or_else(|| FormatError::Invalid {
            file: format!("{}/{rel}", self.name),
            message: "文件不存在".into(),
        })?;
        String::from_utf8(bytes).map_err(|_| FormatError::Invalid {
            file: format!("{}/{rel}", self.name),
            message: "不是 UTF-8 文本".into(),
        })
    }

    /// An existing override file for `rel`, confined to the override directory.
    fn override_path(&self, rel: &str) -> Option<PathBuf> {
        let dir = self.overrides.as_ref()?;
        let relative = Path::new(rel);
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let path = dir.join(relative);
        // Symlinks must not lead out of the override directory.
        let (root, real) = (dir.canonicalize().ok()?, path.canonicalize().ok()?);
        (real.starts_with(&root) && real.is_file()).then_some(real)
    }

    /// The names (relative to the pack) of the embedded files under `folder`.
    pub fn files_under(&self, folder: &str) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(dir) = self.embedded.get_dir(format!("{}/{folder}", self.name)) {
            collect_files(dir, &self.name, &mut names);
        }
        names.sort();
        names
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
        let file = format!("{}/{rel}", self.name);
        crate::load::parse(&self.text(rel)?, Path::new(&file)).map_err(|e| FormatError::Invalid {
            file,
            message: e.to_string(),
        })
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
