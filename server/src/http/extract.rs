//! What handlers take from a request, each refusing with the boundary's [`Error`] (naming the
//! field) before a handler runs: a form, an id in the path, the client's address, and who may
//! send a workspace request.

use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Path, Request},
    http::{HeaderMap, request::Parts},
};
use axum_extra::extract::Form;
use markkartan_app::domain::{Denied, Permission, Problem, ProblemKind, Viewer};

use super::{AppState, Error};
use crate::auth;

/// A form body (`application/x-www-form-urlencoded`, repeated fields read into a `Vec`). A
/// body too large or not a form is refused as a problem, not axum's plain-text rejection.
pub struct FormOf<T>(pub T);

impl<S, T> FromRequest<S> for FormOf<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(form)) => Ok(FormOf(form)),
            Err(rejection) => {
                let status = rejection.status();
                tracing::info!(%status, %rejection, "a form could not be read");
                Err(if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::too_large(FORM_BODY_LIMIT)
                } else {
                    Problem::new(
                        ProblemKind::BadRequest,
                        "Formuläret går inte att läsa. Ladda om sidan och skicka det igen.",
                    )
                    .in_english("The form cannot be read. Reload the page and send it again.")
                }
                .into())
            }
        }
    }
}

/// axum's default limit for a body its extractors read (2 MiB).
pub const FORM_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The `{id}` of a path such as `/personal/tomt/{id}`: a whole number, or the request is a
/// 400 that says so.
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| Problem::not_found())?;
        let typed = params
            .iter()
            .find(|(name, _)| name == "id")
            .map_or("", |(_, value)| value.as_str());
        typed
            .parse::<i64>()
            .map(PathId)
            .map_err(|_| Problem::bad_value("id", "ett heltal", "a whole number").into())
    }
}

/// The address a request came from: the socket's peer, or, when the peer is one of the
/// configured trusted proxies (`MARKKARTAN_TRUSTED_PROXIES`), the client it forwarded for. Rate
/// limits count per this address, so a forged `X-Forwarded-For` changes nothing unless a proxy
/// we trust wrote it.
pub struct ClientAddress(pub IpAddr);

impl<S> FromRequestParts<S> for ClientAddress
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(|_| Error::Internal("the server was started without connect info".into()))?;
        let state = AppState::from_ref(state);
        Ok(ClientAddress(client_address(
            peer.ip(),
            &parts.headers,
            &state.site.trusted_proxies,
        )))
    }
}

/// The client behind `peer`: walking `X-Forwarded-For` from the right (the entry the nearest
/// proxy wrote) past every trusted proxy. Only a trusted peer's header is read at all.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer.to_canonical();
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let Ok(hop) = hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) else {
            // Whatever wrote this was not a proxy we know: stop at the last one that was.
            break;
        };
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// What a workspace request needs of whoever sends it: a permission, or only being signed in.
pub trait Need {
    const PERMISSION: Option<Permission>;
}

/// Any signed-in account.
pub struct SignedIn;
pub struct EditPlots;
pub struct HandleInterests;
pub struct ManageAccounts;
pub struct ManageContacts;
pub struct EditPlans;
pub struct ReadInsights;

impl Need for SignedIn {
    const PERMISSION: Option<Permission> = None;
}
impl Need for EditPlots {
    const PERMISSION: Option<Permission> = Some(Permission::EditPlots);
}
impl Need for HandleInterests {
    const PERMISSION: Option<Permission> = Some(Permission::HandleInterests);
}
impl Need for EditPlans {
    const PERMISSION: Option<Permission> = Some(Permission::EditPlans);
}
impl Need for ManageAccounts {
    const PERMISSION: Option<Permission> = Some(Permission::ManageAccounts);
}
impl Need for ManageContacts {
    const PERMISSION: Option<Permission> = Some(Permission::ManageContacts);
}
impl Need for ReadInsights {
    const PERMISSION: Option<Permission> = Some(Permission::ReadInsights);
}

/// The signed-in viewer whose role allows what `N` needs (the session middleware found them);
/// any other request is refused, 401 or 403, before its handler runs.
pub struct Staff<N>(pub Viewer, pub PhantomData<fn() -> N>);

impl<S: Send + Sync, N: Need> FromRequestParts<S> for Staff<N> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let viewer = parts.extensions.get::<Viewer>().cloned();
        match N::PERMISSION {
            Some(permission) => Viewer::require(viewer, permission),
            None => viewer.ok_or(Denied::NotSignedIn),
        }
        .map(|viewer| Staff(viewer, PhantomData))
        .map_err(Error::from)
    }
}

impl<N> Staff<N> {
    /// The viewer, for a request that changes something: only with the session's CSRF token.
    pub fn sending(self, csrf: &str) -> Result<Viewer, Error> {
        if auth::csrf_matches(csrf, &self.0.csrf_token) {
            Ok(self.0)
        } else {
            Err(Problem::forbidden(
                "Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.",
            )
            .into())
        }
    }
}

/// A form that changes something: it carries the session's CSRF token.
pub trait CsrfForm {
    fn csrf(&self) -> &str;
}

/// A state-changing form and who sent it: a viewer whose role allows what `N` needs, with the
/// session's CSRF token in the form. Refused (401, 403) before the handler runs otherwise.
pub struct Sent<N, T>(pub Viewer, pub T, pub PhantomData<fn() -> N>);

impl<S, N, T> FromRequest<S> for Sent<N, T>
where
    S: Send + Sync,
    N: Need,
    T: CsrfForm + serde::de::DeserializeOwned,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        let (mut parts, body) = request.into_parts();
        let staff = Staff::<N>::from_request_parts(&mut parts, state).await?;
        let FormOf(form) =
            FormOf::<T>::from_request(Request::from_parts(parts, body), state).await?;
        let viewer = staff.sending(form.csrf())?;
        Ok(Sent(viewer, form, PhantomData))
    }
}

/// A form read as its fields in order (the import preview's, whose mapping fields vary).
impl CsrfForm for Vec<(String, String)> {
    fn csrf(&self) -> &str {
        self.iter()
            .find(|(name, _)| name == "csrf")
            .map_or("", |(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn only_a_trusted_proxy_is_believed() {
        let proxy: IpAddr = [10, 0, 0, 2].into();
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let headers = forwarded("203.0.113.7, 198.51.100.4");
        assert_eq!(
            client_address(proxy, &headers, &[]),
            proxy,
            "no trusted proxies: the socket"
        );
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "198.51.100.4".parse::<IpAddr>().unwrap(),
            "the entry the proxy wrote, not the one the client sent before it"
        );
        let outsider: IpAddr = [192, 0, 2, 50].into();
        assert_eq!(client_address(outsider, &headers, &trusted), outsider);
        let chain = forwarded("198.51.100.4, 10.0.0.9");
        assert_eq!(
            client_address(proxy, &chain, &trusted),
            "198.51.100.4".parse::<IpAddr>().unwrap(),
            "past a second trusted proxy"
        );
        let garbage = forwarded("<script>, 10.0.0.9");
        assert_eq!(
            client_address(proxy, &garbage, &trusted),
            "10.0.0.9".parse::<IpAddr>().unwrap()
        );
    }
}
