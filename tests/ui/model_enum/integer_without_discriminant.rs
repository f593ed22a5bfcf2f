use model_runtime::prelude::*;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(integer)]
pub enum Spice {
    Mild = 1,
    Hot,
}

fn main() {}
