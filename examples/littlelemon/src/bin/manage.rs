//! Little Lemon's `manage.py`: `cargo run -p littlelemon --bin manage -- help`.

// Links the app's crate, which registers its models and migrations: a
// crate the binary never names is left out by the linker.
use littlelemon as _;
// The admin site and `manage runserver`, serving the app's registrations.
use model_admin as _;
// `manage shell` and `manage dbshell`.
use model_shell as _;

fn main() -> std::process::ExitCode {
    model_manage::run(model_manage::Settings::from_env().installed_apps([
        "admin",
        "auth",
        "sessions",
        "littlelemon",
    ]))
}
