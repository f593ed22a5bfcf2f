//! Logging in and out: CSRF, a new session key at login, a session that
//! ends at logout, throttling, and no redirect off the site.

use axum::http::StatusCode;
use model_tests::on_every_backend;

use crate::support::{Project, PASSWORD};

on_every_backend! {
    fn a_login_without_its_csrf_token_is_refused_and_logs_no_one_in(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        let (session, token) = project.login_form();
        let other_token = project.login_form().1;
        for sent in [None, Some(""), Some(other_token.as_str())] {
            let mut form = vec![("username", "clerk"), ("password", PASSWORD)];
            if let Some(sent) = sent {
                form.push(("csrfmiddlewaretoken", sent));
            }
            let reply = project.post("/admin/login/", Some(&session), &form);
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{sent:?}");
            assert_eq!(reply.session(), None);
        }
        // No session at all: nothing to compare with.
        let reply = project.post("/admin/login/", None, &[("username", "clerk"), ("password", PASSWORD), ("csrfmiddlewaretoken", &token)]);
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        // Not a form at all.
        let raw = axum::http::Request::post("/admin/login/")
            .header("cookie", format!("sessionid={session}"))
            .body(axum::body::Body::from("{}"))
            .unwrap();
        assert_eq!(project.send(raw).status, StatusCode::FORBIDDEN);
        // The session before still holds no user.
        project.get("/admin/", Some(&session)).assert_sent_to_login("/admin/");
    }

    fn login_moves_the_session_to_a_new_key(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        let (before, token) = project.login_form();
        let reply = project.post(
            "/admin/login/",
            Some(&before),
            &[("username", "clerk"), ("password", PASSWORD), ("csrfmiddlewaretoken", &token), ("next", "")],
        );
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.location(), Some("/admin/"));
        let after = reply.session().unwrap();
        assert_ne!(after, before);
        project.get("/admin/", Some(&before)).assert_sent_to_login("/admin/");
        assert_eq!(project.get("/admin/", Some(&after)).status, StatusCode::OK);
        // The token of the login form is worth nothing after the login.
        let logout = project.post("/admin/logout/", Some(&after), &[("csrfmiddlewaretoken", &token)]);
        assert_eq!(logout.status, StatusCode::FORBIDDEN);
    }

    fn the_session_cookie_is_http_only_lax_and_secure_behind_https(db) {
        let project = Project::new(db);
        let plain = project.get("/admin/login/", None);
        let cookie = plain.set_cookie().unwrap();
        assert!(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && cookie.contains("; Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "{cookie}");
        let request = axum::http::Request::get("/admin/login/")
            .header("x-forwarded-proto", "https")
            .body(axum::body::Body::empty())
            .unwrap();
        let https = project.send(request);
        assert!(https.set_cookie().unwrap().ends_with("; Secure"));
    }

    fn logout_ends_the_session_and_its_cookie_replayed_goes_to_login(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        let session = project.login("clerk");
        let page = project.get("/admin/logout/", Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        let token = page.csrf_token();
        // Without the token, nothing ends.
        assert_eq!(project.post("/admin/logout/", Some(&session), &[]).status, StatusCode::FORBIDDEN);
        assert_eq!(project.get("/admin/", Some(&session)).status, StatusCode::OK);

        let reply = project.post("/admin/logout/", Some(&session), &[("csrfmiddlewaretoken", &token)]);
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.location(), Some("/admin/login/"));
        assert!(reply.set_cookie().unwrap().contains("Max-Age=0"));
        project.get("/admin/", Some(&session)).assert_sent_to_login("/admin/");
    }

    fn a_login_goes_on_only_to_a_path_of_this_site(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        for hostile in ["//evil.example", "https://evil.example", "/\\evil", "javascript:alert(1)", "evil.example"] {
            let reply = project.try_login("clerk", PASSWORD, hostile);
            assert_eq!(reply.status, StatusCode::FOUND);
            assert_eq!(reply.location(), Some("/admin/"), "{hostile}");
        }
        let reply = project.try_login("clerk", PASSWORD, "/admin/pantry/dish/?q=tart");
        assert_eq!(reply.location(), Some("/admin/pantry/dish/?q=tart"));
    }

    fn the_next_path_travels_from_the_redirect_through_the_form(db) {
        let project = Project::new(db);
        let form = project.get("/admin/login/?next=/admin/pantry/dish/", None);
        assert!(form.body.contains("name=\"next\" value=\"&#x2f;admin&#x2f;pantry&#x2f;dish&#x2f;\""), "{}", form.body);
    }

    fn repeated_failures_are_throttled_with_a_message_that_says_no_more(db) {
        let project = Project::new(db);
        project.user("clerk", true, true);
        for _ in 0..5 {
            assert_eq!(project.try_login("clerk", "wrong", "").status, StatusCode::OK);
        }
        let reply = project.try_login("clerk", PASSWORD, "");
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("Too many failed login attempts"), "{}", reply.body);
        assert_eq!(reply.session(), None);
    }
}
