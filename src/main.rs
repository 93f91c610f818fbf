//! The `yujuesuan` command: parses the arguments, runs the library, maps errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use yujuesuan::Error;
use yujuesuan::cli::{Cli, print_findings, run};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Error::Findings(findings) = &error {
                print_findings(findings);
            }
            let code = error.exit_code();
            eprintln!("错误：{:#}", anyhow::Error::from(error));
            ExitCode::from(code)
        }
    }
}
