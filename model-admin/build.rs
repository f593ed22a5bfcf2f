// Embeds migrations/admin in every binary that links
// the crate, so a deployed manage binary creates the built-in tables alone.
fn main() {
    model_build::embed_migrations();
}
