//! The `yujuesuan` command: parses the arguments, runs the library, maps errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use yujuesuan::Error;
use yujuesuan::cli::{Cli, Outcome, print_findings, run};
use yujuesuan::finding::Format;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Errors) => ExitCode::from(1),
        Err(error) => {
            if let Error::Findings { findings, sources } = &error {
                print_findings(findings, sources, Format::Human);
            }
            let code = error.exit_code();
            // Each message names its cause itself (无法写入 X：…), so no chain is added.
            eprintln!("错误：{error}");
            ExitCode::from(code)
        }
    }
}
