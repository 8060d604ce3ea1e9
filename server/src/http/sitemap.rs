//! What search engines read: `robots.txt` (everything public, nothing under `/personal`) and
//! `sitemap.xml` listing every public page and every published plot's fact sheet, each with
//! its Swedish and English address, so a company searching for "verksamhetsmark Norrtälje"
//! finds the fact sheets.

use axum::{
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use markkartan_app::domain::Lang;

use super::{AppState, Error};
use crate::catalog;

/// The public pages that stand on their own (search results and sent forms do not).
const PAGES: [&str; 6] = [
    "/",
    "/tomter",
    "/planer",
    "/sammanhangande",
    "/intresse",
    "/tillganglighet",
];

pub async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = state.site.origin(&headers);
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /personal\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
        ),
    )
        .into_response()
}

pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let base = state.site.origin(&headers);
    let catalog::SitemapPages { plots, plans } = catalog::sitemap_pages(&state.pool).await?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in PAGES {
        entry(&mut xml, &base, page, None);
    }
    for (id, updated_at) in plots {
        let modified = updated_at.format("%Y-%m-%d").to_string();
        entry(&mut xml, &base, &format!("/tomt/{id}"), Some(&modified));
    }
    for (path, updated_at) in plans {
        let modified = updated_at.format("%Y-%m-%d").to_string();
        entry(&mut xml, &base, &path, Some(&modified));
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

/// One `<url>` per language, each naming both (as the sitemap protocol asks for alternates).
/// The paths are the app's own and the origin a configured one; escaped all the same.
fn entry(xml: &mut String, base: &str, path: &str, modified: Option<&str>) {
    let address = |lang: Lang| {
        format!("{base}{}", lang.href(path))
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    for lang in [Lang::Sv, Lang::En] {
        xml.push_str("  <url>\n");
        xml.push_str(&format!("    <loc>{}</loc>\n", address(lang)));
        if let Some(modified) = modified {
            xml.push_str(&format!("    <lastmod>{modified}</lastmod>\n"));
        }
        for alternate in [Lang::Sv, Lang::En] {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                alternate.code(),
                address(alternate)
            ));
        }
        xml.push_str("  </url>\n");
    }
}
