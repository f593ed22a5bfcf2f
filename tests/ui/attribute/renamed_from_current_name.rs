use model_runtime::prelude::*;

// A rename hint must name the old name: the current one would say nothing.
#[derive(Model)]
#[model(app = "shop", renamed_from = "Item")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(renamed_from = "name")]
    pub name: String,
}

fn main() {}
