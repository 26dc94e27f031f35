//! The web kit: what pages and the JSON API share — responses and downloads,
//! uploads, form state from a service error, and JSON request bodies.
//!
//! `web/pages` and `web/api` both build on this module and never import each other.

pub mod body;
mod field_labels;
pub mod form;
pub mod respond;
pub mod upload;
