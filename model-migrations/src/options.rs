//! How `migrate` runs its steps, and what became of each: plain data the
//! executor and its preflight share.

/// How `migrate` runs its steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MigrateOptions {
    /// Record the migrations as applied (or unapplied) without running them.
    pub fake: bool,
    /// Record an initial migration as applied without running it when every
    /// table it creates is already there, with its columns.
    pub fake_initial: bool,
}

/// What happened to one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The migration ran and was recorded.
    Applied,
    /// The migration was undone and its record removed.
    Unapplied,
    /// Recorded (or forgotten) without running, as `--fake` asked.
    Faked,
    /// Recorded without running: its tables were already there.
    FakedInitial,
    /// Nothing to do: another process applied (or unapplied) it while this
    /// one waited for the lock.
    AlreadyDone,
}
