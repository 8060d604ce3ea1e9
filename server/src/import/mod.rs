//! Plot import: reading a GeoJSON, GeoPackage or zipped Shapefile into features (a geometry
//! and attributes as text) with the coordinate system the file names; keeping it as a draft
//! staff preview on the map; and writing it, all or nothing.
//!
//! Reprojection and every geometry check happen in PostGIS (db::import), in one query for
//! the preview and again inside the commit's transaction.

mod draft;
pub mod read;

pub use draft::{CommitRefused, ReviewRefused, cancel, commit, preview, update, upload};
pub use read::{ImportFile, SourceFeature, read_file};
