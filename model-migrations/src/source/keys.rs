//! The keys a migration file may use, at every level: a misspelled key
//! (`nulable = true`) is refused with the nearest known one, rather than
//! ignored and its default applied.
//!
//! The check walks the file's TOML before it is read into a
//! [`Migration`](crate::Migration), so a misspelled required key is told
//! as misspelled, not as missing. The typed reading then refuses unknown keys too, as a
//! second line, where serde can.

use toml::{Table, Value};

/// The keys of the file itself.
const FILE: &[&str] = &["app", "dependencies", "replaces", "operations"];

/// The keys of a column (`field`, `fields`): `model_runtime::schema::Column`.
const COLUMN: &[&str] = &[
    "field",
    "column",
    "type",
    "nullable",
    "max_length",
    "max_digits",
    "decimal_places",
    "primary_key",
    "auto_increment",
    "unique",
    "index",
    "default",
    "auto_now_add",
    "auto_now",
    "foreign_key",
    "choices",
];

/// The keys of a column's `foreign_key`.
const FOREIGN_KEY: &[&str] = &["app", "model", "table", "column", "on_delete"];

/// The keys of one of a column's `choices`.
const CHOICE: &[&str] = &["value", "label"];

/// The keys of an index (`index`, `indexes`).
const INDEX: &[&str] = &["name", "columns", "unique"];

/// Every operation, with its keys besides `op`.
pub(crate) const OPERATIONS: &[(&str, &[&str])] = &[
    ("CreateModel", &["name", "table", "fields", "indexes"]),
    ("DeleteModel", &["name"]),
    ("RenameModel", &["old_name", "new_name"]),
    ("AlterModelTable", &["name", "table"]),
    ("AddField", &["model", "field", "preserve_default"]),
    ("RemoveField", &["model", "name"]),
    ("AlterField", &["model", "name", "field", "preserve_default"]),
    ("RenameField", &["model", "old_name", "new_name"]),
    ("AddIndex", &["model", "index"]),
    ("RemoveIndex", &["model", "index"]),
    ("AlterUniqueTogether", &["model", "unique_together"]),
    ("RunSql", &["sql", "reverse_sql"]),
];

/// Refuses the first key `file` does not know, naming where it is: the
/// operation (counted from 1, with its `op`), the column or index in it,
/// and the nearest known key when one is close.
pub(crate) fn check(file: &Table) -> Result<(), String> {
    known(file, FILE, &[])?;
    let Some(Value::Array(operations)) = file.get("operations") else {
        return Ok(());
    };
    for (i, operation) in operations.iter().enumerate() {
        let Value::Table(operation) = operation else {
            continue;
        };
        let Some(Value::String(op)) = operation.get("op") else {
            continue;
        };
        let number = i.saturating_add(1);
        let Some((_, keys)) = OPERATIONS.iter().find(|(name, _)| name == op) else {
            let names: Vec<&str> = OPERATIONS.iter().map(|(name, _)| *name).collect();
            return Err(format!(
                "operation {number}: unknown operation `{op}`{}",
                hint(op, &names)
            ));
        };
        let at = format!("operation {number} ({op})");
        let mut operation = operation.clone();
        operation.remove("op");
        known(&operation, keys, &[&at])?;
        if let Some(Value::Table(column)) = operation.get("field") {
            check_column(column, &[&at, "field"])?;
        }
        for (j, column) in tables(&operation, "fields") {
            let place = column_place(column, j);
            check_column(column, &[&at, &place])?;
        }
        if let Some(Value::Table(index)) = operation.get("index") {
            known(index, INDEX, &[&at, "index"])?;
        }
        for (j, index) in tables(&operation, "indexes") {
            known(index, INDEX, &[&at, &format!("index {}", j.saturating_add(1))])?;
        }
    }
    Ok(())
}

fn check_column(column: &Table, at: &[&str]) -> Result<(), String> {
    known(column, COLUMN, at)?;
    if let Some(Value::Table(target)) = column.get("foreign_key") {
        known(target, FOREIGN_KEY, &[at, &["foreign_key"]].concat())?;
    }
    for (k, choice) in tables(column, "choices") {
        let place = format!("choice {}", k.saturating_add(1));
        known(choice, CHOICE, &[at, &[place.as_str()]].concat())?;
    }
    Ok(())
}

/// `field `title``, or `field 2` for a column without a readable `field`.
fn column_place(column: &Table, j: usize) -> String {
    match column.get("field") {
        Some(Value::String(name)) => format!("field `{name}`"),
        _ => format!("field {}", j.saturating_add(1)),
    }
}

/// The tables of the array under `key`, with their positions.
fn tables<'a>(table: &'a Table, key: &str) -> impl Iterator<Item = (usize, &'a Table)> {
    let items = match table.get(key) {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    items.iter().enumerate().filter_map(|(i, item)| match item {
        Value::Table(table) => Some((i, table)),
        _ => None,
    })
}

fn known(table: &Table, keys: &[&str], at: &[&str]) -> Result<(), String> {
    let Some(unknown) = table.keys().find(|key| !keys.contains(&key.as_str())) else {
        return Ok(());
    };
    let place = if at.is_empty() {
        String::new()
    } else {
        format!("{}: ", at.join(", "))
    };
    Err(format!("{place}unknown key `{unknown}`{}", hint(unknown, keys)))
}

/// `; did you mean `nullable`?`, or the keys there are when none is close.
fn hint(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates) {
        Some(close) => format!("; did you mean `{close}`?"),
        None => format!("; expected one of: {}", candidates.join(", ")),
    }
}

/// The candidate nearest `word`, when few enough edits away to be a typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = i;
        let mut left = i.saturating_add(1);
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX);
            let cost = if ca == *cb {
                previous
            } else {
                previous.min(left).min(above).saturating_add(1)
            };
            previous = above;
            left = cost;
            next.push(cost);
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use model_runtime::schema::{
        Choice, Column, ColumnType, DefaultValue, ForeignKeyTarget, Index, List, Name, OnDelete,
    };

    use super::*;
    use crate::Operation;

    fn keys_of(value: &impl serde::Serialize) -> Vec<String> {
        let Value::Table(table) = Value::try_from(value).unwrap() else {
            panic!("not a table");
        };
        table.keys().cloned().collect()
    }

    fn same(written: Vec<String>, listed: &[&str]) {
        let mut written = written;
        let mut listed: Vec<String> = listed.iter().map(|k| k.to_string()).collect();
        written.sort();
        listed.sort();
        assert_eq!(written, listed);
    }

    /// A column with every option set: a field added to `Column` breaks
    /// this literal, and the list above is updated with it.
    fn full_column() -> Column {
        Column {
            field: Name::Borrowed("size"),
            name: Name::Borrowed("size"),
            ty: ColumnType::Integer,
            nullable: true,
            max_length: Some(1),
            max_digits: Some(1),
            decimal_places: Some(1),
            primary_key: true,
            auto_increment: true,
            unique: true,
            index: true,
            default: Some(DefaultValue::Int(1)),
            auto_now_add: true,
            auto_now: true,
            foreign_key: Some(ForeignKeyTarget {
                app: Name::Borrowed("shop"),
                model: Name::Borrowed("Menu"),
                table: Name::Borrowed("shop_menu"),
                column: Name::Borrowed("id"),
                on_delete: OnDelete::Cascade,
            }),
            choices: List::Owned(vec![Choice::integer(1, "Small")]),
            renamed_from: None,
        }
    }

    fn full_index() -> Index {
        Index {
            name: Some(Name::Borrowed("ix")),
            columns: List::Owned(vec![Name::Borrowed("size")]),
            unique: true,
        }
    }

    #[test]
    fn the_lists_hold_exactly_the_keys_written() {
        let column = full_column();
        same(keys_of(&column), COLUMN);
        same(keys_of(column.foreign_key.as_ref().unwrap()), FOREIGN_KEY);
        same(keys_of(&column.choices[0]), CHOICE);
        same(keys_of(&full_index()), INDEX);

        let s = || "x".to_owned();
        let operations = [
            Operation::CreateModel {
                name: s(),
                table: s(),
                fields: vec![full_column()],
                indexes: vec![full_index()],
            },
            Operation::DeleteModel { name: s() },
            Operation::RenameModel {
                old_name: s(),
                new_name: s(),
            },
            Operation::AlterModelTable {
                name: s(),
                table: s(),
            },
            Operation::AddField {
                model: s(),
                field: full_column(),
                preserve_default: false,
            },
            Operation::RemoveField {
                model: s(),
                name: s(),
            },
            Operation::AlterField {
                model: s(),
                name: s(),
                field: full_column(),
                preserve_default: false,
            },
            Operation::RenameField {
                model: s(),
                old_name: s(),
                new_name: s(),
            },
            Operation::AddIndex {
                model: s(),
                index: full_index(),
            },
            Operation::RemoveIndex {
                model: s(),
                index: full_index(),
            },
            Operation::AlterUniqueTogether {
                model: s(),
                unique_together: vec![vec![s()]],
            },
            Operation::RunSql {
                sql: s(),
                reverse_sql: Some(s()),
            },
        ];
        assert_eq!(operations.len(), OPERATIONS.len());
        for (operation, (op, keys)) in operations.iter().zip(OPERATIONS) {
            let mut written = keys_of(operation);
            assert!(written.contains(&"op".to_owned()));
            written.retain(|k| k != "op");
            same(written, keys);
            let text = toml::to_string(operation).unwrap();
            assert!(text.contains(&format!("op = \"{op}\"")), "{text}");
        }
    }

    #[test]
    fn the_typed_reading_refuses_unknown_keys_of_an_operation_too() {
        let known = "op = \"RemoveField\"\nmodel = \"Menu\"\nname = \"price\"\n";
        assert!(toml::from_str::<Operation>(known).is_ok());
        let error = toml::from_str::<Operation>(&format!("{known}nmae = \"x\"\n")).unwrap_err();
        assert!(error.to_string().contains("unknown field `nmae`"), "{error}");
    }

    #[test]
    fn near_keys_are_suggested_and_far_ones_listed() {
        assert_eq!(closest("nulable", COLUMN), Some("nullable"));
        assert_eq!(closest("defualt", COLUMN), Some("default"));
        assert_eq!(
            closest("preserve_defualt", &["model", "preserve_default"]),
            Some("preserve_default")
        );
        assert_eq!(closest("colour", &["value", "label"]), None);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
