// Embeds migrations/auth and migrations/sessions in every binary that links
// the crate, so a deployed manage binary creates the built-in tables alone.
fn main() {
    model_build::embed_migrations();
}
