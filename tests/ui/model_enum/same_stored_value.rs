use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Main,
    #[model_enum(value = "main")]
    MainCourse,
}

fn main() {}
