use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Item {
    #[field(primary_key)]
    pub id: i64,
    #[field(auto_now_add, default = "2024-05-01 12:00:00")]
    pub created: NaiveDateTime,
}

fn main() {}
