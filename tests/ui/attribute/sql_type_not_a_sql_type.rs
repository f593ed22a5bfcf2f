use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(sql_type = Varchar)]
    pub name: String,
}

fn main() {}
