//! Django's `CommonPasswordValidator` and the list it ships.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The 19,640 passwords of Django's
/// `django/contrib/auth/common-passwords.txt.gz` (Django 5.2, BSD-3-Clause,
/// Copyright (c) Django Software Foundation and individual contributors),
/// unzipped: Royce Williams' list of common passwords, lowercased and
/// deduplicated, one a line.
const LIST: &str = include_str!("../common-passwords.txt");

fn passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().map(python_strip).collect())
}

/// Whether `password`, lowercased and stripped as Django does, is on the list.
pub(super) fn is_common(password: &str) -> bool {
    passwords().contains(python_strip(&password.to_lowercase()))
}

/// Python's `str.strip()`: Unicode whitespace, and the four ASCII
/// separators `\x1c`..`\x1f` that Python counts as whitespace and Rust
/// does not.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}
