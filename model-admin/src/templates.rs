//! The admin's templates, embedded in the binary and rendered by minijinja,
//! which escapes every value in an `.html` template.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use minijinja::Environment;

use crate::AdminError;

/// `(name, text)` of every template.
const TEMPLATES: &[(&str, &str)] = &[
    ("admin/base.html", include_str!("../templates/admin/base.html")),
    ("admin/login.html", include_str!("../templates/admin/login.html")),
    (
        "admin/logout.html",
        include_str!("../templates/admin/logout.html"),
    ),
    ("admin/index.html", include_str!("../templates/admin/index.html")),
    (
        "admin/change_list.html",
        include_str!("../templates/admin/change_list.html"),
    ),
    ("admin/error.html", include_str!("../templates/admin/error.html")),
    (
        "admin/change_form.html",
        include_str!("../templates/admin/change_form.html"),
    ),
    (
        "admin/widgets.html",
        include_str!("../templates/admin/widgets.html"),
    ),
    (
        "admin/delete_confirmation.html",
        include_str!("../templates/admin/delete_confirmation.html"),
    ),
    (
        "admin/object_history.html",
        include_str!("../templates/admin/object_history.html"),
    ),
    (
        "admin/password_change.html",
        include_str!("../templates/admin/password_change.html"),
    ),
    (
        "admin/password_change_done.html",
        include_str!("../templates/admin/password_change_done.html"),
    ),
];

/// The stylesheet served at `/admin/static/admin.css`.
pub(crate) const STYLESHEET: &str = include_str!("../static/admin.css");

/// The templates a site renders: the embedded ones, each replaced by a
/// file of the same name in the site's templates folder when it has one
/// (Django's template override: `admin/change_form.html` in a project's
/// `templates/`).
#[derive(Debug)]
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The embedded templates alone.
    pub fn embedded() -> Templates {
        let mut env = Environment::new();
        // A typo in a template should fail its test, not print nothing.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, text) in TEMPLATES {
            // The templates are part of the crate: one that does not parse
            // fails every test, so it never ships.
            env.add_template(name, text)
                .unwrap_or_else(|error| panic!("the embedded template {name} does not parse: {error}"));
        }
        Templates { env }
    }

    /// The embedded templates, with every `.html` file under `folder`
    /// (named by its path there: `admin/base.html`) in place of the
    /// embedded one of that name or beside them. Read once, here: a file
    /// that cannot be read or does not parse is an error naming it.
    pub fn with_overrides(folder: &Path) -> Result<Templates, AdminError> {
        let mut templates = Templates::embedded();
        let mut files = Vec::new();
        collect_html(folder, folder, &mut files)?;
        for (name, path) in files {
            let text = std::fs::read_to_string(&path).map_err(|error| AdminError::TemplateFile {
                path: path.clone(),
                message: error.to_string(),
            })?;
            templates
                .env
                .add_template_owned(name, text)
                .map_err(|error| AdminError::TemplateFile {
                    path: path.clone(),
                    message: error.to_string(),
                })?;
        }
        Ok(templates)
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &'static str, context: minijinja::Value) -> Result<String, AdminError> {
        self.env
            .get_template(name)
            .and_then(|template| template.render(context))
            .map_err(|source| AdminError::Template { name, source })
    }
}

/// Every `.html` file under `dir`, as `(name relative to root, path)`.
fn collect_html(root: &Path, dir: &Path, found: &mut Vec<(String, PathBuf)>) -> Result<(), AdminError> {
    let unreadable = |error: std::io::Error| AdminError::TemplateFile {
        path: dir.to_path_buf(),
        message: error.to_string(),
    };
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_dir() {
            collect_html(root, &path, found)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push((name.join("/"), path));
        }
    }
    Ok(())
}

fn embedded() -> &'static Templates {
    static EMBEDDED: OnceLock<Templates> = OnceLock::new();
    EMBEDDED.get_or_init(Templates::embedded)
}

/// Renders the embedded template `name` with `context`: for the pages
/// that have no site at hand (a refusal, a failure).
pub(crate) fn render(name: &'static str, context: minijinja::Value) -> Result<String, AdminError> {
    embedded().render(name, context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped() {
        let html = render(
            "admin/error.html",
            minijinja::context! { title => "<script>", message => "\" onmouseover=x", user => (), csrf_token => "" },
        )
        .unwrap();
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("&quot; onmouseover=x"));
    }
}
