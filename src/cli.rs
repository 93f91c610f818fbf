//! The command line: clap definitions and the commands they run.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::batch::UnitOutcome;
use crate::finding::{self, Finding, Format, RULES};
use crate::fonts::FontOptions;
use crate::load::Sources;
use crate::{Error, Options};

/// 预决算：把部门决算的 YAML 数据生成公开报告（PDF）.
#[derive(Debug, Parser)]
#[command(name = "yujuesuan", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查数据后生成报告 PDF；可一次生成多个报告.
    Build(BuildArgs),
    /// 监视数据目录，每次保存后重新生成 PDF.
    Watch(WatchArgs),
    /// 检查数据：列出全部错误和警告（有错误时退出码为 1）.
    Validate(ValidateArgs),
    /// 输出报告的文字部分（概况、情况说明、名词解释）.
    Text(TextArgs),
    /// 输出模板可用的全部数据（JSON）：文字模板的变量和排版模板读取的数据文件.
    Context(TextArgs),
    /// 比较两份报告的文字：逐节、逐句、句内逐字，列出变化的数字.
    Diff(DiffArgs),
    /// 列出全部检查规则（Markdown 表格）.
    Rules,
    /// 输出数据文件的 JSON Schema.
    Schema(SchemaArgs),
    /// 报告格式的模板包.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

/// `yujuesuan templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// 列出内置的报告格式.
    List,
    /// 把一个格式的全部模板文件写入目录，供修改后用 --templates 使用.
    Export(ExportArgs),
}

/// `yujuesuan templates export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 写入的目录（不存在则创建）.
    dir: PathBuf,
    /// 报告格式.
    #[arg(long, default_value = "henan-department")]
    format: String,
    /// 覆盖目录中与格式自带内容不同（改过）的文件.
    #[arg(long)]
    force: bool,
}

/// Options shared by the commands that read a report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 报告数据目录（含 report.yaml 等文件）.
    pub dir: PathBuf,
    /// 模板覆盖目录：其中的文件替换格式自带的同名模板.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `yujuesuan build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 报告数据目录；给出多个时并行生成（批量），PDF 写入 --out-dir.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// 模板覆盖目录：其中的文件替换格式自带的同名模板.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// 输出的 PDF 文件（只有一个目录时）；默认为“目录名.pdf”.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// 批量生成时 PDF 的目录，每个报告为“目录名.pdf”.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    #[command(flatten)]
    fonts: FontArgs,
}

/// `yujuesuan watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// 输出的 PDF 文件.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    fonts: FontArgs,
}

/// The fonts a build may use besides the embedded ones.
#[derive(Debug, Args)]
pub struct FontArgs {
    /// 额外的字体目录（可重复）.
    #[arg(long = "font-path", value_name = "DIR")]
    font_paths: Vec<PathBuf>,
    /// 同时使用操作系统中安装的字体.
    #[arg(long)]
    system_fonts: bool,
}

impl FontArgs {
    fn load(&self) -> Result<Arc<typst_kit::fonts::FontStore>, Error> {
        // A mistyped directory would otherwise only show as a font not found.
        if let Some(dir) = self.font_paths.iter().find(|d| !d.is_dir()) {
            return Err(Error::Usage(format!(
                "字体目录 {} 不存在或不是目录：--font-path 给出含 .ttf、.otf 或 .ttc 字体文件的目录",
                dir.display()
            )));
        }
        Ok(Arc::new(crate::fonts::load(&FontOptions {
            system: self.system_fonts,
            paths: self.font_paths.clone(),
        })))
    }
}

/// `yujuesuan validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// 报告数据目录，可给出多个.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// 输出格式.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// 模板覆盖目录.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// `yujuesuan text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    #[command(flatten)]
    report: ReportArgs,
}

/// `yujuesuan diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 旧报告：报告数据目录，或报告的文本文件（如 pdftotext 的输出）.
    old: PathBuf,
    /// 新报告：同上.
    new: PathBuf,
    /// 输出格式：text（终端中着色）、html（一页左右对照）或 json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// 模板覆盖目录（对报告数据目录）.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// How `diff` writes the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Sections and sentences that differ, coloured on a terminal.
    Text,
    /// One self-contained page, the two reports side by side.
    Html,
    /// The changes as JSON.
    Json,
}

/// `yujuesuan schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// 数据文件名，如 accounts.yaml；不给则输出全部.
    file: Option<String>,
    /// 把每个文件的 Schema 写入该目录（<文件名>.schema.json）.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// What a command ended with: success, or findings that make the exit code 1.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong in the data.
    Clean,
    /// The data has errors.
    Errors,
}

/// Runs a command, writing results to stdout and findings to stderr.
pub fn run(cli: Cli) -> Result<Outcome, Error> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Watch(args) => watch(args),
        Command::Validate(args) => validate(args),
        Command::Text(args) => {
            let prepared = crate::prepare(&args.report.dir, &options(&args.report))?;
            print_findings(&prepared.warnings, &prepared.sources, Format::Human);
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().write_all(prepared.text.to_plain().as_bytes());
            Ok(Outcome::Clean)
        }
        Command::Context(args) => {
            let prepared = crate::prepare(&args.report.dir, &options(&args.report))?;
            let files: serde_json::Map<String, serde_json::Value> = prepared
                .data
                .iter()
                .map(|(path, bytes)| {
                    let value = serde_json::from_slice(bytes).unwrap_or_default();
                    (path.clone(), value)
                })
                .collect();
            let all = serde_json::json!({"text": prepared.context, "typst": files});
            let json = serde_json::to_string_pretty(&all).expect("JSON values serialize");
            let _ = writeln!(std::io::stdout(), "{json}");
            Ok(Outcome::Clean)
        }
        Command::Diff(args) => {
            let options = Options {
                templates: args.templates.clone(),
            };
            let old = crate::document(&args.old, &options)?;
            let new = crate::document(&args.new, &options)?;
            for (side, path) in [(&old, &args.old), (&new, &args.new)] {
                if side.errors > 0 {
                    eprintln!(
                        "注意：{} 的数据有 {} 处错误（yujuesuan validate {} 列出），比较的是由其明细算出的文本",
                        path.display(),
                        side.errors,
                        path.display()
                    );
                }
            }
            let changes = crate::diff::diff(&old.document, &new.document);
            let written = match args.format {
                DiffFormat::Text => {
                    let mut out = StandardStream::stdout(color(std::io::stdout().is_terminal()));
                    crate::diff::text(&changes, &mut out)
                }
                DiffFormat::Html => crate::diff::html(
                    &changes,
                    &args.old.display().to_string(),
                    &args.new.display().to_string(),
                    &mut std::io::stdout(),
                ),
                DiffFormat::Json => crate::diff::json(&changes, &mut std::io::stdout()),
            };
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = written;
            Ok(Outcome::Clean)
        }
        Command::Rules => {
            let _ = std::io::stdout().write_all(rules_markdown().as_bytes());
            Ok(Outcome::Clean)
        }
        Command::Schema(args) => schema(args),
        Command::Templates(TemplatesCommand::List) => {
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                crate::format::available().join("\n")
            );
            Ok(Outcome::Clean)
        }
        Command::Templates(TemplatesCommand::Export(args)) => {
            let pack = crate::format::Pack::open(&args.format, None)?;
            let files = pack.export(&args.dir, args.force)?;
            eprintln!(
                "已写入格式 {} 的 {} 个文件到 {}：修改后用 --templates {} 生成报告",
                args.format,
                files.len(),
                args.dir.display(),
                args.dir.display()
            );
            Ok(Outcome::Clean)
        }
    }
}

fn options(args: &ReportArgs) -> Options {
    Options {
        templates: args.templates.clone(),
    }
}

fn build(args: BuildArgs) -> Result<Outcome, Error> {
    let options = Options {
        templates: args.templates.clone(),
    };
    if args.dirs.len() > 1 || args.out_dir.is_some() {
        return batch(&args, &options);
    }
    let dir = &args.dirs[0];
    let output = args.output.clone().unwrap_or_else(|| {
        let name = dir
            .file_name()
            .map_or("report".into(), |n| n.to_string_lossy().into_owned());
        PathBuf::from(format!("{name}.pdf"))
    });
    output_place(&output)?;
    let prepared = crate::build(dir, &output, &options, args.fonts.load()?)?;
    print_findings(&prepared.warnings, &prepared.sources, Format::Human);
    eprintln!("已生成 {}", output.display());
    Ok(Outcome::Clean)
}

/// The directory an output file goes to exists: a typo in it is told before the build,
/// not as a failed write after it.
fn output_place(output: &Path) -> Result<(), Error> {
    match output.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Error::Usage(format!(
            "输出目录 {} 不存在：请先创建它，或给出已有目录中的文件",
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// Builds many reports in parallel with a progress bar, then a line per unit.
fn batch(args: &BuildArgs, options: &Options) -> Result<Outcome, Error> {
    let out_dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let fonts = args.fonts.load()?;
    let bar = indicatif::ProgressBar::new(args.dirs.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            .expect("a valid template"),
    );
    let units = crate::batch::build_all(&args.dirs, &out_dir, options, fonts, &|unit| {
        bar.set_message(unit.dir.display().to_string());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let (mut errors, mut failed) = (0, 0);
    for unit in &units {
        let dir = unit.dir.display();
        match &unit.outcome {
            UnitOutcome::Built { warnings } => {
                let note = if *warnings > 0 {
                    format!("（{warnings} 条警告）")
                } else {
                    String::new()
                };
                eprintln!("成功  {dir} → {}{note}", unit.output.display());
            }
            UnitOutcome::Findings { findings, sources } => {
                errors += 1;
                let n = findings.iter().filter(|f| f.is_error()).count();
                eprintln!("有误  {dir}：数据有 {n} 处错误，未生成");
                print_findings(findings, sources, Format::Short);
            }
            UnitOutcome::Failed(message) => {
                failed += 1;
                eprintln!("失败  {dir}：{message}");
            }
        }
    }
    eprintln!(
        "共 {} 个报告：成功 {}，数据有误 {errors}，失败 {failed}",
        units.len(),
        units.len() - errors - failed
    );
    if failed > 0 {
        return Err(Error::Usage(format!("{failed} 个报告生成失败")));
    }
    Ok(if errors > 0 {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

/// Rebuilds the report whenever a file of its directory (or of the template directory)
/// changes; findings are printed instead of a build.
fn watch(args: WatchArgs) -> Result<Outcome, Error> {
    use notify::Watcher;
    output_place(&args.output)?;
    let options = options(&args.report);
    let mut session =
        crate::Session::new(&args.report.dir, &args.output, &options, args.fonts.load()?);
    let (events, changes) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| Error::Usage(format!("无法监视文件：{e}")))?;
    // As notify names the files: absolute, from the directory given.
    let templates = match &args.report.templates {
        Some(dir) => Some(
            std::path::absolute(crate::format::overrides_dir(dir)?)
                .map_err(|e| Error::Usage(format!("无法监视 {}：{e}", dir.display())))?,
        ),
        None => None,
    };
    for dir in std::iter::once(&args.report.dir).chain(&templates) {
        watcher
            .watch(dir, notify::RecursiveMode::Recursive)
            .map_err(|e| Error::Usage(format!("无法监视 {}：{e}", dir.display())))?;
    }
    eprintln!("监视 {}（Ctrl-C 结束）", args.report.dir.display());
    // The time a user waits: from the save (at first, from the start) to the PDF.
    let mut saved = std::time::Instant::now();
    loop {
        match session.rebuild() {
            Ok(rebuilt) => {
                let prepared = &rebuilt.prepared;
                print_findings(&prepared.warnings, &prepared.sources, Format::Human);
                if rebuilt.written {
                    eprintln!(
                        "已生成 {}（{} 毫秒）",
                        args.output.display(),
                        saved.elapsed().as_millis()
                    );
                } else {
                    eprintln!("内容未变，{} 仍是最新", args.output.display());
                }
            }
            Err(Error::Findings { findings, sources }) => {
                print_findings(&findings, &sources, Format::Human);
                eprintln!("数据有误，未生成：改正后保存即重新生成");
            }
            Err(error) => eprintln!("错误：{error}"),
        }
        // Wait for a change to the data or the templates (not our own PDF), then let a
        // burst of saves settle.
        let relevant = |event: &notify::Result<notify::Event>| {
            event.as_ref().is_ok_and(|e| {
                e.paths.iter().any(|path| {
                    let yaml = path.extension().is_some_and(|x| x == "yaml" || x == "yml");
                    let template = templates.as_ref().is_some_and(|t| path.starts_with(t));
                    (yaml || template) && !e.kind.is_access()
                })
            })
        };
        loop {
            match changes.recv() {
                Ok(event) if relevant(&event) => break,
                Ok(_) => {}
                Err(_) => return Ok(Outcome::Clean),
            }
        }
        saved = std::time::Instant::now();
        // An editor's save is a burst of events within a millisecond or two (write, or
        // write a temporary file and rename it); a save during the build starts another.
        while changes
            .recv_timeout(std::time::Duration::from_millis(20))
            .is_ok()
        {}
    }
}

/// Checks every directory; findings go to stdout (they are the command's output).
fn validate(args: ValidateArgs) -> Result<Outcome, Error> {
    let options = Options {
        templates: args.templates.clone(),
    };
    let mut all: Vec<Finding> = Vec::new();
    let mut outcome = Outcome::Clean;
    let mut stdout = StandardStream::stdout(color(std::io::stdout().is_terminal()));
    // A directory that cannot be read does not keep the others from being checked.
    let mut unreadable = 0;
    for dir in &args.dirs {
        let (findings, sources) = match crate::check(dir, &options) {
            Ok(checked) => (checked.findings, checked.sources),
            Err(Error::Findings { findings, sources }) => (findings, sources),
            Err(other) if args.dirs.len() == 1 => return Err(other),
            Err(other) => {
                unreadable += 1;
                let _ = stdout.flush();
                eprintln!("错误：{other}");
                continue;
            }
        };
        let errors = findings.iter().filter(|f| f.is_error()).count();
        if errors > 0 {
            outcome = Outcome::Errors;
        }
        if args.format == Format::Json {
            all.extend(findings.into_iter().map(|f| Finding {
                file: sources.dir.join(&f.file).display().to_string(),
                ..f
            }));
        } else {
            let _ = finding::emit(&mut stdout, &findings, &sources, args.format);
            // A clean run says so: silence would leave a user unsure it checked anything.
            let warnings = findings.len() - errors;
            let verdict = match (errors, warnings) {
                (0, 0) => "数据无误".to_owned(),
                (0, w) => format!("无错误，{w} 处警告"),
                (e, w) => format!("{e} 处错误，{w} 处警告"),
            };
            // After the findings even when both streams go to one pipe.
            let _ = stdout.flush();
            eprintln!("{}：{verdict}", dir.display());
        }
    }
    if args.format == Format::Json {
        let _ = finding::emit(&mut stdout, &all, &Sources::default(), Format::Json);
    }
    if unreadable > 0 {
        return Err(Error::Usage(format!("{unreadable} 个目录未能检查（见上）")));
    }
    Ok(outcome)
}

fn schema(args: SchemaArgs) -> Result<Outcome, Error> {
    let files: Vec<&str> = match &args.file {
        Some(name) => vec![name.as_str()],
        None => crate::load::SCHEMA_FILES.iter().map(|(n, _)| *n).collect(),
    };
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
    }
    for name in files {
        let Some(schema) = crate::load::schema_of(name) else {
            return Err(Error::Usage(format!(
                "没有数据文件“{name}”：可用 {}",
                crate::load::SCHEMA_FILES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join("、")
            )));
        };
        let json = serde_json::to_string_pretty(&schema).expect("schemas serialize") + "\n";
        match &args.out {
            Some(dir) => {
                let path = dir.join(format!("{}.schema.json", name.trim_end_matches(".yaml")));
                crate::compile::write_atomic(&path, json.as_bytes())
                    .map_err(|source| Error::Write { path, source })?;
            }
            None => {
                let _ = std::io::stdout().write_all(json.as_bytes());
            }
        }
    }
    Ok(Outcome::Clean)
}

fn color(terminal: bool) -> ColorChoice {
    if terminal && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    }
}

/// Prints findings to stderr.
pub fn print_findings(findings: &[Finding], sources: &Sources, format: Format) {
    let mut stderr = StandardStream::stderr(color(std::io::stderr().is_terminal()));
    let _ = finding::emit(&mut stderr, findings, sources, format);
}

/// The rule catalogue as a Markdown page (docs/rules.md).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Validation rules\n\n\
         Generated by `yujuesuan rules` from the rule catalogue (`src/finding.rs`).\n\
         `yujuesuan validate DIR` reports every finding in one run; an error stops `build`.\n\n\
         | rule | severity | what it checks | example message |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.id, rule.severity, rule.checks, rule.example
        ));
    }
    out
}
