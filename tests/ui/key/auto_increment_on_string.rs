use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub code: String,
    #[field(max_length = 40)]
    pub name: String,
}

fn main() {}
