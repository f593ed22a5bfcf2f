//! Django's messages: a note kept in the session by one request ("The
//! menu “Soup” was added successfully.") and shown by the next page.

use model_auth::SessionStore;
use model_runtime::Connection;

use crate::AdminError;

/// Where the session keeps the notes not shown yet.
const SESSION_KEY: &str = "_messages";

/// Keeps `note` for the next page, saving the session.
pub(crate) fn add(conn: &mut Connection, session: &mut SessionStore, note: &str) -> Result<(), AdminError> {
    let mut notes = pending(session);
    notes.push(note.to_owned());
    session.insert(SESSION_KEY, notes);
    session.save(conn)?;
    Ok(())
}

/// The notes kept for this page, removed from the session.
pub(crate) fn take(conn: &mut Connection, session: &mut SessionStore) -> Result<Vec<String>, AdminError> {
    let notes = pending(session);
    if !notes.is_empty() {
        session.remove(SESSION_KEY);
        session.save(conn)?;
    }
    Ok(notes)
}

fn pending(session: &SessionStore) -> Vec<String> {
    session
        .get(SESSION_KEY)
        .and_then(|notes| notes.as_array())
        .map(|notes| {
            notes
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
