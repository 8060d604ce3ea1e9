//! Every text of the staff workspace, in one place.

use std::fmt::Display;

use crate::domain::count_of;

/// The staff workspace's user-visible texts: labels, headings, buttons, hints, messages, table
/// headers, aria-labels and page titles. Swedish only: the workspace's users are the
/// municipality's staff. Texts with values in them are the functions below.
pub struct StaffTexts {
    // Shared: the workspace bar, loading, refusals.
    pub unavailable: &'static str,
    pub loading: &'static str,
    pub staff_title: &'static str,
    pub signed_in_as: &'static str,
    pub nav_label: &'static str,
    pub nav_plots: &'static str,
    pub nav_import: &'static str,
    pub nav_inbox: &'static str,
    pub nav_accounts: &'static str,
    pub nav_contacts: &'static str,
    pub nav_meetings: &'static str,
    pub nav_insights: &'static str,
    pub contacts_title: &'static str,
    pub contacts_heading: &'static str,
    pub contacts_intro: &'static str,
    pub contacts_who_answers: &'static str,
    pub contacts_who_answers_hint: &'static str,
    pub contacts_everywhere: &'static str,
    pub contacts_people: &'static str,
    pub contacts_new: &'static str,
    pub contacts_responsible: &'static str,
    pub contacts_deputy: &'static str,
    pub contacts_nobody: &'static str,
    pub contacts_no_deputy: &'static str,
    pub contacts_save: &'static str,
    pub contacts_name: &'static str,
    pub contacts_title_sv: &'static str,
    pub contacts_title_en: &'static str,
    pub contacts_organisation: &'static str,
    pub contacts_phone: &'static str,
    pub contacts_email: &'static str,
    pub contacts_away_until: &'static str,
    pub contacts_save_person: &'static str,
    pub sign_out: &'static str,

    // Sign-in.
    pub sign_in_title: &'static str,
    pub sign_in: &'static str,
    pub sign_in_intro: &'static str,
    pub sign_in_email: &'static str,
    pub sign_in_password: &'static str,

    // Overview.
    pub overview_heading: &'static str,
    pub overview_attention_none: &'static str,
    pub overview_attention_heading: &'static str,
    pub overview_plots_heading: &'static str,
    pub overview_col_plot: &'static str,
    pub overview_col_business_area: &'static str,
    pub overview_col_status: &'static str,
    pub overview_col_area: &'static str,
    pub overview_col_published: &'static str,
    pub overview_col_updated: &'static str,
    pub overview_published_yes: &'static str,
    pub overview_published_no: &'static str,
    pub overview_nothing_to_edit: &'static str,
    pub overview_insights_only: &'static str,
    pub overview_search: &'static str,
    pub overview_any_status: &'static str,
    pub overview_filter: &'static str,
    pub overview_new_plot: &'static str,
    pub editor_description_en: &'static str,
    pub editor_description_en_hint: &'static str,
    pub to_workspace: &'static str,
    pub new_plot_heading: &'static str,
    pub new_plot_not_saved: &'static str,
    pub new_plot_designation: &'static str,
    pub new_plot_business_area: &'static str,
    pub new_plot_outline: &'static str,
    pub new_plot_create: &'static str,

    // Plot editor.
    pub editor_page: &'static str,
    pub editor_not_found: &'static str,
    pub editor_back: &'static str,
    pub plot_merged_into: &'static str,
    pub editor_not_saved: &'static str,
    pub editor_conflict_heading: &'static str,
    pub editor_conflict_text: &'static str,
    pub editor_all_plots: &'static str,
    pub editor_heading: &'static str,
    pub editor_saved: &'static str,
    pub editor_legend_status: &'static str,
    pub editor_status: &'static str,
    pub editor_legend_price_use: &'static str,
    pub editor_legend_use: &'static str,
    pub editor_legend_infrastructure: &'static str,
    pub editor_water_sewage: &'static str,
    pub editor_district_heating: &'static str,
    pub editor_fiber: &'static str,
    pub editor_legend_text_contact: &'static str,
    pub editor_description: &'static str,
    pub editor_description_hint: &'static str,
    pub editor_internal_notes: &'static str,
    pub editor_internal_notes_hint: &'static str,
    pub editor_contact: &'static str,
    pub editor_contact_default: &'static str,
    pub editor_save: &'static str,
    pub editor_history_heading: &'static str,
    pub editor_history_empty: &'static str,
    pub editor_history_by_import: &'static str,
    pub editor_empty_value: &'static str,

    // Geometry editor: the geometry forms and the maps that fill them.
    pub geometry_not_saved: &'static str,
    pub geometry_merge_with: &'static str,
    pub geometry_merge: &'static str,
    pub geometry_heading: &'static str,
    pub geometry_intro: &'static str,
    pub geometry_outline: &'static str,
    pub geometry_save: &'static str,
    pub geometry_split_line: &'static str,
    pub geometry_split_designation: &'static str,
    pub geometry_split: &'static str,
    pub map_too_few_corners: &'static str,
    pub map_split_line_hint: &'static str,
    pub map_split_line_cleared: &'static str,
    pub map_plot_help: &'static str,
    pub map_outline_area: &'static str,
    pub map_draw_split_line: &'static str,
    pub map_clear_line: &'static str,
    pub map_click_three_corners: &'static str,
    pub map_drawing_cleared: &'static str,
    pub map_close_at_first_corner: &'static str,
    pub map_new_plot_help: &'static str,
    pub map_close: &'static str,
    pub map_zoom_in: &'static str,
    pub map_zoom_out: &'static str,
    pub map_zoom_whole: &'static str,
    pub map_keys: &'static str,
    pub map_coast_simplified: &'static str,
    pub map_go_to_place: &'static str,
    pub map_choose_place: &'static str,
    pub map_restart: &'static str,
    pub map_new_plot_label: &'static str,
    pub map_planning_help: &'static str,
    pub map_planning_label: &'static str,
    pub map_new_part: &'static str,
    pub map_remove_part: &'static str,

    // Accounts.
    pub accounts_title: &'static str,
    pub accounts_heading: &'static str,
    pub accounts_active: &'static str,
    pub accounts_save: &'static str,
    pub accounts_col_name: &'static str,
    pub accounts_col_email: &'static str,
    pub accounts_col_role_status: &'static str,
    pub accounts_new: &'static str,
    pub accounts_name: &'static str,
    pub accounts_email: &'static str,
    pub accounts_role: &'static str,
    pub accounts_first_password: &'static str,
    pub accounts_create: &'static str,
    pub tokens_heading: &'static str,
    pub tokens_intro: &'static str,
    pub tokens_col_name: &'static str,
    pub tokens_col_account: &'static str,
    pub tokens_col_valid: &'static str,
    pub tokens_col_used: &'static str,
    pub tokens_col_state: &'static str,
    pub tokens_never_used: &'static str,
    pub tokens_revoked: &'static str,
    pub tokens_expired: &'static str,
    pub tokens_revoke: &'static str,
    pub tokens_none: &'static str,
    pub tokens_new: &'static str,
    pub tokens_name: &'static str,
    pub tokens_account: &'static str,
    pub tokens_days: &'static str,
    pub tokens_issue: &'static str,
    pub tokens_issued: &'static str,
    pub tokens_issued_once: &'static str,

    // Import.
    pub import_title: &'static str,
    pub import_heading: &'static str,
    pub import_file: &'static str,
    pub import_crs_fallback: &'static str,
    pub import_crs_in_file: &'static str,
    pub import_business_area: &'static str,
    pub import_choose_in_preview: &'static str,
    pub import_upload: &'static str,
    pub import_upload_progress: &'static str,
    pub import_uploaded: &'static str,
    // Shown by the upload's script, in the browser only.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub import_upload_failed: &'static str,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub import_upload_aborted: &'static str,
    pub import_not_found: &'static str,
    pub import_back: &'static str,
    pub import_crs: &'static str,
    pub import_no_attribute: &'static str,
    pub import_feature_ok: &'static str,
    pub import_feature_ok_lower: &'static str,
    pub import_other_file: &'static str,
    pub import_preview_heading: &'static str,
    pub import_one_passes: &'static str,
    pub import_blocking: &'static str,
    pub import_map_label: &'static str,
    pub import_legend_placement: &'static str,
    pub import_choose: &'static str,
    pub import_legend_mapping: &'static str,
    pub import_update_preview: &'static str,
    pub import_cancel: &'static str,
    pub import_table_caption: &'static str,
    pub import_col_number: &'static str,
    pub import_col_designation: &'static str,
    pub import_col_status: &'static str,
    pub import_col_area: &'static str,
    pub import_col_result: &'static str,

    // Inbox: the list and one interest.
    pub inbox_title: &'static str,
    pub inbox_heading: &'static str,
    pub inbox_status: &'static str,
    pub inbox_all: &'static str,
    pub inbox_business_area: &'static str,
    pub inbox_show: &'static str,
    pub inbox_export_csv: &'static str,
    pub inbox_col_received: &'static str,
    pub inbox_col_company: &'static str,
    pub inbox_col_about: &'static str,
    pub inbox_col_status: &'static str,
    pub inbox_col_handler: &'static str,
    pub inbox_no_handler: &'static str,
    pub case_page: &'static str,
    pub case_not_found: &'static str,
    pub case_back: &'static str,
    pub case_language_en: &'static str,
    pub case_language_sv: &'static str,
    pub case_all: &'static str,
    pub case_saved: &'static str,
    pub case_received: &'static str,
    pub case_about: &'static str,
    pub case_org_number: &'static str,
    pub case_contact: &'static str,
    pub case_email: &'static str,
    pub case_phone: &'static str,
    pub case_wanted_area: &'static str,
    pub case_wanted_start: &'static str,
    pub case_reply_in: &'static str,
    pub case_message_heading: &'static str,
    pub case_place_map: &'static str,
    pub case_handling_heading: &'static str,
    pub case_status: &'static str,
    pub case_handler: &'static str,
    pub case_handler_none: &'static str,
    pub case_new_note: &'static str,
    pub case_new_note_hint: &'static str,
    pub case_save: &'static str,
    pub case_notes_heading: &'static str,
    pub case_notes_empty: &'static str,
    pub case_mail_heading: &'static str,
    pub case_proposals_heading: &'static str,
    pub case_proposals_hint: &'static str,
    pub case_new_proposal: &'static str,
    pub case_question: &'static str,
    pub case_owner: &'static str,
    pub case_owner_field: &'static str,
    pub case_outcome: &'static str,
    pub case_outcome_hint: &'static str,
    pub case_outcome_none: &'static str,
    pub case_owner_hint: &'static str,
    pub case_mail_empty: &'static str,
    pub case_mail_not_configured: &'static str,
    pub case_mail_show: &'static str,
    pub case_mail_queued: &'static str,
    pub case_mail_not_sent: &'static str,
}

pub static SV: StaffTexts = StaffTexts {
    // Shared: the workspace bar, loading, refusals.
    unavailable: "Arbetsytan är tillfälligt otillgänglig. Försök igen om en stund.",
    loading: "Laddar…",
    staff_title: "Personal – Markkartan",
    signed_in_as: "Inloggad som ",
    nav_label: "Arbetsytan",
    nav_plots: "Tomter",
    nav_import: "Importera",
    nav_inbox: "Intresseanmälningar",
    nav_accounts: "Konton",
    nav_contacts: "Kontakter",
    nav_meetings: "Möten",
    nav_insights: "Insikter",
    contacts_title: "Kontakter och ansvar – Markkartan personal",
    contacts_heading: "Kontakter och ansvar",
    contacts_intro: "Här bestäms vem som svarar företagen. En intresseanmälan går till den som är ansvarig för dess område och sorts fråga, annars till den som är ansvarig i hela kommunen. Kontaktpersoner behöver inget konto: också VA-bolaget, energibolaget och bygglov finns här.",
    contacts_who_answers: "Vem svarar på vad",
    contacts_who_answers_hint: "Varje rad sparas för sig. Ett område utan ansvarig för en fråga får kommunens.",
    contacts_everywhere: "Hela kommunen (där inget område har någon)",
    contacts_people: "Kontaktpersoner",
    contacts_new: "Ny kontaktperson",
    contacts_responsible: "Ansvarig",
    contacts_deputy: "Ersättare",
    contacts_nobody: "Ingen",
    contacts_no_deputy: "Ingen ersättare",
    contacts_save: "Spara",
    contacts_name: "Namn",
    contacts_title_sv: "Titel",
    contacts_title_en: "Titel på engelska",
    contacts_organisation: "Organisation",
    contacts_phone: "Telefon",
    contacts_email: "E-post",
    contacts_away_until: "Frånvarande till och med (ersättaren svarar under tiden)",
    contacts_save_person: "Spara kontaktperson",
    sign_out: "Logga ut",

    // Sign-in.
    sign_in_title: "Logga in – Markkartan personal",
    sign_in: "Logga in",
    sign_in_intro: "För kommunens personal: mark och exploatering, planerare och administratörer.",
    sign_in_email: "E-post",
    sign_in_password: "Lösenord",

    // Overview.
    overview_heading: "Arbetsyta för personal",
    overview_attention_none: "Inget just nu: ingen reservation har passerat sitt slutdatum.",
    overview_attention_heading: "Behöver åtgärdas",
    overview_plots_heading: "Tomter",
    overview_col_plot: "Tomt",
    overview_col_business_area: "Verksamhetsområde",
    overview_col_status: "Status",
    overview_col_area: "Yta",
    overview_col_published: "Publicerad",
    overview_col_updated: "Senast ändrad",
    overview_published_yes: "ja",
    overview_published_no: "nej",
    overview_search: "Sök tomt eller verksamhetsområde",
    overview_any_status: "Alla",
    overview_filter: "Visa",
    overview_new_plot: "Ny tomt",
    editor_description_en: "Beskrivning på engelska (publik, valfri)",
    editor_description_en_hint: "Visas på de engelska sidorna. Utan den visas den svenska beskrivningen där, märkt som svensk text.",
    to_workspace: "Till arbetsytan",
    overview_insights_only: "Din roll läser insikterna: mark att erbjuda, intresse och svarstider, nöjdhet.",
    overview_nothing_to_edit: "Din roll har inga tomter att redigera. Detaljplaner och framtida områden finns under ”Planer och områden”.",
    new_plot_heading: "Ny tomt",
    new_plot_not_saved: "Tomten är inte sparad: ",
    new_plot_designation: "Beteckning",
    new_plot_business_area: "Verksamhetsområde",
    new_plot_outline: "Ytterkant (GeoJSON-polygon, SWEREF 99 18 00)",
    new_plot_create: "Skapa tomten",

    // Plot editor.
    editor_page: "Redigera tomt",
    editor_not_found: "Tomten finns inte",
    editor_back: "Till arbetsytan",
    plot_merged_into: "Marken ingår nu i",
    editor_not_saved: "Ändringarna är inte sparade:",
    editor_conflict_heading: "Någon annan har sparat tomten medan du redigerade",
    editor_conflict_text: "Dina ändringar är inte sparade. Här är vad som ändrades under tiden. Formuläret visar det du skrev; spara igen om det ska gälla i stället.",
    editor_all_plots: "← Alla tomter",
    editor_heading: "Redigera ",
    editor_saved: "Ändringarna är sparade.",
    editor_legend_status: "Status",
    editor_status: "Status",
    editor_legend_price_use: "Pris och användning",
    editor_legend_use: "Användning",
    editor_legend_infrastructure: "Infrastruktur",
    editor_water_sewage: "VA",
    editor_district_heating: "Fjärrvärme",
    editor_fiber: "Fiber",
    editor_legend_text_contact: "Text och kontakt",
    editor_description: "Beskrivning (visas för företag)",
    editor_description_hint: "Högst 4 000 tecken.",
    editor_internal_notes: "Interna anteckningar (visas aldrig publikt)",
    editor_internal_notes_hint: "Högst 4 000 tecken.",
    editor_contact: "Kontaktperson",
    editor_contact_default: "Verksamhetsområdets",
    editor_save: "Spara uppgifterna",
    editor_history_heading: "Historik",
    editor_history_empty: "Inga ändringar sedan tomten lades in.",
    editor_history_by_import: "import",
    editor_empty_value: "(tomt)",

    // Geometry editor: the geometry forms and the maps that fill them.
    geometry_not_saved: "Geometrin är inte sparad: ",
    geometry_merge_with: "Slå ihop med angränsande tomt",
    geometry_merge: "Slå ihop",
    geometry_heading: "Geometri",
    geometry_intro: "Koordinater i SWEREF 99 18 00 (EPSG:3011), som GeoJSON.",
    geometry_outline: "Ytterkant (GeoJSON-polygon)",
    geometry_save: "Spara geometrin",
    geometry_split_line: "Delningslinje (GeoJSON-linje tvärs över tomten)",
    geometry_split_designation: "Beteckning för den nya delen",
    geometry_split: "Dela tomten",
    map_too_few_corners: "En yta behöver minst tre hörn.",
    map_split_line_hint: "Klicka på kartan där linjen ska gå, med första och sista punkten utanför tomten.",
    map_split_line_cleared: "Delningslinjen är borttagen.",
    map_outline_area: "Ritad yta:",
    map_plot_help: "Dra ett hörn för att flytta det. Med tangentbordet: Tabb till hörnet, piltangenterna flyttar 1 m \
        (med Skift 10 m), Delete tar bort hörnet. Ett klick (eller Enter) på en kantmitt lägger till ett hörn. \
        Klicka på en angränsande tomt för att välja den för sammanslagning. Ändringarna hamnar i fälten nedan; \
        inget sparas förrän du trycker på knappen under fältet.",
    map_draw_split_line: "Rita delningslinje",
    map_clear_line: "Rensa linjen",
    map_click_three_corners: "Klicka ut minst tre hörn först.",
    map_drawing_cleared: "Ritningen är tömd: klicka ut hörnen på kartan.",
    map_close_at_first_corner: "Stäng ytan vid första hörnet",
    map_new_plot_help: "Kartan visar det valda verksamhetsområdets tomter. Klicka ut den nya tomtens hörn på fri mark och \
        stäng ytan genom att klicka på första hörnet eller på ”Stäng ytan”. Sedan kan hörnen dras, \
        eller flyttas med piltangenterna (1 m, med Skift 10 m). Utan mus: skriv ytterkanten i fältet nedan.",
    map_close: "Stäng ytan",
    map_zoom_in: "Zooma in",
    map_zoom_out: "Zooma ut",
    map_zoom_whole: "Visa hela kartan",
    map_go_to_place: "Visa orten",
    map_choose_place: "Välj ort",
    map_coast_simplified: "Stränder och sjöar är förenklade på den här kartan (OpenStreetMap); rita efter tomterna och planerna, inte efter kustlinjen.",
    map_keys: "Piltangenterna flyttar kartan, + och − zoomar; hjulet och två fingrar gör detsamma.",
    map_restart: "Börja om",
    map_new_plot_label: "Karta för att rita den nya tomten",
    map_planning_help: "Kartan visar kommunens tomter i grått. Klicka ut ytans hörn och stäng den genom att klicka \
        på första hörnet eller på ”Stäng ytan”. Sedan kan hörnen dras, eller flyttas med piltangenterna (1 m, med \
        Skift 10 m). En yta i flera delar: skriv den som GeoJSON i fältet nedan. Utan mus: skriv ytterkanten där.",
    map_planning_label: "Karta för att rita ytan",
    map_new_part: "Rita en ny del",
    map_remove_part: "Ta bort delen",

    // Accounts.
    accounts_title: "Konton – Markkartan personal",
    accounts_heading: "Konton",
    accounts_active: "Aktivt",
    accounts_save: "Spara ",
    accounts_col_name: "Namn",
    accounts_col_email: "E-post",
    accounts_col_role_status: "Roll och status",
    accounts_new: "Nytt konto",
    accounts_name: "Namn",
    accounts_email: "E-post",
    accounts_role: "Roll",
    accounts_first_password: "Första lösenord (minst 12 tecken)",
    accounts_create: "Skapa konto",
    tokens_heading: "API-nycklar",
    tokens_intro: "Med en API-nyckel ändrar ett program (QGIS, GDAL, ett skript) tomter genom OGC API – Features under /ogc som det konto nyckeln hör till, med samma regler och samma historik som här. Skicka den som Authorization: Bearer <nyckel>.",
    tokens_col_name: "Nyckel",
    tokens_col_account: "Konto",
    tokens_col_valid: "Giltig till",
    tokens_col_used: "Senast använd",
    tokens_col_state: "Status",
    tokens_never_used: "Aldrig",
    tokens_revoked: "Återkallad",
    tokens_expired: "Har gått ut",
    tokens_revoke: "Återkalla ",
    tokens_none: "Inga API-nycklar ännu.",
    tokens_new: "Ny API-nyckel",
    tokens_name: "Namn (vad nyckeln används till)",
    tokens_account: "Konto som nyckeln agerar som",
    tokens_days: "Giltig i antal dagar (högst 365)",
    tokens_issue: "Skapa nyckel",
    tokens_issued: "Nyckeln är skapad",
    tokens_issued_once: "Kopiera nyckeln nu: den visas bara den här gången och sparas inte i klartext.",

    // Import.
    import_title: "Importera tomter – Markkartan personal",
    import_heading: "Importera tomter",
    import_file: "Fil",
    import_crs_fallback: "Koordinatsystem om filen inte anger det",
    import_crs_in_file: "Filen anger det",
    import_business_area: "Verksamhetsområde",
    import_choose_in_preview: "Välj i förhandsgranskningen",
    import_upload: "Ladda upp och förhandsgranska",
    import_upload_progress: "Uppladdning",
    import_uploaded: "Filen är uppladdad. Kontrollerar objekten…",
    import_upload_failed: "Filen kunde inte laddas upp. Försök igen.",
    import_upload_aborted: "Uppladdningen avbröts. Kontrollera anslutningen och försök igen.",
    import_not_found: "Importen finns inte",
    import_back: "Importera en fil",
    import_crs: "Koordinatsystem",
    import_no_attribute: "(inget attribut)",
    import_feature_ok: "Kan importeras",
    import_feature_ok_lower: "kan importeras",
    import_other_file: "← Importera en annan fil",
    import_preview_heading: "Granska import av ",
    import_one_passes: "Objektet klarar kontrollerna.",
    import_blocking: "Innan importen kan göras:",
    import_map_label: "Karta: filens objekt (blå kan importeras, röda har fel) bland befintliga tomter (grå)",
    import_legend_placement: "Var tomterna hamnar",
    import_choose: "Välj…",
    import_legend_mapping: "Attribut i filen → uppgifter om tomten",
    import_update_preview: "Uppdatera förhandsgranskningen",
    import_cancel: "Avbryt importen",
    import_table_caption: "Objekten i filen och kontrollerna",
    import_col_number: "Nr",
    import_col_designation: "Beteckning",
    import_col_status: "Status",
    import_col_area: "Yta",
    import_col_result: "Resultat",

    // Inbox: the list and one interest.
    inbox_title: "Intresseanmälningar – Markkartan personal",
    inbox_heading: "Intresseanmälningar",
    inbox_status: "Status",
    inbox_all: "Alla",
    inbox_business_area: "Verksamhetsområde",
    inbox_show: "Visa",
    inbox_export_csv: "Exportera CSV",
    inbox_col_received: "Inkommen (svensk tid)",
    inbox_col_company: "Företag",
    inbox_col_about: "Gäller",
    inbox_col_status: "Status",
    inbox_col_handler: "Handläggare",
    inbox_no_handler: "–",
    case_page: "Intresseanmälan",
    case_not_found: "Anmälan finns inte",
    case_back: "Till intresseanmälningarna",
    case_language_en: "engelska",
    case_language_sv: "svenska",
    case_all: "← Alla intresseanmälningar",
    case_saved: "Ändringarna är sparade.",
    case_received: "Inkommen (svensk tid)",
    case_about: "Gäller",
    case_org_number: "Organisationsnummer",
    case_contact: "Kontaktperson",
    case_email: "E-post",
    case_phone: "Telefon",
    case_wanted_area: "Önskad yta",
    case_wanted_start: "Önskad start",
    case_reply_in: "Svara på",
    case_message_heading: "Meddelande",
    case_place_map: "Platsen som företaget frågar om, med tomterna omkring",
    case_handling_heading: "Handläggning",
    case_status: "Status",
    case_handler: "Handläggare",
    case_handler_none: "Ingen",
    case_new_note: "Ny anteckning",
    case_new_note_hint: "Högst 4 000 tecken.",
    case_save: "Spara",
    case_notes_heading: "Anteckningar",
    case_notes_empty: "Inga anteckningar ännu.",
    case_mail_heading: "E-post",
    case_proposals_heading: "Förslag till företaget",
    case_proposals_hint: "Sätt ihop tomter och framtida områden med en kommentar till varje och ett brev. Företaget får en personlig länk som går ut och kan återkallas.",
    case_new_proposal: "Gör ett nytt förslag",
    case_question: "Frågan gäller",
    case_owner: "Svarar (ansvarig)",
    case_outcome: "Utfall",
    case_outcome_hint: "Vad ärendet ledde till, för uppföljningen på insiktssidan.",
    case_outcome_none: "Inget ännu",
    case_owner_field: "Vem svarar",
    case_owner_hint: "Byt person för att lämna över ärendet. Den nya får ett mejl, och överlämningen syns i historiken.",
    case_mail_empty: "Ärendet har inte skickat någon e-post.",
    case_mail_not_configured: "Ingen e-postserver är inställd (MARKKARTAN_SMTP_URL), så inget skickas. Här syns vad som skulle ha skickats; skicka det själv vid behov.",
    case_mail_show: "Visa meddelandet",
    case_mail_queued: "I kö",
    case_mail_not_sent: "Inte skickat",
};

// Shared.

/// The page title of a workspace page with this heading.
/// The name of one part of an outline in parts, on its map and its choice.
pub fn outline_part(number: usize) -> String {
    format!("Del {number}")
}

/// The legend of the choice of the part to edit.
pub fn outline_in_parts_editable(parts: usize) -> String {
    format!("Ytan har {parts} delar: välj den del kartan ska ändra")
}

/// Above a plan's outline with holes, which the map draws but does not edit.
pub fn outline_in_parts(parts: usize) -> String {
    format!(
        "Ytan har {parts} delar och hål. Kartan visar den; ändra den i fältet nedan eller hämta den från en fil."
    )
}

pub fn page_title(heading: &str) -> String {
    format!("{heading} – Markkartan personal")
}

// Overview.

pub fn reservation_expired(reserved_for: &str, until: &str) -> String {
    format!(": reservationen för {reserved_for} gick ut {until}.")
}

pub fn imported(n: usize) -> String {
    format!(
        "{} importerades. Tomter utan status i filen är ej till salu tills du ändrar det.",
        count_of(n, "tomt", "tomter")
    )
}

// Plot editor.

pub fn editor_title(designation: &str) -> String {
    format!("Redigera {designation} – Markkartan personal")
}

pub fn plot_summary(business_area: &str, locality: &str, area: &str, version: i32) -> String {
    format!("{business_area}, {locality}. {area}. Version {version}.")
}

/// A retired plot's notice: when it was merged away (Swedish time).
pub fn plot_retired(when: &str) -> String {
    format!(
        "Tomten slogs ihop med en granntomt {when} (svensk tid) och finns inte längre att redigera."
    )
}

pub fn history_when(version: i32, changed_at: impl Display, changed_by: &str) -> String {
    format!("Version {version}, {changed_at} av {changed_by}")
}

// Geometry editor.

pub fn corner_position(corner: usize, of: usize, x: f64, y: f64) -> String {
    format!("Hörn {corner} av {of}: N {y:.2}, E {x:.2}.")
}

pub fn corner_added(corner: usize, of: usize) -> String {
    format!("Nytt hörn {corner} av {of}.")
}

pub fn corner_deleted(deleted: usize, left: usize, focused: usize) -> String {
    format!("Hörn {deleted} borttaget; {left} hörn kvar. Fokus på hörn {focused} av {left}.")
}

pub fn corner_label(corner: usize, of: usize) -> String {
    format!("Hörn {corner} av {of}")
}

pub fn midpoint_label(from: usize, to: usize) -> String {
    format!("Nytt hörn mellan hörn {from} och {to}")
}

pub fn outline_overlaps(plots: &[String]) -> String {
    format!(
        "Varning: ytan överlappar {}. Den kan inte sparas så.",
        plots.join(", ")
    )
}

pub fn split_line_points(n: usize) -> String {
    format!("Delningslinjen har {}.", count_of(n, "punkt", "punkter"))
}

pub fn merge_chosen(name: &str) -> String {
    format!("{name} är vald i ”Slå ihop med angränsande tomt”.")
}

pub fn plot_map_label(designation: &str) -> String {
    format!("Karta: {designation} och tomterna runt den")
}

pub fn outline_closed(corners: usize, finish: &str) -> String {
    format!("Ytan är stängd med {corners} hörn. Dra hörnen för att justera, eller {finish}.")
}

pub fn corners_drawn(n: usize) -> String {
    format!("{n} hörn.")
}

pub fn corners_drawn_may_close(n: usize) -> String {
    format!("{n} hörn. Klicka på första hörnet eller på ”Stäng ytan” för att stänga ytan.")
}

// Accounts.

pub fn role_for(name: &str) -> String {
    format!("Roll för {name}")
}

// Import.

pub fn import_intro(max_mb: usize, max_features: usize) -> String {
    format!(
        "GeoJSON, GeoPackage eller en zippad Shapefile i SWEREF 99 TM, SWEREF 99 18 00 eller WGS 84, högst {} MB och {}. Du ser varje objekt på kartan med resultatet av kontrollerna innan något sparas.",
        max_mb,
        count_of(max_features, "objekt", "objekt")
    )
}

pub fn uploading(percent: u32) -> String {
    format!("Laddar upp: {percent} %")
}

pub fn crs_from_file(crs: &str) -> String {
    format!("{crs} (enligt filen)")
}

pub fn crs_chosen(crs: &str) -> String {
    format!("{crs} (valt; filen anger inget)")
}

/// `designation` with its leading space, or empty.
pub fn feature_title(number: usize, designation: &str, result: &str) -> String {
    format!("Objekt {number}{designation}: {result}")
}

pub fn import_preview_title(file_name: &str) -> String {
    format!("Granska import av {file_name} – Markkartan personal")
}

pub fn import_summary(count: usize, format: &str, crs_text: &str) -> String {
    format!(
        "{} i {}. Koordinatsystem: {crs_text}.",
        count_of(count, "objekt", "objekt"),
        format
    )
}

pub fn all_pass(count: usize) -> String {
    format!(
        "Alla {} klarar kontrollerna.",
        count_of(count, "objekt", "objekt")
    )
}

pub fn import_plots(count: usize) -> String {
    format!("Importera {}", count_of(count, "tomt", "tomter"))
}

// Inbox.

pub fn inbox_count(n: usize) -> String {
    match n {
        1 => "1 anmälan.".to_string(),
        n => format!("{n} anmälningar."),
    }
}

pub fn personal_data_deleted(at: impl Display) -> String {
    format!("Personuppgifterna raderades {at} enligt gallringsregeln.")
}

pub fn case_title(company_name: &str) -> String {
    format!("{company_name} – Intresseanmälan – Markkartan personal")
}

/// "12 000 m²", the digits grouped as Swedish writes them.
pub fn wanted_area(area_m2: i32) -> String {
    format!(
        "{} m²",
        crate::domain::format_integer(i64::from(area_m2), crate::domain::Lang::Sv)
    )
}

/// "Skickat 2026-12-03 10:15" / "Försök 3 misslyckades: … Försöker igen."
pub fn mail_sent(sent_at: impl Display) -> String {
    format!("Skickat {sent_at}")
}

pub fn mail_failing(attempts: i32, error: &str) -> String {
    format!("Försök {attempts} misslyckades: {error}. Försöker igen.")
}

/// "Till Anna Lindqvist <anna@…>, köat 2026-12-03 10:14".
pub fn mail_to(name: &str, address: &str, queued_at: impl Display) -> String {
    format!("Till {name} <{address}>, köat {queued_at}")
}

pub fn note_when(written_at: impl Display, written_by: &str) -> String {
    format!("{written_at} av {written_by}")
}

/// Beside a contact person who is away: " – frånvarande t.o.m. 2026-12-24".
pub fn contact_away(until: impl Display) -> String {
    format!(" – frånvarande t.o.m. {until}, ersättaren svarar")
}
