//! The SQL that puts each competitor's database where a case starts,
//! written once a backend and run by the bench on its own connection, so
//! that no competitor's loading code is part of another's setup.

use model_runtime::Backend;

/// Rows in one `INSERT` of the fill: well under every bind and packet limit.
const ROWS_PER_INSERT: usize = 1_000;

/// Empties the three tables and restarts their keys at 1, so every
/// competitor's rows have the same keys after each reset.
pub fn clear(backend: Backend) -> Vec<String> {
    match backend {
        Backend::Postgres => vec!["TRUNCATE TABLE comments, posts, users RESTART IDENTITY".to_owned()],
        // MySQL truncates a table that a foreign key points at only with
        // the checks off.
        _ => [
            "SET FOREIGN_KEY_CHECKS = 0",
            "TRUNCATE TABLE comments",
            "TRUNCATE TABLE posts",
            "TRUNCATE TABLE users",
            "SET FOREIGN_KEY_CHECKS = 1",
        ]
        .map(str::to_owned)
        .to_vec(),
    }
}

/// `count` users named `User 0`, `User 1`, ..., keys 1 to `count`, their
/// hair black and brown in turn (odd keys black).
pub fn users(count: usize) -> Vec<String> {
    (0..count)
        .collect::<Vec<_>>()
        .chunks(ROWS_PER_INSERT)
        .map(|chunk| {
            let values: Vec<String> = chunk
                .iter()
                .map(|i| format!("('User {i}', '{}')", hair(*i)))
                .collect();
            format!(
                "INSERT INTO users (name, hair_color) VALUES {}",
                values.join(", ")
            )
        })
        .collect()
}

/// The hair of the user named `User {i}`.
fn hair(i: usize) -> &'static str {
    if i.is_multiple_of(2) {
        "black"
    } else {
        "brown"
    }
}

/// One post by each user, titled after its author.
pub fn posts() -> Vec<String> {
    vec!["INSERT INTO posts (user_id, title, body) \
          SELECT id, CONCAT('Post by user ', id), NULL FROM users ORDER BY id"
        .to_owned()]
}

/// Fresh statistics, so that every competitor's queries get the same plans.
pub fn analyze(backend: Backend) -> Vec<String> {
    vec![match backend {
        Backend::Postgres => "ANALYZE users, posts".to_owned(),
        _ => "ANALYZE TABLE users, posts".to_owned(),
    }]
}

/// The sum of the keys a query set of the black-haired users, newest
/// first, returns from `rows` users when it stops at `limit`.
pub fn newest_black_keys(rows: usize, limit: usize) -> usize {
    (1..=rows)
        .rev()
        .filter(|key| hair(key - 1) == "black")
        .take(limit)
        .sum()
}
