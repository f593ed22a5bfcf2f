//! `createsuperuser`: Django's, asking for the username, the email address
//! and the password twice, or taking them from the command line and the
//! environment with `--noinput`.

use std::io::Write;

use model_manage::{CommandError, Result, Settings};
use model_runtime::prelude::*;
use model_runtime::Connection;

use super::Prompt;
use crate::password::{validate_password, UserAttributes};
use crate::{create_superuser, user, User};

/// Where `--noinput` takes the password from, as Django's
/// `DJANGO_SUPERUSER_PASSWORD`.
pub const PASSWORD_VARIABLE: &str = "MODEL_SUPERUSER_PASSWORD";

/// `createsuperuser [--noinput] [--username U] [--email E]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct CreatesuperuserArgs {
    /// Ask nothing: the username and email come from the options (or
    /// `MODEL_SUPERUSER_USERNAME` and `MODEL_SUPERUSER_EMAIL`), the password
    /// from `MODEL_SUPERUSER_PASSWORD`, and a password the validators refuse
    /// is refused.
    #[arg(long = "noinput", visible_alias = "no-input")]
    pub no_input: bool,
    /// The username.
    #[arg(long)]
    pub username: Option<String>,
    /// The email address.
    #[arg(long)]
    pub email: Option<String>,
}

/// Creates a superuser (active, staff, every permission), asking `prompt`
/// what the arguments leave out, as Django does: a taken or invalid
/// username is asked again, the password twice until both match, and a
/// password the validators refuse is taken only when the user answers `y`
/// to "Bypass password validation and create user anyway?". Nothing is
/// written until every answer is in; the password never appears in the
/// output.
///
/// ```
/// use model_auth::commands::{createsuperuser, CreatesuperuserArgs, ScriptedPrompt};
/// # let dir = std::env::temp_dir().join(format!("createsuperuser-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # let url = dir.join("db.sqlite3").to_string_lossy().into_owned();
/// let settings = model_manage::Settings::new().database_url(url).installed_apps(["auth", "sessions"]);
/// model_manage::migrate(&settings, &Default::default(), &mut Vec::new())?;
///
/// let answers = "ada\nada@example.com\nshort\nshort\n\nlemon-meringue-pie\nlemon-meringue-pie\n";
/// let mut out = Vec::new();
/// let ada = createsuperuser(&settings, &CreatesuperuserArgs::default(), &mut ScriptedPrompt::new(answers.as_bytes()), &mut out)?;
/// assert!(ada.is_superuser && ada.check_password("lemon-meringue-pie"));
/// let out = String::from_utf8(out).unwrap();
/// assert!(out.contains("This password is too short. It must contain at least 8 characters.\n"));
/// assert!(out.ends_with("Superuser created successfully.\n"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn createsuperuser(
    settings: &Settings,
    args: &CreatesuperuserArgs,
    prompt: &mut dyn Prompt,
    out: &mut dyn Write,
) -> Result<User> {
    let mut conn = super::connect_migrated(settings)?;
    let user = if args.no_input {
        without_input(&mut conn, args)?
    } else {
        asked(&mut conn, args, prompt, out)?
    };
    let created =
        create_superuser(&mut conn, &user.username, &user.email, &user.password).map_err(super::failed)?;
    writeln!(out, "Superuser created successfully.")?;
    Ok(created)
}

/// The answers, before the user is made.
struct Answers {
    username: String,
    email: String,
    password: String,
}

fn without_input(conn: &mut Connection, args: &CreatesuperuserArgs) -> Result<Answers> {
    let username = args
        .username
        .clone()
        .or_else(|| std::env::var("MODEL_SUPERUSER_USERNAME").ok())
        .ok_or_else(|| refused("--noinput needs --username (or MODEL_SUPERUSER_USERNAME)"))?;
    let email = args
        .email
        .clone()
        .or_else(|| std::env::var("MODEL_SUPERUSER_EMAIL").ok())
        .unwrap_or_default();
    let password = std::env::var(PASSWORD_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| refused(&format!("--noinput needs the password in {PASSWORD_VARIABLE}")))?;
    if let Some(problem) = username_problem(conn, &username)? {
        return Err(refused(&problem));
    }
    check_email(&email).map_err(|problem| refused(&problem))?;
    let attributes = UserAttributes {
        username: &username,
        email: &email,
        first_name: "",
        last_name: "",
    };
    if let Err(problems) = validate_password(&password, &attributes) {
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(refused(&format!(
            "the password in {PASSWORD_VARIABLE} is refused: {}",
            problems.join(" ")
        )));
    }
    Ok(Answers {
        username,
        email,
        password,
    })
}

fn asked(
    conn: &mut Connection,
    args: &CreatesuperuserArgs,
    prompt: &mut dyn Prompt,
    out: &mut dyn Write,
) -> Result<Answers> {
    let username = match &args.username {
        Some(given) => match username_problem(conn, given)? {
            Some(problem) => return Err(refused(&problem)),
            None => given.clone(),
        },
        None => ask_username(conn, prompt, out)?,
    };
    let email = match &args.email {
        Some(given) => {
            check_email(given).map_err(|problem| refused(&problem))?;
            given.clone()
        }
        None => loop {
            let email = answer(prompt.line("Email address: ", out)?)?;
            match check_email(&email) {
                Ok(()) => break email,
                Err(problem) => writeln!(out, "Error: {problem}")?,
            }
        },
    };
    let password = ask_password(&username, &email, prompt, out)?;
    Ok(Answers {
        username,
        email,
        password,
    })
}

fn ask_username(conn: &mut Connection, prompt: &mut dyn Prompt, out: &mut dyn Write) -> Result<String> {
    // Django offers the login name of the person at the terminal.
    let default = std::env::var("USER")
        .ok()
        .filter(|name| !name.is_empty() && crate::validate_username(name).is_ok());
    let default = match default {
        Some(name) if username_problem(conn, &name)?.is_none() => Some(name),
        _ => None,
    };
    let question = match &default {
        Some(name) => format!("Username (leave blank to use '{name}'): "),
        None => "Username: ".to_owned(),
    };
    loop {
        let mut username = answer(prompt.line(&question, out)?)?;
        if username.is_empty() {
            match &default {
                Some(name) => username = name.clone(),
                None => {
                    writeln!(out, "Error: This field cannot be blank.")?;
                    continue;
                }
            }
        }
        match username_problem(conn, &username)? {
            None => return Ok(username),
            Some(problem) => writeln!(out, "Error: {problem}")?,
        }
    }
}

fn ask_password(username: &str, email: &str, prompt: &mut dyn Prompt, out: &mut dyn Write) -> Result<String> {
    loop {
        let password = answer(prompt.secret("Password: ", out)?)?;
        let again = answer(prompt.secret("Password (again): ", out)?)?;
        if password != again {
            writeln!(out, "Error: Your passwords didn't match.")?;
            continue;
        }
        if password.trim().is_empty() {
            writeln!(out, "Error: Blank passwords aren't allowed.")?;
            continue;
        }
        let attributes = UserAttributes {
            username,
            email,
            first_name: "",
            last_name: "",
        };
        if let Err(problems) = validate_password(&password, &attributes) {
            for problem in problems {
                writeln!(out, "{problem}")?;
            }
            let bypass =
                answer(prompt.line("Bypass password validation and create user anyway? [y/N]: ", out)?)?;
            if !bypass.trim().eq_ignore_ascii_case("y") {
                continue;
            }
        }
        return Ok(password);
    }
}

/// What is wrong with `username` as a new user's, if anything.
fn username_problem(conn: &mut Connection, username: &str) -> Result<Option<String>> {
    if username.is_empty() {
        return Ok(Some("This field cannot be blank.".into()));
    }
    if username.chars().count() > 150 {
        return Ok(Some("Ensure this value has at most 150 characters.".into()));
    }
    if let Err(problem) = crate::validate_username(username) {
        return Ok(Some(problem));
    }
    let taken = User::objects()
        .filter(user::username.eq(username.to_owned()))
        .exists(conn)?;
    Ok(taken.then(|| "That username is already taken.".into()))
}

/// Django's `EmailValidator`, in short: empty, or one `@` between a local
/// part and a domain with a dot, no spaces.
fn check_email(email: &str) -> std::result::Result<(), String> {
    if email.is_empty() {
        return Ok(());
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && email.chars().count() <= 254
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    match valid {
        true => Ok(()),
        false => Err("Enter a valid email address.".into()),
    }
}

/// An answer, or the command cancelled when the input ended.
fn answer(answer: Option<String>) -> Result<String> {
    answer.ok_or_else(|| refused("Operation cancelled: the input ended before every answer was given."))
}

fn refused(message: &str) -> CommandError {
    CommandError::Refused(message.to_owned())
}
