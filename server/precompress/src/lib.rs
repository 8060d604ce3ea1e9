//! Brotli at its best quality and gzip at level 9, for the browser's files when the site is
//! prepared (`markkartan prepare-site`).
//!
//! A crate of its own for one reason: Rust compiles a generic function in the crate that calls
//! it, at that crate's optimisation level, and brotli's encoder is generic over its allocator.
//! Called from the server's debug build (tests, `./dev run`) it ran unoptimised: 77 s for the
//! two WASM bundles on every test run. Here, with `[profile.dev.package.markkartan-precompress]`
//! at `opt-level = 3`, it is compiled optimised in every build.

use std::io::Write;

/// `bytes` as brotli at quality 11 with a 4 MiB window.
pub fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(compressed)
}

/// `bytes` as gzip at level 9.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(bytes)?;
    gzip.finish()
}
