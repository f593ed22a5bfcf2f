//! Session keys: made from the operating system's generator, and checked
//! before a key a client sent reaches the database.

/// How many characters a key of this crate has: 128 random bits in
/// lowercase hexadecimal.
pub(crate) const KEY_LENGTH: usize = 32;

/// The longest key the `session_key` column holds.
const MAX_KEY_LENGTH: usize = 40;

/// A new key: 128 bits from the operating system, 32 lowercase hex digits.
pub(crate) fn new_key() -> String {
    crate::random::hex(KEY_LENGTH / 2)
}

/// Whether `key` could be a session key at all: 32 to 40 lowercase ASCII
/// letters and digits (this crate's keys, and Django's, which are 32 of
/// `[a-z0-9]`).
///
/// Anything else is refused before any query, not only to save a round
/// trip: PostgreSQL refuses a NUL in text with an error, and MariaDB's
/// collations compare `"abc "` equal to `"abc"`, so a key with trailing
/// spaces, or in capitals under a case-insensitive collation, could
/// otherwise find a row that is not its own.
pub(crate) fn is_well_formed(key: &str) -> bool {
    (KEY_LENGTH..=MAX_KEY_LENGTH).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_are_well_formed_and_differ() {
        let (a, b) = (new_key(), new_key());
        assert!(is_well_formed(&a) && is_well_formed(&b));
        assert_eq!(a.len(), KEY_LENGTH);
        assert_ne!(a, b);
    }

    #[test]
    fn hostile_keys_are_not_well_formed() {
        let long = "a".repeat(10_000);
        let hostile = [
            "",
            "short",
            long.as_str(),
            "0123456789abcdef0123456789abcdeF",
            "0123456789abcdef0123456789abcde ",
            "0123456789abcdef0123456789abcd'\"",
            "0123456789abcdef0123456789abcde\0",
            "0123456789abcdef0123456789abcdé",
        ];
        for key in hostile {
            assert!(!is_well_formed(key), "{key:?}");
        }
    }
}
