use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Name;

/// What the database does to a row when the row it points at is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDelete {
    /// Delete this row too (`ON DELETE CASCADE`).
    Cascade,
    /// Refuse the deletion (`ON DELETE RESTRICT`, checked at once).
    Protect,
    /// Refuse the deletion unless this row goes in the same statement
    /// (`ON DELETE NO ACTION`, checked at the end of the statement), like
    /// Django's `RESTRICT`.
    Restrict,
    /// Set this column to `NULL` (`ON DELETE SET NULL`); the field must be an `Option`.
    SetNull,
}

impl OnDelete {
    /// The spellings accepted by `#[field(on_delete = "...")]`.
    pub const NAMES: [&'static str; 4] = ["cascade", "protect", "restrict", "set_null"];

    /// The SQL action.
    pub const fn sql(self) -> &'static str {
        match self {
            OnDelete::Cascade => "CASCADE",
            OnDelete::Protect => "RESTRICT",
            OnDelete::Restrict => "NO ACTION",
            OnDelete::SetNull => "SET NULL",
        }
    }

    /// The attribute spelling (`"cascade"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            OnDelete::Cascade => "cascade",
            OnDelete::Protect => "protect",
            OnDelete::Restrict => "restrict",
            OnDelete::SetNull => "set_null",
        }
    }
}

impl fmt::Display for OnDelete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OnDelete {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "cascade" => Ok(OnDelete::Cascade),
            "protect" => Ok(OnDelete::Protect),
            "restrict" => Ok(OnDelete::Restrict),
            "set_null" => Ok(OnDelete::SetNull),
            other => Err(format!(
                "unknown on_delete `{other}`; expected one of: {}",
                OnDelete::NAMES.join(", ")
            )),
        }
    }
}

/// The target of a foreign key column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Read from migration files: a misspelled key is an error, never a
// silently ignored option.
#[serde(deny_unknown_fields)]
pub struct ForeignKeyTarget {
    /// App of the model pointed at.
    pub app: Name,
    /// Name of the model pointed at (`"Category"`).
    pub model: Name,
    /// Its table.
    pub table: Name,
    /// Its primary key column.
    pub column: Name,
    /// What happens on deletion of the target row.
    pub on_delete: OnDelete,
}
