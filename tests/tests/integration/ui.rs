//! Compile-fail tests: each `ui/<kind>/<what-is-wrong>.rs` must fail to build
//! with exactly the message beside it in `.stderr`; each `ui/pass/*.rs` must
//! build.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/**/*.rs");
    // A later glob overrides an earlier one for the files both match, so the
    // models in `ui/pass/` are expected to build.
    cases.pass("ui/pass/*.rs");
}
