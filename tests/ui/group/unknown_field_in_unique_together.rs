use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop", unique_together = [["name", "colour"]])]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
    #[field(max_length = 20)]
    pub color: String,
}

fn main() {}
