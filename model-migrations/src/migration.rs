use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{MigrationError, MigrationKey, Operation, Result};

// Here rather than beside the key, whose module the error type uses.
impl FromStr for MigrationKey {
    type Err = MigrationError;

    fn from_str(text: &str) -> Result<MigrationKey> {
        match text.split_once('.') {
            Some((app, name)) if !app.is_empty() && !name.is_empty() => Ok(MigrationKey::new(app, name)),
            _ => Err(MigrationError::NotAMigrationName {
                text: text.to_owned(),
            }),
        }
    }
}

/// One migration: the operations that take an app's schema one step
/// further, and the migrations that must run first.
///
/// On disk it is a TOML file, `migrations/NNNN_name.toml`:
///
/// ```
/// use model_migrations::{Migration, Operation};
///
/// let text = r#"
/// app = "littlelemon"
/// dependencies = ["littlelemon.0001_initial"]
///
/// [[operations]]
/// op = "RemoveField"
/// model = "Booking"
/// name = "comment"
/// "#;
/// let migration = Migration::parse("0002_remove_booking_comment", text)?;
/// assert_eq!(migration.operations[0].to_string(), "Remove field comment from booking");
/// assert_eq!(Migration::parse(&migration.name, &migration.to_toml())?, migration);
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Migration {
    /// The app it belongs to.
    pub app: String,
    /// Its name: `NNNN_description`.
    pub name: String,
    /// The migrations that must be applied first.
    pub dependencies: Vec<MigrationKey>,
    /// For a squashed migration, the migrations of its app it stands for
    /// (see [`MigrationGraph`](super::MigrationGraph)); empty otherwise.
    pub replaces: Vec<MigrationKey>,
    /// What it changes, in order.
    pub operations: Vec<Operation>,
}

/// The file's shape: the name comes from the file name.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MigrationFile {
    app: String,
    #[serde(default)]
    dependencies: Vec<MigrationKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<MigrationKey>,
    #[serde(default)]
    operations: Vec<Operation>,
}

impl Migration {
    /// This migration's key.
    pub fn key(&self) -> MigrationKey {
        MigrationKey::new(&self.app, &self.name)
    }

    /// The number its name starts with (`2` for `0002_menu_inventory`).
    pub fn number(&self) -> Option<u32> {
        migration_number(&self.name)
    }

    /// Reads a migration file's text; `name` is the file name without `.toml`.
    ///
    /// Every key is checked, at every level: an unknown one is an error
    /// naming it, the operation it is in, and the nearest known key.
    ///
    /// ```
    /// use model_migrations::Migration;
    ///
    /// let text = r#"
    /// app = "shop"
    ///
    /// [[operations]]
    /// op = "RemoveField"
    /// model = "Menu"
    /// nmae = "price"
    /// "#;
    /// let error = Migration::parse("0002_remove_price", text).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "0002_remove_price.toml: operation 1 (RemoveField): unknown key `nmae`; did you mean `name`?"
    /// );
    /// ```
    pub fn parse(name: &str, text: &str) -> Result<Migration> {
        let at_fault = |message: String| MigrationError::File {
            file: format!("{name}.toml"),
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| at_fault(e.to_string()))?;
        crate::source::keys::check(&table).map_err(at_fault)?;
        let file: MigrationFile = toml::from_str(text).map_err(|e| at_fault(e.to_string()))?;
        Ok(Migration {
            app: file.app,
            name: name.to_owned(),
            dependencies: file.dependencies,
            replaces: file.replaces,
            operations: file.operations,
        })
    }

    /// The migration as the text of its file, with a header listing its
    /// operations for the reviewer.
    pub fn to_toml(&self) -> String {
        let file = MigrationFile {
            app: self.app.clone(),
            dependencies: self.dependencies.clone(),
            replaces: self.replaces.clone(),
            operations: self.operations.clone(),
        };
        let mut text = format!("# Migration {}\n", comment(&self.key()));
        for operation in &self.operations {
            text.push_str(&format!("#   - {}\n", comment(operation)));
        }
        text.push('\n');
        text.push_str(&toml::to_string_pretty(&file).expect("a migration always serializes"));
        text
    }

    /// The file of a migration with no operations yet (`makemigrations
    /// --empty`): its header, and a commented-out `RunSql` to fill in.
    /// Written by hand because `operations = []` would clash with the
    /// `[[operations]]` table the reader uncomments.
    ///
    /// ```
    /// use model_migrations::{Migration, MigrationKey};
    ///
    /// let migration = Migration {
    ///     app: "shop".into(),
    ///     name: "0002_fill".into(),
    ///     dependencies: vec![MigrationKey::new("shop", "0001_initial")],
    ///     replaces: Vec::new(),
    ///     operations: Vec::new(),
    /// };
    /// let text = migration.to_empty_toml();
    /// assert!(text.contains("# [[operations]]"));
    /// assert_eq!(Migration::parse("0002_fill", &text)?, migration);
    /// # Ok::<(), model_migrations::MigrationError>(())
    /// ```
    pub fn to_empty_toml(&self) -> String {
        #[derive(Serialize)]
        struct Header<'a> {
            app: &'a str,
            dependencies: &'a [MigrationKey],
        }
        let header = Header {
            app: &self.app,
            dependencies: &self.dependencies,
        };
        format!(
            "# Migration {key}\n\
             # An empty migration, for changes written by hand (a data migration):\n\
             # uncomment the operation below, write its SQL and the SQL that undoes\n\
             # it, and add more [[operations]] as needed. Without reverse_sql the\n\
             # migration cannot be unapplied.\n\
             \n\
             {header}\n\
             # [[operations]]\n\
             # op = \"RunSql\"\n\
             # sql = \"UPDATE {app}_menu SET inventory = 10 WHERE inventory = 0\"\n\
             # reverse_sql = \"UPDATE {app}_menu SET inventory = 0 WHERE inventory = 10\"\n",
            key = comment(&self.key()),
            app = comment(&self.app),
            header = toml::to_string_pretty(&header).expect("a migration header always serializes"),
        )
    }
}

/// Text for a comment line: control characters (a newline in a name
/// written by hand) escaped, so that the comment cannot end early and the
/// rest be read as TOML.
fn comment(text: &dyn std::fmt::Display) -> String {
    text.to_string()
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// The number a migration name starts with.
pub fn migration_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_newline_stays_in_its_comment() {
        let text =
            "app = \"shop\"\n\n[[operations]]\nop = \"DeleteModel\"\nname = \"Menu\\n[[operations]]\"\n";
        let migration = Migration::parse("0002_x", text).unwrap();
        let written = migration.to_toml();
        assert!(
            written.contains("#   - Delete model Menu\\n[[operations]]\n"),
            "{written}"
        );
        assert_eq!(Migration::parse("0002_x", &written).unwrap(), migration);
    }

    #[test]
    fn an_empty_file_parses_before_and_after_uncommenting_its_example() {
        let migration = Migration {
            app: "shop".into(),
            name: "0002_fill".into(),
            dependencies: vec![MigrationKey::new("shop", "0001_initial")],
            replaces: Vec::new(),
            operations: Vec::new(),
        };
        let text = migration.to_empty_toml();
        assert_eq!(Migration::parse("0002_fill", &text).unwrap(), migration);

        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if line.starts_with("# [[") || rest.contains(" = ") => rest,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let filled = Migration::parse("0002_fill", &uncommented).unwrap();
        assert!(matches!(
            &filled.operations[..],
            [Operation::RunSql {
                reverse_sql: Some(_),
                ..
            }]
        ));
    }
}
