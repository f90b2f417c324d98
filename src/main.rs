#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    planc::cli::run()
}
