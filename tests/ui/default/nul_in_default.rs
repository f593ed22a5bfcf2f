use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 20, default = "a\0b")]
    pub code: String,
}

fn main() {}
