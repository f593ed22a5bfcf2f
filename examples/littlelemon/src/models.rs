//! Categories of dishes, the menu, and table bookings.

use model_runtime::prelude::*;

/// A group of dishes on the menu ("Mains", "Desserts").
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon")]
pub struct Category {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The name shown on the menu; two categories never share one.
    #[field(max_length = 255, unique)]
    pub title: String,
}

/// A dish.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon")]
pub struct Menu {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The dish's name.
    #[field(max_length = 255)]
    pub title: String,
    /// Its price, to the cent.
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: Decimal,
    /// Portions left in the kitchen.
    #[field(default = 0)]
    pub inventory: i32,
    /// The category it is listed under; deleting the category deletes it.
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub category_id: i64,
    /// What the menu says about it, if anything.
    pub description: Option<String>,
}

/// A table booked by a guest.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon")]
pub struct Booking {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The guest's first name.
    #[field(max_length = 200)]
    pub first_name: String,
    /// The guest's last name.
    #[field(max_length = 200)]
    pub last_name: String,
    /// How many people are coming.
    #[field(default = 1)]
    pub guest_number: i32,
    /// Anything the kitchen should know.
    #[field(max_length = 1000)]
    pub comment: Option<String>,
    /// The day of the booking.
    #[field(index)]
    pub booking_date: NaiveDate,
}
