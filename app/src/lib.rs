//! Markkartan's user interface (Leptos components rendered on the server and hydrated in the
//! browser) and the domain types both halves share.

pub mod domain;
pub mod public;
pub mod service;
/// The staff workspace, in the server and in the staff bundle only: the public pages' WASM
/// does not carry it (see `PageRoutes`).
#[cfg(feature = "staff")]
pub mod staff;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{Html, Link, Meta, MetaTags, Title, provide_meta_context};

use crate::domain::{Problem, ProblemKind, Viewer};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};

use crate::public::accessibility::AccessibilityPage;
use crate::public::booking::{BookedPage, BookingPage};
use crate::public::compare::ComparePage;
use crate::public::fact_sheet_page::FactSheetPage;
use crate::public::interest::{InterestPage, InterestSentPage};
use crate::public::map::MapPage;
use crate::public::place::PlacePage;
use crate::public::planning_page::PlanningPublicPage;
use crate::public::plans::PlansPage;
use crate::public::plot_list::PlotListPage;
use crate::public::proposal::ProposalPageView;
use crate::public::search::SearchBox;
use crate::public::search_page::SearchPage;
use crate::public::sites::SitesPage;
use crate::public::survey::SurveyPage;
#[cfg(feature = "staff")]
use crate::staff::import::{ImportPage, ImportPreviewPage};
#[cfg(feature = "staff")]
use crate::staff::inbox::{InboxPage, InterestCasePage};
#[cfg(feature = "staff")]
use crate::staff::{
    accounts::AccountsPageView, contacts::ContactsPageView, insights::InsightsPageView,
    meetings::MeetingsPageView, overview::WorkspacePage, plot_editor::PlotEditPage,
    proposal::ProposalEditorPage, sign_in::SignInPage,
};
#[cfg(feature = "staff")]
use crate::staff::{planning::PlanningEditorPage, planning_overview::PlanningOverviewPage};
use crate::ui::i18n::use_lang;

/// The names the browser's files are served under (the server's `assets` module hashes them
/// when the site is built): the two bundles' output names (`<name>.js`, `<name>_bg.wasm`), and
/// each style file's path.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SiteAssets {
    /// The public pages' bundle, without the staff workspace.
    pub public_bundle: String,
    /// The staff workspace's bundle, which has every page.
    pub staff_bundle: String,
    /// Whether the names carry their content's hash (and may be cached for good).
    pub hashed: bool,
    /// `/style/main.css` → `/style/main.<hash>.css`.
    pub files: std::collections::BTreeMap<String, String>,
}

impl SiteAssets {
    /// The names wasm-bindgen gives the bundles when the site is built.
    pub const PUBLIC_BUNDLE: &str = "markkartan";
    pub const STAFF_BUNDLE: &str = "markkartan-staff";

    pub fn unhashed() -> SiteAssets {
        SiteAssets {
            public_bundle: Self::PUBLIC_BUNDLE.to_string(),
            staff_bundle: Self::STAFF_BUNDLE.to_string(),
            hashed: false,
            files: Default::default(),
        }
    }

    /// The path `path` is served under.
    pub fn href(&self, path: &str) -> String {
        self.files
            .get(path)
            .cloned()
            .unwrap_or_else(|| path.to_string())
    }

    /// The bundle that hydrates the page at `path`.
    pub fn bundle_for(&self, path: &str) -> &str {
        if is_workspace_path(path) {
            &self.staff_bundle
        } else {
            &self.public_bundle
        }
    }
}

/// The HTML document around every page. A page that shows a refusal (the server put a
/// [`Problem`] in its context) is complete as rendered and is not hydrated: the browser's app
/// would render the route the URL names instead. Nor is a page only the server renders
/// ([`is_server_page`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[allow(unused_mut)]
    let mut hydrated = use_context::<Problem>().is_none();
    let assets = use_context::<SiteAssets>().unwrap_or_else(SiteAssets::unhashed);
    // The bundle for this page: the staff workspace's or the public pages'.
    #[cfg(feature = "ssr")]
    let (hydration, rendered) = {
        let parts = use_context::<http::request::Parts>();
        let mut bundle = assets.public_bundle.as_str();
        let mut workspace = false;
        if let Some(parts) = &parts {
            bundle = assets.bundle_for(parts.uri.path());
            workspace = is_workspace_path(parts.uri.path());
            hydrated &= !is_server_page(parts.uri.path());
        }
        // A page of the open-data API (`/ogc`) is complete as the server renders it.
        if use_context::<public::open_data::ApiPage>().is_some() {
            hydrated = false;
        }
        // The path and query only: never a scheme or host a request brought along.
        let rendered = parts.and_then(|parts| parts.uri.path_and_query().map(|p| p.to_string()));
        // A page that is not hydrated still prints with its print button.
        let hydration = Some(if hydrated {
            hydration_script(&options.site_pkg_dir, bundle, !workspace)
        } else {
            PRINT_BUTTONS.to_string()
        });
        (hydration, rendered)
    };
    #[cfg(not(feature = "ssr"))]
    let (hydration, rendered): (Option<String>, Option<String>) = {
        let _ = (options, hydrated);
        (None, None)
    };
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=assets.href("/style/main.css") />
                <link rel="icon" type="image/svg+xml" href=assets.href("/style/favicon.svg") />
                // The page this document is: a refused form is answered at the address it was
                // posted to, with the page it came from (see `restore_rendered_address`).
                {rendered.map(|path| view! { <meta name="markkartan-page" content=path /> })}
                {hydration.map(|script| {
                    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
                })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The script that hydrates the page with `bundle`. On public pages (`after_load`) its script
/// and WASM are asked for only once the page has loaded (its land tiles and pictures too) and
/// the browser is idle, or after three seconds at the latest. Every page works before it (links
/// and GET forms), and on a phone over 4G the 430 KB of WASM no longer take the bandwidth the
/// page's own content needs: Leptos's `HydrationScripts` preloads both from the head, which put
/// the largest paint (a land tile, a paragraph) behind the WASM's download in Lighthouse's
/// reckoning (3.2–3.9 s). The workspace's pages, forms people type into at once on the
/// municipality's network, hydrate at once, so no typing comes before hydration.
#[cfg(feature = "ssr")]
fn hydration_script(pkg_dir: &str, bundle: &str, after_load: bool) -> String {
    let js = serde_json::to_string(&format!("/{pkg_dir}/{bundle}.js")).unwrap_or_default();
    let wasm = serde_json::to_string(&format!("/{pkg_dir}/{bundle}_bg.wasm")).unwrap_or_default();
    let at_once = !after_load;
    format!(
        "(() => {{
  let started = false;
  const hydrate = () => {{
    if (started) return;
    started = true;
    import({js}).then((app) => app.default({{ module_or_path: {wasm} }}).then(() => app.hydrate()));
  }};
  const whenIdle = () => ('requestIdleCallback' in window
    ? requestIdleCallback(hydrate, {{ timeout: 1000 }}) : setTimeout(hydrate, 0));
  if ({at_once}) hydrate();
  else if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, {{ once: true }});
  setTimeout(hydrate, 3000);
}})();"
    )
}

/// The one script of a page the browser does not hydrate: its print buttons
/// (`<button data-print>`, the fact sheet's) open the browser's print dialog.
#[cfg(feature = "ssr")]
const PRINT_BUTTONS: &str =
    "for (const button of document.querySelectorAll('button[data-print]')) {
  button.addEventListener('click', () => print());
}";

/// Puts the address of the page the server rendered in the address bar, before the app
/// hydrates. A refused form (say a plot outline that overlaps another) is answered at the address
/// it was posted to (`/personal/tomt/5/geometri`) with the page it came from
/// (`/personal/tomt/5`): the browser's router must see the page's own address to hydrate the
/// same page, and a reload then shows the page instead of posting again.
#[cfg(feature = "hydrate")]
pub fn restore_rendered_address() {
    let Some(rendered) = document()
        .query_selector(r#"meta[name="markkartan-page"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    else {
        return;
    };
    let location = window().location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    // Only a path on this site (not `//elsewhere` or `/\elsewhere`).
    let own_path =
        rendered.starts_with('/') && !rendered.starts_with("//") && !rendered.contains('\\');
    if here != rendered
        && own_path
        && let Ok(history) = window().history()
    {
        let hash = location.hash().unwrap_or_default();
        let _ = history.replace_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{rendered}{hash}")),
        );
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Page />
        </Router>
    }
}

/// The frame of every page, in the language the URL asks for.
#[component]
fn Page() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    // A refusal the server answers with (see `server/src/http/error.rs`) takes the page's place.
    let content = match use_context::<Problem>() {
        Some(problem) => view! { <ProblemPage problem /> }.into_any(),
        None => open_data_page().unwrap_or_else(|| view! { <PageRoutes /> }.into_any()),
    };
    view! {
        <Html {..} lang=lang.code() />
        <PageTitle text=format!("Markkartan – {}", t.site_tagline) />
        <Link
            rel="alternate"
            type_="application/atom+xml"
            href=lang.href("/flode.atom")
            title=format!("Markkartan – {}", t.feed_title)
        />
        // rel="external": the router leaves the link to the browser, which moves the focus to
        // the main content (tabindex -1) after hydration as before it.
        <a class="skip-link" href="#main" rel="external">{t.skip_to_content}</a>
        <header class="site-header">
            <p class="site-name">
                <a href=lang.href("/")>"Markkartan"</a>
                <span class="site-tagline">" – " {t.site_tagline}</span>
            </p>
            <SearchBox />
            // The same links twice, one shown at a time (the other is `display: none`, out of
            // the accessibility tree and the Tab order): in a row on wide screens, behind a
            // menu button on phones, which a <details> opens without JavaScript.
            <SiteNav class="site-nav site-nav-wide" />
            <details class="site-menu">
                <summary class="button">{t.menu}</summary>
                <SiteNav class="site-nav site-nav-menu" />
            </details>
            <LanguageAlternates />
        </header>
        <main id="main" tabindex="-1">{content}</main>
        <FocusHeadingOnNavigation />
        <footer class="site-footer">
            <p>{t.sample_notice}</p>
            <p class="footer-links">
                <a href=lang.href("/flode.atom") type="application/atom+xml" rel="external">{t.subscribe}</a>
                <a href=lang.href("/tillganglighet") rel="external">{t.accessibility_title}</a>
                // The server's pages, not the app's routes: a full page load.
                <a href=lang.href("/ogc") rel="external">{t.open_data}</a>
            </p>
        </footer>
    }
    .into_any()
}

/// A document of the open-data API the server answers a browser with, shown as the page.
#[cfg(feature = "ssr")]
fn open_data_page() -> Option<AnyView> {
    use_context::<public::open_data::ApiPage>()
        .map(|page| view! { <public::open_data::OpenDataPage page /> }.into_any())
}

#[cfg(not(feature = "ssr"))]
fn open_data_page() -> Option<AnyView> {
    None
}

/// After a link leads to another page (a client-side navigation), the focus starts at the new
/// page's main heading, as a page load would start at the top; a screen reader reads it.
#[component]
fn FocusHeadingOnNavigation() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            ui::focus::close_menu();
            ui::focus::focus_new_heading();
        }
        path
    });
}

/// The routes, with the public pages written once: `$fallback` answers a path none matches,
/// and `$staff` adds the workspace's routes where the bundle has them.
macro_rules! page_routes {
    ($fallback:ident $($staff:tt)*) => {
        view! {
            // Async: the whole page is in the first HTML, so it works without JavaScript.
            <Routes fallback=$fallback>
                <Route path=path!("/") view=MapPage ssr=SsrMode::Async />
                <Route path=path!("/tomt/:id") view=FactSheetPage ssr=SsrMode::Async />
                <Route path=path!("/tomter") view=PlotListPage ssr=SsrMode::Async />
                <Route path=path!("/planer") view=PlansPage ssr=SsrMode::Async />
                <Route path=path!("/plan/:id") view=PlanningPublicPage ssr=SsrMode::Async />
                <Route path=path!("/framtida-omrade/:id") view=PlanningPublicPage ssr=SsrMode::Async />
                <Route path=path!("/markanvandning/:id") view=PlanningPublicPage ssr=SsrMode::Async />
                <Route path=path!("/sammanhangande") view=SitesPage ssr=SsrMode::Async />
                <Route path=path!("/sok") view=SearchPage ssr=SsrMode::Async />
                <Route path=path!("/plats") view=PlacePage ssr=SsrMode::Async />
                <Route path=path!("/jamfor") view=ComparePage ssr=SsrMode::Async />
                <Route path=path!("/boka") view=BookingPage ssr=SsrMode::Async />
                <Route path=path!("/boka/bokad") view=BookedPage ssr=SsrMode::Async />
                <Route path=path!("/forslag/:nyckel") view=ProposalPageView ssr=SsrMode::Async />
                <Route path=path!("/enkat/:nyckel") view=SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/tillganglighet") view=AccessibilityPage />
                <Route path=path!("/intresse") view=InterestPage ssr=SsrMode::Async />
                <Route path=path!("/intresse/skickad") view=InterestSentPage ssr=SsrMode::Async />
                $($staff)*
            </Routes>
        }
    };
}

/// Every route, the staff workspace's included: the server and the staff bundle.
#[cfg(feature = "staff")]
#[component]
fn PageRoutes() -> impl IntoView {
    page_routes! {
        NotFound
        <Route path=path!("/personal") view=WorkspacePage ssr=SsrMode::Async />
        <Route path=path!("/personal/logga-in") view=SignInPage ssr=SsrMode::Async />
        <Route path=path!("/personal/tomt/:id") view=PlotEditPage ssr=SsrMode::Async />
        <Route path=path!("/personal/intresse") view=InboxPage ssr=SsrMode::Async />
        <Route path=path!("/personal/konton") view=AccountsPageView ssr=SsrMode::Async />
        <Route path=path!("/personal/kontakter") view=ContactsPageView ssr=SsrMode::Async />
        <Route path=path!("/personal/moten") view=MeetingsPageView ssr=SsrMode::Async />
        <Route path=path!("/personal/forslag/:id") view=ProposalEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/insikter") view=InsightsPageView ssr=SsrMode::Async />
        // Where the new-API-token form posts: the accounts page, with the token shown once.
        <Route path=path!("/personal/api-nycklar") view=AccountsPageView ssr=SsrMode::Async />
        <Route path=path!("/personal/import") view=ImportPage ssr=SsrMode::Async />
        <Route path=path!("/personal/import/:id") view=ImportPreviewPage ssr=SsrMode::Async />
        <Route path=path!("/personal/intresse/:id") view=InterestCasePage ssr=SsrMode::Async />
        <Route path=path!("/personal/planer") view=PlanningOverviewPage ssr=SsrMode::Async />
        <Route path=path!("/personal/plan/ny") view=PlanningEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/plan/:id") view=PlanningEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/framtida-omrade/ny") view=PlanningEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/framtida-omrade/:id") view=PlanningEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/markanvandning/ny") view=PlanningEditorPage ssr=SsrMode::Async />
        <Route path=path!("/personal/markanvandning/:id") view=PlanningEditorPage ssr=SsrMode::Async />
    }
}

/// The public routes only: the public pages' bundle, a third smaller (the server renders with
/// the same public routes, this hydrates them). A link into the workspace leaves this bundle
/// with a full page load, which brings the staff bundle.
#[cfg(not(feature = "staff"))]
#[component]
fn PageRoutes() -> impl IntoView {
    page_routes! { ElsewhereOrNotFound }
}

/// In the public bundle: a workspace path is loaded from the server (with the staff bundle);
/// any other unknown path is not found.
#[cfg(not(feature = "staff"))]
#[component]
fn ElsewhereOrNotFound() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    if is_workspace_path(&path) {
        // The router is still on its way there (the address bar may not show it yet).
        #[cfg(feature = "hydrate")]
        {
            let search = location.search.get_untracked();
            let query = if search.is_empty() {
                String::new()
            } else {
                format!("?{search}")
            };
            let _ = window().location().assign(&format!("{path}{query}"));
        }
        return ().into_any();
    }
    view! { <NotFound /> }.into_any()
}

/// Pages the server renders complete and the browser never hydrates: they only read, so they
/// need no script (a phone that opens one downloads no WASM), and the bundles do not carry
/// them (`/plats`, `/jamfor`, `/boka`, a plot's fact sheet, the plans and their pages, the
/// search's results, the contiguous sites and the accessibility statement).
pub fn is_server_page(path: &str) -> bool {
    matches!(
        path,
        "/plats"
            | "/jamfor"
            | "/boka"
            | "/boka/bokad"
            | "/planer"
            | "/sok"
            | "/sammanhangande"
            | "/tillganglighet"
    ) || path.starts_with("/tomt/")
        || path.starts_with("/plan/")
        || path.starts_with("/framtida-omrade/")
        || path.starts_with("/markanvandning/")
        || path.starts_with("/forslag/")
        || path.starts_with("/personal/forslag/")
        || path.starts_with("/enkat/")
        || path == "/personal/insikter"
}

/// The paths the staff workspace answers, served with the staff bundle.
pub fn is_workspace_path(path: &str) -> bool {
    path == "/personal" || path.starts_with("/personal/")
}

/// The site's navigation and the language switch.
#[component]
fn SiteNav(class: &'static str) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <nav class=class aria-label="Markkartan">
            <a href=lang.href("/")>{t.nav_map}</a>
            <a href=lang.href("/tomter")>{t.nav_list}</a>
            <a href=lang.href("/planer") rel="external">{t.nav_plans}</a>
            <a href=lang.href("/intresse")>{t.register_interest}</a>
            <LanguageSwitch />
        </nav>
    }
}

/// A link to the same page in the other language. A full page load (`rel="external"`), so the
/// whole page is rendered anew in that language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = lang.other();
    let location = use_location();
    // The same page and query (selected plot, filters) in the other language; it follows the
    // page as the query changes.
    let href = move || {
        let mut query = location.query.get();
        query.remove("lang");
        other.href(&format!(
            "{}{}",
            location.pathname.get(),
            query.to_query_string()
        ))
    };
    view! {
        <a class="language-switch" href=href rel="external" hreflang=other.code() lang=other.code()>
            {lang.texts().other_language_name}
        </a>
    }
    .into_any()
}

/// For search engines: this page in both languages, as absolute addresses.
#[component]
fn LanguageAlternates() -> impl IntoView {
    let lang = use_lang();
    let other = lang.other();
    let location = use_location();
    let origin = crate::public::catalog::site_origin();
    let this_page = untrack(move || {
        let mut query = location.query.get();
        query.remove("lang");
        format!("{}{}", location.pathname.get(), query.to_query_string())
    });
    let alternate =
        |language: crate::domain::Lang| format!("{origin}{}", language.href(&this_page));
    view! {
        <Link rel="alternate" href=alternate(lang) hreflang=lang.code() />
        <Link rel="alternate" href=alternate(other) hreflang=other.code() />
    }
    .into_any()
}

/// Answers the page being rendered on the server with this status (nothing to do in the
/// browser).
pub(crate) fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(status)
    {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

pub(crate) fn set_status_not_found() {
    set_status(404);
}

/// The document's `<title>`. leptos_meta 0.8 writes the title into the server's HTML without
/// escaping it, unlike every other text Leptos renders, so a plot designation or company name
/// such as `</title><script>…` would become markup there. On the server the text is escaped
/// here, with the escaper Leptos uses for text nodes; in the browser leptos_meta sets
/// `document.title`, which is plain text. Every page's title goes through this component.
#[component]
pub(crate) fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    view! { <Title text /> }
}

/// A refusal shown where the content would be, with the status it answers (on the server).
/// `unavailable` is the page's own words for when the service cannot answer.
#[component]
pub(crate) fn ProblemNotice(problem: Problem, unavailable: &'static str) -> impl IntoView {
    set_status(problem.status());
    let lang = use_lang();
    let message = match problem.kind {
        ProblemKind::Unavailable | ProblemKind::Internal => unavailable.to_string(),
        _ => problem.message(lang).to_string(),
    };
    view! { <p role="alert" class="problem-notice">{message}</p> }
}

/// A page a link leads to (a proposal, a survey) that refused the link: the refusal's title,
/// the field it names, and its words, with the status it answers. Those pages are the server's
/// alone.
#[cfg(feature = "ssr")]
#[component]
pub(crate) fn RefusedLink(problem: Problem) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let field = problem.field.clone();
    view! {
        <h1 class="page-title">{problem.kind.title(lang)}</h1>
        {field.map(|field| view! {
            <p class="problem-field">{t.problem_field} " " <code>{field}</code></p>
        })}
        <ProblemNotice problem unavailable=t.map_unavailable />
    }
}

/// The page the server answers a refused request with: what happened, in the visitor's
/// language, and where to go from here.
#[component]
fn ProblemPage(problem: Problem) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let title = problem.kind.title(lang);
    let signed_in = use_context::<Viewer>().is_some();
    let sign_in = (problem.kind == ProblemKind::NotSignedIn
        || (!signed_in && problem.kind == ProblemKind::Forbidden))
        .then(|| view! { <a class="button" href="/personal/logga-in">"Logga in"</a> });
    let workspace =
        signed_in.then(|| view! { <a class="button" href="/personal">"Arbetsytan"</a> });
    let field = problem.field.clone().filter(|field| !field.is_empty());
    view! {
        <PageTitle text=format!("{title} – Markkartan") />
        <Meta name="robots" content="noindex" />
        <h1 class="page-title">{title}</h1>
        <p role="alert" class="problem-message" data-status=problem.status()>{problem.message(lang).to_string()}</p>
        {field.map(|field| view! { <p class="problem-field">{t.problem_field} " " <code>{field}</code></p> })}
        <p class="problem-actions">
            <a class="button" href=lang.href("/")>{t.back_to_map}</a>
            {sign_in}
            {workspace}
        </p>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    set_status_not_found();
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.not_found_title) />
        <h1>{t.not_found_title}</h1>
        <p><a href=lang.href("/")>{t.back_to_map}</a></p>
    }
}
