//! Hostile input and faults: every case ends with a clear error or a
//! correct result, and nothing is lost. A module per class of fault.

mod files;
mod literals;
mod secrets;
mod values;
