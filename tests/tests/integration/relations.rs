//! Foreign keys both ways: `menu.category(&mut conn)`, the reverse
//! `category.menus(&mut conn)`, `select_related` in one query,
//! `prefetch_related` in two, filters across a relation, and a deletion a
//! `protect` or `restrict` key refuses, naming the table that refused; on
//! every backend.

use model_runtime::prelude::*;
use model_tests::on_every_backend;
use model_tests::statements::StatementCounter;

// The models are defined here: a reverse accessor is an inherent method of
// the parent, so parent and child live in one crate.

/// A menu category: the parent.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "relations")]
pub struct Category {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40, unique)]
    pub title: String,
}

/// A dish, pointing at its category.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "relations")]
pub struct Menu {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub title: String,
    #[field(foreign_key = Category, on_delete = "cascade")]
    pub category_id: i64,
}

/// A booking with a nullable, protecting key to a favourite dish.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "relations")]
pub struct Booking {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
    #[field(foreign_key = Menu, on_delete = "protect")]
    pub favourite_id: Option<i64>,
}

/// A review of a dish: a `restrict` key, with a `related_name`.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "relations")]
pub struct Review {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Menu, on_delete = "restrict", related_name = "reviews")]
    pub dish_id: i64,
    pub stars: i32,
}

/// A member of staff, pointing at another: a key without `_id`.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "relations")]
pub struct Employee {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40)]
    pub name: String,
    #[field(foreign_key = Self, on_delete = "set_null")]
    pub manager: Option<i64>,
}

fn setup(conn: &mut Connection) {
    Category::create_table(conn).unwrap();
    Menu::create_table(conn).unwrap();
    Booking::create_table(conn).unwrap();
    Review::create_table(conn).unwrap();
    Employee::create_table(conn).unwrap();
}

fn category(conn: &mut Connection, title: &str) -> Category {
    Category::create(conn, NewCategory { title: title.into() }).unwrap()
}

fn dish(conn: &mut Connection, title: &str, category: &Category) -> Menu {
    Menu::create(
        conn,
        NewMenu {
            title: title.into(),
            category_id: category.id,
        },
    )
    .unwrap()
}

fn booking(conn: &mut Connection, name: &str, favourite: Option<&Menu>) -> Booking {
    let row = NewBooking {
        name: name.into(),
        favourite_id: favourite.map(|m| m.id),
    };
    Booking::create(conn, row).unwrap()
}

/// `n` categories, each with `per_category` dishes; the categories in key order.
fn menu_card(conn: &mut Connection, n: usize, per_category: usize) -> Vec<Category> {
    (0..n)
        .map(|i| {
            let parent = category(conn, &format!("Category {i:02}"));
            for j in 0..per_category {
                dish(conn, &format!("Dish {i:02}.{j}"), &parent);
            }
            parent
        })
        .collect()
}

on_every_backend! {
    /// `menu.category(&mut conn)` reads the row a key points at; a nullable
    /// key reads an `Option`, `None` for `NULL`.
    fn forward_accessor_reads_the_parent_and_none_for_a_null_key(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        assert_eq!(pasta.category(&mut conn).unwrap(), mains);

        let with = booking(&mut conn, "Ada", Some(&pasta));
        let without = booking(&mut conn, "Grace", None);
        assert_eq!(with.favourite(&mut conn).unwrap(), Some(pasta));
        assert_eq!(without.favourite(&mut conn).unwrap(), None);
    }

    /// A key without `_id` names its accessor after itself: the field holds
    /// the key, the method reads the row (here a model pointing at itself).
    fn a_key_without_id_suffix_reads_its_row_through_a_method_of_its_own_name(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let boss = Employee::create(&mut conn, NewEmployee { name: "Ada".into(), manager: None }).unwrap();
        let clerk = Employee::create(&mut conn, NewEmployee { name: "Grace".into(), manager: Some(boss.id) }).unwrap();
        assert_eq!(clerk.manager, Some(boss.id));
        assert_eq!(clerk.manager(&mut conn).unwrap(), Some(boss.clone()));
        assert_eq!(boss.manager(&mut conn).unwrap(), None);
        assert_eq!(boss.employees(&mut conn).unwrap(), [clerk]);
    }

    /// `category.menus(&mut conn)` reads the children in key order; another
    /// parent's children stay out.
    fn reverse_accessor_reads_the_children_of_one_parent(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let desserts = category(&mut conn, "Desserts");
        let pasta = dish(&mut conn, "Pasta", &mains);
        dish(&mut conn, "Tart", &desserts);
        let soup = dish(&mut conn, "Soup", &mains);
        assert_eq!(mains.menus(&mut conn).unwrap(), [pasta.clone(), soup]);
        assert_eq!(category(&mut conn, "Drinks").menus(&mut conn).unwrap(), []);

        // The reverse of a nullable key, named by default after the child.
        let ada = booking(&mut conn, "Ada", Some(&pasta));
        booking(&mut conn, "Grace", None);
        assert_eq!(pasta.bookings(&mut conn).unwrap(), [ada]);

        // As a query set, to narrow.
        let named: Vec<String> = Category::MENUS.of(&mains).filter(menu::title.like("S%")).values(&mut conn, menu::title).unwrap();
        assert_eq!(named, ["Soup"]);
    }

    /// `related_name = "reviews"` names the reverse accessor and its constant.
    fn related_name_names_the_reverse_accessor(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        let review = Review::create(&mut conn, NewReview { dish_id: pasta.id, stars: 5 }).unwrap();
        assert_eq!(pasta.reviews(&mut conn).unwrap(), std::slice::from_ref(&review));
        assert_eq!(review.dish(&mut conn).unwrap(), pasta);
        let reviewed = Menu::objects().filter(Menu::REVIEWS.matching(review::stars.ge(4))).load(&mut conn).unwrap();
        assert_eq!(reviewed, [pasta]);
    }

    /// Accessors take plain Diesel connections too, as model methods do.
    fn accessors_run_on_plain_diesel_connections(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        let (parent, children, joined) = match &mut conn {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(inner) => (
                pasta.category(inner).unwrap(),
                mains.menus(inner).unwrap(),
                Menu::objects().select_related(Menu::CATEGORY).load(inner).unwrap(),
            ),
            #[cfg(feature = "postgres")]
            Connection::Postgres(inner) => (
                pasta.category(inner).unwrap(),
                mains.menus(inner).unwrap(),
                Menu::objects().select_related(Menu::CATEGORY).load(inner).unwrap(),
            ),
            #[cfg(feature = "mysql")]
            Connection::Mysql(inner) => (
                pasta.category(inner).unwrap(),
                mains.menus(inner).unwrap(),
                Menu::objects().select_related(Menu::CATEGORY).load(inner).unwrap(),
            ),
        };
        assert_eq!(parent, mains);
        assert_eq!(children, std::slice::from_ref(&pasta));
        assert_eq!(joined, [(pasta, mains)]);
    }

    /// `select_related` reads every row with its parent in exactly one
    /// statement, for one row as for fifty.
    fn select_related_issues_exactly_one_query_for_1_and_50_rows(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        for (rows, categories) in [(1, 1), (50, 10)] {
            Menu::objects().delete(&mut conn).unwrap();
            Category::objects().delete(&mut conn).unwrap();
            let parents = menu_card(&mut conn, categories, rows / categories);
            let counter = StatementCounter::install(&mut conn);
            let loaded = Menu::objects().order_by(menu::id.asc()).select_related(Menu::CATEGORY).load(&mut conn).unwrap();
            assert_eq!(counter.count(), 1, "{rows} rows");
            assert_eq!(loaded.len(), rows);
            for (dish, parent) in &loaded {
                assert_eq!(parent.id, dish.category_id);
                assert!(parents.contains(parent));
            }
        }
    }

    /// The query set's filters, ordering and slice apply to the joined query.
    fn select_related_keeps_the_filters_order_and_slice(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        menu_card(&mut conn, 3, 4);
        let counter = StatementCounter::install(&mut conn);
        let page = Menu::objects()
            .filter(menu::title.like("Dish 01%"))
            .order_by(menu::title.desc())
            .limit(2)
            .offset(1)
            .select_related(Menu::CATEGORY)
            .load(&mut conn)
            .unwrap();
        assert_eq!(counter.count(), 1);
        let titles: Vec<(&str, &str)> = page.iter().map(|(m, c)| (m.title.as_str(), c.title.as_str())).collect();
        assert_eq!(titles, [("Dish 01.2", "Category 01"), ("Dish 01.1", "Category 01")]);
    }

    /// A nullable key joins with a LEFT JOIN: rows without a parent come
    /// back with `None`, in the same single query.
    fn select_related_on_a_nullable_key_gives_an_option(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        let ada = booking(&mut conn, "Ada", Some(&pasta));
        let grace = booking(&mut conn, "Grace", None);
        let counter = StatementCounter::install(&mut conn);
        let rows: Vec<(Booking, Option<Menu>)> = Booking::objects()
            .order_by(booking::name.asc())
            .select_related(Booking::FAVOURITE)
            .load(&mut conn)
            .unwrap();
        assert_eq!(counter.count(), 1);
        assert_eq!(rows, [(ada, Some(pasta)), (grace, None)]);
    }

    /// `prefetch_related` reads the parents, then all their children, in
    /// exactly two statements, for one parent as for fifty; each parent
    /// gets its own children, a parent without any an empty list.
    fn prefetch_related_issues_exactly_two_queries_for_1_and_50_parents(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        for parents in [1, 50] {
            Menu::objects().delete(&mut conn).unwrap();
            Category::objects().delete(&mut conn).unwrap();
            let made = menu_card(&mut conn, parents, 3);
            let empty = category(&mut conn, "Zz empty");
            let counter = StatementCounter::install(&mut conn);
            let loaded = Category::objects().order_by(category::title.asc()).prefetch_related(Category::MENUS).load(&mut conn).unwrap();
            assert_eq!(counter.count(), 2, "{parents} parents");
            assert_eq!(loaded.len(), parents + 1);
            for ((parent, children), expected) in loaded.iter().zip(made.iter().chain([&empty])) {
                assert_eq!(parent, expected);
                let expected_children = if parent.id == empty.id { 0 } else { 3 };
                assert_eq!(children.len(), expected_children);
                assert!(children.iter().all(|c| c.category_id == parent.id));
            }
        }
    }

    /// The children of a prefetch can be narrowed and ordered by a query
    /// set of their own, still in two queries; an empty query set takes one.
    fn prefetch_related_children_take_their_own_query_set(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        menu_card(&mut conn, 2, 3);
        let counter = StatementCounter::install(&mut conn);
        let loaded = Category::objects()
            .order_by(category::id.asc())
            .prefetch_related(Category::MENUS)
            .children(Menu::objects().exclude(menu::title.like("%.1")).order_by(menu::title.desc()))
            .load(&mut conn)
            .unwrap();
        assert_eq!(counter.count(), 2);
        let titles: Vec<Vec<&str>> = loaded.iter().map(|(_, c)| c.iter().map(|m| m.title.as_str()).collect()).collect();
        assert_eq!(titles, [["Dish 00.2", "Dish 00.0"], ["Dish 01.2", "Dish 01.0"]]);

        let none = Category::objects().filter(category::title.eq("nothing")).prefetch_related(Category::MENUS).load(&mut conn).unwrap();
        assert!(none.is_empty());
        assert_eq!(counter.count(), 3, "no parents, no second query");

        let error = Category::objects().prefetch_related(Category::MENUS).children(Menu::objects().limit(1)).load(&mut conn).unwrap_err();
        assert!(matches!(error, Error::InvalidQuery { .. }), "{error:?}");
    }

    /// `Menu::CATEGORY.matching(...)` filters by the parent,
    /// `Category::MENUS.matching(...)` by any child, each parent once.
    fn filters_cross_a_foreign_key_both_ways(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let desserts = category(&mut conn, "Desserts");
        let pasta = dish(&mut conn, "Pasta", &mains);
        let soup = dish(&mut conn, "Soup", &mains);
        dish(&mut conn, "Tart", &desserts);

        let in_mains = Menu::objects().filter(Menu::CATEGORY.matching(category::title.eq("Mains"))).order_by(menu::id.asc()).load(&mut conn).unwrap();
        assert_eq!(in_mains, [pasta, soup]);
        let with_soup_or_pasta = Category::objects().filter(Category::MENUS.matching(menu::title.ne("Tart"))).load(&mut conn).unwrap();
        assert_eq!(with_soup_or_pasta, std::slice::from_ref(&mains), "one row per parent, however many children match");
        let without = Category::objects().exclude(Category::MENUS.matching(menu::title.eq("Tart"))).load(&mut conn).unwrap();
        assert_eq!(without, [mains]);
        // Diesel's own DSL takes them too.
        let count: i64 = category::table.filter(Category::MENUS.matching(menu::title.eq("Tart"))).count().get_result(&mut conn).unwrap();
        assert_eq!(count, 1);
    }

    /// Deleting a row a `protect` key points at is refused with a
    /// `ForeignKeyViolation` naming both tables and the constraint, on
    /// SQLite (which names none of them) as on the servers; nothing goes.
    fn protect_refuses_a_delete_naming_the_referencing_table(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        booking(&mut conn, "Ada", Some(&pasta));

        let error = pasta.delete(&mut conn).unwrap_err();
        let Error::ForeignKeyViolation { table, referencing_table, constraint, deleting, .. } = &error else {
            panic!("expected a foreign key violation, got {error:?}");
        };
        assert_eq!(table.as_deref(), Some("relations_menu"));
        assert_eq!(referencing_table.as_deref(), Some("relations_booking"));
        assert_eq!(constraint.as_deref(), Some("fk_relations_booking_favourite_id"));
        assert!(deleting);
        assert_eq!(
            error.to_string(),
            "foreign key constraint failed: cannot delete from relations_menu: rows of relations_booking \
             still point at it through fk_relations_booking_favourite_id; delete them or point them elsewhere first"
        );
        assert_eq!(Menu::get(&mut conn, pasta.id).unwrap(), pasta);

        // A cascade that reaches a protected row is refused the same way,
        // naming the row the cascade reached.
        let error = mains.delete(&mut conn).unwrap_err();
        let Error::ForeignKeyViolation { table, referencing_table, .. } = &error else {
            panic!("expected a foreign key violation, got {error:?}");
        };
        assert_eq!(table.as_deref(), Some("relations_menu"));
        assert_eq!(referencing_table.as_deref(), Some("relations_booking"));
        assert_eq!(Category::count(&mut conn).unwrap(), 1);
    }

    /// A `restrict` key refuses the same way, and is told apart from the
    /// `protect` key pointing at the same table.
    fn restrict_refuses_a_delete_naming_the_referencing_table(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mains = category(&mut conn, "Mains");
        let pasta = dish(&mut conn, "Pasta", &mains);
        Review::create(&mut conn, NewReview { dish_id: pasta.id, stars: 4 }).unwrap();

        let error = pasta.delete(&mut conn).unwrap_err();
        let Error::ForeignKeyViolation { table, referencing_table, constraint, deleting, .. } = &error else {
            panic!("expected a foreign key violation, got {error:?}");
        };
        assert_eq!(table.as_deref(), Some("relations_menu"));
        assert_eq!(referencing_table.as_deref(), Some("relations_review"), "{error}");
        assert_eq!(constraint.as_deref(), Some("fk_relations_review_dish_id"));
        assert!(deleting);

        // A query set's delete: the servers name the table; SQLite, with two
        // keys that could refuse and no one row to look for, names the table
        // deleted from.
        let error = Menu::objects().delete(&mut conn).unwrap_err();
        let Error::ForeignKeyViolation { table, referencing_table, deleting, .. } = &error else {
            panic!("expected a foreign key violation, got {error:?}");
        };
        assert_eq!(table.as_deref(), Some("relations_menu"));
        assert!(deleting);
        if db.backend() != Backend::Sqlite {
            assert_eq!(referencing_table.as_deref(), Some("relations_review"), "{error}");
        }
        assert_eq!(Menu::count(&mut conn).unwrap(), 1);

        // Without the review, the dish goes.
        Review::objects().delete(&mut conn).unwrap();
        pasta.delete(&mut conn).unwrap();
    }

    /// A row written with a missing parent is still a plain foreign key
    /// violation, not a refused deletion.
    fn a_missing_parent_is_not_a_refused_delete(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let error = Review::create(&mut conn, NewReview { dish_id: 404, stars: 1 }).unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { deleting: false, .. }), "{error:?}");
    }
}
