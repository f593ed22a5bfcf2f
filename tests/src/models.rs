//! The models the integration tests share.

use model_runtime::prelude::*;

/// Every supported field type, plain and nullable.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "types")]
pub struct Everything {
    #[field(primary_key)]
    pub id: i64,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub float: f32,
    pub double: f64,
    pub flag: bool,
    #[field(max_length = 255, blank)]
    pub short_text: String,
    #[field(blank)]
    pub text: String,
    pub bytes: Vec<u8>,
    #[field(max_digits = 15, decimal_places = 4)]
    pub amount: Decimal,
    pub day: NaiveDate,
    pub moment: NaiveDateTime,
    pub instant: DateTime<Utc>,
    pub key: Uuid,
    pub document: JsonValue,
    pub maybe_small: Option<i16>,
    pub maybe_int: Option<i32>,
    pub maybe_big: Option<i64>,
    pub maybe_float: Option<f32>,
    pub maybe_double: Option<f64>,
    pub maybe_flag: Option<bool>,
    #[field(max_length = 10)]
    pub maybe_short_text: Option<String>,
    pub maybe_text: Option<String>,
    pub maybe_bytes: Option<Vec<u8>>,
    #[field(max_digits = 6, decimal_places = 2)]
    pub maybe_amount: Option<Decimal>,
    pub maybe_day: Option<NaiveDate>,
    pub maybe_moment: Option<NaiveDateTime>,
    pub maybe_instant: Option<DateTime<Utc>>,
    pub maybe_key: Option<Uuid>,
    pub maybe_document: Option<JsonValue>,
}

/// A menu category: the parent of a foreign key.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 255, unique)]
    pub title: String,
}

/// A dish, pointing at its category.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon", indexes = [["title", "price"]])]
pub struct Menu {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 255)]
    pub title: String,
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: Decimal,
    #[field(default = 0)]
    pub inventory: i32,
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub category_id: i64,
    pub description: Option<String>,
}

/// A table booking, with a composite unique constraint and a nullable,
/// protecting foreign key.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon", unique_together = [["first_name", "last_name", "booking_date"]])]
pub struct Booking {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 100)]
    pub first_name: String,
    #[field(max_length = 100, column = "surname")]
    pub last_name: String,
    #[field(default = 2, index)]
    pub guest_number: i32,
    pub comment: Option<String>,
    pub booking_date: NaiveDate,
    #[field(foreign_key = Menu, on_delete = "protect")]
    pub favourite_id: Option<i64>,
    #[field(default = true)]
    pub confirmed: bool,
}

/// A model keyed by a UUID it assigns itself.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "keys", table = "ticket_codes")]
pub struct Ticket {
    #[field(primary_key, auto_increment = false)]
    pub code: Uuid,
    #[field(max_length = 20, default = "general")]
    pub kind: String,
    #[field(foreign_key = Self, on_delete = "set_null")]
    pub replaces: Option<Uuid>,
}

/// Creates the tables of the littlelemon models, parents first.
pub fn create_littlelemon_tables(conn: &mut Connection) -> Result<()> {
    Category::create_table(conn)?;
    Menu::create_table(conn)?;
    Booking::create_table(conn)
}
