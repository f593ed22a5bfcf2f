use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

fn main() {}
