//! Any text read as a `.env` file gives variables or an error, never a
//! panic, and the error shows no value.
//!
//! Read: every key is a variable name (letters, digits, `_`, `.`, `-`) and
//! every value is a piece of the text. Refused: the error is `line N: `,
//! N a line of the text that is neither blank nor a comment, then one of
//! the fixed messages, or one naming the key of line N in backticks, a
//! variable name that line starts with, before its `=`: nothing else of
//! the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_runtime::Settings;

const FIXED: &[&str] = &[
    "expected KEY=VALUE (the line is not shown: it may hold a secret)",
    "the text before `=` is not a variable name (letters, digits, `_`, `.`, `-`)",
];

fn is_name(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fuzz_target!(|text: &str| {
    match Settings::parse_env_text(text) {
        Ok(values) => {
            for (key, value) in &values {
                assert!(is_name(key), "{key:?}");
                assert!(text.contains(value.as_str()), "{value:?}");
            }
        }
        Err(message) => {
            let rest = message.strip_prefix("line ").expect("the line is named");
            let (number, rest) = rest.split_once(": ").expect("line N: ");
            let number: usize = number.parse().expect("a line number");
            let line = text
                .strip_prefix('\u{feff}')
                .unwrap_or(text)
                .lines()
                .nth(number - 1)
                .expect("the line exists")
                .trim();
            assert!(!line.is_empty() && !line.starts_with('#'), "{message}");
            if FIXED.contains(&rest) {
                return;
            }
            let key = rest
                .strip_prefix("the value of `")
                .and_then(|r| r.strip_suffix("` opens a quote that it does not close"))
                .unwrap_or_else(|| panic!("an unexpected message: {message}"));
            assert!(is_name(key), "{message}");
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (before, _) = line.split_once('=').expect("the line has a `=`");
            assert_eq!(before.trim(), key, "{message}");
        }
    }
});
