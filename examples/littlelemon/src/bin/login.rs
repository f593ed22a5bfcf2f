//! Logs a user in through `model-auth`'s library API, says whether they
//! may change the menu, and logs them out: what a web app does across
//! requests, without one. `cargo run -p littlelemon --bin login -- ada`
//! asks for the password (read from stdin when it is not a terminal).
//!
//! Exits with 0 when the user logged in, 1 on a wrong username or
//! password (or too many failed attempts), 2 on a usage error.

use std::io::IsTerminal;
use std::process::ExitCode;

use model_auth::commands::{Prompt, ScriptedPrompt, TerminalPrompt};
use model_auth::{authenticate, get_user, login, logout, Credentials, SessionStore};
use model_runtime::Settings;

// Links the app's crate, which registers its models and permissions.
use littlelemon as _;

fn main() -> ExitCode {
    let Some(username) = std::env::args().nth(1) else {
        eprintln!("usage: login USERNAME (the password is asked, or read from stdin)");
        return ExitCode::from(2);
    };
    match run(&username) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(username: &str) -> Result<bool, Box<dyn std::error::Error>> {
    let settings = Settings::from_env();
    settings.check_env()?;
    let mut prompt: Box<dyn Prompt> = match std::io::stdin().is_terminal() {
        true => Box::new(TerminalPrompt),
        false => Box::new(ScriptedPrompt::new(std::io::stdin().lock())),
    };
    let password = prompt
        .secret("Password: ", &mut std::io::stderr())?
        .ok_or("no password was given")?;
    let mut conn = settings.connect()?;

    let credentials = Credentials {
        username,
        password: &password,
        client: None,
    };
    let Some(user) = authenticate(&mut conn, &credentials)? else {
        eprintln!("error: wrong username or password");
        return Ok(false);
    };
    // A web app keeps the session's key in a cookie between requests.
    let mut session = SessionStore::new();
    login(&mut conn, &mut session, &user)?;
    let current = get_user(&mut conn, &mut session)?.ok_or("the new session has no user")?;
    let may_change = current.has_perm(&mut conn, "littlelemon.change_menu")?;
    logout(&mut conn, &mut session)?;
    println!(
        "Logged in as {}: may change menus: {}. Logged out.",
        current.username,
        if may_change { "yes" } else { "no" }
    );
    Ok(true)
}
