//! Deleting a row: the confirmation lists every row the cascade takes,
//! `protect` keys refuse with the rows that hold them, the deletion is
//! logged and its history stays readable.

use axum::http::StatusCode;
use model_admin::{ActionFlag, LogEntry};
use model_runtime::prelude::*;
use model_tests::on_every_backend;

use crate::forms::{boss, token_of};
use crate::support::{dish, Dish, Project};

/// A review of a dish: deleted with it.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "pantry")]
pub struct Review {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Dish, on_delete = "cascade")]
    pub dish_id: i64,
    #[field(max_length = 100)]
    pub text: String,
}

/// An order of a dish: keeps the dish from being deleted.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "pantry")]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(foreign_key = Dish, on_delete = "protect")]
    pub dish_id: i64,
    #[field(max_length = 100)]
    pub customer: String,
}

fn dish_named(project: &Project, title: &str) -> Dish {
    Dish::objects()
        .filter(dish::title.eq(title.to_owned()))
        .get(&mut project.connect())
        .unwrap()
}

fn review(project: &Project, dish: &Dish, text: &str) {
    Review::create(
        &mut project.connect(),
        NewReview {
            dish_id: dish.id,
            text: text.into(),
        },
    )
    .unwrap();
}

on_every_backend! {
    fn the_confirmation_lists_the_rows_the_cascade_deletes_and_yes_deletes_them(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        project.dish("Soup", "5.00", "");
        let tart = dish_named(&project, "Lemon tart");
        review(&project, &tart, "Sharp <and> sweet");
        review(&project, &tart, "Too sweet");
        review(&project, &dish_named(&project, "Soup"), "Hot");
        let session = boss(&project);
        let path = format!("/admin/pantry/dish/{}/delete/", tart.id);
        let page = project.get(&path, Some(&session));
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("<h1>Are you sure?</h1>"), "{}", page.body);
        assert!(page.body.contains("<li>Reviews: 2</li>"), "{}", page.body);
        assert!(page.body.contains("<li>Review: Sharp &lt;and&gt; sweet</li>"), "{}", page.body);
        assert!(page.body.contains("<li>Review: Too sweet</li>"));
        assert!(!page.body.contains("Hot"), "another dish's review is not listed");
        // Nothing is deleted by looking.
        assert_eq!(Review::count(&mut project.connect()).unwrap(), 3);

        let reply = project.post(&path, Some(&session), &[("csrfmiddlewaretoken", &page.csrf_token()), ("post", "yes")]);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(reply.location(), Some("/admin/pantry/dish/"));
        let mut conn = project.connect();
        assert_eq!(Dish::count(&mut conn).unwrap(), 1);
        assert_eq!(Review::objects().values::<_, String, _>(&mut conn, review::text).unwrap(), ["Hot"]);
        let entries = LogEntry::objects().all(&mut conn).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action_flag, ActionFlag::Deletion.stored());
        assert_eq!(entries[0].object_repr, "Lemon tart");
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("The dish “Lemon tart” was deleted successfully."), "{}", list.body);
    }

    fn a_protecting_row_refuses_the_deletion_by_name_and_nothing_is_deleted(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        let tart = dish_named(&project, "Lemon tart");
        review(&project, &tart, "Sharp");
        Order::create(&mut project.connect(), NewOrder { dish_id: tart.id, customer: "Ada <Lovelace>".into() }).unwrap();
        let session = boss(&project);
        let path = format!("/admin/pantry/dish/{}/delete/", tart.id);
        let page = project.get(&path, Some(&session));
        assert!(page.body.contains("<h1>Cannot delete dish</h1>"), "{}", page.body);
        assert!(page.body.contains("<li>Order: Ada &lt;Lovelace&gt;</li>"), "{}", page.body);
        assert!(!page.body.contains("name=\"post\""), "no confirmation to send");
        // Sent anyway, with a token from the change form: refused, nothing lost.
        let token = token_of(&project, &format!("/admin/pantry/dish/{}/change/", tart.id), &session);
        let reply = project.post(&path, Some(&session), &[("csrfmiddlewaretoken", &token), ("post", "yes")]);
        assert_eq!(reply.status, StatusCode::CONFLICT);
        let mut conn = project.connect();
        assert_eq!(Dish::count(&mut conn).unwrap(), 1);
        assert_eq!(Review::count(&mut conn).unwrap(), 1);
        assert_eq!(LogEntry::count(&mut conn).unwrap(), 0);
    }

    fn the_history_lists_who_did_what_and_outlives_the_row(db) {
        let project = Project::new(db);
        let session = boss(&project);
        let token = token_of(&project, "/admin/pantry/dish/add/", &session);
        let added = project.post("/admin/pantry/dish/add/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("_continue", "1"),
            ("title", "Lemon <tart>"), ("price", "6.50"), ("note", ""),
        ]);
        let change = added.location().unwrap().to_owned();
        project.post(&change, Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("_save", "1"),
            ("title", "Lemon <tart>"), ("price", "7.00"), ("note", "new"),
        ]);
        let history = change.replace("/change/", "/history/");
        let page = project.get(&history, Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Change history: Lemon &lt;tart&gt;</h1>"), "{}", page.body);
        let rows: Vec<&str> = page.body.split("<tr><th scope=\"row\">").skip(1).collect();
        assert_eq!(rows.len(), 2, "{}", page.body);
        assert!(rows[0].contains("<td>boss</td><td>Added.</td>"), "{}", rows[0]);
        assert!(rows[1].contains("<td>boss</td><td>Changed price and note.</td>"), "{}", rows[1]);

        let delete = change.replace("/change/", "/delete/");
        project.post(&delete, Some(&session), &[("csrfmiddlewaretoken", &token), ("post", "yes")]);
        let page = project.get(&history, Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<td>boss</td><td>Deleted.</td>"), "{}", page.body);
        // A key never seen is a 404; a viewer without permission gets 403.
        assert_eq!(project.get("/admin/pantry/dish/987654/history/", Some(&session)).status, StatusCode::NOT_FOUND);
        project.user("clerk", true, true);
        let clerk = project.login("clerk");
        assert_eq!(project.get(&history, Some(&clerk)).status, StatusCode::FORBIDDEN);
    }

    fn delete_selected_confirms_then_deletes_every_selected_row_and_logs_each(db) {
        let project = Project::new(db);
        for title in ["Lemon tart", "Soup", "Pasta"] {
            project.dish(title, "5.00", "");
        }
        let (tart, soup) = (dish_named(&project, "Lemon tart"), dish_named(&project, "Soup"));
        review(&project, &tart, "Sharp");
        let session = boss(&project);
        let token = token_of(&project, "/admin/pantry/dish/", &session);
        let (tart_id, soup_id) = (tart.id.to_string(), soup.id.to_string());
        let selection = [
            ("csrfmiddlewaretoken", token.as_str()), ("action", "delete_selected"),
            ("_selected_action", tart_id.as_str()), ("_selected_action", soup_id.as_str()),
            ("_selected_action", "not-a-key"),
        ];
        let page = project.post("/admin/pantry/dish/", Some(&session), &selection);
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("<li>Dishs: 2</li>"), "{}", page.body);
        assert!(page.body.contains("<li>Review: Sharp</li>"), "{}", page.body);
        assert!(page.body.contains(&format!("name=\"_selected_action\" value=\"{tart_id}\"")), "{}", page.body);
        assert_eq!(Dish::count(&mut project.connect()).unwrap(), 3, "nothing deleted before the confirmation");

        let mut confirmed = selection.to_vec();
        confirmed.push(("post", "yes"));
        let reply = project.post("/admin/pantry/dish/", Some(&session), &confirmed);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        let mut conn = project.connect();
        assert_eq!(Dish::objects().values::<_, String, _>(&mut conn, dish::title).unwrap(), ["Pasta"]);
        assert_eq!(Review::count(&mut conn).unwrap(), 0);
        assert_eq!(LogEntry::count(&mut conn).unwrap(), 2);
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("Successfully deleted 2 dishs."), "{}", list.body);

        // Nothing selected: nothing done, and Django's message.
        let token = token_of(&project, "/admin/pantry/dish/", &session);
        let reply = project.post("/admin/pantry/dish/", Some(&session), &[("csrfmiddlewaretoken", &token), ("action", "delete_selected")]);
        assert_eq!(reply.status, StatusCode::FOUND);
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("Items must be selected in order to perform actions on them."), "{}", list.body);
    }

    fn delete_selected_needs_the_delete_permission_the_token_and_no_protecting_row(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        project.dish("Soup", "5.00", "");
        let tart = dish_named(&project, "Lemon tart");
        Order::create(&mut project.connect(), NewOrder { dish_id: tart.id, customer: "Ada".into() }).unwrap();
        let editor = project.user("editor", true, true);
        project.grant(&editor, "change_dish");
        let session = project.login("editor");
        let token = token_of(&project, "/admin/pantry/dish/", &session);
        let id = tart.id.to_string();
        let form = [("csrfmiddlewaretoken", token.as_str()), ("action", "delete_selected"), ("_selected_action", id.as_str()), ("post", "yes")];
        assert_eq!(project.post("/admin/pantry/dish/", Some(&session), &form).status, StatusCode::FORBIDDEN);
        assert_eq!(project.post("/admin/pantry/dish/", Some(&session), &form[1..]).status, StatusCode::FORBIDDEN, "no token");
        let session = boss(&project);
        let token = token_of(&project, "/admin/pantry/dish/", &session);
        let form = [("csrfmiddlewaretoken", token.as_str()), ("action", "delete_selected"), ("_selected_action", id.as_str()), ("post", "yes")];
        let refused = project.post("/admin/pantry/dish/", Some(&session), &form);
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert!(refused.body.contains("<li>Order: Ada</li>"), "{}", refused.body);
        assert_eq!(Dish::count(&mut project.connect()).unwrap(), 2);
        assert_eq!(LogEntry::count(&mut project.connect()).unwrap(), 0);
    }

    fn the_list_offers_the_action_and_the_add_link_only_to_who_may_use_them(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        let tart = dish_named(&project, "Lemon tart");
        let session = boss(&project);
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("<h1>Select dish to change</h1>"), "{}", list.body);
        assert!(list.body.contains("<option value=\"delete_selected\">Delete selected dishs</option>"), "{}", list.body);
        assert!(list.body.contains(&format!("<input type=\"checkbox\" name=\"_selected_action\" value=\"{}\"", tart.id)), "{}", list.body);
        assert!(list.body.contains(&format!("<a href=\"&#x2f;admin&#x2f;pantry&#x2f;dish&#x2f;{}&#x2f;change&#x2f;\">Lemon tart</a>", tart.id)), "{}", list.body);
        assert!(list.body.contains("href=\"&#x2f;admin&#x2f;pantry&#x2f;dish&#x2f;add&#x2f;\""), "{}", list.body);

        let viewer = project.user("viewer", true, true);
        project.grant(&viewer, "view_dish");
        let session = project.login("viewer");
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("<h1>Select dish to view</h1>"), "{}", list.body);
        assert!(!list.body.contains("delete_selected"));
        assert!(!list.body.contains("_selected_action"));
        assert!(!list.body.contains("/add/") && !list.body.contains("&#x2f;add&#x2f;"), "{}", list.body);
    }
}
