//! The database every competitor of workloads 1-6 starts from: diesel's
//! benchmark schema (users, posts, comments), created with this project's
//! `CREATE TABLE` (foreign keys with their indexes, as a migrated database
//! has them), filled by plain SQL that every competitor runs alike, Python
//! included, so that no one's loading code is part of another's setup.

use model_runtime::Backend;

use crate::models::users::{Comment, Post, User};

/// The pragmas of every connection, Rust's and Python's: those
/// `model_runtime::connect` sets. WAL matters only to file databases.
pub const PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                           PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

/// The three tables.
pub fn create_tables() -> String {
    [
        User::create_table_sql(Backend::Sqlite),
        Post::create_table_sql(Backend::Sqlite),
        Comment::create_table_sql(Backend::Sqlite),
    ]
    .concat()
}

/// Empties the tables and restarts their keys at 1, so every competitor's
/// rows have the same keys after each reset.
pub const CLEAR: &str =
    "DELETE FROM comments; DELETE FROM posts; DELETE FROM users; DELETE FROM sqlite_sequence;";

/// `count` users named `User 0`, `User 1`, ..., keys 1 to `count`; their
/// hair black and brown in turn when `hair` is set, NULL otherwise.
pub fn insert_users(count: usize, hair: bool) -> String {
    let hair_color = if hair {
        "CASE i % 2 WHEN 0 THEN 'black' ELSE 'brown' END"
    } else {
        "NULL"
    };
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {count}) \
         INSERT INTO users (name, hair_color) SELECT 'User ' || i, {hair_color} FROM n;"
    )
}

/// `per_user` posts for each user, titled after their author.
pub fn insert_posts(per_user: usize) -> String {
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {per_user}) \
         INSERT INTO posts (user_id, title, body) \
         SELECT users.id, 'Post ' || n.i || ' by user ' || users.id, NULL FROM users, n ORDER BY users.id, n.i;"
    )
}

/// `per_post` comments on each post.
pub fn insert_comments(per_post: usize) -> String {
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {per_post}) \
         INSERT INTO comments (post_id, text) \
         SELECT posts.id, 'Comment ' || n.i || ' on post ' || posts.id FROM posts, n ORDER BY posts.id, n.i;"
    )
}

/// The keys workload 4 looks up: `count` keys drawn from 1 to `rows`, the
/// same sequence for every competitor.
pub fn random_keys(count: usize, rows: usize) -> Vec<i32> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::SmallRng::seed_from_u64(6);
    (0..count).map(|_| rng.random_range(1..=rows as i32)).collect()
}

/// The hair colour an update sets on its `run`th pass: it alternates, so
/// every pass changes every row.
pub fn hair_of_pass(pass: u64) -> &'static str {
    if pass.is_multiple_of(2) {
        "black"
    } else {
        "brown"
    }
}
