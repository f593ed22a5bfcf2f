//! Which names a new project or app may take: each becomes a crate, a Rust
//! path (`use polls as _;`) and, for an app, its label in installed apps.

use crate::inspectdb::names::KEYWORDS;
use crate::{CommandError, Result};

/// Crates a project already depends on, or that every crate sees: a
/// project or app of that name would shadow them.
const TAKEN: &[&str] = &[
    "alloc",
    "core",
    "std",
    "test",
    "proc_macro",
    "diesel",
    "model_runtime",
    "model_manage",
    "model_build",
    "model_derive",
    "model_auth",
    "model_admin",
    "model_shell",
    "model_migrations",
];

/// The apps `model-auth` and `model-admin` bring, installed by name.
const BUILT_IN_APPS: &[&str] = &["admin", "auth", "sessions"];

/// Whether `name` can name a new project: lowercase ASCII letters, digits
/// and `_`, starting with a letter, and not a keyword or a crate the
/// project uses.
pub(crate) fn check_project_name(name: &str) -> Result<()> {
    check_identifier("project", name)
}

/// [`check_project_name`]'s rules, and not a built-in app's label.
pub(crate) fn check_app_name(name: &str) -> Result<()> {
    check_identifier("app", name)?;
    if BUILT_IN_APPS.contains(&name) {
        return Err(refused(format!(
            "`{name}` is the label of a built-in app; give the app another name"
        )));
    }
    Ok(())
}

fn check_identifier(what: &str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        return Err(refused(format!(
            "`{}` is not a valid {what} name: it names a crate and a Rust path, so it takes lowercase \
             letters, digits and `_`, starting with a letter (for example `polls`)",
            name.escape_debug()
        )));
    }
    if KEYWORDS.contains(&name) {
        return Err(refused(format!(
            "`{name}` is a Rust keyword; give the {what} another name"
        )));
    }
    if TAKEN.contains(&name) {
        return Err(refused(format!(
            "`{name}` is the name of a crate every project uses; give the {what} another name"
        )));
    }
    Ok(())
}

fn refused(message: String) -> CommandError {
    CommandError::Refused(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<()>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn a_snake_case_name_is_accepted() {
        check_project_name("mysite").unwrap();
        check_app_name("polls_2").unwrap();
    }

    #[test]
    fn a_name_that_is_no_rust_path_is_refused_with_the_rule() {
        for name in ["Polls", "2polls", "my-site", "", "pölls", "polls\n", "_polls"] {
            let text = message(check_app_name(name));
            assert!(text.contains("is not a valid app name"), "{name:?}: {text}");
            assert!(!text.contains('\n'), "{name:?}: {text}");
        }
    }

    #[test]
    fn keywords_built_in_apps_and_used_crates_are_refused_by_name() {
        assert_eq!(
            message(check_app_name("match")),
            "`match` is a Rust keyword; give the app another name"
        );
        assert_eq!(
            message(check_app_name("auth")),
            "`auth` is the label of a built-in app; give the app another name"
        );
        assert_eq!(
            message(check_project_name("diesel")),
            "`diesel` is the name of a crate every project uses; give the project another name"
        );
    }
}
