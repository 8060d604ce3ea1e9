//! Brotli at its best quality and gzip at level 9, for the browser's files when the site is
//! prepared (`markkartan prepare-site`); and quicker levels for what the server compresses once
//! while a client waits and then keeps (the vector tiles).
//!
//! A crate of its own for one reason: Rust compiles a generic function in the crate that calls
//! it, at that crate's optimisation level, and brotli's encoder is generic over its allocator.
//! Called from the server's debug build (tests, `./dev run`) it ran unoptimised: 77 s for the
//! two WASM bundles on every test run. Here, with `[profile.dev.package.markkartan-precompress]`
//! at `opt-level = 3`, it is compiled optimised in every build.

use std::io::Write;

/// `bytes` as brotli at quality 11 with a 4 MiB window.
pub fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    brotli_at(bytes, 11, 22)
}

/// `bytes` as brotli at quality 5 with a 1 MiB window: well under a millisecond for a vector
/// tile of 17 KB, to 4.5 KB (quality 11 makes 4.1 KB in tens of milliseconds, too long for the
/// client that asked first to wait).
pub fn brotli_quick(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    brotli_at(bytes, 5, 20)
}

fn brotli_at(bytes: &[u8], quality: u32, window: u32) -> std::io::Result<Vec<u8>> {
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 64 * 1024, quality, window);
        writer.write_all(bytes)?;
    }
    Ok(compressed)
}

/// `bytes` as gzip at level 9.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    gzip_at(bytes, flate2::Compression::best())
}

/// `bytes` as gzip at zlib's default level, 6.
pub fn gzip_quick(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    gzip_at(bytes, flate2::Compression::default())
}

fn gzip_at(bytes: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), level);
    gzip.write_all(bytes)?;
    gzip.finish()
}
