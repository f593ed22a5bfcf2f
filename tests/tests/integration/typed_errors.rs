//! Each failure comes back as its own error variant, on every backend, and
//! nothing is left half-written.

use std::str::FromStr;

use model_runtime::diesel::RunQueryDsl;
use model_runtime::prelude::*;
use model_tests::models::{
    create_littlelemon_tables, Booking, Category, Menu, NewBooking, NewCategory, NewMenu,
};
use model_tests::on_every_backend;
use model_tests::statements::StatementCounter;

fn menu(title: String, category_id: i64) -> NewMenu {
    NewMenu {
        title,
        price: Decimal::from_str("9.99").unwrap(),
        inventory: 1,
        category_id,
        description: None,
    }
}

fn setup(conn: &mut Connection) -> Category {
    create_littlelemon_tables(conn).unwrap();
    Category::create(
        conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap()
}

on_every_backend! {
    /// `max_length` counts characters: 255 emoji fit, 256 letters do not,
    /// and the refusal comes before any statement reaches the database.
    fn too_long_text_is_refused_before_any_sql(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);

        let counter = StatementCounter::install(&mut conn);
        let error = Menu::create(&mut conn, menu("a".repeat(256), mains.id)).unwrap_err();
        assert_eq!(counter.count(), 0, "a refused row must not reach the database");
        match error {
            Error::Validation { model, field, message } => {
                assert_eq!((model.as_str(), field.as_str()), ("Menu", "title"));
                assert_eq!(message, "Ensure this value has at most 255 characters (it has 256).");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);

        let emoji = Menu::create(&mut conn, menu("🍋".repeat(255), mains.id)).unwrap();
        assert_eq!(Menu::get(&mut conn, emoji.id).unwrap().title.chars().count(), 255);
    }

    /// Decimal digits and places are checked before any SQL, on create and save.
    fn decimals_that_do_not_fit_are_refused(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);
        let mut pasta = Menu::create(&mut conn, menu("Pasta".into(), mains.id)).unwrap();

        let counter = StatementCounter::install(&mut conn);
        pasta.price = Decimal::from_str("12345.6").unwrap();
        let error = pasta.save(&mut conn).unwrap_err();
        assert!(matches!(&error, Error::Validation { field, .. } if field == "price"), "{error:?}");
        assert!(error.to_string().contains("4 digits before the decimal point"), "{error}");
        pasta.price = Decimal::from_str("1.234").unwrap();
        let error = pasta.save(&mut conn).unwrap_err();
        assert!(error.to_string().contains("2 decimal places"), "{error}");
        assert_eq!(counter.count(), 0);

        assert_eq!(Menu::get(&mut conn, pasta.id).unwrap().price, Decimal::from_str("9.99").unwrap());
    }

    /// A duplicate unique value is a UniqueViolation; the first row is intact.
    fn duplicate_unique_value_is_a_unique_violation(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);
        let error = Category::create(&mut conn, NewCategory { title: "Mains".into() }).unwrap_err();
        assert!(matches!(error, Error::UniqueViolation { .. }), "{error:?}");
        assert_eq!(Category::all(&mut conn).unwrap(), [mains]);

        // unique_together: the same guest twice on the same day.
        let booking = NewBooking {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            guest_number: 2,
            comment: None,
            booking_date: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            favourite_id: None,
            confirmed: true,
        };
        let first = Booking::create(&mut conn, booking.clone()).unwrap();
        let error = Booking::create(&mut conn, booking).unwrap_err();
        assert!(matches!(error, Error::UniqueViolation { .. }), "{error:?}");
        assert_eq!(Booking::all(&mut conn).unwrap(), [first]);
    }

    /// A row pointing at a missing parent is a ForeignKeyViolation; on SQLite
    /// this proves `foreign_keys` is on.
    fn missing_parent_is_a_foreign_key_violation(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);
        let error = Menu::create(&mut conn, menu("Orphan".into(), mains.id + 1000)).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);
    }

    /// on_delete: "protect" refuses to delete a referenced row, "cascade"
    /// deletes the children with their parent.
    fn on_delete_protects_and_cascades(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);
        let pasta = Menu::create(&mut conn, menu("Pasta".into(), mains.id)).unwrap();
        let booking = Booking::create(
            &mut conn,
            NewBooking {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                guest_number: 2,
                comment: Some("window seat".into()),
                booking_date: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
                favourite_id: Some(pasta.id),
                confirmed: true,
            },
        )
        .unwrap();

        let error = pasta.delete(&mut conn).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(Menu::get(&mut conn, pasta.id).unwrap(), pasta);

        booking.delete(&mut conn).unwrap();
        mains.delete(&mut conn).unwrap();
        assert_eq!(Menu::count(&mut conn).unwrap(), 0, "the category's dishes go with it");
    }

    /// A NULL in a NOT NULL column, written by hand, is a NotNullViolation.
    fn null_in_a_not_null_column_is_a_not_null_violation(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let table = <Category as Model>::TABLE;
        let quote = if db.backend() == Backend::Mysql { '`' } else { '"' };
        let sql = format!("INSERT INTO {quote}{table}{quote} ({quote}title{quote}) VALUES (NULL)");
        let error = Error::from(model_runtime::diesel::sql_query(sql).execute(&mut conn).unwrap_err());
        assert!(matches!(error, Error::NotNullViolation { .. }), "{error:?}");
    }

    /// A missing key is NotFound, naming the model as Django does.
    fn missing_key_is_not_found(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let error = Menu::get(&mut conn, 42).unwrap_err();
        assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
        assert_eq!(error.to_string(), "Menu matching query does not exist");
    }

    /// One bad row in a batch refuses the whole batch before any SQL.
    fn bulk_create_with_one_bad_row_writes_nothing(db) {
        let mut conn = db.connect();
        let mains = setup(&mut conn);
        let mut rows: Vec<NewMenu> = (0..10).map(|i| menu(format!("Dish {i}"), mains.id)).collect();
        rows[7].title = "x".repeat(300);
        let counter = StatementCounter::install(&mut conn);
        let error = Menu::bulk_create(&mut conn, &rows).unwrap_err();
        assert!(matches!(error, Error::Validation { .. }), "{error:?}");
        assert_eq!(counter.count(), 0);
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);

        // A batch the database refuses part-way leaves no row either.
        rows[7].title = "Dish 7".into();
        rows[8].category_id = mains.id + 99;
        let error = Menu::bulk_create(&mut conn, &rows).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);
    }
}
