//! The `feedsentry` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = feedsentry::cli::Cli::parse();
    std::process::ExitCode::from(feedsentry::cli::run(cli) as u8)
}
