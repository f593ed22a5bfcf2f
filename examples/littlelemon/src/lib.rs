//! The Little Lemon restaurant: its models, as a Django app would declare
//! them in `models.py`, and their migrations, in `migrations/`.

pub mod models;

// The migrations travel inside the binaries: `manage migrate` works where
// the source tree is not.
model_runtime::embed_migrations!();
