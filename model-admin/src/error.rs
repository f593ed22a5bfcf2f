//! Why building the admin site, or serving it, failed.

/// Why a call of this crate failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// An option of a [`ModelAdmin`](crate::ModelAdmin) names a field the
    /// model does not have: found when the site is built, never at request
    /// time.
    #[error("admin of {model}: `{option}` names `{field}`, which {model} has no field called (its fields: {known})")]
    UnknownField {
        /// The model, as `app.Model`.
        model: String,
        /// The option (`list_display`, `search_fields`, `ordering`).
        option: &'static str,
        /// The name the model lacks.
        field: String,
        /// The fields it has, comma-separated.
        known: String,
    },
    /// `list_filter` names a field with no values to choose from: not a
    /// boolean, a field with choices, a foreign key or a date.
    #[error("admin of {model}: `list_filter` names `{field}`, which is not a boolean, a field with choices, a foreign key or a date")]
    NotFilterable {
        /// The model, as `app.Model`.
        model: String,
        /// The field.
        field: String,
    },
    /// `search_fields` names a field that is not text: the search looks
    /// for words in text only.
    #[error("admin of {model}: `search_fields` names `{field}`, which is not a text field")]
    NotSearchable {
        /// The model, as `app.Model`.
        model: String,
        /// The field.
        field: String,
    },
    /// `list_per_page(0)`: a page must hold at least one row.
    #[error("admin of {model}: `list_per_page` must be at least 1")]
    EmptyPage {
        /// The model, as `app.Model`.
        model: String,
    },
    /// The same model was registered twice (Django's `AlreadyRegistered`).
    #[error("admin: {model} is registered twice")]
    AlreadyRegistered {
        /// The model, as `app.Model`.
        model: String,
    },
    /// The model is not in the runtime's registry, so its rows cannot be
    /// read generically.
    #[error("admin: {model} is not in the model registry")]
    NotInRegistry {
        /// The model, as `app.Model`.
        model: String,
    },
    /// The database refused.
    #[error(transparent)]
    Database(#[from] model_runtime::Error),
    /// A users or sessions call failed.
    #[error(transparent)]
    Auth(#[from] model_auth::AuthError),
    /// No connection could be had from the pool.
    #[error("no database connection: {0}")]
    Pool(String),
    /// A file of the site's templates folder could not be read or does not
    /// parse: found when the site is built.
    #[error("admin template {}: {message}", path.display())]
    TemplateFile {
        /// The file, or the folder that could not be read.
        path: std::path::PathBuf,
        /// Why.
        message: String,
    },
    /// A page's template failed to render.
    #[error("the template {name} failed: {source}")]
    Template {
        /// The template's name.
        name: &'static str,
        /// Why.
        source: minijinja::Error,
    },
}
