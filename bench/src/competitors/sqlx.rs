//! sqlx 0.9: SQL strings, rows mapped with `FromRow`, one connection (no
//! pool) driven by a single-threaded tokio runtime. Its SQLite driver runs
//! each connection on a worker thread of its own, as it does in any program.

use std::collections::HashMap;

use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{Connection, FromRow, QueryBuilder, Row, Sqlite, SqliteConnection};

use super::rows::{Comment, Post, User};
use super::Place;
use crate::method::{FnSession, Session};
use crate::schema;
use crate::workloads::cases::{Case, Workload, INSERTED_HAIR, JOINED_HAIR};
use crate::Result;

/// SQLite's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 32_766;

impl FromRow<'_, SqliteRow> for User {
    fn from_row(row: &SqliteRow) -> sqlx::Result<User> {
        Ok(User {
            id: row.try_get(0)?,
            name: row.try_get(1)?,
            hair_color: row.try_get(2)?,
        })
    }
}

impl FromRow<'_, SqliteRow> for Post {
    fn from_row(row: &SqliteRow) -> sqlx::Result<Post> {
        post_at(row, 0)
    }
}

fn post_at(row: &SqliteRow, offset: usize) -> sqlx::Result<Post> {
    Ok(Post {
        id: row.try_get(offset)?,
        user_id: row.try_get(offset + 1)?,
        title: row.try_get(offset + 2)?,
        body: row.try_get(offset + 3)?,
    })
}

impl FromRow<'_, SqliteRow> for Comment {
    fn from_row(row: &SqliteRow) -> sqlx::Result<Comment> {
        Ok(Comment {
            id: row.try_get(0)?,
            post_id: row.try_get(1)?,
            text: row.try_get(2)?,
        })
    }
}

/// Users with their posts, each post with its comments: what the prefetch builds.
type Nested = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

struct State {
    runtime: tokio::runtime::Runtime,
    conn: SqliteConnection,
    case: Case,
    names: Vec<String>,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

/// A connection with the common pragmas, and the options sqlx would
/// otherwise set its own way (journal mode, synchronous).
pub async fn connect(place: &Place) -> sqlx::Result<SqliteConnection> {
    let options = match place {
        Place::Memory => SqliteConnectOptions::new().in_memory(true),
        Place::File(path) => SqliteConnectOptions::new().filename(path).create_if_missing(true),
    };
    let mut conn = SqliteConnection::connect_with(&options).await?;
    sqlx::raw_sql(schema::PRAGMAS).execute(&mut conn).await?;
    Ok(conn)
}

pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()
}

pub fn session(case: &Case, place: &Place) -> Result<Box<dyn Session>> {
    let runtime = runtime()?;
    let (conn, rows) = runtime.block_on(async {
        let mut conn = connect(place).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(case.setup_sql()))
            .execute(&mut conn)
            .await?;
        let rows = match case.workload {
            Workload::Update | Workload::Delete => load_users(&mut conn).await?,
            _ => Vec::new(),
        };
        Ok::<_, sqlx::Error>((conn, rows))
    })?;
    let state = State {
        runtime,
        conn,
        case: *case,
        names: case.new_user_names(),
        keys: schema::random_keys(case.size, case.size),
        rows,
        passes: 0,
    };
    Ok(FnSession::with_reset(state, reset, once))
}

fn reset(state: &mut State) -> Result<()> {
    if let Some(sql) = state.case.reset_sql() {
        let conn = &mut state.conn;
        state
            .runtime
            .block_on(sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(conn))?;
    }
    Ok(())
}

async fn load_users(conn: &mut SqliteConnection) -> sqlx::Result<Vec<User>> {
    sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users")
        .fetch_all(conn)
        .await
}

fn once(state: &mut State) -> Result<usize> {
    let State {
        runtime,
        conn,
        case,
        names,
        keys,
        rows,
        passes,
    } = state;
    Ok(runtime.block_on(async {
        Ok::<_, sqlx::Error>(match case.workload {
            Workload::Load => load_users(conn).await?.len(),
            Workload::Join => {
                let rows = sqlx::query(
                    "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body \
                     FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = ?",
                )
                .bind(JOINED_HAIR)
                .try_map(|row: SqliteRow| {
                    let post = match row.try_get::<Option<i32>, _>(3)? {
                        Some(_) => Some(post_at(&row, 3)?),
                        None => None,
                    };
                    Ok((User::from_row(&row)?, post))
                })
                .fetch_all(&mut *conn)
                .await?;
                rows.len()
            }
            Workload::InsertBatch => insert_users(conn, names).await?,
            Workload::BulkCreate => {
                let mut transaction = conn.begin().await?;
                let mut inserted = 0;
                for chunk in names.chunks(MAX_BIND_PARAMETERS / 2) {
                    inserted += insert_users(&mut transaction, chunk).await?;
                }
                transaction.commit().await?;
                inserted
            }
            Workload::GetByKey => {
                let mut found = 0;
                for key in keys.iter() {
                    let user =
                        sqlx::query_as::<_, User>("SELECT id, name, hair_color FROM users WHERE id = ?")
                            .bind(key)
                            .fetch_one(&mut *conn)
                            .await?;
                    found += std::hint::black_box(user).id as usize;
                }
                found
            }
            Workload::Prefetch => prefetch(conn).await?,
            Workload::Update => {
                *passes += 1;
                let hair = schema::hair_of_pass(*passes);
                for row in rows.iter_mut() {
                    row.hair_color = Some(hair.to_owned());
                    sqlx::query("UPDATE users SET name = ?, hair_color = ? WHERE id = ?")
                        .bind(&row.name)
                        .bind(&row.hair_color)
                        .bind(row.id)
                        .execute(&mut *conn)
                        .await?;
                }
                rows.len()
            }
            Workload::Delete => {
                for row in rows.iter() {
                    sqlx::query("DELETE FROM users WHERE id = ?")
                        .bind(row.id)
                        .execute(&mut *conn)
                        .await?;
                }
                rows.len()
            }
        })
    })?)
}

/// One multi-row `INSERT`, as sqlx's `QueryBuilder::push_values` writes it.
async fn insert_users(conn: &mut SqliteConnection, names: &[String]) -> sqlx::Result<usize> {
    let mut query = QueryBuilder::<Sqlite>::new("INSERT INTO users (name, hair_color) ");
    query.push_values(names, |mut row, name| {
        row.push_bind(name).push_bind(INSERTED_HAIR);
    });
    let done = query.build().execute(conn).await?;
    Ok(done.rows_affected() as usize)
}

/// Three queries, each parent's children found with `IN (...)`, grouped
/// by hand.
async fn prefetch(conn: &mut SqliteConnection) -> sqlx::Result<usize> {
    let users = load_users(conn).await?;
    let mut query =
        QueryBuilder::<Sqlite>::new("SELECT id, user_id, title, body FROM posts WHERE user_id IN (");
    let mut ids = query.separated(", ");
    for user in &users {
        ids.push_bind(user.id);
    }
    query.push(")");
    let posts: Vec<Post> = query.build_query_as().fetch_all(&mut *conn).await?;

    let mut query = QueryBuilder::<Sqlite>::new("SELECT id, post_id, text FROM comments WHERE post_id IN (");
    let mut ids = query.separated(", ");
    for post in &posts {
        ids.push_bind(post.id);
    }
    query.push(")");
    let comments: Vec<Comment> = query.build_query_as().fetch_all(&mut *conn).await?;

    let mut comments_of: HashMap<i32, Vec<Comment>> = HashMap::new();
    for comment in comments {
        comments_of.entry(comment.post_id).or_default().push(comment);
    }
    let mut posts_of: HashMap<i32, Vec<(Post, Vec<Comment>)>> = HashMap::new();
    for post in posts {
        let comments = comments_of.remove(&post.id).unwrap_or_default();
        posts_of.entry(post.user_id).or_default().push((post, comments));
    }
    let nested: Nested = users
        .into_iter()
        .map(|user| {
            let posts = posts_of.remove(&user.id).unwrap_or_default();
            (user, posts)
        })
        .collect();
    Ok(nested.len())
}
