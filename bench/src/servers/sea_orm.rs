//! SeaORM 2 on the servers: entities with their relation, the query
//! builder, `insert_many`, active models, over sqlx's drivers (a pool of
//! one connection, as SeaORM always holds a pool).

use sea_orm::entity::prelude::*;
use sea_orm::{
    ActiveValue::Set, ActiveValue::Unchanged, ConnectOptions, QueryOrder, QuerySelect, TransactionTrait,
};

use super::cases::{Case, Workload};
// The SQLite workloads' entities: the same tables on every backend.
use crate::competitors::sea_orm::{post, user};
use crate::method::{FnSession, Session};
use crate::Result;

/// PostgreSQL's and MySQL's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 65_535;

struct State {
    runtime: tokio::runtime::Runtime,
    db: DatabaseConnection,
    case: Case,
    keys: Vec<i32>,
    names: Vec<String>,
    rows: Vec<user::Model>,
    passes: u64,
}

pub fn session(case: &Case, url: &str) -> Result<Box<dyn Session>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (db, rows) = runtime.block_on(async {
        let mut options = ConnectOptions::new(url);
        options.max_connections(1).min_connections(1).sqlx_logging(false);
        let db = sea_orm::Database::connect(options).await?;
        let rows = match case.workload {
            Workload::Update | Workload::Delete => {
                user::Entity::find()
                    .order_by_asc(user::Column::Id)
                    .all(&db)
                    .await?
            }
            _ => Vec::new(),
        };
        Ok::<_, DbErr>((db, rows))
    })?;
    let state = State {
        runtime,
        db,
        case: *case,
        keys: case.keys(),
        names: case.names(),
        rows,
        passes: 0,
    };
    Ok(FnSession::with_reset(state, |_| Ok(()), once))
}

fn new_user(name: &str) -> user::ActiveModel {
    user::ActiveModel {
        name: Set(name.to_owned()),
        hair_color: Set(Some("black".to_owned())),
        ..Default::default()
    }
}

fn once(state: &mut State) -> Result<usize> {
    let State {
        runtime,
        db,
        case,
        keys,
        names,
        rows,
        passes,
    } = state;
    Ok(runtime.block_on(async {
        Ok::<_, DbErr>(match case.workload {
            Workload::BulkCreate => {
                let transaction = db.begin().await?;
                let mut inserted = 0;
                for chunk in names.chunks(MAX_BIND_PARAMETERS / 2) {
                    inserted += user::Entity::insert_many(chunk.iter().map(|name| new_user(name)))
                        .exec_without_returning(&transaction)
                        .await? as usize;
                }
                transaction.commit().await?;
                inserted
            }
            Workload::Load => user::Entity::find().all(&*db).await?.len(),
            Workload::Join => post::Entity::find()
                .find_both_related(user::Entity)
                .all(&*db)
                .await?
                .iter()
                .filter(|(post, user)| post.user_id == user.id)
                .count(),
            Workload::GetByKey => {
                let mut found = 0;
                for key in keys.iter() {
                    let user = user::Entity::find_by_id(*key)
                        .one(&*db)
                        .await?
                        .ok_or_else(|| DbErr::RecordNotFound(key.to_string()))?;
                    found += std::hint::black_box(user).id as usize;
                }
                found
            }
            Workload::InsertOne => new_user("User").insert(&*db).await?.id as usize,
            Workload::Update => {
                *passes += 1;
                let hair = crate::schema::hair_of_pass(*passes);
                let transaction = db.begin().await?;
                for row in rows.iter_mut() {
                    row.hair_color = Some(hair.to_owned());
                    let changed = user::ActiveModel {
                        id: Unchanged(row.id),
                        name: Set(row.name.clone()),
                        hair_color: Set(row.hair_color.clone()),
                    };
                    changed.update(&transaction).await?;
                }
                transaction.commit().await?;
                rows.len()
            }
            Workload::Delete => {
                let transaction = db.begin().await?;
                let mut deleted = 0;
                for row in rows.iter() {
                    deleted += user::Entity::delete_by_id(row.id)
                        .exec(&transaction)
                        .await?
                        .rows_affected as usize;
                }
                transaction.commit().await?;
                deleted
            }
            Workload::QuerySet => user::Entity::find()
                .filter(user::Column::HairColor.eq("black"))
                .order_by_desc(user::Column::Id)
                .limit(case.size as u64)
                .all(&*db)
                .await?
                .iter()
                .map(|user| user.id as usize)
                .sum(),
        })
    })?)
}
