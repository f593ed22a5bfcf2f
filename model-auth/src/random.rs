//! Random bytes from the operating system's generator, for salts and
//! session keys.

/// `N` random bytes.
///
/// # Panics
///
/// When the operating system gives none: nothing secret should be made
/// without them.
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .unwrap_or_else(|error| panic!("the operating system gave no random bytes: {error}"));
    out
}

/// `n` random bytes as `2n` lowercase hexadecimal digits.
pub(crate) fn hex(n: usize) -> String {
    use std::fmt::Write;

    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .unwrap_or_else(|error| panic!("the operating system gave no random bytes: {error}"));
    bytes.iter().fold(String::with_capacity(2 * n), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
