//! The command line: clap definitions and the commands they run.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::fonts::FontOptions;
use crate::validate::Finding;
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
    /// 生成报告 PDF.
    Build(BuildArgs),
    /// 输出报告的文字部分（概况、情况说明、名词解释）.
    Text(TextArgs),
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
    #[command(flatten)]
    report: ReportArgs,
    /// 输出的 PDF 文件；默认为“目录名.pdf”.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// 额外的字体目录（可重复）.
    #[arg(long = "font-path", value_name = "DIR")]
    font_paths: Vec<PathBuf>,
    /// 同时使用操作系统中安装的字体.
    #[arg(long)]
    system_fonts: bool,
}

/// `yujuesuan text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    #[command(flatten)]
    report: ReportArgs,
}

/// Runs a command, writing results to stdout and findings to stderr.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Text(args) => {
            let prepared = crate::prepare(&args.report.dir, &options(&args.report))?;
            print_findings(&prepared.warnings);
            // A closed pipe (e.g. `| head`) is not an error.
            let _ = std::io::stdout().write_all(prepared.text.to_plain().as_bytes());
            Ok(())
        }
    }
}

fn options(args: &ReportArgs) -> Options {
    Options {
        templates: args.templates.clone(),
    }
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let output = args.output.clone().unwrap_or_else(|| {
        let name = args
            .report
            .dir
            .file_name()
            .map_or("report".into(), |n| n.to_string_lossy().into_owned());
        PathBuf::from(format!("{name}.pdf"))
    });
    let fonts = crate::fonts::load(&FontOptions {
        system: args.system_fonts,
        paths: args.font_paths,
    });
    let prepared = crate::build(
        &args.report.dir,
        &output,
        &options(&args.report),
        Arc::new(fonts),
    )?;
    print_findings(&prepared.warnings);
    eprintln!("已生成 {}", output.display());
    Ok(())
}

/// Prints findings to stderr, one block each.
pub fn print_findings(findings: &[Finding]) {
    for finding in findings {
        eprintln!("{finding}\n");
    }
}
