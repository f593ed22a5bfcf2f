//! The two crates of one size: the models derived, and the same models
//! hand-written in Diesel, each a package of its own (own `[workspace]`,
//! the workspace's lock) sharing one target directory, so that both link
//! the very same build of Diesel.

use std::path::{Path, PathBuf};

use crate::codegen::{self, Shape};
use crate::Result;

/// The two sides, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Diesel,
    Derived,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Diesel, Side::Derived];
}

/// One generated crate.
pub struct Crate {
    pub side: Side,
    pub name: String,
    pub dir: PathBuf,
    shape: Shape,
}

impl Crate {
    /// Writes the crate of `side` for `count` models of `fields` fields (10
    /// or 20) under `root`; the derived one depends on the model-runtime
    /// found at `runtime`.
    pub fn write(side: Side, root: &Path, runtime: &Path, count: usize, ten_fields: bool) -> Result<Crate> {
        let width = if ten_fields { 10 } else { 20 };
        let name = match side {
            Side::Diesel => format!("compile_diesel_{count}x{width}"),
            Side::Derived => format!("compile_derived_{count}x{width}"),
        };
        let dir = root.join(&name);
        let krate = Crate {
            side,
            name,
            dir,
            shape: Shape {
                count,
                ten_fields,
                edited: None,
            },
        };
        std::fs::create_dir_all(krate.dir.join("src"))?;
        std::fs::write(krate.dir.join("Cargo.toml"), krate.manifest(runtime))?;
        // The workspace's lock, so both build the versions the project uses.
        std::fs::copy(
            crate::workspace_root().join("Cargo.lock"),
            krate.dir.join("Cargo.lock"),
        )?;
        krate.write_source(None)?;
        Ok(krate)
    }

    fn manifest(&self, runtime: &Path) -> String {
        let name = &self.name;
        match self.side {
            Side::Derived => format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nmodel-runtime = {{ path = {runtime:?} }}\n\
                 diesel = {{ version = \"2.4\", default-features = false }}\n\n[workspace]\n",
                runtime = runtime.display().to_string()
            ),
            // Diesel with the features model-runtime turns on, so that both
            // crates link the very same Diesel build.
            Side::Diesel => format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\n\
                 diesel = {{ version = \"2.4\", default-features = false, features = [\"32-column-tables\", \
                 \"with-deprecated\", \"chrono\", \"numeric\", \"uuid\", \"serde_json\", \"r2d2\", \"sqlite\", \
                 \"returning_clauses_for_sqlite_3_35\"] }}\n\
                 libsqlite3-sys = {{ version = \">=0.30, <0.39\", features = [\"bundled\"] }}\n\
                 bigdecimal = \"0.4\"\n\
                 chrono = {{ version = \"0.4.20\", default-features = false, features = [\"std\", \"clock\"] }}\n\n\
                 [workspace]\n"
            ),
        }
    }

    /// Writes `src/lib.rs`, with model `edited`'s `quantity` widened to an
    /// `i64` if given: the one-field edit of the incremental rebuild.
    pub fn write_source(&self, edited: Option<usize>) -> Result<()> {
        let shape = Shape { edited, ..self.shape };
        let count = shape.count;
        let source = match self.side {
            Side::Derived => format!(
                "//! {count} derived models.\nuse model_runtime::prelude::*;\n\n{}",
                codegen::derived("compile", shape)
            ),
            Side::Diesel => format!(
                "//! {count} hand-written models.\n{}",
                codegen::diesel("compile", shape)
            ),
        };
        std::fs::write(self.dir.join("src/lib.rs"), source)?;
        Ok(())
    }

    /// Fields a model, its foreign key counted, its key not.
    pub fn fields(&self) -> usize {
        self.shape.field_count()
    }

    /// The model the edit changes: the middle one.
    pub fn edited_model(&self) -> usize {
        self.shape.count / 2
    }
}
