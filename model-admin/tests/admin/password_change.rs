//! Changing one's own password: the old one checked, the new one
//! validated, and the old session's cookie worth nothing afterwards.

use axum::http::StatusCode;
use model_tests::on_every_backend;

use crate::support::{Project, PASSWORD};

on_every_backend! {
    fn a_wrong_old_password_or_a_weak_new_one_changes_nothing(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        let session = project.login("clerk");
        let page = project.get("/admin/password_change/", Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        let token = page.csrf_token();
        let wrong = project.post("/admin/password_change/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("old_password", "nope"),
            ("new_password1", "a long new passphrase"), ("new_password2", "a long new passphrase"),
        ]);
        assert!(wrong.body.contains("Your old password was entered incorrectly."), "{}", wrong.body);
        let weak = project.post("/admin/password_change/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("old_password", PASSWORD),
            ("new_password1", "12345678"), ("new_password2", "12345678"),
        ]);
        assert!(weak.body.contains("This password is too common."), "{}", weak.body);
        assert!(weak.body.contains("This password is entirely numeric."), "{}", weak.body);
        let differ = project.post("/admin/password_change/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("old_password", PASSWORD),
            ("new_password1", "a long new passphrase"), ("new_password2", "another one"),
        ]);
        assert!(differ.body.contains("The two password fields didn’t match."), "{}", differ.body);
        let no_token = project.post("/admin/password_change/", Some(&session), &[
            ("old_password", PASSWORD), ("new_password1", "a long new passphrase"), ("new_password2", "a long new passphrase"),
        ]);
        assert_eq!(no_token.status, StatusCode::FORBIDDEN);
        // The old password still logs in.
        project.login("clerk");
    }

    fn a_change_moves_this_session_to_a_new_key_and_ends_the_others(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        let session = project.login("clerk");
        let elsewhere = project.login("clerk");
        let token = project.get("/admin/password_change/", Some(&session)).csrf_token();
        let reply = project.post("/admin/password_change/", Some(&session), &[
            ("csrfmiddlewaretoken", &token), ("old_password", PASSWORD),
            ("new_password1", "a long new passphrase"), ("new_password2", "a long new passphrase"),
        ]);
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(reply.location(), Some("/admin/password_change/done/"));
        let renewed = reply.session().expect("a new session key");
        assert_ne!(renewed, session);
        assert_eq!(project.get("/admin/password_change/done/", Some(&renewed)).status, StatusCode::OK);
        // The old cookie, replayed, and the other session go to the login page.
        project.get("/admin/", Some(&session)).assert_sent_to_login("/admin/");
        project.get("/admin/", Some(&elsewhere)).assert_sent_to_login("/admin/");
        assert_eq!(project.try_login("clerk", PASSWORD, "").status, StatusCode::OK, "the old password no longer works");
        assert_eq!(project.try_login("clerk", "a long new passphrase", "").status, StatusCode::FOUND);
    }
}
