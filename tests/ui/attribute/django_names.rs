use model_runtime::prelude::*;

// The names a Django user types first are answered with the names used here.
#[derive(Model)]
#[model(app = "shop", db_table = "items")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40, db_column = "label")]
    pub name: String,
    #[field(null = true)]
    pub note: String,
}

fn main() {}
