use std::io::{BufRead, Write};

use model_runtime::field::AutoNow;
use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema, Name};
use model_runtime::Value;

use crate::{MigrationError, Result};

/// The questions makemigrations cannot answer from the models alone.
pub trait Questioner {
    /// Was `old` renamed to `new` (same fields), rather than one deleted and
    /// the other created?
    fn ask_rename_model(&mut self, app: &str, old: &ModelSchema, new: &ModelSchema) -> Result<bool>;

    /// Was field `old` of `model` renamed to `new` (same definition)?
    fn ask_rename_field(&mut self, app: &str, model: &str, old: &Column, new: &Column) -> Result<bool>;

    /// A one-off default for the rows already in the table, when `field`
    /// becomes NOT NULL without a default: added (`adding`) or altered.
    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue>;
}

/// `--no-input`: renames are not assumed, and a needed default is an error
/// that says how to avoid the question.
pub struct NonInteractive;

impl Questioner for NonInteractive {
    fn ask_rename_model(&mut self, _app: &str, _old: &ModelSchema, _new: &ModelSchema) -> Result<bool> {
        Ok(false)
    }

    fn ask_rename_field(&mut self, _app: &str, _model: &str, _old: &Column, _new: &Column) -> Result<bool> {
        Ok(false)
    }

    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue> {
        let what = if adding {
            "a new NOT NULL field"
        } else {
            "now NOT NULL"
        };
        if let Some(option) = auto_now(field) {
            return Err(MigrationError::NeedsInput {
                question: format!(
                    "{app}.{model}.{} is {what} with `{option}`, and the table may have rows: run \
                 makemigrations without --no-input to fill them with the current time (or another \
                 one-off default), or make it an Option<_>",
                    field.field
                ),
            });
        }
        Err(MigrationError::NeedsInput {
            question: format!(
                "{app}.{model}.{} is {what} without a default, and the table may have rows: \
             give it #[field(default = ...)], make it an Option, or run makemigrations without \
             --no-input to give a one-off default",
                field.field
            ),
        })
    }
}

/// Why no one can be asked: what an [`Unattended`] refusal tells the user
/// to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoOneToAsk {
    /// `--no-input` was passed.
    NoInputFlag,
    /// Standard input is not a terminal (a script, a pipe, CI).
    NotATerminal,
}

impl NoOneToAsk {
    /// How to get the question asked after all.
    fn remedy(self) -> &'static str {
        match self {
            NoOneToAsk::NoInputFlag => "run makemigrations without --no-input to be asked",
            NoOneToAsk::NotATerminal => {
                "standard input is not a terminal, so nothing can be asked: run makemigrations on a terminal to be asked"
            }
        }
    }
}

/// `manage makemigrations` with no one to ask: a field or model that may
/// have been renamed (one gone, one of the same shape new) stops the
/// command, naming `renamed_from`, since taking it for a drop and an add
/// would lose its data; unless `not_renamed` confirms that it was not a
/// rename. A needed one-off default is an error, as with [`NonInteractive`].
///
/// ```
/// use model_migrations::autodetect::{NoOneToAsk, Questioner, Unattended};
/// use model_runtime::schema::{Column, ColumnType};
///
/// let note = Column::new("note", "note", ColumnType::Text);
/// let remark = Column::new("remark", "remark", ColumnType::Text);
/// let mut refusing = Unattended { why: NoOneToAsk::NotATerminal, not_renamed: false };
/// let error = refusing.ask_rename_field("shop", "Dish", &note, &remark).unwrap_err();
/// assert!(error.to_string().contains(r#"#[field(renamed_from = "note")]"#));
/// let mut confirmed = Unattended { why: NoOneToAsk::NotATerminal, not_renamed: true };
/// assert!(!confirmed.ask_rename_field("shop", "Dish", &note, &remark)?);
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Unattended {
    /// Why no one can be asked.
    pub why: NoOneToAsk,
    /// `--not-renamed`: the same-shaped fields and models are new ones;
    /// drop the old ones, with their data.
    pub not_renamed: bool,
}

impl Questioner for Unattended {
    fn ask_rename_model(&mut self, app: &str, old: &ModelSchema, new: &ModelSchema) -> Result<bool> {
        if self.not_renamed {
            return Ok(false);
        }
        Err(MigrationError::NeedsInput {
            question: format!(
                "{app}.{} is gone and {app}.{} has the same fields: if it was renamed, add \
                 #[model(renamed_from = \"{}\")] to {}; if not, pass --not-renamed to drop {} and its rows \
                 ({})",
                old.name,
                new.name,
                old.name,
                new.name,
                old.name,
                self.why.remedy()
            ),
        })
    }

    fn ask_rename_field(&mut self, app: &str, model: &str, old: &Column, new: &Column) -> Result<bool> {
        if self.not_renamed {
            return Ok(false);
        }
        Err(MigrationError::NeedsInput {
            question: format!(
                "{app}.{model}.{} is gone and {app}.{model}.{} has the same definition: if it was renamed, add \
                 #[field(renamed_from = \"{}\")] to {}; if not, pass --not-renamed to drop {} and its data \
                 ({})",
                old.field,
                new.field,
                old.field,
                new.field,
                old.field,
                self.why.remedy()
            ),
        })
    }

    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue> {
        NonInteractive
            .ask_not_null_default(app, model, field, adding)
            .map_err(|error| match (error, self.why) {
                (MigrationError::NeedsInput { question }, NoOneToAsk::NotATerminal) => {
                    MigrationError::NeedsInput {
                        question: question.replace(
                            "run makemigrations without --no-input",
                            "run makemigrations on a terminal (standard input is not one)",
                        ),
                    }
                }
                (other, _) => other,
            })
    }
}

/// The questions on a terminal, in Django's words: prompts go to `output`,
/// answers come from `input`, one line each. A wrong answer is asked again;
/// the end of the input is an [`MigrationError::NeedsInput`].
///
/// ```
/// use model_migrations::autodetect::{Interactive, Questioner};
/// use model_runtime::schema::{Column, ColumnType, DefaultValue};
///
/// let mut prompts = Vec::new();
/// let mut questioner = Interactive::new("1\nforty\n40\n".as_bytes(), &mut prompts);
/// let seats = Column::new("seats", "seats", ColumnType::Integer);
/// let default = questioner.ask_not_null_default("shop", "Table", &seats, true)?;
/// assert_eq!(default, DefaultValue::Int(40));
/// drop(questioner);
/// let prompts = String::from_utf8(prompts).unwrap();
/// assert!(prompts.starts_with("It is impossible to add a non-nullable field 'seats' to table"));
/// assert!(prompts.contains("expected an integer, got `forty`"));
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub struct Interactive<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Interactive<R, W> {
    /// Asks on `output` and reads the answers from `input`: standard input
    /// and output for `manage makemigrations`, buffers in tests.
    pub fn new(input: R, output: W) -> Interactive<R, W> {
        Interactive { input, output }
    }

    fn say(&mut self, text: &str) -> Result<()> {
        self.output
            .write_all(text.as_bytes())
            .and_then(|()| self.output.flush())
            .map_err(|e| MigrationError::NeedsInput {
                question: format!("cannot write the question: {e}"),
            })
    }

    /// The next answer without its line ending; an error at the end of input.
    fn answer(&mut self, question: &str) -> Result<String> {
        let mut line = String::new();
        let read = self
            .input
            .read_line(&mut line)
            .map_err(|e| MigrationError::NeedsInput {
                question: format!("cannot read the answer: {e}"),
            })?;
        if read == 0 {
            return Err(MigrationError::NeedsInput {
                question: format!(
                    "makemigrations needs an answer to \"{question}\" and the input ended; \
                 run it on a terminal, or with --no-input"
                ),
            });
        }
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }

    /// `[y/N]`: anything but a yes or a no is asked again; nothing is a no.
    fn yes_no(&mut self, question: &str) -> Result<bool> {
        self.say(&format!("{question} [y/N] "))?;
        loop {
            match self.answer(question)?.trim().to_ascii_lowercase().as_str() {
                "y" | "yes" => return Ok(true),
                "" | "n" | "no" => return Ok(false),
                _ => self.say("Please answer yes or no: ")?,
            }
        }
    }

    fn menu(&mut self, question: &str, options: &[&str]) -> Result<usize> {
        let mut text = format!("{question}\nPlease select a fix:\n");
        for (i, option) in options.iter().enumerate() {
            text.push_str(&format!(" {}) {option}\n", i + 1));
        }
        text.push_str("Select an option: ");
        self.say(&text)?;
        loop {
            let answer = self.answer(question)?;
            match answer.trim().parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n),
                _ => self.say("Please select a valid option: ")?,
            }
        }
    }

    fn one_off_default(&mut self, field: &Column) -> Result<Option<DefaultValue>> {
        let (what, example) = describe(field.ty);
        // Django offers `timezone.now` for a timestamp the runtime sets:
        // here the time of this answer, written into the migration.
        let now = auto_now(field).and_then(|_| now_value(field.ty));
        let accept = match now {
            Some(_) => "\nAccept the default 'now' (the current time, in UTC) by pressing 'Enter' or provide another value.",
            None => "",
        };
        self.say(&format!(
            "Please enter the default value as {what}, e.g. {example}{accept}\nType 'exit' to exit this prompt\n>>> "
        ))?;
        loop {
            let answer = self.answer("the default value")?;
            if answer.trim() == "exit" {
                return Ok(None);
            }
            if let Some(now) = now.as_ref().filter(|_| matches!(answer.trim(), "" | "now")) {
                return to_default(field, &now.to_string())
                    .map(Some)
                    .map_err(|question| MigrationError::NeedsInput { question });
            }
            if answer.trim().is_empty() {
                self.say("Please enter a value, or 'exit' (without quotes) to exit.\n>>> ")?;
                continue;
            }
            match to_default(field, &answer) {
                Ok(default) => return Ok(Some(default)),
                Err(problem) => self.say(&format!("{problem}\n>>> "))?,
            }
        }
    }
}

impl<R: BufRead, W: Write> Questioner for Interactive<R, W> {
    fn ask_rename_model(&mut self, app: &str, old: &ModelSchema, new: &ModelSchema) -> Result<bool> {
        self.yes_no(&format!(
            "Was the model {app}.{} renamed to {}?",
            old.name, new.name
        ))
    }

    fn ask_rename_field(&mut self, _app: &str, model: &str, old: &Column, new: &Column) -> Result<bool> {
        let model = model.to_lowercase();
        self.yes_no(&format!(
            "Was {model}.{} renamed to {model}.{} (a {})?",
            old.field,
            new.field,
            django_kind(new)
        ))
    }

    fn ask_not_null_default(
        &mut self,
        app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> Result<DefaultValue> {
        let lower = model.to_lowercase();
        let name = &field.field;
        let question = match auto_now(field) {
            Some(option) if adding => format!(
                "It is impossible to add the field '{name}' with '{option}' to {lower} without providing a \
                 default. This is because the database needs something to populate existing rows."
            ),
            _ if adding => format!(
                "It is impossible to add a non-nullable field '{name}' to {lower} without specifying a default. \
                 This is because the database needs something to populate existing rows."
            ),
            _ => format!(
                "It is impossible to change a nullable field '{name}' on {lower} to non-nullable without \
                 providing a default. This is because the database needs something to populate existing rows."
            ),
        };
        let keep = if adding { "make it" } else { "keep it" };
        let quit = match auto_now(field) {
            // A timestamp the runtime sets takes no `default`.
            Some(_) => format!("Quit and {keep} an Option<_>: {model}.{name}"),
            None => format!(
                "Quit and add a default to the model: #[field(default = ...)] on {model}.{name}, or {keep} an Option<_>"
            ),
        };
        let rows = if adding {
            "will be set on all existing rows"
        } else {
            "will be set on all existing rows with a NULL in this column"
        };
        let provide = format!("Provide a one-off default now ({rows})");
        if field.ty == ColumnType::Binary {
            // A one-off default is written as a model default is, and bytes take none.
            return Err(MigrationError::NeedsInput {
                question: format!(
                    "{app}.{model}.{name} is a bytes field without a default and the table may have rows: \
                 make it an Option<Vec<u8>>, or add it in two steps (nullable, filled, then NOT NULL)"
                ),
            });
        }
        if self.menu(&question, &[&provide, &quit])? == 1 {
            if let Some(default) = self.one_off_default(field)? {
                return Ok(default);
            }
        }
        let fix = match auto_now(field) {
            Some(_) => "answer 'now' when asked, or make it an Option<_>",
            None => "add #[field(default = ...)] to it, or make it an Option<_>",
        };
        Err(MigrationError::NeedsInput {
            question: format!(
            "makemigrations stopped: {app}.{model}.{name} needs a default for the rows already there; {fix}"
        ),
        })
    }
}

/// `auto_now` or `auto_now_add`, when the runtime sets the field.
fn auto_now(field: &Column) -> Option<&'static str> {
    if field.auto_now {
        Some("auto_now")
    } else if field.auto_now_add {
        Some("auto_now_add")
    } else {
        None
    }
}

/// What to type for a column type, and an example.
fn describe(ty: ColumnType) -> (&'static str, &'static str) {
    match ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => ("an integer", "0"),
        ColumnType::Float | ColumnType::Double => ("a number", "0.0"),
        ColumnType::Bool => ("true or false", "false"),
        ColumnType::Text => ("text, typed as is (\"\" for empty text)", "unknown"),
        ColumnType::Binary => ("hex bytes", "00ff"),
        ColumnType::Decimal => ("a decimal number", "0.00"),
        ColumnType::Date => ("a date", "2024-05-01"),
        ColumnType::DateTime => ("a date and time", "2024-05-01 18:30:00"),
        ColumnType::DateTimeUtc => ("a date and time in UTC", "2024-05-01 18:30:00+00:00"),
        ColumnType::Uuid => ("a UUID", "00000000-0000-0000-0000-000000000000"),
        ColumnType::Json => ("JSON", "{}"),
    }
}

/// The typed text as the column's default, in the form `#[field(default)]`
/// would give it: numbers and booleans as such, everything else as text.
fn to_default(field: &Column, typed: &str) -> std::result::Result<DefaultValue, String> {
    let typed = if field.ty == ColumnType::Text && typed == "\"\"" {
        ""
    } else {
        typed
    };
    Ok(match Value::parse(field.ty, typed)? {
        Value::Int(v) => DefaultValue::Int(v),
        Value::Float(v) => DefaultValue::Float(v),
        Value::Bool(v) => DefaultValue::Bool(v),
        Value::Text(text) => {
            if let Some(max) = field.max_length {
                if text.chars().count() > max as usize {
                    return Err(format!("{} is at most {max} characters long", field.field));
                }
            }
            DefaultValue::Text(Name::Owned(text))
        }
        other => DefaultValue::Text(Name::Owned(other.to_string())),
    })
}

/// Django's name for the kind of field a column stores.
fn django_kind(column: &Column) -> &'static str {
    if column.foreign_key.is_some() {
        return "ForeignKey";
    }
    match column.ty {
        ColumnType::SmallInt => "SmallIntegerField",
        ColumnType::Integer => "IntegerField",
        ColumnType::BigInt => "BigIntegerField",
        ColumnType::Float | ColumnType::Double => "FloatField",
        ColumnType::Bool => "BooleanField",
        ColumnType::Text if column.max_length.is_some() => "CharField",
        ColumnType::Text => "TextField",
        ColumnType::Binary => "BinaryField",
        ColumnType::Decimal => "DecimalField",
        ColumnType::Date => "DateField",
        ColumnType::DateTime | ColumnType::DateTimeUtc => "DateTimeField",
        ColumnType::Uuid => "UUIDField",
        ColumnType::Json => "JSONField",
    }
}

/// The current time as a value of a timestamp column of type `ty`, as the
/// runtime's `auto_now` sets it (the field types' own [`AutoNow`]).
fn now_value(ty: ColumnType) -> Option<Value> {
    match ty {
        ColumnType::DateTimeUtc => Some(Value::DateTimeUtc(AutoNow::now())),
        ColumnType::DateTime => Some(Value::DateTime(AutoNow::now())),
        ColumnType::Date => Some(Value::Date(AutoNow::now())),
        _ => None,
    }
}
