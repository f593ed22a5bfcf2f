//! Rules for the options Django users rely on beyond the schema:
//! `auto_now` and `auto_now_add` exclude each other, `default` and the
//! primary key. (The type each option needs is checked through the
//! runtime's traits, spanned on the option: see `expand/assertions.rs`.)

use crate::ast::Field;
use crate::ctxt::Ctxt;

pub fn check(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    if attrs.auto_now.is_set() && attrs.auto_now_add.is_set() {
        cx.error_spanned_by(
            attrs.auto_now_add.tokens(),
            "`auto_now` and `auto_now_add` cannot both be set: `auto_now` sets the field when the row \
             is created too; keep one",
        );
    }
    let auto = [&attrs.auto_now, &attrs.auto_now_add]
        .into_iter()
        .find(|a| a.is_set())
        .map(|a| a.tokens().map(ToString::to_string).unwrap_or_default());
    let Some(auto) = auto else {
        return;
    };
    if attrs.default.is_set() {
        cx.error_spanned_by(
            attrs.default.tokens(),
            format!(
                "`{auto}` and `default` cannot both be set: `{auto}` gives the field the current time; \
                 keep one"
            ),
        );
    }
    if field.is_primary_key() {
        cx.error_spanned_by(
            attrs.primary_key.tokens(),
            format!("the primary key cannot be `{auto}`: a key is given once, and never changes"),
        );
    }
}
