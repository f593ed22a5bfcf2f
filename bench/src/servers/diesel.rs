//! The reference: the bench's schema hand-written in Diesel (the tables and
//! structs of the SQLite workloads), with the queries its guide teaches,
//! written once a backend, as a user of one backend writes them.

use diesel::prelude::*;
use model_runtime::diesel;
use model_runtime::Backend;

use super::cases::{Case, Workload};
use crate::competitors::diesel::{posts, users, NewUser, Post, User};
use crate::method::{FnSession, Session};
use crate::Result;

/// PostgreSQL's and MySQL's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 65_535;

struct State<C> {
    conn: C,
    case: Case,
    new_rows: Vec<NewUser>,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(backend: Backend, case: &Case, url: &str) -> Result<Box<dyn Session>> {
    Ok(match backend {
        Backend::Postgres => FnSession::with_reset(
            state(case, PgConnection::establish(url)?)?,
            |_| Ok(()),
            once_postgres,
        ),
        _ => FnSession::with_reset(
            state(case, MysqlConnection::establish(url)?)?,
            |_| Ok(()),
            once_mysql,
        ),
    })
}

fn state<C>(case: &Case, mut conn: C) -> Result<State<C>>
where
    C: Connection,
    for<'a> diesel::dsl::Order<users::table, users::id>: diesel::query_dsl::methods::LoadQuery<'a, C, User>,
{
    let rows = match case.workload {
        Workload::Update | Workload::Delete => users::table.order(users::id).load::<User>(&mut conn)?,
        _ => Vec::new(),
    };
    let new_rows = case
        .names()
        .into_iter()
        .map(|name| NewUser {
            name,
            hair_color: Some("black".into()),
        })
        .collect();
    Ok(State {
        conn,
        case: *case,
        new_rows,
        keys: case.keys(),
        rows,
        passes: 0,
    })
}

/// The guide's way to insert a row and get it back: `RETURNING` where the
/// backend has it...
fn insert_one_postgres(conn: &mut PgConnection, new: &NewUser) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(User::as_returning())
        .get_result(conn)
}

/// ... and on MySQL the insert, then the newest row, in one transaction.
fn insert_one_mysql(conn: &mut MysqlConnection, new: &NewUser) -> QueryResult<User> {
    conn.transaction(|conn| {
        diesel::insert_into(users::table).values(new).execute(conn)?;
        users::table
            .order(users::id.desc())
            .select(User::as_select())
            .first(conn)
    })
}

/// Every workload on one backend's connection.
macro_rules! once {
    ($name:ident, $connection:ty, $insert_one:ident) => {
        fn $name(state: &mut State<$connection>) -> Result<usize> {
            let conn = &mut state.conn;
            Ok(match state.case.workload {
                // Multi-row INSERTs as large as the bind limit allows, in one
                // transaction.
                Workload::BulkCreate => conn.transaction(|conn| {
                    state
                        .new_rows
                        .chunks(MAX_BIND_PARAMETERS / 2)
                        .try_fold(0, |total, chunk| {
                            Ok::<_, diesel::result::Error>(
                                total
                                    + diesel::insert_into(users::table)
                                        .values(chunk)
                                        .execute(conn)?,
                            )
                        })
                })?,
                Workload::Load => users::table.select(User::as_select()).load(conn)?.len(),
                Workload::Join => posts::table
                    .inner_join(users::table)
                    .select((Post::as_select(), User::as_select()))
                    .load::<(Post, User)>(conn)?
                    .iter()
                    .filter(|(post, user)| post.user_id == user.id)
                    .count(),
                Workload::GetByKey => {
                    let mut found = 0;
                    for key in &state.keys {
                        let user: User = users::table
                            .find(*key)
                            .select(User::as_select())
                            .first(conn)?;
                        found += std::hint::black_box(user).id as usize;
                    }
                    found
                }
                Workload::InsertOne => {
                    let new = NewUser {
                        name: "User".into(),
                        hair_color: Some("black".into()),
                    };
                    $insert_one(conn, &new)?.id as usize
                }
                Workload::Update => {
                    state.passes += 1;
                    let hair = crate::schema::hair_of_pass(state.passes);
                    let rows = &mut state.rows;
                    conn.transaction(|conn| {
                        let mut updated = 0;
                        for row in rows.iter_mut() {
                            row.hair_color = Some(hair.to_owned());
                            updated += diesel::update(&*row).set(&*row).execute(conn)?;
                        }
                        Ok::<_, diesel::result::Error>(updated)
                    })?
                }
                Workload::Delete => {
                    let rows = &state.rows;
                    conn.transaction(|conn| {
                        let mut deleted = 0;
                        for row in rows {
                            deleted += diesel::delete(users::table.find(row.id)).execute(conn)?;
                        }
                        Ok::<_, diesel::result::Error>(deleted)
                    })?
                }
                Workload::QuerySet => users::table
                    .filter(users::hair_color.eq("black"))
                    .order(users::id.desc())
                    .limit(state.case.size as i64)
                    .select(User::as_select())
                    .load(conn)?
                    .iter()
                    .map(|user| user.id as usize)
                    .sum(),
            })
        }
    };
}

once!(once_postgres, PgConnection, insert_one_postgres);
once!(once_mysql, MysqlConnection, insert_one_mysql);
