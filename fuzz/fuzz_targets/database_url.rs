//! Any text given as a database URL is sorted or refused without a panic,
//! and no password reaches a message.
//!
//! The input is read twice:
//!
//! - whole, as a database URL: `parse` never panics; a refusal reads as
//!   one of the fixed messages, or names a scheme made of scheme
//!   characters only, so it shows nothing else of the text; `Debug` of a
//!   parsed URL is its variant around the redacted URL.
//! - as `user\npassword\nhost`: for every server scheme, the URLs
//!   `scheme://user:password@host` and
//!   `scheme://user@host?password=<password, percent-encoded>` parse, and
//!   their redacted form holds neither the password, nor its
//!   percent-decoded form, nor (in the query) its encoded form, whenever
//!   that text is 4 characters or more and is not in the redacted form of
//!   the same URL with the password `X` (what the other parts show). The
//!   user is kept to letters, digits, `.`, `_` and `-`, so that the first
//!   `:` ends it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_runtime::DatabaseUrl;

/// Every refusal of `parse` that names nothing of the text.
const FIXED: &[&str] = &[
    "the database URL is empty",
    "the database URL holds a NUL character",
    "the database URL does not start with sqlite://, postgres:// or mysql://",
    "the database URL is a PostgreSQL keyword/value string (`host=... dbname=...`), \
     which is not read: write it as postgres://user:password@host:port/dbname",
    "the database URL has a user and password but no scheme: start it with \
     postgres:// or mysql://",
    "the database URL names no SQLite file (an empty path would be a temporary database): \
     give a path, or sqlite::memory: for an in-memory database",
    // A server scheme without its `//`: the scheme named is the fixed
    // spelling matched, never the text's own.
    "the database URL is malformed: a postgres URL starts with postgres:// \
     (such as postgres://user:password@host:port/dbname)",
    "the database URL is malformed: a postgresql URL starts with postgresql:// \
     (such as postgresql://user:password@host:port/dbname)",
    "the database URL is malformed: a mysql URL starts with mysql:// \
     (such as mysql://user:password@host:port/dbname)",
    "the database URL is malformed: a mariadb URL starts with mariadb:// \
     (such as mariadb://user:password@host:port/dbname)",
];

fn check_whole(text: &str) {
    match DatabaseUrl::parse(text) {
        Ok(url) => {
            let variant = match url {
                DatabaseUrl::Sqlite(_) => "Sqlite",
                DatabaseUrl::Postgres(_) => "Postgres",
                DatabaseUrl::Mysql(_) => "Mysql",
            };
            assert_eq!(format!("{url:?}"), format!("{variant}({:?})", url.redacted()));
        }
        Err(error) => {
            let _ = format!("{error:?}");
            let message = error.to_string();
            if let Some(rest) = message.strip_prefix("unsupported database URL scheme `") {
                let (scheme, tail) = rest.split_once("://`").expect("the scheme is quoted");
                assert!(
                    scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)),
                    "{message}"
                );
                assert_eq!(tail, "; expected sqlite://, postgres:// or mysql://");
            } else {
                assert!(FIXED.contains(&message.as_str()), "{message}");
            }
        }
    }
}

/// `%XX` for every byte but letters and digits.
fn percent_encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `text` with its `%XX` escapes decoded.
fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn check_parts(text: &str) {
    let mut parts = text.splitn(3, '\n');
    let (Some(user), Some(password), Some(host)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let user: String = user
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
        .collect();
    if password.contains('\0') || host.contains('\0') {
        return;
    }
    for scheme in ["postgres", "postgresql", "mysql", "mariadb"] {
        let encoded = percent_encoded(password);
        let built = |password: &str, encoded: &str| {
            [
                format!("{scheme}://{user}:{password}@{host}"),
                format!("{scheme}://{user}@{host}?password={encoded}"),
            ]
        };
        let reference = built("X", "X");
        for (form, url) in built(password, &encoded).into_iter().enumerate() {
            // A URL that trims to another is not the one built.
            if url.trim() != url {
                continue;
            }
            let redacted = DatabaseUrl::parse(&url).expect("a server URL parses").redacted();
            // What the other parts show: the URL with a password of `X`.
            let shown = DatabaseUrl::parse(&reference[form])
                .expect("a server URL parses")
                .redacted();
            let mut secrets = vec![password.to_owned(), percent_decoded(password)];
            if form == 1 {
                secrets.push(encoded.clone());
            }
            for secret in secrets {
                if secret.chars().count() >= 4 && !shown.contains(&secret) {
                    assert!(!redacted.contains(&secret), "{url:?} -> {redacted:?}");
                }
            }
        }
    }
}

fuzz_target!(|text: &str| {
    check_whole(text);
    check_parts(text);
});
