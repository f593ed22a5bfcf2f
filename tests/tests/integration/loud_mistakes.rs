//! A mistake in the installed apps is an error of every command, never a
//! silent "No changes detected".

use std::process::ExitCode;

use model_runtime::Settings;

const UNKNOWN: &str = "error: app `shopp` is in installed apps, but no model of it is compiled into this binary: \
                       is its name misspelled, or does the manage binary not link its crate (`use <crate> as _;`)?\n";

fn run(settings: &Settings, args: &[&str]) -> (ExitCode, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = std::iter::once("manage").chain(args.iter().copied());
    let code = model_manage::run_from(args, settings.clone(), &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn an_installed_app_the_binary_does_not_know_stops_every_command() {
    let dir = std::env::temp_dir().join(format!("loud-mistakes-{}", std::process::id()));
    let settings = Settings::new()
        .installed_apps(["littlelemon", "shopp"])
        .migrations_dir("littlelemon", dir.join("littlelemon"))
        .database_url(dir.join("db.sqlite3").to_string_lossy());
    for args in [
        &["makemigrations"][..],
        &["migrate"],
        &["showmigrations"],
        &["makemigrations", "--check"],
        &["dumpdata"],
    ] {
        let (code, out, err) = run(&settings, args);
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (ExitCode::FAILURE, "", UNKNOWN),
            "{args:?}"
        );
    }
    assert!(!dir.join("littlelemon").exists(), "nothing was written");
    assert!(!dir.join("db.sqlite3").exists(), "no database was made");
    // `check` lists it among the rest, in the same words.
    let (code, out, _) = run(&settings, &["check"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(out.contains(UNKNOWN.trim_start_matches("error: ")), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn embedded_migrations_asked_of_a_binary_that_embeds_none_is_an_error() {
    // This crate never calls `embed_migrations!`.
    let settings = Settings::new()
        .installed_apps(["littlelemon"])
        .embedded_migrations_only(true)
        .database_url("sqlite::memory:");
    let (code, out, err) = run(&settings, &["migrate"]);
    assert_eq!((code, out.as_str()), (ExitCode::FAILURE, ""), "{err}");
    assert!(
        err.starts_with(
            "error: MODEL_EMBEDDED_MIGRATIONS=1 reads the migrations embedded in the binary, and the crate of app \
             `littlelemon` ("
        ) && err.contains("embeds none: call `model_runtime::embed_migrations!();`"),
        "{err}"
    );
}
