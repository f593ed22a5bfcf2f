//! The admin's templates, embedded in the binary and rendered by minijinja,
//! which escapes every value in an `.html` template.

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

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut env = Environment::new();
        // A typo in a template should fail its test, not print nothing.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, text) in TEMPLATES {
            // The templates are part of the crate: one that does not parse
            // fails every test, so it never ships.
            env.add_template(name, text)
                .unwrap_or_else(|error| panic!("the embedded template {name} does not parse: {error}"));
        }
        env
    })
}

/// Renders the template `name` with `context`.
pub(crate) fn render(name: &'static str, context: minijinja::Value) -> Result<String, AdminError> {
    environment()
        .get_template(name)
        .and_then(|template| template.render(context))
        .map_err(|source| AdminError::Template { name, source })
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
