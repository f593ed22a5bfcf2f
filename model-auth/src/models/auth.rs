//! The `auth` app: Django's `auth_user`, `auth_group`, `auth_permission`
//! and the links between them, with the same tables and columns, plus the
//! failed logins that throttling counts.

use model_runtime::prelude::*;

/// A person who may log in: Django's `auth.User`, column for column, in the
/// table `auth_user`.
///
/// Its password is never stored as given: set it with
/// [`User::set_password`](crate::User::set_password) (or create users with
/// [`create_user`](crate::create_user)), check it with
/// [`authenticate`](crate::authenticate).
#[derive(Model, Debug, Clone, PartialEq)]
#[model(
    app = "auth",
    many_to_many(groups = Group),
    many_to_many(user_permissions = Permission)
)]
pub struct User {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The password's hash, self-describing (`argon2$argon2id$v=19$...`),
    /// or a string no password matches (`!...`) for a user who cannot log in.
    #[field(max_length = 128)]
    pub password: String,
    /// When the user last logged in, if ever.
    pub last_login: Option<DateTime<Utc>>,
    /// Has every permission without being given any.
    #[field(default = false)]
    pub is_superuser: bool,
    /// Unique; letters, digits and `@ . + - _` only, as Django allows.
    #[field(max_length = 150, unique, validate = crate::validate_username)]
    pub username: String,
    /// The first name, possibly empty.
    #[field(max_length = 150, blank)]
    pub first_name: String,
    /// The last name, possibly empty.
    #[field(max_length = 150, blank)]
    pub last_name: String,
    /// The email address, possibly empty.
    #[field(max_length = 254, blank)]
    pub email: String,
    /// May log in to the admin site.
    #[field(default = false)]
    pub is_staff: bool,
    /// May log in at all: Django's way to remove a user without deleting
    /// the rows that point at them.
    #[field(default = true)]
    pub is_active: bool,
    /// When the user was created.
    #[field(auto_now_add)]
    pub date_joined: DateTime<Utc>,
}

/// A named set of permissions that users belong to: Django's `auth.Group`.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "auth", many_to_many(permissions = Permission))]
pub struct Group {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// Unique.
    #[field(max_length = 150, unique)]
    pub name: String,
}

/// One thing a user may do to one model: `add`, `change`, `delete` or
/// `view`, checked as `"<app>.<codename>"` (`"littlelemon.change_menu"`).
/// `migrate` creates the four of every installed model.
///
/// Django's table names the model through a `contenttypes` row; here the
/// app and the model are columns of their own.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "auth", unique_together = [["app_label", "codename"]])]
pub struct Permission {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// What it allows, for people: `Can change menu`.
    #[field(max_length = 255)]
    pub name: String,
    /// The app of the model: `littlelemon`.
    #[field(max_length = 100)]
    pub app_label: String,
    /// The model, lowercase: `menu`.
    #[field(max_length = 100)]
    pub model: String,
    /// What it allows, for code: `change_menu`.
    #[field(max_length = 100)]
    pub codename: String,
}

/// One failed login, what [`authenticate`](crate::authenticate) counts to
/// refuse further attempts for a while. Django core has no such table.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "auth")]
pub struct FailedLogin {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The username tried, cut to 150 characters.
    #[field(max_length = 150, blank, index)]
    pub username: String,
    /// The client's address, as the caller named it (empty when unknown).
    #[field(max_length = 64, blank, index)]
    pub client: String,
    /// When it failed.
    #[field(auto_now_add, index)]
    pub attempted_at: DateTime<Utc>,
}
