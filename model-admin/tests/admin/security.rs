//! What every response carries, and what no value can do to a page.

use axum::http::StatusCode;
use model_tests::on_every_backend;

use crate::support::{Project, PASSWORD};

const HEADERS: [(&str, &str); 5] = [
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    (
        "content-security-policy",
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ),
    ("cache-control", "no-cache, no-store, must-revalidate, private"),
    ("referrer-policy", "same-origin"),
];

on_every_backend! {
    fn every_response_forbids_framing_sniffing_and_caching(db) {
        let project = Project::new(db);
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");
        let replies = [
            project.get("/admin/login/", None),
            project.get("/admin/", None),
            project.get("/admin/", Some(&session)),
            project.get("/admin/pantry/dish/", Some(&session)),
            project.get("/admin/nowhere/", Some(&session)),
            project.get("/admin/static/admin.css", None),
            project.post("/admin/logout/", Some(&session), &[]),
        ];
        for reply in &replies {
            for (name, value) in HEADERS {
                assert_eq!(
                    reply.headers.get(name).and_then(|v| v.to_str().ok()),
                    Some(value),
                    "{name} on a {} reply",
                    reply.status
                );
            }
        }
        assert_eq!(replies[4].status, StatusCode::NOT_FOUND);
        assert_eq!(replies[6].status, StatusCode::FORBIDDEN);
    }

    fn values_in_rows_and_search_terms_are_escaped(db) {
        let project = Project::new(db);
        project.dish("<script>alert(1)</script>", "6.50", "\" onmouseover=alert(2)");
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");
        let list = project.get("/admin/pantry/dish/", Some(&session));
        assert!(list.body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{}", list.body);
        assert!(!list.body.contains("<script>"));
        let search = project.get("/admin/pantry/dish/?q=%22%3E%3Cscript%3Ex", Some(&session));
        assert!(search.body.contains("value=\"&quot;&gt;&lt;script&gt;x\""), "{}", search.body);
        assert!(!search.body.contains("<script>"));
        let form = project.get("/admin/login/?next=%22%3E%3Cscript%3E", None);
        assert!(!form.body.contains("<script>"));
    }

    fn over_https_a_write_from_another_origin_is_403_even_with_the_token(db) {
        let project = Project::new(db);
        project.dish("Lemon tart", "6.50", "");
        model_auth::create_superuser(&mut project.connect(), "boss", "", PASSWORD).unwrap();
        let session = project.login("boss");
        let token = project.get("/admin/pantry/dish/add/", Some(&session)).csrf_token();
        let body = format!("csrfmiddlewaretoken={token}&title=Soup&price=5&note=&_save=1");
        let send = |extra: &[(&str, &str)]| {
            let mut request = axum::http::Request::post("/admin/pantry/dish/add/")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("sessionid={session}"))
                .header("host", "shop.example")
                .header("x-forwarded-proto", "https");
            for (name, value) in extra {
                request = request.header(*name, *value);
            }
            project.send(request.body(axum::body::Body::from(body.clone())).unwrap())
        };
        for refused in [
            vec![("origin", "https://evil.example")],
            vec![("origin", "http://shop.example")],
            vec![("referer", "https://evil.example/admin/pantry/dish/add/")],
            vec![],
        ] {
            assert_eq!(send(&refused).status, StatusCode::FORBIDDEN, "{refused:?}");
        }
        assert_eq!(model_runtime::registry::find_model("pantry.Dish").unwrap().count(&mut project.connect()).unwrap(), 1);
        assert_eq!(send(&[("origin", "https://shop.example")]).status, StatusCode::FOUND);
        assert_eq!(send(&[("referer", "https://shop.example/admin/pantry/dish/add/")]).status, StatusCode::FOUND);
        assert_eq!(model_runtime::registry::find_model("pantry.Dish").unwrap().count(&mut project.connect()).unwrap(), 3);
    }
}
