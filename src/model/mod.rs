//! The domain: questions, lanes, the board and its invariants. No I/O, no terminal, no clock.

pub mod adr;
mod board;
pub mod dates;
pub mod depgraph;
pub mod diff;
mod draft;
pub mod edit;
mod field;
pub mod filter;
pub mod index;
pub mod merge;
pub mod minutes;
pub mod plan;
mod question;
pub mod quick;
mod repair;
pub mod review;
pub mod snapshot;
pub mod text;
pub mod trend;

pub use board::{Board, BoardError, FORMAT_VERSION, QuestionEdit, Settle};
pub use draft::Draft;
pub use field::Field;
pub use question::{Change, Door, Event, FieldConflict, Lane, Name, Question, Status};
