//! Each query set method against a populated menu, on every backend, its
//! result compared with the same query written directly in Diesel's DSL.

use std::collections::HashMap;
use std::str::FromStr;

use model_runtime::chrono::Duration;
use model_runtime::diesel::dsl::{avg, count_star, not, sum};
use model_runtime::prelude::*;
use model_runtime::query::{asc, desc, max, min};
use model_tests::models::{
    category, create_littlelemon_tables, everything, menu, ticket, Category, Everything, Menu, NewCategory,
    NewEverything, NewMenu, NewTicket, Ticket,
};
use model_tests::on_every_backend;
use model_tests::statements::StatementLog;

fn price(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Seven dishes in three categories. Prices are exact in binary and the
/// inventories average to a whole number, so SQLite's doubles read back
/// the same through Diesel's types and the runtime's.
fn seed(conn: &mut Connection) -> [Category; 3] {
    create_littlelemon_tables(conn).unwrap();
    let [mains, desserts, drinks] = ["Mains", "Desserts", "Drinks"]
        .map(|title| Category::create(conn, NewCategory { title: title.into() }).unwrap());
    let dishes = [
        ("Pasta", "12.50", 10, &mains, Some("fresh")),
        ("Lamb", "24.00", 3, &mains, None),
        ("Soup", "6.75", 0, &mains, Some("hot")),
        ("Salad", "8.25", 7, &mains, None),
        ("Tiramisu", "7.25", 5, &desserts, Some("sweet")),
        ("Sorbet", "4.50", 12, &desserts, None),
        ("Tea", "2.00", 19, &drinks, None),
    ];
    let rows: Vec<NewMenu> = dishes
        .iter()
        .map(|(title, cost, inventory, category, description)| NewMenu {
            title: (*title).into(),
            price: price(cost),
            inventory: *inventory,
            category_id: category.id,
            description: description.map(Into::into),
        })
        .collect();
    // One at a time, so ids follow the list.
    for row in rows {
        Menu::create(conn, row).unwrap();
    }
    [mains, desserts, drinks]
}

fn titles(rows: &[Menu]) -> Vec<&str> {
    rows.iter().map(|m| m.title.as_str()).collect()
}

/// Every row, by id, straight from Diesel.
fn all_rows(conn: &mut Connection) -> Vec<Menu> {
    menu::table.order(menu::id).load(conn).unwrap()
}

on_every_backend! {
    fn filter_keeps_the_rows_diesel_filter_keeps(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let ours = Menu::objects()
            .filter(menu::price.lt(price("10")))
            .filter(menu::inventory.gt(0))
            .order_by(menu::id.asc())
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<Menu> = menu::table
            .filter(menu::price.lt(price("10")))
            .filter(menu::inventory.gt(0))
            .order(menu::id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(titles(&ours), ["Salad", "Tiramisu", "Sorbet", "Tea"]);

        // Any Diesel expression: `or`, `like`, a subquery.
        let ours = Menu::objects()
            .filter(menu::title.like("S%").or(menu::inventory.ge(12)))
            .filter(menu::category_id.ne_all(
                category::table.filter(category::title.eq("Drinks")).select(category::id),
            ))
            .order_by(menu::id.asc())
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<Menu> = menu::table
            .filter(menu::title.like("S%").or(menu::inventory.ge(12)))
            .filter(menu::category_id.ne_all(
                category::table.filter(category::title.eq("Drinks")).select(category::id),
            ))
            .order(menu::id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(titles(&ours), ["Soup", "Salad", "Sorbet"]);

        // Filters chosen at run time: the query set keeps its type.
        let mut set = Menu::objects().filter(menu::title.like("%a%"));
        for max in ["10", "8"] {
            set = set.filter(menu::price.lt(price(max)));
        }
        let ours = set.exclude(menu::inventory.eq(0)).order_by(menu::id.asc()).load(&mut conn).unwrap();
        assert_eq!(titles(&ours), ["Tiramisu", "Tea"]);
    }

    /// Django's `exclude(description="hot")` keeps the dishes without a
    /// description, where SQL's `NOT (description = 'hot')` would drop them.
    fn exclude_keeps_rows_where_the_predicate_is_null(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let log = StatementLog::install(&mut conn);
        let ours = Menu::objects()
            .exclude(menu::description.eq("hot"))
            .order_by(menu::id.asc())
            .load(&mut conn)
            .unwrap();
        assert!(log.statements()[0].contains("IS NOT TRUE"), "{:?}", log.statements());
        let diesel: Vec<Menu> = menu::table
            .filter(menu::description.ne("hot").or(menu::description.is_null()))
            .order(menu::id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(titles(&ours), ["Pasta", "Lamb", "Salad", "Tiramisu", "Sorbet", "Tea"]);

        let plain_not: i64 = menu::table
            .filter(not(menu::description.eq("hot")))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(plain_not, 2, "SQL's NOT drops the NULL rows; exclude() must not");

        // Filters and exclusions combine with AND.
        let count = Menu::objects()
            .filter(menu::price.gt(price("5")))
            .exclude(menu::title.eq("Lamb"))
            .exclude(menu::description.is_null())
            .count(&mut conn)
            .unwrap();
        assert_eq!(count, 3);
    }

    fn order_by_sorts_by_several_keys_and_then_order_by_breaks_ties(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let chained = Menu::objects()
            .order_by(menu::title.asc()) // replaced by the next order_by
            .order_by(menu::category_id.desc())
            .then_order_by(menu::price.asc())
            .load(&mut conn)
            .unwrap();
        let tuple = Menu::objects()
            .order_by((menu::category_id.desc(), menu::price.asc()))
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<Menu> = menu::table
            .order((menu::category_id.desc(), menu::price.asc()))
            .load(&mut conn)
            .unwrap();
        assert_eq!(chained, diesel);
        assert_eq!(tuple, diesel);
        assert_eq!(titles(&diesel), ["Tea", "Sorbet", "Tiramisu", "Soup", "Salad", "Pasta", "Lamb"]);

        // Any expression, through `asc`/`desc`; and `reverse()` flips every key.
        let ours = Menu::objects()
            .order_by((desc(menu::inventory * 2), asc(menu::id)))
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<Menu> = menu::table
            .order(((menu::inventory * 2).desc(), menu::id.asc()))
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        let reversed = Menu::objects()
            .order_by((menu::category_id.desc(), menu::price.asc()))
            .reverse()
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<Menu> = menu::table
            .order((menu::category_id.asc(), menu::price.desc()))
            .load(&mut conn)
            .unwrap();
        assert_eq!(reversed, diesel);
    }

    fn limit_offset_and_page_slice_the_ordered_rows(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let page = Menu::objects().order_by(menu::price.asc()).page(2, 3).load(&mut conn).unwrap();
        let diesel: Vec<Menu> = menu::table.order(menu::price.asc()).limit(3).offset(3).load(&mut conn).unwrap();
        assert_eq!(page, diesel);
        assert_eq!(titles(&page), ["Tiramisu", "Salad", "Pasta"]);

        let last_page = Menu::objects().order_by(menu::price.asc()).page(3, 3).load(&mut conn).unwrap();
        assert_eq!(titles(&last_page), ["Lamb"]);
        assert!(Menu::objects().order_by(menu::id.asc()).page(4, 3).load(&mut conn).unwrap().is_empty());

        // An offset alone, and a limit set before a filter: both apply last.
        let ours = Menu::objects().order_by(menu::id.asc()).offset(5).load(&mut conn).unwrap();
        // Diesel refuses an OFFSET without a LIMIT on MySQL; a query set does not.
        assert_eq!(ours, all_rows(&mut conn)[5..]);
        let ours = Menu::objects()
            .limit(2)
            .order_by(menu::id.desc())
            .filter(menu::category_id.eq(1))
            .load(&mut conn)
            .unwrap();
        assert_eq!(titles(&ours), ["Salad", "Soup"]);
    }

    fn bad_slices_are_refused_naming_the_argument(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let cases = [
            (Menu::objects().page(0, 10), "page(0, 10): page numbers start at 1"),
            (Menu::objects().page(1, 0), "page(1, 0): a page holds at least one row"),
            (Menu::objects().limit(-1), "limit(-1): a limit is zero or more"),
            (Menu::objects().offset(-5), "offset(-5): an offset is zero or more"),
        ];
        for (set, message) in cases {
            match set.load(&mut conn).unwrap_err() {
                Error::InvalidQuery { model, message: got } => {
                    assert_eq!((model.as_str(), got.as_str()), ("Menu", message));
                }
                other => panic!("expected InvalidQuery, got {other:?}"),
            }
        }
        let error = Menu::objects().limit(3).update(&mut conn, menu::inventory.eq(0)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Menu query: update() cannot run on a sliced query set (limit, offset or page)"
        );
        assert_eq!(Menu::objects().filter(menu::inventory.eq(0)).count(&mut conn).unwrap(), 1);
    }

    fn first_and_last_follow_the_ordering_or_the_primary_key(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let rows = all_rows(&mut conn);
        assert_eq!(Menu::objects().first(&mut conn).unwrap().as_ref(), rows.first());
        assert_eq!(Menu::objects().last(&mut conn).unwrap().as_ref(), rows.last());

        let cheapest: Menu = menu::table.order(menu::price.asc()).first(&mut conn).unwrap();
        let dearest: Menu = menu::table.order(menu::price.desc()).first(&mut conn).unwrap();
        let by_price = Menu::objects().order_by(menu::price.asc());
        assert_eq!(by_price.clone().first(&mut conn).unwrap(), Some(cheapest));
        assert_eq!(by_price.clone().last(&mut conn).unwrap(), Some(dearest));

        // The first row of a slice; none of an empty query set.
        let third: Menu = menu::table.order(menu::price.asc()).offset(2).first(&mut conn).unwrap();
        assert_eq!(by_price.clone().offset(2).first(&mut conn).unwrap(), Some(third));
        assert_eq!(Menu::objects().filter(menu::price.gt(price("100"))).first(&mut conn).unwrap(), None);
        assert!(matches!(
            by_price.page(1, 2).last(&mut conn),
            Err(Error::InvalidQuery { .. })
        ));
    }

    fn get_returns_the_one_row_or_says_how_many_matched(db) {
        let mut conn = db.connect();
        let [mains, ..] = seed(&mut conn);
        let soup = Menu::objects().filter(menu::title.eq("Soup")).get(&mut conn).unwrap();
        let diesel: Menu = menu::table.filter(menu::title.eq("Soup")).get_result(&mut conn).unwrap();
        assert_eq!(soup, diesel);

        let missing = Menu::objects().filter(menu::title.eq("Pizza")).get(&mut conn).unwrap_err();
        assert!(matches!(&missing, Error::NotFound { model } if model == "Menu"), "{missing:?}");
        assert_eq!(missing.to_string(), "Menu matching query does not exist");

        let several = Menu::objects().filter(menu::category_id.eq(mains.id)).get(&mut conn).unwrap_err();
        assert!(matches!(&several, Error::MultipleObjectsReturned { model, count: 4 } if model == "Menu"));
        assert_eq!(several.to_string(), "get() returned more than one Menu -- it returned 4!");

        let many: Vec<NewMenu> = (0..30)
            .map(|i| NewMenu {
                title: format!("Special {i}"),
                price: price("1"),
                inventory: 1,
                category_id: mains.id,
                description: None,
            })
            .collect();
        Menu::bulk_create(&mut conn, &many).unwrap();
        let error = Menu::objects().get(&mut conn).unwrap_err();
        assert!(matches!(error, Error::MultipleObjectsReturned { count: 21, .. }));
        assert_eq!(error.to_string(), "get() returned more than one Menu -- it returned more than 20!");
    }

    fn exists_and_count_match_diesel(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        for threshold in ["0", "10", "24", "25"] {
            let set = Menu::objects().filter(menu::price.ge(price(threshold)));
            let diesel: i64 = menu::table
                .filter(menu::price.ge(price(threshold)))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!(set.clone().count(&mut conn).unwrap(), diesel);
            assert_eq!(set.exists(&mut conn).unwrap(), diesel > 0);
        }
        // Within the slice, as Django counts `qs[6:9]`.
        let sliced = Menu::objects().order_by(menu::id.asc()).page(3, 3);
        assert_eq!(sliced.clone().count(&mut conn).unwrap(), 1);
        assert!(sliced.exists(&mut conn).unwrap());
        assert!(!Menu::objects().offset(7).exists(&mut conn).unwrap());
        assert_eq!(Menu::objects().limit(0).count(&mut conn).unwrap(), 0);
    }

    fn values_loads_selected_columns_into_tuples(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let ours: Vec<(String, Decimal)> = Menu::objects()
            .filter(menu::inventory.gt(5))
            .order_by(menu::price.desc())
            .values(&mut conn, (menu::title, menu::price))
            .unwrap();
        let diesel: Vec<(String, Decimal)> = menu::table
            .filter(menu::inventory.gt(5))
            .order(menu::price.desc())
            .select((menu::title, menu::price))
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(ours[0], ("Pasta".to_string(), price("12.50")));

        let descriptions: Vec<Option<String>> = Menu::objects()
            .order_by(menu::id.asc())
            .limit(3)
            .values(&mut conn, menu::description)
            .unwrap();
        assert_eq!(descriptions, [Some("fresh".to_string()), None, Some("hot".to_string())]);

        // Expressions too: the value of the stock, per dish.
        let ours: Vec<(i64, i32)> = Menu::objects()
            .order_by(menu::id.asc())
            .values(&mut conn, (menu::id, menu::inventory + 1))
            .unwrap();
        let diesel: Vec<(i64, i32)> = menu::table
            .order(menu::id)
            .select((menu::id, menu::inventory + 1))
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
    }

    fn update_changes_many_rows_in_one_statement(db) {
        let mut conn = db.connect();
        let [mains, ..] = seed(&mut conn);
        let mut expected = all_rows(&mut conn);
        for row in expected.iter_mut().filter(|row| row.category_id == mains.id && row.inventory > 0) {
            row.inventory += 1;
            row.description = Some("restocked".into());
        }

        let log = StatementLog::install(&mut conn);
        let changed = Menu::objects()
            .filter(menu::category_id.eq(mains.id))
            .exclude(menu::inventory.eq(0))
            .order_by(menu::title.asc()) // an ordering does not change what is updated
            .update(&mut conn, (menu::inventory.eq(menu::inventory + 1), menu::description.eq("restocked")))
            .unwrap();
        assert_eq!(changed, 3);
        assert_eq!(log.statements().len(), 1, "{:?}", log.statements());
        assert!(log.statements()[0].starts_with("UPDATE"));
        assert_eq!(all_rows(&mut conn), expected);

        // Every row, when nothing filters.
        assert_eq!(Menu::objects().update(&mut conn, menu::inventory.eq(1)).unwrap(), 7);
        let stock: Option<i64> = menu::table.select(sum(menu::inventory)).first(&mut conn).unwrap();
        assert_eq!(stock, Some(7));
    }

    fn delete_removes_the_matching_rows_in_one_statement(db) {
        let mut conn = db.connect();
        let [_, desserts, _] = seed(&mut conn);
        let mut expected = all_rows(&mut conn);
        expected.retain(|row| !(row.category_id == desserts.id || row.price > price("20")));

        let log = StatementLog::install(&mut conn);
        let deleted = Menu::objects()
            .filter(menu::category_id.eq(desserts.id).or(menu::price.gt(price("20"))))
            .delete(&mut conn)
            .unwrap();
        assert_eq!(deleted, 3);
        assert_eq!(log.statements().len(), 1, "{:?}", log.statements());
        assert!(log.statements()[0].starts_with("DELETE"));
        assert_eq!(all_rows(&mut conn), expected);

        assert_eq!(Menu::objects().filter(menu::title.eq("Pizza")).delete(&mut conn).unwrap(), 0);
        assert_eq!(Menu::objects().delete(&mut conn).unwrap(), 4);
        assert_eq!(Menu::count(&mut conn).unwrap(), 0);
    }

    fn aggregates_match_diesel(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        type Totals = (i64, Option<i64>, Option<Decimal>, Option<Decimal>);
        let ours: Totals = Menu::objects()
            .aggregate(&mut conn, (count_star(), sum(menu::inventory), avg(menu::inventory), sum(menu::price)))
            .unwrap();
        let diesel: Totals = menu::table
            .select((count_star(), sum(menu::inventory), avg(menu::inventory), sum(menu::price)))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(ours, (7, Some(56), Some(Decimal::from(8)), Some(price("65.25"))));

        // MIN and MAX, decimals included; compared with Diesel's orderings.
        let (cheapest, dearest): (Option<Decimal>, Option<Decimal>) =
            Menu::objects().aggregate(&mut conn, (min(menu::price), max(menu::price))).unwrap();
        let diesel_cheapest: Decimal = menu::table.order(menu::price.asc()).select(menu::price).first(&mut conn).unwrap();
        let diesel_dearest: Decimal = menu::table.order(menu::price.desc()).select(menu::price).first(&mut conn).unwrap();
        assert_eq!((cheapest, dearest), (Some(diesel_cheapest), Some(diesel_dearest)));
        let first_title: Option<String> = Menu::objects().aggregate(&mut conn, min(menu::title)).unwrap();
        assert_eq!(first_title.as_deref(), Some("Lamb"));

        // Over the filtered rows; NULL over none.
        let empty: (i64, Option<Decimal>) = Menu::objects()
            .filter(menu::price.gt(price("100")))
            .aggregate(&mut conn, (count_star(), max(menu::price)))
            .unwrap();
        assert_eq!(empty, (0, None));
        assert!(matches!(
            Menu::objects().limit(2).aggregate::<_, i64, _>(&mut conn, count_star()),
            Err(Error::InvalidQuery { .. })
        ));
    }

    fn group_by_aggregates_each_group(db) {
        let mut conn = db.connect();
        let [mains, desserts, drinks] = seed(&mut conn);
        type PerCategory = (i64, i64, Option<Decimal>, Option<i32>);
        let ours: Vec<PerCategory> = Menu::objects()
            .group_by(menu::category_id)
            .values(&mut conn, (menu::category_id, count_star(), sum(menu::price), max(menu::inventory)))
            .unwrap();
        let diesel: Vec<PerCategory> = menu::table
            .group_by(menu::category_id)
            .select((menu::category_id, count_star(), sum(menu::price), max(menu::inventory)))
            .order(menu::category_id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(
            ours,
            [
                (mains.id, 4, Some(price("51.50")), Some(10)),
                (desserts.id, 2, Some(price("11.75")), Some(12)),
                (drinks.id, 1, Some(price("2")), Some(19)),
            ]
        );

        // Filters apply before grouping; an ordering by an aggregate, and a
        // slice, after.
        let busiest: Vec<(i64, i64)> = Menu::objects()
            .filter(menu::inventory.gt(0))
            .order_by((desc(count_star()), asc(menu::category_id)))
            .limit(2)
            .group_by(menu::category_id)
            .values(&mut conn, (menu::category_id, count_star()))
            .unwrap();
        let diesel: Vec<(i64, i64)> = menu::table
            .filter(menu::inventory.gt(0))
            .group_by(menu::category_id)
            .select((menu::category_id, count_star()))
            .order((count_star().desc(), menu::category_id.asc()))
            .limit(2)
            .load(&mut conn)
            .unwrap();
        assert_eq!(busiest, diesel);
        assert_eq!(busiest, [(mains.id, 3), (desserts.id, 2)]);
    }

    fn in_bulk_maps_keys_to_their_rows(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let ours = Menu::objects().in_bulk(&mut conn, [1, 3, 99]).unwrap();
        let diesel: HashMap<i64, Menu> = menu::table
            .filter(menu::id.eq_any([1_i64, 3, 99]))
            .load::<Menu>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        assert_eq!(ours, diesel);
        assert_eq!(ours.len(), 2);
        assert_eq!(ours[&3].title, "Soup");

        // The query set's filters hold; keys come in batches.
        let cheap = Menu::objects().filter(menu::price.lt(price("10"))).in_bulk(&mut conn, 1..=1200).unwrap();
        let mut keys: Vec<i64> = cheap.keys().copied().collect();
        keys.sort_unstable();
        assert_eq!(keys, [3, 4, 5, 6, 7]);
        assert!(Menu::objects().in_bulk(&mut conn, []).unwrap().is_empty());
    }

    fn bulk_update_writes_only_the_named_columns_in_one_transaction(db) {
        let mut conn = db.connect();
        let [mains, ..] = seed(&mut conn);
        let before = all_rows(&mut conn);
        let mut edited = before.clone();
        for row in &mut edited {
            row.price = row.price.clone() * Decimal::from(2);
            row.inventory += 100;
            row.title = format!("{} (not written)", row.title);
        }
        let written = Menu::objects()
            .bulk_update(&mut conn, &edited, (menu::price, menu::inventory))
            .unwrap();
        assert_eq!(written, 7);
        let after = all_rows(&mut conn);
        for ((old, new), row) in before.iter().zip(&edited).zip(&after) {
            assert_eq!((&row.title, &row.price, row.inventory), (&old.title, &new.price, new.inventory));
        }

        // Only the rows the query set holds.
        let mut cut = after.clone();
        for row in &mut cut {
            row.inventory = 0;
        }
        let written = Menu::objects()
            .filter(menu::category_id.eq(mains.id))
            .bulk_update(&mut conn, &cut, menu::inventory)
            .unwrap();
        assert_eq!(written, 4);
        let zeroes: i64 = menu::table.filter(menu::inventory.eq(0)).count().get_result(&mut conn).unwrap();
        assert_eq!(zeroes, 4);

        // One bad row, and none is written: here the last points at a
        // category that does not exist.
        let current = all_rows(&mut conn);
        let mut broken = current.clone();
        for row in &mut broken {
            row.inventory = 42;
        }
        broken.last_mut().unwrap().category_id = 999;
        let error = Menu::objects()
            .bulk_update(&mut conn, &broken, (menu::inventory, menu::category_id))
            .unwrap_err();
        assert!(matches!(error, Error::ForeignKeyViolation { .. }), "{error:?}");
        assert_eq!(all_rows(&mut conn), current);

        let error = Menu::objects().bulk_update(&mut conn, &current, (menu::inventory, menu::id)).unwrap_err();
        assert_eq!(error.to_string(), "Menu query: bulk_update() cannot write the primary key `id`");
    }

    fn into_boxed_goes_on_with_the_diesel_dsl(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        let boxed = Menu::objects()
            .filter(menu::inventory.gt(4))
            .order_by(menu::price.desc())
            .limit(3)
            .into_boxed()
            .unwrap();
        let ours: Vec<(String, String)> = boxed
            .inner_join(category::table)
            .select((menu::title, category::title))
            .load(&mut conn)
            .unwrap();
        let diesel: Vec<(String, String)> = menu::table
            .inner_join(category::table)
            .filter(menu::inventory.gt(4))
            .order(menu::price.desc())
            .limit(3)
            .select((menu::title, category::title))
            .load(&mut conn)
            .unwrap();
        assert_eq!(ours, diesel);
        assert_eq!(ours[0], ("Pasta".to_string(), "Mains".to_string()));
    }

    /// Datetimes, UUIDs and JSON compare through `bind`, in filters as in
    /// Diesel; `in_bulk` binds UUID keys as the column's type.
    fn bound_values_and_uuid_keys_work_in_query_sets(db) {
        let mut conn = db.connect();
        Everything::create_table(&mut conn).unwrap();
        Ticket::create_table(&mut conn).unwrap();
        let noon = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let key = Uuid::from_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap();
        let rows: Vec<NewEverything> = [noon - Duration::hours(1), noon, noon + Duration::hours(1)]
            .into_iter()
            .map(|moment| everything_at(moment, key))
            .collect();
        Everything::bulk_create(&mut conn, &rows).unwrap();
        let ours = Everything::objects()
            .filter(everything::moment.ge(bind(noon)))
            .filter(everything::key.eq(bind(key)))
            .count(&mut conn)
            .unwrap();
        let diesel: i64 = everything::table
            .filter(everything::moment.ge(bind(noon)))
            .filter(everything::key.eq(bind(key)))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!((ours, diesel), (2, 2));

        let codes = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
        for code in codes {
            Ticket::create(&mut conn, NewTicket { code, kind: "general".into(), replaces: None }).unwrap();
        }
        let tickets = Ticket::objects().in_bulk(&mut conn, [codes[0], codes[2], Uuid::nil()]).unwrap();
        let mut found: Vec<Uuid> = tickets.keys().copied().collect();
        found.sort();
        assert_eq!(found, [codes[0], codes[2]]);
        let last = Ticket::objects().exclude(ticket::code.eq(bind(codes[2]))).last(&mut conn).unwrap();
        assert_eq!(last.map(|t| t.code), Some(codes[1]));
    }

    fn query_sets_run_on_pooled_connections(db) {
        seed(&mut db.connect());
        let pool = model_runtime::pool(db.url(), 2).unwrap();
        let mut pooled = pool.get().unwrap();
        let count = Menu::objects().filter(menu::inventory.gt(9)).count(&mut pooled).unwrap();
        assert_eq!(count, 3);
        let (row, created) = atomic(&mut pooled, |conn| {
            Category::objects().get_or_create(conn, category::title.eq("Specials"), NewCategory {
                title: "Specials".into(),
            })
        })
        .unwrap();
        assert!(created);
        assert_eq!(Category::objects().filter(category::id.eq(row.id)).get(&mut pooled).unwrap(), row);
    }

    /// The same query sets run on the plain Diesel connection underneath,
    /// built for its own backend.
    fn query_sets_run_on_plain_diesel_connections(db) {
        let mut conn = db.connect();
        seed(&mut conn);
        macro_rules! check {
            ($inner:expr) => {{
                let rows = Menu::objects()
                    .filter(menu::price.lt(price("5")))
                    .order_by(menu::id.asc())
                    .load($inner)
                    .unwrap();
                assert_eq!(titles(&rows), ["Sorbet", "Tea"]);
                assert_eq!(Menu::objects().filter(menu::inventory.gt(9)).count($inner).unwrap(), 3);
                let (row, created) = Category::objects()
                    .get_or_create($inner, category::title.eq("Mains"), NewCategory { title: "Mains".into() })
                    .unwrap();
                assert_eq!((row.id, created), (1, false));
            }};
        }
        match &mut conn {
            #[cfg(feature = "sqlite")]
            Connection::Sqlite(inner) => check!(inner),
            #[cfg(feature = "postgres")]
            Connection::Postgres(inner) => check!(inner),
            #[cfg(feature = "mysql")]
            Connection::Mysql(inner) => check!(inner),
        }
    }
}

fn everything_at(moment: NaiveDateTime, key: Uuid) -> NewEverything {
    NewEverything {
        small: 1,
        int: 1,
        big: 1,
        float: 1.0,
        double: 1.0,
        flag: true,
        short_text: "x".into(),
        text: "x".into(),
        bytes: vec![1],
        amount: price("1"),
        day: moment.date(),
        moment,
        instant: moment.and_utc(),
        key,
        document: model_runtime::serde_json::json!({"x": 1}),
        maybe_small: None,
        maybe_int: None,
        maybe_big: None,
        maybe_float: None,
        maybe_double: None,
        maybe_flag: None,
        maybe_short_text: None,
        maybe_text: None,
        maybe_bytes: None,
        maybe_amount: None,
        maybe_day: None,
        maybe_moment: None,
        maybe_instant: None,
        maybe_key: None,
        maybe_document: None,
    }
}
