//! Narrate stage: figures → the report's text (概况, 情况说明, 名词解释) through the format's
//! Tera templates.
//!
//! Templates receive every number already written out by `wording`, so they hold words
//! and choices, never arithmetic. A template writes one paragraph per line; `# `, `## `
//! and `### ` start headings, numbered by the format's patterns.

use std::sync::{Arc, Mutex, PoisonError};

use rust_decimal::Decimal;
use serde::Serialize;

pub mod budget;
mod context;
mod words;

pub use context::{Context, context};
pub use words::{Breakdown, ChangeText, Figure, Numbered, NumberedTerm, Overview, Share, Verdict};

use crate::compute::ScoredGroup;
use crate::format::{FormatError, Pack, Settings};
use crate::model::EvaluationReport;
use crate::wording::cn_number;

/// A block of generated text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading; level 1 is a section (一、), 2 a subsection (（一）), 3 an unnumbered title.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// The heading with its number.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// The paragraph's text.
        text: String,
    },
}

impl Block {
    /// The block's text.
    pub fn text(&self) -> &str {
        match self {
            Block::Heading { text, .. } | Block::Paragraph { text } => text,
        }
    }
}

/// The text parts of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// 概况.
    pub overview: Vec<Block>,
    /// 情况说明.
    pub explanation: Vec<Block>,
    /// 名词解释.
    pub glossary: Vec<Block>,
    /// The free-text reports of the 附件, in formats that print them.
    pub attachments: Vec<Attachment>,
}

/// A free-text report of the 附件 (绩效自评总结报告, 评价报告): typed by the user, not
/// generated, but part of the report's text all the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// Its title.
    pub title: String,
    /// Its paragraphs; lines numbered 一、 or （一） are headings.
    pub blocks: Vec<Block>,
}

/// The 附件 reports of `reports` as text.
pub fn attachments(reports: &[EvaluationReport]) -> Vec<Attachment> {
    reports
        .iter()
        .map(|r| Attachment {
            title: r.title.clone(),
            blocks: attachment_blocks(&r.text),
        })
        .collect()
}

/// The paragraphs of a typed report; lines that start 一、 are headings of level 1, lines
/// that start （一） of level 2.
fn attachment_blocks(text: &str) -> Vec<Block> {
    let numbered = |line: &str, open: &str, close: char| {
        line.strip_prefix(open).is_some_and(|rest| {
            let digits: String = rest
                .chars()
                .take_while(|c| "一二三四五六七八九十".contains(*c))
                .collect();
            !digits.is_empty() && rest[digits.len()..].starts_with(close)
        })
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let text = line.to_owned();
            if numbered(line, "", '、') {
                Block::Heading { level: 1, text }
            } else if numbered(line, "（", '）') {
                Block::Heading { level: 2, text }
            } else {
                Block::Paragraph { text }
            }
        })
        .collect()
}

impl Text {
    /// All blocks as plain text, one per line, parts separated by a blank line.
    pub fn to_plain(&self) -> String {
        let lines = |blocks: &[Block]| -> String {
            blocks.iter().map(|b| format!("{}\n", b.text())).collect()
        };
        let attachments = self
            .attachments
            .iter()
            .map(|a| format!("{}\n{}", a.title, lines(&a.blocks)));
        [&self.overview, &self.explanation, &self.glossary]
            .into_iter()
            .map(|blocks| lines(blocks))
            .chain(attachments)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A template could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum NarrateError {
    /// The pack is incomplete.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Tera reported a syntax or rendering error.
    #[error("模板 {template} 出错：\n{message}")]
    Template {
        /// The template's file inside the pack.
        template: String,
        /// Tera's report, with line and column.
        message: String,
    },
}

/// Renders the text of the report from `context`, with the templates of `pack`.
pub fn narrate(
    context: &impl Serialize,
    settings: &Settings,
    pack: &Pack,
) -> Result<Text, NarrateError> {
    let sections: Vec<String> = settings
        .explanation
        .iter()
        .map(|s| format!("text/explanation/{s}.tera"))
        .collect();
    let mut names = pack.files_under("text");
    names.extend([
        "text/overview.tera".to_owned(),
        "text/glossary.tera".to_owned(),
    ]);
    names.extend(sections.iter().cloned());
    names.sort();
    names.dedup();
    let sources = names
        .iter()
        .map(|name| Ok((name.clone(), pack.text(name)?)))
        .collect::<Result<Vec<_>, FormatError>>()?;
    let tera = compiled(sources).map_err(|e| template_error(&e, pack, &names))?;
    let ctx =
        tera::Context::from_serialize(context).map_err(|e| template_error(&e, pack, &names))?;
    let render = |name: &str| -> Result<String, NarrateError> {
        tera.render(name, &ctx)
            .map_err(|e| template_error(&e, pack, &[name.to_owned()]))
    };
    let mut explanation = String::new();
    for section in &sections {
        explanation.push_str(&render(section)?);
        explanation.push('\n');
    }
    Ok(Text {
        overview: blocks(&render("text/overview.tera")?, &settings.numbering),
        explanation: blocks(&explanation, &settings.numbering),
        glossary: blocks(&render("text/glossary.tera")?, &settings.numbering),
        attachments: Vec::new(),
    })
}

/// The templates compiled last, with their names and sources: a watch session and a batch
/// narrate with the same templates again and again, and compiling them costs more than
/// rendering.
static COMPILED: Mutex<Option<(Templates, Arc<tera::Tera>)>> = Mutex::new(None);

/// Template names and sources.
type Templates = Vec<(String, String)>;

/// The templates compiled, all at once: a template may use the components and includes of
/// any other.
fn compiled(sources: Templates) -> Result<Arc<tera::Tera>, tera::Error> {
    let mut last = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((known, tera)) = last.as_ref()
        && *known == sources
    {
        return Ok(tera.clone());
    }
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
    let tera = Arc::new(tera);
    *last = Some((sources, tera.clone()));
    Ok(tera)
}

/// A Tera error with its template named by where the file comes from (an override file
/// or the embedded pack), keeping Tera's line, column and snippet.
fn template_error(error: &tera::Error, pack: &Pack, names: &[String]) -> NarrateError {
    // Tera's Display is terse; its source chain carries the located report.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    let name = names
        .iter()
        .find(|n| message.contains(n.as_str()))
        .or(names.first())
        .cloned()
        .unwrap_or_default();
    let origin = pack.origin(&name);
    NarrateError::Template {
        message: message.replace(&format!("--> {name}"), &format!("--> {origin}")),
        template: origin,
    }
}

/// Splits rendered text into blocks, numbering headings with `patterns` (`{}` = number).
pub fn blocks(text: &str, patterns: &[String]) -> Vec<Block> {
    let mut counters = [0usize; 3];
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let level = line.chars().take_while(|c| *c == '#').count();
        if (1..=3).contains(&level) && line[level..].starts_with(' ') {
            counters[level - 1] += 1;
            counters[level..].iter_mut().for_each(|c| *c = 0);
            let title = line[level..].trim();
            let number = patterns
                .get(level - 1)
                .map(|p| p.replace("{}", &cn_number(counters[level - 1])))
                .unwrap_or_default();
            out.push(Block::Heading {
                level: level as u8,
                text: format!("{number}{title}"),
            });
        } else {
            out.push(Block::Paragraph {
                text: line.to_owned(),
            });
        }
    }
    out
}

/// Pre-filled text for a group of indicators: the deviating ones with their reasons.
pub fn indicator_summary(groups: &[&ScoredGroup], percent: impl Fn(Decimal) -> String) -> String {
    let deviating: Vec<String> = groups
        .iter()
        .flat_map(|g| &g.items)
        .filter(|i| i.deviation.is_some_and(|d| !d.is_zero()))
        .map(|i| {
            let dev = percent(i.deviation.unwrap_or_default());
            let reason = i.reason.trim_end_matches('。');
            if reason.is_empty() {
                format!("{}偏差度为{dev}%", i.name)
            } else {
                format!("{}偏差度为{dev}%，{reason}", i.name)
            }
        })
        .collect();
    if deviating.is_empty() {
        "均完成较好".to_owned()
    } else {
        deviating.join("；")
    }
}
