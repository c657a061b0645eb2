//! Loading feature files into a [`Suite`] of runnable, compiled scenarios.

mod load;
mod model;
pub mod parse;
mod tags;

pub use load::{FeatureFile, LoadOptions, Loaded, discover, load};
pub use model::{Compiled, Feature, Scenario, Step, Suite};
pub use tags::TagFilter;
