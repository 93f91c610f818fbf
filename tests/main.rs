//! The integration tests: one binary, so typst is linked once.

mod cli;
mod common;
mod input;
mod narrative;
mod pdf;
mod published;
mod units;
mod validate;
