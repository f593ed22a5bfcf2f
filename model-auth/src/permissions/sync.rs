//! The permissions `migrate` makes: after each run, every model of every
//! installed app has its `add_`, `change_`, `delete_` and `view_`
//! permissions, made once and never renamed; those of models no longer
//! installed are reported, not deleted (a group may still hold them).

use std::collections::BTreeSet;

use model_manage::{PostMigrate, PostMigrateHook};
use model_runtime::{registry, Connection};

use crate::{NewPermission, Permission};

/// Django's default permissions, in its order.
const ACTIONS: [&str; 4] = ["add", "change", "delete", "view"];

model_manage::register_post_migrate!(PostMigrateHook::new("auth", make_permissions));

/// The post-migrate hook of `auth`.
fn make_permissions(run: &mut PostMigrate<'_>) -> model_manage::Result<()> {
    // `migrate auth zero` leaves no table to write to.
    if !run.is_applied("auth", "0001_initial") {
        return Ok(());
    }
    let wanted: Vec<NewPermission> = run
        .settings
        .apps()
        .iter()
        .flat_map(|app| registry::models_of_app(app))
        .flat_map(|model| default_permissions(&model.schema().app, &model.schema().name))
        .collect();
    let existing = make_missing(run.connection, &wanted)?;
    let wanted_keys: BTreeSet<(&str, &str)> = wanted
        .iter()
        .map(|p| (p.app_label.as_str(), p.codename.as_str()))
        .collect();
    let stale: Vec<String> = existing
        .iter()
        .filter(|p| !wanted_keys.contains(&(p.app_label.as_str(), p.codename.as_str())))
        .map(Permission::label)
        .collect();
    if !stale.is_empty() {
        writeln!(
            run.out,
            "  Permissions of models that are no longer installed (kept, as groups may hold them): {}",
            stale.join(", ")
        )?;
    }
    Ok(())
}

/// Makes the permissions of `wanted` that are not there, and returns the
/// ones that were. On SQLite two `migrate` runs hold no lock between their
/// migrations, so another may make the same rows meanwhile: its unique
/// key refuses the second insert, and the rows are read again.
fn make_missing(conn: &mut Connection, wanted: &[NewPermission]) -> model_manage::Result<Vec<Permission>> {
    let mut attempts = 0;
    loop {
        let existing = Permission::all(conn)?;
        let have: BTreeSet<(&str, &str)> = existing
            .iter()
            .map(|p| (p.app_label.as_str(), p.codename.as_str()))
            .collect();
        let missing: Vec<NewPermission> = wanted
            .iter()
            .filter(|p| !have.contains(&(p.app_label.as_str(), p.codename.as_str())))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(existing);
        }
        match Permission::bulk_create(conn, &missing) {
            Ok(_) => return Ok(existing),
            Err(model_runtime::Error::UniqueViolation { .. }) if attempts < 3 => attempts += 1,
            Err(error) => return Err(error.into()),
        }
    }
}

/// The four permissions of a model, as `migrate` makes them:
/// `add_<model>`, `change_<model>`, `delete_<model>`, `view_<model>`,
/// named `Can add <verbose name>` and so on.
///
/// ```
/// let made = model_auth::permissions::default_permissions("littlelemon", "BookingItem");
/// assert_eq!(made[1].codename, "change_bookingitem");
/// assert_eq!(made[1].name, "Can change booking item");
/// ```
pub fn default_permissions(app: &str, model: &str) -> Vec<NewPermission> {
    ACTIONS
        .iter()
        .map(|action| NewPermission {
            name: format!("Can {action} {}", verbose_name(model)),
            app_label: app.to_owned(),
            model: model.to_lowercase(),
            codename: codename(action, model),
        })
        .collect()
}

/// `<action>_<model>`, the model's name lowercased: `change_menu`.
pub fn codename(action: &str, model: &str) -> String {
    format!("{action}_{}", model.to_lowercase())
}

/// Django's default `verbose_name`: the model's name with a space before
/// each inner capital, lowercased (`BookingItem` is `booking item`).
pub fn verbose_name(model: &str) -> String {
    let mut out = String::with_capacity(model.len() + 4);
    for (i, c) in model.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
