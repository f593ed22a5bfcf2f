//! `manage runserver [addr:port]`: serves the discovered admin site.

use std::io::Write;
use std::net::SocketAddr;

use model_manage::clap::{Arg, ArgMatches, Command};
use model_manage::{CommandError, ManageCommand, Settings};

/// Where `runserver` listens unless told otherwise, as Django's.
pub const DEFAULT_ADDRESS: &str = "127.0.0.1:8000";

/// Connections the server's pool keeps open.
const POOL_SIZE: u32 = 8;

/// The address `runserver` was given: `addr:port`, a port alone (on
/// 127.0.0.1), or nothing (the default).
///
/// ```
/// use model_admin::runserver_address;
///
/// assert_eq!(runserver_address(None).unwrap().to_string(), "127.0.0.1:8000");
/// assert_eq!(runserver_address(Some("8080")).unwrap().to_string(), "127.0.0.1:8080");
/// assert_eq!(runserver_address(Some("0.0.0.0:80")).unwrap().to_string(), "0.0.0.0:80");
/// assert!(runserver_address(Some("localhost:x")).is_err());
/// ```
///
/// # Errors
///
/// [`CommandError::Refused`] naming what could not be read.
pub fn runserver_address(given: Option<&str>) -> Result<SocketAddr, CommandError> {
    let given = given.unwrap_or(DEFAULT_ADDRESS);
    let text = if given.chars().all(|c| c.is_ascii_digit()) {
        format!("127.0.0.1:{given}")
    } else {
        given.to_owned()
    };
    text.parse().map_err(|_| {
        CommandError::Refused(format!(
            "`{given}` is not an address and port (such as {DEFAULT_ADDRESS}) or a port number"
        ))
    })
}

/// Serves the site every linked crate declared with
/// [`register_admin!`](crate::register_admin) at `address`, until the
/// process is stopped.
///
/// # Errors
///
/// A registration the site refuses ([`AdminError`](crate::AdminError)),
/// a database that cannot be opened, an address that cannot be bound.
pub fn runserver(settings: &Settings, address: SocketAddr, out: &mut dyn Write) -> Result<(), CommandError> {
    let site = crate::discover().build().map_err(other)?;
    let pool = model_runtime::pool(settings.url(), POOL_SIZE)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CommandError::Output)?;
    let app = crate::router(site, pool);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| CommandError::Refused(format!("cannot listen on {address}: {e}")))?;
        let bound = listener.local_addr().map_err(CommandError::Output)?;
        writeln!(out, "Starting development server at http://{bound}/admin/")?;
        writeln!(out, "Quit the server with CONTROL-C.")?;
        out.flush()?;
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .map_err(CommandError::Output)
    })
}

fn other(error: crate::AdminError) -> CommandError {
    CommandError::Other(Box::new(error))
}

fn command() -> Command {
    Command::new("runserver")
        .about("Serve the admin site, at http://127.0.0.1:8000/admin/ unless told another address")
        .arg(
            Arg::new("addrport")
                .value_name("ADDR:PORT")
                .help("Where to listen (default 127.0.0.1:8000)"),
        )
}

fn run(args: &ArgMatches, settings: &Settings, out: &mut dyn Write) -> Result<bool, CommandError> {
    let address = runserver_address(args.get_one::<String>("addrport").map(String::as_str))?;
    runserver(settings, address, out).map(|()| true)
}

model_manage::register_command!(ManageCommand::new("runserver", command, run));
