//! sqlx 0.9 on the servers: SQL strings a backend, rows mapped by hand
//! with `FromRow`, one connection (no pool) driven by a single-threaded
//! tokio runtime, written once a backend as a user of one writes it.

use sqlx::mysql::MySqlRow;
use sqlx::postgres::PgRow;
use sqlx::{Connection, FromRow, MySql, MySqlConnection, PgConnection, Postgres, QueryBuilder, Row};

use super::cases::{Case, Workload};
use crate::method::{FnSession, Session};
use crate::Result;

/// PostgreSQL's and MySQL's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 65_535;

#[derive(Debug, Clone)]
struct User {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

#[allow(dead_code)] // read, never looked at but for its key
#[derive(Debug, Clone)]
struct Post {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

/// A row of the join.
struct PostWithUser {
    post: Post,
    user: User,
}

/// The statements of one backend, in its placeholders.
struct Sql {
    get: &'static str,
    insert: &'static str,
    update: &'static str,
    delete: &'static str,
    query_set: &'static str,
}

const LOAD: &str = "SELECT id, name, hair_color FROM users";
const JOIN: &str = "SELECT p.id, p.user_id, p.title, p.body, u.id, u.name, u.hair_color \
                    FROM posts p INNER JOIN users u ON u.id = p.user_id";

const POSTGRES: Sql = Sql {
    get: "SELECT id, name, hair_color FROM users WHERE id = $1",
    insert: "INSERT INTO users (name, hair_color) VALUES ($1, $2) RETURNING id, name, hair_color",
    update: "UPDATE users SET name = $1, hair_color = $2 WHERE id = $3",
    delete: "DELETE FROM users WHERE id = $1",
    query_set: "SELECT id, name, hair_color FROM users WHERE hair_color = $1 ORDER BY id DESC LIMIT $2",
};

const MYSQL: Sql = Sql {
    get: "SELECT id, name, hair_color FROM users WHERE id = ?",
    insert: "INSERT INTO users (name, hair_color) VALUES (?, ?)",
    update: "UPDATE users SET name = ?, hair_color = ? WHERE id = ?",
    delete: "DELETE FROM users WHERE id = ?",
    query_set: "SELECT id, name, hair_color FROM users WHERE hair_color = ? ORDER BY id DESC LIMIT ?",
};

/// `FromRow` for a backend's rows: the user from the first columns, the
/// post and its user from a join's.
macro_rules! from_row {
    ($row:ty) => {
        impl FromRow<'_, $row> for User {
            fn from_row(row: &$row) -> sqlx::Result<User> {
                Ok(User {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    hair_color: row.try_get(2)?,
                })
            }
        }

        impl FromRow<'_, $row> for PostWithUser {
            fn from_row(row: &$row) -> sqlx::Result<PostWithUser> {
                let post = Post {
                    id: row.try_get(0)?,
                    user_id: row.try_get(1)?,
                    title: row.try_get(2)?,
                    body: row.try_get(3)?,
                };
                let user = User {
                    id: row.try_get(4)?,
                    name: row.try_get(5)?,
                    hair_color: row.try_get(6)?,
                };
                Ok(PostWithUser { post, user })
            }
        }
    };
}

from_row!(PgRow);
from_row!(MySqlRow);

struct State<C> {
    runtime: tokio::runtime::Runtime,
    conn: C,
    case: Case,
    keys: Vec<i32>,
    names: Vec<String>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(backend: model_runtime::Backend, case: &Case, url: &str) -> Result<Box<dyn Session>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(match backend {
        model_runtime::Backend::Postgres => {
            let (conn, rows) = runtime.block_on(async {
                let mut conn = PgConnection::connect(url).await?;
                let mut rows = Vec::new();
                if changes_rows(case) {
                    rows = sqlx::query_as::<_, User>(ROWS_TO_CHANGE)
                        .fetch_all(&mut conn)
                        .await?;
                }
                Ok::<_, sqlx::Error>((conn, rows))
            })?;
            FnSession::with_reset(state(runtime, conn, case, rows), |_| Ok(()), once_postgres)
        }
        _ => {
            let (conn, rows) = runtime.block_on(async {
                let mut conn = MySqlConnection::connect(url).await?;
                let mut rows = Vec::new();
                if changes_rows(case) {
                    rows = sqlx::query_as::<_, User>(ROWS_TO_CHANGE)
                        .fetch_all(&mut conn)
                        .await?;
                }
                Ok::<_, sqlx::Error>((conn, rows))
            })?;
            FnSession::with_reset(state(runtime, conn, case, rows), |_| Ok(()), once_mysql)
        }
    })
}

fn state<C>(runtime: tokio::runtime::Runtime, conn: C, case: &Case, rows: Vec<User>) -> State<C> {
    State {
        runtime,
        conn,
        case: *case,
        keys: case.keys(),
        names: case.names(),
        rows,
        passes: 0,
    }
}

/// The users an update or delete works through, by key.
const ROWS_TO_CHANGE: &str = "SELECT id, name, hair_color FROM users ORDER BY id";

fn changes_rows(case: &Case) -> bool {
    matches!(case.workload, Workload::Update | Workload::Delete)
}

async fn insert_postgres(conn: &mut PgConnection, name: &str, hair_color: &str) -> sqlx::Result<User> {
    sqlx::query_as::<_, User>(POSTGRES.insert)
        .bind(name)
        .bind(hair_color)
        .fetch_one(conn)
        .await
}

/// MySQL has no `RETURNING`: the key comes with the statement's result.
async fn insert_mysql(conn: &mut MySqlConnection, name: &str, hair_color: &str) -> sqlx::Result<User> {
    let done = sqlx::query(MYSQL.insert)
        .bind(name)
        .bind(hair_color)
        .execute(conn)
        .await?;
    Ok(User {
        id: done.last_insert_id() as i32,
        name: name.to_owned(),
        hair_color: Some(hair_color.to_owned()),
    })
}

/// Every workload on one backend's connection.
macro_rules! once {
    ($name:ident, $connection:ty, $database:ty, $sql:expr, $insert:ident) => {
        fn $name(state: &mut State<$connection>) -> Result<usize> {
            let State {
                runtime,
                conn,
                case,
                keys,
                names,
                rows,
                passes,
            } = state;
            let sql = &$sql;
            Ok(runtime.block_on(async {
                Ok::<_, sqlx::Error>(match case.workload {
                    // `QueryBuilder::push_values` INSERTs as large as the bind
                    // limit allows, in one transaction.
                    Workload::BulkCreate => {
                        let mut transaction = conn.begin().await?;
                        let mut inserted = 0;
                        for chunk in names.chunks(MAX_BIND_PARAMETERS / 2) {
                            let mut query =
                                QueryBuilder::<$database>::new("INSERT INTO users (name, hair_color) ");
                            query.push_values(chunk, |mut row, name| {
                                row.push_bind(name).push_bind("black");
                            });
                            inserted += query
                                .build()
                                .execute(&mut *transaction)
                                .await?
                                .rows_affected() as usize;
                        }
                        transaction.commit().await?;
                        inserted
                    }
                    Workload::Load => sqlx::query_as::<_, User>(LOAD)
                        .fetch_all(&mut *conn)
                        .await?
                        .len(),
                    Workload::Join => sqlx::query_as::<_, PostWithUser>(JOIN)
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .filter(|row| row.post.user_id == row.user.id)
                        .count(),
                    Workload::GetByKey => {
                        let mut found = 0;
                        for key in keys.iter() {
                            let user = sqlx::query_as::<_, User>(sql.get)
                                .bind(key)
                                .fetch_one(&mut *conn)
                                .await?;
                            found += std::hint::black_box(user).id as usize;
                        }
                        found
                    }
                    Workload::InsertOne => $insert(conn, "User", "black").await?.id as usize,
                    Workload::Update => {
                        *passes += 1;
                        let hair = crate::schema::hair_of_pass(*passes);
                        let mut transaction = conn.begin().await?;
                        for row in rows.iter_mut() {
                            row.hair_color = Some(hair.to_owned());
                            sqlx::query(sql.update)
                                .bind(&row.name)
                                .bind(&row.hair_color)
                                .bind(row.id)
                                .execute(&mut *transaction)
                                .await?;
                        }
                        transaction.commit().await?;
                        rows.len()
                    }
                    Workload::Delete => {
                        let mut transaction = conn.begin().await?;
                        let mut deleted = 0;
                        for row in rows.iter() {
                            deleted += sqlx::query(sql.delete)
                                .bind(row.id)
                                .execute(&mut *transaction)
                                .await?
                                .rows_affected() as usize;
                        }
                        transaction.commit().await?;
                        deleted
                    }
                    Workload::QuerySet => sqlx::query_as::<_, User>(sql.query_set)
                        .bind("black")
                        .bind(case.size as i64)
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|user| user.id as usize)
                        .sum(),
                })
            })?)
        }
    };
}

once!(once_postgres, PgConnection, Postgres, POSTGRES, insert_postgres);
once!(once_mysql, MySqlConnection, MySql, MYSQL, insert_mysql);
