//! Installed like Django's apps: the first `migrate` creates the built-in
//! tables before the project's, every installed model gets its four
//! permissions once, `has_perm` follows a user's own and their groups'
//! permissions, and `migrate auth zero` waits until no app depends on auth.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use model_auth::{create_superuser, create_user, permission, Group, NewGroup, Permission};
use model_manage::{MakemigrationsArgs, MigrateArgs, Settings};
use model_migrations::autodetect::NonInteractive;
use model_runtime::prelude::*;
use model_tests::{on_every_backend, TestDb};

/// A project's own model, in another crate than `User`, pointing at it.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "kitchen")]
pub struct Order {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 100)]
    pub dish: String,
    #[field(foreign_key = model_auth::User, on_delete = "set_null", related_name = "+")]
    pub waiter_id: Option<i64>,
}

/// Settings installing auth, sessions and kitchen, kitchen's migrations in
/// a folder of its own, made by `makemigrations`.
struct Kitchen {
    settings: Settings,
    folder: PathBuf,
}

impl Kitchen {
    fn new(db: &TestDb) -> Kitchen {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let folder = std::env::temp_dir().join(format!(
            "model-auth-kitchen-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&folder);
        let settings = Settings::new()
            .database_url(db.url())
            .installed_apps(["auth", "sessions", "kitchen"])
            .migrations_dir("kitchen", &folder);
        let args = MakemigrationsArgs {
            apps: vec!["kitchen".into()],
            ..MakemigrationsArgs::default()
        };
        model_manage::makemigrations(&settings, &args, &mut NonInteractive, &mut Vec::new()).unwrap();
        Kitchen { settings, folder }
    }

    fn migrate(&self, app: Option<&str>, target: Option<&str>) -> Result<String, model_manage::CommandError> {
        let args = MigrateArgs {
            app: app.map(Into::into),
            target: target.map(Into::into),
            ..MigrateArgs::default()
        };
        let mut out = Vec::new();
        model_manage::migrate(&self.settings, &args, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }
}

impl Drop for Kitchen {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

fn codenames(conn: &mut model_runtime::Connection, app: &str) -> Vec<String> {
    let mut names: Vec<String> = Permission::objects()
        .filter(permission::app_label.eq(app.to_owned()))
        .load(conn)
        .unwrap()
        .into_iter()
        .map(|p| p.codename)
        .collect();
    names.sort();
    names
}

on_every_backend! {
    fn a_fresh_database_migrates_the_built_in_apps_first_then_the_project(db) {
        let kitchen = Kitchen::new(db);
        let out = kitchen.migrate(None, None).unwrap();
        let auth = out.find("Applying auth.0001_initial... OK").expect(&out);
        let sessions = out.find("Applying sessions.0001_initial... OK").expect(&out);
        let project = out.find("Applying kitchen.0001_initial... OK").expect(&out);
        assert!(auth < sessions && sessions < project, "{out}");
        let mut shown = Vec::new();
        let args = model_manage::ShowmigrationsArgs::default();
        model_manage::showmigrations(&kitchen.settings, &args, &mut shown).unwrap();
        assert_eq!(
            String::from_utf8(shown).unwrap(),
            "auth\n [X] 0001_initial\nkitchen\n [X] 0001_initial\nsessions\n [X] 0001_initial\n"
        );
    }

    fn every_installed_model_gets_its_four_permissions_once(db) {
        let kitchen = Kitchen::new(db);
        kitchen.migrate(None, None).unwrap();
        let mut conn = db.connect();
        assert_eq!(codenames(&mut conn, "kitchen"), ["add_order", "change_order", "delete_order", "view_order"]);
        let change = Permission::objects()
            .filter(permission::codename.eq("change_order"))
            .get(&mut conn)
            .unwrap();
        assert_eq!((change.name.as_str(), change.model.as_str()), ("Can change order", "order"));
        assert!(codenames(&mut conn, "auth").contains(&"view_user".to_string()));
        assert!(codenames(&mut conn, "sessions").contains(&"delete_session".to_string()));

        let before = Permission::all(&mut conn).unwrap();
        kitchen.migrate(None, None).unwrap();
        assert_eq!(Permission::all(&mut conn).unwrap(), before, "kept, with the same keys, not made twice");
    }

    fn permissions_of_a_model_no_longer_installed_are_reported_and_kept(db) {
        let kitchen = Kitchen::new(db);
        kitchen.migrate(None, None).unwrap();
        let mut conn = db.connect();
        for new in model_auth::permissions::default_permissions("kitchen", "Oven") {
            Permission::create(&mut conn, new).unwrap();
        }
        let out = kitchen.migrate(None, None).unwrap();
        assert!(
            out.contains(
                "Permissions of models that are no longer installed (kept, as groups may hold them): \
                 kitchen.add_oven, kitchen.change_oven, kitchen.delete_oven, kitchen.view_oven\n"
            ),
            "{out}"
        );
        assert_eq!(codenames(&mut conn, "kitchen").len(), 8);
    }

    fn a_key_to_another_crates_user_follows_its_accessor_join_and_select_related(db) {
        let kitchen = Kitchen::new(db);
        kitchen.migrate(None, None).unwrap();
        let mut conn = db.connect();
        let ada = create_user(&mut conn, "ada", "", "correct horse battery").unwrap();
        let served = Order::create(&mut conn, NewOrder { dish: "Soup".into(), waiter_id: Some(ada.id) }).unwrap();
        Order::create(&mut conn, NewOrder { dish: "Tart".into(), waiter_id: None }).unwrap();

        assert_eq!(served.waiter(&mut conn).unwrap(), Some(ada.clone()));
        let joined: Vec<(String, String)> = order::table
            .inner_join(model_auth::user::table)
            .select((order::dish, model_auth::user::username))
            .load(&mut conn)
            .unwrap();
        assert_eq!(joined, [("Soup".to_string(), "ada".to_string())]);
        let rows = Order::objects()
            .order_by(order::dish.asc())
            .select_related(Order::WAITER)
            .load(&mut conn)
            .unwrap();
        let waiters: Vec<Option<String>> = rows.into_iter().map(|(_, user)| user.map(|u| u.username)).collect();
        assert_eq!(waiters, [Some("ada".to_string()), None]);
    }

    fn has_perm_follows_own_and_group_permissions_none_when_inactive_all_for_a_superuser(db) {
        let kitchen = Kitchen::new(db);
        kitchen.migrate(None, None).unwrap();
        let mut conn = db.connect();
        let perm = |conn: &mut model_runtime::Connection, codename: &str| {
            Permission::objects().filter(permission::codename.eq(codename.to_owned())).get(conn).unwrap()
        };
        let mut ada = create_user(&mut conn, "ada", "ada@example.com", "correct horse battery").unwrap();
        assert!(!ada.has_perm(&mut conn, "kitchen.change_order").unwrap());

        let view = perm(&mut conn, "view_order");
        ada.user_permissions().add(&mut conn, &[&view]).unwrap();
        let cooks = Group::create(&mut conn, NewGroup { name: "Cooks".into() }).unwrap();
        let change = perm(&mut conn, "change_order");
        cooks.permissions().add(&mut conn, &[&change]).unwrap();
        assert!(!ada.has_perm(&mut conn, "kitchen.change_order").unwrap(), "not in the group yet");
        ada.groups().add(&mut conn, &[&cooks]).unwrap();

        assert!(ada.has_perm(&mut conn, "kitchen.view_order").unwrap(), "her own");
        assert!(ada.has_perm(&mut conn, "kitchen.change_order").unwrap(), "her group's");
        assert!(!ada.has_perm(&mut conn, "kitchen.delete_order").unwrap());
        assert!(!ada.has_perm(&mut conn, "auth.change_order").unwrap(), "the app is part of the name");
        assert!(ada.has_perms(&mut conn, &["kitchen.view_order", "kitchen.change_order"]).unwrap());
        assert!(!ada.has_perms(&mut conn, &["kitchen.view_order", "kitchen.delete_order"]).unwrap());
        assert!(ada.has_module_perms(&mut conn, "kitchen").unwrap());
        assert!(!ada.has_module_perms(&mut conn, "auth").unwrap());

        ada.is_active = false;
        ada.save(&mut conn).unwrap();
        assert!(!ada.has_perm(&mut conn, "kitchen.view_order").unwrap(), "an inactive user has none");
        assert!(ada.all_permissions(&mut conn).unwrap().is_empty());

        let root = create_superuser(&mut conn, "root", "", "correct horse battery").unwrap();
        assert!(root.has_perm(&mut conn, "kitchen.delete_order").unwrap());
        assert!(root.has_perm(&mut conn, "anything.at_all").unwrap(), "a superuser has every permission");
    }

    fn migrate_auth_zero_is_refused_while_an_app_depends_on_it_and_allowed_after(db) {
        let kitchen = Kitchen::new(db);
        kitchen.migrate(None, None).unwrap();
        let mut conn = db.connect();
        create_user(&mut conn, "ada", "", "correct horse battery").unwrap();

        let error = kitchen.migrate(Some("auth"), Some("zero")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot unapply auth's migrations while other apps' applied migrations depend on them: \
             kitchen.0001_initial; unapply those first (`manage migrate kitchen zero`)"
        );
        assert_eq!(model_auth::User::count(&mut conn).unwrap(), 1, "nothing was unapplied");

        kitchen.migrate(Some("kitchen"), Some("zero")).unwrap();
        let out = kitchen.migrate(Some("auth"), Some("zero")).unwrap();
        assert!(out.contains("Unapplying auth.0001_initial... OK"), "{out}");
        assert!(model_auth::User::count(&mut conn).is_err(), "auth_user is gone");
        // And back: the permissions are made again.
        kitchen.migrate(None, None).unwrap();
        assert_eq!(codenames(&mut conn, "kitchen").len(), 4);
    }
}
