//! A test project: app `pantry` with one model, its migrations made as a
//! project's are, the admin's router over a pool, and a client sending one
//! request at a time through it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use model_admin::{AdminSite, ModelAdmin};
use model_manage::{MakemigrationsArgs, MigrateArgs, Settings};
use model_migrations::autodetect::NonInteractive;
use model_runtime::chrono::NaiveDate;
use model_runtime::prelude::*;
use model_tests::TestDb;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use tower::ServiceExt;

/// A dish of the test app.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "pantry")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 100)]
    pub title: String,
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: Decimal,
    pub note: Option<String>,
    #[field(default = false)]
    pub vegan: bool,
    #[field(max_length = 10, sql_type = Text)]
    pub course: Option<Course>,
    pub served: Option<NaiveDate>,
    #[field(foreign_key = Kitchen, on_delete = "set_null")]
    pub kitchen_id: Option<i64>,
}

/// Where a dish is cooked: what the change list's foreign key filter lists.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "pantry")]
pub struct Kitchen {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 100)]
    pub name: String,
}

/// A dish's course: a field with choices.
#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Starter,
    #[model_enum(label = "Main course")]
    Main,
    Dessert,
}

/// How the tests register `Dish`: two rows a page, dearest first.
pub fn site() -> AdminSite {
    let mut site = AdminSite::new();
    site.register::<Dish>(
        ModelAdmin::new()
            .list_display(&["title", "price"])
            .search_fields(&["title", "note"])
            .ordering(&["-price"])
            .list_filter(&["vegan", "course", "served", "kitchen_id"])
            .list_per_page(2),
    );
    site
}

/// The one message every refused login gets.
pub const INVALID_LOGIN: &str = "Please enter the correct username and password for a staff account. \
                                 Note that both fields may be case-sensitive.";

pub const PASSWORD: &str = "correct horse battery";

/// A migrated database with the admin's router over it.
pub struct Project {
    pub app: Router,
    runtime: tokio::runtime::Runtime,
    folder: PathBuf,
    url: String,
}

impl Project {
    pub fn new(db: &TestDb) -> Project {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let folder = std::env::temp_dir().join(format!(
            "model-admin-pantry-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&folder);
        let settings = Settings::new()
            .database_url(db.url())
            .installed_apps(["admin", "auth", "sessions", "pantry"])
            .migrations_dir("pantry", &folder);
        let args = MakemigrationsArgs {
            apps: vec!["pantry".into()],
            ..MakemigrationsArgs::default()
        };
        model_manage::makemigrations(&settings, &args, &mut NonInteractive, &mut Vec::new()).unwrap();
        model_manage::migrate(&settings, &MigrateArgs::default(), &mut Vec::new()).unwrap();
        let pool = model_runtime::pool(db.url(), 4).unwrap();
        Project {
            app: model_admin::router(site().build().unwrap(), pool),
            runtime: tokio::runtime::Runtime::new().unwrap(),
            folder,
            url: db.url().to_owned(),
        }
    }

    pub fn connect(&self) -> Connection {
        model_runtime::connect(&self.url).unwrap()
    }

    /// A dish, from the text a form would send.
    pub fn dish(&self, title: &str, price: &str, note: &str) {
        let model = model_runtime::registry::find_model("pantry.Dish").unwrap();
        model
            .create(
                &mut self.connect(),
                &[("title", title), ("price", price), ("note", note)],
            )
            .unwrap();
    }

    /// A dish from any inputs a form would send.
    pub fn dish_with(&self, inputs: &[(&str, &str)]) {
        let model = model_runtime::registry::find_model("pantry.Dish").unwrap();
        model.create(&mut self.connect(), inputs).unwrap();
    }

    /// A kitchen; its key.
    pub fn kitchen(&self, name: &str) -> i64 {
        Kitchen::create(&mut self.connect(), NewKitchen { name: name.into() })
            .unwrap()
            .id
    }

    /// A user with the password [`PASSWORD`].
    pub fn user(&self, username: &str, staff: bool, active: bool) -> model_auth::User {
        let mut conn = self.connect();
        let mut user = model_auth::create_user(&mut conn, username, "", PASSWORD).unwrap();
        user.is_staff = staff;
        user.is_active = active;
        user.save(&mut conn).unwrap();
        user
    }

    /// Gives `user` the permission `codename` of `pantry`.
    pub fn grant(&self, user: &model_auth::User, codename: &str) {
        let mut conn = self.connect();
        let permission = model_auth::Permission::objects()
            .filter(model_auth::permission::codename.eq(codename.to_owned()))
            .get(&mut conn)
            .unwrap();
        user.user_permissions().add(&mut conn, &[&permission]).unwrap();
    }

    pub fn send(&self, request: Request<Body>) -> Reply {
        self.runtime.block_on(async {
            let response = self.app.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            Reply {
                status,
                headers,
                body: String::from_utf8(bytes.to_vec()).unwrap(),
            }
        })
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(path);
        if let Some(key) = cookie {
            request = request.header("cookie", format!("sessionid={key}"));
        }
        self.send(request.body(Body::empty()).unwrap())
    }

    pub fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        if let Some(key) = cookie {
            request = request.header("cookie", format!("sessionid={key}"));
        }
        self.send(request.body(Body::from(body)).unwrap())
    }

    /// Opens the login form: the session made for it, and its token.
    pub fn login_form(&self) -> (String, String) {
        let form = self.get("/admin/login/", None);
        assert_eq!(form.status, StatusCode::OK);
        (
            form.session().expect("a session for the token"),
            form.csrf_token(),
        )
    }

    /// Logs in through the form; the reply to the POST.
    pub fn try_login(&self, username: &str, password: &str, next: &str) -> Reply {
        let (session, token) = self.login_form();
        self.post(
            "/admin/login/",
            Some(&session),
            &[
                ("username", username),
                ("password", password),
                ("csrfmiddlewaretoken", &token),
                ("next", next),
            ],
        )
    }

    /// Logs in and returns the session key.
    pub fn login(&self, username: &str) -> String {
        let reply = self.try_login(username, PASSWORD, "");
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        reply.session().expect("the new session key")
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }

    /// The `Set-Cookie` header of the session.
    pub fn set_cookie(&self) -> Option<&str> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("sessionid="))
    }

    /// The session key the reply set.
    pub fn session(&self) -> Option<String> {
        let value = self.set_cookie()?.strip_prefix("sessionid=")?;
        let key = value.split(';').next()?;
        (!key.is_empty() && key != "\"\"").then(|| key.to_owned())
    }

    /// The CSRF token of the page's form.
    pub fn csrf_token(&self) -> String {
        let marker = "name=\"csrfmiddlewaretoken\" value=\"";
        let start = self.body.find(marker).expect("a form with a token") + marker.len();
        let end = self.body[start..].find('"').unwrap();
        self.body[start..start + end].to_owned()
    }

    /// Asserts a redirect to the login page with nothing in the body.
    pub fn assert_sent_to_login(&self, next: &str) {
        assert_eq!(self.status, StatusCode::FOUND, "{}", self.body);
        assert_eq!(
            self.location(),
            Some(format!("/admin/login/?next={next}").as_str())
        );
        assert!(self.body.is_empty(), "{}", self.body);
    }
}
