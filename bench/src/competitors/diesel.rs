//! The baseline: the same schema hand-written in Diesel, as diesel's own
//! benchmark suite writes it (`table!`, `joinable!`, derives), with the
//! queries its guide teaches: `find(key).first()` for one row, one
//! multi-row `INSERT` for a batch.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use model_runtime::diesel;

use super::Place;
use crate::method::{FnSession, Session};
use crate::schema;
use crate::workloads::cases::{Case, Workload, INSERTED_HAIR, JOINED_HAIR};
use crate::Result;

diesel::table! {
    users {
        id -> Integer,
        name -> Text,
        hair_color -> Nullable<Text>,
    }
}

diesel::table! {
    posts {
        id -> Integer,
        user_id -> Integer,
        title -> Text,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    comments {
        id -> Integer,
        post_id -> Integer,
        text -> Text,
    }
}

diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(posts -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, posts, comments);

#[derive(Queryable, Selectable, Identifiable, AsChangeset, Debug, Clone, PartialEq)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Associations, Debug, Clone, PartialEq)]
#[diesel(belongs_to(User), table_name = posts)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Queryable, Selectable, Identifiable, Associations, Debug, Clone, PartialEq)]
#[diesel(belongs_to(Post), table_name = comments)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// SQLite's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 32_766;

/// Which query a get by key is: the guide's, or the one without `LIMIT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GetStyle {
    /// `users::table.find(key).first(conn)`: what the guide writes.
    FindFirst,
    /// `users::table.filter(users::id.eq(key)).get_result(conn)`.
    FilterGetResult,
}

/// Users with their posts, each post with its comments: what the prefetch builds.
type Nested = Vec<(User, Vec<(Post, Vec<Comment>)>)>;

struct State {
    conn: SqliteConnection,
    case: Case,
    get_style: GetStyle,
    new_rows: Vec<NewUser>,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(case: &Case, place: &Place, get_style: GetStyle) -> Result<Box<dyn Session>> {
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
        Workload::Update | Workload::Delete => users::table.order(users::id).load(&mut conn)?,
        _ => Vec::new(),
    };
    let state = State {
        conn,
        case: *case,
        get_style,
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
        Workload::Load => users::table.load::<User>(conn)?.len(),
        Workload::Join => users::table
            .left_outer_join(posts::table)
            .filter(users::hair_color.eq(JOINED_HAIR))
            .load::<(User, Option<Post>)>(conn)?
            .len(),
        Workload::InsertBatch => diesel::insert_into(users::table)
            .values(&state.new_rows)
            .execute(conn)?,
        // As large statements as SQLite takes, in one transaction.
        Workload::BulkCreate => conn.transaction(|conn| {
            state
                .new_rows
                .chunks(MAX_BIND_PARAMETERS / 2)
                .try_fold(0, |total, chunk| {
                    Ok::<_, diesel::result::Error>(
                        total + diesel::insert_into(users::table).values(chunk).execute(conn)?,
                    )
                })
        })?,
        Workload::GetByKey => {
            let mut found = 0;
            for key in &state.keys {
                let user: User = match state.get_style {
                    GetStyle::FindFirst => users::table.find(*key).first(conn)?,
                    GetStyle::FilterGetResult => users::table.filter(users::id.eq(*key)).get_result(conn)?,
                };
                found += std::hint::black_box(user).id as usize;
            }
            found
        }
        Workload::Prefetch => {
            let users = users::table.load::<User>(conn)?;
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
                diesel::update(&*row).set(&*row).execute(conn)?;
            }
            state.rows.len()
        }
        Workload::Delete => {
            for row in &state.rows {
                diesel::delete(users::table.find(row.id)).execute(conn)?;
            }
            state.rows.len()
        }
    })
}
