//! Django on the servers: one `worker.py server` process a server, with
//! psycopg or mysqlclient, prepared again for each case; it times its own
//! loops, so the pipe is not part of any figure.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use model_runtime::Backend;
use serde_json::json;

use super::cases::Case;
use super::server::Database;
use crate::competitors::python::{Python, Worker};
use crate::method::Session;
use crate::Result;

/// The worker of one server, shared by the sessions of its cases.
#[derive(Clone)]
pub struct Django(Rc<RefCell<Worker>>);

impl Django {
    /// Starts Django on `database`, with the server's own driver.
    pub fn start(python: &Python, database: &Database) -> Result<Django> {
        let engine = match database.server.backend {
            Backend::Postgres => "django.db.backends.postgresql",
            _ => "django.db.backends.mysql",
        };
        let worker = python.worker(&["server", engine, &database.url()], None)?;
        Ok(Django(Rc::new(RefCell::new(worker))))
    }

    /// Prepares `case` on the worker; the session runs it.
    pub fn session(&self, case: &Case) -> Result<Box<dyn Session>> {
        self.0.borrow_mut().request(json!({
            "cmd": "prepare",
            "workload": case.workload.key(),
            "size": case.size,
            "names": case.names(),
            "keys": case.keys(),
        }))?;
        Ok(Box::new(self.clone()))
    }
}

impl Session for Django {
    fn reset(&mut self) -> Result<()> {
        self.0.borrow_mut().reset()
    }

    fn once(&mut self) -> Result<usize> {
        self.0.borrow_mut().once()
    }

    fn run(&mut self, iterations: u64) -> Result<(Duration, usize)> {
        self.0.borrow_mut().run(iterations)
    }
}
