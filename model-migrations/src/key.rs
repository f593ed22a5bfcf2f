//! A migration's identity, `app.name`: plain data every other module
//! names, the error type included, so it depends on none of them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A migration's identity: its app and its name (`littlelemon.0002_menu_inventory`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MigrationKey {
    /// The app the migration belongs to.
    pub app: String,
    /// The file name without extension: `NNNN_description`.
    pub name: String,
}

impl MigrationKey {
    /// `app.name`.
    pub fn new(app: impl Into<String>, name: impl Into<String>) -> MigrationKey {
        MigrationKey {
            app: app.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for MigrationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.app, self.name)
    }
}

impl Serialize for MigrationKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MigrationKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
