//! Models handled by name, as the shell and the admin will: listed per app,
//! read field by field, created and edited from text inputs.

use model_runtime::prelude::*;
use model_runtime::registry;
use model_tests::on_every_backend;

/// A key the row is given, not the database.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "dynamic_keys")]
pub struct Voucher {
    #[field(primary_key, auto_increment = false, max_length = 12)]
    pub code: String,
    pub percent: i32,
}

/// Nothing but a key.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "dynamic_keys")]
pub struct Tag {
    #[field(primary_key, auto_increment = false, max_length = 20)]
    pub name: String,
}

#[test]
fn models_are_listed_per_app_in_name_order() {
    let names = |app: &str| -> Vec<String> {
        registry::models_of_app(app)
            .iter()
            .map(|m| m.schema().name.to_string())
            .collect()
    };
    assert_eq!(names("littlelemon"), ["Booking", "Category", "Menu"]);
    assert_eq!(names("keys"), ["Ticket"]);
    assert!(names("nope").is_empty());
    assert!(registry::apps().contains(&"littlelemon".to_string()));
    assert_eq!(
        registry::find_model("littlelemon.menu").unwrap().schema().table,
        "littlelemon_menu"
    );
    assert_eq!(
        registry::find_model("Ticket").unwrap().schema().table,
        "ticket_codes"
    );
}

#[test]
fn bad_inputs_name_the_field_and_what_was_expected() {
    let menu = registry::find_model("littlelemon.Menu").unwrap();
    let error = menu
        .validate_inputs(&[("title", "Soup"), ("price", "cheap"), ("category_id", "1")])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Menu.price: expected a decimal number, got `cheap`"
    );
    let error = menu
        .validate_inputs(&[("title", "Soup"), ("category_id", "1")])
        .unwrap_err();
    assert_eq!(error.to_string(), "Menu.price: This field is required.");
    let error = menu
        .validate_inputs(&[
            ("title", "Soup"),
            ("price", "1"),
            ("category_id", "1"),
            ("colour", "red"),
        ])
        .unwrap_err();
    assert_eq!(error.to_string(), "Menu.colour: Menu has no field `colour`");
    let error = menu
        .validate_inputs(&[("title", &"x".repeat(256)), ("price", "1"), ("category_id", "1")])
        .unwrap_err();
    assert!(
        matches!(&error, Error::Validation { field, .. } if field == "title"),
        "{error:?}"
    );
    menu.validate_inputs(&[("title", "Soup"), ("price", "6.50"), ("category_id", "1")])
        .unwrap();
}

on_every_backend! {
    /// Create, read, update and delete through the registry, from text.
    fn rows_are_created_and_edited_from_text(db) {
        let mut conn = db.connect();
        model_tests::models::create_littlelemon_tables(&mut conn).unwrap();
        let category = registry::find_model("littlelemon.Category").unwrap();
        let booking = registry::find_model("littlelemon.Booking").unwrap();

        let mains = category.create(&mut conn, &[("title", "Mains")]).unwrap();
        assert_eq!(mains.get("title"), Some(&Value::Text("Mains".into())));

        // Defaults fill what is missing; an empty nullable input is NULL.
        let row = booking
            .create(
                &mut conn,
                &[("first_name", "Ada"), ("surname", "Lovelace"), ("booking_date", "2024-05-01"), ("favourite_id", "")],
            )
            .unwrap();
        assert_eq!(row.get("guest_number"), Some(&Value::Int(2)));
        assert_eq!(row.get("confirmed"), Some(&Value::Bool(true)));
        assert_eq!(row.get("comment"), Some(&Value::Null));
        assert_eq!(row.get("favourite_id"), Some(&Value::Null));

        let key = row.primary_key().clone();
        let edited = booking.update(&mut conn, &key, &[("guest_number", "6"), ("comment", "birthday")]).unwrap();
        assert_eq!(edited.get("guest_number"), Some(&Value::Int(6)));
        assert_eq!(booking.get(&mut conn, &key).unwrap(), edited);
        assert!(booking.update(&mut conn, &key, &[("id", "99")]).is_err());

        assert_eq!(booking.count(&mut conn).unwrap(), 1);
        assert_eq!(booking.all(&mut conn).unwrap(), [edited]);
        booking.delete(&mut conn, &key).unwrap();
        assert!(matches!(booking.get(&mut conn, &key), Err(Error::NotFound { .. })));
        assert!(matches!(booking.delete(&mut conn, &key), Err(Error::NotFound { .. })));
    }
}

on_every_backend! {
    /// A key the row is given comes back with the row (MySQL reads the row
    /// back by it), and a model that is only a key is written and found.
    fn rows_keyed_by_their_own_value_round_trip(db) {
        let mut conn = db.connect();
        Voucher::create_table(&mut conn).unwrap();
        Tag::create_table(&mut conn).unwrap();
        let vouchers = registry::find_model("dynamic_keys.Voucher").unwrap();
        let tags = registry::find_model("dynamic_keys.Tag").unwrap();

        let row = vouchers.create(&mut conn, &[("code", "SPRING"), ("percent", "10")]).unwrap();
        assert_eq!(row.primary_key(), &Value::Text("SPRING".into()));
        assert_eq!(row.get("percent"), Some(&Value::Int(10)));
        vouchers.create(&mut conn, &[("code", "AUTUMN"), ("percent", "5")]).unwrap();
        let key = Value::Text("SPRING".into());
        let edited = vouchers.update(&mut conn, &key, &[("percent", "15")]).unwrap();
        assert_eq!(Voucher::get(&mut conn, "SPRING".into()).unwrap(), Voucher { code: "SPRING".into(), percent: 15 });
        assert_eq!(vouchers.get(&mut conn, &key).unwrap(), edited);
        let error = vouchers.update(&mut conn, &key, &[("code", "WINTER")]).unwrap_err();
        assert_eq!(error.to_string(), "Voucher.code: the primary key cannot be changed");
        let kept = vouchers.update_values(&mut conn, &key, &[("code", key.clone()), ("percent", Value::Int(20))]).unwrap();
        assert_eq!(kept.get("percent"), Some(&Value::Int(20)), "the key set to itself is no change");

        let tag = tags.create(&mut conn, &[("name", "vegan")]).unwrap();
        assert_eq!(tag.primary_key(), &Value::Text("vegan".into()));
        let same = tags.update(&mut conn, tag.primary_key(), &[]).unwrap();
        assert_eq!(same, tag);
        let missing = Value::Text("spicy".into());
        assert!(matches!(tags.update(&mut conn, &missing, &[]), Err(Error::NotFound { .. })));
        tags.delete(&mut conn, tag.primary_key()).unwrap();
        assert_eq!(tags.count(&mut conn).unwrap(), 0);
        assert_eq!(Voucher::count(&mut conn).unwrap(), 2);
    }
}
