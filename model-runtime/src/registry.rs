//! Every model compiled into the binary, found at run time.
//!
//! `#[derive(Model)]` registers each model with [`inventory`]; nothing needs
//! to list them by hand, and `INSTALLED_APPS`-style filtering happens here.

use crate::dynamic::DynModel;

/// One registered model.
#[doc(hidden)]
pub struct Registration {
    pub model: &'static dyn DynModel,
    /// The directory of the crate that defines the model: its migrations
    /// live in that crate's `migrations/` folder.
    pub crate_dir: &'static str,
}

inventory::collect!(Registration);

/// Every registered model, sorted by app then model name.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model)]
/// #[model(app = "registry_doc")]
/// pub struct Note {
///     #[field(primary_key)]
///     pub id: i64,
///     pub text: String,
/// }
///
/// let names: Vec<String> = model_runtime::registry::models_of_app("registry_doc")
///     .iter()
///     .map(|m| m.schema().name.to_string())
///     .collect();
/// assert_eq!(names, ["Note"]);
/// ```
pub fn models() -> Vec<&'static dyn DynModel> {
    let mut models: Vec<&'static dyn DynModel> = inventory::iter::<Registration>
        .into_iter()
        .map(|r| r.model)
        .collect();
    models.sort_by(|a, b| {
        let (a, b) = (a.schema(), b.schema());
        (&a.app, &a.name).cmp(&(&b.app, &b.name))
    });
    models
}

/// The registered models of one app, sorted by name.
pub fn models_of_app(app: &str) -> Vec<&'static dyn DynModel> {
    models().into_iter().filter(|m| m.schema().app == app).collect()
}

/// The directory of the crate that defines the models of `app`, where its
/// migrations live (`<crate>/migrations/`).
pub fn crate_dir(app: &str) -> Option<&'static str> {
    inventory::iter::<Registration>
        .into_iter()
        .find(|r| r.model.schema().app == app)
        .map(|r| r.crate_dir)
}

/// The apps that have at least one registered model, sorted.
pub fn apps() -> Vec<String> {
    let mut apps: Vec<String> = models().iter().map(|m| m.schema().app.to_string()).collect();
    apps.dedup();
    apps
}

/// A model by `app.Model` label or, when the name is unique, by model name
/// alone; names compare without regard to case, as Django's do.
pub fn find_model(label: &str) -> Option<&'static dyn DynModel> {
    let all = models();
    if let Some((app, name)) = label.split_once('.') {
        return all.into_iter().find(|m| {
            let schema = m.schema();
            schema.app == app && schema.name.eq_ignore_ascii_case(name)
        });
    }
    let mut matches = all
        .into_iter()
        .filter(|m| m.schema().name.eq_ignore_ascii_case(label));
    match (matches.next(), matches.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
