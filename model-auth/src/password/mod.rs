//! Passwords: hashed with Argon2id, checked in constant time, and Django's
//! own hashes still accepted (and replaced at the next login).
//!
//! A hash is stored self-describing, as Django stores it:
//! `argon2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, the algorithm, its
//! parameters and a 128-bit random salt. Django's `pbkdf2_sha256$...`
//! hashes verify too, so users copied from a Django database keep their
//! passwords; [`verify`] says when a stored hash should be replaced.
//!
//! ```
//! use model_auth::password::{make_password, verify, Verified};
//!
//! let stored = make_password("correct horse battery staple");
//! assert!(stored.starts_with("argon2$argon2id$v=19$m=19456,t=2,p=1$"));
//! assert_eq!(verify("correct horse battery staple", &stored), Ok(Verified { needs_rehash: false }));
//! assert!(verify("Tr0ub4dor&3", &stored).is_err());
//! ```
//!
//! Before a password is set, [`validate_password`] checks it as Django's
//! four default validators do, reporting every problem with Django's
//! message:
//!
//! ```
//! use model_auth::password::{validate_password, PasswordProblem, UserAttributes};
//!
//! let ada = UserAttributes { username: "ada.lovelace", email: "ada@example.com", ..Default::default() };
//! assert_eq!(validate_password("analytical engine notes", &ada), Ok(()));
//! let problems = validate_password("lovelace", &ada).unwrap_err();
//! assert_eq!(problems, [PasswordProblem::TooSimilar { attribute: "username" }]);
//! assert_eq!(problems[0].to_string(), "The password is too similar to the username.");
//! ```

mod argon2id;
mod django_pbkdf2;
mod error;
mod validation;

pub use self::argon2id::HashParams;
pub use self::error::PasswordError;
pub use self::validation::{validate_password, PasswordProblem, UserAttributes};

/// What a stored password that matched says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The hash is of another algorithm, or weaker parameters, than
    /// [`make_password`] uses now: store a new one while the password is at
    /// hand, as [`authenticate`](crate::authenticate) does.
    pub needs_rehash: bool,
}

/// What a password that cannot match starts with: Django's
/// `UNUSABLE_PASSWORD_PREFIX`.
pub const UNUSABLE_PASSWORD_PREFIX: &str = "!";

/// The stored form of `raw`: Argon2id with OWASP's parameters (19 MiB,
/// 2 iterations, 1 lane) and a fresh random salt.
///
/// # Panics
///
/// When the operating system has no random numbers to give, which no
/// password should be hashed without.
pub fn make_password(raw: &str) -> String {
    argon2id::hash(raw)
}

/// Checks `raw` against the `stored` hash, in constant time for a hash of
/// a given algorithm and parameters.
///
/// # Errors
///
/// [`PasswordError::Mismatch`] for a wrong password;
/// [`PasswordError::Unusable`] for a password no one can log in with;
/// [`PasswordError::Malformed`] for a hash this crate cannot read, naming
/// what is wrong, never the hash itself.
pub fn verify(raw: &str, stored: &str) -> Result<Verified, PasswordError> {
    if stored.is_empty() || stored.starts_with(UNUSABLE_PASSWORD_PREFIX) {
        return Err(PasswordError::Unusable);
    }
    match stored.split_once('$') {
        // The PHC string keeps its own leading `$`.
        Some(("argon2", _)) => argon2id::verify(raw, &stored["argon2".len()..]),
        Some(("pbkdf2_sha256", rest)) => {
            django_pbkdf2::verify(raw, rest).map(|()| Verified { needs_rehash: true })
        }
        Some((algorithm, _)) => Err(PasswordError::Malformed(format!(
            "unknown password hash algorithm `{}`",
            algorithm.escape_debug()
        ))),
        None => Err(PasswordError::Malformed(
            "no `$` separates the algorithm from the hash".into(),
        )),
    }
}

/// Whether `raw` matches `stored`: [`verify`] without the reason.
pub fn check_password(raw: &str, stored: &str) -> bool {
    verify(raw, stored).is_ok()
}

/// A stored password that matches nothing, for a user who must not log in
/// with a password (Django's `set_unusable_password`): `!` and 40 random
/// characters, so two such users' rows still differ.
pub fn make_unusable_password() -> String {
    format!("{UNUSABLE_PASSWORD_PREFIX}{}", crate::random::hex(20))
}

/// Whether someone could log in with some password against `stored`.
pub fn is_usable(stored: &str) -> bool {
    !stored.is_empty() && !stored.starts_with(UNUSABLE_PASSWORD_PREFIX)
}

/// The parameters a stored Argon2 hash was made with, read back from it;
/// `None` for another algorithm or a hash that cannot be read.
///
/// ```
/// let stored = model_auth::password::make_password("s3cret-enough");
/// let params = model_auth::password::argon2_params(&stored).unwrap();
/// assert_eq!((params.memory_kib, params.iterations, params.lanes), (19_456, 2, 1));
/// ```
pub fn argon2_params(stored: &str) -> Option<HashParams> {
    argon2id::params(stored.strip_prefix("argon2")?)
}
