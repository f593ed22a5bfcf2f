use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, PartialEq)]
pub enum Course {
    Starter,
    Special(String),
}

fn main() {}
