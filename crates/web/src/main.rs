//! The `consulta` binary: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    consulta_web::cli::main()
}
