use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind};

/// The runtime's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to a model's table.
///
/// Constraint failures are sorted into their own variants on every backend,
/// so code can react to a duplicate key without parsing a message:
///
/// ```
/// use model_runtime::Error;
///
/// fn describe(error: &Error) -> &'static str {
///     match error {
///         Error::NotFound { .. } => "no such row",
///         Error::Validation { .. } | Error::ValidationErrors { .. } => "bad input, nothing written",
///         Error::UniqueViolation { .. } => "already taken",
///         _ => "something else",
///     }
/// }
/// assert_eq!(describe(&Error::NotFound { model: "Menu".into() }), "no such row");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No row has the requested key.
    #[error("{model} matching query does not exist")]
    NotFound {
        /// The model queried.
        model: String,
    },
    /// `get()` found more than one row where it expects exactly one.
    #[error("get() returned more than one {model} -- it returned {}!", returned(*.count))]
    MultipleObjectsReturned {
        /// The model queried.
        model: String,
        /// How many rows matched, counted up to 21: a `count` of 21 means
        /// "more than 20", as Django reports it.
        count: usize,
    },
    /// A query set was given an argument it cannot run with (a page number
    /// of 0, a negative limit, an update of a sliced query set, ...); no SQL ran.
    #[error("{model} query: {message}")]
    InvalidQuery {
        /// The model queried.
        model: String,
        /// What is wrong, naming the method and the argument at fault.
        message: String,
    },
    /// A value was refused before any SQL ran; nothing was written. When
    /// `validate()` refuses several, they come together as
    /// [`Error::ValidationErrors`].
    #[error("{model}.{field}: {message}")]
    Validation {
        /// The model validated.
        model: String,
        /// The field at fault.
        field: String,
        /// What is wrong with its value.
        message: String,
    },
    /// `validate()` refused several values, each reported (Django's
    /// `full_clean()`), before any SQL ran; nothing was written. Each
    /// reads as [`Error::Validation`] does, the next after a `;`.
    #[error("{}", crate::validate::errors::describe(model, errors))]
    ValidationErrors {
        /// The model validated.
        model: String,
        /// Every refusal, in field order; a field may have several.
        errors: Vec<crate::validate::FieldError>,
    },
    /// A `UNIQUE` or primary key constraint refused the row.
    #[error("unique constraint failed: {message}")]
    UniqueViolation {
        /// The database's own message.
        message: String,
    },
    /// A foreign key refused the row: its parent is missing, or a child
    /// still points at a row being deleted (`on_delete = "protect"` or
    /// `"restrict"`). The tables and the constraint are named as far as the
    /// backend or the registered models tell: PostgreSQL and MySQL name
    /// them; on SQLite, which names none, `Model::delete` finds them among
    /// the registered models' foreign keys.
    #[error(
        "foreign key constraint failed: {}",
        crate::relations::describe_violation(self)
    )]
    ForeignKeyViolation {
        /// The database's own message.
        message: String,
        /// The table pointed at (the parent's), when known.
        table: Option<String>,
        /// The table holding the foreign key (the child's), when known:
        /// for a refused deletion, the table whose rows still point at the
        /// row being deleted.
        referencing_table: Option<String>,
        /// The foreign key constraint's name, when known.
        constraint: Option<String>,
        /// Whether a deletion was refused, rather than a row written with
        /// a missing parent.
        deleting: bool,
    },
    /// A `NOT NULL` column got no value.
    #[error("NOT NULL constraint failed: {message}")]
    NotNullViolation {
        /// The database's own message.
        message: String,
    },
    /// The database refused the connection. Neither its message nor its
    /// `Debug` shows the password, wherever the URL held it.
    #[error("cannot connect to {url}: {source}")]
    Connection {
        /// The URL, without its password.
        url: String,
        /// Diesel's error, its driver's message cleared of the URL's text
        /// and of its password.
        source: diesel::ConnectionError,
    },
    /// A setting is wrong (unknown URL scheme, backend not compiled in, ...).
    #[error("{0}")]
    Config(String),
    /// Any other database error.
    #[error(transparent)]
    Query(diesel::result::Error),
}

impl Error {
    /// The `(field, message)` pairs of a validation error, one for
    /// [`Error::Validation`], each of [`Error::ValidationErrors`]; none for
    /// any other error. What a form shows beside its inputs.
    ///
    /// ```
    /// use model_runtime::Error;
    ///
    /// let error = Error::Validation {
    ///     model: "Menu".into(),
    ///     field: "title".into(),
    ///     message: "This field cannot be blank.".into(),
    /// };
    /// assert_eq!(error.field_errors(), [("title", "This field cannot be blank.")]);
    /// assert!(Error::NotFound { model: "Menu".into() }.field_errors().is_empty());
    /// ```
    pub fn field_errors(&self) -> Vec<(&str, &str)> {
        match self {
            Error::Validation { field, message, .. } => vec![(field.as_str(), message.as_str())],
            Error::ValidationErrors { errors, .. } => errors
                .iter()
                .map(|e| (e.field.as_str(), e.message.as_str()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A value read from `model`'s table that its field type cannot hold.
    pub(crate) fn unreadable(model: &str, message: String) -> Error {
        Error::Query(diesel::result::Error::DeserializationError(
            format!("{model}: {message}").into(),
        ))
    }

    /// Sorts a Diesel error into the typed variants; `model` names the model
    /// for `NotFound`.
    pub fn from_diesel(error: diesel::result::Error, model: &str) -> Error {
        use diesel::result::Error as D;
        match error {
            D::NotFound => Error::NotFound {
                model: model.to_owned(),
            },
            D::DatabaseError(kind, info) => {
                let message = describe(info.as_ref());
                match kind {
                    DatabaseErrorKind::UniqueViolation => Error::UniqueViolation { message },
                    DatabaseErrorKind::ForeignKeyViolation | DatabaseErrorKind::RestrictViolation => {
                        crate::relations::foreign_key_violation(message, info.as_ref())
                    }
                    DatabaseErrorKind::NotNullViolation => Error::NotNullViolation { message },
                    // SQLite reports an `ON DELETE RESTRICT` refusal with a
                    // plain constraint code, known only by its message.
                    DatabaseErrorKind::Unknown if message.starts_with("FOREIGN KEY constraint failed") => {
                        crate::relations::foreign_key_violation(message, info.as_ref())
                    }
                    other => Error::Query(D::DatabaseError(other, info)),
                }
            }
            other => Error::Query(other),
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Error {
        Error::from_diesel(error, "row")
    }
}

/// How many rows `get()` saw: Django reads at most 21.
fn returned(count: usize) -> String {
    if count > 20 {
        "more than 20".to_owned()
    } else {
        count.to_string()
    }
}

fn describe(info: &(dyn DatabaseErrorInformation + Send + Sync)) -> String {
    match info.details() {
        Some(details) => format!("{} ({details})", info.message()),
        None => info.message().to_owned(),
    }
}
