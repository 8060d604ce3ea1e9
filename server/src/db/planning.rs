//! Plans and future areas as planners keep them: revisions, their history, and publication,
//! which writes a revision's content into the public tables (`detailed_plans`, `future_areas`)
//! that the `published_*` views show. Times shown are Swedish time.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use markkartan_app::domain::{
    AreaFacts, DemandSummary, GeometryProblem, KindFacts, LandUse, LandUseCategory, LandUseFacts,
    PlanFacts, PlanStage, PlanningAction, PlanningContent, PlanningEvent, PlanningItem,
    PlanningKind, Revision, RevisionState, StageDate, WrittenText,
};
use sqlx::{PgConnection, PgPool, types::Json};

const REVISION_COLUMNS: &str = "
    r.id, r.kind, r.subject_id, r.state, r.name, r.description, r.description_en,
    r.purpose_en, r.building_rights_en, r.intended_use_en,
    ST_AsGeoJSON(r.geom, 2) AS geometry,
    r.plan_id, r.stage, r.permitted_uses, r.purpose, r.building_rights, r.documents_url,
    r.shore_protection_lifted, r.contact_person_id, r.stage_dates, r.intended_use, r.land_use, r.horizon_from_year,
    r.horizon_to_year, r.category, r.author_id, r.editor_ids, a.name AS author, p.name AS approver,
    r.publish_at AT TIME ZONE 'Europe/Stockholm' AS publish_at,
    r.published_at AT TIME ZONE 'Europe/Stockholm' AS published_at,
    r.updated_at AT TIME ZONE 'Europe/Stockholm' AS updated_at, r.version";

/// The states of a revision still on its way, from the workflow's table.
static OPEN: std::sync::LazyLock<String> = std::sync::LazyLock::new(RevisionState::open_states_sql);

const REVISION_FROM: &str = "planning_revisions r
    LEFT JOIN accounts a ON a.id = r.author_id
    LEFT JOIN accounts p ON p.id = r.approver_id";

#[derive(sqlx::FromRow)]
pub struct RevisionRow {
    pub id: i64,
    pub kind: PlanningKind,
    pub subject_id: i64,
    pub state: RevisionState,
    name: String,
    description: String,
    description_en: String,
    purpose_en: Option<String>,
    building_rights_en: Option<String>,
    intended_use_en: Option<String>,
    geometry: String,
    plan_id: Option<String>,
    stage: Option<PlanStage>,
    permitted_uses: Option<Vec<String>>,
    purpose: Option<String>,
    building_rights: Option<String>,
    documents_url: Option<String>,
    shore_protection_lifted: bool,
    contact_person_id: Option<i64>,
    stage_dates: Json<Vec<StageDate>>,
    intended_use: Option<String>,
    land_use: Option<markkartan_app::domain::AreaUse>,
    horizon_from_year: Option<i16>,
    horizon_to_year: Option<i16>,
    category: Option<LandUseCategory>,
    pub author_id: Option<i64>,
    pub editor_ids: Vec<i64>,
    author: Option<String>,
    approver: Option<String>,
    publish_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
    pub version: i32,
}

impl RevisionRow {
    pub fn content(&self) -> PlanningContent {
        let facts = match self.kind {
            PlanningKind::DetailedPlan => KindFacts::Plan(PlanFacts {
                plan_id: self.plan_id.clone().unwrap_or_default(),
                stage: self.stage.unwrap_or(PlanStage::Planbesked),
                stage_dates: self.stage_dates.0.clone(),
                permitted_uses: self
                    .permitted_uses
                    .iter()
                    .flatten()
                    .filter_map(|c| LandUse::from_code(c))
                    .collect(),
                purpose: WrittenText {
                    sv: self.purpose.clone().unwrap_or_default(),
                    en: self.purpose_en.clone().unwrap_or_default(),
                },
                building_rights: WrittenText {
                    sv: self.building_rights.clone().unwrap_or_default(),
                    en: self.building_rights_en.clone().unwrap_or_default(),
                },
                documents_url: self.documents_url.clone().unwrap_or_default(),
                contact_person_id: self.contact_person_id,
                shore_protection_lifted: self.shore_protection_lifted,
            }),
            PlanningKind::FutureArea => KindFacts::Area(AreaFacts {
                land_use: self
                    .land_use
                    .unwrap_or(markkartan_app::domain::AreaUse::Verksamheter),
                intended_use: WrittenText {
                    sv: self.intended_use.clone().unwrap_or_default(),
                    en: self.intended_use_en.clone().unwrap_or_default(),
                },
                horizon_from_year: self.horizon_from_year.unwrap_or_default(),
                horizon_to_year: self.horizon_to_year.unwrap_or_default(),
            }),
            PlanningKind::LandUseArea => KindFacts::LandUse(LandUseFacts {
                category: self.category.unwrap_or(LandUseCategory::Landsbygd),
                documents_url: self.documents_url.clone().unwrap_or_default(),
            }),
        };
        PlanningContent {
            name: self.name.clone(),
            description: WrittenText {
                sv: self.description.clone(),
                en: self.description_en.clone(),
            },
            facts,
        }
    }

    pub fn stage(&self) -> Option<PlanStage> {
        self.stage
    }

    pub fn revision(self) -> Revision {
        Revision {
            id: self.id,
            state: self.state,
            content: self.content(),
            geometry: self.geometry,
            author: self.author,
            author_id: self.author_id,
            editor_ids: self.editor_ids,
            approver: self.approver,
            publish_at: self.publish_at,
            published_at: self.published_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// Reserves the id a new plan or area will have in its public table.
pub async fn reserve_id(conn: &mut PgConnection, kind: PlanningKind) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(match kind {
        PlanningKind::DetailedPlan => {
            "SELECT nextval(pg_get_serial_sequence('detailed_plans', 'id'))"
        }
        PlanningKind::FutureArea => "SELECT nextval(pg_get_serial_sequence('future_areas', 'id'))",
        PlanningKind::LandUseArea => {
            "SELECT nextval(pg_get_serial_sequence('land_use_areas', 'id'))"
        }
    })
    .fetch_one(conn)
    .await
}

/// Whether PostGIS takes the GeoJSON as a plan's or area's outline: a valid polygon or
/// multipolygon that reaches into the municipality.
pub async fn check_outline(
    conn: &mut PgConnection,
    geojson: &str,
) -> Result<Result<(), GeometryProblem>, sqlx::Error> {
    let (kind, valid, reason, inside): (Option<String>, bool, String, bool) = sqlx::query_as(
        // import_geometry: NULL where PostGIS cannot read the GeoJSON (migration 0007).
        "WITH g AS (SELECT ST_SetSRID(import_geometry($1), 3011) AS geom)
         SELECT GeometryType(g.geom), coalesce(ST_IsValid(g.geom), false),
                coalesce(ST_IsValidReason(g.geom), ''),
                coalesce(ST_Intersects(g.geom, (SELECT ST_Union(geom) FROM municipality)), false)
           FROM g",
    )
    .bind(geojson)
    .fetch_one(conn)
    .await?;
    let Some(kind) = kind else {
        return Ok(Err(GeometryProblem::NotGeoJson(
            "koordinater saknas eller är ofullständiga".into(),
        )));
    };
    Ok(if kind != "POLYGON" && kind != "MULTIPOLYGON" {
        Err(GeometryProblem::WrongType {
            expected: "polygon eller multipolygon",
            found: kind.to_lowercase(),
        })
    } else if !valid {
        Err(GeometryProblem::Invalid(reason))
    } else if !inside {
        Err(GeometryProblem::OutsideMunicipality)
    } else {
        Ok(())
    })
}

/// One outline from a file's geometries (GeoJSON in `srid`): their polygons in EPSG:3011,
/// unioned, as GeoJSON to the centimetre, with how many parts and corners it has; `None` when
/// the file has no polygon.
pub async fn outline_from_geometries(
    pool: &PgPool,
    geometries: &[String],
    srid: i32,
) -> Result<Option<(String, i32, i32)>, sqlx::Error> {
    sqlx::query_as(
        "WITH parts AS (
             SELECT ST_CollectionExtract(ST_MakeValid(ST_Force2D(
                        ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), $2), 3011))), 3) AS geom
               FROM unnest($1::text[]) AS g
         ), outline AS (SELECT ST_Union(geom) AS geom FROM parts WHERE NOT ST_IsEmpty(geom))
         SELECT ST_AsGeoJSON(geom, 2), ST_NumGeometries(geom), ST_NPoints(geom)
           FROM outline WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)",
    )
    .bind(geometries)
    .bind(srid)
    .fetch_optional(pool)
    .await
}

/// The content columns, in the order both writes of a revision bind them ([`bind_content`]).
const CONTENT_COLUMNS: &str = "name, description, geom, plan_id, stage, permitted_uses, purpose,
    building_rights, documents_url, contact_person_id, stage_dates, intended_use, land_use,
    horizon_from_year, horizon_to_year, description_en, purpose_en, building_rights_en,
    intended_use_en, shore_protection_lifted, category";

type Scalar<'q, O> = sqlx::query::QueryScalar<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>;

/// Binds a revision's content after the parameters already bound, in [`CONTENT_COLUMNS`]'s
/// order (the outline as GeoJSON, EPSG:3011).
fn bind_content<'q, O>(
    query: Scalar<'q, O>,
    content: &'q PlanningContent,
    geojson: &'q str,
) -> Scalar<'q, O> {
    let facts = Facts::of(content);
    query
        .bind(&content.name)
        .bind(&content.description.sv)
        .bind(geojson)
        .bind(facts.plan_id)
        .bind(facts.stage)
        .bind(facts.permitted_uses)
        .bind(facts.purpose)
        .bind(facts.building_rights)
        .bind(facts.documents_url)
        .bind(facts.contact_person_id)
        .bind(Json(facts.stage_dates))
        .bind(facts.intended_use)
        .bind(facts.land_use)
        .bind(facts.horizon_from_year)
        .bind(facts.horizon_to_year)
        .bind(&content.description.en)
        .bind(facts.purpose_en)
        .bind(facts.building_rights_en)
        .bind(facts.intended_use_en)
        .bind(facts.shore_protection_lifted)
        .bind(facts.category)
}

/// Writes a new revision (a draft) and returns its id.
pub async fn insert_revision(
    conn: &mut PgConnection,
    subject_id: i64,
    author_id: i64,
    content: &PlanningContent,
    geojson: &str,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO planning_revisions (kind, subject_id, author_id, editor_ids, {CONTENT_COLUMNS})
         VALUES ($1, $2, $3, ARRAY[$3::bigint], $4, $5, ST_SetSRID(ST_GeomFromGeoJSON($6), 3011),
                 $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                 $23, $24)
         RETURNING id"
    );
    let query = sqlx::query_scalar(&sql)
        .bind(content.kind())
        .bind(subject_id)
        .bind(author_id);
    bind_content(query, content, geojson).fetch_one(conn).await
}

/// Replaces a draft's content, written by `editor_id` (who joins its editors); returns its new
/// version.
pub async fn update_revision(
    conn: &mut PgConnection,
    id: i64,
    editor_id: i64,
    content: &PlanningContent,
    geojson: &str,
) -> Result<i32, sqlx::Error> {
    let sql = format!(
        "UPDATE planning_revisions
            SET ({CONTENT_COLUMNS}) = ($3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 3011), $6, $7,
                 $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23),
                editor_ids = CASE WHEN $2 = ANY (editor_ids) THEN editor_ids
                                  ELSE editor_ids || $2::bigint END,
                updated_at = now(), version = version + 1
          WHERE id = $1
      RETURNING version"
    );
    bind_content(
        sqlx::query_scalar(&sql).bind(id).bind(editor_id),
        content,
        geojson,
    )
    .fetch_one(conn)
    .await
}

/// A content's columns, NULL where its kind has none.
#[derive(Default)]
struct Facts<'a> {
    plan_id: Option<&'a str>,
    stage: Option<PlanStage>,
    permitted_uses: Option<Vec<&'static str>>,
    purpose: Option<&'a str>,
    purpose_en: Option<&'a str>,
    building_rights: Option<&'a str>,
    building_rights_en: Option<&'a str>,
    documents_url: Option<&'a str>,
    contact_person_id: Option<i64>,
    stage_dates: Vec<StageDate>,
    intended_use: Option<&'a str>,
    intended_use_en: Option<&'a str>,
    land_use: Option<markkartan_app::domain::AreaUse>,
    horizon_from_year: Option<i16>,
    horizon_to_year: Option<i16>,
    shore_protection_lifted: bool,
    category: Option<LandUseCategory>,
}

impl<'a> Facts<'a> {
    fn of(content: &'a PlanningContent) -> Facts<'a> {
        match &content.facts {
            KindFacts::Plan(plan) => Facts {
                plan_id: Some(&plan.plan_id),
                stage: Some(plan.stage),
                permitted_uses: Some(plan.permitted_uses.iter().map(|u| u.code()).collect()),
                purpose: Some(&plan.purpose.sv),
                purpose_en: Some(&plan.purpose.en),
                building_rights: Some(&plan.building_rights.sv),
                building_rights_en: Some(&plan.building_rights.en),
                documents_url: Some(&plan.documents_url),
                contact_person_id: plan.contact_person_id,
                stage_dates: plan.stage_dates.clone(),
                shore_protection_lifted: plan.shore_protection_lifted,
                ..Facts::default()
            },
            KindFacts::Area(area) => Facts {
                intended_use: Some(&area.intended_use.sv),
                intended_use_en: Some(&area.intended_use.en),
                land_use: Some(area.land_use),
                horizon_from_year: Some(area.horizon_from_year),
                horizon_to_year: Some(area.horizon_to_year),
                ..Facts::default()
            },
            KindFacts::LandUse(land) => Facts {
                category: Some(land.category),
                documents_url: Some(&land.documents_url),
                ..Facts::default()
            },
        }
    }
}

/// The revisions `condition` picks (on `r`), newest publication first, with their authors' and
/// approvers' names.
fn revisions_where(condition: &str) -> String {
    format!(
        "SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} WHERE {condition}
          ORDER BY r.published_at DESC NULLS LAST, r.id DESC LIMIT 1"
    )
}

/// The open revision of a plan or area, locked for this transaction.
pub async fn lock_open(
    conn: &mut PgConnection,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    lock_then_read(conn, kind, subject_id, &format!("state IN {}", *OPEN)).await
}

/// The latest published revision of a plan or area, locked for this transaction.
pub async fn lock_latest_published(
    conn: &mut PgConnection,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    lock_then_read(conn, kind, subject_id, "state = 'published'").await
}

/// Locks the revision row alone (`FOR UPDATE` on the table, not the joined accounts), then reads
/// it with its names.
async fn lock_then_read(
    conn: &mut PgConnection,
    kind: PlanningKind,
    subject_id: i64,
    condition: &str,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM planning_revisions
          WHERE kind = $1 AND subject_id = $2 AND {condition}
          ORDER BY published_at DESC NULLS LAST, id DESC LIMIT 1
            FOR UPDATE"
    ))
    .bind(kind)
    .bind(subject_id)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => revision(&mut *conn, id).await,
        None => Ok(None),
    }
}

pub async fn revision<'e>(
    db: impl sqlx::PgExecutor<'e>,
    id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&revisions_where("r.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The open revision of a plan or area (draft, in review or scheduled), if any.
pub async fn open_revision<'e>(
    db: impl sqlx::PgExecutor<'e>,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&revisions_where(&format!(
        "r.kind = $1 AND r.subject_id = $2 AND r.state IN {}",
        *OPEN
    )))
    .bind(kind)
    .bind(subject_id)
    .fetch_optional(db)
    .await
}

/// The latest published revision of a plan or area: what the public sees, unless withdrawn.
pub async fn latest_published<'e>(
    db: impl sqlx::PgExecutor<'e>,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<Option<RevisionRow>, sqlx::Error> {
    sqlx::query_as(&revisions_where(
        "r.kind = $1 AND r.subject_id = $2 AND r.state = 'published'",
    ))
    .bind(kind)
    .bind(subject_id)
    .fetch_optional(db)
    .await
}

/// Whether any revision of this plan or area exists (it exists for the workspace).
pub async fn exists<'e>(
    db: impl sqlx::PgExecutor<'e>,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM planning_revisions WHERE kind = $1 AND subject_id = $2)",
    )
    .bind(kind)
    .bind(subject_id)
    .fetch_one(db)
    .await
}

/// Whether the public sees this plan or area now.
pub async fn is_public<'e>(
    db: impl sqlx::PgExecutor<'e>,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(match kind {
        PlanningKind::DetailedPlan => "SELECT EXISTS (SELECT 1 FROM published_plans WHERE id = $1)",
        PlanningKind::FutureArea => {
            "SELECT EXISTS (SELECT 1 FROM published_future_areas WHERE id = $1)"
        }
        PlanningKind::LandUseArea => {
            "SELECT EXISTS (SELECT 1 FROM published_land_use WHERE id = $1)"
        }
    })
    .bind(subject_id)
    .fetch_one(db)
    .await
}

/// Another plan (open revision or public) with this plan id.
pub async fn plan_id_taken(
    conn: &mut PgConnection,
    plan_id: &str,
    except_subject: Option<i64>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM detailed_plans
                         WHERE lower(plan_id) = lower($1) AND id IS DISTINCT FROM $2)
             OR EXISTS (SELECT 1 FROM planning_revisions
                         WHERE kind = 'detailed_plan' AND state IN {open}
                           AND lower(plan_id) = lower($1) AND subject_id IS DISTINCT FROM $2)",
        open = *OPEN
    ))
    .bind(plan_id)
    .bind(except_subject)
    .fetch_one(conn)
    .await
}

/// Moves a revision to `state`, with its approver and publication time where they apply.
pub async fn set_state(
    conn: &mut PgConnection,
    id: i64,
    state: RevisionState,
    approver_id: Option<i64>,
    publish_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE planning_revisions
            SET state = $2, approver_id = $3, publish_at = $4, updated_at = now(),
                version = version + 1
          WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(approver_id)
    .bind(publish_at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// One entry of the history.
pub struct Event {
    pub kind: PlanningKind,
    pub subject_id: i64,
    pub revision_id: i64,
    pub action: PlanningAction,
    pub account_id: Option<i64>,
    pub from_state: Option<RevisionState>,
    pub to_state: Option<RevisionState>,
    pub from_stage: Option<PlanStage>,
    pub to_stage: Option<PlanStage>,
}

pub async fn record(conn: &mut PgConnection, event: Event) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO planning_events (kind, subject_id, revision_id, action, account_id,
                                      from_state, to_state, from_stage, to_stage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(event.kind)
    .bind(event.subject_id)
    .bind(event.revision_id)
    .bind(event.action)
    .bind(event.account_id)
    .bind(event.from_state)
    .bind(event.to_state)
    .bind(event.from_stage)
    .bind(event.to_stage)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Publishes a revision (locked by the caller): its content becomes the public row, in this
/// transaction. Returns the stage the public had before (plans already public).
pub async fn publish(
    conn: &mut PgConnection,
    revision: &RevisionRow,
) -> Result<Option<PlanStage>, sqlx::Error> {
    let before: Option<PlanStage> = match revision.kind {
        PlanningKind::DetailedPlan => {
            sqlx::query_scalar("SELECT stage FROM published_plans WHERE id = $1")
                .bind(revision.subject_id)
                .fetch_optional(&mut *conn)
                .await?
        }
        PlanningKind::FutureArea | PlanningKind::LandUseArea => None,
    };
    match revision.kind {
        PlanningKind::DetailedPlan => {
            sqlx::query(
                "INSERT INTO detailed_plans AS d (id, plan_id, name, stage, permitted_uses,
                                                  description, geom, published, purpose,
                                                  building_rights, documents_url, contact_person_id,
                                                  description_en, purpose_en, building_rights_en,
                                                  shore_protection_lifted)
                 SELECT subject_id, plan_id, name, stage, permitted_uses, description, geom, true,
                        purpose, building_rights, documents_url, contact_person_id, description_en,
                        coalesce(purpose_en, ''), coalesce(building_rights_en, ''),
                        shore_protection_lifted
                   FROM planning_revisions WHERE id = $1
                 ON CONFLICT (id) DO UPDATE
                    SET plan_id = EXCLUDED.plan_id, name = EXCLUDED.name, stage = EXCLUDED.stage,
                        permitted_uses = EXCLUDED.permitted_uses,
                        description = EXCLUDED.description, geom = EXCLUDED.geom, published = true,
                        purpose = EXCLUDED.purpose, building_rights = EXCLUDED.building_rights,
                        description_en = EXCLUDED.description_en,
                        purpose_en = EXCLUDED.purpose_en,
                        building_rights_en = EXCLUDED.building_rights_en,
                        documents_url = EXCLUDED.documents_url,
                        contact_person_id = EXCLUDED.contact_person_id,
                        shore_protection_lifted = EXCLUDED.shore_protection_lifted, updated_at = now(),
                        version = d.version + 1",
            )
            .bind(revision.id)
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM detailed_plan_stage_dates WHERE detailed_plan_id = $1")
                .bind(revision.subject_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO detailed_plan_stage_dates (detailed_plan_id, stage, date, expected)
                 SELECT r.subject_id, s.stage, s.date, s.expected
                   FROM planning_revisions r,
                        jsonb_to_recordset(r.stage_dates) AS s(stage plan_stage, date date, expected boolean)
                  WHERE r.id = $1
                 ON CONFLICT DO NOTHING",
            )
            .bind(revision.id)
            .execute(&mut *conn)
            .await?;
        }
        PlanningKind::FutureArea => {
            sqlx::query(
                "INSERT INTO future_areas AS f (id, name, intended_use, land_use, horizon_from_year,
                                                horizon_to_year, description, geom, published,
                                                description_en, intended_use_en)
                 SELECT subject_id, name, intended_use, land_use, horizon_from_year,
                        horizon_to_year, description, geom, true, description_en,
                        coalesce(intended_use_en, '')
                   FROM planning_revisions WHERE id = $1
                 ON CONFLICT (id) DO UPDATE
                    SET name = EXCLUDED.name, intended_use = EXCLUDED.intended_use,
                        description_en = EXCLUDED.description_en,
                        intended_use_en = EXCLUDED.intended_use_en,
                        land_use = EXCLUDED.land_use,
                        horizon_from_year = EXCLUDED.horizon_from_year,
                        horizon_to_year = EXCLUDED.horizon_to_year,
                        description = EXCLUDED.description, geom = EXCLUDED.geom, published = true,
                        updated_at = now(), version = f.version + 1",
            )
            .bind(revision.id)
            .execute(&mut *conn)
            .await?;
        }
        PlanningKind::LandUseArea => {
            // One publication of land use at a time: each replaces what it covers, so two at
            // once could each trim the other's old shape and leave an overlap.
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext('markkartan: land use'))")
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO land_use_areas AS l (id, name, category, description, description_en,
                                                  documents_url, geom, published)
                 SELECT subject_id, name, category, description, description_en, documents_url,
                        geom, true
                   FROM planning_revisions WHERE id = $1
                 ON CONFLICT (id) DO UPDATE
                    SET name = EXCLUDED.name, category = EXCLUDED.category,
                        description = EXCLUDED.description,
                        description_en = EXCLUDED.description_en,
                        documents_url = EXCLUDED.documents_url, geom = EXCLUDED.geom,
                        published = true, updated_at = now(), version = l.version + 1",
            )
            .bind(revision.id)
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query(
        "UPDATE planning_revisions
            SET state = 'published', published_at = now(), updated_at = now(), version = version + 1
          WHERE id = $1",
    )
    .bind(revision.id)
    .execute(conn)
    .await?;
    Ok(before)
}

/// Takes a plan or area off the public pages; its revisions stay. Whether it was public.
pub async fn withdraw(
    conn: &mut PgConnection,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(match kind {
        PlanningKind::DetailedPlan => {
            "UPDATE detailed_plans SET published = false, updated_at = now() WHERE id = $1 AND published"
        }
        PlanningKind::FutureArea => {
            "UPDATE future_areas SET published = false, updated_at = now() WHERE id = $1 AND published"
        }
        PlanningKind::LandUseArea => {
            "UPDATE land_use_areas SET published = false, updated_at = now() WHERE id = $1 AND published"
        }
    })
    .bind(subject_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// The next scheduled revision that is due at `now`, locked; one another server holds is
/// skipped, so two servers never publish the same revision.
pub async fn lock_next_due(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM planning_revisions
          WHERE state = 'scheduled' AND publish_at <= $1
          ORDER BY publish_at, id
          LIMIT 1
            FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct EventRow {
    action: PlanningAction,
    who: Option<String>,
    from_state: Option<RevisionState>,
    to_state: Option<RevisionState>,
    from_stage: Option<PlanStage>,
    to_stage: Option<PlanStage>,
    happened_at: NaiveDateTime,
}

/// A plan's or area's history, newest first.
pub async fn history(
    pool: &PgPool,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<Vec<PlanningEvent>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.action, a.name AS who, e.from_state, e.to_state, e.from_stage, e.to_stage,
                e.happened_at AT TIME ZONE 'Europe/Stockholm' AS happened_at
           FROM planning_events e LEFT JOIN accounts a ON a.id = e.account_id
          WHERE e.kind = $1 AND e.subject_id = $2
          ORDER BY e.happened_at DESC, e.id DESC",
    )
    .bind(kind)
    .bind(subject_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PlanningEvent {
            action: r.action,
            who: r.who,
            from_state: r.from_state,
            to_state: r.to_state,
            from_stage: r.from_stage,
            to_stage: r.to_stage,
            happened_at: r.happened_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    kind: PlanningKind,
    id: i64,
    name: String,
    public: bool,
    open_state: Option<RevisionState>,
    open_author: Option<String>,
    open_editor_ids: Vec<i64>,
    publish_at: Option<NaiveDateTime>,
    changed_at: NaiveDateTime,
    interest_count: i64,
}

/// Every plan and area the workspace knows, by kind and name: the open revision's name if one
/// is on its way, else the published one's.
pub async fn items(pool: &PgPool) -> Result<Vec<PlanningItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(&format!(
        "WITH subjects AS (
             SELECT DISTINCT ON (kind, subject_id) kind, subject_id, name
               FROM planning_revisions
              WHERE state <> 'discarded'
              ORDER BY kind, subject_id, (state IN {open}) DESC,
                       published_at DESC NULLS LAST, id DESC
         )
         SELECT s.kind, s.subject_id AS id, s.name,
                CASE s.kind
                     WHEN 'detailed_plan'
                     THEN EXISTS (SELECT 1 FROM published_plans p WHERE p.id = s.subject_id)
                     WHEN 'future_area'
                     THEN EXISTS (SELECT 1 FROM published_future_areas f WHERE f.id = s.subject_id)
                     WHEN 'land_use_area'
                     THEN EXISTS (SELECT 1 FROM published_land_use l WHERE l.id = s.subject_id)
                END AS public,
                o.state AS open_state, a.name AS open_author,
                coalesce(o.editor_ids, '{{}}') AS open_editor_ids,
                o.publish_at AT TIME ZONE 'Europe/Stockholm' AS publish_at,
                coalesce((SELECT max(e.happened_at) FROM planning_events e
                           WHERE e.kind = s.kind AND e.subject_id = s.subject_id),
                         (SELECT max(r.updated_at) FROM planning_revisions r
                           WHERE r.kind = s.kind AND r.subject_id = s.subject_id))
                    AT TIME ZONE 'Europe/Stockholm' AS changed_at,
                (SELECT count(*) FROM interests i
                  WHERE (s.kind = 'detailed_plan' AND i.detailed_plan_id = s.subject_id)
                     OR (s.kind = 'future_area' AND i.future_area_id = s.subject_id)) AS interest_count
           FROM subjects s
           LEFT JOIN planning_revisions o
                  ON o.kind = s.kind AND o.subject_id = s.subject_id
                 AND o.state IN {open}
           LEFT JOIN accounts a ON a.id = o.author_id
          ORDER BY s.kind, s.name",
        open = *OPEN
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PlanningItem {
            kind: r.kind,
            id: r.id,
            name: r.name,
            public: r.public,
            open_state: r.open_state,
            open_author: r.open_author,
            open_editor_ids: r.open_editor_ids,
            publish_at: r.publish_at,
            changed_at: r.changed_at,
            interest_count: r.interest_count,
        })
        .collect())
}

/// Interest companies registered in this plan or area.
pub async fn demand(
    pool: &PgPool,
    kind: PlanningKind,
    subject_id: i64,
) -> Result<DemandSummary, sqlx::Error> {
    let (count, wanted_area_m2, earliest_start): (i64, Option<i64>, Option<NaiveDate>) =
        sqlx::query_as(
            "SELECT count(*), sum(wanted_area_m2)::bigint, min(wanted_start)
               FROM interests
              WHERE ($1 = 'detailed_plan'::planning_kind AND detailed_plan_id = $2)
                 OR ($1 = 'future_area'::planning_kind AND future_area_id = $2)",
        )
        .bind(kind)
        .bind(subject_id)
        .fetch_one(pool)
        .await?;
    Ok(DemandSummary {
        count,
        wanted_area_m2: wanted_area_m2.unwrap_or(0),
        earliest_start,
    })
}

/// Makes what the sample loaded public into each plan's and area's first revision (as
/// migration 0013 did for what was public then).
pub async fn adopt_published(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO planning_revisions (kind, subject_id, state, name, description, geom, plan_id,
                                         stage, permitted_uses, purpose, building_rights,
                                         documents_url, contact_person_id, description_en,
                                         purpose_en, building_rights_en, shore_protection_lifted,
                                         stage_dates, published_at, created_at)
         SELECT 'detailed_plan', d.id, 'published', d.name, d.description, d.geom, d.plan_id,
                d.stage, d.permitted_uses, d.purpose, d.building_rights, d.documents_url,
                d.contact_person_id, d.description_en, d.purpose_en, d.building_rights_en,
                d.shore_protection_lifted,
                coalesce((SELECT jsonb_agg(jsonb_build_object('stage', s.stage, 'date', s.date,
                                                              'expected', s.expected) ORDER BY s.date)
                            FROM detailed_plan_stage_dates s WHERE s.detailed_plan_id = d.id), '[]'),
                d.updated_at, d.created_at
           FROM detailed_plans d WHERE d.published",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO planning_revisions (kind, subject_id, state, name, description, geom,
                                         intended_use, land_use, horizon_from_year,
                                         horizon_to_year, description_en, intended_use_en,
                                         published_at, created_at)
         SELECT 'future_area', f.id, 'published', f.name, f.description, f.geom, f.intended_use,
                f.land_use, f.horizon_from_year, f.horizon_to_year, f.description_en,
                f.intended_use_en, f.updated_at, f.created_at
           FROM future_areas f WHERE f.published",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO planning_revisions (kind, subject_id, state, name, description, description_en,
                                         geom, category, documents_url, published_at, created_at)
         SELECT 'land_use_area', l.id, 'published', l.name, l.description, l.description_en,
                l.geom, l.category, l.documents_url, l.updated_at, l.created_at
           FROM land_use_areas l WHERE l.published",
    )
    .execute(conn)
    .await
    .map(|_| ())
}

/// A land-use area that a newly published one took a part of.
pub struct Reshaped {
    pub subject_id: i64,
    /// Its new published revision: what is left of it.
    pub revision_id: i64,
    /// Nothing of it was left: it is no longer public.
    pub withdrawn: bool,
}

/// Gives the land use a newly published area (`subject_id`, public already in this
/// transaction, which holds the land-use lock) covers to it alone: each published neighbour it
/// overlaps keeps only what lies outside it, as a new published revision of the neighbour, and
/// one left with less than a square metre is taken off the public map. `author_id`: who
/// published (none for the scheduler).
pub async fn replace_covered_land_use(
    conn: &mut PgConnection,
    subject_id: i64,
    author_id: Option<i64>,
) -> Result<Vec<Reshaped>, sqlx::Error> {
    let neighbours: Vec<(i64, bool)> = sqlx::query_as(
        "WITH new AS (SELECT geom FROM land_use_areas WHERE id = $1),
              rest AS (
                  SELECT l.id, ST_CollectionExtract(ST_MakeValid(ST_Difference(l.geom, new.geom)), 3) AS geom
                    FROM land_use_areas l, new
                   WHERE l.published AND l.id <> $1 AND l.geom && new.geom
                     AND ST_Relate(l.geom, new.geom, '2********')
              ),
              kept AS (
                  UPDATE land_use_areas l
                     SET geom = rest.geom, updated_at = now(), version = l.version + 1
                    FROM rest WHERE l.id = rest.id AND ST_Area(rest.geom) >= 1
                  RETURNING l.id
              ),
              gone AS (
                  UPDATE land_use_areas l SET published = false, updated_at = now()
                    FROM rest WHERE l.id = rest.id AND ST_Area(rest.geom) < 1
                  RETURNING l.id
              )
         SELECT id, false FROM kept UNION ALL SELECT id, true FROM gone ORDER BY 1",
    )
    .bind(subject_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut reshaped = Vec::with_capacity(neighbours.len());
    for (neighbour, withdrawn) in neighbours {
        // What is left becomes the neighbour's latest published revision; one with nothing
        // left keeps its last revision, as a withdrawn plan does.
        let revision_id: i64 = if withdrawn {
            sqlx::query_scalar(
                "SELECT id FROM planning_revisions
                  WHERE kind = 'land_use_area' AND subject_id = $1 AND state = 'published'
                  ORDER BY published_at DESC, id DESC LIMIT 1",
            )
            .bind(neighbour)
            .fetch_one(&mut *conn)
            .await?
        } else {
            sqlx::query_scalar(
                "INSERT INTO planning_revisions (kind, subject_id, state, name, description,
                                                 description_en, geom, category, documents_url,
                                                 author_id, published_at)
                 SELECT r.kind, r.subject_id, 'published', r.name, r.description,
                        r.description_en, l.geom, r.category, r.documents_url, $2, now()
                   FROM planning_revisions r JOIN land_use_areas l ON l.id = r.subject_id
                  WHERE r.kind = 'land_use_area' AND r.subject_id = $1 AND r.state = 'published'
                  ORDER BY r.published_at DESC, r.id DESC LIMIT 1
                 RETURNING id",
            )
            .bind(neighbour)
            .bind(author_id)
            .fetch_one(&mut *conn)
            .await?
        };
        reshaped.push(Reshaped {
            subject_id: neighbour,
            revision_id,
            withdrawn,
        });
    }
    Ok(reshaped)
}
