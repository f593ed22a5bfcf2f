// Embeds migrations/*.toml in the binaries; a new migration file is picked
// up by the next `cargo run`.
fn main() {
    model_build::embed_migrations();
}
