//! Diesel's benchmark schema (users, their posts, the posts' comments) as
//! this project's models: the same three tables the other competitors map.

use model_runtime::prelude::*;

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "bench", table = "users")]
pub struct User {
    #[field(primary_key)]
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "bench", table = "posts")]
pub struct Post {
    #[field(primary_key)]
    pub id: i32,
    #[field(foreign_key = User, on_delete = "cascade")]
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "bench", table = "comments")]
pub struct Comment {
    #[field(primary_key)]
    pub id: i32,
    #[field(foreign_key = Post, on_delete = "cascade")]
    pub post_id: i32,
    pub text: String,
}
