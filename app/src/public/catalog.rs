//! What the pages ask of the server, as Leptos server functions.
//!
//! The bodies call a [`Catalog`] that the server crate provides as context: the app says what it
//! needs, the server decides how (SQL lives in `server/src/db`, never here).

use crate::domain::{
    ContiguousSite, FactSheet, FutureAreaView, InView, InterestSubject, ListPage, MapData,
    PlanView, PlotFilter, Problem, SearchHits,
};
#[cfg(feature = "ssr")]
use crate::domain::{MapOpening, ViewBox};
#[cfg(feature = "ssr")]
use crate::service::ServiceUnavailable;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Where the site is reached from outside, e.g. `https://markkartan.norrtalje.se`: absolute
/// links (Open Graph) need it. The server provides it per request.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub String);

/// The site's origin: on the server as configured (or from the request's host), in the
/// browser the page's own.
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<SiteOrigin>().map(|o| o.0).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// The server-side source of published map content.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Catalog: Send + Sync + 'static {
    /// Published plots and the context layers, ready to draw. Errors are logged by the
    /// implementation with their full context; the caller only learns that it failed.
    async fn map_data(
        &self,
        opening: &MapOpening,
        with_plans: bool,
    ) -> Result<MapData, ServiceUnavailable>;

    /// What the map draws around a visible box at this many map units a pixel (see [`InView`]).
    async fn in_view(
        &self,
        visible: ViewBox,
        units_per_px: f64,
        with_plans: bool,
    ) -> Result<InView, ServiceUnavailable>;

    /// A published plot's fact sheet; `None` when no published plot has that id.
    async fn fact_sheet(&self, id: i64) -> Result<Option<FactSheet>, ServiceUnavailable>;

    /// The fact sheets of these plots side by side, the ones not published named, and what
    /// may be added.
    async fn comparison(
        &self,
        ids: &[i64],
    ) -> Result<crate::domain::Comparison, ServiceUnavailable>;

    /// The ids of the published plots that match the filter, in its order.
    async fn matching_plot_ids(&self, filter: &PlotFilter) -> Result<Vec<i64>, ServiceUnavailable>;

    /// One page of them ([`crate::domain::PLOTS_PER_PAGE`]), and how many match in all.
    async fn plot_list_page(
        &self,
        filter: &PlotFilter,
        page: u32,
    ) -> Result<ListPage, ServiceUnavailable>;

    /// (locality, business area) pairs that have published plots, for the filter's choices.
    async fn places(&self) -> Result<Vec<(String, String)>, ServiceUnavailable>;

    /// Sites of adjacent available plots with at least this much land in total.
    async fn contiguous_sites(
        &self,
        min_area_m2: u32,
    ) -> Result<Vec<ContiguousSite>, ServiceUnavailable>;

    /// Plots, business areas and localities whose name contains the text.
    async fn search(&self, text: String) -> Result<SearchHits, ServiceUnavailable>;

    /// Names to suggest in the search box.
    async fn search_suggestions(&self) -> Result<Vec<String>, ServiceUnavailable>;

    /// Published detaljplaner and future areas.
    async fn plans(&self) -> Result<(Vec<PlanView>, Vec<FutureAreaView>), ServiceUnavailable>;

    /// A published plan's or future area's page; `None` when nothing public has that id.
    async fn planning_page(
        &self,
        kind: crate::domain::PlanningKind,
        id: i64,
    ) -> Result<Option<crate::domain::PlanningPage>, ServiceUnavailable>;

    /// What the map says of one place: land use, plans, riksintressen, shore protection, the
    /// future area, the nearest available plots and whom to ask.
    async fn place(
        &self,
        point: crate::domain::PlacePoint,
    ) -> Result<crate::domain::PlaceReport, ServiceUnavailable>;

    /// What an interest form is about (a published plot, a business area or neither) and who
    /// answers it.
    async fn interest_subject(
        &self,
        plot_id: Option<i64>,
        business_area: Option<String>,
        plan: Option<i64>,
        future_area: Option<i64>,
        place: Option<crate::domain::PlacePoint>,
        question: crate::domain::QuestionKind,
    ) -> Result<InterestSubject, ServiceUnavailable>;

    /// `/boka`: what a meeting is about, who answers it (the interests' routing rule) and
    /// that person's free times.
    async fn meeting_offer(
        &self,
        plot_id: Option<i64>,
        business_area: Option<String>,
        plan: Option<i64>,
        future_area: Option<i64>,
        question: crate::domain::QuestionKind,
    ) -> Result<crate::domain::MeetingOffer, ServiceUnavailable>;

    /// The proposal a company's link (its token) holds; unless `record` is false (staff
    /// looking), the opening is recorded.
    async fn proposal(
        &self,
        token: String,
        record: bool,
    ) -> Result<crate::domain::ProposalLink, ServiceUnavailable>;

    /// What a survey link (its token) opens.
    async fn survey(&self, token: String) -> Result<crate::domain::SurveyLink, ServiceUnavailable>;

    /// The booking a company's link (its token) holds, if any.
    async fn booked_meeting(
        &self,
        token: String,
    ) -> Result<Option<crate::domain::BookedMeeting>, ServiceUnavailable>;
}

/// A text argument of a server function: refused (400, naming it) when it cannot be stored or
/// searched for, before it reaches the database.
#[cfg(feature = "ssr")]
pub fn checked_text(field: &str, value: &str, max_chars: usize) -> Result<(), Problem> {
    crate::domain::check_text(value, max_chars).map_err(|problem| {
        Problem::field(
            crate::domain::ProblemKind::BadRequest,
            field,
            problem.message(crate::domain::Lang::Sv),
        )
        .in_english(problem.message(crate::domain::Lang::En))
    })
}

#[cfg(feature = "ssr")]
pub type SharedCatalog = std::sync::Arc<dyn Catalog>;

/// Everything the public map draws where it opens (see [`MapOpening`]: the address's `vy`,
/// `tomt`, `omrade` and `ort`): what is in that view (see [`InView`]), the detaljplaner only
/// when `with_plans` (their layer is off unless the address switches it on; the map asks for
/// them with `get_in_view` when it is switched on), and the context layers.
#[server(endpoint = "map-data", output = crate::ui::codec::JsonAnswer)]
pub async fn get_map_data(
    #[server(default)] with_plans: bool,
    #[server(default)] vy: Option<String>,
    #[server(default)] tomt: Option<i64>,
    #[server(default)] omrade: Option<String>,
    #[server(default)] ort: Option<String>,
) -> Result<MapData, Problem> {
    for (field, text) in [("omrade", &omrade), ("ort", &ort)] {
        checked_text(
            field,
            text.as_deref().unwrap_or(""),
            crate::domain::NAME_MAX_CHARS,
        )?;
    }
    // A view that cannot be read is ignored, as in the address: the map opens as usual.
    let opening = MapOpening {
        view: vy.as_deref().and_then(ViewBox::from_param),
        plot: tomt,
        business_area: omrade,
        locality: ort,
    };
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .map_data(&opening, with_plans)
        .await
        .map_err(Problem::from)
}

/// What the map draws around a visible part of it (`vy`, as in the map's address) at `px` map
/// units a pixel: the published plots (none where they are too many to draw at that scale),
/// the future areas, and the detaljplaner when `with_plans`. The map asks as it is panned and
/// zoomed, and when the plans' layer is switched on.
#[server(endpoint = "in-view", output = crate::ui::codec::JsonAnswer)]
pub async fn get_in_view(
    vy: String,
    px: f64,
    #[server(default)] with_plans: bool,
) -> Result<InView, Problem> {
    use crate::domain::ProblemKind::BadRequest;
    let Some(visible) = ViewBox::from_param(&vy) else {
        return Err(Problem::field(
            BadRequest,
            "vy",
            "Vyn ska vara x,y,bredd,höjd i kartans meter.",
        )
        .in_english("The view must be x,y,width,height in the map's metres."));
    };
    if !InView::px_in_range(visible, px) {
        return Err(Problem::field(
            BadRequest,
            "px",
            "Skalan ska vara kartans meter per bildpunkt.",
        )
        .in_english("The scale must be the map's metres per pixel."));
    }
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .in_view(visible, px, with_plans)
        .await
        .map_err(Problem::from)
}

/// One published plot's fact sheet.
#[server(endpoint = "fact-sheet", output = crate::ui::codec::JsonAnswer)]
pub async fn get_fact_sheet(id: i64) -> Result<Option<FactSheet>, Problem> {
    let catalog = expect_context::<SharedCatalog>();
    catalog.fact_sheet(id).await.map_err(Problem::from)
}

/// The plots a comparison's URL names (`tomt`, once per plot), side by side: refused naming
/// `tomt` when a value is no plot number or there are more than four.
#[server(endpoint = "comparison", input = Json, output = crate::ui::codec::JsonAnswer)]
pub async fn get_comparison(plots: Vec<String>) -> Result<crate::domain::Comparison, Problem> {
    let ids = crate::domain::parse_compared(&plots)?;
    let catalog = expect_context::<SharedCatalog>();
    catalog.comparison(&ids).await.map_err(Problem::from)
}

/// A page of the published plots that match what a company needs (the first without `page`).
#[server(endpoint = "search-plots", input = Json, output = crate::ui::codec::JsonAnswer)]
pub async fn search_plots(
    filter: PlotFilter,
    #[server(default)] page: Option<u32>,
) -> Result<ListPage, Problem> {
    use crate::domain::{FilterProblem::NotAPage, Lang, MAX_LIST_PAGE, ProblemKind::BadRequest};
    filter.check()?;
    let page = page.unwrap_or(1);
    if !(1..=MAX_LIST_PAGE).contains(&page) {
        return Err(Problem::field(
            BadRequest,
            crate::domain::param::PAGE,
            NotAPage.message(Lang::Sv),
        )
        .in_english(NotAPage.message(Lang::En)));
    }
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .plot_list_page(&filter, page)
        .await
        .map_err(Problem::from)
}

/// The localities and business areas to choose from.
#[server(endpoint = "places", output = crate::ui::codec::JsonAnswer)]
pub async fn get_places() -> Result<Vec<(String, String)>, Problem> {
    let catalog = expect_context::<SharedCatalog>();
    catalog.places().await.map_err(Problem::from)
}

/// The plot or business area an interest form is about, and its contact person.
#[server(endpoint = "interest-subject", output = crate::ui::codec::JsonAnswer)]
pub async fn get_interest_subject(
    plot_id: Option<i64>,
    business_area: Option<String>,
    plan: Option<i64>,
    future_area: Option<i64>,
    place: Option<String>,
    question: Option<String>,
) -> Result<InterestSubject, Problem> {
    let question = asked_question(question.as_deref())?;
    checked_text(
        "business_area",
        business_area.as_deref().unwrap_or(""),
        crate::domain::NAME_MAX_CHARS,
    )?;
    // A place as the URL gives it (`lat,lon`): refused naming it when it is not one.
    let place = match place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(given) => Some(crate::domain::PlacePoint::parse_param(given)?),
    };
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .interest_subject(plot_id, business_area, plan, future_area, place, question)
        .await
        .map_err(Problem::from)
}

/// What the question is about, as the URL names it (`fraga`): refused naming it when it is
/// none of the kinds.
#[cfg(feature = "ssr")]
pub(crate) fn asked_question(
    question: Option<&str>,
) -> Result<crate::domain::QuestionKind, Problem> {
    use crate::domain::QuestionKind;
    match question.map(str::trim).filter(|q| !q.is_empty()) {
        None => Ok(QuestionKind::default()),
        Some(key) => QuestionKind::from_key(key).ok_or_else(|| {
            use crate::domain::{InterestProblem::UnknownQuestion, Lang};
            Problem::field(
                crate::domain::ProblemKind::BadRequest,
                "fraga",
                UnknownQuestion.message(Lang::Sv),
            )
            .in_english(UnknownQuestion.message(Lang::En))
        }),
    }
}

/// What is planned: published detaljplaner and the översiktsplan's future areas.
#[server(endpoint = "plans", output = crate::ui::codec::JsonAnswer)]
pub async fn get_plans() -> Result<(Vec<PlanView>, Vec<FutureAreaView>), Problem> {
    let catalog = expect_context::<SharedCatalog>();
    catalog.plans().await.map_err(Problem::from)
}

/// The ids of the published plots that match the filter: the map hides the others, so map and
/// list always agree.
#[server(endpoint = "planning-page", output = crate::ui::codec::JsonAnswer)]
pub async fn get_planning_page(
    kind: crate::domain::PlanningKind,
    id: i64,
) -> Result<Option<crate::domain::PlanningPage>, Problem> {
    let catalog = expect_context::<SharedCatalog>();
    catalog.planning_page(kind, id).await.map_err(Problem::from)
}

#[server(endpoint = "matching-plot-ids", input = Json, output = crate::ui::codec::JsonAnswer)]
pub async fn matching_plot_ids(filter: PlotFilter) -> Result<Vec<i64>, Problem> {
    filter.check()?;
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .matching_plot_ids(&filter)
        .await
        .map_err(Problem::from)
}

/// Sites of adjacent available plots that together have at least `min_area_m2`.
#[server(endpoint = "contiguous-sites", output = crate::ui::codec::JsonAnswer)]
pub async fn find_contiguous_sites(min_area_m2: u32) -> Result<Vec<ContiguousSite>, Problem> {
    let catalog = expect_context::<SharedCatalog>();
    catalog
        .contiguous_sites(min_area_m2)
        .await
        .map_err(Problem::from)
}

/// Plots, business areas and localities by name.
#[server(endpoint = "search", output = crate::ui::codec::JsonAnswer)]
pub async fn search(text: String) -> Result<SearchHits, Problem> {
    checked_text("q", &text, crate::domain::SEARCH_MAX_CHARS)?;
    let catalog = expect_context::<SharedCatalog>();
    catalog.search(text).await.map_err(Problem::from)
}

/// What the map says of the place at `lat`, `lon` (WGS 84 degrees, as the URL gives them):
/// refused naming the parameter that is missing or not a coordinate.
#[server(endpoint = "place", output = crate::ui::codec::JsonAnswer)]
pub async fn get_place(
    lat: Option<String>,
    lon: Option<String>,
) -> Result<crate::domain::PlaceReport, Problem> {
    let point = crate::domain::PlacePoint::parse(lat.as_deref(), lon.as_deref())?;
    let catalog = expect_context::<SharedCatalog>();
    catalog.place(point).await.map_err(Problem::from)
}

/// What the map says of the place `at` (`lat,lon`, as the map's URL gives it) as the panel
/// beside the map shows it: its heading, and HTML the server renders from the same report as the place's page
/// (see `public::place::panel_html`), in the page's language. Refused naming `plats` when `at`
/// is not a place.
#[server(endpoint = "place-panel", output = crate::ui::codec::JsonAnswer)]
pub async fn get_place_panel(at: String, lang: String) -> Result<(String, String), Problem> {
    let point = crate::domain::PlacePoint::parse_param(&at)?;
    let lang = crate::domain::Lang::from_code(&lang).unwrap_or_default();
    let catalog = expect_context::<SharedCatalog>();
    let report = catalog.place(point).await.map_err(Problem::from)?;
    Ok(crate::public::place::panel_html(report, lang))
}

/// Names for the search box's suggestions.
#[server(endpoint = "search-suggestions", output = crate::ui::codec::JsonAnswer)]
pub async fn get_search_suggestions() -> Result<Vec<String>, Problem> {
    // The page that says the database cannot be reached (rendered on the server, never
    // hydrated) asks it for nothing, so it comes at once.
    if use_context::<Problem>().is_some_and(|p| p.kind == crate::domain::ProblemKind::Unavailable) {
        return Ok(Vec::new());
    }
    let catalog = expect_context::<SharedCatalog>();
    catalog.search_suggestions().await.map_err(Problem::from)
}
