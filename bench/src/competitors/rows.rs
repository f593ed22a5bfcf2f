//! The rows of the bench schema as plain structs, for the competitors that
//! map rows by hand (rusqlite, sqlx); the others get theirs from their
//! own derives.

#[allow(dead_code)] // loaded, never read: the workloads only load
#[derive(Debug, Clone)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Clone)]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}
