//! The HTML encoding of the open-data API (`/ogc`, OGC API – Features): each of its documents
//! (the landing page, conformance, the collections, a collection, its items, one item, its
//! queryables and the API's OpenAPI definition) shown as a page of the site, in both
//! languages, with links between them. The server answers a browser (or `f=html`) with the same
//! JSON it gives a program, put in the page's context as an [`ApiPage`].
//!
//! Rendered on the server only and never hydrated (`crate::shell`): the pages only read, and the
//! bundles do not carry them.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::PageTitle;
use crate::domain::Lang;
use crate::public::catalog::site_origin;
use crate::ui::i18n::use_lang;

/// Which document of the API a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiPageKind {
    Landing,
    Conformance,
    Collections,
    Collection,
    Items,
    Item,
    Queryables,
    /// The OpenAPI 3.1 document.
    Definition,
}

/// A document of the API to show as the page, in place of the app's routes.
#[derive(Clone, Debug)]
pub struct ApiPage {
    pub kind: ApiPageKind,
    pub document: Value,
}

#[component]
pub fn OpenDataPage(page: ApiPage) -> impl IntoView {
    let lang = use_lang();
    let t = OpenDataTexts::of(lang);
    let doc = page.document;
    let body = match page.kind {
        ApiPageKind::Landing => landing(&doc, lang).into_any(),
        ApiPageKind::Conformance => conformance(&doc, lang).into_any(),
        ApiPageKind::Collections => collections(&doc, lang).into_any(),
        ApiPageKind::Collection => collection(&doc, lang).into_any(),
        ApiPageKind::Items => items(&doc, lang).into_any(),
        ApiPageKind::Item => item(&doc, lang).into_any(),
        ApiPageKind::Queryables => queryables(&doc, lang).into_any(),
        ApiPageKind::Definition => definition(&doc, lang).into_any(),
    };
    view! {
        <nav class="breadcrumbs" aria-label=t.where_you_are>
            <a href=page_href("/ogc", lang)>{t.api}</a>
            " · "
            <a href=page_href("/ogc/collections", lang)>{t.collections}</a>
            " · "
            <a href=page_href("/ogc/api", lang)>{t.definition}</a>
        </nav>
        <div class="open-data">{body}</div>
    }
}

/// `href` (absolute or a path, with any query) as the page in `lang`: `f=html` and the
/// language replace what it says of either.
fn page_href(href: &str, lang: Lang) -> String {
    with_format(href, "html", lang)
}

/// `href` as JSON, for programs (and a person who wants to see what they get).
fn json_href(href: &str) -> String {
    with_format(href, "json", Lang::Sv)
}

fn with_format(href: &str, format: &str, lang: Lang) -> String {
    let origin = site_origin();
    let href = href.strip_prefix(origin.as_str()).unwrap_or(href);
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && name != "f" && name != "lang"
        })
        .collect();
    let format = format!("f={format}");
    pairs.push(&format);
    if lang == Lang::En {
        pairs.push("lang=en");
    }
    format!("{path}?{}", pairs.join("&"))
}

/// Whether a property names its item: shown first, the rest as they come.
fn names_item(property: &str) -> bool {
    matches!(property, "designation" | "name" | "plan_id")
}

/// A phrase that continues a sentence elsewhere, as a sentence of its own.
fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The link of relation `rel`, if the document has one.
fn link<'a>(doc: &'a Value, rel: &str) -> Option<&'a Value> {
    array(doc, "links").iter().find(|l| text(l, "rel") == rel)
}

/// A property's value as text: numbers and dates as given, yes or no, lists joined.
fn shown(value: &Value, lang: Lang) -> String {
    let t = OpenDataTexts::of(lang);
    match value {
        Value::Null => "–".into(),
        Value::Bool(true) => t.yes.into(),
        Value::Bool(false) => t.no.into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|v| shown(v, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => value.to_string(),
    }
}

/// The value as a cell: a page of this site is a link to it.
fn cell(value: &Value, lang: Lang) -> AnyView {
    let text = shown(value, lang);
    let origin = site_origin();
    if !origin.is_empty() && text.starts_with(&format!("{origin}/")) {
        let href = text.clone();
        view! { <a href=href>{text}</a> }.into_any()
    } else {
        text.into_any()
    }
}

/// The same document for programs, and where the API is described.
fn json_link(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let href = link(doc, "self")
        .map(|l| json_href(text(l, "href")))
        .unwrap_or_else(|| json_href("/ogc/api"));
    view! {
        <p class="open-data-json">
            <a href=href type="application/json" rel="alternate">{t.as_json}</a>
        </p>
    }
}

fn landing(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let origin = site_origin();
    let api = format!("{origin}/ogc");
    view! {
        <PageTitle text=format!("{} – Markkartan", t.api) />
        <h1 class="page-title">{t.api}</h1>
        <p class="page-intro">{text(doc, "description").to_string()}</p>
        <ul class="open-data-links">
            <li><a href=page_href("/ogc/collections", lang)>{t.collections}</a>" – "{t.collections_about}</li>
            <li><a href=page_href("/ogc/api", lang)>{t.definition}</a>" – "{t.definition_about}</li>
            <li><a href=page_href("/ogc/conformance", lang)>{t.conformance}</a>" – "{t.conformance_about}</li>
        </ul>
        <h2>{t.connect}</h2>
        <p>{t.connect_qgis}</p>
        <p><code class="copyable">{api.clone()}</code></p>
        <p>{t.connect_gdal}</p>
        <p><code class="copyable">{format!("ogrinfo OAPIF:{api} plots -where \"status = 'available'\"")}</code></p>
        <p>{t.connect_write}</p>
        <h2>{t.downloads}</h2>
        <ul class="open-data-links">
            <li><a href="/tomter.geojson" type="application/geo+json" rel="external">"GeoJSON"</a></li>
            <li><a href="/tomter.csv" type="text/csv" rel="external">"CSV"</a></li>
            <li><a href="/tomter.gpkg" type="application/geopackage+sqlite3" rel="external">"GeoPackage"</a></li>
        </ul>
        {json_link(doc, lang)}
    }
}

fn conformance(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let classes = array(doc, "conformsTo")
        .iter()
        .map(|c| view! { <li><code>{shown(c, lang)}</code></li> })
        .collect_view();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.conformance) />
        <h1 class="page-title">{t.conformance}</h1>
        <p class="page-intro">{capitalised(t.conformance_about)}</p>
        <ul class="open-data-classes">{classes}</ul>
        <p class="open-data-json">
            <a href=json_href("/ogc/conformance") type="application/json" rel="alternate">{t.as_json}</a>
        </p>
    }
}

/// What a collection is and holds, and where its items, queryables and tiles are.
fn collection_facts(collection: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let bbox = collection
        .pointer("/extent/spatial/bbox/0")
        .and_then(Value::as_array)
        .map(|b| {
            b.iter()
                .map(|n| shown(n, lang))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "–".into());
    let updated = collection
        .pointer("/extent/temporal/interval/0/1")
        .map(|v| shown(v, lang))
        .unwrap_or_else(|| "–".into());
    let crs = array(collection, "crs")
        .iter()
        .map(|c| view! { <li><code>{shown(c, lang)}</code></li> })
        .collect_view();
    let href = |rel: &str| link(collection, rel).map(|l| text(l, "href").to_string());
    let tiles = href("http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector").map(|href| {
        view! { <li><a href=json_href(&href) type="application/json">{t.tiles}</a></li> }
    });
    view! {
        <p>{text(collection, "description").to_string()}</p>
        <ul class="open-data-links">
            <li><a href=page_href(&href("items").unwrap_or_default(), lang)>{t.items}</a></li>
            <li><a href=page_href(&href("http://www.opengis.net/def/rel/ogc/1.0/queryables").unwrap_or_default(), lang)>{t.queryables}</a></li>
            {tiles}
        </ul>
        <dl class="facts">
            <dt>{t.id}</dt><dd><code>{text(collection, "id").to_string()}</code></dd>
            <dt>{t.extent}</dt><dd>{bbox}</dd>
            <dt>{t.last_change}</dt><dd>{updated}</dd>
            <dt>{t.storage_crs}</dt><dd><code>{text(collection, "storageCrs").to_string()}</code></dd>
            <dt>{t.crs}</dt><dd><ul class="open-data-classes">{crs}</ul></dd>
        </dl>
    }
}

fn collections(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let list = array(doc, "collections")
        .iter()
        .map(|c| {
            let href = link(c, "self").map(|l| text(l, "href")).unwrap_or("");
            view! {
                <section class="open-data-collection">
                    <h2><a href=page_href(href, lang)>{text(c, "title").to_string()}</a></h2>
                    {collection_facts(c, lang)}
                </section>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.collections) />
        <h1 class="page-title">{t.collections}</h1>
        <p class="page-intro">{capitalised(t.collections_about)}</p>
        {list}
        {json_link(doc, lang)}
    }
}

fn collection(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let title = text(doc, "title").to_string();
    view! {
        <PageTitle text=format!("{title} – Markkartan") />
        <h1 class="page-title">{title}</h1>
        {collection_facts(doc, lang)}
        {json_link(doc, lang)}
    }
}

/// The collection an items or item document belongs to: its title and page.
fn belongs_to(doc: &Value, lang: Lang) -> (String, String) {
    link(doc, "collection")
        .map(|l| {
            (
                text(l, "title").to_string(),
                page_href(text(l, "href"), lang),
            )
        })
        .unwrap_or_default()
}

fn items(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let (collection, collection_href) = belongs_to(doc, lang);
    let features = array(doc, "features");
    // The columns: every property any item on the page has, in the order they come.
    let mut columns: Vec<String> = Vec::new();
    for feature in features {
        if let Some(properties) = feature.get("properties").and_then(Value::as_object) {
            for name in properties.keys() {
                if !columns.contains(name) {
                    columns.push(name.clone());
                }
            }
        }
    }
    columns.sort_by_key(|c| !names_item(c));
    let self_href = link(doc, "self").map(|l| text(l, "href")).unwrap_or("");
    let item_href = |id: &str| {
        let path = self_href.split('?').next().unwrap_or("");
        page_href(&format!("{path}/{id}"), lang)
    };
    let head = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let empty = Map::new();
    let rows = features
        .iter()
        .map(|feature| {
            let id = shown(feature.get("id").unwrap_or(&Value::Null), lang);
            let properties = feature
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let cells = columns
                .iter()
                .map(|c| view! { <td>{cell(properties.get(c).unwrap_or(&Value::Null), lang)}</td> })
                .collect_view();
            view! { <tr><th scope="row"><a href=item_href(&id)>{id.clone()}</a></th>{cells}</tr> }
        })
        .collect_view();
    let matched = doc
        .get("numberMatched")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let returned = doc
        .get("numberReturned")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let paging = |rel: &str, label: &'static str| {
        link(doc, rel).map(|l| view! { <a class="button" href=page_href(text(l, "href"), lang) rel=rel.to_string()>{label}</a> })
    };
    let caption = format!("{collection}: {}", t.items);
    view! {
        <PageTitle text=format!("{caption} – Markkartan") />
        <h1 class="page-title">
            <a href=collection_href>{collection.clone()}</a>": "{t.items}
        </h1>
        <p class="result-count">{(t.showing)(returned, matched)}</p>
        <div class="table-scroll" role="region" aria-label=caption.clone() tabindex="0">
            <table class="plot-table">
                <caption class="visually-hidden">{caption.clone()}</caption>
                <thead><tr><th scope="col">"id"</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="open-data-paging" aria-label=t.pages>
            {paging("prev", t.previous)}
            {paging("next", t.next)}
        </nav>
        {json_link(doc, lang)}
    }
}

fn item(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let (collection, collection_href) = belongs_to(doc, lang);
    let id = shown(doc.get("id").unwrap_or(&Value::Null), lang);
    let empty = Map::new();
    let properties = doc
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut properties: Vec<_> = properties.iter().collect();
    properties.sort_by_key(|(name, _)| !names_item(name));
    let properties = properties
        .into_iter()
        .map(|(name, value)| view! { <dt>{name.clone()}</dt><dd>{cell(value, lang)}</dd> })
        .collect_view();
    let geometry = doc
        .get("geometry")
        .map(|g| text(g, "type").to_string())
        .unwrap_or_default();
    view! {
        <PageTitle text=format!("{collection} {id} – Markkartan") />
        <h1 class="page-title"><a href=collection_href>{collection.clone()}</a>" "{id.clone()}</h1>
        <dl class="facts">
            {properties}
            <dt>{t.geometry}</dt><dd>{geometry}</dd>
        </dl>
        {json_link(doc, lang)}
    }
}

fn queryables(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let title = format!("{}: {}", text(doc, "title"), t.queryables);
    let empty = Map::new();
    let rows = doc
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty)
        .iter()
        .map(|(name, schema)| {
            let kind = [text(schema, "type"), text(schema, "format")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            view! { <tr><th scope="row"><code>{name.clone()}</code></th><td>{kind}</td></tr> }
        })
        .collect_view();
    let json = json_href(text(doc, "$id"));
    view! {
        <PageTitle text=format!("{title} – Markkartan") />
        <h1 class="page-title">{title.clone()}</h1>
        <p class="page-intro">{t.queryables_about}</p>
        <table class="plot-table">
            <caption class="visually-hidden">{title}</caption>
            <thead><tr><th scope="col">{t.property}</th><th scope="col">{t.kind}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="open-data-json">
            <a href=json type="application/schema+json" rel="alternate">{t.as_json}</a>
        </p>
    }
}

/// The OpenAPI document: each path with its operations, their parameters and answers.
/// The tag a path's first operation carries: which group of the definition it is shown in.
fn group_of(operations: &Value) -> &str {
    operations
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|operation| array(operation, "tags").first())
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn operation_view(method: &str, operation: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let parameters = array(operation, "parameters")
        .iter()
        .map(|p| {
            view! {
                <li>
                    <code>{text(p, "name").to_string()}</code>
                    " (" {text(p, "in").to_string()} ") "
                    {text(p, "description").to_string()}
                </li>
            }
        })
        .collect_view();
    let answers = operation
        .get("responses")
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let secured = !array(operation, "security").is_empty();
    let description = text(operation, "description").to_string();
    view! {
        <div class="open-data-operation">
            <p>
                <strong class="http-method">{method.to_uppercase()}</strong>" "
                <span lang="en">{text(operation, "summary").to_string()}</span>
            </p>
            {(!description.is_empty()).then(|| view! { <p lang="en">{description}</p> })}
            {secured.then(|| view! { <p class="open-data-secured">{t.secured}</p> })}
            <ul lang="en">{parameters}</ul>
            <p>{t.answers}" "{answers}</p>
        </div>
    }
}

fn definition(doc: &Value, lang: Lang) -> impl IntoView + use<> {
    let t = OpenDataTexts::of(lang);
    let empty = Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    // The OGC API first (its own documents and one tag per collection), then each other group
    // the document names, in its order.
    let named: Vec<(&str, &str)> = array(doc, "tags")
        .iter()
        .map(|tag| (text(tag, "name"), text(tag, "description")))
        .filter(|(name, _)| *name != "server")
        .collect();
    let in_group = |group: &str| {
        paths
            .iter()
            .filter(|(_, operations)| {
                let tag = group_of(operations);
                match group {
                    "" => !named.iter().any(|(name, _)| *name == tag),
                    group => tag == group,
                }
            })
            .map(|(path, operations)| {
                let operations = operations
                    .as_object()
                    .unwrap_or(&empty)
                    .iter()
                    .filter(|(method, _)| {
                        matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete")
                    })
                    .map(|(method, operation)| operation_view(method, operation, lang))
                    .collect_view();
                view! {
                    <section class="open-data-path">
                        <h3><code>{path.clone()}</code></h3>
                        {operations}
                    </section>
                }
            })
            .collect_view()
    };
    let ogc = in_group("");
    let groups = named
        .iter()
        .map(|(name, description)| {
            let paths = in_group(name);
            view! {
                <section class="open-data-group">
                    <h2>{t.group(name)}</h2>
                    <p lang="en">{description.to_string()}</p>
                    {paths}
                </section>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=format!("{} – Markkartan", t.definition) />
        <h1 class="page-title">{t.definition}</h1>
        <p class="page-intro" lang="en">{text(doc.get("info").unwrap_or(&Value::Null), "description").to_string()}</p>
        <p>{capitalised(t.definition_about)}</p>
        <p class="open-data-json">
            <a href=json_href("/ogc/api") type="application/vnd.oai.openapi+json" rel="alternate">{t.as_json}</a>
        </p>
        <section class="open-data-group">
            <h2>{t.group("ogc")}</h2>
            {ogc}
        </section>
        {groups}
    }
}

struct OpenDataTexts {
    api: &'static str,
    where_you_are: &'static str,
    collections: &'static str,
    collections_about: &'static str,
    definition: &'static str,
    definition_about: &'static str,
    conformance: &'static str,
    conformance_about: &'static str,
    connect: &'static str,
    connect_qgis: &'static str,
    connect_gdal: &'static str,
    connect_write: &'static str,
    downloads: &'static str,
    as_json: &'static str,
    items: &'static str,
    queryables: &'static str,
    queryables_about: &'static str,
    tiles: &'static str,
    id: &'static str,
    extent: &'static str,
    last_change: &'static str,
    storage_crs: &'static str,
    crs: &'static str,
    pages: &'static str,
    previous: &'static str,
    next: &'static str,
    geometry: &'static str,
    property: &'static str,
    kind: &'static str,
    answers: &'static str,
    secured: &'static str,
    /// The titles of the definition's groups, by the document's tags.
    groups: &'static [(&'static str, &'static str)],
    yes: &'static str,
    no: &'static str,
    /// How many items the page shows of how many match.
    showing: fn(i64, i64) -> String,
}

impl OpenDataTexts {
    fn of(lang: Lang) -> &'static OpenDataTexts {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// A group of the API definition, by the document's tag.
    fn group(&self, tag: &str) -> String {
        self.groups
            .iter()
            .find(|(name, _)| *name == tag)
            .map_or(tag, |(_, title)| title)
            .to_string()
    }
}

static SV: OpenDataTexts = OpenDataTexts {
    api: "Öppna data: OGC API",
    where_you_are: "Öppna data",
    collections: "Samlingar",
    collections_about: "kommunens lager: tomter, verksamhetsområden, planer, orter, vägar och kommungränsen.",
    definition: "API-beskrivning",
    definition_about: "varje adress som tjänsten svarar på, med parametrar och svar (OpenAPI 3.1).",
    conformance: "Standarder",
    conformance_about: "de delar av OGC API – Features och Tiles som tjänsten följer.",
    connect: "Öppna i QGIS eller GDAL",
    connect_qgis: "I QGIS: Lager → Lägg till lager → Lägg till WFS/OGC API – Features-lager, ny anslutning med adressen:",
    connect_gdal: "Med GDAL, till exempel de lediga tomterna:",
    connect_write: "Personal som ska ändra tomter från ett GIS-program skapar en API-nyckel på kontosidan i arbetsytan. Varje ändring kontrolleras mot samma regler som i arbetsytan och syns i tomtens historik.",
    downloads: "Ladda ned de publicerade tomterna",
    as_json: "Samma sak som JSON",
    items: "Objekt",
    queryables: "Filtrerbara egenskaper",
    queryables_about: "Egenskaperna som objekten kan filtreras på med CQL2 (filter=) och texterna också med likhet (?status=available).",
    tiles: "Vektorplattor",
    id: "Id",
    extent: "Utbredning (CRS84)",
    last_change: "Senast ändrad",
    storage_crs: "Lagras i",
    crs: "Referenssystem",
    pages: "Sidor",
    previous: "Föregående sida",
    next: "Nästa sida",
    geometry: "Geometri",
    property: "Egenskap",
    kind: "Typ",
    answers: "Svarar:",
    secured: "Kräver inloggad personal; OGC API:s ändringar tar också en API-nyckel.",
    groups: &[
        ("ogc", "OGC API – Features och Tiles"),
        ("site", "Nedladdningar, flöden och kartor"),
        ("staff", "Personalens formulär"),
        ("pages", "Sidor"),
        ("staff pages", "Personalens sidor"),
        ("app calls", "Sidornas anrop till servern"),
    ],
    yes: "ja",
    no: "nej",
    showing: |returned, matched| format!("{returned} av {matched} objekt på den här sidan."),
};

static EN: OpenDataTexts = OpenDataTexts {
    api: "Open data: OGC API",
    where_you_are: "Open data",
    collections: "Collections",
    collections_about: "the municipality's layers: plots, business areas, plans, towns, roads and the municipal boundary.",
    definition: "API definition",
    definition_about: "every address the service answers, with its parameters and answers (OpenAPI 3.1).",
    conformance: "Standards",
    conformance_about: "the parts of OGC API – Features and Tiles the service conforms to.",
    connect: "Open in QGIS or GDAL",
    connect_qgis: "In QGIS: Layer → Add Layer → Add WFS/OGC API – Features Layer, a new connection with the address:",
    connect_gdal: "With GDAL, the available plots for example:",
    connect_write: "Staff who change plots from a GIS program make an API key on the accounts page of the workspace. Each change is checked against the same rules as in the workspace and shows in the plot's history.",
    downloads: "Download the published plots",
    as_json: "The same as JSON",
    items: "Items",
    queryables: "Queryables",
    queryables_about: "The properties items can be filtered on with CQL2 (filter=), and the texts by equality too (?status=available).",
    tiles: "Vector tiles",
    id: "Id",
    extent: "Extent (CRS84)",
    last_change: "Last changed",
    storage_crs: "Stored in",
    crs: "Reference systems",
    pages: "Pages",
    previous: "Previous page",
    next: "Next page",
    geometry: "Geometry",
    property: "Property",
    kind: "Type",
    answers: "Answers:",
    secured: "Needs signed-in staff; the OGC API's writes also take an API token.",
    groups: &[
        ("ogc", "OGC API – Features and Tiles"),
        ("site", "Downloads, feeds and maps"),
        ("staff", "The staff's forms"),
        ("pages", "Pages"),
        ("staff pages", "The staff's pages"),
        ("app calls", "The pages' calls to the server"),
    ],
    yes: "yes",
    no: "no",
    showing: |returned, matched| format!("{returned} of {matched} items on this page."),
};
