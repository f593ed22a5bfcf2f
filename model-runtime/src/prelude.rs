//! `use model_runtime::prelude::*;` brings in what a models file needs: the
//! derive, the model traits, connections, errors, field value types, and
//! Diesel's own prelude for the typed query DSL.

pub use diesel::prelude::*;
// Diesel's `Connection` trait stays usable (`conn.transaction(..)`) while the
// name `Connection` means the runtime's any-backend connection.
pub use diesel::Connection as _;

pub use crate::{
    atomic, bind, connect, Backend, Connection, DbConnection, Decimal, DynModel, Error, Model, ModelEnum,
    NewModel, Result, Value,
};
pub use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
pub use serde_json::Value as JsonValue;
pub use uuid::Uuid;
