//! `dbshell`: the client command for each backend, with the password kept
//! out of its arguments, and the real client run on each backend.

use std::io::Write;
use std::process::Stdio;

use model_shell::dbshell::client;
use model_tests::{on_every_backend, Backend};

#[test]
fn the_password_goes_in_the_environment_never_in_the_arguments() {
    for (url, variable) in [
        #[cfg(feature = "postgres")]
        ("postgres://app:s3cret%40pw@db.example:5433/shop", "PGPASSWORD"),
        #[cfg(feature = "mysql")]
        ("mysql://app:s3cret%40pw@db.example:3307/shop", "MYSQL_PWD"),
    ] {
        let command = client(url).unwrap();
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(args.iter().all(|a| !a.contains("s3cret")), "{args:?}");
        assert!(
            args.iter().any(|a| a.contains("db.example")) && args.iter().any(|a| a.contains("shop")),
            "{args:?}"
        );
        let password = command
            .get_envs()
            .find(|(name, _)| *name == variable)
            .and_then(|(_, value)| value)
            .unwrap();
        assert_eq!(password, "s3cret@pw");
    }
}

#[test]
fn no_part_of_the_url_passes_for_an_option_of_the_client() {
    let command = client("-cmd.sqlite3").unwrap();
    let args: Vec<_> = command.get_args().collect();
    assert_eq!(args, ["./-cmd.sqlite3"]);
    #[cfg(feature = "mysql")]
    {
        let command = client("mysql://app@db.example/--init-command=DROP").unwrap();
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--host=db.example",
                "--user=app",
                "--database=--init-command=DROP"
            ]
        );
    }
    #[cfg(feature = "postgres")]
    {
        let command = client("postgres://app@db.example/-c").unwrap();
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            ["--host", "db.example", "--username", "app", "--dbname", "-c"]
        );
    }
}

#[test]
fn an_in_memory_database_has_nothing_to_open() {
    let error = client("sqlite::memory:").unwrap_err().to_string();
    assert!(error.contains("in memory"), "{error}");
}

on_every_backend! {
    /// The client reads SQL on its standard input and answers from the
    /// test's own database.
    fn the_client_opens_the_settings_database(db) {
        // On PostgreSQL a password in the URL reaches psql through its
        // environment (trust authentication accepts any).
        let url = match db.backend() {
            Backend::Postgres => db.url().replacen("postgres://postgres@", "postgres://postgres:pw@", 1),
            _ => db.url().to_owned(),
        };
        let mut conn = db.connect();
        model_tests::models::create_littlelemon_tables(&mut conn).unwrap();
        let mut child = client(&url)
            .unwrap()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the client is installed");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"SELECT COUNT(*) + 42 FROM littlelemon_category;\n")
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(stdout.contains("42"), "{stdout}");
    }
}
