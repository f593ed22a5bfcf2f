//! Comparing one live table with the one expected, part by part.

use super::{Drift, DriftKind};
use crate::introspect::{ColumnInfo, IndexInfo, TableInfo};

/// Every difference between the table the database has (`live`) and the
/// one expected of it, both as [`introspect`](crate::introspect) reads
/// them: columns, then the primary key, unique constraints, indexes and
/// foreign keys. Column order is not compared: a column added later comes
/// last on some backends and in place on others.
///
/// ```
/// use model_migrations::introspect::{ColumnInfo, TableInfo};
/// use model_migrations::drift;
///
/// let column = |name: &str, data_type: &str| ColumnInfo {
///     name: name.into(), data_type: data_type.into(), nullable: false,
///     default: None, primary_key: false, auto_increment: false,
/// };
/// let table = |columns| TableInfo {
///     name: "shop_item".into(), columns,
///     unique_constraints: vec![], indexes: vec![], foreign_keys: vec![],
/// };
/// let expected = table(vec![column("title", "varchar(255)")]);
/// let live = table(vec![column("title", "varchar(300)"), column("notes", "text")]);
/// let found: Vec<String> = drift::compare_table(&live, &expected).iter().map(|d| d.to_string()).collect();
/// assert_eq!(found, [
///     "shop_item.title: type is varchar(300), migrations say varchar(255)",
///     "shop_item.notes: column in the database, not in the migrations",
/// ]);
/// assert!(drift::compare_table(&expected, &expected).is_empty());
/// ```
pub fn compare_table(live: &TableInfo, expected: &TableInfo) -> Vec<Drift> {
    let mut kinds = Vec::new();
    compare_columns(live, expected, &mut kinds);
    let (live_key, expected_key) = (live.primary_key(), expected.primary_key());
    if live_key != expected_key {
        kinds.push(DriftKind::PrimaryKey {
            live: owned(&live_key),
            expected: owned(&expected_key),
        });
    }
    compare_unique(live, expected, &mut kinds);
    compare_indexes(live, expected, &mut kinds);
    compare_foreign_keys(live, expected, &mut kinds);
    kinds
        .into_iter()
        .map(|kind| Drift {
            table: live.name.clone(),
            kind,
        })
        .collect()
}

fn compare_columns(live: &TableInfo, expected: &TableInfo, kinds: &mut Vec<DriftKind>) {
    for want in &expected.columns {
        match live.column(&want.name) {
            None => kinds.push(DriftKind::MissingColumn(want.name.clone())),
            Some(have) => compare_column(have, want, kinds),
        }
    }
    for have in &live.columns {
        if expected.column(&have.name).is_none() {
            kinds.push(DriftKind::ExtraColumn(have.name.clone()));
        }
    }
}

fn compare_column(have: &ColumnInfo, want: &ColumnInfo, kinds: &mut Vec<DriftKind>) {
    let column = || want.name.clone();
    if have.data_type != want.data_type {
        kinds.push(DriftKind::Type {
            column: column(),
            live: have.data_type.clone(),
            expected: want.data_type.clone(),
        });
    }
    if have.nullable != want.nullable {
        kinds.push(DriftKind::Nullable {
            column: column(),
            live: have.nullable,
        });
    }
    if !same_default(have.default.as_deref(), want.default.as_deref()) {
        kinds.push(DriftKind::Default {
            column: column(),
            live: have.default.clone(),
            expected: want.default.clone(),
        });
    }
    if have.auto_increment != want.auto_increment {
        kinds.push(DriftKind::AutoIncrement {
            column: column(),
            live: have.auto_increment,
        });
    }
}

/// Equal as SQL text, or the same number spelled two ways (`2` and `2.0`,
/// `1.50` and `1.5`): catalogs reformat numeric literals, and SQLite reads
/// `TRUE` back as written where the model's literal is `1`.
fn same_default(live: Option<&str>, expected: Option<&str>) -> bool {
    let number = |text: &str| match text.to_ascii_lowercase().as_str() {
        "true" => Some(1.0),
        "false" => Some(0.0),
        other => other.parse::<f64>().ok().filter(|n| n.is_finite()),
    };
    match (live, expected) {
        (Some(a), Some(b)) if a != b => matches!((number(a), number(b)), (Some(x), Some(y)) if x == y),
        (a, b) => a == b,
    }
}

fn compare_unique(live: &TableInfo, expected: &TableInfo, kinds: &mut Vec<DriftKind>) {
    let mut unmatched = live.unique_constraints.clone();
    for columns in &expected.unique_constraints {
        match unmatched.iter().position(|c| c == columns) {
            Some(at) => {
                unmatched.remove(at);
            }
            None => kinds.push(DriftKind::MissingUnique(columns.clone())),
        }
    }
    kinds.extend(unmatched.into_iter().map(DriftKind::ExtraUnique));
}

/// Indexes are matched by name, then what is left by shape (columns and
/// uniqueness), which finds a renamed index; the rest is missing or extra.
fn compare_indexes(live: &TableInfo, expected: &TableInfo, kinds: &mut Vec<DriftKind>) {
    let mut live_left: Vec<&IndexInfo> = Vec::new();
    let mut expected_left: Vec<&IndexInfo> = expected
        .indexes
        .iter()
        .filter(|want| !live.indexes.iter().any(|have| have.name == want.name))
        .collect();
    for have in &live.indexes {
        match expected.indexes.iter().find(|want| want.name == have.name) {
            Some(want) if want != have => kinds.push(DriftKind::IndexChanged {
                live: have.clone(),
                expected: want.clone(),
            }),
            Some(_) => {}
            None => live_left.push(have),
        }
    }
    for have in live_left {
        let same_shape = |want: &&IndexInfo| want.columns == have.columns && want.unique == have.unique;
        match expected_left.iter().position(same_shape) {
            Some(at) => kinds.push(DriftKind::IndexChanged {
                live: have.clone(),
                expected: expected_left.remove(at).clone(),
            }),
            None => kinds.push(DriftKind::ExtraIndex(have.clone())),
        }
    }
    kinds.extend(
        expected_left
            .into_iter()
            .map(|want| DriftKind::MissingIndex(want.clone())),
    );
}

fn compare_foreign_keys(live: &TableInfo, expected: &TableInfo, kinds: &mut Vec<DriftKind>) {
    for want in &expected.foreign_keys {
        match live.foreign_keys.iter().find(|have| have.column == want.column) {
            None => kinds.push(DriftKind::MissingForeignKey(want.clone())),
            Some(have) if have != want => kinds.push(DriftKind::ForeignKeyChanged {
                live: have.clone(),
                expected: want.clone(),
            }),
            Some(_) => {}
        }
    }
    for have in &live.foreign_keys {
        if !expected
            .foreign_keys
            .iter()
            .any(|want| want.column == have.column)
        {
            kinds.push(DriftKind::ExtraForeignKey(have.clone()));
        }
    }
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_and_everything_else_by_text() {
        assert!(same_default(Some("2"), Some("2.0")));
        assert!(same_default(Some("1.50"), Some("1.5")));
        assert!(same_default(None, None));
        assert!(same_default(Some("TRUE"), Some("1")));
        assert!(!same_default(Some("'2'"), Some("2")));
        assert!(!same_default(Some("0"), None));
        assert!(!same_default(Some("now()"), Some("CURRENT_TIMESTAMP")));
    }

    #[test]
    fn a_renamed_index_is_one_difference_not_two() {
        let index = |name: &str| IndexInfo {
            name: name.into(),
            columns: vec!["title".into()],
            unique: false,
        };
        let table = |indexes| TableInfo {
            name: "t".into(),
            columns: vec![],
            unique_constraints: vec![],
            indexes,
            foreign_keys: vec![],
        };
        let found = compare_table(&table(vec![index("by_title")]), &table(vec![index("ix_t_title")]));
        assert_eq!(
            found.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["t: index by_title (title), migrations say ix_t_title (title)"]
        );
    }
}
