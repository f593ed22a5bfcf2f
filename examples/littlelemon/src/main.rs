//! Migrates the Little Lemon database to its latest migration (`db.sqlite3`
//! in the current directory, or `DATABASE_URL`, also read from `.env`), then
//! inserts, lists, updates and deletes a few rows, saying what it did.

use std::process::ExitCode;
use std::str::FromStr;

use littlelemon::models::{
    booking, category, menu, Booking, Category, Menu, NewBooking, NewCategory, NewMenu,
};
use model_runtime::manage::{self, MigrateArgs};
use model_runtime::prelude::*;
use model_runtime::Settings;

fn main() -> ExitCode {
    match run(&Settings::from_env().installed_apps(["littlelemon"])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(settings: &Settings) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let backend = model_runtime::DatabaseUrl::parse(settings.url())?.backend();
    println!("Database: {} ({backend})", DatabaseUrlShown(settings.url()));
    // `manage migrate`, from Rust. --fake-initial adopts a database whose
    // tables an earlier version of this example created without migrations.
    let migrate = MigrateArgs {
        fake_initial: true,
        ..MigrateArgs::default()
    };
    manage::migrate(settings, &migrate, &mut std::io::stdout())?;
    let mut conn = settings.connect()?;

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
            description: None,
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
                    description: None,
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
