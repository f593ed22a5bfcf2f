//! Every field type goes in and comes back unchanged, NULLs and boundary
//! values included, on every backend.

use std::str::FromStr;

use model_runtime::prelude::*;
use model_tests::models::{Everything, NewEverything};
use model_tests::on_every_backend;

fn extremes() -> NewEverything {
    NewEverything {
        small: i16::MIN,
        int: i32::MAX,
        big: i64::MIN,
        float: f32::MAX,
        double: f64::MIN_POSITIVE,
        flag: true,
        short_text: "🍋".repeat(255),
        text: "quotes ' \" \\ and\nnew lines, ünïcödé, 漢字".into(),
        bytes: (0..=255).collect(),
        amount: Decimal::from_str("-99999999999.9999").unwrap(),
        day: NaiveDate::from_ymd_opt(1000, 1, 1).unwrap(),
        moment: NaiveDate::from_ymd_opt(9999, 12, 31)
            .unwrap()
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .unwrap(),
        instant: DateTime::parse_from_rfc3339("2024-02-29T23:59:59.123456Z")
            .unwrap()
            .with_timezone(&Utc),
        key: Uuid::max(),
        document: model_runtime::serde_json::json!({"menu": ["pasta", "soup"], "open": true, "seats": 40, "owner": null}),
        maybe_small: Some(i16::MAX),
        maybe_int: Some(i32::MIN),
        maybe_big: Some(i64::MAX),
        maybe_float: Some(-0.5),
        maybe_double: Some(f64::MAX),
        maybe_flag: Some(false),
        maybe_short_text: Some(String::new()),
        maybe_text: Some("x".repeat(70_000)),
        maybe_bytes: Some(Vec::new()),
        maybe_amount: Some(Decimal::from_str("9999.99").unwrap()),
        maybe_day: Some(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()),
        maybe_moment: Some(
            NaiveDate::from_ymd_opt(1000, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        ),
        maybe_instant: Some(DateTime::from_timestamp(0, 0).unwrap()),
        maybe_key: Some(Uuid::nil()),
        maybe_document: Some(model_runtime::serde_json::json!([1, "two", {"three": 3.5}])),
    }
}

fn nulls() -> NewEverything {
    NewEverything {
        small: 0,
        int: 0,
        big: 0,
        float: 0.0,
        double: -1.25,
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
        key: Uuid::from_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap(),
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

/// The stored row equals the one inserted, with the key the database gave.
fn stored(id: i64, new: NewEverything) -> Everything {
    let NewEverything {
        small,
        int,
        big,
        float,
        double,
        flag,
        short_text,
        text,
        bytes,
        amount,
        day,
        moment,
        instant,
        key,
        document,
        maybe_small,
        maybe_int,
        maybe_big,
        maybe_float,
        maybe_double,
        maybe_flag,
        maybe_short_text,
        maybe_text,
        maybe_bytes,
        maybe_amount,
        maybe_day,
        maybe_moment,
        maybe_instant,
        maybe_key,
        maybe_document,
    } = new;
    Everything {
        id,
        small,
        int,
        big,
        float,
        double,
        flag,
        short_text,
        text,
        bytes,
        amount,
        day,
        moment,
        instant,
        key,
        document,
        maybe_small,
        maybe_int,
        maybe_big,
        maybe_float,
        maybe_double,
        maybe_flag,
        maybe_short_text,
        maybe_text,
        maybe_bytes,
        maybe_amount,
        maybe_day,
        maybe_moment,
        maybe_instant,
        maybe_key,
        maybe_document,
    }
}

/// Compares two rows field by field, naming the first field that differs
/// and keeping the message short.
fn assert_same<M: Model + std::fmt::Debug>(actual: &M, expected: &M) {
    for column in M::schema().columns.iter() {
        let (a, e) = (
            actual.field_value(&column.field),
            expected.field_value(&column.field),
        );
        if a != e {
            let show = |v: Option<Value>| {
                let text = format!("{v:?}");
                if text.len() > 200 {
                    format!("{}... ({} chars)", &text[..200], text.len())
                } else {
                    text
                }
            };
            panic!(
                "field `{}` differs:\n  actual: {}\nexpected: {}",
                column.field,
                show(a),
                show(e)
            );
        }
    }
}

on_every_backend! {
    /// create, get, all, count, save and delete keep every value exact.
    fn every_field_type_round_trips_with_nulls_and_extremes(db) {
        let mut conn = db.connect();
        Everything::create_table(&mut conn).unwrap();

        let first = Everything::create(&mut conn, extremes()).unwrap();
        assert_same(&first, &stored(first.id, extremes()));
        let second = Everything::create(&mut conn, nulls()).unwrap();
        assert_same(&second, &stored(second.id, nulls()));
        assert_ne!(first.id, second.id);

        assert_same(&Everything::get(&mut conn, first.id).unwrap(), &first);
        assert_same(&Everything::get(&mut conn, second.id).unwrap(), &second);
        let all = Everything::all(&mut conn).unwrap();
        assert_eq!(all.len(), 2);
        assert_same(&all[0], &first);
        assert_same(&all[1], &second);
        assert_eq!(Everything::count(&mut conn).unwrap(), 2);

        // Swap the values of the two rows: NULLs become values and back.
        let mut swapped = stored(first.id, nulls());
        swapped.save(&mut conn).unwrap();
        assert_same(&Everything::get(&mut conn, first.id).unwrap(), &swapped);
        let other = stored(second.id, extremes());
        other.save(&mut conn).unwrap();
        assert_same(&Everything::get(&mut conn, second.id).unwrap(), &other);

        swapped.delete(&mut conn).unwrap();
        assert!(matches!(Everything::get(&mut conn, first.id), Err(Error::NotFound { .. })));
        assert_eq!(Everything::count(&mut conn).unwrap(), 1);

        // Saving or deleting a row that is gone says so.
        swapped.short_text = "gone".into();
        assert!(matches!(swapped.save(&mut conn), Err(Error::NotFound { .. })));
        assert!(matches!(swapped.delete(&mut conn), Err(Error::NotFound { .. })));
    }

    /// bulk_create keeps every value exact too: on PostgreSQL the rows are
    /// streamed through COPY's text format, where a tab, a line break, a
    /// backslash or `\N` in a text would end or change a value unescaped.
    fn every_field_type_round_trips_through_bulk_create(db) {
        let mut conn = db.connect();
        Everything::create_table(&mut conn).unwrap();
        let mut tricky = nulls();
        tricky.text = "a\tb\r\nc\\N \\. \t\u{1F34B}\n\\.\n".into();
        tricky.maybe_text = Some("\\N".into());
        tricky.document = model_runtime::serde_json::json!({"tab": "\t", "slash": "\\"});
        // MySQL holds finite numbers only, and refuses the others by name.
        if conn.backend() != Backend::Mysql {
            tricky.double = f64::INFINITY;
            tricky.maybe_float = Some(f32::NEG_INFINITY);
        }
        let rows = [extremes(), nulls(), tricky];
        assert_eq!(Everything::bulk_create(&mut conn, &rows).unwrap(), 3);
        let all = Everything::all(&mut conn).unwrap();
        assert_eq!(all.len(), 3);
        for (stored_row, new) in all.iter().zip(rows) {
            assert_same(stored_row, &stored(stored_row.id, new));
        }
    }

    /// A key the model assigns itself, a UUID, and a self-referencing key.
    fn manual_uuid_keys_and_self_references_round_trip(db) {
        use model_tests::models::{NewTicket, Ticket};
        let mut conn = db.connect();
        Ticket::create_table(&mut conn).unwrap();
        let old = Ticket::create(&mut conn, NewTicket { code: Uuid::new_v4(), kind: "vip".into(), replaces: None }).unwrap();
        let new = Ticket::create(
            &mut conn,
            NewTicket { code: Uuid::new_v4(), kind: "general".into(), replaces: Some(old.code) },
        )
        .unwrap();
        assert_eq!(new.replaces, Some(old.code));
        assert_eq!(Ticket::get(&mut conn, old.code).unwrap(), old);

        // on_delete = "set_null": the replacement outlives the ticket it replaced.
        old.delete(&mut conn).unwrap();
        assert_eq!(Ticket::get(&mut conn, new.code).unwrap().replaces, None);
    }

    /// Field values are readable by field and by column name, without the type.
    fn field_values_are_read_by_name(db) {
        use model_tests::models::{Booking, Category, Menu, NewBooking, NewCategory, NewMenu};
        let mut conn = db.connect();
        model_tests::models::create_littlelemon_tables(&mut conn).unwrap();
        let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap();
        let pasta = Menu::create(
            &mut conn,
            NewMenu {
                title: "Pasta".into(),
                price: Decimal::from_str("12.50").unwrap(),
                inventory: 3,
                category_id: mains.id,
                description: None,
            },
        )
        .unwrap();
        let booking = Booking::create(
            &mut conn,
            NewBooking {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                guest_number: 4,
                comment: None,
                booking_date: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
                favourite_id: Some(pasta.id),
                confirmed: true,
            },
        )
        .unwrap();
        assert_eq!(pasta.field_value("price"), Some(Value::Decimal(Decimal::from_str("12.5").unwrap())));
        assert_eq!(pasta.field_value("description"), Some(Value::Null));
        assert_eq!(booking.field_value("last_name"), Some(Value::Text("Lovelace".into())));
        assert_eq!(booking.field_value("surname"), Some(Value::Text("Lovelace".into())));
        assert_eq!(booking.field_value("favourite_id"), Some(Value::Int(pasta.id)));
        assert_eq!(booking.field_value("nope"), None);
    }
}
