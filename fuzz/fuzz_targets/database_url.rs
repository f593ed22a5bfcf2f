//! Any text given as a database URL is sorted or refused, and its
//! redacted form never holds the password.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_runtime::DatabaseUrl;

fuzz_target!(|text: &str| {
    if let Ok(url) = DatabaseUrl::parse(text) {
        let _ = url.redacted();
    }
});
