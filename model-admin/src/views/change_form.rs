//! The add and change forms: drawing one, and saving what it sends.

use axum::response::{Html, IntoResponse, Response};
use model_runtime::{Connection, Row};

use super::object::{change_url, Staff};
use crate::form::{
    editable_columns, many_to_many_fields, object_text, Button, FormErrors, FormField, Posted, Shown,
};
use crate::{log, messages, views, web, AdminError};

/// Which form a page draws.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Add,
    Change,
    /// The change form of a user with only the `view` permission.
    View,
}

/// Draws the form over `row` (none when adding), showing `typed` values
/// instead when a submission is sent back with `errors`.
pub(crate) fn render(
    conn: &mut Connection,
    staff: &mut Staff<'_>,
    mode: Mode,
    row: Option<&Row>,
    typed: Option<&Posted>,
    errors: &FormErrors,
) -> Result<Response, AdminError> {
    let entry = staff.entry;
    let schema = entry.schema();
    let mut fields = Vec::new();
    for column in editable_columns(schema) {
        let shown = match typed {
            Some(posted) if column.ty != model_runtime::schema::ColumnType::Bool || column.nullable => {
                Shown::Typed(posted.get(&column.field))
            }
            Some(posted) => Shown::Typed(Some(if posted.get(&column.field).is_some() {
                "true"
            } else {
                "false"
            })),
            None => Shown::Stored(row.and_then(|r| r.get(&column.field))),
        };
        let mut field = FormField::new(conn, column, shown, entry.options(), mode == Mode::View)?;
        field.error = errors.fields.get(&*column.field).cloned();
        fields.push(field);
    }
    for many in many_to_many_fields(schema) {
        let selected = match (typed, row) {
            (Some(posted), _) => posted.all(&many.name).into_iter().map(str::to_owned).collect(),
            (None, Some(row)) => many.linked(conn, row.primary_key())?,
            (None, None) => Vec::new(),
        };
        let mut field = FormField::many(&many.name, many.options(conn)?, selected, mode == Mode::View);
        field.error = errors.fields.get(&many.name).cloned();
        fields.push(field);
    }
    let verb = match mode {
        Mode::Add => "Add",
        Mode::Change => "Change",
        Mode::View => "View",
    };
    let model_name = views::singular(&schema.name);
    let may_add = staff.may(conn, "add")?;
    let may_delete = mode == Mode::Change && staff.may(conn, "delete")?;
    let object = row.map(|r| (object_text(r), change_url(entry, r.primary_key())));
    let notes = messages::take(conn, &mut staff.session)?;
    let html = staff.site.render(
        "admin/change_form.html",
        minijinja::context! {
            title => format!("{verb} {model_name}"),
            app => &*schema.app,
            model_name,
            model_name_plural => views::plural(&schema.name).to_lowercase(),
            list_url => format!("/admin/{}/", entry.url_path()),
            object_text => object.as_ref().map(|(text, _)| text.clone()),
            object_url => object.as_ref().map(|(_, url)| url.clone()),
            adding => mode == Mode::Add,
            read_only => mode == Mode::View,
            may_add,
            may_delete,
            fields,
            has_errors => !errors.is_empty(),
            error_count => errors.fields.len(),
            general_errors => &errors.general,
            messages => notes,
            user => &staff.user.username,
            csrf_token => &staff.token,
        },
    )?;
    Ok(Html(html).into_response())
}

/// What a submission came to.
pub(crate) enum Saved {
    /// Written; the row as it is now.
    Row(Row),
    /// Refused: the errors, to show with what was typed.
    Refused(FormErrors),
}

/// Adds a row from `posted`, logging the addition, in one transaction.
pub(crate) fn add(conn: &mut Connection, staff: &Staff<'_>, posted: &Posted) -> Result<Saved, AdminError> {
    let entry = staff.entry;
    let (inputs, mut errors) = posted.inputs(entry.schema(), entry.options());
    let refs: Vec<(&str, &str)> = inputs.iter().map(|(f, t)| (*f, t.as_str())).collect();
    if !errors.is_empty() {
        // Also what the model finds in the rest, so every error shows at once.
        if let Err(refusal) = entry.model().validate_inputs(&refs) {
            merge(&mut errors, FormErrors::from_refusal(refusal)?);
        }
        return Ok(Saved::Refused(errors));
    }
    let user_id = staff.user.id;
    let outcome = model_runtime::atomic(conn, |conn| -> Result<Row, model_runtime::Error> {
        let row = entry.model().create(conn, &refs)?;
        set_many(conn, &row, posted)?;
        record(conn, user_id, &row, log::ActionFlag::Addition, "Added.")?;
        Ok(row)
    });
    settle(outcome)
}

/// Changes the row from `posted`, logging what changed, in one transaction.
pub(crate) fn change(
    conn: &mut Connection,
    staff: &Staff<'_>,
    before: &Row,
    posted: &Posted,
) -> Result<Saved, AdminError> {
    let entry = staff.entry;
    let (inputs, errors) = posted.inputs(entry.schema(), entry.options());
    if !errors.is_empty() {
        return Ok(Saved::Refused(errors));
    }
    let refs: Vec<(&str, &str)> = inputs.iter().map(|(f, t)| (*f, t.as_str())).collect();
    let user_id = staff.user.id;
    let key = before.primary_key().clone();
    let outcome = model_runtime::atomic(conn, |conn| -> Result<Row, model_runtime::Error> {
        let after = entry.model().update(conn, &key, &refs)?;
        let linked = set_many(conn, &after, posted)?;
        let message = super::object::change_message(before, &after, &linked);
        record(conn, user_id, &after, log::ActionFlag::Change, &message)?;
        Ok(after)
    });
    settle(outcome)
}

/// Links `row` to the targets each many-to-many field chose; the fields
/// whose links changed.
fn set_many(conn: &mut Connection, row: &Row, posted: &Posted) -> Result<Vec<String>, model_runtime::Error> {
    let mut changed = Vec::new();
    for many in many_to_many_fields(row.schema()) {
        if many.set(conn, row.primary_key(), &posted.all(&many.name))? {
            changed.push(many.name);
        }
    }
    Ok(changed)
}

fn settle(outcome: Result<Row, model_runtime::Error>) -> Result<Saved, AdminError> {
    match outcome {
        Ok(row) => Ok(Saved::Row(row)),
        Err(error) => Ok(Saved::Refused(FormErrors::from_refusal(error)?)),
    }
}

fn merge(into: &mut FormErrors, more: FormErrors) {
    for (field, message) in more.fields {
        into.field(&field, message);
    }
    into.general.extend(more.general);
}

/// Writes the log entry of an action on `row`.
pub(crate) fn record(
    conn: &mut Connection,
    user_id: i64,
    row: &Row,
    flag: log::ActionFlag,
    message: &str,
) -> Result<(), model_runtime::Error> {
    let schema = row.schema();
    log::record(
        conn,
        log::Action {
            user_id,
            app_label: &schema.app,
            model: &schema.name,
            object_id: &crate::form::cell(row.primary_key()),
            object_repr: &object_text(row),
            flag,
            message,
        },
    )
    .map(drop)
}

/// Where a saved form goes, with Django's message on the way.
pub(crate) fn after_save(
    conn: &mut Connection,
    staff: &mut Staff<'_>,
    row: &Row,
    added: bool,
    button: Button,
) -> Result<Response, AdminError> {
    let entry = staff.entry;
    let name = views::singular(&entry.schema().name);
    let verb = if added { "added" } else { "changed" };
    let text = object_text(row);
    let (note, location) = match button {
        Button::Save => (
            format!("The {name} “{text}” was {verb} successfully."),
            format!("/admin/{}/", entry.url_path()),
        ),
        Button::AddAnother => (
            format!("The {name} “{text}” was {verb} successfully. You may add another {name} below."),
            format!("/admin/{}/add/", entry.url_path()),
        ),
        Button::Continue => (
            format!("The {name} “{text}” was {verb} successfully. You may edit it again below."),
            change_url(entry, row.primary_key()),
        ),
    };
    messages::add(conn, &mut staff.session, &note)?;
    Ok(web::redirect(&location))
}
