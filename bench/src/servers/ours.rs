//! This project on the servers: the generated methods (`bulk_create`,
//! `all`, `get`, `create`, `save`, `delete`) and query sets, on the
//! any-backend connection `model_runtime::connect` opens, as its users
//! write them.

use model_runtime::diesel::ExpressionMethods;
use model_runtime::{Connection, Error};

use super::cases::{Case, Workload};
use crate::method::{FnSession, Session};
use crate::models::users::{user, NewUser, Post, User};
use crate::Result;

struct State {
    conn: Connection,
    case: Case,
    new_rows: Vec<NewUser>,
    keys: Vec<i32>,
    rows: Vec<User>,
    passes: u64,
}

pub fn session(case: &Case, url: &str) -> Result<Box<dyn Session>> {
    let mut conn = model_runtime::connect(url)?;
    let rows = match case.workload {
        Workload::Update | Workload::Delete => User::objects().order_by(user::id.asc()).load(&mut conn)?,
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
    let state = State {
        conn,
        case: *case,
        new_rows,
        keys: case.keys(),
        rows,
        passes: 0,
    };
    Ok(FnSession::with_reset(state, |_| Ok(()), once))
}

fn once(state: &mut State) -> Result<usize> {
    let conn = &mut state.conn;
    Ok(match state.case.workload {
        Workload::BulkCreate => User::bulk_create(conn, &state.new_rows)?,
        Workload::Load => User::all(conn)?.len(),
        Workload::Join => Post::objects()
            .select_related(Post::USER)
            .load(conn)?
            .iter()
            .filter(|(post, user)| post.user_id == user.id)
            .count(),
        Workload::GetByKey => {
            let mut found = 0;
            for key in &state.keys {
                found += std::hint::black_box(User::get(conn, *key)?).id as usize;
            }
            found
        }
        Workload::InsertOne => {
            let new = NewUser {
                name: "User".into(),
                hair_color: Some("black".into()),
            };
            User::create(conn, new)?.id as usize
        }
        Workload::Update => {
            state.passes += 1;
            let hair = crate::schema::hair_of_pass(state.passes);
            let rows = &mut state.rows;
            model_runtime::atomic(conn, |conn| {
                for row in rows.iter_mut() {
                    row.hair_color = Some(hair.to_owned());
                    row.save(conn)?;
                }
                Ok::<_, Error>(rows.len())
            })?
        }
        Workload::Delete => {
            let rows = &state.rows;
            model_runtime::atomic(conn, |conn| {
                for row in rows {
                    row.delete(conn)?;
                }
                Ok::<_, Error>(rows.len())
            })?
        }
        Workload::QuerySet => User::objects()
            .filter(user::hair_color.eq("black"))
            .order_by(user::id.desc())
            .limit(state.case.size as i64)
            .load(conn)?
            .iter()
            .map(|user| user.id as usize)
            .sum(),
    })
}
