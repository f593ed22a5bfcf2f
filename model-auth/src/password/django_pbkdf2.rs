//! Django's default hash, `pbkdf2_sha256$<iterations>$<salt>$<base64>`:
//! verified so that users adopted from a Django database keep their
//! passwords, never made (the next login replaces it with Argon2id).

use base64ct::{Base64, Encoding};
use subtle::ConstantTimeEq;

use super::PasswordError;

/// Django's own iterations have grown from 10,000 to over a million; more
/// than this is not a password hash but a way to stall the server.
const MAX_ITERATIONS: u32 = 100_000_000;

pub(super) fn verify(raw: &str, rest: &str) -> Result<(), PasswordError> {
    let malformed = |what: &str| PasswordError::Malformed(format!("pbkdf2_sha256: {what}"));
    let mut parts = rest.splitn(3, '$');
    let (Some(iterations), Some(salt), Some(expected)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed("expected `pbkdf2_sha256$<iterations>$<salt>$<hash>`"));
    };
    let iterations: u32 = iterations
        .parse()
        .ok()
        .filter(|n| (1..=MAX_ITERATIONS).contains(n))
        .ok_or_else(|| malformed("the iterations are not a number from 1 to 100000000"))?;
    if salt.contains('$') {
        return Err(malformed("the salt holds a `$`"));
    }
    let expected = Base64::decode_vec(expected).map_err(|_| malformed("the hash is not base64"))?;
    if expected.len() != 32 {
        return Err(malformed("the hash is not 32 bytes"));
    }
    let mut actual = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(raw.as_bytes(), salt.as_bytes(), iterations, &mut actual);
    match bool::from(actual.ct_eq(expected.as_slice())) {
        true => Ok(()),
        false => Err(PasswordError::Mismatch),
    }
}
