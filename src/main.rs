fn main() -> std::process::ExitCode {
    planc::cli::run()
}
