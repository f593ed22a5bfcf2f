//! Queries over a model's rows chosen at run time, by field name: what the
//! admin's change list filters, searches, sorts and pages with.

use crate::schema::{Column, ColumnType, ModelSchema};
use crate::{Error, Result, Value};

/// A query over a model's rows built at run time, by field name: its
/// filters (all must hold), its ordering, and a slice.
///
/// Run it with [`DynModel::filter`](super::DynModel::filter) and count it
/// with [`DynModel::count_filtered`](super::DynModel::count_filtered).
/// Fields are named as the Rust struct names them. Every value is sent as a
/// bound parameter; no value is ever written into the SQL text.
///
/// The primary key is appended to the ordering as a tie-breaker, so pages
/// never overlap. `NULL` sorts before every value (first ascending, last
/// descending) on every backend, as SQLite and MySQL sort it.
///
/// ```
/// use model_runtime::dynamic::{DynFilter, DynQuery};
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "dyn_query_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 20)]
///     pub name: String,
///     pub portions: i32,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// let dish = model_runtime::registry::find_model("dyn_query_doc.Dish").unwrap();
/// dish.create_table(&mut conn)?;
/// for (name, portions) in [("Lemon soup", "2"), ("Pasta", "4"), ("Lemon tart", "8")] {
///     dish.create(&mut conn, &[("name", name), ("portions", portions)])?;
/// }
/// let query = DynQuery {
///     filters: vec![DynFilter::ContainsAny(vec!["name".into()], "LEMON".into())],
///     order: vec![("portions".into(), true)],
///     limit: Some(1),
///     offset: 0,
/// };
/// let rows = dish.filter(&mut conn, &query)?;
/// assert_eq!(rows[0].get("name"), Some(&Value::Text("Lemon tart".into())));
/// assert_eq!(dish.count_filtered(&mut conn, &query)?, 2);
/// # Ok::<(), model_runtime::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DynQuery {
    /// The conditions a row must all meet.
    pub filters: Vec<DynFilter>,
    /// `(field name, descending)`, the first sorting first; the primary key
    /// is appended as a tie-breaker.
    pub order: Vec<(String, bool)>,
    /// At most this many rows; `None` for all of them.
    pub limit: Option<u64>,
    /// The number of rows skipped first.
    pub offset: u64,
}

/// One condition of a [`DynQuery`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DynFilter {
    /// `field = value`; a `NULL` value means `IS NULL`.
    Equals(String, Value),
    /// `field IN (values)`; no value matches no row, a `NULL` value
    /// matches `NULL`.
    In(String, Vec<Value>),
    /// The word is in at least one of the fields' text, ignoring case:
    /// Django's `icontains`, ORed over the fields. `%`, `_` and every other
    /// character stand for themselves. The fields must be text fields.
    ///
    /// Case is ignored for every letter on PostgreSQL and MySQL; SQLite's
    /// `LOWER()` folds ASCII letters only, so there `é` does not match `É`
    /// (Django on SQLite has the same limit).
    ContainsAny(Vec<String>, String),
    /// `field >= from` and `field < until`, either bound open: a date
    /// filter's range.
    Range(String, Option<Value>, Option<Value>),
    /// `field < value`, `<=`, `>` or `>=`: Django's `lt`, `lte`, `gt` and
    /// `gte`. A `NULL` field compares with nothing.
    Compare(String, Comparison, Value),
    /// The field's text matches `text` as [`TextMatch`] says, every
    /// character standing for itself: Django's `contains`, `startswith`,
    /// `endswith`, and with `ignore_case` their `i` forms and `iexact`.
    /// The field must be a text field.
    ///
    /// Case counts on every backend when `ignore_case` is false (SQLite
    /// through `GLOB`, MySQL through a binary comparison), where Django's
    /// `contains` ignores it on SQLite. With `ignore_case`, SQLite folds
    /// ASCII letters only, as its `LOWER()` and Django there do.
    Text {
        /// The field.
        field: String,
        /// Where `text` must be found.
        matching: TextMatch,
        /// The text to find.
        text: String,
        /// Whether `a` matches `A`.
        ignore_case: bool,
    },
    /// Not every one of these filters holds: Django's `exclude()`. A row
    /// that a `NULL` leaves undecided is kept, as Django keeps it.
    Not(Vec<DynFilter>),
    /// The row the foreign key `field` points at meets every one of these
    /// filters, which name the target model's fields: Django's
    /// `category__title="Mains"`. A `NULL` key matches nothing.
    Related(String, Vec<DynFilter>),
}

/// How [`DynFilter::Compare`] compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `<`, Django's `lt`.
    Less,
    /// `<=`, Django's `lte`.
    LessOrEqual,
    /// `>`, Django's `gt`.
    Greater,
    /// `>=`, Django's `gte`.
    GreaterOrEqual,
}

impl Comparison {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            Comparison::Less => " < ",
            Comparison::LessOrEqual => " <= ",
            Comparison::Greater => " > ",
            Comparison::GreaterOrEqual => " >= ",
        }
    }
}

/// Where [`DynFilter::Text`] looks for its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextMatch {
    /// The whole text (`iexact`).
    Exact,
    /// Anywhere (`contains`).
    Contains,
    /// At the start (`startswith`).
    StartsWith,
    /// At the end (`endswith`).
    EndsWith,
}

/// A query whose field names were found in the model's schema.
pub(crate) struct Checked<'q> {
    pub(crate) schema: &'static ModelSchema,
    pub(crate) filters: Vec<Condition<'q>>,
    /// The columns sorted by, with `descending`, the primary key last.
    pub(crate) order: Vec<(&'static Column, bool)>,
    /// `LIMIT` and `OFFSET`, when either was asked for.
    /// `LIMIT` and `OFFSET`, when either was asked for, as integers.
    pub(crate) slice: Option<(Value, Value)>,
}

/// A filter whose fields are columns.
pub(crate) enum Condition<'q> {
    Equals(&'static Column, &'q Value),
    In(&'static Column, &'q [Value]),
    /// The columns, the `LIKE` pattern (lowercased and escaped, as text),
    /// and whether each column must be lowered to match it.
    Contains(Vec<&'static Column>, Value, bool),
    Range(&'static Column, Option<&'q Value>, Option<&'q Value>),
    Compare(&'static Column, Comparison, &'q Value),
    /// The column, how it is matched, and the pattern (as text).
    Pattern(&'static Column, PatternOperator, Value),
    Not(Vec<Condition<'q>>),
    /// The foreign key column, the target's table and key column, and the
    /// conditions on the target's rows.
    Related {
        column: &'static Column,
        table: &'static str,
        key: &'static Column,
        conditions: Vec<Condition<'q>>,
    },
}

/// How a [`Condition::Pattern`] compares its column with its pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternOperator {
    /// `column LIKE pattern ESCAPE '!'`, the column lowered first when asked.
    Like { lower_column: bool },
    /// MySQL's case-sensitive `column LIKE BINARY pattern ESCAPE '!'`.
    LikeBinary,
    /// SQLite's case-sensitive `column GLOB pattern`.
    Glob,
}

/// The character that escapes `%`, `_` and itself in a `LIKE` pattern: not
/// a backslash, which MySQL reads as an escape inside string literals too.
const LIKE_ESCAPE: char = '!';

/// What follows a `LIKE` pattern, naming [`LIKE_ESCAPE`].
pub(crate) const ESCAPE_CLAUSE: &str = " ESCAPE '!'";

impl DynQuery {
    /// Finds every field named in the schema; an unknown field, or a search
    /// over a field that is not text, is an error naming the model and field.
    pub(crate) fn check(&self, schema: &'static ModelSchema, backend: crate::Backend) -> Result<Checked<'_>> {
        let filters = self
            .filters
            .iter()
            .map(|filter| condition(schema, filter, backend))
            .collect::<Result<_>>()?;
        let mut order = Vec::new();
        for (name, descending) in &self.order {
            order.push((column(schema, name)?, *descending));
        }
        if let Some(key) = schema.primary_key() {
            if !order.iter().any(|(c, _)| c.primary_key) {
                order.push((key, false));
            }
        }
        Ok(Checked {
            schema,
            filters,
            order,
            slice: self.slice(),
        })
    }

    /// SQLite and MySQL take no `OFFSET` without a `LIMIT`: the largest
    /// limit stands for none.
    fn slice(&self) -> Option<(Value, Value)> {
        let as_sql = |n: u64| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
        (self.limit.is_some() || self.offset > 0)
            .then(|| (as_sql(self.limit.unwrap_or(u64::MAX)), as_sql(self.offset)))
    }
}

fn condition<'q>(
    schema: &'static ModelSchema,
    filter: &'q DynFilter,
    backend: crate::Backend,
) -> Result<Condition<'q>> {
    Ok(match filter {
        DynFilter::Equals(name, value) => Condition::Equals(column(schema, name)?, value),
        DynFilter::In(name, values) => Condition::In(column(schema, name)?, values),
        DynFilter::ContainsAny(names, word) => {
            let columns = names
                .iter()
                .map(|name| text_column(schema, name))
                .collect::<Result<_>>()?;
            // SQLite's LIKE already ignores ASCII case, all its LOWER()
            // folds: lowering each row's text there costs and changes nothing.
            let lower_columns = backend != crate::Backend::Sqlite;
            Condition::Contains(columns, Value::Text(like_pattern(word, backend)), lower_columns)
        }
        DynFilter::Range(name, from, until) => {
            Condition::Range(column(schema, name)?, from.as_ref(), until.as_ref())
        }
        DynFilter::Compare(name, comparison, value) => {
            Condition::Compare(column(schema, name)?, *comparison, value)
        }
        DynFilter::Text {
            field,
            matching,
            text,
            ignore_case,
        } => {
            let column = text_column(schema, field)?;
            let (operator, pattern) = text_pattern(text, *matching, *ignore_case, backend);
            Condition::Pattern(column, operator, Value::Text(pattern))
        }
        DynFilter::Not(filters) => Condition::Not(
            filters
                .iter()
                .map(|filter| condition(schema, filter, backend))
                .collect::<Result<_>>()?,
        ),
        DynFilter::Related(name, filters) => {
            let column = column(schema, name)?;
            let target = column.foreign_key.as_ref().ok_or_else(|| Error::Validation {
                model: schema.name.to_string(),
                field: name.clone(),
                message: format!("`{name}` is not a foreign key: nothing to look across"),
            })?;
            let label = format!("{}.{}", target.app, target.model);
            let target_schema = crate::registry::find_model(&label)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "{label}, the target of {}.{name}, is not compiled in",
                        schema.name
                    ))
                })?
                .schema();
            let key = target_schema
                .column(&target.column)
                .ok_or_else(|| crate::private::unknown_field(&target_schema.name, &target.column))?;
            Condition::Related {
                column,
                table: &target_schema.table,
                key,
                conditions: filters
                    .iter()
                    .map(|filter| condition(target_schema, filter, backend))
                    .collect::<Result<_>>()?,
            }
        }
    })
}

/// The operator and pattern that find `text` in a column as `matching`
/// says, every character of `text` standing for itself.
fn text_pattern(
    text: &str,
    matching: TextMatch,
    ignore_case: bool,
    backend: crate::Backend,
) -> (PatternOperator, String) {
    let (before, after) = match matching {
        TextMatch::Exact => (false, false),
        TextMatch::Contains => (true, true),
        TextMatch::StartsWith => (false, true),
        TextMatch::EndsWith => (true, false),
    };
    if !ignore_case && backend == crate::Backend::Sqlite {
        // SQLite's LIKE ignores ASCII case whatever is asked; GLOB heeds
        // it. Its wildcards stand for themselves inside brackets.
        let mut pattern = String::with_capacity(text.len() + 2);
        if before {
            pattern.push('*');
        }
        for c in text.chars() {
            match c {
                '*' | '?' | '[' => {
                    pattern.push('[');
                    pattern.push(c);
                    pattern.push(']');
                }
                _ => pattern.push(c),
            }
        }
        if after {
            pattern.push('*');
        }
        return (PatternOperator::Glob, pattern);
    }
    let text = match (ignore_case, backend) {
        (false, _) => text.to_owned(),
        (true, crate::Backend::Sqlite) => text.to_ascii_lowercase(),
        (true, _) => text.to_lowercase(),
    };
    let operator = match (ignore_case, backend) {
        (false, crate::Backend::Mysql) => PatternOperator::LikeBinary,
        // SQLite's LIKE already ignores ASCII case, all its LOWER() folds.
        (true, crate::Backend::Sqlite) | (false, _) => PatternOperator::Like { lower_column: false },
        (true, _) => PatternOperator::Like { lower_column: true },
    };
    (operator, like_escaped(&text, before, after))
}

/// The column of a field, by Rust field name.
fn column(schema: &'static ModelSchema, name: &str) -> Result<&'static Column> {
    schema
        .field(name)
        .ok_or_else(|| crate::private::unknown_field(&schema.name, name))
}

/// The column of a text field a search may look in.
fn text_column(schema: &'static ModelSchema, name: &str) -> Result<&'static Column> {
    let column = column(schema, name)?;
    if column.ty != ColumnType::Text {
        return Err(Error::Validation {
            model: schema.name.to_string(),
            field: name.to_owned(),
            message: format!("{} cannot be searched: `{name}` is not a text field", schema.name),
        });
    }
    Ok(column)
}

/// `%word%`, lowercased as the backend's `LOWER()` lowercases, with `%`,
/// `_` and the escape character escaped.
fn like_pattern(word: &str, backend: crate::Backend) -> String {
    let lowered = match backend {
        // SQLite's LOWER() folds ASCII only: folding more here would stop
        // `É` from matching `É`.
        crate::Backend::Sqlite => word.to_ascii_lowercase(),
        _ => word.to_lowercase(),
    };
    like_escaped(&lowered, true, true)
}

/// `text` as a `LIKE` pattern matching itself, with `%` before and after
/// as asked; `%`, `_` and the escape character escaped.
fn like_escaped(text: &str, before: bool, after: bool) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    if before {
        pattern.push('%');
    }
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    if after {
        pattern.push('%');
    }
    pattern
}
