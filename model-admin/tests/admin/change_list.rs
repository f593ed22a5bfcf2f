//! The change list: chosen columns, the model's ordering, a page at a
//! time, a count, a search ANDed per word, columns sorted by their
//! headers (`?o=`), and the `list_filter` sidebar; the database does the
//! work, and no parameter makes it fail.

use axum::http::StatusCode;
use model_admin::{AdminError, AdminSite, ModelAdmin};
use model_runtime::chrono::{Days, Utc};
use model_runtime::prelude::*;
use model_tests::on_every_backend;

use crate::support::{Dish, Kitchen, NewDish, NewKitchen, Project, Reply, PASSWORD};

/// The dish titles in the page's table, in order: each row's heading,
/// the text of its link to the change form.
fn titles(body: &str) -> Vec<String> {
    body.split("<th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let cell = row.split("</th>").next().unwrap_or_default();
            let text = cell.split_once('>').map_or(cell, |(_, rest)| rest);
            text.trim_end_matches("</a>").to_owned()
        })
        .collect()
}

/// The target of the link whose text is `label`, as a browser reads it.
fn link(body: &str, label: &str) -> String {
    let end = body
        .find(&format!(">{label}</a>"))
        .unwrap_or_else(|| panic!("no link {label}: {body}"));
    let start = body[..end].rfind("href=\"").unwrap() + "href=\"".len();
    let href = &body[start..end];
    href[..href.find('"').unwrap()].replace("&amp;", "&")
}

/// The labels of the sidebar's selected links.
fn selected(body: &str) -> Vec<String> {
    body.split("<li class=\"selected\"><a href=\"")
        .skip(1)
        .map(|item| {
            let text = item.split("\">").nth(1).unwrap_or_default();
            text.split("</a>").next().unwrap_or_default().to_owned()
        })
        .collect()
}

fn boss(project: &Project) -> String {
    model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
    project.login("boss")
}

fn list(project: &Project, session: &str, query: &str) -> Reply {
    let reply = project.get(&format!("/admin/pantry/dish/{query}"), Some(session));
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply
}

on_every_backend! {
    fn the_list_shows_the_chosen_columns_dearest_first_two_a_page_with_a_count(db) {
        let project = Project::new(db);
        for (title, price) in [("Bruschetta", "7.00"), ("Lemon tart", "6.50"), ("Pasta", "12.50"), ("Greek salad", "9.00"), ("Soup", "5.00")] {
            project.dish(title, price, "");
        }
        let session = boss(&project);

        let first = list(&project, &session, "");
        assert!(
            first.body.contains(
                "<th scope=\"col\"><a href=\"?o=1.-2\">Title</a></th>\
                 <th scope=\"col\" class=\"sorted descending\" aria-sort=\"descending\"><a href=\"?o=2\">Price</a></th>"
            ),
            "{}",
            first.body
        );
        assert_eq!(titles(&first.body), ["Pasta", "Greek salad"]);
        assert!(first.body.contains("<td>12.50</td>"), "{}", first.body);
        assert!(first.body.contains("5 dishs"), "{}", first.body);
        assert!(first.body.contains("Page 1 of 3"));
        assert!(first.body.contains("href=\"?p=2\""));

        let second = list(&project, &session, "?p=2");
        assert_eq!(titles(&second.body), ["Bruschetta", "Lemon tart"]);
        let last = list(&project, &session, "?p=3");
        assert_eq!(titles(&last.body), ["Soup"]);
        // A page that is not there, or not a number, is the first.
        for p in ["9", "0", "x", "-1", "99999999999999999999999"] {
            let reply = list(&project, &session, &format!("?p={p}"));
            assert_eq!(titles(&reply.body), ["Pasta", "Greek salad"], "p={p}");
        }
    }

    fn the_search_matches_every_word_in_any_search_field_ignoring_case(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "with meringue");
        project.dish("Lemon sorbet", "4.00", "");
        project.dish("Apple tart", "5.50", "LEMON zest");
        project.dish("Pasta", "12.50", "");
        let session = boss(&project);

        let lemon = list(&project, &session, "?q=lemon");
        assert_eq!(titles(&lemon.body), ["Lemon tart", "Apple tart"]);
        assert!(lemon.body.contains("3 results (4 total)"), "{}", lemon.body);
        assert!(lemon.body.contains("href=\"?q=lemon&amp;p=2\""), "{}", lemon.body);

        let both = list(&project, &session, "?q=TART+lemon");
        assert_eq!(titles(&both.body), ["Lemon tart", "Apple tart"]);
        assert!(both.body.contains("2 results (4 total)"));

        let none = list(&project, &session, "?q=lemon+pasta");
        assert!(titles(&none.body).is_empty());
        assert!(none.body.contains("0 results (4 total)"));

        // SQL's wildcards are plain characters in a search.
        project.dish("100% juice", "3.00", "fresh_squeezed");
        assert_eq!(titles(&list(&project, &session, "?q=%25").body), ["100% juice"]);
        assert_eq!(titles(&list(&project, &session, "?q=h_s").body), ["100% juice"]);
        assert!(titles(&list(&project, &session, "?q=l_mon").body).is_empty());
    }

    fn a_column_header_sorts_by_it_and_a_second_click_flips_it(db) {
        let project = Project::new(db);
        for (title, price) in [("Bruschetta", "7.00"), ("Lemon tart", "6.50"), ("Pasta", "12.50"), ("Greek salad", "9.00"), ("Soup", "5.00")] {
            project.dish(title, price, "");
        }
        let session = boss(&project);

        let by_title = list(&project, &session, "?o=1");
        assert_eq!(titles(&by_title.body), ["Bruschetta", "Greek salad"]);
        assert!(by_title.body.contains("class=\"sorted ascending\" aria-sort=\"ascending\"><a href=\"?o=-1\">Title</a>"), "{}", by_title.body);
        // Clicking another header sorts by it first, then by this one.
        assert_eq!(link(&by_title.body, "Price"), "?o=2.1");
        // The pages keep the sort.
        assert_eq!(link(&by_title.body, "Next"), "?o=1&p=2");
        assert_eq!(titles(&list(&project, &session, "?o=1&p=3").body), ["Soup"]);

        let flipped = list(&project, &session, &link(&by_title.body, "Title"));
        assert_eq!(titles(&flipped.body), ["Soup", "Pasta"]);
        let cheapest = list(&project, &session, "?o=2.1");
        assert_eq!(titles(&cheapest.body), ["Soup", "Lemon tart"]);
        assert_eq!(link(&cheapest.body, "Price"), "?o=-2.1");
        // A column sorted second comes first, flipped, as in Django.
        assert_eq!(link(&cheapest.body, "Title"), "?o=-1.2");

        // A search keeps the sort, and the headers keep the search.
        let searched = list(&project, &session, "?q=a&o=-1");
        assert_eq!(titles(&searched.body), ["Pasta", "Lemon tart"]);
        assert_eq!(link(&searched.body, "Title"), "?q=a&o=1");
        assert!(searched.body.contains("<input type=\"hidden\" name=\"o\" value=\"-1\">"), "{}", searched.body);

        // What `o` cannot use is dropped; the model's ordering stands.
        for bad in ["x", "0", "3", "-", "1x", "--1", ".", "99999999999999999999999", "%00", "%C3%28"] {
            let reply = list(&project, &session, &format!("?o={bad}"));
            assert_eq!(titles(&reply.body), ["Pasta", "Greek salad"], "o={bad}");
        }
        let partly = list(&project, &session, "?o=x.1.9");
        assert_eq!(titles(&partly.body), ["Bruschetta", "Greek salad"]);
        // Links carry only what was used.
        assert_eq!(link(&partly.body, "Next"), "?o=1&p=2");
        assert_eq!(link(&list(&project, &session, "?o=x&q=a").body, "Next"), "?q=a&p=2");
    }

    fn the_sidebar_filters_by_boolean_choice_date_and_foreign_key(db) {
        let project = Project::new(db);
        let today = Utc::now().date_naive();
        let long_ago = "2000-01-01";
        let north = project.kitchen("North");
        let south = project.kitchen("South");
        let (north, south) = (north.to_string(), south.to_string());
        let today_text = today.to_string();
        project.dish_with(&[("title", "Pasta"), ("price", "12.50"), ("course", "main"), ("served", &today_text), ("kitchen_id", &north)]);
        project.dish_with(&[("title", "Soup"), ("price", "5.00"), ("vegan", "true"), ("course", "Starter"), ("kitchen_id", &south)]);
        project.dish_with(&[("title", "Tart"), ("price", "6.50"), ("vegan", "true"), ("course", "dessert"), ("served", long_ago)]);
        project.dish_with(&[("title", "Salad"), ("price", "8.00"), ("vegan", "true")]);
        let session = boss(&project);

        let all = list(&project, &session, "");
        assert_eq!(selected(&all.body), ["All", "All", "Any date", "All"]);
        for label in ["By vegan", "By course", "By served", "By kitchen", "Main course", "North", "South", "No date", "Past 7 days"] {
            assert!(all.body.contains(&format!(">{label}<")), "{label}: {}", all.body);
        }

        let vegan = list(&project, &session, &link(&all.body, "Yes"));
        assert_eq!(titles(&vegan.body), ["Salad", "Tart"]);
        assert!(vegan.body.contains("3 results (4 total)"), "{}", vegan.body);
        assert_eq!(selected(&vegan.body), ["Yes", "All", "Any date", "All"]);
        // Every link keeps the filter: pages, headers, the other filters.
        assert_eq!(link(&vegan.body, "Next"), "?vegan__exact=1&p=2");
        assert_eq!(link(&vegan.body, "Title"), "?vegan__exact=1&o=1.-2");
        assert_eq!(link(&vegan.body, "Dessert"), "?vegan__exact=1&course__exact=dessert");
        assert_eq!(link(&vegan.body, "No"), "?vegan__exact=0");
        assert_eq!(link(&vegan.body, "Clear all filters"), "?");
        assert!(vegan.body.contains("<input type=\"hidden\" name=\"vegan__exact\" value=\"1\">"));
        assert_eq!(titles(&list(&project, &session, "?vegan__exact=0").body), ["Pasta"]);
        assert_eq!(titles(&list(&project, &session, "?vegan__exact=1&q=tart").body), ["Tart"]);
        assert_eq!(titles(&list(&project, &session, "?vegan__exact=1&course__exact=dessert").body), ["Tart"]);

        assert_eq!(titles(&list(&project, &session, "?course__exact=main").body), ["Pasta"]);
        assert_eq!(titles(&list(&project, &session, "?course__isnull=True").body), ["Salad"]);

        let dated = |label: &str| titles(&list(&project, &session, &link(&all.body, label)).body);
        assert_eq!(dated("Today"), ["Pasta"]);
        assert_eq!(dated("Past 7 days"), ["Pasta"]);
        assert_eq!(dated("This month"), ["Pasta"]);
        assert_eq!(dated("This year"), ["Pasta"]);
        assert_eq!(dated("No date"), ["Salad", "Soup"]);
        let yesterday = today - Days::new(1);
        assert_eq!(link(&all.body, "Today"), format!("?served__gte={today}&served__lt={}", today + Days::new(1)));
        assert_eq!(titles(&list(&project, &session, "?served__gte=2000-01-01&served__lt=2000-01-02").body), ["Tart"]);
        assert_eq!(titles(&list(&project, &session, &format!("?served__lt={yesterday}")).body), ["Tart"]);

        let northern = list(&project, &session, &link(&all.body, "North"));
        assert_eq!(titles(&northern.body), ["Pasta"]);
        assert_eq!(selected(&northern.body), ["All", "All", "Any date", "North"]);
        assert_eq!(titles(&list(&project, &session, &format!("?kitchen_id__exact={south}")).body), ["Soup"]);
        assert_eq!(titles(&list(&project, &session, "?kitchen_id__isnull=True").body), ["Salad", "Tart"]);
    }

    fn unknown_or_malformed_parameters_are_dropped_never_a_failure(db) {
        let project = Project::new(db);
        project.dish_with(&[("title", "Pasta"), ("price", "12.50")]);
        project.dish_with(&[("title", "Soup"), ("price", "5.00"), ("vegan", "true")]);
        let session = boss(&project);
        for query in [
            "?vegan__exact=maybe",
            "?vegan__exact=",
            "?served__gte=yesterday&served__lt=2000-13-01",
            "?served__exact=2024-01-01",
            "?title__exact=Soup",
            "?price__gte=1",
            "?kitchen_id__exact=abc",
            "?kitchen_id__in=1,2",
            "?course__isnull=False",
            "?nope=1&e=1",
            "?vegan=1",
            "?__exact=1",
            "?p=%00&o=%FF",
            "?vegan__exact=1&vegan__exact=x",
        ] {
            let reply = list(&project, &session, query);
            assert_eq!(titles(&reply.body), ["Pasta", "Soup"], "{query}");
            assert!(reply.body.contains("2 dishs"), "{query}: {}", reply.body);
            assert_eq!(link(&reply.body, "Title"), "?o=1.-2", "{query}");
        }
        // Bytes that are not UTF-8 are read as U+FFFD, found nowhere.
        assert!(titles(&list(&project, &session, "?q=%FF").body).is_empty());
        // The last of a repeated parameter counts, as in Django.
        assert_eq!(titles(&list(&project, &session, "?vegan__exact=x&vegan__exact=1").body), ["Soup"]);
    }

    fn every_value_in_the_list_and_the_sidebar_is_escaped(db) {
        let project = Project::new(db);
        let script = project.kitchen("<script>alert(1)</script>");
        project.kitchen("\" onmouseover=\"alert(1)");
        project.dish_with(&[("title", "<b>Pasta</b>"), ("price", "12.50"), ("kitchen_id", &script.to_string())]);
        let session = boss(&project);

        let reply = list(
            &project,
            &session,
            "?q=%3Cscript%3Ex%3C%2Fscript%3E%22+onmouseover%3D&course__exact=%3Cscript%3E%22+onmouseover%3D&o=1",
        );
        for raw in ["<script>", "\" onmouseover=", "<b>"] {
            assert!(!reply.body.contains(raw), "{raw} unescaped: {}", reply.body);
        }
        assert!(reply.body.contains("value=\"&lt;script&gt;x&lt;&#x2f;script&gt;&quot; onmouseover=\""), "{}", reply.body);
        assert!(reply.body.contains("name=\"course__exact\" value=\"&lt;script&gt;&quot; onmouseover=\""), "{}", reply.body);
        assert!(reply.body.contains("?q=%3Cscript%3Ex%3C%2Fscript%3E%22%20onmouseover%3D&amp;course__exact=%3Cscript%3E%22%20onmouseover%3D&amp;o=-1"), "{}", reply.body);

        let all = list(&project, &session, "");
        assert!(all.body.contains("&lt;b&gt;Pasta&lt;&#x2f;b&gt;"), "{}", all.body);
        assert!(all.body.contains(">&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</a>"), "{}", all.body);
        assert!(all.body.contains(">&quot; onmouseover=&quot;alert(1)</a>"), "{}", all.body);
        for raw in ["<script>", "\" onmouseover=", "<b>"] {
            assert!(!all.body.contains(raw), "{raw} unescaped: {}", all.body);
        }
    }

    fn a_large_table_is_counted_and_paged_by_the_database(db) {
        let project = Project::new(db);
        let kitchens: Vec<NewKitchen> = (0..101).map(|i| NewKitchen { name: format!("Kitchen {i:03}") }).collect();
        Kitchen::bulk_create(&mut project.connect(), &kitchens).unwrap();
        let dishes: Vec<NewDish> = (0..1000)
            .map(|i| NewDish {
                title: format!("Dish {i:04}"),
                price: Decimal::from(i),
                note: None,
                vegan: i % 2 == 0,
                course: None,
                served: None,
                kitchen_id: None,
            })
            .collect();
        Dish::bulk_create(&mut project.connect(), &dishes).unwrap();
        let session = boss(&project);

        let first = list(&project, &session, "");
        assert!(first.body.contains("1000 dishs"));
        assert!(first.body.contains("Page 1 of 500"));
        assert_eq!(titles(&first.body), ["Dish 0999", "Dish 0998"]);
        assert_eq!(titles(&list(&project, &session, "?p=500").body), ["Dish 0001", "Dish 0000"]);
        let even = list(&project, &session, "?vegan__exact=1&q=dish+09&p=3");
        assert!(even.body.contains("55 results (1000 total)"), "{}", even.body);
        assert_eq!(titles(&even.body), ["Dish 0990", "Dish 0988"]);
        // The kitchen filter lists the first hundred kitchens, by key.
        assert_eq!(first.body.matches("href=\"?kitchen_id__exact=").count(), 100);
        assert!(first.body.contains(">Kitchen 099</a>") && !first.body.contains(">Kitchen 100</a>"));
    }
}

#[test]
fn a_search_field_that_is_not_text_is_refused_when_the_site_is_built() {
    let mut site = AdminSite::new();
    site.register::<Dish>(ModelAdmin::new().search_fields(&["title", "price"]));
    let error = site.build().unwrap_err();
    assert!(
        matches!(&error, AdminError::NotSearchable { model, field } if model == "pantry.Dish" && field == "price"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "admin of pantry.Dish: `search_fields` names `price`, which is not a text field"
    );
}
