use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(primary_key, auto_increment = false)]
    pub code: String,
    #[field(max_length = 40)]
    pub name: String,
}

fn main() {}
