use model_runtime::prelude::*;

// `label` is still a field: `name` cannot have been renamed from it.
#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(renamed_from = "label")]
    pub name: String,
    pub label: String,
}

fn main() {}
