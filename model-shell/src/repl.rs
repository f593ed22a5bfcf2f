//! The interactive shell at a terminal: line editing, a history file, tab
//! completion, multi-line input while a bracket is open, Ctrl-C to drop
//! the line, Ctrl-D to leave.

use std::io::Write;
use std::path::PathBuf;

use model_manage::CommandError;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::FileHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use crate::help::METHODS;
use crate::lookup::LOOKUPS;
use crate::shell::Shell;

/// Where the history is kept unless `MODEL_SHELL_HISTORY` names a file.
const HISTORY_FILE: &str = ".model_shell_history";

/// Runs the shell on this terminal until Ctrl-D.
pub fn interact(shell: &mut Shell, out: &mut dyn Write) -> Result<(), CommandError> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<Completion, FileHistory> = Editor::with_config(config).map_err(terminal)?;
    editor.set_helper(Some(Completion::new(shell)));
    let history = history_file();
    if let Some(history) = &history {
        // A first session has no history yet.
        let _ = editor.load_history(history);
    }
    writeln!(
        out,
        "{} models in scope; help() shows what to type, help(Model) a model's fields. Ctrl-D leaves.",
        shell.models().len()
    )?;
    out.flush()?;
    loop {
        match editor.readline(">>> ") {
            Ok(line) if line.trim().is_empty() => {}
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                match shell.run(&line) {
                    Ok(outcome) => {
                        out.write_all(outcome.printed.as_bytes())?;
                        if let Some(value) = outcome.value {
                            writeln!(out, "{value}")?;
                        }
                    }
                    Err(error) => {
                        out.write_all(error.printed.as_bytes())?;
                        writeln!(out, "error: {error}")?;
                    }
                }
                out.flush()?;
                if let Some(helper) = editor.helper_mut() {
                    helper.variables = shell.variables();
                }
                // Kept after every line, so a killed session loses none.
                if let Some(history) = &history {
                    let _ = editor.save_history(history);
                }
            }
            Err(ReadlineError::Interrupted) => {
                writeln!(out, "KeyboardInterrupt")?;
                out.flush()?;
            }
            Err(ReadlineError::Eof) => break,
            Err(error) => return Err(terminal(error)),
        }
    }
    Ok(())
}

fn terminal(error: ReadlineError) -> CommandError {
    CommandError::Refused(format!("the terminal failed: {error}"))
}

/// `MODEL_SHELL_HISTORY`, or `.model_shell_history` in the home folder.
fn history_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("MODEL_SHELL_HISTORY") {
        return Some(PathBuf::from(file));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(HISTORY_FILE))
}

/// Completes model names, fields, methods, accessors, the script's
/// variables, and lookups after `__`; asks for more lines while a bracket
/// is open.
struct Completion {
    words: Vec<String>,
    variables: Vec<String>,
}

impl Completion {
    fn new(shell: &Shell) -> Completion {
        let mut words: Vec<String> = METHODS.iter().map(|m| (*m).to_owned()).collect();
        words.extend(["help".to_owned(), "atomic".to_owned(), "print".to_owned()]);
        for model in shell.models() {
            let schema = model.schema();
            words.push(schema.name.to_string());
            words.extend(schema.columns.iter().map(|c| c.field.to_string()));
        }
        words.extend(crate::models::accessors(shell.models()));
        words.sort();
        words.dedup();
        Completion {
            words,
            variables: shell.variables(),
        }
    }

    fn candidates(&self, word: &str) -> Vec<String> {
        if let Some(split) = word.rfind("__") {
            let (field, lookup) = word.split_at(split + 2);
            return LOOKUPS
                .iter()
                .filter(|l| l.starts_with(lookup))
                .map(|l| format!("{field}{l}"))
                .collect();
        }
        let mut found: Vec<String> = self
            .words
            .iter()
            .chain(&self.variables)
            .filter(|w| w.starts_with(word))
            .cloned()
            .collect();
        found.sort();
        found.dedup();
        found
    }
}

impl Completer for Completion {
    type Candidate = String;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        let before = &line[..pos];
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        Ok((start, self.candidates(&before[start..])))
    }
}

impl Hinter for Completion {
    type Hint = String;
}

impl Highlighter for Completion {}

impl Validator for Completion {
    fn validate(&self, context: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if open_brackets(context.input()) > 0 {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for Completion {}

/// How many brackets are open at the end of `code`, strings and comments
/// aside: the statement goes on while any is.
pub fn open_brackets(code: &str) -> i64 {
    let mut depth = 0i64;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' | '\'' => {
                while let Some(inner) = chars.next() {
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::open_brackets;

    #[test]
    fn an_open_brace_continues_the_statement_and_strings_do_not_count() {
        assert_eq!(open_brackets("atomic(|| {"), 2);
        assert_eq!(open_brackets("atomic(|| { 1 })"), 0);
        assert_eq!(open_brackets(r#"print("{ not a brace")"#), 0);
        assert_eq!(open_brackets(r#"print("a \" {")"#), 0);
        assert_eq!(open_brackets("let x = 1; // {"), 0);
        assert_eq!(open_brackets("#{a: [1,"), 2);
    }
}
