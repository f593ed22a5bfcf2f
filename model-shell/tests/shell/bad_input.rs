//! Bad input gets one clear line naming what is at fault, and writes
//! nothing.

use model_tests::models::{Booking, Menu, NewBooking};
use model_tests::on_every_backend;

use crate::support::session;

on_every_backend! {
    fn a_value_of_the_wrong_type_or_length_is_refused_naming_the_field(db) {
        let mut s = session(db);
        let error = s.error(r#"Menu.objects.create(#{title: "Soup", price: "4", inventory: "many", category_id: 1})"#);
        assert!(error.starts_with("Menu.inventory: "), "{error}");
        let error = s.error(r#"Menu.objects.create(#{title: "Soup", price: "cheap", category_id: 1})"#);
        assert!(error.starts_with("Menu.price: "), "{error}");
        let long = "x".repeat(256);
        let error = s.error(&format!(r#"Menu.objects.create(#{{title: "{long}", price: "4", category_id: 1}})"#));
        assert!(error.starts_with("Menu.title: ") && error.contains("255"), "{error}");
        let error = s.error(&format!(r#"let m = Menu.objects.get(1); m.title = "{long}"; m.save()"#));
        assert!(error.starts_with("Menu.title: "), "{error}");
        let error = s.error("m.validate()");
        assert!(error.starts_with("Menu.title: "), "{error}");
        assert_eq!(s.titles(), ["Pasta", "Lemon tart", "Greek salad"]);
    }

    fn an_unknown_field_lookup_or_model_lists_the_valid_ones(db) {
        let mut s = session(db);
        let error = s.error(r#"Menu.objects.filter(#{titel: "Pasta"})"#);
        assert!(error.contains("Menu has no field `titel`; its fields are: id, title, price, inventory, category_id, description"), "{error}");
        let error = s.error(r#"Menu.objects.filter(#{title__like: "Pasta"})"#);
        assert!(error.contains("unsupported lookup `like` on Menu.title; a lookup is one of: exact, iexact"), "{error}");
        let error = s.error(r#"let m = Menu.objects.get(1); m.colour"#);
        assert!(error.contains("Menu has no field `colour`"), "{error}");
        let error = s.error("Dish.objects.all()");
        assert!(error.contains("`Dish` is not defined") && error.contains("Booking, Category, Menu"), "{error}");
        let error = s.error(r#"Menu.objects.order_by("-colour")"#);
        assert!(error.contains("Menu has no field `colour`"), "{error}");
    }

    fn a_missing_or_repeated_row_and_a_refused_constraint_are_one_line_each(db) {
        let mut s = session(db);
        let error = s.error("Menu.objects.get(99)");
        assert!(error.starts_with("Menu matching query does not exist"), "{error}");
        let error = s.error("Menu.objects.get(#{category_id: 1})");
        assert!(error.starts_with("get() returned more than one Menu -- it returned 2!"), "{error}");
        let error = s.error(r#"Category.objects.create(#{title: "Mains"})"#);
        assert!(error.starts_with("unique constraint failed"), "{error}");
        let error = s.error(r#"Menu.objects.create(#{title: "Soup", price: "4", category_id: 99})"#);
        assert!(error.starts_with("foreign key constraint failed"), "{error}");
        let error = s.error(r#"Menu.objects.filter(#{title: })"#);
        assert!(error.starts_with("syntax error: ") && error.contains("line 1, position"), "{error}");
        assert!(!error.contains('\n'), "{error}");
        assert_eq!(s.titles(), ["Pasta", "Lemon tart", "Greek salad"]);
    }

    fn a_bulk_delete_refused_part_way_deletes_nothing(db) {
        let mut s = session(db);
        Booking::create(
            &mut s.conn,
            NewBooking {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                guest_number: 2,
                comment: None,
                booking_date: model_runtime::chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                favourite_id: Some(3),
                confirmed: true,
            },
        )
        .unwrap();
        let error = s.error("Menu.objects.all().delete()");
        assert!(error.starts_with("foreign key constraint failed"), "{error}");
        assert_eq!(Menu::count(&mut s.conn).unwrap(), 3);
    }

    fn an_endless_loop_is_stopped_with_a_message(db) {
        let mut s = session(db);
        s.shell.set_max_operations(100_000);
        let error = s.error("loop { }");
        assert!(error.starts_with("stopped after too many operations"), "{error}");
        assert_eq!(s.value("1 + 1"), "2");
    }
}
