//! Installing a new app in the project `startproject` wrote: the app's
//! crate joins the workspace and the manage binary's dependencies, and the
//! binary links it and lists it in `INSTALLED_APPS`. Each edit is made only
//! where the file still has the shape `startproject` gave it; otherwise
//! the line to add is given to the user.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Value};

use crate::{CommandError, Result};

/// The edits to make, read and computed before anything is written.
pub(super) struct Plan {
    edits: Vec<(PathBuf, String)>,
    by_hand: Vec<String>,
}

impl Plan {
    /// Writes the edits; returns the lines the user must add by hand.
    pub(super) fn apply(self) -> Result<Vec<String>> {
        for (path, text) in self.edits {
            std::fs::write(&path, text).map_err(|source| CommandError::File { path, source })?;
        }
        Ok(self.by_hand)
    }
}

/// Reads the project's `Cargo.toml` and `src/main.rs` and works out how
/// each changes for the app `name`.
pub(super) fn plan(project: &Path, name: &str) -> Result<Plan> {
    let mut plan = Plan {
        edits: Vec::new(),
        by_hand: Vec::new(),
    };
    let manifest_path = project.join("Cargo.toml");
    match read(&manifest_path)? {
        Some(text) => match edit_manifest(&text, name) {
            Ok(Some(edited)) => plan.edits.push((manifest_path, edited)),
            Ok(None) => plan.by_hand.extend(manifest_lines(name)),
            Err(error) => {
                return Err(CommandError::Refused(format!(
                    "{} cannot be read as TOML: {}",
                    manifest_path.display(),
                    error.message()
                )))
            }
        },
        None => plan.by_hand.extend(manifest_lines(name)),
    }
    let main_path = project.join("src").join("main.rs");
    match read(&main_path)?.and_then(|text| edit_main(&text, name)) {
        Some(edited) => plan.edits.push((main_path, edited)),
        None => plan.by_hand.extend([
            format!("the manage binary: `use {name} as _;`"),
            format!("the manage binary's installed apps: \"{name}\""),
        ]),
    }
    Ok(plan)
}

fn read(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CommandError::File {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn manifest_lines(name: &str) -> [String; 2] {
    [
        format!("Cargo.toml, [workspace] members: \"{name}\""),
        format!("Cargo.toml, [dependencies]: {name} = {{ path = \"{name}\" }}"),
    ]
}

/// The manifest with `name` in the workspace's members and the
/// dependencies; `None` when it has no `[workspace] members` list or no
/// `[dependencies]` table to add to.
fn edit_manifest(text: &str, name: &str) -> std::result::Result<Option<String>, toml_edit::TomlError> {
    let mut manifest: DocumentMut = text.parse()?;
    let Some(members) = manifest
        .get_mut("workspace")
        .and_then(|workspace| workspace.get_mut("members"))
        .and_then(Item::as_array_mut)
    else {
        return Ok(None);
    };
    if !members.iter().any(|member| member.as_str() == Some(name)) {
        members.push(name);
    }
    let Some(dependencies) = manifest.get_mut("dependencies").and_then(Item::as_table_like_mut) else {
        return Ok(None);
    };
    let mut path = InlineTable::new();
    path.insert("path", Value::from(name));
    dependencies.insert(name, Item::Value(Value::InlineTable(path)));
    Ok(Some(manifest.to_string()))
}

/// `main.rs` linking the app after the last `use … as _;` and listing it
/// last in `INSTALLED_APPS`; `None` when either is not there.
fn edit_main(text: &str, name: &str) -> Option<String> {
    let quoted = format!("\"{name}\"");
    let start = text.find("const INSTALLED_APPS")?;
    let open = start + text[start..].find("= &[")? + 4;
    let close = open + text[open..].find(']')?;
    let listed = &text[open..close];
    let mut edited = String::with_capacity(text.len() + 2 * name.len() + 16);
    if listed.contains(&quoted) {
        edited.push_str(text);
    } else {
        let kept = listed.trim_end();
        let insertion = if kept.is_empty() {
            quoted
        } else if kept.ends_with(',') && listed.contains('\n') {
            // rustfmt's one app a line, each with its comma.
            format!("\n    {quoted},")
        } else {
            format!(", {quoted}")
        };
        let at = open + kept.len();
        edited.push_str(&text[..at]);
        edited.push_str(&insertion);
        edited.push_str(&text[at..]);
    }

    let link = format!("use {name} as _;");
    if edited.lines().any(|line| line.trim() == link) {
        return Some(edited);
    }
    let mut offset = 0;
    let mut after_last_link = None;
    for line in edited.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim();
        if line.starts_with("use ") && line.ends_with(" as _;") {
            after_last_link = Some(offset);
        }
    }
    let at = after_last_link?;
    edited.insert_str(at, &format!("{link}\n"));
    Some(edited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_joins_the_workspace_and_the_dependencies_keeping_the_rest() {
        let manifest = "[package]\nname = \"mysite\"\n\n[workspace]\n# apps\nmembers = []\n\n[dependencies]\n# kept\nmodel-manage.workspace = true\n";
        let edited = edit_manifest(manifest, "polls").unwrap().unwrap();
        assert_eq!(
            edited,
            "[package]\nname = \"mysite\"\n\n[workspace]\n# apps\nmembers = [\"polls\"]\n\n[dependencies]\n# kept\nmodel-manage.workspace = true\npolls = { path = \"polls\" }\n"
        );
        let twice = edit_manifest(&edited, "blog").unwrap().unwrap();
        assert!(twice.contains("members = [\"polls\", \"blog\"]"), "{twice}");
    }

    #[test]
    fn a_manifest_without_a_workspace_is_left_to_the_user() {
        assert_eq!(edit_manifest("[package]\nname = \"x\"\n", "polls").unwrap(), None);
    }

    #[test]
    fn the_app_is_linked_and_installed_last() {
        let main = "use model_admin as _;\nuse model_shell as _;\n\nconst INSTALLED_APPS: &[&str] = &[\"admin\", \"auth\"];\n";
        let edited = edit_main(main, "polls").unwrap();
        assert_eq!(
            edited,
            "use model_admin as _;\nuse model_shell as _;\nuse polls as _;\n\nconst INSTALLED_APPS: &[&str] = &[\"admin\", \"auth\", \"polls\"];\n"
        );
        assert_eq!(edit_main(&edited, "polls").unwrap(), edited);
    }

    #[test]
    fn a_list_rustfmt_put_one_app_a_line_keeps_that_shape() {
        let main = "use a as _;\nconst INSTALLED_APPS: &[&str] = &[\n    \"admin\",\n    \"auth\",\n];\n";
        assert_eq!(
            edit_main(main, "polls").unwrap(),
            "use a as _;\nuse polls as _;\nconst INSTALLED_APPS: &[&str] = &[\n    \"admin\",\n    \"auth\",\n    \"polls\",\n];\n"
        );
    }

    #[test]
    fn a_main_without_installed_apps_is_left_to_the_user() {
        assert_eq!(edit_main("fn main() {}\n", "polls"), None);
    }
}
