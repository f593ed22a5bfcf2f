use model_runtime::prelude::*;

#[derive(Model)]
#[model(app = "shop")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub title: String,
    #[field(foreign_key = Self, on_delete = "cascade")]
    pub parent_id: Option<i32>,
}

fn main() {}
