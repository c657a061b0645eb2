//! Loading feature files into a [`Suite`] of runnable, compiled scenarios.

mod discover;
mod invalid;
mod load;
mod model;
pub mod parse;
mod tags;

pub use discover::{Discovered, FeatureFile, discover};
pub use load::{LoadOptions, Loaded, Selection, load};
pub use model::{Compiled, Feature, Scenario, Step, Suite};
pub use tags::TagFilter;
