//! Workloads 1 to 6: what each one runs, at which sizes, on which kind of
//! database, and the SQL that prepares its database.

use std::fmt;

use crate::schema;

/// The operation a case times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Workload {
    /// 1: load every user into structs.
    Load,
    /// 2: users left-joined to their posts through the foreign key,
    /// filtered on hair colour (diesel's "medium complex query").
    Join,
    /// 3: insert a batch of users in one statement.
    InsertBatch,
    /// 3: `bulk_create` of many users into a file database in WAL mode.
    BulkCreate,
    /// 4: get users by primary key, random keys.
    GetByKey,
    /// 5: users, their posts, the posts' comments, as nested structs.
    Prefetch,
    /// 6: update single rows, one statement each, file database.
    Update,
    /// 6: delete single rows, one statement each, file database.
    Delete,
}

impl Workload {
    pub const ALL: [Workload; 8] = [
        Workload::Load,
        Workload::Join,
        Workload::InsertBatch,
        Workload::BulkCreate,
        Workload::GetByKey,
        Workload::Prefetch,
        Workload::Update,
        Workload::Delete,
    ];

    /// The short name used in case ids and by the Python worker.
    pub fn key(self) -> &'static str {
        match self {
            Workload::Load => "load",
            Workload::Join => "join",
            Workload::InsertBatch => "insert",
            Workload::BulkCreate => "bulk",
            Workload::GetByKey => "get",
            Workload::Prefetch => "prefetch",
            Workload::Update => "update",
            Workload::Delete => "delete",
        }
    }

    /// The number of the workload.
    pub fn number(self) -> u8 {
        match self {
            Workload::Load => 1,
            Workload::Join => 2,
            Workload::InsertBatch | Workload::BulkCreate => 3,
            Workload::GetByKey => 4,
            Workload::Prefetch => 5,
            Workload::Update | Workload::Delete => 6,
        }
    }

    /// Sizes of a full run: diesel's own suite's where it has the workload.
    pub fn full_sizes(self) -> &'static [usize] {
        match self {
            Workload::Load => &[1, 1_000, 10_000],
            Workload::Join => &[1, 10_000],
            Workload::InsertBatch => &[1, 100],
            Workload::BulkCreate => &[100_000],
            Workload::GetByKey => &[10_000],
            Workload::Prefetch => &[9],
            Workload::Update | Workload::Delete => &[1_000],
        }
    }

    /// Sizes of the quick run: enough to run every line of every competitor.
    pub fn quick_sizes(self) -> &'static [usize] {
        match self {
            Workload::Load | Workload::Join => &[1, 100],
            Workload::InsertBatch => &[1, 10],
            Workload::BulkCreate => &[1_000],
            Workload::GetByKey => &[100],
            Workload::Prefetch => &[9],
            Workload::Update | Workload::Delete => &[50],
        }
    }
}

/// One workload at one size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Case {
    pub workload: Workload,
    pub size: usize,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.workload.key(), self.size)
    }
}

impl Case {
    /// A case from its id, `load-1000`.
    pub fn parse(id: &str) -> Option<Case> {
        let (key, size) = id.split_once('-')?;
        let workload = Workload::ALL.into_iter().find(|w| w.key() == key)?;
        Some(Case {
            workload,
            size: size.parse().ok()?,
        })
    }

    /// What the case does, for the report.
    pub fn title(&self) -> String {
        let n = crate::report::thousands(self.size as f64);
        let (rows, users) = if self.size == 1 {
            ("row", "user")
        } else {
            ("rows", "users")
        };
        match self.workload {
            Workload::Load => format!("load {n} {rows} into structs"),
            Workload::Join => format!("left join through the foreign key, {n} {users}"),
            Workload::InsertBatch => format!("insert {n} {rows} in one statement"),
            Workload::BulkCreate => format!("bulk_create {n} rows, file, WAL"),
            Workload::GetByKey => format!("get by primary key, {n} random keys"),
            Workload::Prefetch => {
                let (posts, comments) = (self.size * 10, self.size * 100);
                format!("users, posts, comments {n} / {posts} / {comments}")
            }
            Workload::Update => format!("update {n} single rows, file, WAL"),
            Workload::Delete => format!("delete {n} single rows, file, WAL"),
        }
    }

    /// What one operation is counted in, for throughput.
    pub fn unit(&self) -> &'static str {
        match self.workload {
            Workload::Load | Workload::Join | Workload::InsertBatch | Workload::BulkCreate => "rows",
            Workload::GetByKey => "gets",
            Workload::Prefetch => "loads",
            Workload::Update => "updates",
            Workload::Delete => "deletes",
        }
    }

    /// Units done by one operation.
    pub fn units(&self) -> usize {
        match self.workload {
            Workload::Prefetch => 1,
            // Half the users have black hair, each with one post.
            Workload::Join => self.size.div_ceil(2),
            _ => self.size,
        }
    }

    /// Whether the case runs on a database file (WAL) rather than in memory.
    pub fn on_file(&self) -> bool {
        matches!(
            self.workload,
            Workload::BulkCreate | Workload::Update | Workload::Delete
        )
    }

    /// Whether the time is mostly CPU, so that callgrind's instruction
    /// counts say the same as the clock, free of machine load: the issue's
    /// workloads 1, 2, 3 (small batches), 4 and 5. The file workloads are
    /// counted too, for the CPU side of their work.
    pub fn cpu_bound(&self) -> bool {
        !self.on_file()
    }

    /// Tables and rows the case starts from.
    pub fn setup_sql(&self) -> String {
        let rows = match self.workload {
            Workload::Load => schema::insert_users(self.size, false),
            Workload::Join => schema::insert_users(self.size, true) + schema::insert_posts(1).as_str(),
            Workload::InsertBatch | Workload::BulkCreate => String::new(),
            Workload::GetByKey | Workload::Update | Workload::Delete => schema::insert_users(self.size, true),
            Workload::Prefetch => {
                schema::insert_users(self.size, true)
                    + schema::insert_posts(10).as_str()
                    + schema::insert_comments(10).as_str()
            }
        };
        format!("{}{}\n{rows}", schema::PRAGMAS, schema::create_tables())
    }

    /// Run before each timed batch: inserts start from empty tables (the
    /// WAL checkpointed), deletes from their rows put back.
    pub fn reset_sql(&self) -> Option<String> {
        match self.workload {
            Workload::InsertBatch => Some(schema::CLEAR.to_owned()),
            Workload::BulkCreate => Some(format!("{} PRAGMA wal_checkpoint(TRUNCATE);", schema::CLEAR)),
            Workload::Delete => Some(format!(
                "{} {} PRAGMA wal_checkpoint(TRUNCATE);",
                schema::CLEAR,
                schema::insert_users(self.size, true)
            )),
            _ => None,
        }
    }

    /// The rows an insert case writes: `User 0`, `User 1`, ..., all with
    /// the same hair colour.
    pub fn new_user_names(&self) -> Vec<String> {
        (0..self.size).map(|i| format!("User {i}")).collect()
    }
}

/// The hair colour of inserted rows, diesel's suite's.
pub const INSERTED_HAIR: &str = "hair_color";

/// The hair colour the join filters on.
pub const JOINED_HAIR: &str = "black";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_id_reads_back_as_the_same_case() {
        let case = Case {
            workload: Workload::GetByKey,
            size: 10_000,
        };
        assert_eq!(Case::parse(&case.to_string()), Some(case));
    }
}
