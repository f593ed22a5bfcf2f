//! The two servers over the same rows: this project's admin router served
//! in-process on a multi-threaded runtime, and Django's admin served by
//! gunicorn's sync workers, one a core, as Django's deployment guide and
//! gunicorn's defaults have it.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use littlelemon::models::{Category, Menu, NewCategory, NewMenu};
use model_manage::{MigrateArgs, Settings};
use model_runtime::prelude::*;

use super::cpu::{self, Meter};
use super::data::{self, Dish};
use crate::Result;

/// The connections the admin's pool holds: `manage runserver`'s number.
const POOL_SIZE: u32 = 8;

/// This project's admin on `127.0.0.1`, until dropped.
pub struct Ours {
    pub address: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Ours {
    /// Migrates a new SQLite file at `db`, inserts `dishes` and the
    /// superuser, and serves Little Lemon's admin over it.
    pub fn start(db: &Path, dishes: &[Dish], username: &str, password: &str) -> Result<Ours> {
        let url = fill_ours(db, dishes, username, password)?;
        let mut site = model_admin::AdminSite::new();
        littlelemon::admin::register(&mut site);
        let app = model_admin::router(site.build()?, model_runtime::pool(url, POOL_SIZE)?);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name(cpu::SERVER_THREADS)
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let address = listener.local_addr()?;
        runtime.spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            if let Err(error) = axum::serve(listener, service).await {
                eprintln!("bench: the admin server stopped: {error}");
            }
        });
        Ok(Ours {
            address,
            runtime: Some(runtime),
        })
    }
}

/// Migrates a new SQLite file at `db` with Little Lemon's manage
/// settings and inserts `dishes` and the superuser; the database's URL.
pub fn fill_ours<'a>(db: &'a Path, dishes: &[Dish], username: &str, password: &str) -> Result<&'a str> {
    let url = db.to_str().ok_or("the database path is not UTF-8")?;
    let settings =
        Settings::new()
            .database_url(url)
            .installed_apps(["admin", "auth", "sessions", "littlelemon"]);
    model_manage::migrate(&settings, &MigrateArgs::default(), &mut std::io::sink())?;
    let mut conn = model_runtime::connect(url)?;
    atomic(&mut conn, |conn| {
        let categories: Vec<NewCategory> = data::CATEGORIES
            .iter()
            .map(|title| NewCategory {
                title: (*title).to_owned(),
            })
            .collect();
        Category::bulk_create(conn, &categories)?;
        let keys: Vec<i64> = Category::objects()
            .order_by(littlelemon::models::category::id.asc())
            .load(conn)?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let rows = dishes
            .iter()
            .map(|d| {
                Ok(NewMenu {
                    title: d.title.clone(),
                    price: d.price.parse::<Decimal>()?,
                    inventory: d.inventory,
                    category_id: keys[d.category],
                    description: d.description.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Menu::bulk_create(conn, &rows)?;
        model_auth::create_superuser(conn, username, "", password)?;
        Ok::<_, crate::Error>(())
    })?;
    Ok(url)
}

impl Ours {
    /// The server's threads: its runtime's workers and blocking threads.
    pub fn meter(&self) -> Meter {
        Meter::Threads(cpu::SERVER_THREADS)
    }
}

impl Drop for Ours {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Django's admin under gunicorn, until dropped.
pub struct Django {
    pub address: SocketAddr,
    child: Child,
}

/// The versions the report names.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct DjangoVersions {
    pub python: String,
    pub django: String,
    pub gunicorn: String,
}

impl Django {
    /// Makes Django's database at `db` with [`fill_django`] and starts
    /// `workers` gunicorn sync workers.
    pub fn start(
        venv: &Path,
        work_dir: &Path,
        db: &Path,
        dishes: &[Dish],
        username: &str,
        password: &str,
        workers: usize,
    ) -> Result<Django> {
        fill_django(venv, work_dir, db, dishes, username, password)?;
        let django_dir = django_dir();
        let port = free_port()?;
        let address: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let log = std::fs::File::create(work_dir.join("gunicorn.log"))?;
        let child = Command::new(venv.join("bin").join("gunicorn"))
            .args(["--workers", &workers.to_string(), "--bind", &address.to_string()])
            .arg("benchproject.wsgi")
            .current_dir(&django_dir)
            .env("BENCH_ADMIN_DB", db)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let mut django = Django { address, child };
        django.wait_ready(work_dir)?;
        Ok(django)
    }

    /// gunicorn's master and its workers.
    pub fn meter(&self) -> Meter {
        Meter::Family(self.child.id())
    }

    fn wait_ready(&mut self, work_dir: &Path) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!(
                    "gunicorn exited ({status}); its log is {}",
                    work_dir.join("gunicorn.log").display()
                )
                .into());
            }
            if std::net::TcpStream::connect(self.address).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("gunicorn did not listen on {} within 30 s", self.address).into())
    }

    /// Python's, Django's and gunicorn's versions in `venv`.
    pub fn versions(venv: &Path) -> Result<DjangoVersions> {
        let output = Command::new(venv.join("bin").join("python"))
            .arg("-c")
            .arg("import django, gunicorn, platform; print(platform.python_version(), django.get_version(), gunicorn.__version__)")
            .output()?;
        let text = String::from_utf8(output.stdout)?;
        let mut words = text.split_whitespace().map(str::to_owned);
        let mut next = || words.next().unwrap_or_default();
        Ok(DjangoVersions {
            python: next(),
            django: next(),
            gunicorn: next(),
        })
    }
}

impl Drop for Django {
    fn drop(&mut self) {
        // SIGTERM would let gunicorn stop its workers gracefully; SIGKILL
        // of the master leaves them to exit when they notice it is gone,
        // so ask the master nicely first.
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes Django's database at `db` with `admin_setup.py`: migrate, the
/// rows, the superuser.
pub fn fill_django(
    venv: &Path,
    work_dir: &Path,
    db: &Path,
    dishes: &[Dish],
    username: &str,
    password: &str,
) -> Result<()> {
    let rows = work_dir.join("admin-rows.json");
    std::fs::write(&rows, data::to_json(dishes, username, password).to_string())?;
    let status = Command::new(venv.join("bin").join("python"))
        .arg(django_dir().join("admin_setup.py"))
        .arg(&rows)
        .current_dir(django_dir())
        .env("BENCH_ADMIN_DB", db)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(format!("bench/django/admin_setup.py failed: {status}").into());
    }
    Ok(())
}

pub fn django_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("django")
}

/// A port nothing listens on now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
