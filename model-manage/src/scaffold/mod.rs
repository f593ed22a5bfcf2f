//! `startproject` and `startapp`: a new project, and a new app in it, as
//! Django's `django-admin startproject` and `manage.py startapp` write
//! them.
//!
//! A project is a Cargo workspace whose root package is the manage binary
//! (`cargo run -- migrate`); each app is a crate of the workspace, with its
//! models, its admin registrations and its migrations, so changing one
//! app's models recompiles that crate only.

mod install;
mod names;
mod templates;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{CommandError, Result};

/// `startproject NAME [DIRECTORY] [--model-path CHECKOUT]`.
#[derive(Clone, Debug, clap::Args)]
pub struct StartprojectArgs {
    /// The project's name: its folder, and its package.
    pub name: String,
    /// Where to write it; `./NAME` when not given. Must not exist, or be
    /// empty.
    pub directory: Option<PathBuf>,
    /// Take the model-* crates from this checkout of their repository
    /// instead of crates.io (a checkout's own `model-manage` does so by
    /// default).
    #[arg(long = "model-path", value_name = "CHECKOUT")]
    pub model_path: Option<PathBuf>,
}

/// `startapp NAME`, run in the project's folder.
#[derive(Clone, Debug, clap::Args)]
pub struct StartappArgs {
    /// The app's name: its label in installed apps, its folder and its
    /// crate.
    pub name: String,
}

/// Where a new project's model-* dependencies come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Dependencies {
    /// crates.io, at this version requirement.
    Registry(String),
    /// A checkout of the repository, whose crates are its folders.
    Checkout(PathBuf),
}

impl Dependencies {
    /// The `[workspace.dependencies]` entry of one model-* crate with a
    /// backend feature (every backend is the project's choice).
    fn spec(&self, crate_name: &str) -> String {
        match self {
            Dependencies::Registry(version) => {
                format!(
                    "{{ version = {}, default-features = false }}",
                    toml_string(version)
                )
            }
            Dependencies::Checkout(root) => format!(
                "{{ path = {}, default-features = false }}",
                toml_string(&root.join(crate_name).to_string_lossy())
            ),
        }
    }

    /// The entry of `model-build`, which has no features.
    fn build_spec(&self) -> String {
        match self {
            Dependencies::Registry(version) => toml_string(version),
            Dependencies::Checkout(root) => {
                format!(
                    "{{ path = {} }}",
                    toml_string(&root.join("model-build").to_string_lossy())
                )
            }
        }
    }

    /// The checkout `model-manage` was built from, when it was built from
    /// one (a crate from crates.io sits beside other packages, not in its
    /// repository); crates.io, at this crate's version, otherwise.
    fn default_for_this_build() -> Dependencies {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let checkout = manifest_dir
            .parent()
            .filter(|root| is_checkout(root))
            .map(Path::to_path_buf);
        checkout.map_or_else(
            || Dependencies::Registry(version_requirement()),
            Dependencies::Checkout,
        )
    }
}

/// Whether `root` holds the model-* crates as its folders.
fn is_checkout(root: &Path) -> bool {
    ["model-runtime", "model-manage", "model-build"]
        .iter()
        .all(|name| root.join(name).join("Cargo.toml").is_file())
}

/// `0.1` for version 0.1.x: the releases that keep its API.
fn version_requirement() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        _ => version.to_owned(),
    }
}

/// `text` as a TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// Writes a new project and says what to run next: a Cargo workspace
/// whose root package is the manage binary (`cargo run -- migrate`), with
/// features for the three backends, `.env.example` and `.gitignore`; its
/// apps join it as crates of their own ([`startapp`]). Refuses a name that cannot name a crate, and a
/// directory that exists and is not empty; writes nothing then.
///
/// ```
/// let parent = std::env::temp_dir().join(format!("startproject-doc-{}", std::process::id()));
/// let args = model_manage::StartprojectArgs {
///     name: "mysite".into(),
///     directory: Some(parent.join("mysite")),
///     model_path: None,
/// };
/// let mut out = Vec::new();
/// model_manage::startproject(&args, &mut out)?;
/// assert!(parent.join("mysite/src/main.rs").is_file());
/// assert!(String::from_utf8(out)?.contains("cargo run -- startapp"));
/// # std::fs::remove_dir_all(&parent)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn startproject(args: &StartprojectArgs, out: &mut dyn Write) -> Result<PathBuf> {
    names::check_project_name(&args.name)?;
    let dependencies = match &args.model_path {
        Some(path) => {
            let root = std::path::absolute(path).map_err(|source| CommandError::File {
                path: path.clone(),
                source,
            })?;
            if !is_checkout(&root) {
                return Err(CommandError::Refused(format!(
                    "{} is not a checkout of the model-* crates (no model-runtime/Cargo.toml in it)",
                    root.display()
                )));
            }
            Dependencies::Checkout(root)
        }
        None => Dependencies::default_for_this_build(),
    };
    let directory = args
        .directory
        .clone()
        .unwrap_or_else(|| PathBuf::from(&args.name));
    refuse_occupied(&directory)?;

    let files = [
        (
            "Cargo.toml",
            templates::project_manifest(&args.name, &dependencies),
        ),
        ("src/main.rs", templates::manage_main(&args.name)),
        (".env.example", templates::env_example(&args.name)),
        (".gitignore", templates::GITIGNORE.to_owned()),
    ];
    write_files(&directory, &files)?;

    let shown = directory.display();
    writeln!(out, "Created project `{}` in {shown}.", args.name)?;
    if let Dependencies::Checkout(root) = &dependencies {
        writeln!(
            out,
            "Its model-* crates are those of the checkout {}.",
            root.display()
        )?;
    }
    writeln!(out, "Next:")?;
    writeln!(out, "  cd {shown}")?;
    writeln!(
        out,
        "  cargo run -- startapp <app>     # an app, with its models.rs"
    )?;
    writeln!(
        out,
        "  cargo run -- migrate            # the built-in apps' tables, in db.sqlite3"
    )?;
    Ok(directory)
}

/// Writes a new app's crate in `project` (the project's folder), and
/// installs it: a member of the workspace, a dependency of the manage
/// binary, linked (`use NAME as _;`) and in `INSTALLED_APPS`. A project
/// that `startproject` did not write gets the crate, and the lines to add
/// by hand printed. Refuses a name that cannot name an app, and an existing
/// folder of that name; writes nothing then.
///
/// ```
/// use model_manage::{startapp, startproject, StartappArgs, StartprojectArgs};
///
/// let parent = std::env::temp_dir().join(format!("startapp-doc-{}", std::process::id()));
/// let project = parent.join("mysite");
/// let args = StartprojectArgs { name: "mysite".into(), directory: Some(project.clone()), model_path: None };
/// startproject(&args, &mut std::io::sink())?;
///
/// startapp(&StartappArgs { name: "polls".into() }, &project, &mut std::io::sink())?;
/// assert!(project.join("polls/src/models.rs").is_file());
/// let main = std::fs::read_to_string(project.join("src/main.rs"))?;
/// assert!(main.contains("use polls as _;"));
/// assert!(main.contains(r#"&["admin", "auth", "sessions", "polls"]"#));
///
/// // A second app of the same name is refused, and nothing changes.
/// assert!(startapp(&StartappArgs { name: "polls".into() }, &project, &mut std::io::sink()).is_err());
/// # std::fs::remove_dir_all(&parent)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn startapp(args: &StartappArgs, project: &Path, out: &mut dyn Write) -> Result<PathBuf> {
    names::check_app_name(&args.name)?;
    let name = args.name.as_str();
    let directory = project.join(name);
    refuse_occupied(&directory)?;
    // The project's files are read before any is written: a manifest that
    // cannot be edited stops the command with nothing changed.
    let plan = install::plan(project, name)?;

    let files = [
        ("Cargo.toml", templates::app_manifest(name)),
        ("build.rs", templates::APP_BUILD.to_owned()),
        ("src/lib.rs", templates::app_lib(name)),
        ("src/models.rs", templates::app_models(name)),
        ("src/admin.rs", templates::APP_ADMIN.to_owned()),
    ];
    write_files(&directory, &files)?;
    let by_hand = plan.apply()?;

    writeln!(
        out,
        "Created app `{name}` in {name}/: its models go in {name}/src/models.rs."
    )?;
    if by_hand.is_empty() {
        writeln!(
            out,
            "Installed it: Cargo.toml (a workspace member and a dependency) and src/main.rs."
        )?;
    } else {
        writeln!(out, "To install it, add by hand:")?;
        for line in by_hand {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(
        out,
        "Next: write a model, then `cargo run -- makemigrations {name}` and `cargo run -- migrate`."
    )?;
    Ok(directory)
}

/// Refuses a path that exists and is not an empty folder.
fn refuse_occupied(directory: &Path) -> Result<()> {
    let occupied = match std::fs::read_dir(directory) {
        Ok(mut entries) => entries.next().is_some(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        // A file, or a folder that cannot be read.
        Err(_) => true,
    };
    if occupied {
        return Err(CommandError::Refused(format!(
            "{} already exists; choose another name or directory",
            directory.display()
        )));
    }
    Ok(())
}

fn write_files(directory: &Path, files: &[(&str, String)]) -> Result<()> {
    for (relative, text) in files {
        let path = directory.join(relative);
        let parent = path.parent().unwrap_or(directory);
        std::fs::create_dir_all(parent).map_err(|source| CommandError::File {
            path: parent.to_path_buf(),
            source,
        })?;
        std::fs::write(&path, text).map_err(|source| CommandError::File { path, source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
