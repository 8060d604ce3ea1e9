//! Where the site is and whom it believes: the public address absolute links use, the origins
//! a sign-in may come from, the proxies whose `X-Forwarded-For` counts, and the security
//! headers on every response (a Content-Security-Policy that allows only the app's own scripts,
//! styles and images, with the nonce Leptos puts on its hydration script).

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderName, HeaderValue, header},
    response::Response,
};

use std::sync::Arc;

use crate::{auth::SESSION_COOKIE, config::Config};

#[derive(Clone, Debug)]
pub struct Site {
    /// `MARKKARTAN_PUBLIC_URL` without a trailing slash, e.g. `https://markkartan.norrtalje.se`.
    public_url: Option<Arc<str>>,
    /// `MARKKARTAN_ALLOWED_HOSTS`: `host[:port]` a request's `Host` may name for absolute links,
    /// each with its origin (`http://host`), made once.
    allowed_hosts: Vec<(String, Arc<str>)>,
    /// Absolute links when neither of the above applies: the address the server listens on.
    fallback_origin: Arc<str>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The base map's tile host, allowed as an image source.
    basemap_origin: Option<String>,
    /// The policy of every response that is not a page, made once.
    policy_without_nonce: HeaderValue,
}

impl Site {
    pub fn from_config(config: &Config) -> Site {
        let port = config.addr.port();
        let fallback_origin = if config.addr.ip().is_unspecified() {
            format!("http://localhost:{port}")
        } else {
            format!("http://{}", config.addr)
        };
        let mut site = Site {
            public_url: config
                .public_url
                .as_deref()
                .map(str::trim)
                .filter(|url| !url.is_empty())
                .map(|url| Arc::from(url.trim_end_matches('/'))),
            allowed_hosts: config
                .allowed_hosts
                .iter()
                .map(|host| host.trim().to_ascii_lowercase())
                .filter(|host| !host.is_empty())
                .map(|host| {
                    let origin = Arc::from(format!("http://{host}"));
                    (host, origin)
                })
                .collect(),
            fallback_origin: Arc::from(fallback_origin),
            trusted_proxies: config.trusted_proxies.clone(),
            basemap_origin: config
                .basemap()
                .and_then(|map| tile_origin(&map.url_template)),
            policy_without_nonce: HeaderValue::from_static("default-src 'self'"),
        };
        // The base map's address comes from the configuration, checked as a header's text;
        // one that is not keeps the strictest policy.
        if let Ok(policy) = HeaderValue::from_str(&site.content_security_policy(None)) {
            site.policy_without_nonce = policy;
        }
        site
    }

    /// Served over TLS: cookies are Secure and browsers are told to stay on https (HSTS).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// The origin for absolute links (feed, og:url, og:image): the configured public URL, or
    /// the request's `Host` when it is one of the allowed hosts, else the listening address.
    /// Never an arbitrary `Host`, which anyone can send.
    pub fn origin(&self, headers: &HeaderMap) -> String {
        self.shared_origin(headers).to_string()
    }

    /// [`Site::origin`] as the one text the site keeps for it, allocating nothing: what a tile,
    /// the most frequent answer, is kept under.
    pub fn shared_origin(&self, headers: &HeaderMap) -> Arc<str> {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        request_host(headers)
            .and_then(|host| {
                self.allowed_hosts
                    .iter()
                    .find(|(allowed, _)| allowed.eq_ignore_ascii_case(host))
            })
            .map_or_else(
                || self.fallback_origin.clone(),
                |(_, origin)| origin.clone(),
            )
    }

    /// Whether a browser's `Origin` (or a `Referer`'s origin) is this site: the public URL, an
    /// allowed host, or, with neither configured (development), the host the request was sent
    /// to, which another site's page cannot choose.
    pub fn is_own_origin(&self, origin: &str, headers: &HeaderMap) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        if let Some(url) = &self.public_url
            && origin == url.to_ascii_lowercase()
        {
            return true;
        }
        let host_of = |origin: &str| {
            origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .map(str::to_string)
        };
        let Some(host) = host_of(&origin) else {
            return false;
        };
        if self
            .allowed_hosts
            .iter()
            .any(|(allowed, _)| *allowed == host)
            || host_of(&self.fallback_origin) == Some(host.clone())
        {
            return true;
        }
        self.public_url.is_none()
            && self.allowed_hosts.is_empty()
            && request_host(headers).is_some_and(|h| h.eq_ignore_ascii_case(&host))
    }

    /// The policy for a response; pages pass the nonce of their inline hydration script.
    pub fn content_security_policy(&self, nonce: Option<&str>) -> String {
        let scripts = match nonce {
            Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
            None => "'self' 'wasm-unsafe-eval'".to_string(),
        };
        let images = match &self.basemap_origin {
            Some(origin) => format!("'self' data: {origin}"),
            None => "'self' data:".to_string(),
        };
        format!(
            "default-src 'self'; script-src {scripts}; style-src 'self'; img-src {images}; \
             font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// The request's `Host` as sent (compared without regard to case), if it has one.
fn request_host(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::trim)
        .filter(|h| !h.is_empty())
}

/// `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`, a CSP source.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    let host = rest.split('/').next()?;
    let host: Vec<String> = host
        .split('.')
        .map(|label| {
            if label.contains('{') {
                "*".to_string()
            } else {
                label.to_string()
            }
        })
        .collect();
    Some(format!("{scheme}://{}", host.join(".")))
}

/// The site's own browser files (`/pkg/`, `/style/`): the same for everyone, no database.
pub(super) fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/style/")
}

/// A map tile or its tileset's TileJSON (`/ogc/collections/{id}/tiles/WebMercatorQuad/…`):
/// data for programs, never a document, and the most frequent answer there is.
fn is_tile(path: &str) -> bool {
    path.starts_with("/ogc/collections/") && path.contains("/tiles/WebMercatorQuad/")
}

/// What a request says about who may keep its answer, noted on its way in (`Exposure::of`) for
/// the headers its response gets on the way out (`protect`).
#[derive(Clone, Copy)]
pub struct Exposure {
    static_file: bool,
    private: bool,
    own_link: bool,
    tile: bool,
}

impl Exposure {
    // Every request passes here, a cached tile's too: nothing is allocated for it.
    pub fn of(request: &Request) -> Self {
        let path = request.uri().path();
        let signed_in = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|cookies| {
                cookies.split(';').any(|cookie| {
                    cookie
                        .trim_start()
                        .strip_prefix(SESSION_COOKIE)
                        .is_some_and(|rest| rest.starts_with('='))
                })
            });
        Exposure {
            static_file: is_static_file(path),
            private: path.starts_with("/personal") || signed_in,
            own_link: path.starts_with("/forslag/")
                || path.starts_with("/enkat/")
                || path == "/boka/bokad",
            tile: is_tile(path),
        }
    }
}

// Named once: a name given as text is parsed again at every insert.
const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");
const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

/// The policy of a tile: it loads nothing and is framed by no one.
const TILE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The headers every response carries. Pages set their own policy with their script's nonce
/// while rendering; everything else gets the policy without one. Staff pages and anything
/// answered to a signed-in browser are never stored by a cache.
///
/// A tile is data, never shown as a document: it gets the headers OWASP names for APIs (a
/// policy that allows nothing, `nosniff`, `DENY`, HSTS), not those only a document reads
/// (Referrer-Policy, Cross-Origin-Opener-Policy, Permissions-Policy). A problem page answered
/// on a tile's address has its own policy and gets every header.
pub fn protect(site: &Site, exposure: Exposure, mut response: Response) -> Response {
    let headers = response.headers_mut();
    let page = headers.contains_key(header::CONTENT_SECURITY_POLICY);
    if !page {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            if exposure.tile {
                HeaderValue::from_static(TILE_POLICY)
            } else {
                site.policy_without_nonce.clone()
            },
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if page || !exposure.tile {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        headers.insert(
            CROSS_ORIGIN_OPENER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
        headers.insert(
            PERMISSIONS_POLICY,
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        );
    }
    if site.is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !exposure.static_file && exposure.private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // A company's own link (its proposal, its booking, its survey): the token in the address is the key, so
    // the page is never kept by a shared cache or on disk.
    if exposure.own_link {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tile_template_becomes_an_image_source() {
        assert_eq!(
            tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.example.org")
        );
        assert_eq!(tile_origin("not a url"), None);
    }
}
