//! The change list: chosen columns, the model's ordering, a page at a
//! time, a count, and a search ANDed per word.

use model_tests::on_every_backend;

use crate::support::{Project, PASSWORD};

/// The dish titles in the page's table, in order.
fn titles(body: &str) -> Vec<String> {
    body.split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| row.split("</th>").next().unwrap_or_default().to_owned())
        .collect()
}

on_every_backend! {
    fn the_list_shows_the_chosen_columns_dearest_first_two_a_page_with_a_count(db) {
        let project = Project::new(db);
        for (title, price) in [("Bruschetta", "7.00"), ("Lemon tart", "6.50"), ("Pasta", "12.50"), ("Greek salad", "9.00"), ("Soup", "5.00")] {
            project.dish(title, price, "");
        }
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");

        let first = project.get("/admin/pantry/dish/", Some(&session));
        assert!(first.body.contains("<th scope=\"col\">Title</th><th scope=\"col\">Price</th>"), "{}", first.body);
        assert_eq!(titles(&first.body), ["Pasta", "Greek salad"]);
        assert!(first.body.contains("<td>12.50</td>"), "{}", first.body);
        assert!(first.body.contains("5 dishs"), "{}", first.body);
        assert!(first.body.contains("Page 1 of 3"));
        assert!(first.body.contains("href=\"?p=2\""));

        let second = project.get("/admin/pantry/dish/?p=2", Some(&session));
        assert_eq!(titles(&second.body), ["Bruschetta", "Lemon tart"]);
        let last = project.get("/admin/pantry/dish/?p=3", Some(&session));
        assert_eq!(titles(&last.body), ["Soup"]);
        // A page that is not there, or not a number, is the first.
        for p in ["9", "0", "x", "-1"] {
            let reply = project.get(&format!("/admin/pantry/dish/?p={p}"), Some(&session));
            assert_eq!(titles(&reply.body), ["Pasta", "Greek salad"], "p={p}");
        }
    }

    fn the_search_matches_every_word_in_any_search_field_ignoring_case(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "with meringue");
        project.dish("Lemon sorbet", "4.00", "");
        project.dish("Apple tart", "5.50", "LEMON zest");
        project.dish("Pasta", "12.50", "");
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");

        let lemon = project.get("/admin/pantry/dish/?q=lemon", Some(&session));
        assert_eq!(titles(&lemon.body), ["Lemon tart", "Apple tart"]);
        assert!(lemon.body.contains("3 results (4 total)"), "{}", lemon.body);
        assert!(lemon.body.contains("href=\"?q=lemon&amp;p=2\""), "{}", lemon.body);

        let both = project.get("/admin/pantry/dish/?q=TART+lemon", Some(&session));
        assert_eq!(titles(&both.body), ["Lemon tart", "Apple tart"]);
        assert!(both.body.contains("2 results (4 total)"));

        let none = project.get("/admin/pantry/dish/?q=lemon+pasta", Some(&session));
        assert!(titles(&none.body).is_empty());
        assert!(none.body.contains("0 results (4 total)"));
    }
}
