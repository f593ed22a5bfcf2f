//! `authenticate` and its throttling: right and wrong passwords, inactive
//! users, Django's hashes upgraded, failures counted per username and per
//! client, and the time an unknown username costs.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use model_auth::{
    authenticate, authenticate_with, create_user, failed_login, AuthError, Credentials, FailedLogin,
    Throttle, User,
};
use model_runtime::prelude::*;
use model_tests::{on_every_backend, TestDb};

use crate::sessions::{migrated, shown};

/// Made by Django 5.2 itself:
/// `python3 -m venv /tmp/djvenv2 && /tmp/djvenv2/bin/pip install 'Django>=5.1'`, then
/// `/tmp/djvenv2/bin/python -c "from django.conf import settings; settings.configure();
/// from django.contrib.auth.hashers import make_password;
/// print(make_password('lemon-pie-42','fixedsalt123','pbkdf2_sha256'))"`
const DJANGO_PASSWORD: &str = "lemon-pie-42";
const DJANGO_HASH: &str = "pbkdf2_sha256$1000000$fixedsalt123$kMpOWDZDkIjDrLguwEAt9xyWW0daXomjMNwKRtc4/9o=";

const ADA_PASSWORD: &str = "correct horse battery";

fn ada(conn: &mut Connection) -> User {
    create_user(conn, "ada", "ada@example.com", ADA_PASSWORD).expect("create ada")
}

fn as_ada<'a>(password: &'a str, client: Option<&'a str>) -> Credentials<'a> {
    Credentials {
        username: "ada",
        password,
        client,
    }
}

fn failures(conn: &mut Connection) -> i64 {
    FailedLogin::count(conn).expect("count the failed logins")
}

fn throttled(result: model_auth::Result<Option<User>>) -> Option<Duration> {
    match result {
        Err(AuthError::Throttled { retry_after }) => Some(retry_after),
        _ => None,
    }
}

/// Moves every recorded failure `ago` into the past, as waiting would.
fn age_failures(conn: &mut Connection, ago: TimeDelta) {
    let when = Utc::now() - ago;
    FailedLogin::objects()
        .update(conn, failed_login::attempted_at.eq(bind(when)))
        .expect("move the failures back");
}

on_every_backend! {
    fn the_right_password_gives_the_user_and_a_wrong_one_none(db) {
        let mut conn = migrated(db);
        let ada = ada(&mut conn);
        let found = authenticate(&mut conn, &as_ada(ADA_PASSWORD, None)).unwrap();
        assert_eq!(found.map(|u| u.id), Some(ada.id));
        assert_eq!(authenticate(&mut conn, &as_ada("Correct horse battery", None)).unwrap(), None);
        assert_eq!(authenticate(&mut conn, &as_ada("", None)).unwrap(), None);
    }

    fn usernames_are_compared_exactly(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        // MariaDB's collation alone would find `ada` for `ada `.
        for username in ["Ada", "ADA", "ada ", " ada", "ad", "nobody"] {
            let credentials = Credentials { username, password: ADA_PASSWORD, client: None };
            assert_eq!(authenticate(&mut conn, &credentials).unwrap(), None, "{username:?}");
        }
    }

    fn an_inactive_user_is_refused_even_with_the_right_password(db) {
        let mut conn = migrated(db);
        let mut ada = ada(&mut conn);
        ada.is_active = false;
        ada.save(&mut conn).unwrap();
        assert_eq!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, None)).unwrap(), None);
        assert_eq!(failures(&mut conn), 1);
    }

    fn a_user_without_a_usable_password_cannot_log_in(db) {
        let mut conn = migrated(db);
        let mut ada = ada(&mut conn);
        ada.set_unusable_password();
        ada.save(&mut conn).unwrap();
        let password = ada.password.clone();
        assert_eq!(authenticate(&mut conn, &as_ada(&password, None)).unwrap(), None);
        assert_eq!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, None)).unwrap(), None);
    }

    fn a_django_pbkdf2_hash_logs_in_and_is_replaced_by_argon2id(db) {
        let mut conn = migrated(db);
        let mut adopted = create_user(&mut conn, "lemon", "", "placeholder password").unwrap();
        adopted.password = DJANGO_HASH.to_owned();
        adopted.save(&mut conn).unwrap();

        let wrong = Credentials { username: "lemon", password: "lemon-pie-43", client: None };
        assert_eq!(authenticate(&mut conn, &wrong).unwrap(), None);
        assert_eq!(User::get(&mut conn, adopted.id).unwrap().password, DJANGO_HASH, "not replaced on failure");

        let right = Credentials { password: DJANGO_PASSWORD, ..wrong };
        let user = authenticate(&mut conn, &right).unwrap().expect("Django's hash verifies");
        assert!(user.password.starts_with("argon2$argon2id$v=19$m=19456,t=2,p=1$"), "{}", user.password);
        let stored = User::get(&mut conn, adopted.id).unwrap().password;
        assert_eq!(stored, user.password);
        // The new hash holds the same password.
        assert!(authenticate(&mut conn, &right).unwrap().is_some());
        assert_eq!(User::get(&mut conn, adopted.id).unwrap().password, stored, "an Argon2id hash stays");
    }

    fn failures_are_recorded_and_a_success_forgets_the_usernames(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        let long_name = "x".repeat(500);
        let long_client = "2001:db8::1".repeat(20);
        for client in [Some("203.0.113.9"), None] {
            authenticate(&mut conn, &as_ada("wrong", client)).unwrap();
        }
        let stranger = Credentials { username: &long_name, password: "pw", client: Some(&long_client) };
        assert_eq!(authenticate(&mut conn, &stranger).unwrap(), None);
        assert_eq!(failures(&mut conn), 3);
        let kept: Vec<(String, String)> = FailedLogin::objects()
            .filter(failed_login::username.ne("ada"))
            .values(&mut conn, (failed_login::username, failed_login::client))
            .unwrap();
        assert_eq!(kept, [("x".repeat(150), long_client[..64].to_owned())]);

        assert!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.9"))).unwrap().is_some());
        let left: Vec<String> = FailedLogin::objects().values(&mut conn, failed_login::username).unwrap();
        assert_eq!(left, ["x".repeat(150)]);
    }

    fn hostile_credentials_are_refused_without_error(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        let big = "\u{1F34B}".repeat(10_000);
        let hostile = [
            ("ada\0", "pw", Some("\0")),
            ("\0", "\0", None),
            (big.as_str(), big.as_str(), Some(big.as_str())),
            ("' OR 1=1 --", "' OR 1=1 --", Some("'; DROP TABLE auth_user; --")),
            ("", "", Some("")),
        ];
        let lenient = Throttle { max_failures: 1000, ..Throttle::default() };
        for (username, password, client) in hostile {
            let credentials = Credentials { username, password, client };
            let result = authenticate_with(&mut conn, &credentials, &lenient);
            assert!(matches!(result, Ok(None)), "{:?}: {result:?}", shown(username));
        }
        assert_eq!(User::count(&mut conn).unwrap(), 1);
        assert_eq!(failures(&mut conn), 5);
    }

    fn five_failures_for_a_username_refuse_even_the_right_password_from_anywhere(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        let clients = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"];
        for client in clients {
            assert_eq!(authenticate(&mut conn, &as_ada("guess", Some(client))).unwrap(), None);
        }
        let retry_after = throttled(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("192.0.2.77"))))
            .expect("the sixth attempt is refused");
        assert!(retry_after <= Duration::from_secs(15 * 60), "{retry_after:?}");
        assert!(retry_after > Duration::from_secs(14 * 60), "{retry_after:?}");
        assert!(throttled(authenticate(&mut conn, &as_ada(ADA_PASSWORD, None))).is_some());
        // Refused attempts are not counted, and another user is not affected.
        assert_eq!(failures(&mut conn), 5);
        create_user(&mut conn, "bob", "", "battery staple horse").unwrap();
        let bob = Credentials { username: "bob", password: "battery staple horse", client: Some("192.0.2.77") };
        assert!(authenticate(&mut conn, &bob).unwrap().is_some());
    }

    fn five_failures_from_a_client_refuse_every_username_from_it(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        for username in ["root", "admin", "ada1", "guest", "test"] {
            let credentials = Credentials { username, password: "123456", client: Some("203.0.113.66") };
            assert_eq!(authenticate(&mut conn, &credentials).unwrap(), None);
        }
        assert!(throttled(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.66")))).is_some());
        // From elsewhere, ada logs in.
        assert!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.67"))).unwrap().is_some());
    }

    fn attempts_are_allowed_again_once_the_window_has_passed(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        for _ in 0..5 {
            authenticate(&mut conn, &as_ada("guess", Some("203.0.113.9"))).unwrap();
        }
        assert!(throttled(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.9")))).is_some());

        age_failures(&mut conn, TimeDelta::minutes(14));
        let retry_after = throttled(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.9"))))
            .expect("still within the window");
        assert!(retry_after <= Duration::from_secs(60) && retry_after > Duration::from_secs(50), "{retry_after:?}");

        age_failures(&mut conn, TimeDelta::minutes(16));
        assert!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, Some("203.0.113.9"))).unwrap().is_some());
    }

    fn a_stricter_throttle_counts_its_own_limit_and_window(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        let strict = Throttle { max_failures: 2, window: Duration::from_secs(3600) };
        for _ in 0..2 {
            authenticate_with(&mut conn, &as_ada("guess", None), &strict).unwrap();
        }
        assert!(throttled(authenticate_with(&mut conn, &as_ada(ADA_PASSWORD, None), &strict)).is_some());
        // The default throttle, five in fifteen minutes, still lets ada in.
        age_failures(&mut conn, TimeDelta::minutes(30));
        assert!(throttled(authenticate_with(&mut conn, &as_ada(ADA_PASSWORD, None), &strict)).is_some());
        assert!(authenticate(&mut conn, &as_ada(ADA_PASSWORD, None)).unwrap().is_some());
    }

    fn clearsessions_forgets_failures_older_than_the_window(db) {
        let mut conn = migrated(db);
        ada(&mut conn);
        for _ in 0..3 {
            authenticate(&mut conn, &as_ada("guess", None)).unwrap();
        }
        model_auth::clear_expired_sessions(&mut conn).unwrap();
        assert_eq!(failures(&mut conn), 3);
        age_failures(&mut conn, TimeDelta::minutes(16));
        model_auth::clear_expired_sessions(&mut conn).unwrap();
        assert_eq!(failures(&mut conn), 0);
    }
}

/// An unknown username costs what a known one with a wrong password does,
/// so timing does not tell which usernames exist. Measured on SQLite only:
/// the cost compared is the password hash, the same on every backend,
/// while a server's round trips would only add noise to the ratio.
#[cfg(feature = "sqlite")]
#[test]
fn an_unknown_username_costs_the_same_time_as_a_known_one() {
    let db = TestDb::new(model_tests::Backend::Sqlite);
    let mut conn = migrated(&db);
    ada(&mut conn);
    // Throttling would refuse before hashing; it must not take part.
    let lenient = Throttle {
        max_failures: 1000,
        ..Throttle::default()
    };
    let unknown = Credentials {
        username: "nobody",
        password: "guess",
        client: None,
    };
    let known = as_ada("guess", None);
    let mut time = |credentials: &Credentials| {
        let start = Instant::now();
        assert_eq!(authenticate_with(&mut conn, credentials, &lenient).unwrap(), None);
        start.elapsed()
    };
    // The first call makes the dummy hash; it is not measured.
    time(&unknown);
    let (mut unknown_times, mut known_times) = (Vec::new(), Vec::new());
    // Interleaved, so a busy machine slows both alike.
    for _ in 0..7 {
        unknown_times.push(time(&unknown));
        known_times.push(time(&known));
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (unknown, known) = (median(unknown_times), median(known_times));
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    assert!(
        (0.5..=2.0).contains(&ratio),
        "unknown {unknown:?}, known {known:?}: ratio {ratio:.2}"
    );
    // And the time is a password hash's, not a lookup's.
    assert!(unknown > Duration::from_millis(5), "{unknown:?}");
}

#[test]
fn debug_output_of_credentials_hides_the_password() {
    let shown = format!("{:?}", as_ada("correct horse battery", Some("203.0.113.9")));
    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(shown.contains("ada") && shown.contains("203.0.113.9"), "{shown}");
}
