//! Intresseanmälningar: storing what companies send, and the rate limit against bots.

use ipnet::IpNet;
use markkartan_app::domain::{
    Contact, InterestSubject, PlacePoint, PlanningKind, QuestionKind, ValidInterest, WrittenText,
};
use sqlx::{PgConnection, PgPool};

/// The subject of an interest and the contact person who answers it (the case's owner): the
/// one rule for who answers, which the confirmation page, the e-mails and the stored case share.
pub struct Routed {
    pub subject: InterestSubject,
    /// The answering contact person's id.
    pub owner_id: Option<i64>,
}

/// What the interest form is about, with the person who will answer it: the one responsible
/// for its kind of question in its business area; for land and price, else the plot's own
/// contact, its business area's or its plan's; else the one responsible for the question in
/// the whole municipality; for a place, else the planning unit; else the municipality's business
/// guide (företagslots). And the retention period of personal data, for the notice beside the
/// form.
/// Who answers a responsibility (`r`) today: the responsible person, or while they are away
/// their deputy (unless the deputy is away too: then still the responsible).
const ANSWERS: &str = "CASE WHEN EXISTS (SELECT 1 FROM contact_persons a
                                WHERE a.id = r.contact_person_id
                                  AND a.away_until >= (now() AT TIME ZONE 'Europe/Stockholm')::date)
                 AND EXISTS (SELECT 1 FROM contact_persons d
                              WHERE d.id = r.deputy_id
                                AND (d.away_until IS NULL
                                     OR d.away_until < (now() AT TIME ZONE 'Europe/Stockholm')::date))
            THEN r.deputy_id ELSE r.contact_person_id END";

pub async fn subject(
    pool: &PgPool,
    plot_id: Option<i64>,
    business_area: Option<&str>,
    (plan, future_area): (Option<i64>, Option<i64>),
    place: Option<PlacePoint>,
    question: QuestionKind,
    retention_months: u32,
) -> Result<Routed, sqlx::Error> {
    // The published plot asked for, or else the business area named:
    // (plot id, plot designation, business area's id and name, contact person id).
    type About = (Option<i64>, Option<String>, i64, String, Option<i64>);
    let about: Option<About> = sqlx::query_as(
        "SELECT p.id, p.designation, a.id, a.name, coalesce(p.contact_person_id, a.contact_person_id)
           FROM business_areas a
           LEFT JOIN plots p ON p.business_area_id = a.id AND p.published AND p.id = $1
          WHERE p.id IS NOT NULL OR ($1::bigint IS NULL AND a.name = $2)
          LIMIT 1",
    )
    .bind(plot_id)
    .bind(business_area)
    .fetch_optional(pool)
    .await?;
    let (plot_id, plot, area_id, area, mut contact_id) = match about {
        Some((plot_id, plot, area_id, area, contact_id)) => {
            (plot_id, plot, Some(area_id), Some(area), contact_id)
        }
        None => (None, None, None, None, None),
    };
    // A published plan or future area, when no plot or business area is the subject; a plan's
    // contact answers.
    let planning: Option<(PlanningKind, i64, String, Option<i64>)> = if plot_id.is_none()
        && area.is_none()
    {
        sqlx::query_as(
            "SELECT 'detailed_plan'::planning_kind, id, name, contact_person_id
               FROM published_plans WHERE id = $1
             UNION ALL
             SELECT 'future_area'::planning_kind, id, name, NULL FROM published_future_areas WHERE id = $2
             LIMIT 1",
        )
        .bind(plan)
        .bind(future_area)
        .fetch_optional(pool)
        .await?
    } else {
        None
    };
    if let Some((_, _, _, Some(contact))) = &planning {
        contact_id = Some(*contact);
    }
    let planning = planning.map(|(kind, id, name, _)| (kind, id, name));
    // A place on the map, when nothing else is the subject: the planning unit answers.
    let place = place.filter(|_| plot_id.is_none() && area.is_none() && planning.is_none());
    // The plot's, area's or plan's own contact answers questions about the land only.
    let own_contact = contact_id.filter(|_| question == QuestionKind::LandAndPrice);
    let contact: Option<(i64, String, String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT id, name, title, title_en, phone, email FROM contact_persons
          ORDER BY id IS DISTINCT FROM (SELECT {ANSWERS} FROM responsibilities r
                                         WHERE r.business_area_id = $3 AND r.question = $4),
                   (id = $1) IS NOT TRUE,
                   id IS DISTINCT FROM (SELECT {ANSWERS} FROM responsibilities r
                                         WHERE r.business_area_id IS NULL AND r.question = $4),
                   ($2 AND answers_place_questions) IS NOT TRUE,
                   (title ILIKE '%företagslots%') IS NOT TRUE, id
          LIMIT 1"
    ))
    .bind(own_contact)
    .bind(place.is_some())
    .bind(area_id)
    .bind(question)
    .fetch_optional(pool)
    .await?;
    let owner_id = contact.as_ref().map(|c| c.0);
    Ok(Routed {
        subject: InterestSubject {
            plot_id,
            plot,
            business_area: area,
            planning,
            place,
            question,
            contact: contact.map(|(_, name, sv, en, phone, email)| Contact {
                name,
                title: WrittenText { sv, en },
                phone,
                email,
            }),
            retention_months,
        },
        owner_id,
    })
}

/// Records a submission from `client` (an address, or an IPv6 /64) unless `limit` were
/// recorded within the last hour; whether it was recorded. The check and the record are made
/// under one lock per client, held until the transaction ends, so forms sent at once are
/// counted one after the other. Submissions older than a day are forgotten.
pub async fn record_submission_within(
    conn: &mut PgConnection,
    client: IpNet,
    limit: i64,
) -> Result<bool, sqlx::Error> {
    let client = client.to_string();
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('markkartan: interests from ' || $1))")
        .bind(&client)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM interest_submission_log WHERE submitted_at < now() - interval '1 day'",
    )
    .execute(&mut *conn)
    .await?;
    let recorded = sqlx::query(
        "INSERT INTO interest_submission_log (client_address)
         SELECT $1::inet
          WHERE (SELECT count(*) FROM interest_submission_log
                  WHERE client_address = $1::inet
                    AND submitted_at > now() - interval '1 hour') < $2",
    )
    .bind(&client)
    .bind(limit)
    .execute(conn)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// Whether the plot (published), the business area (by name), the plan and future area
/// (published) and the place (in the municipality, water included) an interest names exist;
/// what it does not name counts as known.
pub async fn subject_known(
    pool: &PgPool,
    interest: &ValidInterest,
) -> Result<(bool, bool, bool, bool, bool), sqlx::Error> {
    sqlx::query_as(
        "SELECT $1::bigint IS NULL OR EXISTS (SELECT 1 FROM plots WHERE id = $1 AND published),
                $2::text IS NULL OR EXISTS (SELECT 1 FROM business_areas WHERE name = $2),
                $3::bigint IS NULL OR EXISTS (SELECT 1 FROM published_plans WHERE id = $3),
                $4::bigint IS NULL OR EXISTS (SELECT 1 FROM published_future_areas WHERE id = $4),
                $5::float8 IS NULL OR EXISTS (
                    SELECT 1 FROM municipality
                     WHERE ST_Intersects(border, ST_Transform(ST_SetSRID(ST_MakePoint($6, $5), 4326), 3011)))",
    )
    .bind(interest.plot_id)
    .bind(interest.business_area.as_deref())
    .bind(interest.detailed_plan_id)
    .bind(interest.future_area_id)
    .bind(interest.place.map(|p| p.lat))
    .bind(interest.place.map(|p| p.lon))
    .fetch_one(pool)
    .await
}

/// Stores a validated interest; returns its id. A plot or business area that does not exist
/// (or is not published) is simply not linked: the interest itself still counts.
pub async fn insert(
    conn: &mut PgConnection,
    interest: &ValidInterest,
    owner_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO interests (plot_id, business_area_id, company_name, org_number,
                                contact_name, email, phone, wanted_area_m2, wanted_start,
                                message, language, consent_at, detailed_plan_id, future_area_id,
                                place, question, owner_id)
         VALUES ((SELECT id FROM plots WHERE id = $1 AND published),
                 coalesce((SELECT business_area_id FROM plots WHERE id = $1 AND published),
                          (SELECT id FROM business_areas WHERE name = $2)),
                 $3, $4, $5, $6, $7, $8, $9, $10, $11, now(),
                 (SELECT id FROM published_plans WHERE id = $12),
                 (SELECT id FROM published_future_areas WHERE id = $13),
                 ST_Transform(ST_SetSRID(ST_MakePoint($15, $14), 4326), 3011), $16, $17)
         RETURNING id",
    )
    .bind(interest.plot_id)
    .bind(&interest.business_area)
    .bind(&interest.company_name)
    .bind(interest.org_number.as_str())
    .bind(&interest.contact_name)
    .bind(&interest.email)
    .bind(&interest.phone)
    .bind(interest.wanted_area_m2)
    .bind(interest.wanted_start)
    .bind(&interest.message)
    .bind(interest.lang.code())
    .bind(interest.detailed_plan_id)
    .bind(interest.future_area_id)
    .bind(interest.place.map(|p| p.lat))
    .bind(interest.place.map(|p| p.lon))
    .bind(interest.question)
    .bind(owner_id)
    .fetch_one(conn)
    .await
}
