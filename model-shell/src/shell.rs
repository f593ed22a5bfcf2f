//! A shell session: the Rhai engine with every installed model in scope,
//! the connection it works on, and what it printed.

use std::cell::RefCell;
use std::rc::Rc;

use model_runtime::{Connection, DynModel};
use rhai::{Dynamic, Engine, EvalAltResult, FnPtr, Map, NativeCallContext, Position, Scope, INT};

use crate::db::{Db, ScriptResult};
use crate::instance::Instance;
use crate::models::ModelClass;
use crate::queryset::{QuerySet, SHOWN_ROWS};

/// The operations a statement may run before it is stopped as a loop that
/// does not end, unless `MODEL_SHELL_MAX_OPERATIONS` says otherwise.
pub const MAX_OPERATIONS: u64 = 50_000_000;

/// One shell session over the models of the installed apps.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "shell_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 20)]
///     pub name: String,
///     #[field(max_digits = 5, decimal_places = 2)]
///     pub price: Decimal,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// let mut shell = model_shell::Shell::new(conn, &["shell_doc".to_owned()]);
/// shell.run(r#"Dish.objects.create(#{name: "Soup", price: "4.50"})"#).unwrap();
/// let outcome = shell.run(r#"Dish.objects.get(#{name: "Soup"}).price"#).unwrap();
/// assert_eq!(outcome.value.as_deref(), Some(r#""4.50""#));
/// let error = shell.run(r#"Dish.objects.create(#{name: "A name far too long for it", price: 1})"#).unwrap_err();
/// assert!(error.to_string().starts_with("Dish.name: "), "{error}");
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub struct Shell {
    engine: Engine,
    scope: Scope<'static>,
    models: Vec<&'static dyn DynModel>,
    printed: Rc<RefCell<String>>,
}

/// What running some code gave: what it printed, and its value as the
/// shell shows it (`None` for no value).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What `print` and `help` wrote, line by line.
    pub printed: String,
    /// The value of the last statement, shown: a table for a query set,
    /// `<Menu: 3>` for a row.
    pub value: Option<String>,
}

/// A statement that failed, as one line naming what is at fault and
/// where: a refused value, a missing row, a syntax error.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ShellError {
    /// The line of the code where it failed, when known.
    pub line: Option<usize>,
    /// What `print` wrote before it failed.
    pub printed: String,
    message: String,
}

impl Shell {
    /// A session on `conn` with the models of `apps` in scope by name.
    pub fn new(conn: Connection, apps: &[String]) -> Shell {
        let db = Db::new(conn);
        let models = crate::models::installed(apps);
        let printed = Rc::new(RefCell::new(String::new()));
        let mut engine = Engine::new();
        let max_operations = std::env::var("MODEL_SHELL_MAX_OPERATIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(MAX_OPERATIONS);
        engine.set_max_operations(max_operations);
        let sink = printed.clone();
        engine.on_print(move |text| {
            let mut sink = sink.borrow_mut();
            sink.push_str(text);
            sink.push('\n');
        });
        let sink = printed.clone();
        engine.on_debug(move |text, _, _| {
            let mut sink = sink.borrow_mut();
            sink.push_str(text);
            sink.push('\n');
        });
        crate::instance::register(&mut engine);
        crate::queryset::register(&mut engine);
        crate::models::register(&mut engine, &models);
        register_session(&mut engine, &db, &models, &printed);
        let mut scope = Scope::new();
        for model in &models {
            let name = &*model.schema().name;
            if !scope.contains(name) {
                scope.push_constant(name.to_owned(), ModelClass::new(*model, db.clone()));
            }
        }
        Shell {
            engine,
            scope,
            models,
            printed,
        }
    }

    /// Stops each later statement after `operations` operations, as a loop
    /// that never ends; [`MAX_OPERATIONS`] unless `MODEL_SHELL_MAX_OPERATIONS`
    /// said otherwise.
    pub fn set_max_operations(&mut self, operations: u64) {
        self.engine.set_max_operations(operations);
    }

    /// The models in scope.
    pub fn models(&self) -> &[&'static dyn DynModel] {
        &self.models
    }

    /// The names the script has defined so far, for completion.
    pub fn variables(&self) -> Vec<String> {
        self.scope.iter().map(|(name, _, _)| name.to_owned()).collect()
    }

    /// Runs `code`, keeping its variables for the next call.
    pub fn run(&mut self, code: &str) -> Result<Outcome, ShellError> {
        self.printed.borrow_mut().clear();
        let result = self.engine.eval_with_scope::<Dynamic>(&mut self.scope, code);
        let shown = result.and_then(|value| show(&value));
        let printed = std::mem::take(&mut *self.printed.borrow_mut());
        match shown {
            Ok(value) => Ok(Outcome { printed, value }),
            Err(error) => Err(ShellError {
                line: line_of(&error),
                printed,
                message: describe(&error, &self.models),
            }),
        }
    }
}

/// The functions that need the session: `atomic`, `help`, and `show`,
/// which prints.
fn register_session(
    engine: &mut Engine,
    db: &Db,
    models: &[&'static dyn DynModel],
    printed: &Rc<RefCell<String>>,
) {
    let session = db.clone();
    engine.register_fn(
        "atomic",
        move |context: NativeCallContext, block: FnPtr| -> ScriptResult<Dynamic> {
            session.atomic(|| block.call_within_context(&context, ()))
        },
    );
    let (sink, all) = (printed.clone(), models.to_vec());
    engine.register_fn("help", move || {
        let mut sink = sink.borrow_mut();
        sink.push_str(&crate::help::general(&all));
        sink.push('\n');
    });
    let sink = printed.clone();
    engine.register_fn("help", move |model: ModelClass| {
        let mut sink = sink.borrow_mut();
        sink.push_str(&crate::help::model(model.model()));
        sink.push('\n');
    });
    let sink = printed.clone();
    engine.register_fn(
        "show",
        move |rows: &mut QuerySet, count: INT| -> ScriptResult<()> {
            let table = rows.table(count.max(0) as usize)?;
            let mut sink = sink.borrow_mut();
            sink.push_str(&table);
            sink.push('\n');
            Ok(())
        },
    );
}

/// A value as the shell shows it; `None` for `()`.
fn show(value: &Dynamic) -> ScriptResult<Option<String>> {
    if value.is_unit() {
        return Ok(None);
    }
    if let Some(rows) = value.read_lock::<QuerySet>() {
        return rows.table(SHOWN_ROWS).map(Some);
    }
    Ok(Some(item(value)))
}

/// A value inside another, or alone: rows as `<Menu: 3>`, text quoted.
fn item(value: &Dynamic) -> String {
    if let Some(instance) = value.read_lock::<Instance>() {
        return instance.label();
    }
    if let Some(model) = value.read_lock::<ModelClass>() {
        return format!("<class {}>", model.model().schema().name);
    }
    if value.is::<QuerySet>() {
        return "<QuerySet>".to_owned();
    }
    if let Some(text) = value.read_lock::<rhai::ImmutableString>() {
        return format!("{:?}", text.as_str());
    }
    if let Some(items) = value.read_lock::<rhai::Array>() {
        let items: Vec<String> = items.iter().map(item).collect();
        return format!("[{}]", items.join(", "));
    }
    if let Some(map) = value.read_lock::<Map>() {
        let items: Vec<String> = map
            .iter()
            .map(|(key, value)| format!("{key}: {}", item(value)))
            .collect();
        return format!("#{{{}}}", items.join(", "));
    }
    value.to_string()
}

/// The line the error happened on.
fn line_of(error: &EvalAltResult) -> Option<usize> {
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, position) => {
            line_of(inner).or_else(|| position.line())
        }
        other => other.position().line(),
    }
}

/// The error as one line: what is at fault, then where.
fn describe(error: &EvalAltResult, models: &[&'static dyn DynModel]) -> String {
    let at = |position: Position| {
        if position.is_none() {
            String::new()
        } else {
            format!(" ({position})")
        }
    };
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _) => describe(inner, models),
        EvalAltResult::ErrorRuntime(value, position) => format!("{value}{}", at(*position)),
        EvalAltResult::ErrorParsing(kind, position) => format!("syntax error: {kind}{}", at(*position)),
        EvalAltResult::ErrorTooManyOperations(position) => format!(
            "stopped after too many operations, as a loop that never ends would run (MODEL_SHELL_MAX_OPERATIONS raises the limit){}",
            at(*position)
        ),
        EvalAltResult::ErrorVariableNotFound(name, position) => {
            let names: Vec<&str> = models.iter().map(|m| &*m.schema().name).collect();
            format!(
                "`{name}` is not defined: neither a variable nor an installed model (the models are: {}){}",
                names.join(", "),
                at(*position)
            )
        }
        EvalAltResult::ErrorFunctionNotFound(signature, position) => {
            format!("no function or method `{signature}`; help() lists what there is{}", at(*position))
        }
        other => other.to_string(),
    }
}
