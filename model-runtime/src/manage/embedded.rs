//! Migration files compiled into the binary, for a deployment without the
//! source tree.

/// The migration files of one crate, registered by
/// [`embed_migrations!`](crate::embed_migrations).
#[doc(hidden)]
pub struct EmbeddedMigrations {
    /// The crate's directory when it was compiled: how its models'
    /// registrations find these files.
    pub crate_dir: &'static str,
    /// `(path under migrations/, text)`, `/`-separated.
    pub files: &'static [(&'static str, &'static str)],
}

inventory::collect!(EmbeddedMigrations);

/// The embedded files of the crate compiled in `crate_dir`.
pub(crate) fn files_of(crate_dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    inventory::iter::<EmbeddedMigrations>
        .into_iter()
        .filter(move |embedded| embedded.crate_dir == crate_dir)
        .flat_map(|embedded| embedded.files.iter().copied())
}

/// Embeds the crate's `migrations/` folder in the binary, so that it
/// migrates without the source tree. Use it once, in the crate that defines
/// the models (its `lib.rs`), with a `build.rs` that calls
/// `model_build::embed_migrations()` (two files, so not a doctest; the
/// littlelemon example does exactly this):
///
/// ```text
/// // build.rs
/// fn main() {
///     model_build::embed_migrations();
/// }
///
/// // src/lib.rs
/// pub mod models;
/// model_runtime::embed_migrations!();
/// ```
///
/// The files on disk win while the crate's folder exists (during
/// development, `makemigrations` writes there and reads what it wrote); the
/// embedded copy is read when it does not, or when
/// `MODEL_EMBEDDED_MIGRATIONS=1` (see [`Settings`](crate::Settings)).
#[macro_export]
macro_rules! embed_migrations {
    () => {
        $crate::__private::inventory::submit! {
            $crate::manage::EmbeddedMigrations {
                crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                files: ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/model_migrations.rs")),
            }
        }
    };
}
