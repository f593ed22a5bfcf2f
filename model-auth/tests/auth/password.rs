//! Password hashes: ours read back, Django's accepted and upgraded, and
//! nothing a database could hold makes `verify` panic.
//!
//! The Django hashes below were made by Django 5.2.19 with argon2-cffi
//! 25.1.0, from PyPI, by `django_vectors.py` beside this file (its
//! docstring gives the commands; every salt is fixed, so it prints these
//! same strings again). `OURS_CHECKED_BY_DJANGO` went the other way: made
//! by `make_password`, then accepted by Django with
//! `django_vectors.py check 'correct horse battery staple' '<hash>'`
//! (and a wrong password refused).

mod validation;

use base64ct::{Base64Unpadded, Encoding};
use model_auth::password::{
    argon2_params, check_password, is_usable, make_password, make_unusable_password, verify, HashParams,
    PasswordError, Verified,
};
use proptest::prelude::*;

const PASSWORD: &str = "correct horse battery staple";

/// Django's `pbkdf2_sha256` at 1,000 iterations, so the test is quick.
const PBKDF2_FAST: &str = "pbkdf2_sha256$1000$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=";

/// The same of `"pässwörd ünïcödé ☃"`: both sides hash the UTF-8 bytes.
const PBKDF2_UNICODE: &str =
    "pbkdf2_sha256$1000$salt4unicode0000$fD18jxlcQ+6RqLgUT38NO7ivKMgYIDyMAeE9XsLRF1E=";
const UNICODE_PASSWORD: &str = "pässwörd ünïcödé ☃";

/// Django 5.2's default: 1,000,000 iterations.
const PBKDF2_DEFAULT: &str =
    "pbkdf2_sha256$1000000$djangodefault000$6dVefcVSD3rCQAOuVtiy0hgXX1T8XlNX+kx44a3ovDs=";

/// Django's `Argon2PasswordHasher` with its defaults (100 MiB, 2 passes,
/// 8 lanes): more than OWASP's minimum.
const ARGON2_DJANGO: &str =
    "argon2$argon2id$v=19$m=102400,t=2,p=8$YXJnb24yZGphbmdvc2FsdA$31hZJI00f6NTYiCqvl1aaLpHa87bwYd4k5mBLCmSjOs";

/// Django's argon2 hasher at 8 MiB and 1 pass: less than OWASP's.
const ARGON2_WEAK: &str =
    "argon2$argon2id$v=19$m=8192,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA";

/// argon2-cffi's Argon2id at our parameters but version 16 (0x10).
const ARGON2_V16: &str =
    "argon2$argon2id$v=16$m=19456,t=2,p=1$YXJnb24ydjE2c2FsdDAwMA$vo/lTmhEj4X6ISLy2aGJQ+GxH4SlK96avxyQJINxbRk";

/// Made by `make_password(PASSWORD)`; Django's `check_password` accepts it.
const OURS_CHECKED_BY_DJANGO: &str =
    "argon2$argon2id$v=19$m=19456,t=2,p=1$/F7Gi/gYqZazZvQJQxytgQ$Se6TaXD3nX/LChL/3X6iEwQMRDDe9o4g+nca9jQM9vE";

fn is_malformed(result: Result<Verified, PasswordError>) -> bool {
    matches!(result, Err(PasswordError::Malformed(_)))
}

#[test]
fn a_new_hash_reads_back_owasp_parameters_and_a_16_byte_salt() {
    let stored = make_password(PASSWORD);
    assert_eq!(
        argon2_params(&stored),
        Some(HashParams {
            memory_kib: 19_456,
            iterations: 2,
            lanes: 1
        })
    );
    // argon2$argon2id$v=19$m=...$<salt>$<hash>
    let fields: Vec<&str> = stored.split('$').collect();
    assert_eq!(fields[..4], ["argon2", "argon2id", "v=19", "m=19456,t=2,p=1"]);
    assert_eq!(
        Base64Unpadded::decode_vec(fields[4]).map(|salt| salt.len()),
        Ok(16)
    );
    assert_eq!(
        Base64Unpadded::decode_vec(fields[5]).map(|hash| hash.len()),
        Ok(32)
    );
}

#[test]
fn parameters_read_back_from_django_hashes_and_not_from_other_algorithms() {
    assert_eq!(
        argon2_params(ARGON2_DJANGO),
        Some(HashParams {
            memory_kib: 102_400,
            iterations: 2,
            lanes: 8
        })
    );
    assert_eq!(argon2_params(PBKDF2_FAST), None);
    assert_eq!(argon2_params("argon2$not a phc string"), None);
}

#[test]
fn two_hashes_of_one_password_differ_by_their_salt_and_both_verify() {
    let (first, second) = (make_password(PASSWORD), make_password(PASSWORD));
    assert_ne!(first, second);
    for stored in [&first, &second] {
        assert_eq!(verify(PASSWORD, stored), Ok(Verified { needs_rehash: false }));
    }
}

#[test]
fn a_hash_of_ours_that_django_accepted_verifies_without_rehash() {
    assert_eq!(
        verify(PASSWORD, OURS_CHECKED_BY_DJANGO),
        Ok(Verified { needs_rehash: false })
    );
}

#[test]
fn django_pbkdf2_hashes_verify_and_ask_to_be_rehashed() {
    assert_eq!(verify(PASSWORD, PBKDF2_FAST), Ok(Verified { needs_rehash: true }));
    assert_eq!(
        verify(UNICODE_PASSWORD, PBKDF2_UNICODE),
        Ok(Verified { needs_rehash: true })
    );
}

#[test]
fn a_django_pbkdf2_hash_at_its_default_million_iterations_verifies() {
    assert_eq!(
        verify(PASSWORD, PBKDF2_DEFAULT),
        Ok(Verified { needs_rehash: true })
    );
}

#[test]
fn a_django_argon2_hash_stronger_than_ours_verifies_and_is_kept() {
    assert_eq!(
        verify(PASSWORD, ARGON2_DJANGO),
        Ok(Verified { needs_rehash: false })
    );
}

#[test]
fn an_argon2_hash_weaker_than_owasp_asks_to_be_rehashed() {
    assert_eq!(verify(PASSWORD, ARGON2_WEAK), Ok(Verified { needs_rehash: true }));
}

#[test]
fn an_argon2_hash_of_version_16_asks_to_be_rehashed() {
    assert_eq!(verify(PASSWORD, ARGON2_V16), Ok(Verified { needs_rehash: true }));
}

#[test]
fn wrong_passwords_are_refused_as_mismatch() {
    let ours = make_password(PASSWORD);
    for stored in [
        ours.as_str(),
        OURS_CHECKED_BY_DJANGO,
        PBKDF2_FAST,
        PBKDF2_UNICODE,
        ARGON2_DJANGO,
        ARGON2_WEAK,
        ARGON2_V16,
    ] {
        for wrong in [
            "",
            "correct horse battery stapl",
            "Correct horse battery staple",
            "pässwörd ünïcödé",
        ] {
            assert_eq!(
                verify(wrong, stored),
                Err(PasswordError::Mismatch),
                "{wrong:?} against {stored}"
            );
            assert!(!check_password(wrong, stored));
        }
    }
}

#[test]
fn malformed_hashes_are_refused_as_malformed() {
    let cases = [
        "argon2",
        "no dollar sign at all",
        "md5$salt$5f4dcc3b5aa765d61d8327deb882cf99",
        "bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuv",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        // Truncated.
        "argon2$argon2id$v=19$m=19456,t=2,p=1$YXJnb24yd2Vha3NhbHQwMA",
        "argon2$argon2id$v=19$m=19456,t=2",
        "argon2$",
        "pbkdf2_sha256$1000$pepper0123456789",
        "pbkdf2_sha256$1000",
        "pbkdf2_sha256$",
        "pbkdf2_sha256$1000$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08V",
        // Not base64.
        "pbkdf2_sha256$1000$pepper0123456789$not*base64*at*all*not*base64*at*all*not*base6",
        "argon2$argon2id$v=19$m=19456,t=2,p=1$!!!!notbase64!!!!$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        // Iterations: none, zero, negative, huge, not a number.
        "pbkdf2_sha256$0$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        "pbkdf2_sha256$-1$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        "pbkdf2_sha256$$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        "pbkdf2_sha256$4294967296$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        "pbkdf2_sha256$100000001$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        "pbkdf2_sha256$1e3$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
        // A hash of another length than SHA-256's.
        "pbkdf2_sha256$1000$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA0CgF6RQ==",
        // Garbage PHC parameters.
        "argon2$argon2id$v=19$m=banana,t=2,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=19$m=1,t=0,p=0$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=19$x=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=42$m=8192,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2xx$v=19$m=8192,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=19$m=8192,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA$",
        "argon2$argon2id$v=19$m=8192,t=1,p=1$$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        // Escapes and characters no hash holds.
        "pbkdf2_sha256$1000$pepper\u{0}0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA\u{fffd}",
        "argon2$argon2id$v=19$m=8192,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA\u{0}$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2\u{fffd}$argon2id",
        "\u{202e}argon2$x",
        "pbkdf2_sha256$１０００$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=",
    ];
    for stored in cases {
        let result = verify(PASSWORD, stored);
        assert!(is_malformed(result.clone()), "{stored:?} gave {result:?}");
        assert!(!check_password(PASSWORD, stored));
    }
}

#[test]
fn an_argon2_hash_asking_for_the_server_s_memory_or_time_is_refused_unrun() {
    // Without the bounds, the first would ask for 4 GiB and the second
    // would take hours: a row written to stall every login.
    for stored in [
        "argon2$argon2id$v=19$m=4194304,t=1,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=19$m=19456,t=4294967295,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
        "argon2$argon2id$v=19$m=1048576,t=5,p=1$YXJnb24yd2Vha3NhbHQwMA$6q/OTMZGik+M4ItHoTL6YKkgAOyqR3Jymqs9BqDjPRA",
    ] {
        let result = verify(PASSWORD, stored);
        assert!(is_malformed(result.clone()), "{stored} gave {result:?}");
    }
}

#[test]
fn a_malformed_hash_s_error_names_the_fault_not_the_hash() {
    let stored = "pbkdf2_sha256$0$pepper0123456789$CgF6RSHeUfmgFuJrYgZKi2cp00b0BzDdhO/ROBl08VA=";
    let message = verify(PASSWORD, stored).unwrap_err().to_string();
    assert!(message.contains("iterations"), "{message}");
    assert!(!message.contains("CgF6RSHe"), "{message}");
    let message = verify(PASSWORD, "md5$salt$5f4dcc3b").unwrap_err().to_string();
    assert!(message.contains("`md5`"), "{message}");
}

#[test]
fn unusable_passwords_are_refused_whatever_is_typed() {
    let unusable = make_unusable_password();
    assert!(unusable.starts_with('!'));
    assert_ne!(unusable, make_unusable_password());
    // Django's own form, `!` and 40 random characters, and the hash of a
    // real password behind a `!`.
    let disabled = format!("!{}", make_password(PASSWORD));
    for stored in [
        unusable.as_str(),
        "!",
        "!8Lz2fNs3qW1vK0pX9mY7tR4eJ6hG5dC2bA1nM0lK",
        &disabled,
        "",
    ] {
        assert!(!is_usable(stored), "{stored:?}");
        for raw in [PASSWORD, "", stored] {
            assert_eq!(verify(raw, stored), Err(PasswordError::Unusable), "{stored:?}");
        }
    }
}

/// Stored strings that look like each algorithm's, with parameters kept
/// small so that the ones that do parse hash quickly.
fn stored_hash() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9_]{0,16}\\$.{0,80}",
        "argon2\\$.{0,100}",
        "argon2\\$argon2(id|i|d|x)?\\$v=(16|19|[0-9]{0,3})\\$m=[0-9]{0,4},t=[0-9],p=[0-9]\\$[A-Za-z0-9+/]{0,30}\\$[A-Za-z0-9+/=]{0,50}",
        "pbkdf2_sha256\\$[0-9+-]{0,4}\\$[^$]{0,20}\\$[A-Za-z0-9+/=]{0,48}",
        "pbkdf2_sha256\\$.{0,80}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn verify_never_panics_and_accepts_nothing_random(raw in ".{0,20}", stored in stored_hash()) {
        let result = verify(&raw, &stored);
        prop_assert!(result.is_err(), "{stored:?} accepted {raw:?}");
    }
}
