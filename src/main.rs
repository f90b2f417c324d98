#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    let mut leftovers = planc::cli::Leftovers::default();
    let code = planc::cli::run(&mut leftovers);
    // The one place the big values of a command are let go of: the process ends here.
    leftovers.exit_without_freeing();
    code
}
