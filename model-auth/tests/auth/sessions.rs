//! The database session store: keys, round trips, rotation, expiry,
//! logout, `clearsessions`, and keys a client made up.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use model_auth::{
    change_password, clear_expired_sessions, create_user, get_user, login, logout, session,
    update_session_auth_hash, Session, SessionStore,
};
use model_manage::{MigrateArgs, Settings};
use model_runtime::prelude::*;
use model_tests::{on_every_backend, TestDb};
use serde_json::json;

/// A connection to `db` once the `auth` and `sessions` tables exist.
pub(crate) fn migrated(db: &TestDb) -> Connection {
    let settings = Settings::new()
        .database_url(db.url())
        .installed_apps(["auth", "sessions"]);
    model_manage::migrate(&settings, &MigrateArgs::default(), &mut Vec::new())
        .unwrap_or_else(|e| panic!("migrate auth and sessions: {e}"));
    db.connect()
}

/// A saved session holding `name: value`, and its key.
fn saved_session(conn: &mut Connection, name: &str, value: serde_json::Value) -> (SessionStore, String) {
    let mut session = SessionStore::new();
    session.insert(name, value);
    session.save(conn).expect("save a new session");
    let key = session.key().expect("a saved session has a key").to_owned();
    (session, key)
}

/// Moves the row of `key` to expire `ago` in the past.
fn expire(conn: &mut Connection, key: &str, ago: TimeDelta) {
    let mut row = Session::get(conn, key.to_owned()).expect("the session's row");
    row.expire_date = Utc::now() - ago;
    row.save(conn).expect("move the expiry back");
}

/// The start of a long hostile string, for a failure's message.
pub(crate) fn shown(text: &str) -> String {
    text.chars().take(40).collect()
}

fn row_exists(conn: &mut Connection, key: &str) -> bool {
    match Session::get(conn, key.to_owned()) {
        Ok(_) => true,
        Err(model_runtime::Error::NotFound { .. }) => false,
        Err(e) => panic!("read the session of {key}: {e}"),
    }
}

on_every_backend! {
    fn saved_data_loads_back_under_its_key(db) {
        let mut conn = migrated(db);
        let (_, key) = saved_session(&mut conn, "cart", json!({"lemon tart": 2, "notes": "no nuts, 'please'"}));
        let loaded = SessionStore::load(&mut conn, &key).unwrap();
        assert_eq!(loaded.key(), Some(key.as_str()));
        assert_eq!(loaded.get("cart"), Some(&json!({"lemon tart": 2, "notes": "no nuts, 'please'"})));
        assert!(!loaded.is_modified());

        // A second save updates the same row.
        let mut loaded = loaded;
        loaded.insert("theme", "dark");
        assert_eq!(loaded.remove("cart"), Some(json!({"lemon tart": 2, "notes": "no nuts, 'please'"})));
        loaded.save(&mut conn).unwrap();
        assert_eq!(loaded.key(), Some(key.as_str()));
        let again = SessionStore::load(&mut conn, &key).unwrap();
        assert_eq!(again.get("theme"), Some(&json!("dark")));
        assert_eq!(again.get("cart"), None);
        assert_eq!(Session::count(&mut conn).unwrap(), 1);
    }

    fn debug_output_of_a_session_hides_its_key(db) {
        let mut conn = migrated(db);
        let (session, key) = saved_session(&mut conn, "theme", json!("dark"));
        let shown = format!("{session:?}");
        assert!(!shown.contains(&key), "{shown}");
        assert!(shown.contains("dark"), "{shown}");
    }

    fn keys_are_32_hex_digits_and_differ_each_time(db) {
        let mut conn = migrated(db);
        let keys: Vec<String> = (0..20).map(|i| saved_session(&mut conn, "n", json!(i)).1).collect();
        for key in &keys {
            assert_eq!(key.len(), 32, "{key}");
            assert!(key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{key}");
        }
        let mut distinct = keys.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), keys.len());
    }

    fn login_rotates_the_key_and_the_old_key_loads_empty(db) {
        let mut conn = migrated(db);
        let ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let (mut session, before) = saved_session(&mut conn, "cart", json!(["lemon tart"]));

        login(&mut conn, &mut session, &ada).unwrap();
        let after = session.key().unwrap().to_owned();
        assert_ne!(after, before);
        // The anonymous cart goes along; the old key is worth nothing.
        assert_eq!(session.get("cart"), Some(&json!(["lemon tart"])));
        let old = SessionStore::load(&mut conn, &before).unwrap();
        assert!(old.key().is_none() && old.is_empty());
        assert!(!row_exists(&mut conn, &before));
        let mut current = SessionStore::load(&mut conn, &after).unwrap();
        assert_eq!(get_user(&mut conn, &mut current).unwrap().map(|u| u.id), Some(ada.id));
    }

    fn login_as_another_user_keeps_nothing_of_the_first(db) {
        let mut conn = migrated(db);
        let ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let bob = create_user(&mut conn, "bob", "", "battery staple horse").unwrap();
        let mut session = SessionStore::new();
        login(&mut conn, &mut session, &ada).unwrap();
        session.insert("ada's draft", "secret");
        session.save(&mut conn).unwrap();
        let ada_key = session.key().unwrap().to_owned();

        login(&mut conn, &mut session, &bob).unwrap();
        assert_eq!(session.get("ada's draft"), None);
        assert!(!row_exists(&mut conn, &ada_key));
        assert_eq!(get_user(&mut conn, &mut session).unwrap().map(|u| u.id), Some(bob.id));
    }

    fn a_session_past_its_expiry_loads_empty(db) {
        let mut conn = migrated(db);
        let (_, key) = saved_session(&mut conn, "cart", json!(1));
        expire(&mut conn, &key, TimeDelta::seconds(5));
        let loaded = SessionStore::load(&mut conn, &key).unwrap();
        assert!(loaded.key().is_none() && loaded.is_empty());
    }

    fn expiry_is_two_weeks_by_default_settable_and_refreshed_by_save(db) {
        let mut conn = migrated(db);
        let (mut session, key) = saved_session(&mut conn, "cart", json!(1));
        let two_weeks = TimeDelta::seconds(1_209_600);
        let left = Session::get(&mut conn, key.clone()).unwrap().expire_date - Utc::now();
        assert!(left <= two_weeks && left > two_weeks - TimeDelta::minutes(1), "{left}");

        session.set_expiry(Duration::from_secs(600));
        session.save(&mut conn).unwrap();
        // The age holds through a load and another save.
        let mut loaded = SessionStore::load(&mut conn, &key).unwrap();
        assert_eq!(loaded.expiry_age(), Duration::from_secs(600));
        expire(&mut conn, &key, TimeDelta::seconds(-60)); // one minute left
        loaded.save(&mut conn).unwrap();
        let left = Session::get(&mut conn, key).unwrap().expire_date - Utc::now();
        assert!(left <= TimeDelta::minutes(10) && left > TimeDelta::minutes(9), "{left}");
    }

    fn logout_deletes_the_row(db) {
        let mut conn = migrated(db);
        let ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let mut session = SessionStore::new();
        login(&mut conn, &mut session, &ada).unwrap();
        let key = session.key().unwrap().to_owned();

        logout(&mut conn, &mut session).unwrap();
        assert!(session.key().is_none() && session.is_empty());
        assert!(!row_exists(&mut conn, &key));
        assert_eq!(Session::count(&mut conn).unwrap(), 0);
    }

    fn saving_a_session_logged_out_elsewhere_does_not_bring_it_back(db) {
        let mut conn = migrated(db);
        let (mut here, key) = saved_session(&mut conn, "cart", json!(1));
        let mut elsewhere = SessionStore::load(&mut conn, &key).unwrap();
        logout(&mut conn, &mut elsewhere).unwrap();

        here.insert("cart", json!(2));
        assert!(matches!(here.save(&mut conn), Err(model_auth::AuthError::SessionInterrupted)));
        assert!(!row_exists(&mut conn, &key));
    }

    fn clear_expired_sessions_removes_only_expired_ones_and_counts_them(db) {
        let mut conn = migrated(db);
        let keys: Vec<String> = (0..5).map(|i| saved_session(&mut conn, "n", json!(i)).1).collect();
        expire(&mut conn, &keys[0], TimeDelta::seconds(1));
        expire(&mut conn, &keys[3], TimeDelta::days(30));

        assert_eq!(clear_expired_sessions(&mut conn).unwrap(), 2);
        let mut left: Vec<String> = Session::objects().values(&mut conn, session::session_key).unwrap();
        left.sort();
        let mut expected = vec![keys[1].clone(), keys[2].clone(), keys[4].clone()];
        expected.sort();
        assert_eq!(left, expected);
        assert_eq!(clear_expired_sessions(&mut conn).unwrap(), 0);
    }

    fn hostile_keys_load_an_empty_session_without_error(db) {
        let mut conn = migrated(db);
        let (_, key) = saved_session(&mut conn, "cart", json!(1));
        let hostile = [
            String::new(),
            "a".repeat(10 * 1024),
            "' OR '1'='1".to_owned(),
            format!("{key}' --"),
            "\"; DROP TABLE sessions_session; --".to_owned(),
            format!("{}\0", &key[..31]),
            format!("{key}\0"),
            "\0".repeat(32),
            key.to_uppercase(),
            format!("{key} "),
            format!("{}é", &key[..31]),
            "%".repeat(32),
        ];
        for bad in &hostile {
            let loaded = SessionStore::load(&mut conn, bad)
                .unwrap_or_else(|e| panic!("loading {:?} failed: {e}", shown(bad)));
            assert!(loaded.key().is_none() && loaded.is_empty(), "{:?}", shown(bad));
        }
        // The real one is untouched.
        assert_eq!(SessionStore::load(&mut conn, &key).unwrap().get("cart"), Some(&json!(1)));
    }

    fn a_row_whose_data_is_not_a_json_object_loads_empty(db) {
        let mut conn = migrated(db);
        let (_, key) = saved_session(&mut conn, "cart", json!(1));
        for data in ["not json", "[1, 2]", "null", "{\"cart\": "] {
            let mut row = Session::get(&mut conn, key.clone()).unwrap();
            row.session_data = data.to_owned();
            row.save(&mut conn).unwrap();
            let loaded = SessionStore::load(&mut conn, &key).unwrap();
            assert!(loaded.key().is_none() && loaded.is_empty(), "{data:?}");
        }
    }

    fn changing_the_password_ends_the_other_sessions_but_keeps_the_current_one(db) {
        let mut conn = migrated(db);
        let mut ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let (mut here, mut laptop, mut phone) = (SessionStore::new(), SessionStore::new(), SessionStore::new());
        for session in [&mut here, &mut laptop, &mut phone] {
            login(&mut conn, session, &ada).unwrap();
        }
        let laptop_key = laptop.key().unwrap().to_owned();
        let phone_key = phone.key().unwrap().to_owned();

        change_password(&mut conn, &mut ada, "a new long passphrase").unwrap();
        update_session_auth_hash(&mut conn, &mut here, &ada).unwrap();

        let mut here_again = SessionStore::load(&mut conn, here.key().unwrap()).unwrap();
        assert_eq!(get_user(&mut conn, &mut here_again).unwrap().map(|u| u.id), Some(ada.id));
        for key in [laptop_key, phone_key] {
            let mut other = SessionStore::load(&mut conn, &key).unwrap();
            assert_eq!(get_user(&mut conn, &mut other).unwrap(), None);
            assert!(other.key().is_none());
            assert!(!row_exists(&mut conn, &key), "the other session's row is gone");
        }
    }

    fn an_inactive_users_session_has_no_user(db) {
        let mut conn = migrated(db);
        let mut ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let mut session = SessionStore::new();
        login(&mut conn, &mut session, &ada).unwrap();
        ada.is_active = false;
        ada.save(&mut conn).unwrap();
        assert_eq!(get_user(&mut conn, &mut session).unwrap(), None);
    }

    fn login_sets_last_login(db) {
        let mut conn = migrated(db);
        let ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        assert_eq!(ada.last_login, None);
        let before = Utc::now() - TimeDelta::seconds(2);
        login(&mut conn, &mut SessionStore::new(), &ada).unwrap();
        let last_login = model_auth::User::get(&mut conn, ada.id).unwrap().last_login.expect("set at login");
        assert!(last_login >= before && last_login <= Utc::now() + TimeDelta::seconds(2), "{last_login}");
    }
}
