//! Who gets in: active staff only, and each model only to the users with
//! its view or change permission.

use axum::http::StatusCode;
use model_tests::on_every_backend;

use crate::support::{Project, INVALID_LOGIN, PASSWORD};

on_every_backend! {
    fn anonymous_visitors_are_sent_to_the_login_page_with_an_empty_body(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        project.get("/admin/", None).assert_sent_to_login("/admin/");
        project
            .get("/admin/pantry/dish/?q=tart", None)
            .assert_sent_to_login("/admin/pantry/dish/%3Fq%3Dtart");
        // A model that does not exist tells an anonymous visitor nothing either.
        project.get("/admin/pantry/nothing/", None).assert_sent_to_login("/admin/pantry/nothing/");
        project.get("/admin/logout/", None).assert_sent_to_login("/admin/logout/");
        // A forged session key is no one's.
        project
            .get("/admin/", Some("0123456789abcdef0123456789abcdef"))
            .assert_sent_to_login("/admin/");
    }

    fn users_who_are_not_active_staff_get_the_one_generic_message(db) {
        let project = Project::new(db);
        project.user("guest", false, true);
        project.user("retired", true, false);
        project.user("clerk", true, true);
        for (username, password) in [("guest", PASSWORD), ("retired", PASSWORD), ("clerk", "wrong"), ("nobody", PASSWORD)] {
            let reply = project.try_login(username, password, "");
            assert_eq!(reply.status, StatusCode::OK, "{username}");
            assert!(reply.body.contains(INVALID_LOGIN), "{username}: {}", reply.body);
            assert_eq!(reply.session(), None, "{username}: no new session");
        }
    }

    fn staff_without_permission_see_no_model_and_get_403_on_its_list(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "secret note");
        project.user("clerk", true, true);
        let session = project.login("clerk");
        let index = project.get("/admin/", Some(&session));
        assert_eq!(index.status, StatusCode::OK);
        assert!(!index.body.contains("/admin/pantry/dish/"), "{}", index.body);
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert_eq!(list.status, StatusCode::FORBIDDEN);
        assert!(!list.body.contains("Lemon tart"));
    }

    fn the_view_or_change_permission_opens_the_list(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        for (username, codename) in [("viewer", "view_dish"), ("editor", "change_dish")] {
            let user = project.user(username, true, true);
            project.grant(&user, codename);
            let session = project.login(username);
            let index = project.get("/admin/", Some(&session));
            assert!(index.body.contains("href=\"/admin/pantry/dish/\""), "{}", index.body);
            let list = project.get("/admin/pantry/dish/", Some(&session));
            assert_eq!(list.status, StatusCode::OK, "{username}");
            assert!(list.body.contains("Lemon tart"));
        }
        // The add permission alone does not.
        let adder = project.user("adder", true, true);
        project.grant(&adder, "add_dish");
        let session = project.login("adder");
        assert_eq!(project.get("/admin/pantry/dish/", Some(&session)).status, StatusCode::FORBIDDEN);
    }

    fn a_superuser_sees_every_registered_model(db) {
        let project = Project::new(db);
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");
        let index = project.get("/admin/", Some(&session));
        assert!(index.body.contains("<caption id=\"app-pantry\">pantry</caption>"), "{}", index.body);
        assert!(index.body.contains("Dishs"));
        assert_eq!(project.get("/admin/pantry/unknown/", Some(&session)).status, StatusCode::NOT_FOUND);
    }
}
