use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Starter,
    Main,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(default = "soup", sql_type = Text)]
    pub course: Course,
}

fn main() {}
