use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Starter,
    MainCourse,
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 8, sql_type = Text)]
    pub course: Course,
}

fn main() {}
