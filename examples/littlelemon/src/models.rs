//! Categories of dishes, the menu, and table bookings with the dishes
//! ordered for them.

use model_runtime::prelude::*;
use model_runtime::relations::NewLink;

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

/// A table booked by a guest, with the dishes ordered ahead
/// (`booking.dishes()`), each with its quantity in a [`BookingItem`].
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon", many_to_many(dishes = Menu, through = BookingItem))]
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
    /// The user who made the booking, if it was made online; deleting the
    /// user keeps the booking.
    #[field(foreign_key = model_auth::User, on_delete = "set_null", related_name = "+")]
    pub user_id: Option<i64>,
}

/// One dish ordered ahead for a booking: the through model of
/// `Booking.dishes`, which carries how many portions.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "littlelemon", table = "littlelemon_booking_item", unique_together = [["booking_id", "menu_id"]])]
pub struct BookingItem {
    /// The key.
    #[field(primary_key)]
    pub id: i64,
    /// The booking; cancelling it drops its order.
    #[field(foreign_key = Booking, on_delete = "cascade", related_name = "items")]
    pub booking_id: i64,
    /// The dish; a dish still ordered cannot be taken off the menu.
    #[field(foreign_key = Menu, on_delete = "protect", related_name = "orders")]
    pub menu_id: i64,
    /// How many portions.
    #[field(default = 1)]
    pub quantity: i32,
}

/// `booking.dishes().add(..)` orders one portion of each dish.
impl NewLink<booking_item::booking_id, booking_item::menu_id> for NewBookingItem {
    type Source = i64;
    type Target = i64;

    fn new_link(booking_id: i64, menu_id: i64) -> NewBookingItem {
        NewBookingItem {
            booking_id,
            menu_id,
            quantity: 1,
        }
    }
}
