use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(txt)]
pub enum Course {
    #[model_enum(lable = "First")]
    Starter,
    Main,
}

fn main() {}
