//! Why a password did not verify.

/// Why [`verify`](super::verify) refused a password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// The password is not the one the hash was made from.
    #[error("the password does not match")]
    Mismatch,
    /// The stored password is one no one can log in with.
    #[error("the user has no usable password")]
    Unusable,
    /// The stored hash cannot be read.
    #[error("the stored password hash cannot be read: {0}")]
    Malformed(String),
}
