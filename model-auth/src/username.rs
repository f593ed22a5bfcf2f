//! What a username may hold.

/// Django's `UnicodeUsernameValidator`: letters, digits and `@ . + - _`,
/// the rule `User.username` is validated with before any SQL.
///
/// ```
/// assert!(model_auth::validate_username("ada.lovelace+admin@example").is_ok());
/// assert!(model_auth::validate_username("ada lovelace").is_err());
/// ```
pub fn validate_username(username: &str) -> Result<(), String> {
    match username
        .chars()
        .all(|c| c.is_alphanumeric() || "@.+-_".contains(c))
    {
        true => Ok(()),
        false => Err(
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
                .into(),
        ),
    }
}
