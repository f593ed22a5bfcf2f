//! Every lookup, on rows chosen so that each one keeps a different set.

use model_runtime::prelude::*;
use model_tests::models::{menu, Menu};
use model_tests::on_every_backend;

use crate::support::{session, Session};

/// The titles a filter keeps, in title order, as the shell lists them.
fn titles(s: &mut Session, lookups: &str) -> Vec<String> {
    let shown = s.value(&format!(
        r#"Menu.objects.filter(#{{{lookups}}}).order_by("title").values("title")"#
    ));
    shown
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(", ")
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.trim_start_matches("#{title: \"")
                .trim_end_matches("\"}")
                .to_owned()
        })
        .collect()
}

/// The titles a typed query keeps, in title order.
fn typed(s: &mut Session, query: model_runtime::QuerySet<'static, Menu>) -> Vec<String> {
    query
        .order_by(menu::title.asc())
        .values(&mut s.conn, menu::title)
        .unwrap()
}

on_every_backend! {
    fn comparisons_and_in_keep_what_the_typed_api_keeps(db) {
        let mut s = session(db);
        let ten: Decimal = "10".parse().unwrap();
        let cases = [
            ("price__gt: 9.25", Menu::objects().filter(menu::price.gt("9.25".parse::<Decimal>().unwrap()))),
            ("price__gte: \"9.25\"", Menu::objects().filter(menu::price.ge("9.25".parse::<Decimal>().unwrap()))),
            ("price__lt: 10", Menu::objects().filter(menu::price.lt(ten.clone()))),
            ("price__lte: 6", Menu::objects().filter(menu::price.le("6".parse::<Decimal>().unwrap()))),
            ("inventory__in: [0, 12]", Menu::objects().filter(menu::inventory.eq_any([0, 12]))),
            ("inventory__range: [1, 12]", Menu::objects().filter(menu::inventory.between(1, 12))),
            ("inventory: 5", Menu::objects().filter(menu::inventory.eq(5))),
            ("pk: 2", Menu::objects().filter(menu::id.eq(2))),
            ("description__isnull: true", Menu::objects().filter(menu::description.is_null())),
            ("description__isnull: false", Menu::objects().filter(menu::description.is_not_null())),
        ];
        for (lookups, query) in cases {
            let expected = typed(&mut s, query);
            assert_eq!(titles(&mut s, lookups), expected, "{lookups}");
        }
    }

    fn text_lookups_heed_case_unless_their_name_starts_with_i(db) {
        let mut s = session(db);
        let cases: [(&str, &[&str]); 10] = [
            (r#"title__iexact: "PASTA""#, &["Pasta"]),
            (r#"title__exact: "Pasta""#, &["Pasta"]),
            (r#"title__contains: "tar""#, &["Lemon tart"]),
            (r#"title__contains: "TAR""#, &[]),
            (r#"title__icontains: "TAR""#, &["Lemon tart"]),
            (r#"title__startswith: "Gr""#, &["Greek salad"]),
            (r#"title__startswith: "gr""#, &[]),
            (r#"title__istartswith: "gr""#, &["Greek salad"]),
            (r#"title__endswith: "ta""#, &["Pasta"]),
            (r#"title__iendswith: "TA""#, &["Pasta"]),
        ];
        for (lookups, expected) in cases {
            assert_eq!(titles(&mut s, lookups), expected, "{lookups}");
        }
        // Wildcards stand for themselves.
        assert_eq!(titles(&mut s, r#"title__contains: "%""#), Vec::<String>::new());
        assert_eq!(titles(&mut s, r#"title__icontains: "_""#), Vec::<String>::new());
        assert_eq!(titles(&mut s, r#"title__contains: "*""#), Vec::<String>::new());
    }

    fn a_lookup_follows_a_foreign_key_to_the_row_it_points_at(db) {
        let mut s = session(db);
        assert_eq!(titles(&mut s, r#"category__title: "Mains""#), ["Greek salad", "Pasta"]);
        assert_eq!(titles(&mut s, r#"category__title__icontains: "dess""#), ["Lemon tart"]);
        assert_eq!(titles(&mut s, r#"category_id__title__startswith: "M", inventory__gt: 5"#), ["Greek salad"]);
        assert_eq!(titles(&mut s, "category: 2"), ["Lemon tart"]);
    }

    fn exclude_keeps_the_rows_a_null_leaves_undecided(db) {
        let mut s = session(db);
        s.value(r#"let m = Menu.objects.get(#{title: "Pasta"}); m.description = "al dente"; m.save();"#);
        let kept = s.value(r#"Menu.objects.exclude(#{description: "al dente"}).order_by("title").values("title")"#);
        assert_eq!(kept, r#"[#{title: "Greek salad"}, #{title: "Lemon tart"}]"#);
        let typed: Vec<String> = Menu::objects()
            .filter(menu::description.is_null().or(menu::description.ne("al dente")))
            .order_by(menu::title.asc())
            .values(&mut s.conn, menu::title)
            .unwrap();
        assert_eq!(typed, ["Greek salad", "Lemon tart"]);
    }
}
