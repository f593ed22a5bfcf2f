//! The operations found so far, each with the app whose migration holds it
//! and the phase that found it, over a working state that already has the
//! renames applied.

use crate::Result;
use crate::{Operation, ProjectState};

/// When an operation runs, before dependencies between operations reorder
/// them: Django's order, which already puts most dependencies first (renames
/// before anything names the new names, removals before additions that may
/// reuse a column or a table, fields before the indexes over them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Phase {
    RenameModel,
    AlterModelTable,
    RenameField,
    RemoveIndex,
    /// Unique groups that no longer exist, dropped while their columns do.
    ShrinkUniqueTogether,
    RemoveField,
    DeleteModel,
    CreateModel,
    AddField,
    AlterField,
    AddIndex,
    /// The unique groups of the target, once their columns exist.
    AlterUniqueTogether,
}

/// One operation and the app whose migration holds it.
pub(super) struct Step {
    pub app: String,
    pub phase: Phase,
    pub op: Operation,
}

pub(super) struct Changes {
    /// The state being migrated, with every rename found so far applied: the
    /// later phases compare it with the target by name.
    pub working: ProjectState,
    pub steps: Vec<Step>,
}

impl Changes {
    pub fn new(from: &ProjectState) -> Changes {
        Changes {
            working: from.clone(),
            steps: Vec::new(),
        }
    }

    /// Records an operation that the later phases need to see applied.
    pub fn apply(&mut self, app: &str, phase: Phase, op: Operation) -> Result<()> {
        op.apply(&mut self.working, app)?;
        self.push(app, phase, op);
        Ok(())
    }

    /// Records an operation computed from the difference alone.
    pub fn push(&mut self, app: &str, phase: Phase, op: Operation) {
        self.steps.push(Step {
            app: app.to_owned(),
            phase,
            op,
        });
    }
}
