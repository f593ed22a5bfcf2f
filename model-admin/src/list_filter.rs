//! The change list's sidebar (Django's `list_filter`): for each field
//! named, "All" and the values to narrow the list to, as links; and the
//! filters the active links stand for.

use model_runtime::chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use model_runtime::dynamic::{DynFilter, DynQuery};
use model_runtime::schema::{Column, ColumnType};
use model_runtime::{Connection, Value};
use serde::Serialize;

use crate::list_params::ListParams;
use crate::{listing, AdminError, ModelEntry};

/// Target rows a foreign key's filter lists at most, as a select box
/// would hold before it becomes a burden.
const MAX_TARGETS: u64 = 100;

/// One filter of the sidebar.
#[derive(Debug, Serialize)]
pub(crate) struct FilterSpec {
    /// "By vegan".
    pub title: String,
    pub choices: Vec<FilterChoice>,
}

/// One link of a filter.
#[derive(Debug, Serialize)]
pub(crate) struct FilterChoice {
    pub label: String,
    pub href: String,
    pub selected: bool,
}

/// What a field offers to filter by.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    ForeignKey,
    Choices,
    Bool,
    Date,
}

impl Kind {
    /// The kind of a field `AdminSite::build` accepted in `list_filter`.
    fn of(column: &Column) -> Option<Kind> {
        if column.foreign_key.is_some() {
            Some(Kind::ForeignKey)
        } else if !column.choices.is_empty() {
            Some(Kind::Choices)
        } else {
            match column.ty {
                ColumnType::Bool => Some(Kind::Bool),
                ColumnType::Date | ColumnType::DateTime | ColumnType::DateTimeUtc => Some(Kind::Date),
                _ => None,
            }
        }
    }

    /// The lookups its links use, after `field__`.
    fn lookups(self) -> &'static [&'static str] {
        match self {
            Kind::Date => &["gte", "lt", "isnull"],
            _ => &["exact", "isnull"],
        }
    }
}

/// The filter fields with their columns and kinds.
fn fields(entry: &ModelEntry) -> impl Iterator<Item = (&str, &'static Column, Kind)> {
    let schema = entry.schema();
    entry.options().list_filter.iter().filter_map(move |field| {
        let column = schema.field(field)?;
        Some((field.as_str(), column, Kind::of(column)?))
    })
}

/// The field a lookup key is about: `vegan` of `vegan__exact`.
pub(crate) fn field_of(key: &str) -> &str {
    key.rsplit_once("__").map_or(key, |(field, _)| field)
}

/// The lookups of the request that name a filter field and parse, each
/// value written as the sidebar's links write it.
pub(crate) fn lookups<'a>(
    entry: &ModelEntry,
    get: &dyn Fn(&str) -> Option<&'a str>,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (field, column, kind) in fields(entry) {
        for lookup in kind.lookups() {
            let key = format!("{field}__{lookup}");
            if let Some(value) = get(&key).and_then(|raw| normalized(column, lookup, raw)) {
                found.push((key, value));
            }
        }
    }
    found
}

/// A lookup's value in its one spelling, or `None` when it does not parse.
fn normalized(column: &Column, lookup: &str, raw: &str) -> Option<String> {
    match lookup {
        // `__isnull=False` has no filter to stand for here: dropped.
        "isnull" => matches!(raw.trim(), "True" | "true" | "1").then(|| "True".to_owned()),
        "exact" => match Value::parse(column.ty, raw).ok()? {
            Value::Null => None,
            Value::Bool(yes) => Some(if yes { "1" } else { "0" }.to_owned()),
            value => Some(value.to_string()),
        },
        "gte" | "lt" => day(raw).map(|d| d.to_string()),
        _ => None,
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The query filters the active lookups stand for.
pub(crate) fn filters(entry: &ModelEntry, params: &ListParams) -> Vec<DynFilter> {
    let mut filters = Vec::new();
    for (field, column, _) in fields(entry) {
        let (mut from, mut until) = (None, None);
        for (key, value) in params.lookups_of(field) {
            match key.rsplit_once("__").map(|(_, lookup)| lookup) {
                Some("exact") => {
                    if let Ok(value) = Value::parse(column.ty, &value) {
                        filters.push(DynFilter::Equals(field.to_owned(), value));
                    }
                }
                Some("isnull") => filters.push(DynFilter::Equals(field.to_owned(), Value::Null)),
                Some("gte") => from = day(&value).map(|d| date_value(column, d)),
                Some("lt") => until = day(&value).map(|d| date_value(column, d)),
                _ => {}
            }
        }
        if from.is_some() || until.is_some() {
            filters.push(DynFilter::Range(field.to_owned(), from, until));
        }
    }
    filters
}

/// Midnight of `day` as a value of the column (UTC for an instant).
fn date_value(column: &Column, day: NaiveDate) -> Value {
    let midnight = day.and_time(NaiveTime::MIN);
    match column.ty {
        ColumnType::DateTime => Value::DateTime(midnight),
        ColumnType::DateTimeUtc => Value::DateTimeUtc(Utc.from_utc_datetime(&midnight)),
        _ => Value::Date(day),
    }
}

/// The sidebar: each filter's links, the active one selected.
pub(crate) fn sidebar(
    conn: &mut Connection,
    entry: &ModelEntry,
    params: &ListParams,
) -> Result<Vec<FilterSpec>, AdminError> {
    let mut specs = Vec::new();
    for (field, column, kind) in fields(entry) {
        let mut options: Vec<(String, Vec<(String, String)>)> = Vec::new();
        let exact = |value: String| vec![(format!("{field}__exact"), value)];
        match kind {
            Kind::Bool => {
                options.push(("All".into(), vec![]));
                options.push(("Yes".into(), exact("1".into())));
                options.push(("No".into(), exact("0".into())));
            }
            Kind::Choices => {
                options.push(("All".into(), vec![]));
                for choice in column.choices.iter() {
                    options.push((choice.label.to_string(), exact(choice.value.to_string())));
                }
            }
            Kind::ForeignKey => {
                options.push(("All".into(), vec![]));
                for (label, value) in targets(conn, column)? {
                    options.push((label, exact(value)));
                }
            }
            Kind::Date => options.extend(date_options(field, Utc::now().date_naive())),
        }
        if column.nullable {
            let label = match kind {
                Kind::Bool => "Unknown",
                Kind::Date => "No date",
                _ => "Empty",
            };
            options.push((label.into(), vec![(format!("{field}__isnull"), "True".into())]));
        }
        let active = params.lookups_of(field);
        let choices = options
            .into_iter()
            .map(|(label, lookups)| FilterChoice {
                href: params.with_lookups(field, &lookups).href(),
                selected: lookups == active,
                label,
            })
            .collect();
        specs.push(FilterSpec {
            title: format!("By {}", listing::field_label(field)),
            choices,
        });
    }
    Ok(specs)
}

/// Django's `DateFieldListFilter`: any date, today, the past seven days,
/// this month, this year; each a range from midnight to midnight.
fn date_options(field: &str, today: NaiveDate) -> Vec<(String, Vec<(String, String)>)> {
    let tomorrow = today + Days::new(1);
    let month = today.with_day(1).unwrap_or(today);
    let year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let range = |from: NaiveDate, until: NaiveDate| {
        vec![
            (format!("{field}__gte"), from.to_string()),
            (format!("{field}__lt"), until.to_string()),
        ]
    };
    vec![
        ("Any date".into(), vec![]),
        ("Today".into(), range(today, tomorrow)),
        ("Past 7 days".into(), range(today - Days::new(7), tomorrow)),
        ("This month".into(), range(month, month + Months::new(1))),
        ("This year".into(), range(year, year + Months::new(12))),
    ]
}

/// The rows a foreign key may point at, the first [`MAX_TARGETS`] by key:
/// each one's text and the value of the column pointed at.
fn targets(conn: &mut Connection, column: &Column) -> Result<Vec<(String, String)>, AdminError> {
    let Some(key) = &column.foreign_key else {
        return Ok(Vec::new());
    };
    let Some(target) = model_runtime::registry::foreign_key_target(key) else {
        return Ok(Vec::new());
    };
    let query = DynQuery {
        limit: Some(MAX_TARGETS),
        ..DynQuery::default()
    };
    let rows = target.filter(conn, &query)?;
    Ok(rows
        .iter()
        .map(|row| {
            let value = row.get(&key.column).map_or_else(String::new, |v| v.to_string());
            (listing::row_text(row), value)
        })
        .collect())
}
