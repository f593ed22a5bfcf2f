//! Where the interactive commands get their answers: a person at a
//! terminal, whose passwords are not echoed, or lines of a script.

use std::io::{BufRead, Write};

/// Asks questions and reads answers, one line each. `Ok(None)` means the
/// input ended (Ctrl-D, or the end of a script).
pub trait Prompt {
    /// Shows `question` and reads the answer.
    fn line(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>>;

    /// Shows `question` and reads the answer without showing it.
    fn secret(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>>;
}

/// The terminal: answers from stdin, passwords read from the terminal
/// with echo off.
#[derive(Debug, Default)]
pub struct TerminalPrompt;

impl Prompt for TerminalPrompt {
    fn line(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        write!(out, "{question}")?;
        out.flush()?;
        let mut answer = String::new();
        match std::io::stdin().lock().read_line(&mut answer)? {
            0 => Ok(None),
            _ => Ok(Some(answer.trim_end_matches(['\r', '\n']).to_owned())),
        }
    }

    fn secret(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        out.flush()?;
        match rpassword::prompt_password(question) {
            Ok(answer) => Ok(Some(answer)),
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Answers read from any reader, a line each, passwords included: what a
/// command reads when its stdin is a pipe, and what tests give it.
///
/// ```
/// use model_auth::commands::{Prompt, ScriptedPrompt};
///
/// let mut prompt = ScriptedPrompt::new("ada\nsecret\n".as_bytes());
/// let mut out = Vec::new();
/// assert_eq!(prompt.line("Username: ", &mut out)?, Some("ada".to_string()));
/// assert_eq!(prompt.secret("Password: ", &mut out)?, Some("secret".to_string()));
/// assert_eq!(prompt.line("Email address: ", &mut out)?, None);
/// assert_eq!(String::from_utf8(out).unwrap(), "Username: Password: \nEmail address: ");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct ScriptedPrompt<R> {
    input: R,
}

impl<R: BufRead> ScriptedPrompt<R> {
    /// Answers from `input`.
    pub fn new(input: R) -> ScriptedPrompt<R> {
        ScriptedPrompt { input }
    }
}

impl<R: BufRead> Prompt for ScriptedPrompt<R> {
    fn line(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        write!(out, "{question}")?;
        out.flush()?;
        let mut answer = String::new();
        match self.input.read_line(&mut answer)? {
            0 => Ok(None),
            _ => Ok(Some(answer.trim_end_matches(['\r', '\n']).to_owned())),
        }
    }

    fn secret(&mut self, question: &str, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        // A terminal would end the hidden line with the user's Enter.
        let answer = self.line(question, out)?;
        writeln!(out)?;
        Ok(answer)
    }
}
