//! `/tillganglighet`: the accessibility statement (tillgänglighetsredogörelse) that the law on
//! accessibility to digital public services (DOS-lagen) requires, in the structure of DIGG's
//! model statement.
//! Rendered on the server only and never hydrated (`crate::is_server_page`): it only reads.

use crate::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::domain::Lang;
use crate::ui::i18n::use_lang;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let body = match lang {
        Lang::Sv => view! {
            <p>
                "Norrtälje kommun står bakom Markkartan. Vi vill att så många som möjligt ska kunna
                använda webbplatsen. Här beskriver vi hur Markkartan uppfyller lagen om
                tillgänglighet till digital offentlig service, kända brister och hur du kan
                rapportera problem så att vi kan åtgärda dem."
            </p>
            <h2>"Hur tillgänglig är webbplatsen?"</h2>
            <p>
                "Webbplatsen är utformad för att uppfylla nivå AA i WCAG 2.1 (EN 301 549). Allt
                innehåll på kartan finns också utan karta: i listan över tomter, på varje tomts
                faktablad och på sidan om planer. Varje tomt på kartan är en länk med ett namn som
                säger beteckning, status och yta, och går att nå med tangentbordet. Status visas
                både med färg, mönster och text. Sidorna fungerar utan JavaScript."
            </p>
            <p>
                "Varje ändring av webbplatsen testas automatiskt med axe-core mot WCAG 2.1 AA på
                svenska och engelska, och med tangentbord i en riktig webbläsare."
            </p>
            <h2>"Kända brister"</h2>
            <ul>
                <li>
                    "Kartans lager med detaljplaner och framtida områden är bilder för seende; samma
                    uppgifter finns som text på sidan Planer på gång."
                </li>
                <li>
                    "När kartan visar mycket många tomter blir tabbordningen lång. Använd länken
                    Hoppa till huvudinnehållet eller listan över tomter."
                </li>
            </ul>
            <h2>"Rapportera brister"</h2>
            <p>
                "Om du upptäcker problem som inte beskrivs här, eller behöver innehåll i ett annat
                format, kontakta kommunens företagslots på "
                <a href="mailto:sara.holm@norrtalje.example">"sara.holm@norrtalje.example"</a>
                " eller 0176-71 10 03. Vi svarar inom fem arbetsdagar."
            </p>
            <h2>"Tillsyn"</h2>
            <p>
                "Myndigheten för digital förvaltning (DIGG) ansvarar för tillsynen av lagen. Om du
                inte är nöjd med hur vi hanterar dina synpunkter kan du "
                <a href="https://www.digg.se/tdosanmalan">"anmäla det till DIGG"</a> "."
            </p>
            <h2>"Källor för kartan"</h2>
            <p>
                "Land, vatten och kust på kartan kommer från OpenStreetMap: "
                "© OpenStreetMap-bidragsgivare, tillgängligt under "
                <a href="https://opendatacommons.org/licenses/odbl/1-0/">"Open Database License (ODbL)"</a>
                ". Tomter, planer, områden och gator är kommunens egna uppgifter."
            </p>
            <p>"Redogörelsen uppdaterades den 1 december 2026."</p>
        }
        .into_any(),
        Lang::En => view! {
            <p>
                "Norrtälje Municipality is responsible for Markkartan. We want as many people as
                possible to be able to use it. This statement describes how Markkartan complies
                with the Swedish law on accessibility to digital public services, its known
                limitations, and how to report problems so that we can fix them."
            </p>
            <h2>"How accessible is the site?"</h2>
            <p>
                "The site is designed to meet WCAG 2.1 level AA (EN 301 549). Everything on the map
                is also available without it: in the list of plots, on each plot's fact sheet and
                on the plans page. Every plot on the map is a link whose name gives its
                designation, status and area, and it can be reached by keyboard. Status is shown
                by colour, pattern and text. The pages work without JavaScript."
            </p>
            <p>
                "Every change to the site is tested automatically with axe-core against WCAG 2.1 AA
                in Swedish and English, and by keyboard in a real browser."
            </p>
            <h2>"Known limitations"</h2>
            <ul>
                <li>
                    "The map's layers of detailed plans and future areas are pictures; the same
                    facts are given as text on the Plans coming up page."
                </li>
                <li>
                    "When the map shows very many plots, the tab order gets long. Use the Skip to
                    main content link or the list of plots."
                </li>
            </ul>
            <h2>"Report a problem"</h2>
            <p>
                "If you find a problem not described here, or need content in another format,
                contact the municipality's business guide at "
                <a href="mailto:sara.holm@norrtalje.example">"sara.holm@norrtalje.example"</a>
                " or +46 176 71 10 03. We answer within five working days."
            </p>
            <h2>"Enforcement"</h2>
            <p>
                "The Agency for Digital Government (DIGG) enforces the law. If you are not
                satisfied with how we handle your feedback, you can "
                <a href="https://www.digg.se/tdosanmalan">"report it to DIGG"</a> "."
            </p>
            <h2>"Sources of the map"</h2>
            <p>
                "The land, water and coast on the map come from OpenStreetMap: "
                "© OpenStreetMap contributors, available under the "
                <a href="https://opendatacommons.org/licenses/odbl/1-0/">"Open Database License (ODbL)"</a>
                ". Plots, plans, areas and streets are the municipality's own data."
            </p>
            <p>"This statement was last updated on 1 December 2026."</p>
        }
        .into_any(),
    };
    view! {
        <PageTitle text=format!("{} – Markkartan", t.accessibility_title) />
        <Meta name="description" content=t.accessibility_description />
        <article class="prose">
            <h1 class="page-title">{t.accessibility_title}</h1>
            {body}
        </article>
    }
    .into_any()
}
