//! The user and password of a server URL: found wherever they sit, encoded
//! so that the driver reads the password it was given, and kept out of
//! every message.
//!
//! The user and password end at the URL's last `@`: a password may hold
//! any character, `@`, `:`, `/`, `?` and `#` included, raw or
//! percent-encoded. An `@` anywhere after the host (in a query value) must
//! be written `%40`, or the text before it is taken for the password.
//! Query parameters whose name holds `pass` (`password`, `sslpassword`,
//! ...) are passwords too.

/// A server URL cut at its credentials: `scheme://userinfo@rest`.
struct Parts<'a> {
    scheme: &'a str,
    userinfo: Option<&'a str>,
    rest: &'a str,
}

impl<'a> Parts<'a> {
    fn of(url: &'a str) -> Option<Parts<'a>> {
        let (scheme, after) = url.split_once("://")?;
        Some(match after.rfind('@') {
            Some(at) => Parts {
                scheme,
                userinfo: Some(&after[..at]),
                rest: &after[at + 1..],
            },
            None => Parts {
                scheme,
                userinfo: None,
                rest: after,
            },
        })
    }

    /// The user and, after the first `:`, the password, as written.
    fn user_password(&self) -> Option<(&'a str, Option<&'a str>)> {
        let userinfo = self.userinfo?;
        Some(match userinfo.split_once(':') {
            Some((user, password)) => (user, Some(password)),
            None => (userinfo, None),
        })
    }
}

/// `url` with its user and password percent-encoded wherever a driver would
/// read a character of them as a delimiter (`@`, `/`, `?`, `#`, a `%` that
/// starts no escape, spaces, anything not ASCII): the driver then reads
/// the password written, never part of it as a host or a port, whose
/// error message would show it. Escapes already there are kept.
pub(super) fn encode_credentials(url: &str) -> String {
    let Some(parts) = Parts::of(url) else {
        return url.to_owned();
    };
    let Some((user, password)) = parts.user_password() else {
        return url.to_owned();
    };
    let mut out = format!("{}://{}", parts.scheme, encode(user));
    if let Some(password) = password {
        out.push(':');
        out.push_str(&encode(password));
    }
    out.push('@');
    out.push_str(parts.rest);
    out
}

/// `text` with every byte that is not unreserved, a sub-delimiter or part of
/// a `%XX` escape written as `%XX`.
fn encode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let kept = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:".contains(&byte)
            || (byte == b'%' && is_escape(bytes.get(i + 1..i + 3)));
        if kept {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn is_escape(digits: Option<&[u8]>) -> bool {
    digits.is_some_and(|d| d.iter().all(u8::is_ascii_hexdigit))
}

/// `text` with its `%XX` escapes decoded (a `%` that starts none is kept).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `url` with its password, and the value of any password query
/// parameter, replaced by `***`.
pub(super) fn redact(url: &str) -> String {
    let Some(parts) = Parts::of(url) else {
        return redact_parameters(url);
    };
    let credentials = match parts.user_password() {
        None => String::new(),
        Some((user, Some(_))) => format!("{}:***@", redact_parameters(user)),
        // A user alone, or, with an `@` only in the query, the host and
        // path: its parameters may be passwords.
        Some((user, None)) => format!("{}@", redact_parameters(user)),
    };
    format!(
        "{}://{credentials}{}",
        parts.scheme,
        redact_parameters(parts.rest)
    )
}

/// Whether a query parameter named `name` holds a password.
fn is_password_parameter(name: &str) -> bool {
    decode(name).to_ascii_lowercase().contains("pass")
}

/// `text` with the value of each `name=value` after a `?` or `&` whose name
/// holds `pass` replaced by `***`, up to the next `&`.
fn redact_parameters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_separator = false;
    for piece in text.split_inclusive(['?', '&']) {
        let (body, separator) = match piece.char_indices().last() {
            Some((i, c)) if c == '?' || c == '&' => (&piece[..i], &piece[i..]),
            _ => (piece, ""),
        };
        match body.split_once('=') {
            Some((name, _)) if after_separator && is_password_parameter(name) => {
                out.push_str(name);
                out.push_str("=***");
            }
            _ => out.push_str(body),
        }
        out.push_str(separator);
        after_separator = !separator.is_empty();
    }
    out
}

/// Every form in which `url`'s passwords could reach a message: as
/// written and percent-decoded, the password of the credentials and the
/// value of each password query parameter. Longest first.
fn secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut add = |text: &str| {
        for form in [text.to_owned(), decode(text)] {
            if !form.is_empty() && !found.contains(&form) {
                found.push(form);
            }
        }
    };
    let (user_part, rest) = match Parts::of(url) {
        Some(parts) => match parts.user_password() {
            Some((user, password)) => {
                if let Some(password) = password {
                    add(password);
                }
                (user, parts.rest)
            }
            None => ("", parts.rest),
        },
        None => ("", url),
    };
    for text in [user_part, rest] {
        let mut after_separator = false;
        for piece in text.split_inclusive(['?', '&']) {
            let body = piece.trim_end_matches(['?', '&']);
            if let Some((name, value)) = body.split_once('=') {
                if after_separator && is_password_parameter(name) {
                    add(value);
                }
            }
            after_separator = piece.ends_with(['?', '&']);
        }
    }
    found.sort_by_key(|s| std::cmp::Reverse(s.len()));
    found
}

/// The shortest password text replaced within a message; a message holding
/// a shorter one is withheld whole, as `***` in every word would garble it.
const SHORTEST_REPLACED: usize = 4;

/// A driver's `message` about `url`, without the URL's text (replaced by
/// its redacted form) or any of its passwords.
pub(super) fn scrub(message: &str, url: &str) -> String {
    let mut message = message.replace(url, &redact(url));
    for secret in secrets(url) {
        if !message.contains(&secret) {
            continue;
        }
        if secret.len() < SHORTEST_REPLACED {
            return "the driver's message is not shown, as it holds text of the password".to_owned();
        }
        message = message.replace(&secret, "***");
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_ends_at_the_last_at_sign() {
        assert_eq!(
            redact("postgres://app:p@ss@host/db"),
            "postgres://app:***@host/db"
        );
        assert_eq!(
            redact("mysql://app:a/b?c#d:e%zz@host:3306/db"),
            "mysql://app:***@host:3306/db"
        );
        assert_eq!(redact("postgres://app@host/db"), "postgres://app@host/db");
        assert_eq!(redact("postgres://host/db"), "postgres://host/db");
    }

    #[test]
    fn password_parameters_are_redacted() {
        assert_eq!(
            redact("postgres://host/db?user=app&password=s3cret&sslmode=disable"),
            "postgres://host/db?user=app&password=***&sslmode=disable"
        );
        assert_eq!(
            redact("postgres://host/db?sslpassword=x#y&pass%77ord=z"),
            "postgres://host/db?sslpassword=***&pass%77ord=***"
        );
        // An `@` in the query: the host is hidden too, never the password shown.
        assert_eq!(
            redact("postgres://host/db?password=x@y"),
            "postgres://host/db?password=***@y"
        );
    }

    #[test]
    fn credentials_are_encoded_for_the_driver() {
        assert_eq!(
            encode_credentials("postgres://app:p@ss/w?rd#%41%zz é@host/db?x=1"),
            "postgres://app:p%40ss%2Fw%3Frd%23%41%25zz%20%C3%A9@host/db?x=1"
        );
        assert_eq!(encode_credentials("postgres://host/db"), "postgres://host/db");
        assert_eq!(encode_credentials("mysql://a:b@h/d"), "mysql://a:b@h/d");
    }

    #[test]
    fn every_form_of_a_password_is_scrubbed() {
        let url = "postgres://app:p%40ss%00word@host/db?password=other%20one";
        let message =
            "forbidden value %00 in percent-encoded value: \"p%40ss%00word\"; p@ss\0word; other one";
        let scrubbed = scrub(message, url);
        assert!(
            !scrubbed.contains("ss%00word") && !scrubbed.contains("other"),
            "{scrubbed}"
        );
        assert_eq!(
            scrub("bad: p", "postgres://app:p@host/db"),
            "the driver's message is not shown, as it holds text of the password"
        );
        assert_eq!(scrub("refused", "postgres://app:p@host/db"), "refused");
    }
}
