//! The derive's output compiles in a crate with no `diesel` dependency of
//! its own, whatever the names around it, without a single warning.
#![deny(warnings, missing_docs)]

// Local items named like what generated code might reach for unqualified.
#[allow(dead_code)]
struct Result;
#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
struct Some;
#[allow(dead_code)]
struct None;
#[allow(dead_code)]
struct Ok;
#[allow(dead_code)]
struct Err;
#[allow(dead_code)]
struct Box;
#[allow(dead_code)]
struct Default;
#[allow(dead_code)]
struct Iterator;
#[allow(dead_code)]
struct Connection;
#[allow(dead_code)]
struct Value;
#[allow(dead_code)]
mod diesel {}
#[allow(dead_code)]
mod model_runtime {}
#[allow(dead_code)]
mod core {}
#[allow(dead_code)]
mod std {}
#[allow(dead_code)]
mod inventory {}

use ::model_runtime::{Decimal, Model};

/// A parent, with a key it assigns itself.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "hygiene", table = "hygiene_parents")]
pub struct Parent {
    /// The code.
    #[field(primary_key, auto_increment = false, max_length = 8)]
    pub code: ::std::string::String,
    /// A self reference.
    #[field(foreign_key = Parent, on_delete = "set_null")]
    pub replaced_by: ::std::option::Option<::std::string::String>,
}

/// A child using every option.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(
    app = "hygiene",
    unique_together = [["name", "parent_code"]],
    indexes = [["price", "name"]],
    many_to_many(tags = Parent, target_key = ::std::string::String, related_name = "tagged_children")
)]
pub struct Child {
    /// The key.
    #[field(primary_key)]
    pub id: i32,
    /// A name.
    #[field(max_length = 20, unique, column = "child_name")]
    pub name: ::std::string::String,
    /// A price.
    #[field(max_digits = 5, decimal_places = 2, default = "1.50")]
    pub price: Decimal,
    /// A count.
    #[field(default = -1, index)]
    pub count: i64,
    /// A ratio.
    #[field(default = 0.5)]
    pub ratio: f64,
    /// A flag.
    #[field(default = false)]
    pub flag: bool,
    /// The parent.
    #[field(foreign_key = Parent, on_delete = "cascade")]
    pub parent_code: ::std::string::String,
    /// Another parent.
    #[field(foreign_key = Parent, on_delete = "restrict", related_name = "other_children")]
    pub other_code: ::std::option::Option<::std::string::String>,
    /// A protected link to a sibling.
    #[field(foreign_key = Self, on_delete = "protect")]
    pub sibling: ::std::option::Option<i32>,
    /// Bytes.
    pub data: ::std::vec::Vec<u8>,
}

/// A course, stored as text.
#[derive(::model_runtime::ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    /// The first.
    Starter,
    /// The second.
    #[model_enum(value = "main", label = "Main course")]
    MainCourse,
}

/// A heat, stored as an integer.
#[derive(::model_runtime::ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(integer)]
pub enum Heat {
    /// Mild.
    Mild = 1,
    /// Hot.
    Hot = -2,
}

fn no_digits(value: &str) -> ::std::result::Result<(), ::std::string::String> {
    match value.chars().any(|c| c.is_ascii_digit()) {
        true => ::std::result::Result::Err("digits".into()),
        false => ::std::result::Result::Ok(()),
    }
}

/// A model with every field behaviour.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "hygiene")]
pub struct Plate {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// A name.
    #[field(max_length = 20, blank, validate = [no_digits])]
    pub name: ::std::string::String,
    /// A course.
    #[field(max_length = 10, default = "main", sql_type = Text)]
    pub course: Course,
    /// A heat.
    #[field(default = 1, sql_type = Integer)]
    pub heat: ::std::option::Option<Heat>,
    /// When created.
    #[field(auto_now_add)]
    pub created: ::model_runtime::chrono::DateTime<::model_runtime::chrono::Utc>,
    /// When saved.
    #[field(auto_now)]
    pub saved: ::model_runtime::chrono::NaiveDateTime,
}

#[test]
fn field_behaviours_work_with_hostile_names_in_scope() {
    use ::model_runtime::field::ModelEnum as _;

    let mut conn = ::model_runtime::connect("sqlite::memory:").unwrap();
    Plate::create_table(&mut conn).unwrap();
    let new = NewPlate {
        name: ::std::string::String::new(),
        course: Course::MainCourse,
        heat: ::std::option::Option::Some(Heat::Hot),
    };
    let mut plate = Plate::create(&mut conn, new).unwrap();
    plate.save(&mut conn).unwrap();
    assert_eq!(Plate::get(&mut conn, plate.id).unwrap(), plate);
    assert_eq!((plate.course.label(), Heat::Hot.label()), ("Main course", "Hot"));
    plate.name = "2".into();
    assert!(plate.validate().is_err());
}

#[test]
fn generated_code_works_with_hostile_names_in_scope() {
    use ::model_runtime::diesel::prelude::*;
    use ::model_runtime::prelude::{NaiveDate, NewModel as _};

    let mut conn = ::model_runtime::connect("sqlite::memory:").unwrap();
    Parent::create_table(&mut conn).unwrap();
    Child::create_table(&mut conn).unwrap();
    let parent = Parent::create(
        &mut conn,
        NewParent {
            code: "P1".into(),
            replaced_by: ::std::option::Option::None,
        },
    )
    .unwrap();
    let child = Child::create(
        &mut conn,
        NewChild {
            name: "first".into(),
            price: "2.25".parse().unwrap(),
            count: 3,
            ratio: 0.25,
            flag: true,
            parent_code: parent.code.clone(),
            other_code: ::std::option::Option::None,
            sibling: ::std::option::Option::None,
            data: vec![1, 2, 3],
        },
    )
    .unwrap();
    let joined: ::std::vec::Vec<(Child, Parent)> =
        child::table.inner_join(parent::table).load(&mut conn).unwrap();
    let parent_row = parent.clone();
    assert_eq!(joined, [(child.clone(), parent)]);
    assert_eq!(NewChild::fields().count(), 9);

    Child_tags::create_table(&mut conn).unwrap();
    assert_eq!(child.parent_code(&mut conn).unwrap().code, "P1");
    assert_eq!(child.tags().add(&mut conn, &[&parent_row]).unwrap(), 1);
    let children = [child];
    assert_eq!(parent_row.tagged_children().all(&mut conn).unwrap(), children);
    assert_eq!(parent_row.children(&mut conn).unwrap(), children);
    let _ = NaiveDate::from_ymd_opt(2024, 1, 1);
}
