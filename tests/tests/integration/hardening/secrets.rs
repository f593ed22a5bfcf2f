//! A database password never reaches a message: wherever the URL holds it
//! (before the last `@`, raw or percent-encoded, or as a `password` query
//! parameter), it is in no connection error's `Display` or `Debug`, no
//! redacted URL, no `Debug` of the settings or of a pool's manager, no
//! output of `manage`; and the driver reads the password written.

use std::io::Write;
use std::process::ExitCode;

use model_runtime::{Backend, ConnectionManager, DatabaseUrl, Settings};
use proptest::prelude::*;

/// A password of words of five to seven capitals and digits (which no
/// driver message holds by chance), joined by characters that delimit a
/// URL's parts, raw or percent-encoded.
fn password() -> impl Strategy<Value = String> {
    let word = "[A-Z][A-Z0-9]{4,6}";
    let joint = prop_oneof![
        Just("@".to_owned()),
        Just(":".to_owned()),
        Just("/".to_owned()),
        Just("?".to_owned()),
        Just("#".to_owned()),
        Just("%".to_owned()),
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just(" ".to_owned()),
        Just("é".to_owned()),
        Just("@@".to_owned()),
        "%[0-9A-F]{2}",
    ];
    (word, prop::collection::vec((joint, word), 0..4)).prop_map(|(first, rest)| {
        let mut password = first;
        for (joint, word) in rest {
            password.push_str(&joint);
            password.push_str(&word);
        }
        password
    })
}

/// `%XX` for every byte but letters and digits.
fn percent_encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `text` with its `%XX` escapes decoded.
fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Fails, naming `what`, when `text` holds the password, its decoded form,
/// or one of its words.
fn assert_hidden(text: &str, password: &str, what: &str) {
    let words = password.split(|c: char| !c.is_ascii_alphanumeric());
    for secret in [password.to_owned(), percent_decoded(password)]
        .into_iter()
        .chain(words.filter(|w| w.len() >= 5).map(str::to_owned))
    {
        assert!(
            !text.contains(&secret),
            "{what} shows `{secret}` of the password `{password}`:\n{text}"
        );
    }
}

/// The URLs of `scheme` that hold `password`: in the credentials and, for
/// PostgreSQL, as a query parameter.
fn urls(scheme: &str, user: &str, server: &str, database: &str, password: &str) -> Vec<String> {
    let mut urls = vec![format!("{scheme}://{user}:{password}@{server}/{database}")];
    if scheme == "postgres" {
        urls.push(format!(
            "{scheme}://{user}@{server}/{database}?connect_timeout=5&password={}",
            percent_encoded(password)
        ));
    }
    urls
}

/// Connects to `url`, which must fail, and checks every text made of it.
fn check_refused(url: &str, password: &str) {
    let parsed = DatabaseUrl::parse(url).unwrap();
    assert_hidden(&parsed.redacted(), password, "the redacted URL");
    assert_hidden(&format!("{parsed:?}"), password, "the URL's Debug");
    let settings = Settings::new().database_url(url);
    assert_hidden(&format!("{settings:?}"), password, "the settings' Debug");
    assert_hidden(
        &format!("{:?}", ConnectionManager::new(url)),
        password,
        "the pool manager's Debug",
    );
    let error = match model_runtime::connect(url) {
        Ok(_) => panic!("{} connected", parsed.redacted()),
        Err(error) => error,
    };
    assert!(
        matches!(error, model_runtime::Error::Connection { .. }),
        "{error:?}"
    );
    assert_hidden(&error.to_string(), password, "the error");
    assert_hidden(&format!("{error:?}"), password, "the error's Debug");

    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = model_manage::run_from(["manage", "showmigrations"], settings, &mut out, &mut err);
    assert_eq!(code, ExitCode::FAILURE);
    out.write_all(&err).unwrap();
    assert_hidden(&String::from_utf8_lossy(&out), password, "manage's output");
}

/// The server of `backend` the tests use: scheme, user and `host:port`.
#[allow(dead_code)]
fn server(backend: Backend) -> (String, String, String) {
    let (variable, default) = match backend {
        Backend::Postgres => (
            "MODEL_TEST_POSTGRES_URL",
            "postgres://postgres@127.0.0.1:5432/postgres",
        ),
        _ => ("MODEL_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
    };
    let url = std::env::var(variable).unwrap_or_else(|_| default.to_owned());
    let (scheme, rest) = url.split_once("://").unwrap();
    let (user, rest) = rest.split_once('@').unwrap();
    let server = rest.split(['/', '?']).next().unwrap();
    (scheme.to_owned(), user.to_owned(), server.to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A server that refuses the connection: the driver's own message
    /// (libpq repeats what it could not read) shows no password.
    #[test]
    fn a_refused_connection_shows_no_password(password in password()) {
        let mut schemes = Vec::new();
        if cfg!(feature = "postgres") {
            schemes.push("postgres");
        }
        if cfg!(feature = "mysql") {
            schemes.push("mysql");
        }
        for scheme in schemes {
            for url in urls(scheme, "app", "127.0.0.1:1", "app", &password) {
                check_refused(&url, &password);
            }
        }
    }

    /// The real servers refusing the password (MariaDB) or the database
    /// (PostgreSQL, whose local users need none): no password shown.
    #[test]
    fn a_server_refusing_the_login_shows_no_password(password in password()) {
        let _ = &password;
        #[cfg(feature = "postgres")]
        {
            let (scheme, user, server) = server(Backend::Postgres);
            for url in urls(&scheme, &user, &server, "no_such_database_for_secrets", &password) {
                check_refused(&url, &password);
            }
        }
        #[cfg(feature = "mysql")]
        {
            let (scheme, user, server) = server(Backend::Mysql);
            for url in urls(&scheme, &user, &server, "test", &password) {
                check_refused(&url, &password);
            }
        }
    }
}

/// A password with every delimiter, raw, is the password MariaDB gets:
/// the URL's text is encoded for the driver, never cut at a `/` or a `#`.
#[cfg(feature = "mysql")]
#[test]
fn the_server_gets_the_password_written_whatever_it_holds() {
    use model_runtime::diesel::connection::SimpleConnection;

    let (scheme, admin_user, server) = server(Backend::Mysql);
    let mut admin = model_runtime::connect(&format!("{scheme}://{admin_user}@{server}/")).unwrap();
    let user = format!("secrets_{}", std::process::id());
    let password = "p@ss:w/o?r#d%zz&x=1 é%41";
    admin
        .batch_execute(&format!(
            "DROP USER IF EXISTS '{user}'@'%'; CREATE USER '{user}'@'%' IDENTIFIED BY '{}'",
            password.replace('\'', "''")
        ))
        .unwrap();
    // `%41` is an escape: the password above reads `...éA`.
    let written = password.replace("%41", "%2541");
    let connected = model_runtime::connect(&format!("{scheme}://{user}:{written}@{server}/"));
    let wrong = model_runtime::connect(&format!("{scheme}://{user}:p@ss@{server}/"));
    admin
        .batch_execute(&format!("DROP USER IF EXISTS '{user}'@'%'"))
        .unwrap();
    connected.unwrap_or_else(|e| panic!("the password was not the one written: {e}"));
    let error = wrong.err().expect("a wrong password is refused").to_string();
    assert!(error.contains("Access denied"), "{error}");
}

/// `sqlite://` is refused with a clear error rather than migrating a
/// temporary database that vanishes on exit.
#[test]
fn migrate_refuses_an_empty_sqlite_path() {
    for url in ["sqlite://", "sqlite:", "sqlite:  "] {
        let settings = Settings::new().database_url(url);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = model_manage::run_from(["manage", "migrate"], settings, &mut out, &mut err);
        let err = String::from_utf8(err).unwrap();
        assert_eq!(code, ExitCode::FAILURE, "{url}: {err}");
        assert!(err.contains("names no SQLite file"), "{url}: {err}");
        assert!(out.is_empty(), "{url}: {}", String::from_utf8_lossy(&out));
    }
}

/// A `%00` the driver refuses to decode: libpq quotes the text it could
/// not decode, Diesel's MySQL error holds the bytes before the NUL; the
/// error shows neither.
#[test]
fn a_password_the_driver_cannot_decode_is_not_shown() {
    let password = "NULPW%00SECRET";
    for scheme in ["postgres", "mysql"] {
        if (scheme == "postgres" && cfg!(feature = "postgres"))
            || (scheme == "mysql" && cfg!(feature = "mysql"))
        {
            check_refused(&format!("{scheme}://app:{password}@127.0.0.1:1/app"), password);
        }
    }
}
