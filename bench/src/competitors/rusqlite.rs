//! The floor: rusqlite with cached prepared statements and rows read by
//! column index, the fastest a hand-written program gets without unsafe.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, Connection};

use super::rows::{Comment, Post, User};
use super::Place;
use crate::method::{FnSession, Session};
use crate::schema;
use crate::workloads::cases::{Case, Workload, INSERTED_HAIR, JOINED_HAIR};
use crate::Result;

fn user(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        hair_color: row.get(2)?,
    })
}

fn post(row: &rusqlite::Row<'_>, offset: usize) -> rusqlite::Result<Post> {
    Ok(Post {
        id: row.get(offset)?,
        user_id: row.get(offset + 1)?,
        title: row.get(offset + 2)?,
        body: row.get(offset + 3)?,
    })
}

/// Users with their posts, each post with its comments: what the prefetch builds.
type Nested = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

struct State {
    conn: Connection,
    case: Case,
    names: Vec<String>,
    /// The batch's multi-row INSERT, written once.
    batch_sql: String,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(case: &Case, place: &Place) -> Result<Box<dyn Session>> {
    let conn = match place {
        Place::Memory => Connection::open_in_memory()?,
        Place::File(path) => Connection::open(path)?,
    };
    conn.execute_batch(&case.setup_sql())?;
    let rows = match case.workload {
        Workload::Update | Workload::Delete => load_users(&conn)?,
        _ => Vec::new(),
    };
    let state = State {
        conn,
        case: *case,
        names: case.new_user_names(),
        batch_sql: format!(
            "INSERT INTO users (name, hair_color) VALUES {}",
            vec!["(?, ?)"; case.size].join(", ")
        ),
        keys: schema::random_keys(case.size, case.size),
        rows,
        passes: 0,
    };
    Ok(FnSession::with_reset(state, reset, once))
}

fn reset(state: &mut State) -> Result<()> {
    if let Some(sql) = state.case.reset_sql() {
        state.conn.execute_batch(&sql)?;
    }
    Ok(())
}

fn load_users(conn: &Connection) -> rusqlite::Result<Vec<User>> {
    let mut statement = conn.prepare_cached("SELECT id, name, hair_color FROM users")?;
    let rows = statement.query_map([], user)?;
    rows.collect()
}

fn once(state: &mut State) -> Result<usize> {
    let conn = &state.conn;
    Ok(match state.case.workload {
        Workload::Load => load_users(conn)?.len(),
        Workload::Join => {
            let mut statement = conn.prepare_cached(
                "SELECT u.id, u.name, u.hair_color, p.id, p.user_id, p.title, p.body \
                 FROM users u LEFT JOIN posts p ON p.user_id = u.id WHERE u.hair_color = ?",
            )?;
            let rows = statement.query_map([JOINED_HAIR], |row| {
                let post = match row.get::<_, Option<i32>>(3)? {
                    Some(_) => Some(post(row, 3)?),
                    None => None,
                };
                Ok((user(row)?, post))
            })?;
            rows.collect::<rusqlite::Result<Vec<(User, Option<Post>)>>>()?
                .len()
        }
        Workload::InsertBatch => {
            let mut statement = conn.prepare_cached(&state.batch_sql)?;
            let values = state.names.iter().flat_map(|name| [name.as_str(), INSERTED_HAIR]);
            statement.execute(params_from_iter(values))?
        }
        // One prepared single-row INSERT in a loop, in one transaction.
        Workload::BulkCreate => {
            let transaction = state.conn.unchecked_transaction()?;
            let mut inserted = 0;
            {
                let mut statement =
                    transaction.prepare_cached("INSERT INTO users (name, hair_color) VALUES (?, ?)")?;
                for name in &state.names {
                    inserted += statement.execute(params![name, INSERTED_HAIR])?;
                }
            }
            transaction.commit()?;
            inserted
        }
        Workload::GetByKey => {
            let mut statement = conn.prepare_cached("SELECT id, name, hair_color FROM users WHERE id = ?")?;
            let mut found = 0;
            for key in &state.keys {
                found += std::hint::black_box(statement.query_row([key], user)?).id as usize;
            }
            found
        }
        Workload::Prefetch => prefetch(conn)?,
        Workload::Update => {
            state.passes += 1;
            let hair = schema::hair_of_pass(state.passes);
            let mut statement =
                conn.prepare_cached("UPDATE users SET name = ?, hair_color = ? WHERE id = ?")?;
            for row in &mut state.rows {
                row.hair_color = Some(hair.to_owned());
                statement.execute(params![row.name, row.hair_color, row.id])?;
            }
            state.rows.len()
        }
        Workload::Delete => {
            let mut statement = conn.prepare_cached("DELETE FROM users WHERE id = ?")?;
            for row in &state.rows {
                statement.execute([row.id])?;
            }
            state.rows.len()
        }
    })
}

/// Three queries, each parent's children found with `IN (...)`, grouped
/// by hand.
fn prefetch(conn: &Connection) -> Result<usize> {
    let users = load_users(conn)?;
    let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let posts: Vec<Post> = {
        let sql = format!(
            "SELECT id, user_id, title, body FROM posts WHERE user_id IN ({})",
            placeholders(user_ids.len())
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(&user_ids), |row| post(row, 0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
    let comments: Vec<Comment> = {
        let sql = format!(
            "SELECT id, post_id, text FROM comments WHERE post_id IN ({})",
            placeholders(post_ids.len())
        );
        let mut statement = conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params_from_iter(&post_ids), |row| {
            Ok(Comment {
                id: row.get(0)?,
                post_id: row.get(1)?,
                text: row.get(2)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
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

fn placeholders(count: usize) -> String {
    vec!["?"; count].join(", ")
}
