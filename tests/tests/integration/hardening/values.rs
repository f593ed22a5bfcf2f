//! Values a backend cannot hold are refused before any SQL runs, with an
//! error naming the model and the field, and nothing is written: NaN on
//! SQLite (which would store NULL) and MySQL, infinities on MySQL, dates
//! outside MySQL's years 1000 to 9999 (which it would wrap to another
//! year, or refuse naming no field) and before 4714-11-24 BC on
//! PostgreSQL. What a backend can hold is stored and read back equal:
//! NaN and infinities on PostgreSQL, any chrono date on SQLite.

use model_runtime::prelude::*;
use model_runtime::registry;
use model_runtime::Value;
use model_tests::models::{everything, Everything, NewEverything};
use model_tests::{on_every_backend, Backend, TestDb};

fn plain() -> NewEverything {
    NewEverything {
        small: 0,
        int: 0,
        big: 0,
        float: 0.0,
        double: 0.0,
        flag: false,
        short_text: String::new(),
        text: String::new(),
        bytes: vec![0],
        amount: Decimal::from(0),
        day: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        moment: NaiveDate::from_ymd_opt(2024, 5, 1)
            .unwrap()
            .and_hms_opt(18, 30, 0)
            .unwrap(),
        instant: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        key: Uuid::nil(),
        document: model_runtime::serde_json::json!({}),
        maybe_small: None,
        maybe_int: None,
        maybe_big: None,
        maybe_float: None,
        maybe_double: None,
        maybe_flag: None,
        maybe_short_text: None,
        maybe_text: None,
        maybe_bytes: None,
        maybe_amount: None,
        maybe_day: None,
        maybe_moment: None,
        maybe_instant: None,
        maybe_key: None,
        maybe_document: None,
    }
}

/// A value put in one field of a row, and whether `backend` holds it.
struct Case {
    field: &'static str,
    value: Value,
    held_by: &'static [Backend],
    /// What the refusal's message says.
    refusal: &'static str,
}

fn set(new: &mut NewEverything, field: &str, value: &Value) {
    match (field, value) {
        ("double", Value::Float(v)) => new.double = *v,
        ("float", Value::Float(v)) => new.float = *v as f32,
        ("maybe_double", Value::Float(v)) => new.maybe_double = Some(*v),
        ("maybe_float", Value::Float(v)) => new.maybe_float = Some(*v as f32),
        ("day", Value::Date(v)) => new.day = *v,
        ("maybe_day", Value::Date(v)) => new.maybe_day = Some(*v),
        ("moment", Value::DateTime(v)) => new.moment = *v,
        ("instant", Value::DateTimeUtc(v)) => new.instant = *v,
        other => panic!("no case for {other:?}"),
    }
}

/// Whether the row read back holds `value` in `field` (NaN equal to NaN).
fn holds(row: &Everything, field: &str, value: &Value) -> bool {
    match (row.field_value(field), value) {
        (Some(Value::Float(read)), Value::Float(sent)) if sent.is_nan() => read.is_nan(),
        (Some(Value::Float(read)), Value::Float(sent)) if field.ends_with("float") => {
            read == f64::from(*sent as f32)
        }
        (read, sent) => read.as_ref() == Some(sent),
    }
}

/// Each case through `create`, `get_or_create`, `bulk_create`, `save` and
/// the dynamic face's update from text: refused naming the field with
/// nothing written, or stored and read back equal.
fn check(db: &TestDb, cases: &[Case]) {
    let mut conn = db.connect();
    Everything::create_table(&mut conn).unwrap();
    let dynamic = registry::find_model("types.Everything").unwrap();
    for case in cases {
        let held = case.held_by.contains(&db.backend());
        let mut new = plain();
        set(&mut new, case.field, &case.value);
        let expected_start = format!("Everything.{}: ", case.field);
        let refused = |result: Result<String, model_runtime::Error>, how: &str| {
            let error = result.expect_err(&format!(
                "{how} of {} {:?} was not refused",
                case.field, case.value
            ));
            assert!(
                matches!(&error, model_runtime::Error::Validation { field, .. } if field == case.field),
                "{how}: {error:?}"
            );
            let message = error.to_string();
            assert!(message.starts_with(&expected_start), "{how}: {message}");
            assert!(message.contains(case.refusal), "{how}: {message}");
        };
        let before = Everything::count(&mut conn).unwrap();

        let created = Everything::create(&mut conn, new.clone());
        if held {
            let row = created.unwrap_or_else(|e| panic!("{} {:?}: {e}", case.field, case.value));
            let read = Everything::get(&mut conn, row.id).unwrap();
            assert!(
                holds(&read, case.field, &case.value),
                "{} {:?}: {read:?}",
                case.field,
                case.value
            );
            continue;
        }
        refused(created.map(|_| String::new()), "create");
        // A lookup that finds nothing: the row is inserted (on MySQL by a
        // path of its own, which reads the row back through the lookup).
        refused(
            Everything::objects()
                .get_or_create(&mut conn, everything::id.eq(-1), new.clone())
                .map(|(row, _)| format!("{row:?}")),
            "get_or_create",
        );
        refused(
            Everything::bulk_create(&mut conn, &[plain(), new]).map(|n| n.to_string()),
            "bulk_create",
        );
        assert_eq!(Everything::count(&mut conn).unwrap(), before);

        let mut row = Everything::create(&mut conn, plain()).unwrap();
        let stored = Everything::get(&mut conn, row.id).unwrap();
        row.set_field_value(case.field, case.value.clone()).unwrap();
        refused(row.save(&mut conn).map(|()| String::new()), "save");
        let text = case.value.to_string();
        refused(
            dynamic
                .update(&mut conn, &Value::Int(row.id), &[(case.field, &text)])
                .map(|r| format!("{:?}", r.values())),
            "dynamic update",
        );
        assert_eq!(Everything::get(&mut conn, row.id).unwrap(), stored);
    }
}

const ALL: &[Backend] = &[Backend::Sqlite, Backend::Postgres, Backend::Mysql];
const NOT_MYSQL: &[Backend] = &[Backend::Sqlite, Backend::Postgres];

fn day(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap()
}

on_every_backend! {
    fn a_float_the_backend_cannot_hold_is_refused_naming_its_field(db) {
        let float = |field, value, held_by, refusal| Case { field, value: Value::Float(value), held_by, refusal };
        let (nan, infinite) = match db.backend() {
            Backend::Sqlite => ("NaN (not a number) cannot be stored in SQLite", ""),
            _ => ("NaN (not a number) cannot be stored in MySQL", "cannot be stored in MySQL"),
        };
        check(db, &[
            float("double", f64::NAN, &[Backend::Postgres], nan),
            float("maybe_double", f64::NAN, &[Backend::Postgres], nan),
            float("float", f64::NAN, &[Backend::Postgres], nan),
            float("maybe_float", f64::NAN, &[Backend::Postgres], nan),
            float("double", f64::INFINITY, NOT_MYSQL, infinite),
            float("maybe_double", f64::NEG_INFINITY, NOT_MYSQL, infinite),
            float("float", f64::NEG_INFINITY, NOT_MYSQL, infinite),
            float("double", f64::MAX, ALL, ""),
        ]);
    }

    fn a_date_the_backend_cannot_hold_is_refused_naming_its_field(db) {
        let mysql = "is outside the dates MySQL holds, years 1000 to 9999";
        let postgres = "is outside the dates PostgreSQL holds, from 4714-11-24 BC";
        let refusal = if db.backend() == Backend::Mysql { mysql } else { postgres };
        let midnight = |year| day(year).and_hms_opt(0, 0, 0).unwrap();
        let date = |field, value, held_by| Case { field, value: Value::Date(value), held_by, refusal };
        check(db, &[
            date("day", day(-5000), &[Backend::Sqlite]),
            date("maybe_day", day(-5000), &[Backend::Sqlite]),
            date("day", NaiveDate::from_ymd_opt(-4713, 11, 24).unwrap(), NOT_MYSQL),
            date("day", day(999), NOT_MYSQL),
            date("day", day(1000), ALL),
            date("maybe_day", NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(), ALL),
            date("day", day(10000), NOT_MYSQL),
            date("day", day(200_000), NOT_MYSQL),
            Case { field: "moment", value: Value::DateTime(midnight(-5000)), held_by: &[Backend::Sqlite], refusal },
            Case { field: "moment", value: Value::DateTime(midnight(200_000)), held_by: NOT_MYSQL, refusal },
            Case { field: "instant", value: Value::DateTimeUtc(midnight(-5000).and_utc()), held_by: &[Backend::Sqlite], refusal },
            Case { field: "instant", value: Value::DateTimeUtc(midnight(12_000).and_utc()), held_by: NOT_MYSQL, refusal },
        ]);
    }
}
