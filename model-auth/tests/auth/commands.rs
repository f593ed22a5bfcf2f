//! `createsuperuser`, `changepassword` and `clearsessions` as library
//! functions, their answers scripted (the real binaries, at a pseudo-
//! terminal and with `--noinput`, are tested in the Little Lemon example).

use chrono::{Duration, Utc};
use model_auth::commands::{
    changepassword, clearsessions, createsuperuser, ChangepasswordArgs, ClearsessionsArgs,
    CreatesuperuserArgs, ScriptedPrompt,
};
use model_auth::{create_user, get_user, login, user, NewSession, Session, SessionStore, User};
use model_manage::{MigrateArgs, Settings};
use model_runtime::prelude::*;
use model_tests::{on_every_backend, TestDb};

const GOOD: &str = "lemon-meringue-42";

fn migrated(db: &TestDb) -> Settings {
    let settings = Settings::new()
        .database_url(db.url())
        .installed_apps(["auth", "sessions"]);
    model_manage::migrate(&settings, &MigrateArgs::default(), &mut Vec::new()).unwrap();
    settings
}

fn create(settings: &Settings, args: &CreatesuperuserArgs, answers: &str) -> (Result<User, String>, String) {
    let mut out = Vec::new();
    let made = createsuperuser(
        settings,
        args,
        &mut ScriptedPrompt::new(answers.as_bytes()),
        &mut out,
    );
    (made.map_err(|e| e.to_string()), String::from_utf8(out).unwrap())
}

on_every_backend! {
    fn createsuperuser_asks_again_for_a_taken_username_and_mismatched_passwords(db) {
        let settings = migrated(db);
        create_user(&mut db.connect(), "ada", "", GOOD).unwrap();
        let args = CreatesuperuserArgs::default();
        let answers = format!("ada\nbad name\ngrace\ngrace@EXAMPLE.com\n{GOOD}\nsomething-else\n{GOOD}\n{GOOD}\n");
        let (made, out) = create(&settings, &args, &answers);
        let grace = made.unwrap();
        assert!(out.contains("Error: That username is already taken.\n"), "{out}");
        assert!(out.contains("Error: Enter a valid username."), "{out}");
        assert!(out.contains("Error: Your passwords didn't match.\n"), "{out}");
        assert!(!out.contains(GOOD), "the password is never shown: {out}");
        assert_eq!((grace.username.as_str(), grace.email.as_str()), ("grace", "grace@example.com"));
        assert!(grace.is_superuser && grace.is_staff && grace.is_active && grace.check_password(GOOD));
    }

    fn createsuperuser_takes_a_refused_password_only_when_told_to_bypass(db) {
        let settings = migrated(db);
        let args = CreatesuperuserArgs {
            username: Some("grace".into()),
            email: Some(String::new()),
            ..CreatesuperuserArgs::default()
        };
        let (made, out) = create(&settings, &args, "1234\n1234\nn\n1234\n1234\ny\n");
        let grace = made.unwrap();
        assert!(grace.check_password("1234"));
        let problems = "This password is too short. It must contain at least 8 characters.\n\
                        This password is too common.\nThis password is entirely numeric.\n";
        assert_eq!(out.matches(problems).count(), 2, "{out}");
        assert_eq!(out.matches("Bypass password validation and create user anyway? [y/N]: ").count(), 2);
    }

    fn createsuperuser_cancelled_by_the_end_of_input_writes_nothing(db) {
        let settings = migrated(db);
        let (made, _) = create(&settings, &CreatesuperuserArgs::default(), "grace\ngrace@example.com\n");
        assert_eq!(made.unwrap_err(), "Operation cancelled: the input ended before every answer was given.");
        assert_eq!(User::count(&mut db.connect()).unwrap(), 0);
    }

    fn createsuperuser_on_a_database_not_migrated_says_to_migrate(db) {
        let settings = Settings::new().database_url(db.url()).installed_apps(["auth", "sessions"]);
        let (made, _) = create(&settings, &CreatesuperuserArgs::default(), "");
        assert_eq!(made.unwrap_err(), "the `auth` tables are not there yet: run `manage migrate` first");
    }

    fn changepassword_ends_the_users_other_sessions(db) {
        let settings = migrated(db);
        let mut conn = db.connect();
        let ada = create_user(&mut conn, "ada", "", GOOD).unwrap();
        let mut phone = SessionStore::new();
        login(&mut conn, &mut phone, &ada).unwrap();
        let phone_key = phone.key().unwrap().to_owned();

        let new = "a-brand-new-lemon-7";
        let args = ChangepasswordArgs { username: Some("ada".into()) };
        let answers = format!("{new}\nnot-the-same\n{new}\n{new}\n");
        let mut out = Vec::new();
        changepassword(&settings, &args, &mut ScriptedPrompt::new(answers.as_bytes()), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("Changing password for user 'ada'\n"), "{out}");
        assert!(out.contains("Passwords do not match. Please try again.\n"), "{out}");
        assert!(out.ends_with("Password changed successfully for user 'ada'\n"), "{out}");
        assert!(!out.contains(new));

        let mut phone = SessionStore::load(&mut conn, &phone_key).unwrap();
        assert_eq!(get_user(&mut conn, &mut phone).unwrap(), None, "the other session ended");
        let ada = User::objects().filter(user::username.eq("ada")).get(&mut conn).unwrap();
        assert!(ada.check_password(new) && !ada.check_password(GOOD));
    }

    fn changepassword_gives_up_after_three_refused_attempts(db) {
        let settings = migrated(db);
        let mut conn = db.connect();
        create_user(&mut conn, "ada", "ada@example.com", GOOD).unwrap();
        let args = ChangepasswordArgs { username: Some("ada".into()) };
        let answers = "short\nshort\n12345678\n12345678\nada-ada\nada-ada\n";
        let mut out = Vec::new();
        let error = changepassword(&settings, &args, &mut ScriptedPrompt::new(answers.as_bytes()), &mut out)
            .unwrap_err();
        assert_eq!(error.to_string(), "Aborting password change for user 'ada' after 3 attempts");
        let ada = User::objects().filter(user::username.eq("ada")).get(&mut conn).unwrap();
        assert!(ada.check_password(GOOD), "unchanged");

        let args = ChangepasswordArgs { username: Some("nobody".into()) };
        let error = changepassword(&settings, &args, &mut ScriptedPrompt::new("".as_bytes()), &mut Vec::new())
            .unwrap_err();
        assert_eq!(error.to_string(), "user 'nobody' does not exist");
    }

    fn clearsessions_deletes_the_expired_sessions_only(db) {
        let settings = migrated(db);
        let mut conn = db.connect();
        for (key, age) in [("a".repeat(32), -1), ("b".repeat(32), -30), ("c".repeat(32), 1)] {
            Session::create(&mut conn, NewSession {
                session_key: key,
                session_data: "{}".into(),
                expire_date: Utc::now() + Duration::days(age),
            })
            .unwrap();
        }
        let mut out = Vec::new();
        assert_eq!(clearsessions(&settings, &ClearsessionsArgs::default(), &mut out).unwrap(), 2);
        assert_eq!(String::from_utf8(out).unwrap(), "Deleted 2 expired session(s).\n");
        let left: Vec<String> = Session::all(&mut conn).unwrap().into_iter().map(|s| s.session_key).collect();
        assert_eq!(left, ["c".repeat(32)]);
    }
}
