//! `LogEntry`: one addition, change or deletion made through the admin.

use model_runtime::prelude::*;
use model_runtime::{Connection, DbConnection, Result};

/// One action taken through the admin: Django's `admin.LogEntry`, with the
/// object named by its app, model and key instead of a content type.
///
/// ```
/// use model_admin::{ActionFlag, LogEntry};
///
/// assert_eq!(ActionFlag::from_stored(2), Some(ActionFlag::Change));
/// assert_eq!(ActionFlag::Change.stored(), 2);
/// assert_eq!(<LogEntry as model_runtime::Model>::TABLE, "admin_logentry");
/// ```
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "admin")]
pub struct LogEntry {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// When it was done.
    #[field(auto_now_add, index)]
    pub action_time: DateTime<Utc>,
    /// Who did it; deleting the user deletes the entries, as Django does.
    #[field(foreign_key = model_auth::User, on_delete = "cascade", related_name = "+")]
    pub user_id: i64,
    /// The object's app.
    #[field(max_length = 100)]
    pub app_label: String,
    /// The object's model, lowercase.
    #[field(max_length = 100)]
    pub model: String,
    /// The object's primary key, as text.
    #[field(blank)]
    pub object_id: String,
    /// The object's text when it was done, cut to 200 characters.
    #[field(max_length = 200)]
    pub object_repr: String,
    /// [`ActionFlag`]: 1 added, 2 changed, 3 deleted.
    pub action_flag: i16,
    /// What changed, in words: `Changed price and inventory.`
    #[field(blank)]
    pub change_message: String,
}

/// What a [`LogEntry`] records, stored as Django stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionFlag {
    /// The object was added.
    Addition,
    /// The object was changed.
    Change,
    /// The object was deleted.
    Deletion,
}

impl ActionFlag {
    /// The stored number: 1, 2 or 3.
    pub fn stored(self) -> i16 {
        match self {
            ActionFlag::Addition => 1,
            ActionFlag::Change => 2,
            ActionFlag::Deletion => 3,
        }
    }

    /// The flag a stored number means, if any.
    pub fn from_stored(number: i16) -> Option<ActionFlag> {
        match number {
            1 => Some(ActionFlag::Addition),
            2 => Some(ActionFlag::Change),
            3 => Some(ActionFlag::Deletion),
            _ => None,
        }
    }
}

/// What [`record`] writes about one object.
pub(crate) struct Action<'a> {
    pub user_id: i64,
    pub app_label: &'a str,
    pub model: &'a str,
    pub object_id: &'a str,
    pub object_repr: &'a str,
    pub flag: ActionFlag,
    pub message: &'a str,
}

/// Writes one entry of the log.
pub(crate) fn record<C: DbConnection + ?Sized>(conn: &mut C, action: Action<'_>) -> Result<LogEntry> {
    LogEntry::create(
        conn,
        NewLogEntry {
            user_id: action.user_id,
            app_label: action.app_label.to_owned(),
            model: action.model.to_lowercase(),
            object_id: action.object_id.to_owned(),
            object_repr: action.object_repr.chars().take(200).collect(),
            action_flag: action.flag.stored(),
            change_message: action.message.to_owned(),
        },
    )
}

/// The entries of one object, oldest first, as Django's history page lists them.
pub(crate) fn history_of(
    conn: &mut Connection,
    app_label: &str,
    model: &str,
    object_id: &str,
) -> Result<Vec<LogEntry>> {
    LogEntry::objects()
        .filter(log_entry::app_label.eq(app_label.to_owned()))
        .filter(log_entry::model.eq(model.to_lowercase()))
        .filter(log_entry::object_id.eq(object_id.to_owned()))
        .order_by(log_entry::action_time.asc())
        .then_order_by(log_entry::id.asc())
        .all(conn)
}
