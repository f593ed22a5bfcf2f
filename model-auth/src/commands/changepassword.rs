//! `changepassword [username]`: Django's, asking for the new password
//! twice, up to three times; the user's other sessions end.

use std::io::Write;

use model_manage::{CommandError, Result, Settings};
use model_runtime::prelude::*;

use super::Prompt;
use crate::password::{validate_password, UserAttributes};
use crate::{user, User};

/// `changepassword [username]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ChangepasswordArgs {
    /// The user; the login name of the person at the terminal by default.
    #[arg(value_name = "USERNAME")]
    pub username: Option<String>,
}

/// Sets the password of the named user, asking `prompt` for it twice; a
/// mismatch or a password the validators refuse is asked again, three
/// times at most. Every session of the user then ends at its next request
/// (see [`get_user`](crate::get_user)).
pub fn changepassword(
    settings: &Settings,
    args: &ChangepasswordArgs,
    prompt: &mut dyn Prompt,
    out: &mut dyn Write,
) -> Result<User> {
    let username = match &args.username {
        Some(name) => name.clone(),
        None => std::env::var("USER").unwrap_or_default(),
    };
    let mut conn = super::connect_migrated(settings)?;
    let mut user = User::objects()
        .filter(user::username.eq(username.clone()))
        .first(&mut conn)?
        .ok_or_else(|| CommandError::Refused(format!("user '{username}' does not exist")))?;
    writeln!(out, "Changing password for user '{username}'")?;
    for _ in 0..3 {
        let no_answer = || CommandError::Refused("Operation cancelled: the input ended.".into());
        let password = prompt.secret("Password: ", out)?.ok_or_else(no_answer)?;
        let again = prompt.secret("Password (again): ", out)?.ok_or_else(no_answer)?;
        if password != again {
            writeln!(out, "Passwords do not match. Please try again.")?;
            continue;
        }
        if let Err(problems) = validate_password(&password, &UserAttributes::of(&user)) {
            for problem in problems {
                writeln!(out, "{problem}")?;
            }
            continue;
        }
        crate::change_password(&mut conn, &mut user, &password).map_err(super::failed)?;
        writeln!(out, "Password changed successfully for user '{username}'")?;
        return Ok(user);
    }
    Err(CommandError::Refused(format!(
        "Aborting password change for user '{username}' after 3 attempts"
    )))
}
