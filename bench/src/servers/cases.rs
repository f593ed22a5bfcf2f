//! The server workloads: what each one runs, at which sizes, the rows it
//! starts from, and what every competitor must answer.

use std::time::Duration;

use model_runtime::Backend;

use super::fill;
use crate::method::Plan;

/// The operation a case times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// `bulk_create` of many users into an empty table.
    BulkCreate,
    /// Every user into structs.
    Load,
    /// Every post with its user, through the foreign key, in one query.
    Join,
    /// One `get` by primary key each of random keys.
    GetByKey,
    /// One new user, read back with its key.
    InsertOne,
    /// One `save` each of single users, in one transaction.
    Update,
    /// One `delete` each of single users, in one transaction.
    Delete,
    /// A filter, an order and a limit.
    QuerySet,
}

/// The users the query set looks through.
const QUERY_SET_ROWS: usize = 10_000;
const QUICK_QUERY_SET_ROWS: usize = 100;

/// The keys `get` looks up, drawn from the case's users: the same
/// sequence for every competitor.
pub fn random_keys(count: usize) -> Vec<i32> {
    crate::schema::random_keys(count, count)
}

impl Workload {
    pub const ALL: [Workload; 8] = [
        Workload::BulkCreate,
        Workload::Load,
        Workload::Join,
        Workload::GetByKey,
        Workload::InsertOne,
        Workload::Update,
        Workload::Delete,
        Workload::QuerySet,
    ];

    /// The short name of case ids and of the Django worker's requests.
    pub fn key(self) -> &'static str {
        match self {
            Workload::BulkCreate => "bulk",
            Workload::Load => "load",
            Workload::Join => "join",
            Workload::GetByKey => "get",
            Workload::InsertOne => "insert",
            Workload::Update => "update",
            Workload::Delete => "delete",
            Workload::QuerySet => "queryset",
        }
    }

    pub fn sizes(self, quick: bool) -> &'static [usize] {
        match (self, quick) {
            (Workload::BulkCreate, false) => &[100, 100_000],
            (Workload::BulkCreate, true) => &[10, 100],
            (Workload::Load, false) => &[1, 1_000, 10_000],
            (Workload::Load, true) => &[1, 100],
            (Workload::Join, false) => &[1, 10_000],
            (Workload::GetByKey, false) => &[10_000],
            (Workload::Update | Workload::Delete, false) => &[1_000],
            (Workload::Join | Workload::GetByKey | Workload::Update | Workload::Delete, true) => &[20],
            (Workload::InsertOne, _) => &[1],
            (Workload::QuerySet, false) => &[100],
            (Workload::QuerySet, true) => &[10],
        }
    }

    /// What a section of the report calls the workload.
    pub fn heading(self) -> &'static str {
        match self {
            Workload::BulkCreate => "bulk_create",
            Workload::Load => "Load rows into structs",
            Workload::Join => "Posts with their user (foreign-key join)",
            Workload::GetByKey => "Get by primary key",
            Workload::InsertOne => "Insert one row",
            Workload::Update => "Update single rows",
            Workload::Delete => "Delete single rows",
            Workload::QuerySet => "Query set: filter, order, limit",
        }
    }

    /// What one operation is counted in, for throughput.
    pub fn unit(self) -> &'static str {
        match self {
            Workload::BulkCreate | Workload::Load | Workload::Join => "rows",
            Workload::GetByKey => "gets",
            Workload::InsertOne => "inserts",
            Workload::Update => "updates",
            Workload::Delete => "deletes",
            Workload::QuerySet => "queries",
        }
    }

    /// How long and how often to measure: short batches and two rounds
    /// when quick, nothing in them to trust.
    pub fn plan(self, quick: bool) -> Plan {
        match (self, quick) {
            (_, true) => Plan {
                rounds: 2,
                batch: Duration::from_millis(20),
            },
            (Workload::BulkCreate, false) => Plan {
                rounds: 9,
                batch: Duration::from_millis(400),
            },
            // One operation is ten thousand round trips, a second or two
            // for the slower competitors: a batch of one.
            (Workload::GetByKey, false) => Plan {
                rounds: 5,
                batch: Duration::from_millis(150),
            },
            (_, false) => Plan {
                rounds: 7,
                batch: Duration::from_millis(150),
            },
        }
    }
}

/// One workload at one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    pub workload: Workload,
    pub size: usize,
    pub quick: bool,
}

impl Case {
    /// What the case does, on `server`, for the report.
    pub fn title(&self, server: &str) -> String {
        let n = crate::report::thousands(self.size as f64);
        let rows = if self.size == 1 { "row" } else { "rows" };
        match self.workload {
            // The title the first server tables had.
            Workload::BulkCreate => format!("bulk_create of {} rows on {server}", self.size),
            Workload::Load => format!("load {n} {rows} into structs on {server}"),
            Workload::Join if self.size == 1 => format!("1 post with its user on {server}"),
            Workload::Join => format!("{n} posts with their user on {server}"),
            Workload::GetByKey => format!("get by key, {n} random keys, on {server}"),
            Workload::InsertOne => format!("insert one row on {server}"),
            Workload::Update => format!("update {n} single rows on {server}"),
            Workload::Delete => format!("delete {n} single rows on {server}"),
            Workload::QuerySet => format!(
                "filter, order, first {n} of {} rows on {server}",
                crate::report::thousands(self.query_set_rows() as f64)
            ),
        }
    }

    pub fn id(&self, server: &str) -> String {
        format!(
            "servers-{}-{}-{}",
            self.workload.key(),
            server.to_lowercase(),
            self.size
        )
    }

    /// The case on `backend` as the bench's `instructions` child names it.
    pub fn target(&self, backend: Backend) -> String {
        let size = if self.quick { "quick" } else { "full" };
        format!(
            "servers-{}-{}-{}-{size}",
            backend_key(backend),
            self.workload.key(),
            self.size
        )
    }

    /// The case and backend of a [`target`](Case::target).
    pub fn parse_target(target: &str) -> Option<(Backend, Case)> {
        let mut parts = target.strip_prefix("servers-")?.split('-');
        let backend_part = parts.next()?;
        let backend = [Backend::Postgres, Backend::Mysql]
            .into_iter()
            .find(|b| backend_key(*b) == backend_part)?;
        let key = parts.next()?;
        let workload = Workload::ALL.into_iter().find(|w| w.key() == key)?;
        let size = parts.next()?.parse().ok()?;
        let quick = match parts.next()? {
            "quick" => true,
            "full" => false,
            _ => return None,
        };
        parts.next().is_none().then_some((
            backend,
            Case {
                workload,
                size,
                quick,
            },
        ))
    }

    /// Units done by one operation.
    pub fn units(&self) -> usize {
        match self.workload {
            Workload::InsertOne | Workload::QuerySet => 1,
            _ => self.size,
        }
    }

    pub fn query_set_rows(&self) -> usize {
        if self.quick {
            QUICK_QUERY_SET_ROWS
        } else {
            QUERY_SET_ROWS
        }
    }

    /// The names `bulk_create` inserts: `User 0`, `User 1`, ...
    pub fn names(&self) -> Vec<String> {
        match self.workload {
            Workload::BulkCreate => (0..self.size).map(|i| format!("User {i}")).collect(),
            _ => Vec::new(),
        }
    }

    /// The keys `get` looks up.
    pub fn keys(&self) -> Vec<i32> {
        match self.workload {
            Workload::GetByKey => random_keys(self.size),
            _ => Vec::new(),
        }
    }

    /// Run once on each competitor's database before its session starts.
    pub fn setup(&self, backend: Backend) -> Vec<String> {
        let mut statements = fill::clear(backend);
        match self.workload {
            Workload::BulkCreate | Workload::InsertOne => {}
            Workload::Load | Workload::GetByKey | Workload::Update | Workload::Delete => {
                statements.extend(fill::users(self.size))
            }
            Workload::Join => {
                statements.extend(fill::users(self.size));
                statements.extend(fill::posts());
            }
            Workload::QuerySet => statements.extend(fill::users(self.query_set_rows())),
        }
        statements.extend(fill::analyze(backend));
        statements
    }

    /// Run before each timed batch: inserts start from empty tables,
    /// deletes from their rows put back.
    pub fn reset(&self, backend: Backend) -> Vec<String> {
        match self.workload {
            Workload::BulkCreate | Workload::InsertOne => fill::clear(backend),
            Workload::Delete => [fill::clear(backend), fill::users(self.size)].concat(),
            _ => Vec::new(),
        }
    }

    /// What every competitor's operation must answer: rows written or
    /// read, the sum of the keys it read, or the key of the row it made
    /// first after a reset.
    pub fn expected(&self) -> usize {
        match self.workload {
            Workload::GetByKey => self.keys().iter().map(|&k| k as usize).sum(),
            Workload::InsertOne => 1,
            Workload::QuerySet => fill::newest_black_keys(self.query_set_rows(), self.size),
            _ => self.size,
        }
    }

    /// The calls one operation makes, each a statement or more: one a
    /// key, a row to insert, save or delete; one for a batch, a load or a
    /// query set.
    pub fn calls(&self) -> usize {
        match self.workload {
            Workload::GetByKey | Workload::InsertOne | Workload::Update | Workload::Delete => self.units(),
            _ => 1,
        }
    }

    /// Deleted rows come back only with a reset: one pass per batch.
    pub fn one_pass_per_batch(&self) -> bool {
        self.workload == Workload::Delete
    }
}

fn backend_key(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "postgres",
        Backend::Mysql => "mysql",
        Backend::Sqlite => "sqlite",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_is_found_again_from_its_target() {
        for workload in Workload::ALL {
            for quick in [false, true] {
                for &size in workload.sizes(quick) {
                    let case = Case {
                        workload,
                        size,
                        quick,
                    };
                    for backend in [Backend::Postgres, Backend::Mysql] {
                        assert_eq!(Case::parse_target(&case.target(backend)), Some((backend, case)));
                    }
                }
            }
        }
        assert_eq!(Case::parse_target("servers-postgres-get-20-quick-more"), None);
    }
}
