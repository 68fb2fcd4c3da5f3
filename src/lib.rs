//! `unknowns`: keep the open questions of a piece of work, and decide in what order to resolve
//! them. See README.md for the idea and the keys.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod format;
pub mod geometry;
pub mod git;
pub mod hash;
pub mod model;
pub mod runtime;
pub mod store;
pub mod team;
pub mod ui;
