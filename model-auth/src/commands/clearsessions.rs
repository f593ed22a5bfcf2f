//! `clearsessions`: deletes the sessions that have expired, as Django's
//! does (a session store never deletes them itself), and the failed logins
//! throttling no longer counts.

use std::io::Write;

use model_manage::{Result, Settings};

/// `clearsessions` takes no arguments.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ClearsessionsArgs {}

/// Deletes the expired sessions and old failed logins; prints how many
/// sessions went, and returns it.
pub fn clearsessions(settings: &Settings, _args: &ClearsessionsArgs, out: &mut dyn Write) -> Result<usize> {
    let mut conn = super::connect_migrated(settings)?;
    let deleted = crate::clear_expired_sessions(&mut conn).map_err(super::failed)?;
    writeln!(out, "Deleted {deleted} expired session(s).")?;
    Ok(deleted)
}
