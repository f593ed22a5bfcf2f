//! A project's templates folder: its files replace the embedded templates
//! of the same name, and are read and checked when the site is built.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::StatusCode;
use model_tests::on_every_backend;

use crate::support::{site, Project, PASSWORD};

/// A folder of the test's own, removed afterwards.
struct Folder(std::path::PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("model-admin-templates-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("admin")).unwrap();
        Folder(path)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).unwrap();
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_template_that_does_not_parse_is_refused_when_the_site_is_built_naming_its_file() {
    let folder = Folder::new("broken");
    folder.write(
        "admin/index.html",
        "{% extends \"admin/base.html\" %}{% block content %}{% if %}{% endblock %}",
    );
    let mut site = site();
    site.templates_dir(&folder.0);
    let error = site.build().unwrap_err().to_string();
    assert!(
        error.contains("admin/index.html") || error.contains("admin\\index.html"),
        "{error}"
    );
    let mut missing = crate::support::site();
    missing.templates_dir(folder.0.join("nowhere"));
    assert!(missing.build().unwrap_err().to_string().contains("nowhere"));
}

on_every_backend! {
    fn a_file_in_the_templates_folder_replaces_the_embedded_page_and_still_escapes(db) {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let folder = Folder::new(&format!("index-{}", RUNS.fetch_add(1, Ordering::Relaxed)));
        folder.write(
            "admin/index.html",
            "{% extends \"admin/base.html\" %}{% block content %}<h1>Our kitchen</h1><p id=\"who\">{{ \"<i>\" ~ user }}</p>{% endblock %}",
        );
        let mut project = Project::new(db);
        let mut custom = site();
        custom.templates_dir(&folder.0);
        project.app = model_admin::router(custom.build().unwrap(), model_runtime::pool(db.url(), 2).unwrap());
        model_auth::create_superuser(&mut project.connect(), "chef", "", PASSWORD).unwrap();
        let session = project.login("chef");
        let page = project.get("/admin/", Some(&session));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Our kitchen</h1>"), "{}", page.body);
        assert!(page.body.contains("<p id=\"who\">&lt;i&gt;chef</p>"), "{}", page.body);
        // The pages it does not replace are the embedded ones.
        assert!(project.get("/admin/pantry/dish/", Some(&session)).body.contains("Select dish to"));
    }
}
