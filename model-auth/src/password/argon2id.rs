//! Argon2id, the hash new passwords get, in Django's `argon2$<PHC string>`
//! form, so Django itself could read it back.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use super::{PasswordError, Verified};

/// The parameters an Argon2 hash was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashParams {
    /// `m`: memory, in KiB.
    pub memory_kib: u32,
    /// `t`: passes over the memory.
    pub iterations: u32,
    /// `p`: lanes.
    pub lanes: u32,
}

/// OWASP's first choice: 19 MiB, 2 iterations, 1 lane.
const PARAMS: HashParams = HashParams {
    memory_kib: Params::DEFAULT_M_COST,
    iterations: Params::DEFAULT_T_COST,
    lanes: Params::DEFAULT_P_COST,
};

/// RFC 9106's heaviest recommendation, 2 GiB: a stored hash asking for
/// more memory is not a password hash but a way to exhaust the server's
/// memory at each login attempt.
const MAX_MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// Memory times passes, about a hundred times OWASP's (as the pbkdf2
/// iterations allow a hundred times Django's): more stalls the server.
const MAX_WORK: u64 = 4 * 1024 * 1024;

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

pub(super) fn hash(raw: &str) -> String {
    let salt = crate::random::bytes::<16>();
    let hash = hasher()
        .hash_password_with_salt(raw.as_bytes(), &salt)
        .unwrap_or_else(|error| panic!("Argon2id refused its own parameters: {error}"));
    format!("argon2{hash}")
}

pub(super) fn verify(raw: &str, phc: &str) -> Result<Verified, PasswordError> {
    let parsed = PasswordHash::new(phc).map_err(|e| PasswordError::Malformed(format!("argon2: {e}")))?;
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str())
        .map_err(|e| PasswordError::Malformed(format!("argon2: {e}")))?;
    let params = Params::try_from(&parsed).map_err(|e| PasswordError::Malformed(format!("argon2: {e}")))?;
    if parsed.hash.is_none() || parsed.salt.is_none() {
        return Err(PasswordError::Malformed("argon2: no salt or no hash".into()));
    }
    let (memory, passes) = (u64::from(params.m_cost()), u64::from(params.t_cost()));
    if memory > MAX_MEMORY_KIB || memory * passes > MAX_WORK {
        return Err(PasswordError::Malformed(format!(
            "argon2: m={memory},t={passes} asks for more than {MAX_MEMORY_KIB} KiB or {MAX_WORK} KiB passes"
        )));
    }
    // Version 0x10 is the one whose weakness 0x13 fixed; without `v=`, 0x13.
    let old_version = parsed.version.is_some_and(|v| v != u32::from(Version::V0x13));
    // The hash's own parameters check it; ours decide whether it is weak.
    match hasher().verify_password(raw.as_bytes(), &parsed) {
        Ok(()) => Ok(Verified {
            needs_rehash: algorithm != Algorithm::Argon2id
                || old_version
                || params.m_cost() < PARAMS.memory_kib
                || params.t_cost() < PARAMS.iterations
                || params.p_cost() < PARAMS.lanes,
        }),
        Err(argon2::password_hash::Error::PasswordInvalid) => Err(PasswordError::Mismatch),
        Err(error) => Err(PasswordError::Malformed(format!("argon2: {error}"))),
    }
}

pub(super) fn params(phc: &str) -> Option<HashParams> {
    let parsed = PasswordHash::new(phc).ok()?;
    let params = Params::try_from(&parsed).ok()?;
    Some(HashParams {
        memory_kib: params.m_cost(),
        iterations: params.t_cost(),
        lanes: params.p_cost(),
    })
}
