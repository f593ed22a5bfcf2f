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
    /// `(foreign key field, accessor)`: the accessor each foreign key gives
    /// the model it points at (`related_name`, or the plural of this
    /// model's name), for the keys that give one.
    pub reverse_accessors: &'static [(&'static str, &'static str)],
}

inventory::collect!(Registration);

/// A foreign key seen from the model it points at: Django's reverse
/// relation, `category.menus`.
#[derive(Clone, Copy)]
pub struct ReverseRelation {
    /// The accessor's name (`"menus"`).
    pub accessor: &'static str,
    /// The model holding the foreign key (`Menu`).
    pub model: &'static dyn DynModel,
    /// The foreign key field (`"category_id"`).
    pub field: &'static str,
}

impl std::fmt::Debug for ReverseRelation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReverseRelation")
            .field("accessor", &self.accessor)
            .field("model", &self.model.schema().name)
            .field("field", &self.field)
            .finish()
    }
}

/// The foreign keys of registered models that point at the model
/// `app.name` and give it an accessor, sorted by accessor.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model)]
/// #[model(app = "reverse_doc")]
/// pub struct Shelf {
///     #[field(primary_key)]
///     pub id: i64,
///     pub label: String,
/// }
///
/// #[derive(Model)]
/// #[model(app = "reverse_doc")]
/// pub struct Book {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(foreign_key = Shelf, on_delete = "cascade")]
///     pub shelf_id: i64,
/// }
///
/// let relations = model_runtime::registry::reverse_relations("reverse_doc", "Shelf");
/// assert_eq!(relations[0].accessor, "books");
/// assert_eq!(relations[0].field, "shelf_id");
/// ```
pub fn reverse_relations(app: &str, name: &str) -> Vec<ReverseRelation> {
    let mut relations: Vec<ReverseRelation> = inventory::iter::<Registration>
        .into_iter()
        .flat_map(|registration| {
            let schema = registration.model.schema();
            registration
                .reverse_accessors
                .iter()
                .filter_map(move |(field, accessor)| {
                    let target = schema.field(field)?.foreign_key.as_ref()?;
                    (target.app == app && target.model == name).then_some(ReverseRelation {
                        accessor,
                        model: registration.model,
                        field,
                    })
                })
        })
        .collect();
    relations.sort_by_key(|r| r.accessor);
    relations
}

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
/// migrations live (`<crate>/migrations/`): the crate of its models, else
/// the crate that declared it with [`app!`](crate::app).
pub fn crate_dir(app: &str) -> Option<&'static str> {
    inventory::iter::<Registration>
        .into_iter()
        .find(|r| r.model.schema().app == app)
        .map(|r| r.crate_dir)
        .or_else(|| {
            inventory::iter::<AppConfig>
                .into_iter()
                .find(|config| config.label == app)
                .map(|config| config.crate_dir)
        })
}

/// An app declared by its crate with [`app!`](crate::app), models or not.
#[doc(hidden)]
pub struct AppConfig {
    /// The app's label, as installed apps name it.
    pub label: &'static str,
    /// The directory of the crate that declared it.
    pub crate_dir: &'static str,
}

inventory::collect!(AppConfig);

/// Declares an app in its crate, as Django's `apps.py` does: the app is
/// known, and its migrations folder found, before it has any model, so a
/// new app's crate (what `startapp` writes) can be installed at once.
/// A crate whose models carry the app's name needs no declaration.
///
/// ```
/// model_runtime::app!("polls_doc");
///
/// let dir = model_runtime::registry::crate_dir("polls_doc").expect("declared");
/// assert!(std::path::Path::new(dir).join("Cargo.toml").is_file());
/// assert!(model_runtime::registry::apps_of_crate(dir).contains(&"polls_doc".to_owned()));
/// ```
#[macro_export]
macro_rules! app {
    ($label:literal) => {
        $crate::__private::inventory::submit! {
            $crate::registry::AppConfig {
                label: $label,
                crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
            }
        }
    };
}

/// The apps whose models are registered from the crate compiled in
/// `crate_dir`, sorted: a crate defining several keeps each app's
/// migrations in a subfolder of its own.
///
/// ```
/// use model_runtime::prelude::*;
/// use model_runtime::registry;
///
/// #[derive(Model)]
/// #[model(app = "apps_of_crate_doc")]
/// pub struct Note {
///     #[field(primary_key)]
///     pub id: i64,
///     pub text: String,
/// }
///
/// let dir = registry::crate_dir("apps_of_crate_doc").expect("the model is registered");
/// assert!(registry::apps_of_crate(dir).contains(&"apps_of_crate_doc".to_owned()));
/// ```
pub fn apps_of_crate(crate_dir: &str) -> Vec<String> {
    let mut apps: Vec<String> = inventory::iter::<Registration>
        .into_iter()
        .filter(|r| r.crate_dir == crate_dir)
        .map(|r| r.model.schema().app.to_string())
        .chain(
            inventory::iter::<AppConfig>
                .into_iter()
                .filter(|config| config.crate_dir == crate_dir)
                .map(|config| config.label.to_string()),
        )
        .collect();
    apps.sort_unstable();
    apps.dedup();
    apps
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

/// The model a foreign key points at, when it is compiled in.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model)]
/// #[model(app = "target_doc")]
/// pub struct Shelf {
///     #[field(primary_key)]
///     pub id: i64,
///     pub label: String,
/// }
///
/// #[derive(Model)]
/// #[model(app = "target_doc")]
/// pub struct Book {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(foreign_key = Shelf, on_delete = "cascade")]
///     pub shelf_id: i64,
/// }
///
/// let key = Book::schema().field("shelf_id").unwrap().foreign_key.as_ref().unwrap();
/// let shelf = model_runtime::registry::foreign_key_target(key).unwrap();
/// assert_eq!(shelf.schema().name, "Shelf");
/// ```
pub fn foreign_key_target(target: &crate::schema::ForeignKeyTarget) -> Option<&'static dyn DynModel> {
    inventory::iter::<Registration>
        .into_iter()
        .map(|r| r.model)
        .find(|m| {
            let schema = m.schema();
            schema.app == target.app && schema.name == target.model
        })
}

/// The migration files one crate embedded in the binary, registered by
/// [`embed_migrations!`](crate::embed_migrations): plain text, read and
/// parsed by the migration engine (`model-migrations`), so that a crate of
/// models embeds its migrations with no dependency on that engine.
#[doc(hidden)]
pub struct EmbeddedMigrations {
    /// The crate's directory when it was compiled: how its models'
    /// registrations find these files.
    pub crate_dir: &'static str,
    /// `(path under migrations/, text)`, `/`-separated.
    pub files: &'static [(&'static str, &'static str)],
}

inventory::collect!(EmbeddedMigrations);

/// The embedded migration files of the crate compiled in `crate_dir`, as
/// `(path under migrations/, text)`, in no particular order.
///
/// ```
/// // Nothing was embedded from a crate that never called `embed_migrations!`.
/// assert_eq!(model_runtime::registry::embedded_migrations("/no/such/crate").count(), 0);
/// ```
pub fn embedded_migrations(crate_dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    inventory::iter::<EmbeddedMigrations>
        .into_iter()
        .filter(move |embedded| embedded.crate_dir == crate_dir)
        .flat_map(|embedded| embedded.files.iter().copied())
}

/// Whether `app` keeps its migrations in a subfolder of its own
/// (`migrations/<app>/`) rather than in `migrations/` itself: when that
/// subfolder exists; not when the files in `migrations/` are the app's
/// (`root_owner`, the app the first of them names); when they are another
/// app's; when there are none, only if the crate defines other apps. The
/// one rule for the folders on disk and the embedded copies, so that an
/// app's folder stays where it is when another app appears in its crate.
///
/// ```
/// use model_runtime::registry::uses_own_subfolder;
///
/// // A crate of one app: migrations/.
/// assert!(!uses_own_subfolder("shop", 1, false, None));
/// // A second app appears: the first keeps migrations/, the second gets its own.
/// assert!(!uses_own_subfolder("shop", 2, false, Some("shop")));
/// assert!(uses_own_subfolder("stock", 2, false, Some("shop")));
/// // A new crate of two apps: a folder each.
/// assert!(uses_own_subfolder("shop", 2, false, None));
/// ```
#[doc(hidden)]
pub fn uses_own_subfolder(
    app: &str,
    apps_in_crate: usize,
    has_subfolder: bool,
    root_owner: Option<&str>,
) -> bool {
    if has_subfolder {
        return true;
    }
    match root_owner {
        Some(owner) => owner != app,
        None => apps_in_crate > 1,
    }
}

/// The app a migration file's text names on its `app = "..."` line, as
/// `makemigrations` writes it; `None` when it names none.
///
/// ```
/// let text = "# Migration shop.0001_initial\n\napp = \"shop\"\n";
/// assert_eq!(model_runtime::registry::app_of_migration(text), Some("shop"));
/// ```
#[doc(hidden)]
pub fn app_of_migration(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("app")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        value.strip_prefix('"')?.strip_suffix('"')
    })
}

/// Whether the crate compiled in `crate_dir` embedded its migrations
/// folder with [`embed_migrations!`](crate::embed_migrations), even an
/// empty one.
///
/// ```
/// assert!(!model_runtime::registry::embeds_migrations("/no/such/crate"));
/// ```
pub fn embeds_migrations(crate_dir: &str) -> bool {
    inventory::iter::<EmbeddedMigrations>
        .into_iter()
        .any(|embedded| embedded.crate_dir == crate_dir)
}

/// Embeds the crate's `migrations/` folder in the binary, so that it
/// migrates without the source tree. Use it once, in the crate that defines
/// the models (its `lib.rs`), with a `build.rs` that calls
/// `model_build::embed_migrations()` (two files, so not a doctest; the
/// littlelemon example does exactly this):
///
/// ```text
/// // build.rs
/// fn main() {
///     model_build::embed_migrations();
/// }
///
/// // src/lib.rs
/// pub mod models;
/// model_runtime::embed_migrations!();
/// ```
///
/// Only the files' text is registered (see [`registry::embedded_migrations`](crate::registry::embedded_migrations));
/// `model-migrations` parses them when a command reads them. The files on
/// disk win while the crate's folder exists (during development,
/// `makemigrations` writes there and reads what it wrote); the embedded
/// copy is read when it does not, or when `MODEL_EMBEDDED_MIGRATIONS=1`
/// (see [`Settings`](crate::Settings)).
#[macro_export]
macro_rules! embed_migrations {
    () => {
        $crate::__private::inventory::submit! {
            $crate::registry::EmbeddedMigrations {
                crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                files: ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/model_migrations.rs")),
            }
        }
    };
}
