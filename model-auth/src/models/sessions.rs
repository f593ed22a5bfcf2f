//! The `sessions` app's one table: Django's `django_session`, here
//! `sessions_session`.

use model_runtime::prelude::*;

/// One stored session: what [`SessionStore`](crate::SessionStore) reads
/// and writes.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "sessions")]
pub struct Session {
    /// 128 random bits from the operating system, as 32 hexadecimal digits.
    #[field(primary_key, auto_increment = false, max_length = 40)]
    pub session_key: String,
    /// The session's data, a JSON object.
    pub session_data: String,
    /// After this instant the session is gone.
    #[field(index)]
    pub expire_date: DateTime<Utc>,
}
