//! What a first visit downloads and what a search engine reads: the browser's files under
//! hashed names, precompressed and cached for a year; pages compressed with brotli and
//! revalidated with ETags; robots.txt, the sitemap, meta descriptions and absolute hreflang.

use std::{io::Read, path::PathBuf};

use crate::common::{TestDb, body_text, get};
use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
    response::Response,
};
use markkartan_server::assets;
use tower::ServiceExt;

async fn get_with(router: &Router, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body_bytes(response: Response) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .unwrap()
        .to_vec()
}

fn header_of(response: &Response, name: header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A site folder as `./dev` builds it before `prepare-site`: made-up script, WASM and styles.
struct Site(PathBuf);

impl Site {
    fn built() -> Site {
        let dir = std::env::temp_dir().join(format!(
            "markkartan-site-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::create_dir_all(dir.join("style")).unwrap();
        for bundle in ["markkartan", "markkartan-staff"] {
            std::fs::write(
                dir.join(format!("pkg/{bundle}.js")),
                format!("export default function init() {{}} // {bundle}\n").repeat(50),
            )
            .unwrap();
            let mut wasm = wasm_like();
            wasm.extend(bundle.as_bytes());
            std::fs::write(dir.join(format!("pkg/{bundle}_bg.wasm")), wasm).unwrap();
        }
        std::fs::write(
            dir.join("style/main.css"),
            "body { margin: 0 }\n".repeat(200),
        )
        .unwrap();
        std::fs::write(
            dir.join("style/favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        Site(dir)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compressible bytes that start like a WASM module.
fn wasm_like() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    bytes.extend((0..200_000u32).map(|i| (i % 251) as u8));
    bytes
}

#[tokio::test]
async fn the_browser_files_are_hashed_precompressed_and_cached_for_a_year() {
    let site = Site::built();
    let prepared = assets::prepare(&site.0).unwrap();
    assert!(prepared.hashed);
    assert!(
        prepared.public_bundle.starts_with("markkartan.") && prepared.public_bundle.len() == 27
    );
    assert!(prepared.staff_bundle.starts_with("markkartan-staff."));
    assert_eq!(assets::read(&site.0), prepared, "the manifest reads back");
    let css = prepared.href("/style/main.css");
    assert!(
        css.starts_with("/style/main.") && css.ends_with(".css") && css.len() > 20,
        "{css}"
    );

    let db = TestDb::with_sample().await;
    let site_root = site.0.to_string_lossy().to_string();
    let router = db.router_with(|config| config.site_root = site_root);

    // The page names the hashed files (and they exist), so a new build is a new name. Public
    // pages get the public bundle; the workspace's pages the staff bundle, which has them.
    let page = body_text(get(&router, "/").await).await;
    let script = format!("/pkg/{}.js", prepared.public_bundle);
    let wasm = format!("/pkg/{}_bg.wasm", prepared.public_bundle);
    for path in [&script, &wasm, &css, &prepared.href("/style/favicon.svg")] {
        assert!(page.contains(path.as_str()), "the page names {path}");
    }
    assert!(
        !page.contains(&prepared.staff_bundle),
        "no staff bundle on a public page"
    );
    let sign_in = body_text(get(&router, "/personal/logga-in").await).await;
    assert!(sign_in.contains(&format!("/pkg/{}_bg.wasm", prepared.staff_bundle)));
    assert!(!sign_in.contains(&format!("/pkg/{}_bg.wasm", prepared.public_bundle)));
    let staff_wasm = get(&router, &format!("/pkg/{}_bg.wasm", prepared.staff_bundle)).await;
    assert_eq!(staff_wasm.status(), StatusCode::OK);

    let mut original = wasm_like();
    original.extend(b"markkartan");
    let brotli = get_with(&router, &wasm, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(brotli.status(), StatusCode::OK);
    assert_eq!(header_of(&brotli, header::CONTENT_ENCODING), "br");
    assert_eq!(header_of(&brotli, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header_of(&brotli, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let compressed = body_bytes(brotli).await;
    assert!(
        compressed.len() * 10 < original.len(),
        "{} bytes",
        compressed.len()
    );
    let mut unpacked = Vec::new();
    brotli::Decompressor::new(compressed.as_slice(), 4096)
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, original);

    let gzip = get_with(&router, &wasm, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), "gzip");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(body_bytes(gzip).await.as_slice())
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, original);

    let plain = get_with(&router, &wasm, &[]).await;
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
    assert_eq!(body_bytes(plain).await, original);

    let style = get_with(&router, &css, &[("accept-encoding", "br")]).await;
    assert_eq!(header_of(&style, header::CONTENT_ENCODING), "br");
    assert!(header_of(&style, header::CACHE_CONTROL).contains("immutable"));

    // A name that is not there is not cached for a year.
    let missing = get(&router, "/pkg/markkartan.0000000000000000_bg.wasm").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(!header_of(&missing, header::CACHE_CONTROL).contains("immutable"));
    db.drop_database().await;
}

#[tokio::test]
async fn a_site_folder_not_prepared_keeps_its_names_and_is_revalidated() {
    let site = Site::built();
    let db = TestDb::with_sample().await;
    let site_root = site.0.to_string_lossy().to_string();
    let router = db.router_with(|config| config.site_root = site_root);
    let page = body_text(get(&router, "/").await).await;
    assert!(page.contains("/pkg/markkartan.js") && page.contains("/style/main.css"));
    let sign_in = body_text(get(&router, "/personal/logga-in").await).await;
    assert!(sign_in.contains("/pkg/markkartan-staff.js"));
    let style = get(&router, "/style/main.css").await;
    assert_eq!(style.status(), StatusCode::OK);
    assert_eq!(header_of(&style, header::CACHE_CONTROL), "no-cache");
    db.drop_database().await;
}

#[tokio::test]
async fn pages_are_sent_with_brotli_and_revalidated_with_an_etag() {
    let db = TestDb::with_sample().await;
    let router = db.router();
    let first = get_with(&router, "/tomter", &[("accept-encoding", "br")]).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header_of(&first, header::CONTENT_ENCODING), "br");
    assert_eq!(header_of(&first, header::CACHE_CONTROL), "no-cache");
    let tag = header_of(&first, header::ETAG);
    assert!(tag.starts_with("W/\""), "{tag}");

    // Rendered again (with a new nonce): the same tag, so the browser's copy is still good.
    let again = get(&router, "/tomter").await;
    assert_eq!(header_of(&again, header::ETAG), tag);
    assert_ne!(
        header_of(&again, header::CONTENT_SECURITY_POLICY),
        header_of(&first, header::CONTENT_SECURITY_POLICY),
        "each rendering has its own nonce"
    );
    assert_eq!(header_of(&first, header::VARY), "accept-encoding");
    let unchanged = get_with(&router, "/tomter", &[("if-none-match", &tag)]).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&unchanged, header::ETAG), tag);
    // A cache keeps the 304's Vary with the page it revalidates: the same as the page's.
    assert_eq!(header_of(&unchanged, header::VARY), "accept-encoding");
    // The kept page keeps the policy with its own nonce.
    assert_eq!(header_of(&unchanged, header::CONTENT_SECURITY_POLICY), "");
    assert!(body_bytes(unchanged).await.is_empty());

    // A change on the page is a new tag and the whole page.
    sqlx::query("UPDATE plots SET status = 'sold' WHERE designation = 'Görla 9:12'")
        .execute(&db.pool)
        .await
        .unwrap();
    let changed = get_with(&router, "/tomter", &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(header_of(&changed, header::ETAG), tag);

    // Staff pages are never kept, so they carry no tag.
    let sign_in = get(&router, "/personal/logga-in").await;
    assert_eq!(header_of(&sign_in, header::ETAG), "");
    assert_eq!(header_of(&sign_in, header::CACHE_CONTROL), "no-store");
    db.drop_database().await;
}

#[tokio::test]
async fn robots_and_the_sitemap_lead_search_engines_to_every_fact_sheet() {
    let db = TestDb::with_sample().await;
    let router = db.router_with(|config| {
        config.public_url = Some("https://markkartan.example.se".into());
    });
    let robots = body_text(get(&router, "/robots.txt").await).await;
    assert!(robots.contains("Disallow: /personal"), "{robots}");
    assert!(robots.contains("Sitemap: https://markkartan.example.se/sitemap.xml"));

    sqlx::query("UPDATE plots SET published = false WHERE designation = 'Görla 9:16'")
        .execute(&db.pool)
        .await
        .unwrap();
    let response = get(&router, "/sitemap.xml").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_of(&response, header::CONTENT_TYPE).starts_with("application/xml"));
    let sitemap = body_text(response).await;
    let published: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM plots WHERE published ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert!(!published.is_empty());
    for id in &published {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://markkartan.example.se/tomt/{id}</loc>"
            )),
            "plot {id}"
        );
        assert!(sitemap.contains(&format!(
            "hreflang=\"en\" href=\"https://markkartan.example.se/tomt/{id}?lang=en\""
        )));
    }
    let hidden = db.plot_id("Görla 9:16").await;
    assert!(
        !sitemap.contains(&format!("/tomt/{hidden}<")),
        "unpublished plot listed"
    );
    for page in ["/tomter", "/planer", "/intresse", "/tillganglighet"] {
        assert!(sitemap.contains(&format!("<loc>https://markkartan.example.se{page}</loc>")));
    }
    assert!(!sitemap.contains("/personal"));
    db.drop_database().await;
}

#[tokio::test]
async fn every_public_page_has_a_description_and_absolute_language_links() {
    let db = TestDb::with_sample().await;
    let router = db.router_with(|config| {
        config.public_url = Some("https://markkartan.example.se".into());
    });
    let plot = db.plot_id("Görla 9:12").await;
    let fact_sheet = format!("/tomt/{plot}");
    for path in [
        "/",
        "/tomter",
        "/planer",
        "/sammanhangande",
        "/intresse",
        "/tillganglighet",
        "/sok?q=G%C3%B6rla",
        fact_sheet.as_str(),
    ] {
        let page = body_text(get(&router, path).await).await;
        let descriptions = page.matches("<meta name=\"description\"").count();
        assert_eq!(descriptions, 1, "{path}: one description");
        let bare = path.split('?').next().unwrap();
        for lang in ["sv", "en"] {
            let link = page
                .split("<link ")
                .find(|tag| tag.contains(&format!("hreflang=\"{lang}\"")))
                .unwrap_or_else(|| panic!("{path}: no {lang} link"));
            assert!(
                link.starts_with(&format!("href=\"https://markkartan.example.se{bare}")),
                "{path}: the {lang} link is absolute: {link}"
            );
        }
        assert!(page.contains("rel=\"icon\""), "{path}: an icon");
    }
    db.drop_database().await;
}
