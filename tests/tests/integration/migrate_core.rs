//! The migration core: history, plans to any target, forwards and back.

use model_migrations::introspect;
use model_migrations::{
    Executor, MigrateOptions, Migration, MigrationGraph, MigrationKey, Operation, Target,
};
use model_runtime::Model;
use model_tests::models::{Category, Menu};
use model_tests::on_every_backend;

fn create(schema: &model_runtime::schema::ModelSchema) -> Operation {
    Operation::CreateModel {
        name: schema.name.to_string(),
        table: schema.table.to_string(),
        fields: schema.columns.to_vec(),
        indexes: schema.indexes.to_vec(),
    }
}

fn graph() -> MigrationGraph {
    MigrationGraph::new([
        Migration {
            app: "littlelemon".into(),
            name: "0001_initial".into(),
            dependencies: vec![],
            replaces: Vec::new(),
            operations: vec![create(Category::schema())],
        },
        Migration {
            app: "littlelemon".into(),
            name: "0002_menu".into(),
            dependencies: vec![MigrationKey::new("littlelemon", "0001_initial")],
            replaces: Vec::new(),
            operations: vec![
                create(Menu::schema()),
                Operation::RunSql {
                    sql: "INSERT INTO littlelemon_category (title) VALUES ('Mains')".into(),
                    reverse_sql: Some("DELETE FROM littlelemon_category WHERE title = 'Mains'".into()),
                },
            ],
        },
    ])
    .unwrap()
}

on_every_backend! {
    fn migrate_forwards_to_the_latest_and_back_to_zero(db) {
        let mut conn = db.connect();
        let graph = graph();
        let tables = |conn: &mut model_runtime::Connection| {
            introspect::table_names(conn).unwrap().into_iter().filter(|t| t.starts_with("littlelemon")).collect::<Vec<_>>()
        };

        let mut executor = Executor::new(&mut conn, &graph).unwrap();
        let done = executor.migrate(&Target::Latest, &MigrateOptions::default()).unwrap();
        assert_eq!(done.len(), 2);
        assert_eq!(executor.applied().len(), 2);
        drop(executor);
        assert_eq!(tables(&mut conn), ["littlelemon_category", "littlelemon_menu"]);
        assert_eq!(Category::count(&mut conn).unwrap(), 1);

        let mut executor = Executor::new(&mut conn, &graph).unwrap();
        let target = Target::Migration(graph.find("littlelemon", "0001").unwrap());
        executor.migrate(&target, &MigrateOptions::default()).unwrap();
        drop(executor);
        assert_eq!(tables(&mut conn), ["littlelemon_category"]);
        assert_eq!(Category::count(&mut conn).unwrap(), 0);

        let mut executor = Executor::new(&mut conn, &graph).unwrap();
        executor.migrate(&Target::Zero("littlelemon".into()), &MigrateOptions::default()).unwrap();
        assert!(executor.applied().is_empty());
        drop(executor);
        assert!(tables(&mut conn).is_empty());
    }
}
