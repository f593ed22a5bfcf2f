//! The add and change forms: a widget per field, errors beside their
//! fields with what was typed kept, Django's three buttons, the log of
//! each change, and the permission and token every write needs.

use axum::http::StatusCode;
use model_admin::{ActionFlag, LogEntry};
use model_runtime::prelude::*;
use model_tests::on_every_backend;

use crate::support::{dish, Dish, Project, Reply, PASSWORD};

/// A meal of several dishes: a many-to-many field.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "pantry", many_to_many(dishes = Dish))]
pub struct Meal {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 100)]
    pub name: String,
}

/// A superuser's session.
pub fn boss(project: &Project) -> String {
    model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
    project.login("boss")
}

/// The form page's token, for a write.
pub fn token_of(project: &Project, path: &str, session: &str) -> String {
    let page = project.get(path, Some(session));
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    page.csrf_token()
}

fn dishes(project: &Project) -> Vec<Dish> {
    Dish::objects()
        .order_by(dish::id.asc())
        .all(&mut project.connect())
        .unwrap()
}

fn log(project: &Project) -> Vec<LogEntry> {
    LogEntry::objects()
        .order_by(model_admin::log_entry::id.asc())
        .all(&mut project.connect())
        .unwrap()
}

/// Sends the add form with `fields` and the button `button`.
fn add(project: &Project, session: &str, fields: &[(&str, &str)], button: &str) -> Reply {
    let token = token_of(project, "/admin/pantry/dish/add/", session);
    let mut form = vec![("csrfmiddlewaretoken", token.as_str()), (button, "1")];
    form.extend_from_slice(fields);
    project.post("/admin/pantry/dish/add/", Some(session), &form)
}

on_every_backend! {
    fn the_add_form_has_a_fitting_widget_for_each_field(db) {
        let project = Project::new(db);
        let session = boss(&project);
        let page = project.get("/admin/pantry/dish/add/", Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Add dish</h1>"), "{}", page.body);
        assert!(page.body.contains("name=\"title\" id=\"id_title\" value=\"\" type=\"text\" maxlength=\"100\""), "{}", page.body);
        assert!(page.body.contains("name=\"price\" id=\"id_price\" value=\"\" type=\"text\" inputmode=\"decimal\""), "{}", page.body);
        assert!(page.body.contains("<textarea name=\"note\" id=\"id_note\""), "{}", page.body);
        // The key is the database's to give: no field for it.
        assert!(!page.body.contains("name=\"id\""));
        for button in ["_save", "_addanother", "_continue"] {
            assert!(page.body.contains(&format!("name=\"{button}\"")), "{button}");
        }
    }

    fn a_bad_price_comes_back_beside_its_field_with_what_was_typed(db) {
        let project = Project::new(db);
        let session = boss(&project);
        let reply = add(&project, &session, &[("title", "Lemon <b>tart</b>"), ("price", "six"), ("note", "")], "_save");
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(reply.body.contains("Please correct the error below."), "{}", reply.body);
        assert!(reply.body.contains("<p class=\"errorlist\" id=\"id_price_error\">Enter a number.</p>"), "{}", reply.body);
        assert!(reply.body.contains("value=\"six\""), "{}", reply.body);
        assert!(reply.body.contains("value=\"Lemon &lt;b&gt;tart&lt;&#x2f;b&gt;\""), "{}", reply.body);
        // Too many digits: the model's own check, in its words.
        let reply = add(&project, &session, &[("title", "Lemon tart"), ("price", "12345.678"), ("note", "")], "_save");
        assert!(reply.body.contains("id=\"id_price_error\""), "{}", reply.body);
        // A required field left empty.
        let reply = add(&project, &session, &[("title", "Lemon tart"), ("price", ""), ("note", "")], "_save");
        assert!(reply.body.contains("id=\"id_price_error\">This field is required.</p>"), "{}", reply.body);
        assert!(dishes(&project).is_empty(), "nothing was written");
        assert!(log(&project).is_empty());
    }

    fn each_button_goes_where_djangos_does_and_the_addition_is_logged(db) {
        let project = Project::new(db);
        let session = boss(&project);
        let saved = add(&project, &session, &[("title", "Lemon tart"), ("price", "6.50"), ("note", "")], "_save");
        assert_eq!(saved.status, StatusCode::FOUND, "{}", saved.body);
        assert_eq!(saved.location(), Some("/admin/pantry/dish/"));
        let another = add(&project, &session, &[("title", "Soup"), ("price", "5"), ("note", "hot")], "_addanother");
        assert_eq!(another.location(), Some("/admin/pantry/dish/add/"));
        let page = project.get("/admin/pantry/dish/add/", Some(&session));
        assert!(page.body.contains("The dish “Soup” was added successfully. You may add another dish below."), "{}", page.body);
        let more = add(&project, &session, &[("title", "Pasta"), ("price", "12.5"), ("note", "")], "_continue");
        let rows = dishes(&project);
        assert_eq!(rows.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Lemon tart", "Soup", "Pasta"]);
        assert_eq!(rows[1].note.as_deref(), Some("hot"));
        assert_eq!(more.location(), Some(format!("/admin/pantry/dish/{}/change/", rows[2].id).as_str()));
        let entries = log(&project);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].action_flag, ActionFlag::Addition.stored());
        assert_eq!((entries[2].app_label.as_str(), entries[2].model.as_str()), ("pantry", "dish"));
        assert_eq!(entries[2].object_id, rows[2].id.to_string());
        assert_eq!(entries[2].object_repr, "Pasta");
    }

    fn the_change_form_shows_the_row_saves_a_change_and_logs_which_fields(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "with meringue");
        let id = dishes(&project)[0].id;
        let session = boss(&project);
        let path = format!("/admin/pantry/dish/{id}/change/");
        let page = project.get(&path, Some(&session));
        assert!(page.body.contains("<h1>Change dish</h1>"), "{}", page.body);
        assert!(page.body.contains("value=\"6.50\""), "{}", page.body);
        assert!(page.body.contains(">with meringue</textarea>"), "{}", page.body);
        let history = format!("<a href=\"&#x2f;admin&#x2f;pantry&#x2f;dish&#x2f;{id}&#x2f;history&#x2f;\">History</a>");
        assert!(page.body.contains(&history), "{}", page.body);
        let token = page.csrf_token();
        let reply = project.post(&path, Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("_continue", "1"),
            ("title", "Lemon tart"), ("price", "7.25"), ("note", "with meringue"),
        ]);
        assert_eq!(reply.location(), Some(path.as_str()), "{}", reply.body);
        assert_eq!(dishes(&project)[0].price, "7.25".parse::<Decimal>().unwrap());
        let again = project.get(&path, Some(&session));
        assert!(again.body.contains("The dish “Lemon tart” was changed successfully. You may edit it again below."), "{}", again.body);
        let entries = log(&project);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action_flag, ActionFlag::Change.stored());
        assert_eq!(entries[0].change_message, "Changed price.");

        // A refused change keeps the row as it was and the typed text.
        let reply = project.post(&path, Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("_save", "1"),
            ("title", ""), ("price", "1e999x"), ("note", ""),
        ]);
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("id=\"id_price_error\">Enter a number.</p>"), "{}", reply.body);
        assert!(reply.body.contains("value=\"1e999x\""));
        assert_eq!(dishes(&project)[0].title, "Lemon tart");
        assert_eq!(log(&project).len(), 1);
    }

    fn an_unknown_or_malformed_key_is_a_404(db) {
        let project = Project::new(db);
        let session = boss(&project);
        for path in ["/admin/pantry/dish/999/change/", "/admin/pantry/dish/abc/change/", "/admin/pantry/dish/1%27%20OR%201=1/change/"] {
            assert_eq!(project.get(path, Some(&session)).status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    fn a_view_only_user_sees_a_read_only_form_and_every_write_is_403(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        let id = dishes(&project)[0].id;
        let viewer = project.user("viewer", true, true);
        project.grant(&viewer, "view_dish");
        let session = project.login("viewer");
        let path = format!("/admin/pantry/dish/{id}/change/");
        let page = project.get(&path, Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>View dish</h1>"), "{}", page.body);
        assert!(page.body.contains("<div class=\"readonly\" id=\"id_price\">6.50</div>"), "{}", page.body);
        assert!(!page.body.contains("name=\"_save\""));
        assert!(!page.body.contains("name=\"title\""));
        let token = page.csrf_token();
        let form = [("csrfmiddlewaretoken", token.as_str()), ("title", "Hacked"), ("price", "0"), ("note", "")];
        assert_eq!(project.post(&path, Some(&session), &form).status, StatusCode::FORBIDDEN);
        assert_eq!(project.get("/admin/pantry/dish/add/", Some(&session)).status, StatusCode::FORBIDDEN);
        assert_eq!(project.post("/admin/pantry/dish/add/", Some(&session), &form).status, StatusCode::FORBIDDEN);
        assert_eq!(project.get(&format!("/admin/pantry/dish/{id}/delete/"), Some(&session)).status, StatusCode::FORBIDDEN);
        let delete = [("csrfmiddlewaretoken", token.as_str()), ("post", "yes")];
        assert_eq!(project.post(&format!("/admin/pantry/dish/{id}/delete/"), Some(&session), &delete).status, StatusCode::FORBIDDEN);
        assert_eq!(dishes(&project)[0].title, "Lemon tart");
        assert_eq!(dishes(&project).len(), 1);
        assert!(log(&project).is_empty());
        // The add permission alone adds, and shows no change form.
        let adder = project.user("adder", true, true);
        project.grant(&adder, "add_dish");
        let session = project.login("adder");
        let reply = add(&project, &session, &[("title", "Soup"), ("price", "5"), ("note", "")], "_save");
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(project.get(&path, Some(&session)).status, StatusCode::FORBIDDEN);
    }

    fn a_write_without_the_token_or_with_another_sessions_is_403_and_changes_nothing(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        let id = dishes(&project)[0].id;
        let session = boss(&project);
        let other = project.login_form();
        let path = format!("/admin/pantry/dish/{id}/change/");
        for token in [None, Some(other.1.as_str()), Some("")] {
            let mut form = vec![("title", "Hacked"), ("price", "0"), ("note", "")];
            if let Some(token) = token {
                form.push(("csrfmiddlewaretoken", token));
            }
            assert_eq!(project.post(&path, Some(&session), &form).status, StatusCode::FORBIDDEN);
            assert_eq!(project.post("/admin/pantry/dish/add/", Some(&session), &form).status, StatusCode::FORBIDDEN);
            let mut delete = vec![("post", "yes")];
            if let Some(token) = token {
                delete.push(("csrfmiddlewaretoken", token));
            }
            assert_eq!(project.post(&format!("/admin/pantry/dish/{id}/delete/"), Some(&session), &delete).status, StatusCode::FORBIDDEN);
        }
        assert_eq!(dishes(&project).len(), 1);
        assert_eq!(dishes(&project)[0].title, "Lemon tart");
        assert!(log(&project).is_empty());
        // Anonymous writes go to the login page.
        project.post("/admin/pantry/dish/add/", None, &[("title", "x")]).assert_sent_to_login("/admin/pantry/dish/add/");
    }

    fn every_typed_value_is_escaped_in_the_form(db) {
        let project = Project::new(db);
        let hostile = "\" onmouseover=\"alert(1)\" <script>alert(2)</script>";
        project.dish(hostile, "1", hostile);
        let id = dishes(&project)[0].id;
        let session = boss(&project);
        let page = project.get(&format!("/admin/pantry/dish/{id}/change/"), Some(&session));
        assert!(!page.body.contains("<script>alert"), "{}", page.body);
        assert!(!page.body.contains("\" onmouseover=\"alert"), "{}", page.body);
        assert!(page.body.contains("&quot; onmouseover=&quot;alert(1)&quot; &lt;script&gt;"), "{}", page.body);
        let reply = add(&project, &session, &[("title", hostile), ("price", hostile), ("note", "")], "_save");
        assert!(!reply.body.contains("<script>alert"));
        assert!(!reply.body.contains("\" onmouseover=\"alert"));
    }

    fn a_read_only_field_is_shown_and_never_taken_from_the_form(db) {
        let mut project = Project::new(db);
        let mut custom = model_admin::AdminSite::new();
        custom.register::<Dish>(model_admin::ModelAdmin::new().readonly_fields(&["price"]));
        project.app = model_admin::router(custom.build().unwrap(), model_runtime::pool(db.url(), 2).unwrap());
        project.dish("Lemon tart", "6.50", "");
        let id = dishes(&project)[0].id;
        let session = boss(&project);
        let path = format!("/admin/pantry/dish/{id}/change/");
        let page = project.get(&path, Some(&session));
        assert!(page.body.contains("<div class=\"readonly\" id=\"id_price\">6.50</div>"), "{}", page.body);
        assert!(!page.body.contains("name=\"price\""));
        let reply = project.post(&path, Some(&session), &[
            ("csrfmiddlewaretoken", &page.csrf_token()), ("_save", "1"),
            ("title", "Lemon pie"), ("price", "0.01"), ("note", ""),
        ]);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        let row = &dishes(&project)[0];
        assert_eq!((row.title.as_str(), row.price.to_string().as_str()), ("Lemon pie", "6.50"));
    }

    fn a_foreign_key_is_a_select_of_its_targets_or_a_key_box_past_a_hundred(db) {
        let mut project = Project::new(db);
        let mut custom = crate::support::site();
        custom.register::<crate::delete::Review>(model_admin::ModelAdmin::new());
        project.app = model_admin::router(custom.build().unwrap(), model_runtime::pool(db.url(), 2).unwrap());
        project.dish("Lemon <tart>", "6.50", "");
        let id = dishes(&project)[0].id;
        let session = boss(&project);
        let page = project.get("/admin/pantry/review/add/", Some(&session));
        assert!(page.body.contains("<select name=\"dish_id\" id=\"id_dish_id\">"), "{}", page.body);
        // Labelled by its relation, as Django labels it: "Dish", not "Dish id".
        assert!(page.body.contains("<label for=\"id_dish_id\" class=\"required\">Dish:</label>"), "{}", page.body);
        assert!(page.body.contains(&format!("<option value=\"{id}\">Lemon &lt;tart&gt;</option>")), "{}", page.body);
        let token = page.csrf_token();
        let reply = project.post("/admin/pantry/review/add/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("dish_id", &id.to_string()), ("text", "Sharp"),
        ]);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        // A key no dish has: the database refuses, the form says so.
        let reply = project.post("/admin/pantry/review/add/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("dish_id", "987654"), ("text", "Ghost"),
        ]);
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("foreign key"), "{}", reply.body);
        assert_eq!(crate::delete::Review::count(&mut project.connect()).unwrap(), 1);

        let model = model_runtime::registry::find_model("pantry.Dish").unwrap();
        let mut conn = project.connect();
        for n in 0..100 {
            model.create(&mut conn, &[("title", &format!("Dish {n}")), ("price", "1")]).unwrap();
        }
        let page = project.get("/admin/pantry/review/add/", Some(&session));
        assert!(!page.body.contains("<select name=\"dish_id\""), "{}", page.body);
        assert!(page.body.contains("name=\"dish_id\" id=\"id_dish_id\" value=\"\" type=\"text\""), "{}", page.body);
        assert!(page.body.contains("href=\"&#x2f;admin&#x2f;pantry&#x2f;dish&#x2f;\""), "{}", page.body);
    }

    fn a_many_to_many_field_is_a_multiple_select_saved_as_links_and_logged(db) {
        let mut project = Project::new(db);
        let mut custom = crate::support::site();
        custom.register::<Meal>(model_admin::ModelAdmin::new());
        project.app = model_admin::router(custom.build().unwrap(), model_runtime::pool(db.url(), 2).unwrap());
        for title in ["Soup", "Pasta", "Tart"] {
            project.dish(title, "5", "");
        }
        let ids: Vec<String> = dishes(&project).iter().map(|d| d.id.to_string()).collect();
        let session = boss(&project);
        let page = project.get("/admin/pantry/meal/add/", Some(&session));
        assert!(page.body.contains("<select name=\"dishes\" id=\"id_dishes\" multiple"), "{}", page.body);
        let reply = project.post("/admin/pantry/meal/add/", Some(&session), &[
            ("csrfmiddlewaretoken", &page.csrf_token()), ("_continue", "1"), ("name", "Lunch"),
            ("dishes", &ids[0]), ("dishes", &ids[2]),
        ]);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        let change = reply.location().unwrap().to_owned();
        let meal = Meal::objects().get(&mut project.connect()).unwrap();
        let linked = |project: &Project| {
            let mut titles: Vec<String> = meal.dishes().all(&mut project.connect()).unwrap().into_iter().map(|d| d.title).collect();
            titles.sort();
            titles
        };
        assert_eq!(linked(&project), ["Soup", "Tart"]);
        let page = project.get(&change, Some(&session));
        assert!(page.body.contains(&format!("<option value=\"{}\" selected>Soup</option>", ids[0])), "{}", page.body);
        assert!(page.body.contains(&format!("<option value=\"{}\">Pasta</option>", ids[1])), "{}", page.body);

        project.post(&change, Some(&session), &[
            ("csrfmiddlewaretoken", &page.csrf_token()), ("_save", "1"), ("name", "Lunch"),
            ("dishes", &ids[1]), ("dishes", &ids[2]),
        ]);
        assert_eq!(linked(&project), ["Pasta", "Tart"]);
        let messages: Vec<String> = log(&project).into_iter().map(|e| e.change_message).collect();
        assert_eq!(messages, ["Added.", "Changed dishes."]);
        // A key no dish has: refused, the links as they were.
        let reply = project.post(&change, Some(&session), &[
            ("csrfmiddlewaretoken", &page.csrf_token()), ("_save", "1"), ("name", "Brunch"), ("dishes", "987654"),
        ]);
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(linked(&project), ["Pasta", "Tart"]);
        assert_eq!(Meal::objects().get(&mut project.connect()).unwrap().name, "Lunch");
    }
}
