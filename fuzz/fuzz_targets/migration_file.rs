//! Any text read as a migration file is a migration or an error, never a
//! crash; a migration read is written back to a text that reads as the
//! same migration, and the same text again. Its operations are replayed
//! into a state, as `migrate` and `makemigrations` do, without a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model_migrations::{Migration, MigrationGraph};

fuzz_target!(|text: &str| {
    let Ok(migration) = Migration::parse("0001_fuzz", text) else {
        return;
    };
    let written = migration.to_toml();
    let again = match Migration::parse("0001_fuzz", &written) {
        Ok(again) => again,
        Err(error) => panic!("the written text does not read back: {error}\n{written}"),
    };
    // Debug rather than ==: a NaN default is the same NaN, though not equal.
    assert_eq!(format!("{again:?}"), format!("{migration:?}"), "{written}");
    assert_eq!(again.to_toml(), written);
    let _ = migration.checksum();
    for operation in &migration.operations {
        let _ = (operation.to_string(), operation.name_fragment());
    }
    if let Ok(graph) = MigrationGraph::new([migration]) {
        let _ = graph.final_state();
    }
});
