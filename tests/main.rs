//! The integration tests: one binary, so typst is linked once.

mod batch;
mod cli;
mod common;
mod diff;
mod formats;
mod input;
mod narrative;
mod packs;
mod pdf;
mod published;
mod units;
mod validate;
