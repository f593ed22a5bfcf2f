use model_runtime::prelude::*;

// Every field behaviour on a type it fits: none of the checks may reject it.
#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Starter,
    #[model_enum(value = "main", label = "Main course")]
    MainCourse,
}

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(integer)]
pub enum Spice {
    Mild = -1,
    Hot = 3,
}

fn no_digits(value: &str) -> Result<(), String> {
    if value.chars().any(|c| c.is_ascii_digit()) {
        Err("no digits".into())
    } else {
        Ok(())
    }
}

fn short(value: &String) -> Result<(), &'static str> {
    if value.len() < 100 {
        Ok(())
    } else {
        Err("too long")
    }
}

fn hot(value: &Spice) -> Result<(), String> {
    match value {
        Spice::Hot => Ok(()),
        Spice::Mild => Err(format!("{} is not hot", value.label())),
    }
}

#[derive(Model)]
#[model(app = "shop")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 20, blank, validate = [no_digits, short])]
    pub name: String,
    #[field(blank, validate = no_digits)]
    pub note: Option<String>,
    #[field(max_length = 10, default = "main", index, sql_type = Text)]
    pub course: Course,
    #[field(default = 3, validate = hot, sql_type = Integer)]
    pub spice: Option<Spice>,
    #[field(auto_now_add)]
    pub created: DateTime<Utc>,
    #[field(auto_now)]
    pub updated: Option<NaiveDateTime>,
    #[field(auto_now_add)]
    pub day: NaiveDate,
}

fn main() {
    let new = NewDish {
        name: String::new(),
        note: None,
        course: Course::MainCourse,
        spice: None,
    };
    let _ = new;
}
