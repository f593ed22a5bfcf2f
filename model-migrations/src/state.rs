use std::collections::BTreeMap;

use model_runtime::schema::{Column, ModelSchema};

/// Every model's schema at one point of the migration history, keyed by app
/// and model name: what replaying migration files rebuilds, and what the
/// compiled models are compared with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectState {
    models: BTreeMap<(String, String), ModelSchema>,
}

impl ProjectState {
    /// An empty state: no model at all, as before the first migration.
    pub fn new() -> ProjectState {
        ProjectState::default()
    }

    /// The state the compiled models describe, for the given apps only.
    pub fn from_registry(installed_apps: &[String]) -> ProjectState {
        let mut state = ProjectState::new();
        for model in model_runtime::registry::models() {
            let schema = model.schema();
            if installed_apps.iter().any(|app| *app == schema.app) {
                state.insert(schema.clone());
            }
        }
        state
    }

    /// A state holding these models.
    pub fn from_models(models: impl IntoIterator<Item = ModelSchema>) -> ProjectState {
        let mut state = ProjectState::new();
        for model in models {
            state.insert(model);
        }
        state
    }

    /// Adds or replaces a model.
    pub fn insert(&mut self, model: ModelSchema) {
        self.models
            .insert((model.app.to_string(), model.name.to_string()), model);
    }

    /// Removes a model, returning it.
    pub fn remove(&mut self, app: &str, name: &str) -> Option<ModelSchema> {
        self.models.remove(&(app.to_owned(), name.to_owned()))
    }

    /// A model by app and name.
    pub fn model(&self, app: &str, name: &str) -> Option<&ModelSchema> {
        self.models.get(&(app.to_owned(), name.to_owned()))
    }

    /// A model by app and name, to change it.
    pub fn model_mut(&mut self, app: &str, name: &str) -> Option<&mut ModelSchema> {
        self.models.get_mut(&(app.to_owned(), name.to_owned()))
    }

    /// Every model, to change them.
    pub fn models_mut(&mut self) -> impl Iterator<Item = &mut ModelSchema> {
        self.models.values_mut()
    }

    /// The model stored in `table`.
    pub fn model_by_table(&self, table: &str) -> Option<&ModelSchema> {
        self.models.values().find(|m| m.table == table)
    }

    /// Every model, sorted by app and name.
    pub fn models(&self) -> impl Iterator<Item = &ModelSchema> {
        self.models.values()
    }

    /// The models of one app, sorted by name.
    pub fn models_of_app<'a>(&'a self, app: &'a str) -> impl Iterator<Item = &'a ModelSchema> {
        self.models.values().filter(move |m| m.app == app)
    }

    /// The apps with at least one model, sorted.
    pub fn apps(&self) -> Vec<String> {
        let mut apps: Vec<String> = self.models.keys().map(|(app, _)| app.clone()).collect();
        apps.dedup();
        apps
    }

    /// Every column of every model that points at `app.name`, with its model.
    pub fn references_to<'a>(
        &'a self,
        app: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = (&'a ModelSchema, &'a Column)> {
        self.models.values().flat_map(move |model| {
            model.columns.iter().filter_map(move |column| {
                let fk = column.foreign_key.as_ref()?;
                (fk.app == app && fk.model == name).then_some((model, column))
            })
        })
    }

    /// Whether no model is in the state.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }
}
