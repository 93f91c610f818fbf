//! A diff written out: as text for a terminal (coloured) or a pipe (marked), as one
//! self-contained HTML page with the two reports side by side, or as JSON.

use std::io::{self, Write};

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};

use super::{Diff, Figure, SectionChange, SectionDiff, Sentence, Span};

/// Writes the sections that differ; colours where `out` supports them, else marks
/// deletions `[-…-]` and insertions `{+…+}` as `git diff --word-diff` does.
pub fn text(diff: &Diff, out: &mut dyn WriteColor) -> io::Result<()> {
    let changed: Vec<&SectionDiff> = diff.sections.iter().filter(|s| s.differs()).collect();
    if changed.is_empty() {
        return writeln!(out, "两份报告的文字相同。");
    }
    for section in changed {
        out.set_color(ColorSpec::new().set_bold(true))?;
        writeln!(out, "{}", heading(section))?;
        out.reset()?;
        let mut sentences = section.sentences.iter();
        while let Some(sentence) = sentences.next() {
            match sentence {
                Sentence::Same { .. } => {}
                Sentence::Added { text } => line(out, "+ ", text, Color::Green)?,
                Sentence::Removed { text } => line(out, "- ", text, Color::Red)?,
                Sentence::Renumbered { number, .. } => {
                    // The items after one added or removed: one line, not one per item,
                    // across the items' further sentences, which are the same.
                    let (mut last, mut count) = (number, 1);
                    let mut rest = sentences.as_slice();
                    while let Some(k) = rest
                        .iter()
                        .position(|s| !matches!(s, Sentence::Same { .. }))
                        && let Sentence::Renumbered { number, .. } = &rest[k]
                    {
                        (last, count) = (number, count + 1);
                        rest = &rest[k + 1..];
                    }
                    sentences = rest.iter();
                    renumbered(out, number, last, count)?;
                }
                Sentence::Changed { spans, figures, .. } => {
                    write!(out, "~ ")?;
                    for span in spans {
                        inline(out, span)?;
                    }
                    writeln!(out)?;
                    for f in figures {
                        writeln!(out, "    数字：{} → {}", f.old, f.new)?;
                    }
                }
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A run of `count` list items from `first` to `last` that only got other numbers.
fn renumbered(
    out: &mut dyn WriteColor,
    first: &Figure,
    last: &Figure,
    count: usize,
) -> io::Result<()> {
    if count == 1 {
        writeln!(out, "~ {}仅序号改变，今为{}", first.old, first.new)
    } else {
        writeln!(
            out,
            "~ {}至{}仅序号改变（{count} 条），今为{}至{}",
            first.old, last.old, first.new, last.new
        )
    }
}

/// What a section's heading line says about it.
fn heading(section: &SectionDiff) -> String {
    let old = section.old_title.as_deref().unwrap_or_default();
    let new = section.new_title.as_deref().unwrap_or_default();
    let name = |t: &str| {
        if t.is_empty() {
            "（开头）".to_owned()
        } else {
            t.to_owned()
        }
    };
    match section.change {
        SectionChange::Kept => format!("== {}", name(new)),
        SectionChange::Moved => format!("== {}（位置移动，原为“{}”）", name(new), name(old)),
        SectionChange::Renamed => format!("== {}（原标题“{}”）", name(new), name(old)),
        SectionChange::Added => format!("== {}（新增）", name(new)),
        SectionChange::Removed => format!("== {}（删除）", name(old)),
    }
}

fn line(out: &mut dyn WriteColor, mark: &str, text: &str, color: Color) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(color)))?;
    write!(out, "{mark}{text}")?;
    out.reset()?;
    writeln!(out)
}

fn inline(out: &mut dyn WriteColor, span: &Span) -> io::Result<()> {
    let (color, open, close) = match span.tag {
        "delete" => (Color::Red, "[-", "-]"),
        "insert" => (Color::Green, "{+", "+}"),
        _ => return write!(out, "{}", span.text),
    };
    if out.supports_color() {
        out.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
        write!(out, "{}", span.text)?;
        out.reset()
    } else {
        write!(out, "{open}{}{close}", span.text)
    }
}

/// The changes as JSON: every section that differs with its sentences.
pub fn json(diff: &Diff, out: &mut dyn Write) -> io::Result<()> {
    let changed = Diff {
        sections: diff
            .sections
            .iter()
            .filter(|s| s.differs())
            .cloned()
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &changed)?;
    writeln!(out)
}

/// One self-contained HTML page: both reports side by side, section by section, the
/// changed words marked.
pub fn html(diff: &Diff, old_name: &str, new_name: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} → {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{} → {}</h1>\n<table>\n<thead><tr><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        escape(old_name),
        escape(new_name),
        escape(old_name),
        escape(new_name),
        escape(old_name),
        escape(new_name)
    )?;
    for section in &diff.sections {
        let class = if section.differs() { "changed" } else { "same" };
        writeln!(
            out,
            "<tr class=\"section {class}\"><th>{}</th><th>{}</th></tr>",
            escape(section.old_title.as_deref().unwrap_or_default()),
            escape(section.new_title.as_deref().unwrap_or_default())
        )?;
        for sentence in &section.sentences {
            let (left, right) = match sentence {
                Sentence::Same { text, old } => {
                    (escape(old.as_deref().unwrap_or(text)), escape(text))
                }
                Sentence::Added { text } => (String::new(), format!("<ins>{}</ins>", escape(text))),
                Sentence::Removed { text } => {
                    (format!("<del>{}</del>", escape(text)), String::new())
                }
                Sentence::Renumbered { old, new, number } => {
                    let marked = |text: &str, number: &str, tag: &str| {
                        let rest = text.strip_prefix(number).unwrap_or(text);
                        format!("<{tag}>{}</{tag}>{}", escape(number), escape(rest))
                    };
                    (
                        marked(old, &number.old, "del"),
                        marked(new, &number.new, "ins"),
                    )
                }
                Sentence::Changed { spans, .. } => (side(spans, "insert"), side(spans, "delete")),
            };
            let class = match sentence {
                Sentence::Same { .. } => "same",
                Sentence::Renumbered { .. } => "renumbered",
                _ => "changed",
            };
            writeln!(
                out,
                "<tr class=\"{class}\"><td>{left}</td><td>{right}</td></tr>"
            )?;
        }
    }
    writeln!(out, "</tbody>\n</table>\n</body>\n</html>")
}

/// One side of a changed sentence: the spans of both, without those of the other side
/// (the old side with its own years).
fn side(spans: &[Span], other: &str) -> String {
    spans
        .iter()
        .filter(|s| s.tag != other)
        .map(|s| match (s.tag, &s.old) {
            ("delete", _) => format!("<del>{}</del>", escape(&s.text)),
            ("insert", _) => format!("<ins>{}</ins>", escape(&s.text)),
            (_, Some(old)) if other == "insert" => escape(old),
            _ => escape(&s.text),
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'Noto Serif CJK SC','Songti SC',serif;margin:2em}\
table{border-collapse:collapse;width:100%;table-layout:fixed}\
th,td{border:1px solid #ccc;padding:.4em .6em;vertical-align:top;line-height:1.6}\
thead th{background:#eee;position:sticky;top:0}\
tr.section th{background:#f6f6f6;text-align:left}\
tr.section.changed th{background:#fff4d6}\
tr.same td,tr.renumbered td{color:#777}\
del{background:#fdd;text-decoration:line-through}\
ins{background:#dfd;text-decoration:none}";
