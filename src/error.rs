//! The errors that stop a run (exit 1). Row problems are not errors: they are reported and counted.

use std::fmt;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file that cannot be used at all.
    #[error("{file}: {message}")]
    Input { file: String, message: String },
    /// An input file whose header lacks a column the profile requires: another profile may read it.
    #[error("{file}: {message}")]
    Columns { file: String, message: String },
    /// A config, profile, contacts or template file that is wrong.
    #[error("{file}: {message}")]
    Config { file: String, message: String },
    /// A template that does not produce a valid document.
    #[error("template {template}: {message}")]
    Template { template: String, message: String },
    /// A command-line value that is wrong (exit 2, like clap's own usage errors).
    #[error("{0}")]
    Usage(String),
    /// The output folder cannot be written.
    #[error("{path}: {message}")]
    Output { path: String, message: String },
}

impl Error {
    pub fn input(file: &str, message: String) -> Error {
        Error::Input {
            file: file.to_string(),
            message,
        }
    }
    pub fn config(file: &str, message: impl fmt::Display) -> Error {
        Error::Config {
            file: file.to_string(),
            message: message.to_string(),
        }
    }
    pub fn output(path: &std::path::Path, message: impl fmt::Display) -> Error {
        Error::Output {
            path: path.display().to_string(),
            message: message.to_string(),
        }
    }
}
