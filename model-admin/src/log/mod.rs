//! The `admin` app: Django's log of what was done through the admin, the
//! source of each object's history page.

mod entry;

pub(crate) use self::entry::{history_of, record, Action};
pub use self::entry::{log_entry, ActionFlag, LogEntry, NewLogEntry};
