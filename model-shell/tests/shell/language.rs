//! Django's ORM calls in the shell, each checked against the same rows
//! through the typed API.

use model_runtime::prelude::*;
use model_tests::models::{menu, Category, Menu};
use model_tests::on_every_backend;

use crate::support::session;

on_every_backend! {
    /// The seed's walk: create a dish, change its price, save, list, delete.
    fn create_change_save_list_and_delete_reach_the_database(db) {
        let mut s = session(db);
        let key = s.value(r#"let m = Menu.objects.create(#{title: "Soup", price: "4.50", inventory: 3, category_id: 1}); m.pk"#);
        let soup = s.dish("Soup");
        assert_eq!(key, soup.id.to_string());
        assert_eq!(soup.price, "4.50".parse::<Decimal>().unwrap());
        assert_eq!(s.value("m"), format!("<Menu: {}>", soup.id));

        s.value(r#"m.price = "5.25"; m.save();"#);
        assert_eq!(s.dish("Soup").price, "5.25".parse::<Decimal>().unwrap());
        assert_eq!(s.value("m.price"), r#""5.25""#);

        let listed = s.value(r#"Menu.objects.filter(#{title: "Soup"})"#);
        assert!(listed.contains(" title ") && listed.contains("Soup") && listed.ends_with("(1 row)"), "{listed}");

        s.value(r#"Menu.objects.get(#{title: "Soup"}).delete();"#);
        assert_eq!(s.titles(), ["Pasta", "Lemon tart", "Greek salad"]);
    }

    fn filter_exclude_and_order_by_select_what_the_typed_query_selects(db) {
        let mut s = session(db);
        let shown = s.value(r#"Menu.objects.filter(#{price__lt: 10}).exclude(#{inventory: 0}).order_by("-price").values("title")"#);
        let typed: Vec<String> = Menu::objects()
            .filter(menu::price.lt("10".parse::<Decimal>().unwrap()))
            .exclude(menu::inventory.eq(0))
            .order_by(menu::price.desc())
            .values(&mut s.conn, menu::title)
            .unwrap();
        let expected: Vec<String> = typed.iter().map(|t| format!("#{{title: {t:?}}}")).collect();
        assert_eq!(shown, format!("[{}]", expected.join(", ")));
        assert_eq!(s.value("Menu.objects.count()"), Menu::count(&mut s.conn).unwrap().to_string());
        assert_eq!(s.value(r#"Menu.objects.order_by("price").first().title"#), r#""Lemon tart""#);
        assert_eq!(s.value(r#"Menu.objects.order_by("price").last().title"#), r#""Pasta""#);
        assert_eq!(s.value("Menu.objects.last().title"), r#""Greek salad""#);
        assert_eq!(s.value(r#"Menu.objects.filter(#{title: "Risotto"}).exists()"#), "false");
        assert_eq!(s.value(r#"Menu.objects.filter(#{title: "Risotto"}).first()"#), "");
    }

    fn slices_limits_and_offsets_page_through_the_ordered_rows(db) {
        let mut s = session(db);
        assert_eq!(
            s.value(r#"Menu.objects.order_by("title")[1..3].values("title")"#),
            r#"[#{title: "Lemon tart"}, #{title: "Pasta"}]"#
        );
        assert_eq!(s.value(r#"Menu.objects.order_by("title")[0].title"#), r#""Greek salad""#);
        assert_eq!(s.value(r#"Menu.objects.order_by("title")[0..=0].count()"#), "1");
        assert_eq!(s.value(r#"Menu.objects.order_by("title").offset(2).limit(5).values("title")"#), r#"[#{title: "Pasta"}]"#);
        assert!(s.error(r#"Menu.objects.order_by("title")[7]"#).contains("index 7 is out of range"));
        assert!(s.error(r#"Menu.objects.all()[0..1].filter(#{inventory: 0})"#).contains("once it is sliced"));
    }

    fn update_and_delete_change_every_row_selected_and_say_how_many(db) {
        let mut s = session(db);
        assert_eq!(s.value(r#"Menu.objects.filter(#{category_id: 1}).update(#{inventory: 0})"#), "2");
        let mains: Vec<i32> = Menu::objects()
            .filter(menu::category_id.eq(1))
            .values(&mut s.conn, menu::inventory)
            .unwrap();
        assert_eq!(mains, [0, 0]);
        assert_eq!(s.value(r#"Menu.objects.filter(#{category_id: 2}).delete()"#), "1");
        assert_eq!(s.titles(), ["Pasta", "Greek salad"]);
    }

    fn relations_read_both_ways_by_their_accessors(db) {
        let mut s = session(db);
        assert_eq!(s.value(r#"Menu.objects.get(#{title: "Pasta"}).category().title"#), r#""Mains""#);
        let children = s.value(r#"Category.objects.get(1).menus().order_by("title").values("title")"#);
        assert_eq!(children, r#"[#{title: "Greek salad"}, #{title: "Pasta"}]"#);
        assert_eq!(s.value(r#"Category.objects.get(#{title: "Desserts"}).menus().count()"#), "1");
        let help = s.shell.run("help(Menu); help(Category)").unwrap().printed;
        assert!(help.contains(".category() -> the Category that category_id points at"), "{help}");
        assert!(help.contains(".menus() -> the Menu rows whose category_id points here"), "{help}");
        assert!(help.contains("max_length 255"), "{help}");
    }

    fn get_or_create_finds_first_and_creates_once(db) {
        let mut s = session(db);
        assert_eq!(s.value(r#"Category.objects.get_or_create(#{title: "Drinks"})[1]"#), "true");
        assert_eq!(s.value(r#"Category.objects.get_or_create(#{title: "Drinks"})[1]"#), "false");
        assert_eq!(
            s.value(r#"Menu.objects.get_or_create(#{title: "Lemonade"}, #{price: "3", category_id: 3})[0].price"#),
            r#""3.00""#
        );
        assert_eq!(Category::count(&mut s.conn).unwrap(), 3);
        assert_eq!(s.dish("Lemonade").category_id, 3);
    }

    fn an_instance_reads_back_what_the_database_holds_and_loops_over_rows(db) {
        let mut s = session(db);
        s.value(r#"let m = Menu.objects.get(#{title: "Pasta"});"#);
        let mut pasta = s.dish("Pasta");
        pasta.inventory = 42;
        pasta.save(&mut s.conn).unwrap();
        assert_eq!(s.value("m.inventory"), "5");
        assert_eq!(s.value("m.refresh_from_db(); m.inventory"), "42");
        assert_eq!(
            s.value("let total = 0; for dish in Menu.objects.all() { total += dish.inventory } total"),
            (42 + 12).to_string()
        );
        let fields = s.value("m.fields()");
        assert!(fields.starts_with("#{") && fields.contains(r#"title: "Pasta""#), "{fields}");
    }

    fn atomic_rolls_back_everything_when_a_statement_in_it_fails(db) {
        let mut s = session(db);
        let error = s.error(
            r#"atomic(|| {
                Menu.objects.create(#{title: "Soup", price: "4", category_id: 1});
                Menu.objects.filter(#{category_id: 1}).update(#{inventory: 99});
                Menu.objects.get(#{title: "Risotto"})
            })"#,
        );
        assert!(error.contains("Menu matching query does not exist"), "{error}");
        assert_eq!(s.titles(), ["Pasta", "Lemon tart", "Greek salad"]);
        assert_eq!(s.dish("Pasta").inventory, 5);
        s.value(r#"atomic(|| { Menu.objects.create(#{title: "Soup", price: "4", category_id: 1}); })"#);
        assert_eq!(s.titles(), ["Pasta", "Lemon tart", "Greek salad", "Soup"]);
    }
}
