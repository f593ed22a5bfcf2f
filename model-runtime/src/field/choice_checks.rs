//! What the derive checks at compile time of a field whose type has
//! choices: its `default` is one of them, its `max_length` fits them. Const
//! functions, evaluated where the derive puts them, on the attribute.

use std::borrow::Cow;

use super::FieldType;
use crate::schema::ChoiceValue;

/// Whether a text `default` is one of the field's choices, if it has any:
/// the derive's compile-time check.
pub const fn is_text_choice<T: FieldType>(default: &str) -> bool {
    let choices = T::CHOICES;
    let mut i = 0;
    while i < choices.len() {
        if let ChoiceValue::Text(Cow::Borrowed(value)) = &choices[i].value {
            if same_str(value, default) {
                return true;
            }
        }
        i += 1;
    }
    choices.is_empty()
}

/// Whether an integer `default` is one of the field's choices, if it has any.
pub const fn is_int_choice<T: FieldType>(default: i64) -> bool {
    let choices = T::CHOICES;
    let mut i = 0;
    while i < choices.len() {
        if let ChoiceValue::Int(value) = choices[i].value {
            if value == default {
                return true;
            }
        }
        i += 1;
    }
    choices.is_empty()
}

/// Whether every text choice of a field fits its `max_length` (Django's
/// check fields.E009).
pub const fn choices_fit<T: FieldType>(max_length: u32) -> bool {
    let choices = T::CHOICES;
    let mut i = 0;
    while i < choices.len() {
        if let ChoiceValue::Text(Cow::Borrowed(value)) = &choices[i].value {
            if char_count(value) > max_length as usize {
                return false;
            }
        }
        i += 1;
    }
    true
}

const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Characters of UTF-8 text: the bytes that do not continue a character.
const fn char_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut count) = (0, 0);
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            count += 1;
        }
        i += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_not_bytes() {
        assert_eq!(char_count("main"), 4);
        assert_eq!(char_count("crème brûlée"), 12);
        assert!(same_str("main", "main") && !same_str("main", "mains"));
    }
}
