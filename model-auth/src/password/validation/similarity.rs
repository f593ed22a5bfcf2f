//! Django's `UserAttributeSimilarityValidator`: the password against each
//! of the user's attributes, whole and in parts, by `difflib`'s
//! `SequenceMatcher.quick_ratio()`.

use std::collections::HashMap;

/// Django's default `max_similarity`.
const MAX_SIMILARITY: f64 = 0.7;

/// Whether `password`, already lowercased, is too similar to `value` or to
/// one of its parts split on non-word characters.
pub(super) fn is_too_similar(password: &[char], value: &str) -> bool {
    // Django skips empty attributes; a part may still be empty (a value
    // ending in `.` splits into a last part `""`), as Python's `re.split`.
    if value.is_empty() {
        return false;
    }
    let value = value.to_lowercase();
    let too_similar = split_words(&value)
        .into_iter()
        .chain([value.as_str()])
        .map(|part| part.chars().collect::<Vec<char>>())
        .filter(|part| !exceeds_maximum_length_ratio(password, part))
        .any(|part| quick_ratio(password, &part) >= MAX_SIMILARITY);
    too_similar
}

/// Python's `\w` in a `str` pattern: letters, digits and `_`. (Python also
/// counts combining marks as separators; `char::is_alphanumeric` keeps the
/// ones Unicode calls alphabetic, so a word in, say, Devanagari stays one
/// part here.)
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python's `re.split(r"\W+", value)`: the pieces between runs of
/// non-word characters. A run is one separator, so only the first and the
/// last piece may be empty (before a leading run, after a trailing one);
/// `str::split` would also leave an empty piece inside every run.
fn split_words(value: &str) -> Vec<&str> {
    let pieces: Vec<&str> = value.split(|c: char| !is_word(c)).collect();
    match pieces.as_slice() {
        [first, middle @ .., last] => std::iter::once(*first)
            .chain(middle.iter().copied().filter(|piece| !piece.is_empty()))
            .chain([*last])
            .collect(),
        _ => pieces,
    }
}

/// Django's shortcut: a password ten times longer than the value (and the
/// value under `max_similarity / 2` of its length) can never reach the
/// ratio, so the comparison is skipped, and what it would cost with it.
fn exceeds_maximum_length_ratio(password: &[char], value: &[char]) -> bool {
    let pwd_len = password.len() as f64;
    let value_len = value.len() as f64;
    pwd_len >= 10.0 * value_len && value_len < MAX_SIMILARITY / 2.0 * pwd_len
}

/// `SequenceMatcher(a=a, b=b).quick_ratio()`: twice the characters the
/// two strings share (counted with repetition, in any order) over their
/// total length; `1.0` for two empty strings.
fn quick_ratio(a: &[char], b: &[char]) -> f64 {
    let mut available: HashMap<char, usize> = HashMap::new();
    for &c in b {
        *available.entry(c).or_default() += 1;
    }
    let mut matches = 0usize;
    for c in a {
        if let Some(n) = available.get_mut(c).filter(|n| **n > 0) {
            *n -= 1;
            matches += 1;
        }
    }
    let length = a.len() + b.len();
    match length {
        0 => 1.0,
        _ => 2.0 * matches as f64 / length as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_python_re_split_on_non_word_runs() {
        // re.split(r"\W+", ...) in Python 3.11.
        assert_eq!(
            split_words("ada.lovelace@example.com"),
            ["ada", "lovelace", "example", "com"]
        );
        assert_eq!(split_words("a..b"), ["a", "b"]);
        assert_eq!(split_words(".a."), ["", "a", ""]);
        assert_eq!(split_words("..a..b.."), ["", "a", "b", ""]);
        assert_eq!(split_words("..."), ["", ""]);
        assert_eq!(split_words("ab"), ["ab"]);
        assert_eq!(split_words("snake_case"), ["snake_case"]);
    }

    #[test]
    fn quick_ratio_counts_shared_characters_in_any_order() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        // SequenceMatcher(a=..., b=...).quick_ratio() in Python 3.11.
        assert_eq!(quick_ratio(&chars("abcd"), &chars("dcba")), 1.0);
        assert_eq!(quick_ratio(&chars("aab"), &chars("abb")), 2.0 * 2.0 / 6.0);
        assert_eq!(quick_ratio(&chars(""), &chars("")), 1.0);
        assert_eq!(quick_ratio(&chars("abc"), &chars("")), 0.0);
    }
}
