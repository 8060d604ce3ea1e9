//! The site's own endpoints beside the app's pages and the OGC API: each route together with
//! what the OpenAPI document (`/ogc/api`) says of it. The router is built from this list, so
//! a route cannot be served without being documented, nor documented without being served.

use axum::{
    Router,
    routing::{MethodRouter, get, post},
};
use markkartan_app::domain::PlanningKind;

use super::{
    AppState, api, downloads, feed, interest, meetings, preview, proposals, sitemap, staff,
    surveys, tiles,
};

/// Who an endpoint is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audience {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in staff (their session cookie, and for a POST its CSRF token as the form's
    /// `csrf_token`); anyone else is refused or sent to the sign-in page.
    Staff,
}

/// One route and its description.
pub struct Endpoint {
    /// `get` or `post`, as OpenAPI spells them.
    pub method: &'static str,
    /// The path as the router matches it, with `{name}` for each parameter.
    pub path: String,
    /// What the address has after the last parameter, which the handler reads itself (axum
    /// matches whole segments): `.svg` in `/tiles/land/{z}/{x}/{y}.svg`.
    pub suffix: &'static str,
    pub summary: &'static str,
    pub audience: Audience,
    /// The media type of a successful answer; empty when it is a redirect (303) to a page.
    pub answer: &'static str,
    /// The media type of the request's body, for a POST.
    pub body: Option<&'static str>,
    route: fn() -> MethodRouter<AppState>,
}

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const FILE: Option<&str> = Some("multipart/form-data");

fn read(
    path: &str,
    audience: Audience,
    answer: &'static str,
    summary: &'static str,
    route: fn() -> MethodRouter<AppState>,
) -> Endpoint {
    Endpoint {
        method: "get",
        path: path.to_string(),
        suffix: "",
        summary,
        audience,
        answer,
        body: None,
        route,
    }
}

/// A form's POST: done, it sends the browser on (303); refused, it shows the form again.
fn form(
    path: &str,
    audience: Audience,
    body: Option<&'static str>,
    summary: &'static str,
    route: fn() -> MethodRouter<AppState>,
) -> Endpoint {
    Endpoint {
        method: "post",
        path: path.to_string(),
        suffix: "",
        summary,
        audience,
        answer: "",
        body,
        route,
    }
}

impl Endpoint {
    /// The address as a client writes it, as OpenAPI names it.
    pub fn address(&self) -> String {
        format!("{}{}", self.path, self.suffix)
    }

    fn ending_in(self, suffix: &'static str) -> Self {
        Self { suffix, ..self }
    }
}

/// The body limit of a form that carries a file: the file and the form's few other fields.
fn with_file(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(axum::extract::DefaultBodyLimit::max(
        markkartan_app::domain::MAX_IMPORT_BYTES + 64 * 1024,
    ))
}

/// Every endpoint of the site outside the pages and `/ogc`.
pub fn all() -> Vec<Endpoint> {
    use Audience::{Public, Staff};
    let mut list = vec![
        read(
            "/healthz",
            Public,
            "application/json",
            "Whether the server and its database answer (200, or 503 while the database cannot be reached)",
            || get(api::healthz),
        ),
        read(
            "/api/plots",
            Public,
            "application/geo+json",
            "The plots on offer as one GeoJSON FeatureCollection (the OGC API's plots collection pages and filters them)",
            || get(api::plots_geojson),
        ),
        read(
            "/tomter.geojson",
            Public,
            "application/geo+json",
            "Download: the plots on offer as GeoJSON, with the list page's filters (the same query as /tomter)",
            || get(downloads::geojson),
        ),
        read(
            "/tomter.csv",
            Public,
            "text/csv",
            "Download: the plots on offer as CSV, with the list page's filters",
            || get(downloads::csv),
        ),
        read(
            "/tomter.gpkg",
            Public,
            "application/geopackage+sqlite3",
            "Download: the plots on offer as a GeoPackage, with the list page's filters",
            || get(downloads::geopackage),
        ),
        form(
            "/intresse",
            Public,
            FORM,
            "A company's registration of interest in a plot or an area (rate limited per address)",
            || post(interest::submit),
        ),
        form(
            "/boka",
            Public,
            FORM,
            "A company books a free meeting time (rate limited per address with the interests)",
            || post(meetings::book),
        ),
        form(
            "/boka/avboka",
            Public,
            FORM,
            "A company cancels its booking through its link's token",
            || post(meetings::cancel),
        ),
        form(
            "/enkat/{nyckel}/svar",
            Public,
            FORM,
            "A company answers the service survey of its closed case, once, through its link's token",
            || post(surveys::answer),
        ),
        form(
            "/forslag/{nyckel}/bedom",
            Public,
            FORM,
            "A company marks an item of its proposal interesting or not, through its link's token",
            || post(proposals::mark),
        ),
        form(
            "/forslag/{nyckel}/fraga",
            Public,
            FORM,
            "A company asks its guide a question from its proposal (rate limited per address with the interests)",
            || post(proposals::ask),
        ),
        form(
            "/forslag/{nyckel}/boka",
            Public,
            FORM,
            "A company books one of its guide's times from its proposal (rate limited per address with the interests)",
            || post(proposals::book),
        ),
        read(
            "/boka/mote.ics",
            Public,
            "text/calendar",
            "A booked meeting as an iCalendar file, through the company's link's token",
            || get(meetings::calendar_file),
        ),
        read(
            "/flode.atom",
            Public,
            "application/atom+xml",
            "An Atom feed of what changed among the plots on offer, the plans and the future areas",
            || get(feed::atom),
        ),
        read(
            "/plan/{id}/flode.atom",
            Public,
            "application/atom+xml",
            "An Atom feed of one detaljplan's published revisions",
            || get(feed::planning_atom),
        ),
        read(
            "/framtida-omrade/{id}/flode.atom",
            Public,
            "application/atom+xml",
            "An Atom feed of one future development area's published revisions",
            || get(feed::planning_atom),
        ),
        read(
            "/robots.txt",
            Public,
            "text/plain",
            "What crawlers may read",
            || get(sitemap::robots),
        ),
        read(
            "/sitemap.xml",
            Public,
            "application/xml",
            "Every public page, for search engines",
            || get(sitemap::sitemap),
        ),
        read(
            "/tomt/{id}/bild.png",
            Public,
            "image/png",
            "A plot's link-preview picture (Open Graph), drawn from its outline and the map",
            || get(preview::plot_preview),
        ),
        read(
            "/tiles/land/{z}/{x}/{y}",
            Public,
            "image/svg+xml",
            "A background map tile: land, water, roads and places (OpenStreetMap contributors, ODbL)",
            || get(tiles::land),
        )
        .ending_in(".svg"),
        read(
            "/tiles/land-use/{z}/{x}/{y}",
            Public,
            "image/svg+xml",
            "A map tile of the published land use of the comprehensive plan",
            || get(tiles::land_use),
        )
        .ending_in(".svg"),
        read(
            "/tiles/national-interests/{z}/{x}/{y}",
            Public,
            "image/svg+xml",
            "A map tile of the areas of national interest (riksintressen)",
            || get(tiles::national_interests),
        )
        .ending_in(".svg"),
        form(
            "/personal/logga-in",
            Public,
            FORM,
            "Staff sign in with e-mail and password",
            || post(staff::sign_in),
        ),
        form("/personal/logga-ut", Staff, FORM, "Sign out", || {
            post(staff::sign_out)
        }),
        form(
            "/personal/tomt/{id}",
            Staff,
            FORM,
            "Save a plot's facts, status and outline (with the version it was read at)",
            || post(staff::save_plot),
        ),
        form(
            "/personal/tomt/{id}/{operation}",
            Staff,
            FORM,
            "Split a plot in two along a line, or merge it with a neighbour",
            || post(staff::change_plot_geometry),
        ),
        form(
            "/personal/tomter/ny",
            Staff,
            FORM,
            "A new plot in a business area",
            || post(staff::create_plot),
        ),
        form(
            "/personal/intresse/{id}",
            Staff,
            FORM,
            "Move a registration of interest on: its state, its handler, a note",
            || post(staff::update_interest),
        ),
        form(
            "/personal/intresse/{id}/forslag",
            Staff,
            FORM,
            "Start a proposal for the company of a registration of interest",
            || post(staff::create_proposal),
        ),
        form(
            "/personal/forslag/{id}",
            Staff,
            FORM,
            "A proposal's covering letter, its contact person and how long its link holds",
            || post(staff::save_proposal_letter),
        ),
        form(
            "/personal/forslag/{id}/punkt",
            Staff,
            FORM,
            "Add a plot or a future area, with a note, to a proposal not yet sent",
            || post(staff::add_proposal_item),
        ),
        form(
            "/personal/forslag/{id}/ta-bort",
            Staff,
            FORM,
            "Remove an item from a proposal not yet sent",
            || post(staff::remove_proposal_item),
        ),
        form(
            "/personal/forslag/{id}/skicka",
            Staff,
            FORM,
            "Send a proposal: a private, expiring link by e-mail to the company",
            || post(staff::send_proposal),
        ),
        form(
            "/personal/forslag/{id}/aterkalla",
            Staff,
            FORM,
            "Revoke a proposal's link: it stops working at once",
            || post(staff::revoke_proposal),
        ),
        form(
            "/personal/moten",
            Staff,
            FORM,
            "Publish a contact person's bookable meeting times",
            || post(staff::publish_slots),
        ),
        form(
            "/personal/moten/tid/{id}/ta-bort",
            Staff,
            FORM,
            "Remove a meeting time nobody has booked",
            || post(staff::remove_slot),
        ),
        form(
            "/personal/moten/bokning/{id}/avboka",
            Staff,
            FORM,
            "Cancel a company's booking (both get an e-mail)",
            || post(staff::cancel_booking),
        ),
        read(
            "/personal/insikter.csv",
            Staff,
            "text/csv",
            "One table of the insights page as CSV (`del`), for admins and the insights role",
            || get(staff::insights_export),
        ),
        read(
            "/personal/intresse.csv",
            Staff,
            "text/csv",
            "The registrations of interest as CSV, with the inbox's filters",
            || get(staff::inbox_export),
        ),
        form(
            "/personal/konton",
            Staff,
            FORM,
            "A new staff account (admins)",
            || post(staff::create_account),
        ),
        form(
            "/personal/konton/{id}",
            Staff,
            FORM,
            "Change an account's role or close it (admins)",
            || post(staff::update_account),
        ),
        form(
            "/personal/kontakter",
            Staff,
            FORM,
            "A new contact person (admins)",
            || post(staff::create_contact),
        ),
        form(
            "/personal/kontakter/{id}",
            Staff,
            FORM,
            "Change a contact person, if no one has since the form's version (admins)",
            || post(staff::update_contact),
        ),
        form(
            "/personal/ansvar",
            Staff,
            FORM,
            "Set who answers a kind of question in a business area, and their deputy (admins)",
            || post(staff::set_responsibility),
        ),
        form(
            "/personal/api-nycklar",
            Staff,
            FORM,
            "Issue an API token for the OGC API's writes (admins; shown once)",
            || post(staff::issue_api_token),
        ),
        form(
            "/personal/api-nycklar/{id}/aterkalla",
            Staff,
            FORM,
            "Revoke an API token (admins)",
            || post(staff::revoke_api_token),
        ),
        form(
            "/personal/import",
            Staff,
            FILE,
            "Upload plots as GeoJSON, GeoPackage, Shapefile (zip) or DXF, to review before they are saved",
            || with_file(post(staff::import::upload)),
        ),
        form(
            "/personal/import/{id}",
            Staff,
            FORM,
            "Save or discard an uploaded import",
            || post(staff::import::review),
        ),
    ];
    for kind in PlanningKind::ALL {
        let base = format!("/personal/{}", kind.segment());
        list.extend([
            form(&format!("{base}/ny"), Staff, FORM, "A new plan or area, as a draft",
                || post(staff::planning::create)),
            form(&format!("{base}/{{id}}"), Staff, FORM, "Save a plan's or area's draft",
                || post(staff::planning::update)),
            form(&format!("{base}/{{id}}/{{step}}"), Staff, FORM,
                "A step of the review: send for review, approve, ask for changes, publish, withdraw",
                || post(staff::planning::step)),
            form(&format!("{base}/ny/ytterkant"), Staff, FILE,
                "A new draft's outline read from a file",
                || with_file(post(staff::planning::outline_from_file))),
            form(&format!("{base}/{{id}}/ytterkant"), Staff, FILE,
                "A draft's outline read from a file",
                || with_file(post(staff::planning::outline_from_file))),
        ]);
    }
    list
}

/// The routes of [`all`].
pub fn routes() -> Router<AppState> {
    all().into_iter().fold(Router::new(), |router, endpoint| {
        router.route(&endpoint.path, (endpoint.route)())
    })
}
