//! A fixture Django itself wrote (`django/dump_fixture.py`: Django 5.2's
//! ORM and serializer): it loads on every backend, users' groups
//! included, and a dump of the same models reads as Django's, object for
//! object.

use littlelemon::models::{Booking, BookingItem, Category, Menu};
use model_runtime::chrono::{DateTime, NaiveDate, Utc};
use model_runtime::serde_json::{self, Value as Json};
use model_tests::TestDb;

use super::built_in_apps::run_with;
use super::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/manage/django/django_fixture.json"
);

/// The objects of a fixture's text, sorted by model and key.
fn objects(text: &str) -> Vec<Json> {
    let Json::Array(mut objects) = serde_json::from_str(text).unwrap() else {
        panic!("a fixture is an array: {text}");
    };
    objects.sort_by_key(|o| (o["model"].as_str().unwrap().to_owned(), o["pk"].as_i64().unwrap()));
    objects
}

fn loaded(target: &TestDb) {
    let dir = WorkDir::new();
    for args in [&["migrate"][..], &["loaddata", FIXTURE]] {
        let ran = run_with(MANAGE, &dir.0, target.url(), args, &[], "");
        assert_eq!(ran.code, 0, "{args:?}: {}{}", ran.out, ran.err);
    }
    let mut conn = target.connect();

    let ada = model_auth::User::get(&mut conn, 1).unwrap();
    assert_eq!(ada.username, "ada");
    assert!(ada.is_staff && !ada.is_superuser);
    assert_eq!(
        ada.date_joined,
        "2026-01-02T03:04:05.123Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert!(ada.password.starts_with("pbkdf2_sha256$1000000$"));
    let mut groups: Vec<String> = ada
        .groups()
        .all(&mut conn)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    groups.sort();
    assert_eq!(groups, ["cooks", "waiters"]);
    let bob = model_auth::User::get(&mut conn, 2).unwrap();
    assert!(bob.groups().all(&mut conn).unwrap().is_empty());

    let sweets = Category::get(&mut conn, 2).unwrap();
    assert_eq!(sweets.title, "Desserts \u{2014} \"sweet\" & <sticky>");
    let pasta = Menu::get(&mut conn, 1).unwrap();
    assert_eq!(pasta.price.to_string(), "12.50");
    assert_eq!(pasta.description.as_deref(), Some("Fresh; made\nevery morning"));
    let brulee = Menu::get(&mut conn, 2).unwrap();
    assert_eq!(
        (brulee.title.as_str(), brulee.inventory, brulee.description),
        ("Crème brûlée", 0, None)
    );
    let dinner = Booking::get(&mut conn, 1).unwrap();
    assert_eq!(dinner.last_name, "O'Neil");
    assert_eq!(
        dinner.booking_date,
        NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()
    );
    assert_eq!((dinner.user_id, dinner.comment), (Some(1), None));
    let item = BookingItem::get(&mut conn, 1).unwrap();
    assert_eq!((item.booking_id, item.menu_id, item.quantity), (1, 1, 2));

    // Our dump of the same models is Django's, object for object.
    let ran = run_with(
        MANAGE,
        &dir.0,
        target.url(),
        &["dumpdata", "auth.Group", "auth.User", "littlelemon"],
        &[],
        "",
    );
    assert_eq!(ran.code, 0, "{}", ran.err);
    let django = objects(&std::fs::read_to_string(FIXTURE).unwrap());
    assert_eq!(objects(&ran.out), django);

    // Loading it again changes nothing: the rows and links are written over.
    let ran = run_with(MANAGE, &dir.0, target.url(), &["loaddata", FIXTURE], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    assert_eq!(ada.groups().all(&mut conn).unwrap().len(), 2);
    assert_eq!(model_auth::User::count(&mut conn).unwrap(), 2);
}

#[cfg(feature = "sqlite")]
#[test]
fn a_fixture_django_wrote_loads_and_dumps_back_the_same_on_sqlite() {
    loaded(&TestDb::new(model_runtime::Backend::Sqlite));
}

#[cfg(feature = "postgres")]
#[test]
fn a_fixture_django_wrote_loads_and_dumps_back_the_same_on_postgres() {
    loaded(&TestDb::new(model_runtime::Backend::Postgres));
}

#[cfg(feature = "mysql")]
#[test]
fn a_fixture_django_wrote_loads_and_dumps_back_the_same_on_mariadb() {
    loaded(&TestDb::new(model_runtime::Backend::Mysql));
}

/// A misspelled many-to-many field is refused by name, the fields it could
/// be listed with the relations among them, and nothing is written.
#[cfg(feature = "sqlite")]
#[test]
fn a_misspelled_many_to_many_field_is_named_and_nothing_is_loaded() {
    let target = TestDb::new(model_runtime::Backend::Sqlite);
    let dir = WorkDir::new();
    let ran = run_with(MANAGE, &dir.0, target.url(), &["migrate"], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    let fixture = dir.0.join("typo.json");
    std::fs::write(
        &fixture,
        r#"[{"model": "auth.user", "pk": 7, "fields": {"username": "eve", "password": "!", "grups": [1]}}]"#,
    )
    .unwrap();
    let ran = run_with(
        MANAGE,
        &dir.0,
        target.url(),
        &["loaddata", fixture.to_str().unwrap()],
        &[],
        "",
    );
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    assert!(
        ran.err.contains("User has no field `grups`; its fields are: "),
        "{}",
        ran.err
    );
    assert!(ran.err.contains(", groups, user_permissions"), "{}", ran.err);
    assert_eq!(model_auth::User::count(&mut target.connect()).unwrap(), 0);
}
