//! Markkartan's server: configuration, the database layer (all SQL lives in [`db`]) and HTTP.

pub mod assets;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod db;
pub mod generate;
pub mod geometry;
pub mod geopackage;
pub mod http;
pub mod import;
pub mod insights;
pub mod interest;
pub mod mail;
pub mod meetings;
pub mod planning;
pub mod proposals;
pub mod sample;
pub mod surveys;
pub mod tile_cache;
pub mod workspace;
