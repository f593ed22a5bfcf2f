//! Creates the Little Lemon tables on a fresh database (`db.sqlite3` in the
//! current directory, or `DATABASE_URL`), then inserts, lists, updates and
//! deletes a few rows, saying what it did.

use std::process::ExitCode;
use std::str::FromStr;

use littlelemon::models::{
    booking, category, menu, Booking, Category, Menu, NewBooking, NewCategory, NewMenu,
};
use model_runtime::prelude::*;

fn main() -> ExitCode {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "db.sqlite3".to_owned());
    match run(&url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(url: &str) -> Result<()> {
    let mut conn = model_runtime::connect(url)?;
    println!("Database: {} ({})", DatabaseUrlShown(url), conn.backend_kind());
    create_missing_tables(&mut conn)?;

    let mains = category_named(&mut conn, "Mains")?;
    let desserts = category_named(&mut conn, "Desserts")?;
    for (title, price, category) in [
        ("Lemon pasta", "12.50", &mains),
        ("Greek salad", "9.75", &mains),
        ("Lemon tart", "6.00", &desserts),
    ] {
        dish_named(&mut conn, title, price, category)?;
    }

    println!("Menu by category:");
    let listing: Vec<(Menu, Category)> = menu::table
        .inner_join(category::table)
        .order((category::title, menu::title))
        .load(&mut conn)?;
    for (dish, category) in &listing {
        println!(
            "  {:<9} {:<12} {:>6}  ({} left)",
            category.title, dish.title, dish.price, dish.inventory
        );
    }

    let mut tart = menu::table
        .filter(menu::title.eq("Lemon tart"))
        .first::<Menu>(&mut conn)?;
    let old_price = tart.price.clone();
    tart.price = &tart.price + Decimal::from_str("0.50").expect("a decimal literal");
    tart.inventory += 1;
    tart.save(&mut conn)?;
    println!(
        "Updated {}: price {} -> {}, inventory now {}",
        tart.title, old_price, tart.price, tart.inventory
    );

    match Menu::create(
        &mut conn,
        NewMenu {
            title: "x".repeat(300),
            price: Decimal::from(1),
            inventory: 0,
            category_id: mains.id,
        },
    ) {
        Err(Error::Validation { field, message, .. }) => println!("Refused a dish: {field}: {message}"),
        other => println!("Unexpected: {other:?}"),
    }

    let booking = Booking::create(
        &mut conn,
        NewBooking {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            guest_number: 4,
            comment: Some("Window seat, please".into()),
            booking_date: NaiveDate::from_ymd_opt(2026, 12, 24).expect("a valid date"),
        },
    )?;
    println!(
        "Booked table #{} for {} {} ({} guests) on {}",
        booking.id, booking.first_name, booking.last_name, booking.guest_number, booking.booking_date
    );
    let on_christmas_eve: i64 = booking::table
        .filter(booking::booking_date.eq(booking.booking_date))
        .count()
        .get_result(&mut conn)?;
    println!("Bookings on {}: {on_christmas_eve}", booking.booking_date);
    booking.delete(&mut conn)?;
    println!(
        "Cancelled booking #{}; {} bookings left",
        booking.id,
        Booking::count(&mut conn)?
    );
    Ok(())
}

/// Creates each table that is not there yet, parents first.
fn create_missing_tables(conn: &mut Connection) -> Result<()> {
    let existing = model_runtime::introspect::table_names(conn)?;
    for (table, create) in [
        (
            <Category as Model>::TABLE,
            Category::create_table as fn(&mut Connection) -> Result<()>,
        ),
        (<Menu as Model>::TABLE, Menu::create_table),
        (<Booking as Model>::TABLE, Booking::create_table),
    ] {
        if !existing.iter().any(|name| name == table) {
            create(conn)?;
            println!("Created table {table}");
        }
    }
    Ok(())
}

fn category_named(conn: &mut Connection, title: &str) -> Result<Category> {
    let found = category::table
        .filter(category::title.eq(title))
        .first::<Category>(conn)
        .optional()?;
    match found {
        Some(category) => Ok(category),
        None => {
            let category = Category::create(conn, NewCategory { title: title.into() })?;
            println!("Inserted category {} (#{})", category.title, category.id);
            Ok(category)
        }
    }
}

fn dish_named(conn: &mut Connection, title: &str, price: &str, category: &Category) -> Result<Menu> {
    let found = menu::table
        .filter(menu::title.eq(title))
        .first::<Menu>(conn)
        .optional()?;
    match found {
        Some(dish) => Ok(dish),
        None => {
            let price = Decimal::from_str(price).expect("a decimal literal");
            let dish = Menu::create(
                conn,
                NewMenu {
                    title: title.into(),
                    price,
                    inventory: 10,
                    category_id: category.id,
                },
            )?;
            println!(
                "Inserted dish {} at {} in {}",
                dish.title, dish.price, category.title
            );
            Ok(dish)
        }
    }
}

/// A database URL as printed: without its password.
struct DatabaseUrlShown<'a>(&'a str);

impl std::fmt::Display for DatabaseUrlShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match model_runtime::DatabaseUrl::parse(self.0) {
            Ok(url) => f.write_str(&url.redacted()),
            Err(_) => f.write_str(self.0),
        }
    }
}
