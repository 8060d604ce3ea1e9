//! Markkartan's integration tests: the whole router and the real PostGIS that `./dev test`
//! starts, one module per part of the product. One test binary, so the server and its
//! dependencies are linked once (not once per file), and `common` is shared as a module.

mod common;

mod api;
mod boundary;
mod compare;
mod concurrency;
mod contacts;
mod downloads;
mod fact_sheet;
mod feed;
mod first_visit;
mod geometry;
mod import;
mod inbox;
mod insights;
mod instances;
mod interest;
mod land;
mod land_use;
mod mail;
mod map_view;
mod meetings;
mod ogc;
mod ogc_tiles;
mod ogc_write;
mod outage;
mod overlap;
mod place;
mod planning;
mod proposals;
mod sample;
mod schema;
mod search;
mod security;
mod staff;
