//! The Little Lemon restaurant: its models, as a Django app would declare
//! them in `models.py`, their migrations, in `migrations/`, and how the
//! admin site shows them, in `admin.rs` (Django's `admin.py`).

pub mod admin;
pub mod models;

// The migrations travel inside the binaries: `manage migrate` works where
// the source tree is not.
model_runtime::embed_migrations!();
