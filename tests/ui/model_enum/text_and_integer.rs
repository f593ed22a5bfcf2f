use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(text, integer)]
pub enum Spice {
    Mild = 1,
}

fn main() {}
