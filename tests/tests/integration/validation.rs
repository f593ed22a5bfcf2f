//! `validate()` is Django's `full_clean()`: every field is checked and
//! every refusal reported in one error, before any SQL; nothing is written.

use std::str::FromStr;

use model_runtime::prelude::*;
use model_runtime::registry;
use model_runtime::validate::FieldError;
use model_tests::on_every_backend;
use model_tests::statements::StatementCounter;

fn an_address(value: &str) -> Result<(), String> {
    match value.split_once('@') {
        Some((name, domain)) if !name.is_empty() && domain.contains('.') => Ok(()),
        _ => Err("Enter a valid email address.".to_owned()),
    }
}

fn at_least_one(value: &i32) -> Result<(), &'static str> {
    if *value >= 1 {
        Ok(())
    } else {
        Err("Ensure this value is greater than or equal to 1.")
    }
}

/// A reservation with a check on every field.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "validation")]
pub struct Reservation {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 20)]
    pub name: String,
    #[field(max_digits = 5, decimal_places = 2)]
    pub deposit: Decimal,
    #[field(max_length = 30, validate = an_address)]
    pub email: String,
    #[field(default = 2, validate = at_least_one)]
    pub guests: i32,
    #[field(blank)]
    pub notes: String,
}

fn good() -> NewReservation {
    NewReservation {
        name: "Ada".into(),
        deposit: Decimal::from_str("10.00").unwrap(),
        email: "ada@example.com".into(),
        guests: 2,
        notes: String::new(),
    }
}

/// Three fields at fault: blank, too precise, not an address.
fn bad() -> NewReservation {
    NewReservation {
        name: String::new(),
        deposit: Decimal::from_str("10.005").unwrap(),
        email: "ada".into(),
        ..good()
    }
}

const BAD_ERRORS: [(&str, &str); 3] = [
    ("name", "This field cannot be blank."),
    ("deposit", "Ensure that there are no more than 2 decimal places."),
    ("email", "Enter a valid email address."),
];

fn setup(conn: &mut Connection) -> StatementCounter {
    Reservation::create_table(conn).unwrap();
    StatementCounter::install(conn)
}

on_every_backend! {
    /// A row with three bad fields: one error lists all three, in field
    /// order and Django's words, and no statement reaches the database.
    fn every_field_error_is_reported_at_once_and_nothing_is_written(db) {
        let mut conn = db.connect();
        let counter = setup(&mut conn);
        let error = Reservation::create(&mut conn, bad()).unwrap_err();
        assert_eq!(counter.count(), 0, "a refused row must not reach the database");
        let Error::ValidationErrors { model, errors } = &error else {
            panic!("expected every error at once, got {error:?}");
        };
        assert_eq!(model, "Reservation");
        let expected: Vec<FieldError> = BAD_ERRORS.iter().map(|(f, m)| FieldError::new(*f, *m)).collect();
        assert_eq!(errors, &expected);
        assert_eq!(error.field_errors(), BAD_ERRORS);
        assert_eq!(
            error.to_string(),
            "Reservation.name: This field cannot be blank.; \
             Reservation.deposit: Ensure that there are no more than 2 decimal places.; \
             Reservation.email: Enter a valid email address."
        );
        assert_eq!(Reservation::count(&mut conn).unwrap(), 0);
    }

    /// `save`, `bulk_create`, `get_or_create` and `update_or_create` refuse
    /// the same row the same way, before any SQL.
    fn every_write_validates_before_any_sql(db) {
        let mut conn = db.connect();
        let counter = setup(&mut conn);
        let stored = Reservation::create(&mut conn, good()).unwrap();
        let written = counter.count();

        let mut changed = stored.clone();
        let NewReservation { name, deposit, email, .. } = bad();
        (changed.name, changed.deposit, changed.email) = (name, deposit, email);
        assert_eq!(changed.save(&mut conn).unwrap_err().field_errors(), BAD_ERRORS);

        let error = Reservation::bulk_create(&mut conn, &[good(), bad(), good()]).unwrap_err();
        assert_eq!(error.field_errors(), BAD_ERRORS);

        let lookup = || reservation::email.eq("ada@example.com");
        let error = Reservation::objects().get_or_create(&mut conn, lookup(), bad()).unwrap_err();
        assert_eq!(error.field_errors(), BAD_ERRORS, "refused even though the lookup finds a row");
        let error = Reservation::objects().update_or_create(&mut conn, lookup(), bad()).unwrap_err();
        assert_eq!(error.field_errors(), BAD_ERRORS);

        assert_eq!(counter.count(), written, "no statement after the first create");
        assert_eq!(Reservation::all(&mut conn).unwrap(), [stored]);
    }

    /// One refusal is still the single `Error::Validation` of before.
    fn one_refusal_is_a_validation_error(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let error = Reservation::create(&mut conn, NewReservation { guests: 0, ..good() }).unwrap_err();
        match error {
            Error::Validation { model, field, message } => {
                assert_eq!((model.as_str(), field.as_str()), ("Reservation", "guests"));
                assert_eq!(message, "Ensure this value is greater than or equal to 1.");
            }
            other => panic!("expected one validation error, got {other:?}"),
        }
    }

    /// Text inputs refused by parsing are all reported too, then the row
    /// they make is validated as a whole.
    fn text_inputs_report_every_refusal(db) {
        let mut conn = db.connect();
        let counter = setup(&mut conn);
        let reservations = registry::find_model("validation.Reservation").unwrap();
        let error = reservations
            .create(&mut conn, &[("name", "Ada"), ("deposit", "ten"), ("guests", "two")])
            .unwrap_err();
        assert_eq!(
            error.field_errors(),
            [
                ("deposit", "expected a decimal number, got `ten`"),
                ("email", "This field is required."),
                ("guests", "expected an integer, got `two`"),
                ("notes", "This field is required."),
            ]
        );
        let inputs = [("name", ""), ("deposit", "10.005"), ("email", "ada"), ("notes", "")];
        let error = reservations.create(&mut conn, &inputs).unwrap_err();
        assert_eq!(error.field_errors(), BAD_ERRORS);
        assert_eq!(counter.count(), 0);
    }
}

/// A field's checks all run: one field may have several refusals, and a
/// blank value is refused alone, its other checks skipped, as in Django.
#[test]
fn a_field_reports_each_of_its_refusals() {
    let row = Reservation {
        id: 1,
        email: "a-very-long-name-without-an-at-sign".into(),
        ..Reservation {
            id: 1,
            name: "x".repeat(21),
            deposit: Decimal::from(1),
            email: String::new(),
            guests: 1,
            notes: String::new(),
        }
    };
    assert_eq!(
        row.validate().unwrap_err().field_errors(),
        [
            ("name", "Ensure this value has at most 20 characters (it has 21)."),
            (
                "email",
                "Ensure this value has at most 30 characters (it has 35)."
            ),
            ("email", "Enter a valid email address."),
        ]
    );
    let blank = Reservation {
        email: String::new(),
        name: "Ada".into(),
        ..row
    };
    assert_eq!(
        blank.validate().unwrap_err().field_errors(),
        [("email", "This field cannot be blank.")],
        "the validator does not see a blank value"
    );
}
