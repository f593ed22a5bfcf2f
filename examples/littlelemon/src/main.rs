//! Migrates the Little Lemon database to its latest migration (`db.sqlite3`
//! in the current directory, or `DATABASE_URL`, also read from `.env`),
//! then fills the menu, lists it by category, books a table with dishes
//! ordered ahead, and cancels it, saying what it did.

use std::process::ExitCode;
use std::str::FromStr;

use littlelemon::models::{
    booking, category, menu, Booking, Category, Menu, NewBooking, NewCategory, NewMenu,
};
use model_manage::MigrateArgs;
use model_runtime::prelude::*;
use model_runtime::query::{count_star, min};
use model_runtime::Settings;

fn main() -> ExitCode {
    match run(&Settings::from_env().installed_apps(["admin", "auth", "sessions", "littlelemon"])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(settings: &Settings) -> std::result::Result<(), Box<dyn std::error::Error>> {
    // Never the password: the URL as messages show it.
    let url = model_runtime::DatabaseUrl::parse(settings.url())?;
    println!("Database: {} ({})", url.redacted(), url.backend());
    // `manage migrate`, from Rust. --fake-initial adopts a database whose
    // tables an earlier version of this example created without migrations.
    let migrate = MigrateArgs {
        fake_initial: true,
        ..MigrateArgs::default()
    };
    model_manage::migrate(settings, &migrate, &mut std::io::stdout())?;
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
    list_menu(&mut conn)?;

    // Django's `Menu.objects.get(title=...)`, then `save()`.
    let mut tart = Menu::objects()
        .filter(menu::title.eq("Lemon tart"))
        .get(&mut conn)?;
    let old_price = tart.price.clone();
    tart.price = &tart.price + Decimal::from_str("0.50").expect("a decimal literal");
    tart.save(&mut conn)?;
    println!("Updated {}: price {} -> {}", tart.title, old_price, tart.price);
    // `.update(inventory=F("inventory") + 1)`: one UPDATE for every main.
    let restocked = Menu::objects()
        .filter(menu::category_id.eq(mains.id))
        .update(&mut conn, menu::inventory.eq(menu::inventory + 1))?;
    println!("Restocked {restocked} mains by one portion");

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

    book_a_table(&mut conn, &tart)?;
    Ok(())
}

/// The menu by category, two ways: each category with its dishes (two
/// queries), and the cheap dishes with their category (one JOIN).
fn list_menu(conn: &mut Connection) -> Result<()> {
    println!("Menu by category:");
    let categories: Vec<(Category, Vec<Menu>)> = Category::objects()
        .order_by(category::title.asc())
        .prefetch_related(Category::MENUS)
        .children(Menu::objects().order_by(menu::title.asc()))
        .load(conn)?;
    for (category, dishes) in &categories {
        for dish in dishes {
            println!(
                "  {:<9} {:<12} {:>6}  ({} left)",
                category.title, dish.title, dish.price, dish.inventory
            );
        }
    }

    let cheap: Vec<(Menu, Category)> = Menu::objects()
        .filter(menu::price.lt(Decimal::from(10)))
        .order_by(menu::price.asc())
        .select_related(Menu::CATEGORY)
        .load(conn)?;
    let names: Vec<String> = cheap
        .iter()
        .map(|(dish, category)| format!("{} ({})", dish.title, category.title))
        .collect();
    println!("Under 10: {}", names.join(", "));

    let per_category: Vec<(i64, i64, Option<Decimal>)> = Menu::objects()
        .order_by(menu::category_id.asc())
        .group_by(menu::category_id)
        .values(conn, (menu::category_id, count_star(), min(menu::price)))?;
    for (category_id, dishes, cheapest) in per_category {
        let title = &categories
            .iter()
            .find(|(category, _)| category.id == category_id)
            .map_or("?", |(category, _)| category.title.as_str());
        // SQLite computes MIN of a decimal column as a number, without its
        // decimal places: show the menu's two.
        let cheapest = cheapest.map_or_else(|| "-".to_owned(), |price| price.with_scale(2).to_string());
        println!("  {title}: {dishes} on the menu, from {cheapest}");
    }
    Ok(())
}

/// A booking with dishes ordered ahead, made in one transaction, then
/// cancelled; a dish still ordered cannot be taken off the menu.
fn book_a_table(conn: &mut Connection, tart: &Menu) -> Result<()> {
    let pasta = Menu::objects().filter(menu::title.eq("Lemon pasta")).get(conn)?;
    let booking = atomic(conn, |conn| {
        let booking = Booking::create(
            conn,
            NewBooking {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                guest_number: 4,
                comment: Some("Window seat, please".into()),
                booking_date: NaiveDate::from_ymd_opt(2026, 12, 24).expect("a valid date"),
                user_id: None,
            },
        )?;
        booking.dishes().add(conn, &[&pasta, tart])?;
        Ok::<_, Error>(booking)
    })?;
    let ordered: Vec<String> = booking
        .dishes()
        .all(conn)?
        .into_iter()
        .map(|dish| dish.title)
        .collect();
    println!(
        "Booked table #{} for {} {} ({} guests) on {}, ordering {}",
        booking.id,
        booking.first_name,
        booking.last_name,
        booking.guest_number,
        booking.booking_date,
        ordered.join(" and ")
    );
    let on_that_day = Booking::objects()
        .filter(booking::booking_date.eq(booking.booking_date))
        .count(conn)?;
    println!("Bookings on {}: {on_that_day}", booking.booking_date);
    let who_ordered: Vec<String> = tart
        .bookings()
        .all(conn)?
        .into_iter()
        .map(|b| b.last_name)
        .collect();
    println!("{} is ordered by: {}", tart.title, who_ordered.join(", "));

    match tart.clone().delete(conn) {
        Err(error @ Error::ForeignKeyViolation { .. }) => {
            println!("Kept {} on the menu: {error}", tart.title)
        }
        other => println!("Unexpected: {other:?}"),
    }
    booking.delete(conn)?;
    println!(
        "Cancelled booking #{} and its order; {} bookings left",
        booking.id,
        Booking::count(conn)?
    );
    Ok(())
}

/// The category titled `title`, created the first time.
fn category_named(conn: &mut Connection, title: &str) -> Result<Category> {
    let (category, created) = Category::objects().get_or_create(
        conn,
        category::title.eq(title),
        NewCategory { title: title.into() },
    )?;
    if created {
        println!("Inserted category {} (#{})", category.title, category.id);
    }
    Ok(category)
}

/// The dish titled `title`, created the first time with ten portions.
fn dish_named(conn: &mut Connection, title: &str, price: &str, category: &Category) -> Result<Menu> {
    let new = NewMenu {
        title: title.into(),
        price: Decimal::from_str(price).expect("a decimal literal"),
        inventory: 10,
        category_id: category.id,
        description: None,
    };
    let (dish, created) = Menu::objects().get_or_create(conn, menu::title.eq(title), new)?;
    if created {
        println!(
            "Inserted dish {} at {} in {}",
            dish.title, dish.price, category.title
        );
    }
    Ok(dish)
}
