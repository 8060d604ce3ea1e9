//! The browser's files (the WASM half, its script, the style sheet, the icon) as the server
//! sends them: named by a hash of their content, so a browser may keep them for a year and
//! fetches a new name after a change, and compressed once, when the site is built, with brotli
//! and gzip beside each file (`main.<hash>.css.br`) for `ServeDir` to pick by `Accept-Encoding`.
//!
//! `markkartan prepare-site DIR` does this to the folder `./dev` builds (`pkg/markkartan.js`,
//! `pkg/markkartan_bg.wasm` from wasm-bindgen, and the staff bundle's `markkartan-staff.js` and
//! `markkartan-staff_bg.wasm`, `style/*`) and writes [`MANIFEST`], from which
//! the server learns the names. A folder without one (the integration tests') keeps the plain
//! names, which are then not marked immutable.

use std::{
    fs,
    path::{Path, PathBuf},
};

use anyhow::Context;
use markkartan_app::SiteAssets;
use sha2::{Digest, Sha256};

/// The file in the site folder naming the hashed files.
pub const MANIFEST: &str = "assets.json";

/// Folders whose files are served as they are, under `/<folder>/`.
pub const FOLDERS: [&str; 2] = ["pkg", "style"];

/// The names the site folder's files go by, as its manifest says.
pub fn read(site_root: &Path) -> SiteAssets {
    fs::read_to_string(site_root.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_else(SiteAssets::unhashed)
}

/// Renames the built files to hashed names, writes `.br` and `.gz` beside every file, and the
/// manifest. Run once per build, on a folder holding only what the build wrote.
pub fn prepare(site_root: &Path) -> anyhow::Result<SiteAssets> {
    let mut assets = SiteAssets::unhashed();
    assets.public_bundle = hash_bundle(site_root, SiteAssets::PUBLIC_BUNDLE)?;
    assets.staff_bundle = hash_bundle(site_root, SiteAssets::STAFF_BUNDLE)?;
    assets.hashed = true;
    let style = site_root.join("style");
    for path in files_in(&style)? {
        let name = file_name(&path)?;
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
        let hashed = format!(
            "{stem}.{}.{extension}",
            short_hex(&Sha256::digest(fs::read(&path)?))
        );
        fs::rename(&path, style.join(&hashed))?;
        assets
            .files
            .insert(format!("/style/{name}"), format!("/style/{hashed}"));
    }

    for folder in FOLDERS {
        for path in files_in(&site_root.join(folder))? {
            compress(&path)?;
        }
    }
    fs::write(
        site_root.join(MANIFEST),
        serde_json::to_string_pretty(&assets)?,
    )?;
    Ok(assets)
}

/// Renames a bundle's script and WASM to `<name>.<hash>.js` and `<name>.<hash>_bg.wasm`, one
/// hash for the pair (the script is generated for exactly this WASM); returns the new name.
fn hash_bundle(site_root: &Path, name: &str) -> anyhow::Result<String> {
    let pkg = site_root.join("pkg");
    let script = pkg.join(format!("{name}.js"));
    let wasm = pkg.join(format!("{name}_bg.wasm"));
    let mut hasher = Sha256::new();
    for file in [&script, &wasm] {
        hasher.update(fs::read(file).with_context(|| format!("reading {}", file.display()))?);
    }
    let hashed = format!("{name}.{}", short_hex(&hasher.finalize()));
    fs::rename(&script, pkg.join(format!("{hashed}.js")))?;
    fs::rename(&wasm, pkg.join(format!("{hashed}_bg.wasm")))?;
    Ok(hashed)
}

/// Writes `<file>.br` (brotli at its best quality) and `<file>.gz` (gzip level 9).
fn compress(path: &Path) -> anyhow::Result<()> {
    let bytes = fs::read(path)?;
    let with_suffix = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    fs::write(with_suffix(".br"), markkartan_precompress::brotli(&bytes)?)?;
    fs::write(with_suffix(".gz"), markkartan_precompress::gzip(&bytes)?)?;
    Ok(())
}

/// The plain files in `dir` (none when it does not exist), compressed ones left out.
fn files_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let compressed = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
        if path.is_file() && !compressed {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> anyhow::Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .with_context(|| format!("{} has no UTF-8 name", path.display()))
}

/// The first 16 hex digits of a digest: enough to tell builds apart.
fn short_hex(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
