//! `dumpdata` and `loaddata` with the real binary: Little Lemon's rows,
//! users included, dumped from SQLite and loaded into PostgreSQL and
//! MariaDB, where a dump of them reads the same, row by row; and a fixture
//! with one bad row, which loads nothing. `flush` empties the tables and
//! keeps the migrations applied.

use littlelemon::models::{
    Booking, BookingItem, Category, Menu, NewBooking, NewBookingItem, NewCategory, NewMenu,
};
use model_runtime::chrono::NaiveDate;
use model_tests::TestDb;

use super::built_in_apps::run_with;
use super::*;

/// A migrated SQLite database holding a user, two categories, three dishes
/// (one with a description), and a booking of the user with two dishes.
fn filled_sqlite(dir: &WorkDir) -> String {
    let url = dir.sqlite_url();
    let ran = run_with(MANAGE, &dir.0, &url, &["migrate"], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    let mut conn = model_runtime::connect(&url).unwrap();
    let ada =
        model_auth::create_superuser(&mut conn, "ada", "ada@example.com", "correct horse battery").unwrap();
    let mains = Category::create(
        &mut conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    let desserts = Category::create(
        &mut conn,
        NewCategory {
            title: "Desserts".into(),
        },
    )
    .unwrap();
    let mut dishes = Vec::new();
    for (title, price, category, description) in [
        ("Pasta", "12.50", &mains, Some("al dente, \"fresh\"")),
        ("Lemon tart", "6.05", &desserts, None),
        ("Greek salad", "9.25", &mains, None),
    ] {
        dishes.push(
            Menu::create(
                &mut conn,
                NewMenu {
                    title: title.into(),
                    price: price.parse().unwrap(),
                    inventory: 4,
                    category_id: category.id,
                    description: description.map(str::to_owned),
                },
            )
            .unwrap(),
        );
    }
    let booking = Booking::create(
        &mut conn,
        NewBooking {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            guest_number: 3,
            comment: Some("window seat".into()),
            booking_date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            user_id: Some(ada.id),
        },
    )
    .unwrap();
    for dish in &dishes[..2] {
        BookingItem::create(
            &mut conn,
            NewBookingItem {
                booking_id: booking.id,
                menu_id: dish.id,
                quantity: 2,
            },
        )
        .unwrap();
    }
    url
}

fn moved_to(target: &TestDb) {
    let dir = WorkDir::new();
    let source = filled_sqlite(&dir);
    let fixture = dir.0.join("littlelemon.json");
    let fixture_arg = fixture.to_str().unwrap();
    let labels = ["littlelemon", "auth.user"];
    let mut dump_args = vec!["dumpdata", "--indent", "2", "--output", fixture_arg];
    dump_args.extend(labels);
    let ran = run_with(MANAGE, &dir.0, &source, &dump_args, &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);

    let ran = run_with(MANAGE, &dir.0, target.url(), &["migrate"], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    let ran = run_with(MANAGE, &dir.0, target.url(), &["loaddata", fixture_arg], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    assert_eq!(ran.out, "Installed 9 object(s) from 1 fixture(s)\n");

    // Every row and field reads back the same.
    let mut again = vec!["dumpdata", "--indent", "2"];
    again.extend(labels);
    let ran = run_with(MANAGE, &dir.0, target.url(), &again, &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    assert_eq!(ran.out, std::fs::read_to_string(&fixture).unwrap());
    let mut from = model_runtime::connect(&source).unwrap();
    let mut to = target.connect();
    assert_eq!(Menu::all(&mut to).unwrap(), Menu::all(&mut from).unwrap());
    assert_eq!(Booking::all(&mut to).unwrap(), Booking::all(&mut from).unwrap());

    // The keys' sequences moved past the loaded keys: a new row gets a new key.
    let soup = Category::create(
        &mut to,
        NewCategory {
            title: "Soups".into(),
        },
    )
    .unwrap();
    assert_eq!(soup.id, 3);
}

fn a_bad_row_loads_nothing(target: &TestDb) {
    let dir = WorkDir::new();
    let source = filled_sqlite(&dir);
    let ran = run_with(MANAGE, &dir.0, &source, &["dumpdata", "littlelemon"], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    let bad = ran.out.replace("\"6.05\"", "\"six\"");
    assert_ne!(bad, ran.out);
    let fixture = dir.0.join("bad.json");
    std::fs::write(&fixture, bad).unwrap();

    let ran = run_with(MANAGE, &dir.0, target.url(), &["migrate"], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
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
        ran.err
            .contains("bad.json: object 5 (littlelemon.menu): price: expected a decimal number, got `six`"),
        "{}",
        ran.err
    );
    let mut conn = target.connect();
    assert_eq!(Category::count(&mut conn).unwrap(), 0);
    assert_eq!(Menu::count(&mut conn).unwrap(), 0);

    // A refusal by the database, after rows were written, undoes them too.
    let ran = run_with(
        MANAGE,
        &dir.0,
        &source,
        &["dumpdata", "littlelemon.menu"],
        &[],
        "",
    );
    let fixture = dir.0.join("orphans.json");
    std::fs::write(&fixture, ran.out).unwrap();
    let ran = run_with(
        MANAGE,
        &dir.0,
        target.url(),
        &["loaddata", fixture.to_str().unwrap()],
        &[],
        "",
    );
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    assert!(ran.err.contains("foreign key constraint failed"), "{}", ran.err);
    assert_eq!(Menu::count(&mut conn).unwrap(), 0);
}

fn flushed(target: &TestDb) {
    let dir = WorkDir::new();
    let source = filled_sqlite(&dir);
    let fixture = dir.0.join("all.json");
    let fixture_arg = fixture.to_str().unwrap();
    let ran = run_with(MANAGE, &dir.0, &source, &["dumpdata", "-o", fixture_arg], &[], "");
    assert_eq!(ran.code, 0, "{}", ran.err);
    for args in [&["migrate"][..], &["loaddata", fixture_arg]] {
        let ran = run_with(MANAGE, &dir.0, target.url(), args, &[], "");
        assert_eq!(ran.code, 0, "{args:?}: {}", ran.err);
    }
    let mut conn = target.connect();
    assert_eq!(Menu::count(&mut conn).unwrap(), 3);

    // Without a terminal to ask at, only --no-input confirms.
    let ran = run_with(MANAGE, &dir.0, target.url(), &["flush"], &[], "yes\n");
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    assert!(ran.err.contains("pass --no-input to confirm"), "{}", ran.err);
    assert_eq!(Menu::count(&mut conn).unwrap(), 3);

    let ran = run_with(MANAGE, &dir.0, target.url(), &["flush", "--no-input"], &[], "");
    assert_eq!(ran.code, 0, "{}{}", ran.out, ran.err);
    assert_eq!(Menu::count(&mut conn).unwrap(), 0);
    assert_eq!(Booking::count(&mut conn).unwrap(), 0);
    assert_eq!(model_auth::User::count(&mut conn).unwrap(), 0);
    // The migrations stay applied, and the auth app's permissions are made again.
    let ran = run_with(
        MANAGE,
        &dir.0,
        target.url(),
        &["showmigrations", "littlelemon"],
        &[],
        "",
    );
    assert!(ran.out.contains("[X] 0004_booking_user_id"), "{}", ran.out);
    assert!(model_auth::Permission::count(&mut conn).unwrap() > 0);
    let first = Category::create(
        &mut conn,
        NewCategory {
            title: "Soups".into(),
        },
    )
    .unwrap();
    // Keys start again at 1, MySQL's AUTO_INCREMENT included.
    assert_eq!(first.id, 1);
}

#[cfg(feature = "sqlite")]
#[test]
fn flush_empties_the_tables_and_keeps_the_migrations_on_sqlite() {
    flushed(&TestDb::new(model_runtime::Backend::Sqlite));
}

#[cfg(feature = "postgres")]
#[test]
fn flush_empties_the_tables_and_keeps_the_migrations_on_postgres() {
    flushed(&TestDb::new(model_runtime::Backend::Postgres));
}

#[cfg(feature = "mysql")]
#[test]
fn flush_empties_the_tables_and_keeps_the_migrations_on_mariadb() {
    flushed(&TestDb::new(model_runtime::Backend::Mysql));
}

#[cfg(feature = "sqlite")]
#[test]
fn a_fixture_with_a_bad_row_loads_nothing_on_sqlite() {
    a_bad_row_loads_nothing(&TestDb::new(model_runtime::Backend::Sqlite));
}

#[cfg(feature = "postgres")]
#[test]
fn dumpdata_from_sqlite_then_loaddata_moves_the_rows_to_postgres() {
    moved_to(&TestDb::new(model_runtime::Backend::Postgres));
}

#[cfg(feature = "postgres")]
#[test]
fn a_fixture_with_a_bad_row_loads_nothing_on_postgres() {
    a_bad_row_loads_nothing(&TestDb::new(model_runtime::Backend::Postgres));
}

#[cfg(feature = "mysql")]
#[test]
fn dumpdata_from_sqlite_then_loaddata_moves_the_rows_to_mariadb() {
    moved_to(&TestDb::new(model_runtime::Backend::Mysql));
}

#[cfg(feature = "mysql")]
#[test]
fn a_fixture_with_a_bad_row_loads_nothing_on_mariadb() {
    a_bad_row_loads_nothing(&TestDb::new(model_runtime::Backend::Mysql));
}
