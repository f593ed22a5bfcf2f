//! SeaORM 2: entities with relations, the query builder, `insert_many`,
//! and the loader for related rows, over sqlx's SQLite driver (a pool of
//! one connection, as SeaORM always holds a pool).

use sea_orm::entity::prelude::*;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sea_orm::{ActiveValue::Set, ActiveValue::Unchanged, LoaderTrait, SqlxSqliteConnector, TransactionTrait};

use super::Place;
use crate::method::{FnSession, Session};
use crate::schema;
use crate::workloads::cases::{Case, Workload, INSERTED_HAIR, JOINED_HAIR};
use crate::Result;

/// SQLite's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 32_766;

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub hair_color: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::post::Entity")]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub body: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
        #[sea_orm(has_many = "super::comment::Entity")]
        Comment,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl Related<super::comment::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Comment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::post::Entity",
            from = "Column::PostId",
            to = "super::post::Column::Id"
        )]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Users with their posts, each post with its comments: what the prefetch builds.
type Nested = Vec<(user::Model, Vec<(post::Model, Vec<comment::Model>)>)>;

struct State {
    runtime: tokio::runtime::Runtime,
    db: DatabaseConnection,
    case: Case,
    names: Vec<String>,
    keys: Vec<i32>,
    rows: Vec<user::Model>,
    passes: u64,
}

pub fn session(case: &Case, place: &Place) -> Result<Box<dyn Session>> {
    let runtime = super::sqlx::runtime()?;
    let (db, rows) = runtime.block_on(async {
        // One connection, kept for the whole session: an in-memory database
        // lives only as long as its connection.
        let options = match place {
            Place::Memory => SqliteConnectOptions::new().in_memory(true),
            Place::File(path) => SqliteConnectOptions::new().filename(path).create_if_missing(true),
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    sea_orm::sqlx::raw_sql(schema::PRAGMAS).execute(conn).await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
        db.execute_unprepared(&case.setup_sql()).await?;
        let rows = match case.workload {
            Workload::Update | Workload::Delete => user::Entity::find().all(&db).await?,
            _ => Vec::new(),
        };
        Ok::<_, crate::Error>((db, rows))
    })?;
    let state = State {
        runtime,
        db,
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
        state.runtime.block_on(state.db.execute_unprepared(&sql))?;
    }
    Ok(())
}

fn new_user(name: &str) -> user::ActiveModel {
    user::ActiveModel {
        name: Set(name.to_owned()),
        hair_color: Set(Some(INSERTED_HAIR.to_owned())),
        ..Default::default()
    }
}

fn once(state: &mut State) -> Result<usize> {
    let State {
        runtime,
        db,
        case,
        names,
        keys,
        rows,
        passes,
    } = state;
    Ok(runtime.block_on(async {
        Ok::<_, DbErr>(match case.workload {
            Workload::Load => user::Entity::find().all(&*db).await?.len(),
            Workload::Join => user::Entity::find()
                .find_also_related(post::Entity)
                .filter(user::Column::HairColor.eq(JOINED_HAIR))
                .all(&*db)
                .await?
                .len(),
            Workload::InsertBatch => {
                user::Entity::insert_many(names.iter().map(|name| new_user(name)))
                    .exec_without_returning(&*db)
                    .await? as usize
            }
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
            Workload::Prefetch => {
                let users = user::Entity::find().all(&*db).await?;
                let posts = users.load_many(post::Entity, &*db).await?;
                let flat: Vec<post::Model> = posts.iter().flatten().cloned().collect();
                let mut comments = flat.load_many(comment::Entity, &*db).await?.into_iter();
                let nested: Nested = users
                    .into_iter()
                    .zip(posts)
                    .map(|(user, posts)| {
                        let with_comments = posts
                            .into_iter()
                            .map(|p| (p, comments.next().unwrap_or_default()))
                            .collect();
                        (user, with_comments)
                    })
                    .collect();
                nested.len()
            }
            Workload::Update => {
                *passes += 1;
                let hair = schema::hair_of_pass(*passes);
                for row in rows.iter_mut() {
                    row.hair_color = Some(hair.to_owned());
                    let changed = user::ActiveModel {
                        id: Unchanged(row.id),
                        name: Set(row.name.clone()),
                        hair_color: Set(row.hair_color.clone()),
                    };
                    changed.update(&*db).await?;
                }
                rows.len()
            }
            Workload::Delete => {
                for row in rows.iter() {
                    user::Entity::delete_by_id(row.id).exec(&*db).await?;
                }
                rows.len()
            }
        })
    })?)
}
