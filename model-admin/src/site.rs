//! `AdminSite`: the models registered with the admin and their options,
//! checked once by [`AdminSite::build`] so that no request meets a bad one.

use std::path::PathBuf;

use model_runtime::dynamic::DynModel;
use model_runtime::schema::ModelSchema;
use model_runtime::Model;

use crate::templates::Templates;
use crate::{AdminError, ModelAdmin};

/// The models the admin shows, as Django's `admin.site`.
///
/// ```
/// use model_admin::{AdminSite, ModelAdmin};
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "site_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 50)]
///     pub title: String,
/// }
///
/// let mut site = AdminSite::new();
/// site.register::<Dish>(ModelAdmin::new().list_display(&["title"]).search_fields(&["title"]));
/// let built = site.build()?;
/// assert_eq!(built.models().len(), 1);
///
/// let mut wrong = AdminSite::new();
/// wrong.register::<Dish>(ModelAdmin::new().list_display(&["price"]));
/// let error = wrong.build().unwrap_err().to_string();
/// assert!(error.contains("site_doc.Dish") && error.contains("`price`"));
/// # Ok::<(), model_admin::AdminError>(())
/// ```
#[derive(Debug, Default)]
pub struct AdminSite {
    registered: Vec<(&'static ModelSchema, ModelAdmin)>,
    secure_cookies: bool,
    templates_dir: Option<PathBuf>,
}

impl AdminSite {
    /// A site with no model registered.
    pub fn new() -> AdminSite {
        AdminSite::default()
    }

    /// Shows `M` in the admin with `options` (Django's
    /// `admin.site.register(M, ModelAdmin)`). The options are checked by
    /// [`build`](Self::build).
    pub fn register<M: Model>(&mut self, options: ModelAdmin) -> &mut AdminSite {
        self.registered.push((M::schema(), options));
        self
    }

    /// Marks the session cookie `Secure` on every response, for a site
    /// served over HTTPS by a proxy that does not send
    /// `X-Forwarded-Proto: https` (when it does, the cookie is `Secure`
    /// anyway).
    pub fn secure_cookies(&mut self, always: bool) -> &mut AdminSite {
        self.secure_cookies = always;
        self
    }

    /// Takes templates from `folder` before the embedded ones: a file
    /// `admin/change_form.html` there replaces the change form, as a
    /// project's `templates/admin/` does in Django. The files are read and
    /// parsed by [`build`](Self::build); a change needs a restart.
    ///
    /// ```
    /// let folder = std::env::temp_dir().join(format!("admin-templates-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(folder.join("admin")).unwrap();
    /// std::fs::write(folder.join("admin/broken.html"), "{% if %}").unwrap();
    /// let mut site = model_admin::AdminSite::new();
    /// site.templates_dir(&folder);
    /// let error = site.build().unwrap_err().to_string();
    /// assert!(error.contains("broken.html"), "{error}");
    /// # std::fs::remove_dir_all(&folder).unwrap();
    /// ```
    pub fn templates_dir(&mut self, folder: impl Into<PathBuf>) -> &mut AdminSite {
        self.templates_dir = Some(folder.into());
        self
    }

    /// Checks every registration: each field an option names exists on its
    /// model, no model is registered twice, a page holds at least one row.
    ///
    /// # Errors
    ///
    /// [`AdminError::UnknownField`] naming the model, the option and the
    /// field; [`AdminError::NotSearchable`], [`AdminError::NotFilterable`];
    /// [`AdminError::AlreadyRegistered`]; [`AdminError::EmptyPage`];
    /// [`AdminError::NotInRegistry`].
    pub fn build(self) -> Result<BuiltSite, AdminError> {
        let mut models: Vec<ModelEntry> = Vec::with_capacity(self.registered.len());
        for (schema, options) in self.registered {
            let label = format!("{}.{}", schema.app, schema.name);
            if models
                .iter()
                .any(|m| std::ptr::eq(m.schema, schema) || m.label == label)
            {
                return Err(AdminError::AlreadyRegistered { model: label });
            }
            let model = model_runtime::registry::find_model(&label)
                .filter(|m| m.schema().app == schema.app && m.schema().name == schema.name)
                .ok_or_else(|| AdminError::NotInRegistry { model: label.clone() })?;
            check_fields(
                schema,
                &label,
                "list_display",
                options.list_display.iter().map(String::as_str),
            )?;
            check_fields(
                schema,
                &label,
                "search_fields",
                options.search_fields.iter().map(String::as_str),
            )?;
            check_searchable(schema, &label, &options.search_fields)?;
            check_fields(
                schema,
                &label,
                "ordering",
                options.ordering.iter().map(|f| f.strip_prefix('-').unwrap_or(f)),
            )?;
            check_fields(
                schema,
                &label,
                "list_filter",
                options.list_filter.iter().map(String::as_str),
            )?;
            check_filterable(schema, &label, &options.list_filter)?;
            check_fields(
                schema,
                &label,
                "readonly_fields",
                options.readonly_fields.iter().map(String::as_str),
            )?;
            if options.list_per_page == 0 {
                return Err(AdminError::EmptyPage { model: label });
            }
            models.push(ModelEntry {
                schema,
                model,
                options,
                label,
            });
        }
        models.sort_by(|a, b| (&*a.schema.app, &*a.schema.name).cmp(&(&*b.schema.app, &*b.schema.name)));
        let templates = match &self.templates_dir {
            Some(folder) => Templates::with_overrides(folder)?,
            None => Templates::embedded(),
        };
        Ok(BuiltSite {
            models,
            secure_cookies: self.secure_cookies,
            templates,
        })
    }
}

fn check_fields<'a>(
    schema: &ModelSchema,
    label: &str,
    option: &'static str,
    fields: impl Iterator<Item = &'a str>,
) -> Result<(), AdminError> {
    for field in fields {
        if !schema.columns.iter().any(|c| c.field == field) {
            return Err(AdminError::UnknownField {
                model: label.to_owned(),
                option,
                field: field.to_owned(),
                known: schema
                    .columns
                    .iter()
                    .map(|c| &*c.field)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    Ok(())
}

/// The search box looks for words in text; Django's admin casts nothing
/// either, and a number or a date searched as text would match by accident.
fn check_searchable(schema: &ModelSchema, label: &str, fields: &[String]) -> Result<(), AdminError> {
    use model_runtime::schema::ColumnType;
    for field in fields {
        if let Some(column) = schema.field(field).filter(|c| c.ty != ColumnType::Text) {
            return Err(AdminError::NotSearchable {
                model: label.to_owned(),
                field: column.field.to_string(),
            });
        }
    }
    Ok(())
}

/// Django filters a change list by a boolean, a choice, a foreign key or a
/// date; a free-text field has no list of values to offer.
fn check_filterable(schema: &ModelSchema, label: &str, fields: &[String]) -> Result<(), AdminError> {
    use model_runtime::schema::ColumnType;
    for field in fields {
        let Some(column) = schema.columns.iter().find(|c| c.field == **field) else {
            continue;
        };
        let filterable = column.foreign_key.is_some()
            || !column.choices.is_empty()
            || matches!(
                column.ty,
                ColumnType::Bool | ColumnType::Date | ColumnType::DateTime | ColumnType::DateTimeUtc
            );
        if !filterable {
            return Err(AdminError::NotFilterable {
                model: label.to_owned(),
                field: field.clone(),
            });
        }
    }
    Ok(())
}

/// A checked [`AdminSite`], ready for [`router`](crate::router).
#[derive(Debug)]
pub struct BuiltSite {
    models: Vec<ModelEntry>,
    pub(crate) secure_cookies: bool,
    templates: Templates,
}

impl BuiltSite {
    /// The registered models, sorted by app then name.
    pub fn models(&self) -> &[ModelEntry] {
        &self.models
    }

    /// Renders the site's template `name` with `context`.
    pub(crate) fn render(&self, name: &'static str, context: minijinja::Value) -> Result<String, AdminError> {
        self.templates.render(name, context)
    }

    /// The model served at `/admin/<app>/<model>/`, names compared without
    /// regard to case.
    pub fn find(&self, app: &str, model: &str) -> Option<&ModelEntry> {
        self.models
            .iter()
            .find(|m| *m.schema.app == *app && m.schema.name.eq_ignore_ascii_case(model))
    }
}

/// One registered model, checked.
pub struct ModelEntry {
    schema: &'static ModelSchema,
    model: &'static dyn DynModel,
    options: ModelAdmin,
    label: String,
}

impl ModelEntry {
    /// The model's schema.
    pub fn schema(&self) -> &'static ModelSchema {
        self.schema
    }

    /// The model's dynamic face, which reads its rows.
    pub fn model(&self) -> &'static dyn DynModel {
        self.model
    }

    /// Its options.
    pub fn options(&self) -> &ModelAdmin {
        &self.options
    }

    /// `app.Model`.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Its path under `/admin/`: `littlelemon/menu`.
    pub fn url_path(&self) -> String {
        format!("{}/{}", self.schema.app, self.schema.name.to_lowercase())
    }

    /// `"<app>.<action>_<model>"`, the permission to `action` it.
    pub fn permission(&self, action: &str) -> String {
        format!(
            "{}.{}",
            self.schema.app,
            model_auth::permissions::codename(action, &self.schema.name)
        )
    }
}

impl std::fmt::Debug for ModelEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelEntry")
            .field("model", &self.label)
            .field("options", &self.options)
            .finish()
    }
}

/// One app's contribution to the site [`discover`] builds: a function
/// registering its models. Declare it with [`register_admin!`](crate::register_admin).
pub struct AdminRegistration {
    register: fn(&mut AdminSite),
}

impl AdminRegistration {
    /// A contribution registering models with `register`.
    pub const fn new(register: fn(&mut AdminSite)) -> AdminRegistration {
        AdminRegistration { register }
    }
}

inventory::collect!(AdminRegistration);

/// The site every linked crate declared with
/// [`register_admin!`](crate::register_admin), as Django's
/// `admin.autodiscover()` finds each app's `admin.py`: what `manage
/// runserver` serves.
pub fn discover() -> AdminSite {
    let mut site = AdminSite::new();
    for registration in inventory::iter::<AdminRegistration> {
        (registration.register)(&mut site);
    }
    site
}

/// Declares an app's admin registrations, so that every manage binary
/// linking the crate serves them with `runserver` (the crate's `admin.py`).
/// Use it at the top level of a module, with a function (or a closure
/// without captures) taking `&mut AdminSite`:
///
/// ```
/// use model_admin::{AdminSite, ModelAdmin};
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "register_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 50)]
///     pub title: String,
/// }
///
/// fn admin(site: &mut AdminSite) {
///     site.register::<Dish>(ModelAdmin::new().search_fields(&["title"]));
/// }
/// model_admin::register_admin!(admin);
///
/// let site = model_admin::discover().build()?;
/// assert!(site.find("register_doc", "dish").is_some());
/// # Ok::<(), model_admin::AdminError>(())
/// ```
#[macro_export]
macro_rules! register_admin {
    ($register:expr $(,)?) => {
        $crate::__private::inventory::submit! { $crate::AdminRegistration::new($register) }
    };
}
