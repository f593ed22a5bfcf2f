//! Django's four default password validators, in the order of Django's
//! `AUTH_PASSWORD_VALIDATORS`, each failure reported.

mod common;
mod numeric;
mod similarity;

use crate::User;

/// Django's `MinimumLengthValidator` default.
const MIN_LENGTH: usize = 8;

/// The user a password is checked against, for Django's
/// `UserAttributeSimilarityValidator`. An empty attribute is not compared;
/// [`UserAttributes::default()`] compares none, as Django does without a
/// user.
///
/// ```
/// use model_auth::password::UserAttributes;
///
/// let user = UserAttributes { username: "ada", email: "ada@example.com", ..Default::default() };
/// assert_eq!(user.first_name, "");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UserAttributes<'a> {
    /// `User.username`.
    pub username: &'a str,
    /// `User.email`.
    pub email: &'a str,
    /// `User.first_name`.
    pub first_name: &'a str,
    /// `User.last_name`.
    pub last_name: &'a str,
}

impl<'a> UserAttributes<'a> {
    /// The attributes of a stored or new [`User`].
    pub fn of(user: &'a User) -> Self {
        Self {
            username: &user.username,
            email: &user.email,
            first_name: &user.first_name,
            last_name: &user.last_name,
        }
    }

    /// Django's `DEFAULT_USER_ATTRIBUTES` in its order, each with the
    /// field's verbose name that its message uses.
    fn named(&self) -> [(&'static str, &'a str); 4] {
        [
            ("username", self.username),
            ("first name", self.first_name),
            ("last name", self.last_name),
            ("email address", self.email),
        ]
    }
}

impl<'a> From<&'a User> for UserAttributes<'a> {
    fn from(user: &'a User) -> Self {
        Self::of(user)
    }
}

/// Why a password was refused, with Django's message as its `Display`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordProblem {
    /// Fewer characters (not bytes) than `min_length`.
    #[error(
        "This password is too short. It must contain at least {min_length} character{}.",
        if *min_length == 1 { "" } else { "s" }
    )]
    TooShort {
        /// The fewest characters a password may have.
        min_length: usize,
    },
    /// Too close to one of the user's attributes: `"username"`,
    /// `"first name"`, `"last name"` or `"email address"`.
    #[error("The password is too similar to the {attribute}.")]
    TooSimilar {
        /// The attribute's verbose name, as Django's message has it.
        attribute: &'static str,
    },
    /// On the list of common passwords Django ships.
    #[error("This password is too common.")]
    TooCommon,
    /// Made only of digits.
    #[error("This password is entirely numeric.")]
    EntirelyNumeric,
}

/// Checks `password` with Django's four default validators, in Django's
/// order: similarity to the user's username, first and last name and email
/// (the first too close one is named), at least 8 characters, not one of
/// Django's 19,640 common passwords, not all digits.
///
/// # Errors
///
/// Every problem found, not only the first, so a user can fix them all
/// at once.
///
/// ```
/// use model_auth::password::{validate_password, PasswordProblem, UserAttributes};
///
/// let ada = UserAttributes { username: "ada", email: "ada@example.com", ..Default::default() };
/// assert_eq!(validate_password("correct horse battery staple", &ada), Ok(()));
///
/// let problems = validate_password("1234567", &ada).unwrap_err();
/// assert_eq!(
///     problems,
///     [PasswordProblem::TooShort { min_length: 8 }, PasswordProblem::TooCommon, PasswordProblem::EntirelyNumeric]
/// );
/// assert_eq!(problems[0].to_string(), "This password is too short. It must contain at least 8 characters.");
/// ```
pub fn validate_password(password: &str, user: &UserAttributes<'_>) -> Result<(), Vec<PasswordProblem>> {
    let mut problems = Vec::new();
    let lowercase: Vec<char> = password.to_lowercase().chars().collect();
    // Django raises at the first similar attribute: one message at most.
    if let Some((attribute, _)) = user
        .named()
        .into_iter()
        .find(|(_, value)| similarity::is_too_similar(&lowercase, value))
    {
        problems.push(PasswordProblem::TooSimilar { attribute });
    }
    if password.chars().count() < MIN_LENGTH {
        problems.push(PasswordProblem::TooShort {
            min_length: MIN_LENGTH,
        });
    }
    if common::is_common(password) {
        problems.push(PasswordProblem::TooCommon);
    }
    if numeric::is_entirely_numeric(password) {
        problems.push(PasswordProblem::EntirelyNumeric);
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems),
    }
}
