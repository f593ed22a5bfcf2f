use super::*;

/// A fresh folder under the system's temporary one, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("model-scaffold-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn project_args(name: &str, directory: &Path) -> StartprojectArgs {
    StartprojectArgs {
        name: name.into(),
        directory: Some(directory.to_path_buf()),
        model_path: None,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_project_from_this_checkout_takes_its_crates_by_path() {
    let scratch = Scratch::new("checkout");
    let project = scratch.0.join("mysite");
    let mut out = Vec::new();
    startproject(&project_args("mysite", &project), &mut out).unwrap();
    let manifest = read(&project.join("Cargo.toml"));
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let runtime = toml_string(&checkout.join("model-runtime").to_string_lossy());
    assert!(
        manifest.contains(&format!(
            "model-runtime = {{ path = {runtime}, default-features = false }}"
        )),
        "{manifest}"
    );
    let parsed: toml_edit::DocumentMut = manifest.parse().expect("the manifest is TOML");
    assert_eq!(parsed["package"]["name"].as_str(), Some("mysite"));
    assert!(read(&project.join("src/main.rs"))
        .contains("const INSTALLED_APPS: &[&str] = &[\"admin\", \"auth\", \"sessions\"];"));
    assert!(read(&project.join(".env.example")).contains("DATABASE_URL=sqlite://db.sqlite3"));
    assert!(read(&project.join(".gitignore")).contains("/.env"));
    let printed = String::from_utf8(out).unwrap();
    assert!(
        printed.starts_with(&format!("Created project `mysite` in {}.", project.display())),
        "{printed}"
    );
}

#[test]
fn a_project_off_a_checkout_takes_its_crates_from_crates_io() {
    let manifest = templates::project_manifest("mysite", &Dependencies::Registry("0.1".into()));
    assert!(manifest.contains("model-manage = { version = \"0.1\", default-features = false }"));
    assert!(manifest.contains("model-build = \"0.1\""));
    assert_eq!(
        version_requirement(),
        format!("0.{}", env!("CARGO_PKG_VERSION_MINOR"))
    );
}

#[test]
fn a_path_with_quotes_and_backslashes_stays_one_toml_string() {
    let spec = Dependencies::Checkout(PathBuf::from("/odd \"place\"\\x")).spec("model-runtime");
    let parsed: toml_edit::DocumentMut = format!("x = {spec}").parse().unwrap();
    assert_eq!(
        parsed["x"]["path"].as_str(),
        Some("/odd \"place\"\\x/model-runtime")
    );
}

#[test]
fn an_occupied_directory_or_a_bad_name_writes_nothing() {
    let scratch = Scratch::new("occupied");
    std::fs::write(scratch.0.join("notes.txt"), "mine").unwrap();
    let error = startproject(&project_args("mysite", &scratch.0), &mut Vec::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{} already exists; choose another name or directory",
            scratch.0.display()
        )
    );
    assert_eq!(std::fs::read_dir(&scratch.0).unwrap().count(), 1);

    let fresh = scratch.0.join("fresh");
    assert!(startproject(&project_args("My-Site", &fresh), &mut Vec::new()).is_err());
    assert!(!fresh.exists());
}

#[test]
fn a_model_path_that_is_no_checkout_is_refused() {
    let scratch = Scratch::new("no-checkout");
    let args = StartprojectArgs {
        model_path: Some(scratch.0.clone()),
        ..project_args("mysite", &scratch.0.join("mysite"))
    };
    let error = startproject(&args, &mut Vec::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is not a checkout of the model-* crates"),
        "{error}"
    );
}

#[test]
fn an_app_is_written_and_installed_in_the_project() {
    let scratch = Scratch::new("app");
    let project = scratch.0.join("mysite");
    startproject(&project_args("mysite", &project), &mut Vec::new()).unwrap();
    let mut out = Vec::new();
    startapp(&StartappArgs { name: "polls".into() }, &project, &mut out).unwrap();

    for file in [
        "Cargo.toml",
        "build.rs",
        "src/lib.rs",
        "src/models.rs",
        "src/admin.rs",
    ] {
        assert!(project.join("polls").join(file).is_file(), "{file}");
    }
    assert!(read(&project.join("polls/src/lib.rs")).contains("model_runtime::app!(\"polls\");"));
    assert!(read(&project.join("polls/src/models.rs")).contains("#[model(app = \"polls\")]"));
    let manifest: toml_edit::DocumentMut = read(&project.join("Cargo.toml")).parse().unwrap();
    assert_eq!(manifest["workspace"]["members"][0].as_str(), Some("polls"));
    assert_eq!(manifest["dependencies"]["polls"]["path"].as_str(), Some("polls"));
    let main = read(&project.join("src/main.rs"));
    assert!(
        main.contains("use model_shell as _;\nuse polls as _;\n"),
        "{main}"
    );
    assert!(
        main.contains("&[\"admin\", \"auth\", \"sessions\", \"polls\"]"),
        "{main}"
    );
    let printed = String::from_utf8(out).unwrap();
    assert!(printed.contains("Installed it"), "{printed}");

    // The same name again is refused, and changes nothing.
    let error = startapp(&StartappArgs { name: "polls".into() }, &project, &mut Vec::new()).unwrap_err();
    assert!(error
        .to_string()
        .ends_with("already exists; choose another name or directory"));
    assert_eq!(read(&project.join("src/main.rs")), main);
}

#[test]
fn an_app_outside_a_project_gets_the_lines_to_add_by_hand() {
    let scratch = Scratch::new("loose");
    let mut out = Vec::new();
    startapp(&StartappArgs { name: "polls".into() }, &scratch.0, &mut out).unwrap();
    let printed = String::from_utf8(out).unwrap();
    assert!(printed.contains("To install it, add by hand:"), "{printed}");
    assert!(printed.contains("`use polls as _;`"), "{printed}");
    assert!(printed.contains("polls = { path = \"polls\" }"), "{printed}");
}

#[test]
fn a_manifest_that_is_not_toml_stops_startapp_before_it_writes() {
    let scratch = Scratch::new("broken");
    std::fs::write(scratch.0.join("Cargo.toml"), "[workspace\n").unwrap();
    let error = startapp(
        &StartappArgs { name: "polls".into() },
        &scratch.0,
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("cannot be read as TOML"), "{error}");
    assert!(!scratch.0.join("polls").exists());
}
