//! What a run found: one table per case, one row per competitor, each with
//! its time per operation in every round and its ratio to the table's
//! reference row in the same round.

use serde::{Deserialize, Serialize};

use crate::method::Spread;

/// One competitor's figures in one case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    /// Seconds per operation, one value per round, in round order.
    pub seconds: Vec<f64>,
    /// Instructions per operation, from callgrind, when counted.
    pub instructions: Option<f64>,
    /// Statements a call, as the database server counted them, when
    /// counted (`round_trips`).
    #[serde(default)]
    pub statements: Option<f64>,
}

impl Row {
    pub fn new(name: impl Into<String>, seconds: Vec<f64>) -> Row {
        Row {
            name: name.into(),
            seconds,
            instructions: None,
            statements: None,
        }
    }

    pub fn time(&self) -> Option<Spread> {
        Spread::of(&self.seconds)
    }
}

/// One case: its rows and the row the others are divided by.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Table {
    /// The workload number.
    pub workload: u8,
    /// A short id (`load-1000`), for the chart and for looking tables up.
    pub id: String,
    pub title: String,
    /// What one operation does, in units (`10000` rows): for throughput.
    pub units_per_op: f64,
    pub unit: String,
    pub reference: String,
    pub rows: Vec<Row>,
    /// What the reader should know about how this case was measured.
    pub notes: Vec<String>,
}

impl Table {
    pub fn row(&self, name: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.name == name)
    }

    /// `numerator`'s time over `denominator`'s, round by round.
    pub fn ratio(&self, numerator: &str, denominator: &str) -> Option<Spread> {
        let (a, b) = (self.row(numerator)?, self.row(denominator)?);
        let ratios: Vec<f64> = a.seconds.iter().zip(&b.seconds).map(|(x, y)| x / y).collect();
        Spread::of(&ratios)
    }

    /// A row's time over the reference's, round by round.
    pub fn ratio_to_reference(&self, name: &str) -> Option<Spread> {
        self.ratio(name, &self.reference)
    }

    /// A row's instructions over the reference's.
    pub fn instruction_ratio(&self, name: &str) -> Option<f64> {
        Some(self.row(name)?.instructions? / self.row(&self.reference)?.instructions?)
    }
}

/// Every table of a run, in workload order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Results {
    pub tables: Vec<Table>,
}
