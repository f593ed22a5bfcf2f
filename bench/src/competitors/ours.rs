//! This project: the generated CRUD methods (`all`, `get`, `bulk_create`,
//! `save`, `delete`) and the generated Diesel table modules, on the same
//! plain `SqliteConnection` the hand-written Diesel competitor uses, so
//! the ratio between the two is the cost of the generated code alone.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use model_runtime::diesel;

use super::Place;
use crate::method::{FnSession, Session};
use crate::models::users::{post, user, Comment, NewUser, Post, User};
use crate::schema;
use crate::workloads::cases::{Case, Workload, INSERTED_HAIR, JOINED_HAIR};
use crate::Result;

/// Users with their posts, each post with its comments: what the prefetch builds.
type Nested = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

struct State {
    conn: SqliteConnection,
    case: Case,
    new_rows: Vec<NewUser>,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(case: &Case, place: &Place) -> Result<Box<dyn Session>> {
    let mut conn = SqliteConnection::establish(&place.url())?;
    conn.batch_execute(&case.setup_sql())?;
    let new_rows = case
        .new_user_names()
        .into_iter()
        .map(|name| NewUser {
            name,
            hair_color: Some(INSERTED_HAIR.to_owned()),
        })
        .collect();
    let rows = match case.workload {
        Workload::Update | Workload::Delete => User::all(&mut conn)?,
        _ => Vec::new(),
    };
    let state = State {
        conn,
        case: *case,
        new_rows,
        keys: schema::random_keys(case.size, case.size),
        rows,
        passes: 0,
    };
    Ok(FnSession::with_reset(state, reset, once))
}

fn reset(state: &mut State) -> Result<()> {
    if let Some(sql) = state.case.reset_sql() {
        state.conn.batch_execute(&sql)?;
    }
    Ok(())
}

fn once(state: &mut State) -> Result<usize> {
    let conn = &mut state.conn;
    Ok(match state.case.workload {
        Workload::Load => User::all(conn)?.len(),
        Workload::Join => user::table
            .left_join(post::table)
            .filter(user::hair_color.eq(JOINED_HAIR))
            .load::<(User, Option<Post>)>(conn)?
            .len(),
        Workload::InsertBatch | Workload::BulkCreate => User::bulk_create(conn, &state.new_rows)?,
        Workload::GetByKey => {
            let mut found = 0;
            for key in &state.keys {
                found += std::hint::black_box(User::get(conn, *key)?).id as usize;
            }
            found
        }
        Workload::Prefetch => {
            let users = User::all(conn)?;
            let posts = Post::belonging_to(&users).load::<Post>(conn)?;
            let comments = Comment::belonging_to(&posts)
                .load::<Comment>(conn)?
                .grouped_by(&posts);
            let posts_and_comments = posts.into_iter().zip(comments).grouped_by(&users);
            let nested: Nested = users.into_iter().zip(posts_and_comments).collect();
            nested.len()
        }
        Workload::Update => {
            state.passes += 1;
            let hair = schema::hair_of_pass(state.passes);
            for row in &mut state.rows {
                row.hair_color = Some(hair.to_owned());
                row.save(conn)?;
            }
            state.rows.len()
        }
        Workload::Delete => {
            for row in &state.rows {
                row.delete(conn)?;
            }
            state.rows.len()
        }
    })
}
