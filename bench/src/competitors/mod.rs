//! The competitors of workloads 1-6, each in its own file, written as a
//! user of that library would write them.

pub mod diesel;
mod ours;
pub mod python;
mod rows;
mod rusqlite;
pub mod sea_orm;
mod sqlx;

use std::path::{Path, PathBuf};

use crate::method::Session;
use crate::workloads::cases::{Case, Workload};
use crate::Result;

/// Where a session's database lives.
#[derive(Clone, Debug)]
pub enum Place {
    Memory,
    File(PathBuf),
}

impl Place {
    /// For a case and competitor: in memory, or a fresh file in `work_dir`
    /// (each competitor its own, made the same way).
    pub fn for_case(case: &Case, competitor: Competitor, work_dir: &Path) -> Result<Place> {
        if !case.on_file() {
            return Ok(Place::Memory);
        }
        let path = work_dir.join(format!("{}-{case}.sqlite3", competitor.key()));
        crate::workloads::remove_sqlite_files(&path)?;
        Ok(Place::File(path))
    }

    /// Diesel's connection string.
    pub fn url(&self) -> String {
        match self {
            Place::Memory => ":memory:".to_owned(),
            Place::File(path) => path.display().to_string(),
        }
    }
}

/// Everyone measured on workloads 1-6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Competitor {
    /// The baseline, 1.0: hand-written Diesel.
    Diesel,
    /// This project's generated code.
    Ours,
    /// Hand-written Diesel's get by key without `LIMIT`: workload 4 only.
    DieselGetResult,
    Rusqlite,
    Sqlx,
    SeaOrm,
    Django,
    PythonSqlite,
}

impl Competitor {
    /// In the order of the report's tables; the baseline first.
    pub const ALL: [Competitor; 8] = [
        Competitor::Diesel,
        Competitor::Ours,
        Competitor::DieselGetResult,
        Competitor::Rusqlite,
        Competitor::Sqlx,
        Competitor::SeaOrm,
        Competitor::Django,
        Competitor::PythonSqlite,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Competitor::Diesel => "diesel",
            Competitor::Ours => "ours",
            Competitor::DieselGetResult => "diesel-get-result",
            Competitor::Rusqlite => "rusqlite",
            Competitor::Sqlx => "sqlx",
            Competitor::SeaOrm => "sea-orm",
            Competitor::Django => "django",
            Competitor::PythonSqlite => "python-sqlite3",
        }
    }

    pub fn parse(key: &str) -> Option<Competitor> {
        Competitor::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Competitor::Diesel => "Diesel, hand-written",
            Competitor::Ours => "this project, generated",
            Competitor::DieselGetResult => "Diesel, `filter().get_result()`",
            Competitor::Rusqlite => "rusqlite, prepared",
            Competitor::Sqlx => "sqlx",
            Competitor::SeaOrm => "SeaORM",
            Competitor::Django => "Django ORM",
            Competitor::PythonSqlite => "Python sqlite3",
        }
    }

    /// Whether it runs in the Python subprocess.
    pub fn is_python(self) -> bool {
        matches!(self, Competitor::Django | Competitor::PythonSqlite)
    }

    /// Whether it takes part in `case`.
    pub fn runs(self, case: &Case) -> bool {
        self != Competitor::DieselGetResult || case.workload == Workload::GetByKey
    }

    /// Sets up `case` on a database of its own and returns the session
    /// that runs it.
    pub fn session(
        self,
        case: &Case,
        work_dir: &Path,
        python: Option<&python::Python>,
    ) -> Result<Box<dyn Session>> {
        let place = Place::for_case(case, self, work_dir)?;
        match self {
            Competitor::Diesel => diesel::session(case, &place, diesel::GetStyle::FindFirst),
            Competitor::DieselGetResult => diesel::session(case, &place, diesel::GetStyle::FilterGetResult),
            Competitor::Ours => ours::session(case, &place),
            Competitor::Rusqlite => rusqlite::session(case, &place),
            Competitor::Sqlx => sqlx::session(case, &place),
            Competitor::SeaOrm => sea_orm::session(case, &place),
            Competitor::Django | Competitor::PythonSqlite => {
                let python = python.ok_or("the Python competitors need the virtual environment")?;
                python.crud_session(self, case, &place)
            }
        }
    }
}
