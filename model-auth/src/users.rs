//! Making users and setting their passwords: Django's `UserManager`.

use model_runtime::prelude::*;

use crate::password;
use crate::{NewUser, Result, User};

/// Creates an active user with `password` hashed (Django's
/// `User.objects.create_user`). The password is not checked against the
/// validators: [`password::validate_password`] is the caller's to run,
/// as Django leaves it to forms and commands.
///
/// ```
/// # let mut conn = model_auth::doc_database();
/// let ada = model_auth::create_user(&mut conn, "ada", "ada@example.com", "correct horse battery")?;
/// assert!(ada.check_password("correct horse battery"));
/// assert!(!ada.is_staff && !ada.is_superuser && ada.is_active);
/// # Ok::<(), model_auth::AuthError>(())
/// ```
pub fn create_user<C>(conn: &mut C, username: &str, email: &str, password: &str) -> Result<User>
where
    C: DbConnection + ?Sized,
{
    Ok(User::create(conn, new_user(username, email, password, false))?)
}

/// [`create_user`], with `is_staff` and `is_superuser` set: Django's
/// `create_superuser`.
pub fn create_superuser<C>(conn: &mut C, username: &str, email: &str, password: &str) -> Result<User>
where
    C: DbConnection + ?Sized,
{
    Ok(User::create(conn, new_user(username, email, password, true))?)
}

fn new_user(username: &str, email: &str, password: &str, superuser: bool) -> NewUser {
    NewUser {
        password: password::make_password(password),
        last_login: None,
        is_superuser: superuser,
        username: username.to_owned(),
        first_name: String::new(),
        last_name: String::new(),
        email: normalize_email(email),
        is_staff: superuser,
        is_active: true,
    }
}

/// Django's `normalize_email`: the domain lowercased, the local part kept.
pub fn normalize_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => email.trim().to_owned(),
    }
}

impl User {
    /// Replaces the stored hash with one of `raw` (not saved: call
    /// [`save`](User::save), or [`change_password`](crate::change_password)
    /// which also ends the user's sessions).
    pub fn set_password(&mut self, raw: &str) {
        self.password = password::make_password(raw);
    }

    /// Makes the user unable to log in with any password (not saved).
    pub fn set_unusable_password(&mut self) {
        self.password = password::make_unusable_password();
    }

    /// Whether `raw` is the user's password, checked in constant time.
    pub fn check_password(&self, raw: &str) -> bool {
        password::check_password(raw, &self.password)
    }

    /// Whether some password could log the user in.
    pub fn has_usable_password(&self) -> bool {
        password::is_usable(&self.password)
    }

    /// Django's `get_full_name`: first and last name, trimmed.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}
