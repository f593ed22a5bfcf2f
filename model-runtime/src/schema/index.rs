use serde::{Deserialize, Serialize};

use super::{List, Name};

/// An index or a unique constraint over one or more columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
// Read from migration files: a misspelled key is an error, never a
// silently ignored option.
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Its name; derived from the table and columns when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// The indexed columns, in order.
    pub columns: List<Name>,
    /// A `UNIQUE` constraint rather than a plain index.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
}

impl Index {
    /// The index's name: the given one, or `ix_`/`uq_` + table + columns,
    /// shortened with a hash to fit PostgreSQL's and MySQL's 63-byte limit.
    pub fn name_in(&self, table: &str) -> String {
        if let Some(name) = &self.name {
            return name.to_string();
        }
        let prefix = if self.unique { "uq" } else { "ix" };
        let columns: Vec<&str> = self.columns.iter().map(|c| c.as_ref()).collect();
        derived_name(prefix, table, &columns)
    }
}

/// `prefix_table_col1_col2`, or, past 63 bytes, a prefix of it and a hash of
/// the whole so two long names stay distinct.
pub fn derived_name(prefix: &str, table: &str, columns: &[&str]) -> String {
    const LIMIT: usize = 63;
    let full = format!("{prefix}_{table}_{}", columns.join("_"));
    if full.len() <= LIMIT {
        return full;
    }
    let hash = fnv1a(full.as_bytes());
    let mut cut = LIMIT - 9;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash:08x}", &full[..cut])
}

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_fit_in_63_bytes_and_stay_distinct() {
        let a = derived_name("ix", &"t".repeat(60), &["first_column"]);
        let b = derived_name("ix", &"t".repeat(60), &["second_column"]);
        assert!(a.len() <= 63 && b.len() <= 63);
        assert_ne!(a, b);
        assert_eq!(derived_name("ix", "app_menu", &["title"]), "ix_app_menu_title");
    }
}
