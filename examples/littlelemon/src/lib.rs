//! The Little Lemon restaurant: its models, as a Django app would declare
//! them in `models.py`.

pub mod models;
