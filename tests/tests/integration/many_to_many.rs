//! Many-to-many relations, as Django's `ManyToManyField`: `add`, `remove`,
//! `set`, `clear` and `all` round trips, both sides, cascades, filters
//! across the relation, an explicit `through` model, and the through table
//! made by `makemigrations` and `migrate` like any other, on every backend.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use model_manage::{MakemigrationsArgs, MigrateArgs};
use model_migrations::autodetect::NonInteractive;
use model_migrations::introspect;
use model_migrations::Operation;
use model_runtime::prelude::*;
use model_runtime::relations::NewLink;
use model_runtime::Settings;
use model_tests::on_every_backend;
use model_tests::statements::StatementCounter;

/// A dish: the target of the relations.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "m2m")]
pub struct Menu {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub title: String,
}

/// A booking with an auto-created through table, `m2m_booking_menus`.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "m2m", many_to_many(menus = Menu))]
pub struct Booking {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

/// An order whose dishes go through `OrderLine`, a model of its own.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "m2m", many_to_many(dishes = Menu, through = OrderLine, related_name = "orders"))]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub table_name: String,
}

/// The explicit through model: a link with a quantity.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "m2m", unique_together = [["order_id", "menu_id"]])]
pub struct OrderLine {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Order, on_delete = "cascade", related_name = "lines")]
    pub order_id: i64,
    #[field(foreign_key = Menu, on_delete = "cascade", related_name = "+")]
    pub menu_id: i64,
    #[field(default = 1)]
    pub quantity: i32,
}

impl NewLink<order_line::order_id, order_line::menu_id> for NewOrderLine {
    type Source = i64;
    type Target = i64;

    fn new_link(order_id: i64, menu_id: i64) -> Self {
        NewOrderLine {
            order_id,
            menu_id,
            quantity: 1,
        }
    }
}

/// Wines that go with other wines: a model related to itself.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "m2m", many_to_many(pairs_with = Self, related_name = "paired_by"))]
pub struct Wine {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
}

// Booking and Menu have no foreign key between them: Diesel is told they
// may be joined (through `booking_menus`).
model_runtime::diesel::allow_tables_to_appear_in_same_query!(booking, menu);

fn setup(conn: &mut Connection) {
    Menu::create_table(conn).unwrap();
    Booking::create_table(conn).unwrap();
    Booking_menus::create_table(conn).unwrap();
    Order::create_table(conn).unwrap();
    OrderLine::create_table(conn).unwrap();
    Wine::create_table(conn).unwrap();
    Wine_pairs_with::create_table(conn).unwrap();
}

fn dishes(conn: &mut Connection, titles: &[&str]) -> Vec<Menu> {
    titles
        .iter()
        .map(|title| {
            Menu::create(
                conn,
                NewMenu {
                    title: (*title).into(),
                },
            )
            .unwrap()
        })
        .collect()
}

fn booking(conn: &mut Connection, name: &str) -> Booking {
    Booking::create(conn, NewBooking { name: name.into() }).unwrap()
}

fn links(conn: &mut Connection) -> i64 {
    Booking_menus::count(conn).unwrap()
}

on_every_backend! {
    /// `add` takes rows or keys; `all` reads the targets, in key order, in
    /// one statement.
    fn add_links_targets_and_all_reads_them_in_one_query(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup, tart] = dishes(&mut conn, &["Pasta", "Soup", "Tart"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");

        assert_eq!(ada.menus().add(&mut conn, &[&tart, &pasta]).unwrap(), 2);
        assert_eq!(grace.menus().add(&mut conn, &[soup.id]).unwrap(), 1);

        let counter = StatementCounter::install(&mut conn);
        assert_eq!(ada.menus().all(&mut conn).unwrap(), [pasta.clone(), tart.clone()]);
        assert_eq!(counter.count(), 1);
        assert_eq!(grace.menus().all(&mut conn).unwrap(), [soup]);
        assert_eq!(booking(&mut conn, "Alan").menus().all(&mut conn).unwrap(), []);

        // As a query set, to narrow.
        let titles: Vec<String> = ada.menus().objects().filter(menu::title.like("T%")).values(&mut conn, menu::title).unwrap();
        assert_eq!(titles, ["Tart"]);
    }

    /// Adding a link that exists does nothing, as in Django: no error, no
    /// second row.
    fn add_of_an_existing_link_does_nothing(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup] = dishes(&mut conn, &["Pasta", "Soup"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        assert_eq!(ada.menus().add(&mut conn, &[&pasta]).unwrap(), 1);
        assert_eq!(ada.menus().add(&mut conn, &[&pasta]).unwrap(), 0);
        assert_eq!(ada.menus().add(&mut conn, &[pasta.id, soup.id, soup.id]).unwrap(), 1);
        assert_eq!(links(&mut conn), 2);
        assert_eq!(ada.menus().add::<_, i64>(&mut conn, &[]).unwrap(), 0);
        assert_eq!(ada.menus().all(&mut conn).unwrap(), [pasta, soup]);
    }

    /// `remove` unlinks the given targets only; the targets themselves stay.
    fn remove_unlinks_only_the_given_targets(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup, tart] = dishes(&mut conn, &["Pasta", "Soup", "Tart"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");
        ada.menus().add(&mut conn, &[&pasta, &soup, &tart]).unwrap();
        grace.menus().add(&mut conn, &[&pasta]).unwrap();

        assert_eq!(ada.menus().remove(&mut conn, &[&pasta, &soup]).unwrap(), 2);
        assert_eq!(ada.menus().remove(&mut conn, &[&pasta]).unwrap(), 0, "no longer linked");
        assert_eq!(ada.menus().all(&mut conn).unwrap(), [tart]);
        assert_eq!(grace.menus().all(&mut conn).unwrap(), [pasta], "another booking's links stay");
        assert_eq!(Menu::count(&mut conn).unwrap(), 3);
    }

    /// `set` makes the given targets the whole set: missing links added,
    /// others removed, the rest untouched.
    fn set_replaces_the_whole_set(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup, tart] = dishes(&mut conn, &["Pasta", "Soup", "Tart"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        ada.menus().add(&mut conn, &[&pasta, &soup]).unwrap();
        let kept: Booking_menus = booking_menus::table.filter(booking_menus::menu_id.eq(soup.id)).first(&mut conn).unwrap();

        ada.menus().set(&mut conn, &[&soup, &tart]).unwrap();
        assert_eq!(ada.menus().all(&mut conn).unwrap(), [soup.clone(), tart.clone()]);
        let still: Booking_menus = booking_menus::table.filter(booking_menus::menu_id.eq(soup.id)).first(&mut conn).unwrap();
        assert_eq!(still, kept, "a link in both sets is left as it was");

        ada.menus().set::<_, i64>(&mut conn, &[]).unwrap();
        assert_eq!(ada.menus().all(&mut conn).unwrap(), []);
    }

    /// `set` runs in one transaction: when one of its inserts fails, the
    /// links it removed are back.
    fn set_that_fails_leaves_the_old_set(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup] = dishes(&mut conn, &["Pasta", "Soup"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        ada.menus().add(&mut conn, &[&pasta]).unwrap();

        let error = ada.menus().set(&mut conn, &[soup.id, 404]).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(ada.menus().all(&mut conn).unwrap(), [pasta]);
    }

    /// `clear` removes every link of one booking, and nothing else.
    fn clear_removes_every_link_and_keeps_the_targets(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup] = dishes(&mut conn, &["Pasta", "Soup"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");
        ada.menus().add(&mut conn, &[&pasta, &soup]).unwrap();
        grace.menus().add(&mut conn, &[&soup]).unwrap();

        assert_eq!(ada.menus().clear(&mut conn).unwrap(), 2);
        assert_eq!(ada.menus().all(&mut conn).unwrap(), []);
        assert_eq!(grace.menus().all(&mut conn).unwrap(), [soup]);
        assert_eq!(Menu::count(&mut conn).unwrap(), 2);
    }

    /// The target side reads and changes the same links:
    /// `menu.bookings()`, Django's `menu.booking_set`.
    fn the_reverse_side_reads_and_changes_the_same_links(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta] = dishes(&mut conn, &["Pasta"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");
        pasta.bookings().add(&mut conn, &[&grace, &ada]).unwrap();
        assert_eq!(pasta.bookings().all(&mut conn).unwrap(), [ada.clone(), grace.clone()]);
        assert_eq!(ada.menus().all(&mut conn).unwrap(), std::slice::from_ref(&pasta));
        pasta.bookings().remove(&mut conn, &[&ada]).unwrap();
        assert_eq!(ada.menus().all(&mut conn).unwrap(), []);
        assert_eq!(grace.menus().all(&mut conn).unwrap(), [pasta]);
    }

    /// Deleting either side deletes its links (both keys cascade), and
    /// nothing else.
    fn deleting_either_side_cascades_to_the_links(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup] = dishes(&mut conn, &["Pasta", "Soup"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");
        ada.menus().add(&mut conn, &[&pasta, &soup]).unwrap();
        grace.menus().add(&mut conn, &[&pasta, &soup]).unwrap();
        assert_eq!(links(&mut conn), 4);

        ada.delete(&mut conn).unwrap();
        assert_eq!(links(&mut conn), 2);
        assert_eq!(Menu::count(&mut conn).unwrap(), 2, "the dishes stay");

        pasta.delete(&mut conn).unwrap();
        assert_eq!(links(&mut conn), 1);
        assert_eq!(grace.menus().all(&mut conn).unwrap(), [soup]);
    }

    /// `Booking::MENUS.matching(...)` keeps the bookings with at least one
    /// matching dish, each once; Diesel's DSL joins through the generated
    /// through table module too.
    fn filters_cross_the_relation(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup, tart] = dishes(&mut conn, &["Pasta", "Soup", "Tart"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let grace = booking(&mut conn, "Grace");
        booking(&mut conn, "Alan");
        ada.menus().add(&mut conn, &[&pasta, &soup]).unwrap();
        grace.menus().add(&mut conn, &[&tart]).unwrap();

        let with_soup_or_pasta = Booking::objects()
            .filter(Booking::MENUS.matching(menu::title.ne("Tart")))
            .order_by(booking::id.asc())
            .load(&mut conn)
            .unwrap();
        assert_eq!(with_soup_or_pasta, std::slice::from_ref(&ada), "each booking once");
        let without_tart: Vec<String> = Booking::objects()
            .exclude(Booking::MENUS.matching(menu::title.eq("Tart")))
            .order_by(booking::name.asc())
            .values(&mut conn, booking::name)
            .unwrap();
        assert_eq!(without_tart, ["Ada", "Alan"]);
        let booked = Menu::objects().filter(Menu::BOOKINGS.matching(booking::name.eq("Ada"))).order_by(menu::id.asc()).load(&mut conn).unwrap();
        assert_eq!(booked, [pasta.clone(), soup]);

        // Diesel's DSL joins through the generated through table module;
        // a join of all three tables needs `allow_tables_to_appear_in_same_query!`
        // (below), as two tables with no key between them do in Diesel.
        let by_key: Vec<Booking> = booking::table
            .inner_join(booking_menus::table)
            .filter(booking_menus::menu_id.eq(pasta.id))
            .select(Booking::as_select())
            .load(&mut conn)
            .unwrap();
        assert_eq!(by_key, std::slice::from_ref(&ada));
        let by_title: Vec<Booking> = booking::table
            .inner_join(booking_menus::table.inner_join(menu::table))
            .filter(menu::title.eq("Pasta"))
            .select(Booking::as_select())
            .distinct()
            .load(&mut conn)
            .unwrap();
        assert_eq!(by_title, [ada]);
    }

    /// An explicit `through` model: `add` fills its other fields through
    /// `NewLink`, the manager reads and changes its rows, and its own
    /// fields stay reachable.
    fn an_explicit_through_model_carries_its_own_fields(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta, soup] = dishes(&mut conn, &["Pasta", "Soup"]).try_into().unwrap();
        let order = Order::create(&mut conn, NewOrder { table_name: "Window".into() }).unwrap();
        assert_eq!(order.dishes().add(&mut conn, &[&pasta, &soup]).unwrap(), 2);
        assert_eq!(order.dishes().add(&mut conn, &[&pasta]).unwrap(), 0);
        assert_eq!(order.dishes().all(&mut conn).unwrap(), [pasta.clone(), soup.clone()]);
        assert_eq!(pasta.orders().all(&mut conn).unwrap(), std::slice::from_ref(&order));

        let mut line = order.lines(&mut conn).unwrap().remove(0);
        line.quantity = 3;
        line.save(&mut conn).unwrap();
        order.dishes().set(&mut conn, &[&pasta]).unwrap();
        assert_eq!(order.lines(&mut conn).unwrap(), [line], "the kept line keeps its quantity");

        let big: Vec<Order> = Order::objects().filter(Order::DISHES.matching(menu::title.eq("Pasta"))).load(&mut conn).unwrap();
        assert_eq!(big, std::slice::from_ref(&order));
        assert_eq!(order.dishes().clear(&mut conn).unwrap(), 1);
        assert_eq!(OrderLine::count(&mut conn).unwrap(), 0);
    }

    /// A model related to itself gets `from_` and `to_` keys, and both
    /// directions.
    fn a_model_can_relate_to_itself(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let red = Wine::create(&mut conn, NewWine { name: "Red".into() }).unwrap();
        let white = Wine::create(&mut conn, NewWine { name: "White".into() }).unwrap();
        red.pairs_with().add(&mut conn, &[&white]).unwrap();
        assert_eq!(red.pairs_with().all(&mut conn).unwrap(), std::slice::from_ref(&white));
        assert_eq!(white.paired_by().all(&mut conn).unwrap(), std::slice::from_ref(&red));
        assert_eq!(white.pairs_with().all(&mut conn).unwrap(), []);
        let link: Wine_pairs_with = wine_pairs_with::table.first(&mut conn).unwrap();
        assert_eq!((link.from_wine_id, link.to_wine_id), (red.id, white.id));
    }

    /// The manager runs on plain Diesel connections too.
    fn the_manager_runs_on_plain_diesel_connections(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let [pasta] = dishes(&mut conn, &["Pasta"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        let all = match &mut conn {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(inner) => {
                ada.menus().add(inner, &[&pasta]).unwrap();
                ada.menus().all(inner).unwrap()
            }
            #[cfg(feature = "postgres")]
            Connection::Postgres(inner) => {
                ada.menus().add(inner, &[&pasta]).unwrap();
                ada.menus().all(inner).unwrap()
            }
            #[cfg(feature = "mysql")]
            Connection::Mysql(inner) => {
                ada.menus().add(inner, &[&pasta]).unwrap();
                ada.menus().all(inner).unwrap()
            }
        };
        assert_eq!(all, [pasta]);
    }

    /// `makemigrations` creates the through tables like any other model,
    /// after the models they point at, and `migrate` makes them, with their
    /// unique pair and both cascading keys.
    fn through_tables_are_made_by_makemigrations_and_migrate(db) {
        let migrations = TempDir::new();
        let settings = Settings::new()
            .installed_apps(["m2m"])
            .database_url(db.url())
            .migrations_dir("m2m", &migrations.0);
        let mut out = Vec::new();
        let made = model_manage::makemigrations(&settings, &MakemigrationsArgs::default(), &mut NonInteractive, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("    - Create model Booking_menus\n"), "{out}");
        assert!(out.contains("    - Create model Wine_pairs_with\n"), "{out}");
        let created: Vec<String> = made[0]
            .migration
            .operations
            .iter()
            .filter_map(|op| match op {
                Operation::CreateModel { name, .. } => Some(name.to_string()),
                _ => None,
            })
            .collect();
        let position = |name: &str| created.iter().position(|n| n == name).unwrap();
        assert!(position("Booking_menus") > position("Booking"), "{created:?}");
        assert!(position("Booking_menus") > position("Menu"), "{created:?}");

        model_manage::migrate(&settings, &MigrateArgs::default(), &mut Vec::new()).unwrap();
        let mut conn = db.connect();
        let table = introspect::table(&mut conn, "m2m_booking_menus").unwrap().expect("the through table");
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns, ["id", "booking_id", "menu_id"]);
        assert_eq!(table.foreign_keys.len(), 2);

        let [pasta] = dishes(&mut conn, &["Pasta"]).try_into().unwrap();
        let ada = booking(&mut conn, "Ada");
        ada.menus().add(&mut conn, &[&pasta]).unwrap();
        assert_eq!(ada.menus().all(&mut conn).unwrap(), std::slice::from_ref(&pasta));
        // The pair is unique in the database itself.
        let twice = Booking_menus::create(&mut conn, NewBooking_menus { booking_id: ada.id, menu_id: pasta.id });
        assert!(matches!(twice, Err(Error::UniqueViolation { .. })), "{twice:?}");
    }
}

/// A folder of its own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "many-to-many-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_through_table_is_named_as_django_names_it() {
    assert_eq!(<Booking_menus as Model>::TABLE, "m2m_booking_menus");
    assert_eq!(<Booking_menus as Model>::NAME, "Booking_menus");
}
