//! Text as a SQL string literal, by each backend's rules.
//!
//! The rules, per backend (a literal renders the text exactly, whatever the
//! session's settings, or is refused):
//!
//! - SQLite: `'...'` with quotes doubled; nothing else is special. A NUL
//!   is refused: SQLite reads SQL text only up to its first NUL.
//! - PostgreSQL: `'...'` with quotes doubled; a text holding a backslash is
//!   written `E'...'` with backslashes doubled too, which reads the same
//!   whether `standard_conforming_strings` is on or off. A NUL is refused:
//!   PostgreSQL's text cannot hold one.
//! - MySQL and MariaDB: `'...'` with quotes doubled when the text is
//!   printable ASCII without a backslash; any other text is written in
//!   hexadecimal, `X'...'` (see [`Dialect::text_literal`](super::Dialect::text_literal)
//!   on MySQL for why).

use std::fmt;

use crate::Backend;

/// A text no string literal of `backend` can hold.
///
/// ```
/// use model_runtime::{sql, Backend};
///
/// let error = sql::text_literal(Backend::Postgres, "a\0b").unwrap_err();
/// assert_eq!(error.to_string(), "PostgreSQL cannot hold a NUL character (\\0) in text");
/// assert_eq!(sql::text_literal(Backend::Mysql, "a\0b").unwrap(), "X'610062'");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiteralError {
    /// The backend refusing it.
    pub backend: Backend,
}

impl fmt::Display for LiteralError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} cannot hold a NUL character (\\0) in text", self.backend)
    }
}

impl std::error::Error for LiteralError {}

/// `text` as a string literal of `backend`, reading back as `text` exactly
/// whatever the session's settings (MySQL's `sql_mode`, PostgreSQL's
/// `standard_conforming_strings`); an error for a text the backend cannot
/// hold (a NUL, on SQLite and PostgreSQL).
///
/// ```
/// use model_runtime::{sql, Backend};
///
/// assert_eq!(sql::text_literal(Backend::Sqlite, r"it's C:\")?, r"'it''s C:\'");
/// assert_eq!(sql::text_literal(Backend::Postgres, r"it's C:\")?, r"E'it''s C:\\'");
/// assert_eq!(sql::text_literal(Backend::Mysql, "it's")?, "'it''s'");
/// assert_eq!(sql::text_literal(Backend::Mysql, r"C:\")?, "X'433A5C'");
/// # Ok::<(), model_runtime::sql::LiteralError>(())
/// ```
pub fn text_literal(backend: Backend, text: &str) -> Result<String, LiteralError> {
    super::dialect(backend).text_literal(text)
}

/// SQLite's literal: quotes doubled, a NUL refused.
pub(super) fn sqlite(text: &str) -> Result<String, LiteralError> {
    refuse_nul(Backend::Sqlite, text)?;
    Ok(super::string_literal(text))
}

/// PostgreSQL's literal: an escape string (`E'...'`) when the text holds a
/// backslash, since a plain one reads a backslash as an escape when
/// `standard_conforming_strings` is off.
pub(super) fn postgres(text: &str) -> Result<String, LiteralError> {
    refuse_nul(Backend::Postgres, text)?;
    if text.contains('\\') {
        Ok(format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "''")))
    } else {
        Ok(super::string_literal(text))
    }
}

/// MySQL's literal: plain for printable ASCII without a backslash, which
/// every `sql_mode` and connection character set reads alike, else
/// hexadecimal.
pub(super) fn mysql(text: &str) -> String {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'\\') {
        super::string_literal(text)
    } else {
        let mut hex = String::with_capacity(2 * text.len() + 3);
        hex.push_str("X'");
        for byte in text.bytes() {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        hex.push('\'');
        hex
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn refuse_nul(backend: Backend, text: &str) -> Result<(), LiteralError> {
    match text.contains('\0') {
        true => Err(LiteralError { backend }),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backend_refuses_only_what_it_cannot_hold() {
        assert!(sqlite("a\0").is_err() && postgres("a\0").is_err());
        assert_eq!(mysql("\0"), "X'00'");
        assert_eq!(sqlite("'); DROP TABLE x; --").unwrap(), "'''); DROP TABLE x; --'");
    }

    #[test]
    fn backslashes_never_reach_mysql_inside_quotes() {
        for text in [r"\", r"\'", "a\nb", "\t", "é", "%_"] {
            let literal = mysql(text);
            assert!(!literal.contains('\\'), "{literal}");
            assert!(literal.is_ascii());
        }
        assert_eq!(mysql("%_ ok'"), "'%_ ok'''");
        assert_eq!(mysql("é"), "X'C3A9'");
        assert_eq!(mysql(""), "''");
    }

    #[test]
    fn postgres_doubles_backslashes_only_in_escape_strings() {
        assert_eq!(postgres(r"\'").unwrap(), r"E'\\'''");
        assert_eq!(postgres("it's").unwrap(), "'it''s'");
    }
}
