//! Django's four password validators, message for message. Each expected
//! result is what Django 5.2.19 said for the same password and user:
//! `django_vectors.py` (beside `password.rs`) prints them.

use chrono::Utc;
use model_auth::password::{validate_password, PasswordProblem, UserAttributes};
use model_auth::User;

const TOO_SHORT: &str = "This password is too short. It must contain at least 8 characters.";
const TOO_COMMON: &str = "This password is too common.";
const ENTIRELY_NUMERIC: &str = "This password is entirely numeric.";

/// Django's messages for `password` checked against `user`, empty when it
/// passes.
fn messages(password: &str, user: &UserAttributes<'_>) -> Vec<String> {
    match validate_password(password, user) {
        Ok(()) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn ada() -> UserAttributes<'static> {
    UserAttributes {
        username: "ada",
        email: "ada@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
    }
}

fn named(username: &'static str) -> UserAttributes<'static> {
    UserAttributes {
        username,
        ..Default::default()
    }
}

#[test]
fn a_password_under_8_characters_is_too_short() {
    assert_eq!(messages("Zx9!kq", &ada()), [TOO_SHORT]);
    assert_eq!(
        validate_password("Zx9!kq", &ada()),
        Err(vec![PasswordProblem::TooShort { min_length: 8 }])
    );
}

#[test]
fn length_counts_characters_not_bytes() {
    // 7 characters in 14 bytes; 10 characters in 14 bytes.
    assert_eq!(messages("éèêëēėę", &named("ada")), [TOO_SHORT]);
    assert_eq!(messages("ñandú ñoño", &named("ada")), Vec::<String>::new());
}

#[test]
fn a_password_like_the_username_is_too_similar_to_it() {
    assert_eq!(
        messages("ada.lovelace1", &named("ada.lovelace")),
        ["The password is too similar to the username."]
    );
}

#[test]
fn a_password_like_the_email_or_one_of_its_parts_is_too_similar_to_it() {
    let user = UserAttributes {
        username: "gh",
        email: "grace.hopper@navy.mil",
        ..Default::default()
    };
    assert_eq!(
        messages("hopper.grace", &user),
        ["The password is too similar to the email address."]
    );
    // Only the part `hopper` of the address is near this one.
    assert_eq!(
        messages("Hopper!!", &user),
        ["The password is too similar to the email address."]
    );
}

#[test]
fn a_password_like_the_first_or_last_name_is_too_similar_to_it() {
    let first = UserAttributes {
        username: "countess",
        first_name: "Augusta Ada",
        ..Default::default()
    };
    assert_eq!(
        messages("Augusta Ada", &first),
        ["The password is too similar to the first name."]
    );
    let last = UserAttributes {
        username: "countess",
        last_name: "Byron-King",
        ..Default::default()
    };
    assert_eq!(
        messages("byron-king", &last),
        ["The password is too similar to the last name."]
    );
}

#[test]
fn without_user_attributes_similarity_is_not_checked() {
    assert_eq!(
        messages("ada.lovelace", &UserAttributes::default()),
        Vec::<String>::new()
    );
}

#[test]
fn a_password_on_django_s_list_is_too_common() {
    assert_eq!(messages("iloveyou", &ada()), [TOO_COMMON]);
    assert_eq!(
        validate_password("iloveyou", &ada()),
        Err(vec![PasswordProblem::TooCommon])
    );
}

#[test]
fn the_common_list_is_matched_lowercased_and_stripped() {
    assert_eq!(messages("  PassWord1\t", &named("ada")), [TOO_COMMON]);
}

#[test]
fn a_password_of_digits_only_is_entirely_numeric() {
    assert_eq!(messages("739204816395", &named("ada")), [ENTIRELY_NUMERIC]);
    assert_eq!(
        validate_password("739204816395", &named("ada")),
        Err(vec![PasswordProblem::EntirelyNumeric])
    );
}

#[test]
fn digits_are_python_s_isdigit_in_every_script_but_not_fractions() {
    assert_eq!(messages("١٢٣٤٥٦٧٨٩٠", &named("ada")), [ENTIRELY_NUMERIC]);
    assert_eq!(messages("²³¹⁰⁴⁵⁶⁷⁸⁹", &named("ada")), [ENTIRELY_NUMERIC]);
    assert_eq!(messages("½⅓¼⅕⅙⅛⅔¾", &named("ada")), Vec::<String>::new());
}

#[test]
fn every_failing_validator_is_reported_at_once_in_django_s_order() {
    assert_eq!(
        messages("123456", &named("123456")),
        [
            "The password is too similar to the username.",
            TOO_SHORT,
            TOO_COMMON,
            ENTIRELY_NUMERIC
        ]
    );
    assert_eq!(
        validate_password("123456", &named("123456")),
        Err(vec![
            PasswordProblem::TooSimilar {
                attribute: "username"
            },
            PasswordProblem::TooShort { min_length: 8 },
            PasswordProblem::TooCommon,
            PasswordProblem::EntirelyNumeric,
        ])
    );
}

#[test]
fn a_user_s_own_attributes_are_the_ones_compared() {
    let user = User {
        id: 1,
        password: String::new(),
        last_login: None,
        is_superuser: false,
        username: "ada.lovelace".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: "ada@example.com".into(),
        is_staff: false,
        is_active: true,
        date_joined: Utc::now(),
    };
    let attributes = UserAttributes::from(&user);
    assert_eq!(attributes, UserAttributes::of(&user));
    assert_eq!(
        (
            attributes.username,
            attributes.email,
            attributes.first_name,
            attributes.last_name
        ),
        ("ada.lovelace", "ada@example.com", "Ada", "Lovelace")
    );
    assert_eq!(
        validate_password("lovelace", &attributes),
        Err(vec![PasswordProblem::TooSimilar {
            attribute: "username"
        }])
    );
}

#[test]
fn a_long_hostile_password_is_checked_without_trouble() {
    let password = "ä\u{0}1".repeat(100_000);
    let email = "x.".repeat(50_000);
    let user = UserAttributes {
        username: "ada",
        email: &email,
        ..Default::default()
    };
    assert_eq!(validate_password(&password, &user), Ok(()));
}
