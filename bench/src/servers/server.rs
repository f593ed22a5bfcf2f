//! The database servers, and the database each competitor gets on one.

use diesel::connection::SimpleConnection;
use model_runtime::diesel;
use model_runtime::Backend;

use crate::models::users::{Comment, Post, User};
use crate::Result;

/// A database server, and the databases the run made on it.
pub struct Server {
    pub backend: Backend,
    /// `scheme://user[:password]@host:port`, without a database.
    base: String,
    /// The database to connect to while making the others.
    admin_database: String,
}

impl Server {
    /// `BENCH_POSTGRES_URL`, by default the local server.
    pub fn postgres() -> Server {
        Server::from_url(
            Backend::Postgres,
            &std::env::var("BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        )
    }

    /// `BENCH_MYSQL_URL`, by default the local server.
    pub fn mysql() -> Server {
        Server::from_url(
            Backend::Mysql,
            &std::env::var("BENCH_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into()),
        )
    }

    fn from_url(backend: Backend, url: &str) -> Server {
        let (base, database) = url.rsplit_once('/').unwrap_or((url, ""));
        Server {
            backend,
            base: base.to_owned(),
            admin_database: database.to_owned(),
        }
    }

    fn url(&self, database: &str) -> String {
        format!("{}/{database}", self.base)
    }

    /// The database the bench connects to when it works on the others.
    pub fn admin_url(&self) -> String {
        self.url(&self.admin_database)
    }

    pub fn name(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => "PostgreSQL",
            _ => "MariaDB",
        }
    }

    /// A fresh database holding the bench's three tables (users, posts,
    /// comments), as this project's `CREATE TABLE` makes them; dropped when
    /// the returned guard goes.
    pub fn database(&self, competitor: &str) -> Result<Database<'_>> {
        let name = format!("bench_servers_{}_{competitor}", std::process::id());
        let mut admin = model_runtime::connect(&self.url(&self.admin_database))?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let database = Database { server: self, name };
        let mut conn = model_runtime::connect(&database.url())?;
        User::create_table(&mut conn)?;
        Post::create_table(&mut conn)?;
        Comment::create_table(&mut conn)?;
        Ok(database)
    }
}

/// A database made for one competitor; dropped with it.
pub struct Database<'s> {
    pub server: &'s Server,
    name: String,
}

impl Database<'_> {
    pub fn url(&self) -> String {
        self.server.url(&self.name)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs `statements` one by one on a connection of the bench's own.
    pub fn execute(&self, statements: &[String]) -> Result<()> {
        let mut conn = model_runtime::connect(&self.url())?;
        for statement in statements {
            conn.batch_execute(statement)?;
        }
        Ok(())
    }
}

impl Drop for Database<'_> {
    fn drop(&mut self) {
        if let Ok(mut admin) = model_runtime::connect(&self.server.url(&self.server.admin_database)) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}
