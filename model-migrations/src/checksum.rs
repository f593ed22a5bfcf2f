//! A migration's checksum: what the history table records to notice a
//! migration file edited after it was applied.

use sha2::{Digest, Sha256};

use super::Migration;

impl Migration {
    /// The SHA-256 of the migration's canonical text,
    /// [`to_toml`](Migration::to_toml), as 64 lowercase hex digits.
    ///
    /// The canonical text is rebuilt from the parsed operations, not read
    /// from the file: reformatting the file, reordering its keys or adding
    /// comments leaves the checksum as it was, while any change of meaning
    /// (a `max_length`, a column name, a dependency, the SQL of a `RunSql`)
    /// changes it. `migrate` records it with each migration it applies and
    /// refuses to run when an applied migration's checksum no longer matches
    /// its file (see [`history::verify`](super::history::verify)).
    ///
    /// ```
    /// use model_migrations::Migration;
    ///
    /// let text = "app = \"shop\"\n\n[[operations]]\nop = \"RunSql\"\nsql = \"SELECT 1\"\n";
    /// let migration = Migration::parse("0001_initial", text)?;
    /// assert_eq!(migration.checksum().len(), 64);
    ///
    /// // A comment and other spacing: the same migration.
    /// let reformatted = "# seeds the shop\napp = 'shop'\n[[operations]]\nop = 'RunSql'\nsql = 'SELECT 1'\n";
    /// assert_eq!(Migration::parse("0001_initial", reformatted)?.checksum(), migration.checksum());
    ///
    /// // Other SQL: another migration.
    /// let edited = text.replace("SELECT 1", "SELECT 2");
    /// assert_ne!(Migration::parse("0001_initial", &edited)?.checksum(), migration.checksum());
    /// # Ok::<(), model_migrations::MigrationError>(())
    /// ```
    pub fn checksum(&self) -> String {
        Sha256::digest(self.to_toml().as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}
