//! A report's text as sections of sentences: from the generated text (its headings are
//! known) or from plain text such as `pdftotext` output (headings recognised by their
//! numbering).

use crate::narrate::{Block, Text};

/// A section of a report: its heading and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading as printed, with its number (一、收入支出决算总体情况说明).
    pub title: String,
    /// The headings above it and its own, for showing where it is (五、… › （一）总体情况。).
    pub path: String,
    /// What pairs it with the other report's section: the heading without its number,
    /// under its parent's (收入支出决算总体情况说明, 一般公共预算…/总体情况。).
    pub key: String,
    /// Its sentences, in order.
    pub sentences: Vec<String>,
}

/// A report's text, section by section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The sections in order; text before the first heading is a section with no title.
    pub sections: Vec<Section>,
}

impl Document {
    /// The generated text of a report: 概况, 情况说明, 名词解释 and the 附件 reports.
    pub fn from_text(text: &Text) -> Document {
        let mut builder = Builder::default();
        for (part, blocks) in [
            (None, &text.overview),
            (None, &text.explanation),
            (Some("名词解释"), &text.glossary),
        ] {
            // The 名词解释 has no heading of its own in the generated text.
            if let Some(title) = part {
                builder.heading(0, title);
            }
            builder.blocks(blocks);
        }
        for attachment in &text.attachments {
            builder.attachment(&attachment.title);
            builder.blocks(&attachment.blocks);
        }
        builder.finish()
    }

    /// Plain text of a report, e.g. `pdftotext -layout` of a published PDF: lines that
    /// start with a part or section number are headings; the parts of tables, table rows,
    /// page numbers and the 目录 are left out; wrapped lines join.
    pub fn from_plain(text: &str) -> Document {
        let mut builder = Builder::default();
        let mut part = Part::Text;
        let lines = text
            .lines()
            .filter(|line| !looks_like_table_row(line) && !looks_like_page_number(line))
            .map(|line| normalize(entry(line)))
            .filter(|line| !line.is_empty());
        for line in rejoin(lines) {
            if is_attachment_title(&line) {
                part = Part::Text;
                builder.attachment(&line);
                continue;
            }
            match heading_level(&line) {
                Some(0) => {
                    part = Part::of(&line);
                    builder.heading(0, &line);
                }
                _ if part == Part::Tables => {}
                Some(2) if part == Part::Overview => builder.paragraph(&line),
                Some(level) => builder.heading(level, &line),
                None => builder.paragraph(&line),
            }
        }
        let mut document = builder.finish();
        // Headings with no text under them (the 目录, part titles, table titles) say nothing
        // to compare,
        // nor does the text before the first heading (the cover).
        document
            .sections
            .retain(|s| !s.sentences.is_empty() && !s.title.is_empty());
        document
    }
}

/// The part of a published report a line is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The 概况: its （一）… are the items of a list (the 职责), which the generated text
    /// writes as paragraphs.
    Overview,
    /// The tables (决算表, 预算表, and the 自评表 of the 附件 up to its first report): their
    /// cells are figures of the data, not text of the report.
    Tables,
    /// The 情况说明, 名词解释 and the 附件 reports.
    Text,
}

impl Part {
    /// The part that the part heading `title` (第二部分…决算表) starts.
    fn of(title: &str) -> Part {
        if title.ends_with("概况") {
            Part::Overview
        } else if ["决算表", "预算表", "附件"]
            .iter()
            .any(|t| title.ends_with(t))
        {
            Part::Tables
        } else {
            Part::Text
        }
    }
}

/// A line without a list mark (`- `) or the dot leaders and page number of a 目录 entry.
/// Leaders may be spaced (`. . .`) and joined to the number (U+2060, as Typst sets them).
fn entry(line: &str) -> &str {
    let line = line.trim().trim_start_matches(['-', '•', '·']).trim_start();
    let space = |c: char| c.is_whitespace() || c == '\u{2060}';
    let leaders = line.trim_end_matches(|c: char| c.is_ascii_digit() || space(c));
    let dotted =
        leaders.trim_end_matches(|c: char| matches!(c, '.' | '…' | '·' | '．') || space(c));
    let dots: usize = leaders[dotted.len()..]
        .chars()
        .filter(|&c| !space(c))
        .map(char::len_utf8)
        .sum();
    if dots >= 4 { dotted } else { line }
}

/// Lines that `pdftotext` broke apart put back together: a heading number alone on its line
/// (`十七、` before a quotation mark), a heading or 附件 title wrapped onto a short next
/// line (`…经费）` + `项目`, `…自评总` + `结报告`).
fn rejoin(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if let Some(last) = out.last_mut() {
            let joined = format!("{last}{line}");
            let bare_number =
                strip_number(last).is_empty() && last.chars().any(|c| NUMERALS.contains(c));
            // A heading that filled its line, or a title that ends only with the next.
            let wrapped = line.chars().count() <= 10
                && heading_level(&line).is_none()
                && (last.chars().count() >= 30
                    && heading_level(last).is_some()
                    && heading_level(&joined).is_some()
                    || !is_attachment_title(last) && is_attachment_title(&joined));
            if bare_number || wrapped {
                *last = joined;
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Collects sections as headings and paragraphs arrive.
#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    /// The open headings by level: key and printed heading.
    parents: Vec<(usize, String, String)>,
    /// Text of the current section not yet cut into sentences.
    pending: String,
}

impl Builder {
    /// Generated blocks, spaced as a plain text is (`1. 财政` → `1.财政`), so that a
    /// published text compares with them by wording only.
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { level, text } => {
                    self.heading(usize::from(*level), &normalize(text));
                }
                Block::Paragraph { text } => self.paragraph(&normalize(text)),
            }
        }
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.flush();
        self.parents.retain(|(l, _, _)| *l < level);
        let own = strip_number(title);
        // A part (第一部分) starts a section but does not prefix the keys below it: the
        // generated text has no part headings to match.
        if level == 0 {
            self.parents.clear();
            self.sections.push(Section {
                title: title.to_owned(),
                path: title.to_owned(),
                key: own,
                sentences: Vec::new(),
            });
            return;
        }
        let (key, path) = match self.parents.last() {
            Some((_, key, path)) => (format!("{key}/{own}"), format!("{path} › {title}")),
            None => (own, title.to_owned()),
        };
        self.parents.push((level, key.clone(), path.clone()));
        self.sections.push(Section {
            title: title.to_owned(),
            path,
            key,
            sentences: Vec::new(),
        });
    }

    /// A report of the 附件: its sections are keyed under its title, as several reports
    /// have the same 一、基本情况.
    fn attachment(&mut self, title: &str) {
        self.heading(0, title);
        let own = strip_number(title);
        self.parents.push((0, own, title.to_owned()));
    }

    fn paragraph(&mut self, text: &str) {
        self.pending.push_str(text);
    }

    /// Cuts the pending text into sentences of the current section.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if self.sections.is_empty() {
            self.sections.push(Section {
                title: String::new(),
                path: String::new(),
                key: String::new(),
                sentences: Vec::new(),
            });
        }
        let text = std::mem::take(&mut self.pending);
        let section = self.sections.last_mut().expect("a section exists");
        section.sentences.extend(sentences(&text));
    }

    fn finish(mut self) -> Document {
        self.flush();
        Document {
            sections: self.sections,
        }
    }
}

/// Splits text into sentences after 。！？；, keeping the mark, and after a ： that opens a
/// list of figures separated by ；, so that the first item is paired as the others are
/// (`…主要用于以下方面：` | `一般公共服务（类）支出…；` | `社会保障和就业（类）…；`): removed, it
/// does not leave the list's opening paired with the next item. A ： before a list of
/// names (`主要包括：基本工资、津贴补贴；`) or in brackets opens no such list.
pub fn sentences(text: &str) -> Vec<String> {
    let ends = ['。', '！', '？', '；'];
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, ch) in text.char_indices() {
        current.push(ch);
        let opens_list = ch == '：' && !within_brackets(&current) && {
            let rest = &text[i + ch.len_utf8()..];
            rest.find(ends).is_some_and(|end| {
                rest[end..].starts_with('；') && rest[..end].contains(|c: char| c.is_ascii_digit())
            })
        };
        if ends.contains(&ch) || opens_list {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Whether `text` ends inside brackets (`…项目13个（其中：`): a ： there opens no list of
/// its own sentences.
fn within_brackets(text: &str) -> bool {
    let count = |marks: [char; 2]| text.chars().filter(|c| marks.contains(c)).count();
    count(['（', '(']) > count(['）', ')'])
}

pub(super) const NUMERALS: &str = "一二三四五六七八九十";

/// The level of a heading line: 第一部分 0, 一、 1, （一） or (一) 2, 项目一： 3; `None` for
/// body text (a heading is short and has no comma).
fn heading_level(line: &str) -> Option<usize> {
    let numbered = |rest: &str, close: &[char]| {
        let digits = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
        digits > 0 && rest.chars().nth(digits).is_some_and(|c| close.contains(&c))
    };
    if let Some(rest) = line.strip_prefix('第') {
        let digits = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
        if digits > 0
            && rest
                .chars()
                .skip(digits)
                .collect::<String>()
                .starts_with("部分")
        {
            return Some(0);
        }
    }
    // A project's heading is its name, which may have a comma, but neither a sentence's
    // end nor a figure, as the first line of a paragraph about the project would.
    if line
        .strip_prefix("项目")
        .is_some_and(|rest| numbered(rest, &['：', ':']))
    {
        let sentence = line.contains(['。', '；', '%']) || line.contains("万元");
        return (line.chars().count() <= 60 && !sentence).then_some(3);
    }
    // A sentence may start with a number too; a heading has no clause marks, unless it
    // introduces a list (（一）收入总计7972.87万元，包括：).
    let introduces = line.ends_with(['：', ':']);
    if line.chars().count() > 40 || (line.contains(['，', '；', ',']) && !introduces) {
        return None;
    }
    if numbered(line, &['、']) && !line.contains('：') {
        return Some(1);
    }
    if line
        .strip_prefix(['（', '('])
        .is_some_and(|rest| numbered(rest, &['）', ')']))
    {
        return Some(2);
    }
    None
}

/// The title of a 附件 report in a published text: a line of its own that names a
/// self-evaluation or evaluation report, with no sentence punctuation.
fn is_attachment_title(line: &str) -> bool {
    line.chars().count() <= 60
        && ["自评总结报告", "自评报告", "评价报告"]
            .iter()
            .any(|end| line.ends_with(end))
        && !line.contains(['，', '。', '；', '：', ',', ';', ':'])
}

/// `s` after its leading Chinese numerals.
fn after_numerals(s: &str) -> &str {
    s.trim_start_matches(|c: char| NUMERALS.contains(c))
}

/// A heading without its number: 一、总体情况 → 总体情况, （二）结构情况 → 结构情况,
/// 项目一：某项目 → 某项目.
fn strip_number(title: &str) -> String {
    let stripped = if let Some(rest) = title.strip_prefix('第') {
        after_numerals(rest).strip_prefix("部分")
    } else if let Some(rest) = title.strip_prefix(['（', '(']) {
        after_numerals(rest).strip_prefix(['）', ')'])
    } else if let Some(rest) = title.strip_prefix("项目") {
        after_numerals(rest).strip_prefix(['：', ':'])
    } else {
        after_numerals(title).strip_prefix('、')
    };
    stripped.unwrap_or(title).trim().to_owned()
}

/// Removes the spaces that PDF extraction puts around numbers and between Chinese
/// characters; spaces between two ASCII words stay (as one).
pub fn normalize(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            if ascii(before) && ascii(after) {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A line of a table: cells apart by tabs or by wide gaps (`-layout` output).
fn looks_like_table_row(line: &str) -> bool {
    let cells = |gap: &str| {
        line.trim()
            .split(gap)
            .filter(|c| !c.trim().is_empty())
            .count()
    };
    cells("\t") >= 3 || cells("  ") >= 4
}

/// A page number line: `— 3 —`, `- 3 -`, `3`.
fn looks_like_page_number(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "—－-–".contains(c))
}
