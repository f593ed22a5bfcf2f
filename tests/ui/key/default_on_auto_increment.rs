use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key, default = 1)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

fn main() {}
