//! The checks `validate()` runs on one field, each returning Django's
//! message when the value fails it.

use crate::Decimal;

/// What an empty `String` gets unless its field is `#[field(blank)]`.
///
/// ```
/// use model_runtime::__private::check_blank;
/// assert_eq!(check_blank(), Err("This field cannot be blank.".to_string()));
/// ```
pub fn check_blank() -> Result<(), String> {
    Err("This field cannot be blank.".to_owned())
}

/// `max_length` counts characters, not bytes: 255 emoji fit in 255.
///
/// ```
/// use model_runtime::__private::check_max_length;
/// assert!(check_max_length(Some(&"🍋".repeat(255)), 255).is_ok());
/// assert_eq!(
///     check_max_length(Some(&"a".repeat(256)), 255).unwrap_err(),
///     "Ensure this value has at most 255 characters (it has 256)."
/// );
/// ```
pub fn check_max_length(text: Option<&str>, max_length: u32) -> Result<(), String> {
    let Some(text) = text else { return Ok(()) };
    let length = text.chars().count();
    if length > max_length as usize {
        return Err(format!(
            "Ensure this value has at most {max_length} characters (it has {length})."
        ));
    }
    Ok(())
}

/// A decimal fits `max_digits` and `decimal_places`, trailing zeros aside.
///
/// ```
/// use std::str::FromStr;
/// use model_runtime::Decimal;
/// use model_runtime::__private::check_decimal;
///
/// let ok = Decimal::from_str("9999.99").unwrap();
/// assert!(check_decimal(Some(&ok), 6, 2).is_ok());
/// let too_precise = Decimal::from_str("9.999").unwrap();
/// assert_eq!(
///     check_decimal(Some(&too_precise), 6, 2).unwrap_err(),
///     "Ensure that there are no more than 2 decimal places."
/// );
/// ```
pub fn check_decimal(value: Option<&Decimal>, max_digits: u32, decimal_places: u32) -> Result<(), String> {
    let Some(value) = value else { return Ok(()) };
    let (digits, decimals) = digits_and_decimals(value);
    let whole = digits - decimals;
    if digits > u64::from(max_digits) {
        return Err(format!(
            "Ensure that there are no more than {max_digits} digits in total."
        ));
    }
    if decimals > u64::from(decimal_places) {
        return Err(format!(
            "Ensure that there are no more than {decimal_places} decimal places."
        ));
    }
    let max_whole = u64::from(max_digits.saturating_sub(decimal_places));
    if whole > max_whole {
        return Err(format!(
            "Ensure that there are no more than {max_whole} digits before the decimal point."
        ));
    }
    Ok(())
}

/// Significant digits and digits after the point, as Django's
/// `DecimalValidator` counts them, after dropping trailing zeros.
fn digits_and_decimals(value: &Decimal) -> (u64, u64) {
    let normalized = value.normalized();
    let (mantissa, exponent) = normalized.as_bigint_and_exponent();
    let length = mantissa.magnitude().to_string().len() as u64;
    if exponent <= 0 {
        // An integer with `-exponent` trailing zeros.
        (length + exponent.unsigned_abs(), 0)
    } else {
        let decimals = exponent as u64;
        (length.max(decimals), decimals)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn counts(text: &str) -> (u64, u64) {
        digits_and_decimals(&Decimal::from_str(text).unwrap())
    }

    #[test]
    fn digits_are_counted_as_django_counts_them() {
        assert_eq!(counts("123.45"), (5, 2));
        assert_eq!(counts("0.001"), (3, 3));
        assert_eq!(counts("1000"), (4, 0));
        assert_eq!(counts("-9.90"), (2, 1));
        assert_eq!(counts("0"), (1, 0));
    }

    #[test]
    fn whole_digits_are_limited_by_the_places_kept_for_decimals() {
        let value = Decimal::from_str("12345").unwrap();
        let error = check_decimal(Some(&value), 6, 2).unwrap_err();
        assert!(error.contains("4 digits before the decimal point"), "{error}");
    }
}
