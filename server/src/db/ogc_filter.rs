//! CQL2 filters (OGC API – Features Part 3) as SQL: an expression that Development Seed's
//! parser read from the `filter` parameter becomes a condition on a collection's curated
//! rows (`c.properties`, `c.geom`). Only the collection's queryables can be named, each
//! through a fixed expression written here; every value the request brings is a bound
//! parameter, never text in the statement.
//!
//! What it understands is Basic CQL2 (comparisons, `AND`/`OR`/`NOT`, `IS NULL`, `LIKE`,
//! `BETWEEN`, `IN`), `CASEI`, and the spatial comparisons (`S_INTERSECTS` and its siblings)
//! on geometries written as WKT, GeoJSON or `BBOX(...)` in the filter's CRS.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use cql2::Expr;

use super::ogc::Crs;

/// The type of a queryable property, as its schema at `/queryables` states it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    Instant,
}

impl Kind {
    /// How the property's JSON text is read in SQL.
    fn cast(self) -> &'static str {
        match self {
            Kind::Text => "",
            Kind::Number | Kind::Integer => "::float8",
            Kind::Boolean => "::boolean",
            Kind::Date => "::date",
            Kind::Instant => "::timestamptz",
        }
    }

    /// What a value of this kind may be compared with.
    fn class(self) -> Class {
        match self {
            Kind::Text => Class::Text,
            Kind::Number | Kind::Integer => Class::Number,
            Kind::Boolean => Class::Boolean,
            Kind::Date | Kind::Instant => Class::Time,
        }
    }

    /// The JSON Schema of the property (`/queryables`).
    pub fn schema(self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Kind::Text => json!({ "type": "string" }),
            Kind::Number => json!({ "type": "number" }),
            Kind::Integer => json!({ "type": "integer" }),
            Kind::Boolean => json!({ "type": "boolean" }),
            Kind::Date => json!({ "type": "string", "format": "date" }),
            Kind::Instant => json!({ "type": "string", "format": "date-time" }),
        }
    }
}

/// A property a filter may name.
pub type Queryable = (&'static str, Kind);

/// What kinds of values compare with each other; `Null` compares with nothing (use `IS NULL`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Text,
    Number,
    Boolean,
    Time,
    Geometry,
    Null,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Text => "text",
            Class::Number => "a number",
            Class::Boolean => "a boolean",
            Class::Time => "a date or timestamp",
            Class::Geometry => "a geometry",
            Class::Null => "NULL",
        }
    }
}

/// A value the statement binds.
#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    Text(String),
    Number(f64),
    Boolean(bool),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
}

/// A filter as SQL: a condition whose parameters are numbered from the first the caller gave,
/// and the values to bind to them in order.
#[derive(Debug, PartialEq)]
pub struct Condition {
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Why a filter cannot be read, in English (the caller names the parameter).
pub type Refusal = String;

/// The longest filter text read, and how deeply it may make the parser recurse ([`depth`]):
/// enough for any query a person or a client writes, and a bound on the parser's recursion.
pub const MAX_CHARS: usize = 4000;
const MAX_DEPTH: usize = 64;

/// The language a filter is written in (`filter-lang`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lang {
    Text,
    Json,
}

/// Reads a filter and turns it into a condition on the rows of a collection with these
/// queryables; geometries in it are in `crs`; its parameters start at `$first`.
pub fn condition(
    text: &str,
    lang: Lang,
    queryables: &[Queryable],
    crs: Crs,
    first: usize,
) -> Result<Condition, Refusal> {
    if text.chars().count() > MAX_CHARS {
        return Err(format!("the filter is longer than {MAX_CHARS} characters"));
    }
    if text.contains('\0') {
        return Err("the filter contains a NUL character".into());
    }
    if depth(text) > MAX_DEPTH {
        return Err(format!("the filter nests more than {MAX_DEPTH} levels"));
    }
    let expr = match lang {
        Lang::Text => cql2::parse_text(text).map_err(|e| format!("it is not CQL2 text: {e}"))?,
        Lang::Json => cql2::parse_json(text).map_err(|e| format!("it is not CQL2 JSON: {e}"))?,
    };
    let mut writer = Writer {
        queryables,
        crs,
        next: first,
        binds: Vec::new(),
    };
    let sql = writer.predicate(&expr)?;
    Ok(Condition {
        sql,
        binds: writer.binds,
    })
}

/// How deeply the filter may make the parser recurse, outside quoted text: how deeply its
/// brackets nest, plus every `NOT`, every minus sign before something other than a number and
/// every comparison (`=`, `<`, `>`, `LIKE`): the grammar reads each of those by recursing,
/// nested or not (comparisons associate to the right, so `1=1=1=…` nests as deep as it is long).
fn depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut prefixes, mut quoted) = (0usize, 0usize, 0usize, None);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match (quoted, c) {
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quoted = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, '-') => {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if !next.is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                    prefixes += 1;
                }
            }
            (None, '=' | '<' | '>') => prefixes += 1,
            (None, 'n' | 'N' | 'l' | 'L') => {
                let word = |at: usize| {
                    chars
                        .get(at)
                        .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                };
                for keyword in ["not", "like"] {
                    let end = i + keyword.len();
                    let found: String = chars[i..chars.len().min(end)].iter().collect();
                    if found.eq_ignore_ascii_case(keyword) && !(i > 0 && word(i - 1)) && !word(end)
                    {
                        prefixes += 1;
                    }
                }
            }
            _ => {}
        }
    }
    deepest + prefixes
}

struct Writer<'a> {
    queryables: &'a [Queryable],
    crs: Crs,
    next: usize,
    binds: Vec<Bind>,
}

/// The spatial comparisons, by CQL2 name, and the PostGIS function of each.
const SPATIAL: &[(&str, &str)] = &[
    ("s_intersects", "ST_Intersects"),
    ("s_disjoint", "ST_Disjoint"),
    ("s_contains", "ST_Contains"),
    ("s_within", "ST_Within"),
    ("s_equals", "ST_Equals"),
    ("s_touches", "ST_Touches"),
    ("s_crosses", "ST_Crosses"),
    ("s_overlaps", "ST_Overlaps"),
];

impl Writer<'_> {
    fn bind(&mut self, value: Bind, cast: &str) -> String {
        self.binds.push(value);
        let n = self.next;
        self.next += 1;
        format!("${n}{cast}")
    }

    /// A condition: what a filter as a whole, and each side of `AND`/`OR`/`NOT`, must be.
    fn predicate(&mut self, expr: &Expr) -> Result<String, Refusal> {
        let Expr::Operation { op, args } = expr else {
            return match self.value(expr)? {
                (sql, Class::Boolean) => Ok(sql),
                (_, class) => Err(format!(
                    "a condition is needed where the filter has {}",
                    class.name()
                )),
            };
        };
        let args: Vec<&Expr> = args.iter().map(|a| a.as_ref()).collect();
        match (op.as_str(), &args[..]) {
            ("and" | "or", [_, _, ..]) => {
                let joiner = if op == "and" { " AND " } else { " OR " };
                let parts = args
                    .iter()
                    .map(|a| self.predicate(a))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(format!("({})", parts.join(joiner)))
            }
            ("not", [a]) => Ok(format!("(NOT {})", self.predicate(a)?)),
            ("=" | "<>" | "<" | ">" | "<=" | ">=", [a, b]) => {
                let (a, b, class) = self.comparable(a, b)?;
                if matches!(class, Class::Boolean) && !matches!(op.as_str(), "=" | "<>") {
                    return Err(format!("booleans cannot be compared with {op}"));
                }
                Ok(format!("({a} {op} {b})"))
            }
            ("like", [a, b]) => {
                let (a, b, class) = self.comparable(a, b)?;
                if class != Class::Text {
                    return Err("LIKE compares text".into());
                }
                Ok(format!("({a} LIKE {b})"))
            }
            ("between", [a, low, high]) => {
                let (a, low, class) = self.comparable(a, low)?;
                let (high, high_class) = self.value(high)?;
                if class != high_class || !matches!(class, Class::Number | Class::Time) {
                    return Err("BETWEEN needs numbers or times of the same kind".into());
                }
                Ok(format!("({a} BETWEEN {low} AND {high})"))
            }
            ("in", [a, Expr::Array(list)]) if !list.is_empty() => {
                let (a, class) = self.value(a)?;
                let mut items = Vec::with_capacity(list.len());
                for item in list {
                    let (item, item_class) = self.value(item)?;
                    if item_class != class {
                        return Err(format!(
                            "IN compares {} with {}",
                            class.name(),
                            item_class.name()
                        ));
                    }
                    items.push(item);
                }
                Ok(format!("({a} IN ({}))", items.join(", ")))
            }
            ("isNull", [a]) => {
                let (a, _) = self.value(a)?;
                Ok(format!("({a} IS NULL)"))
            }
            (op, [a, b]) if SPATIAL.iter().any(|(name, _)| *name == op) => {
                let function = SPATIAL.iter().find(|(name, _)| *name == op).unwrap().1;
                let (a, a_class) = self.value(a)?;
                let (b, b_class) = self.value(b)?;
                if a_class != Class::Geometry || b_class != Class::Geometry {
                    return Err(format!("{} compares geometries", op.to_uppercase()));
                }
                Ok(format!("{function}({a}, {b})"))
            }
            (op, _) => Err(format!(
                "the operator {op} with {} arguments is not one this server filters with",
                args.len()
            )),
        }
    }

    /// Two values that compare with each other, and their class.
    fn comparable(&mut self, a: &Expr, b: &Expr) -> Result<(String, String, Class), Refusal> {
        let (a, a_class) = self.value(a)?;
        let (b, b_class) = self.value(b)?;
        if a_class != b_class || matches!(a_class, Class::Geometry | Class::Null) {
            return Err(format!(
                "{} cannot be compared with {}",
                a_class.name(),
                b_class.name()
            ));
        }
        Ok((a, b, a_class))
    }

    /// A value: a queryable property, a literal (bound), or a function of values.
    fn value(&mut self, expr: &Expr) -> Result<(String, Class), Refusal> {
        match expr {
            Expr::Property { property } if property == "geometry" => {
                Ok(("c.geom".into(), Class::Geometry))
            }
            Expr::Property { property } => {
                let (name, kind) = self
                    .queryables
                    .iter()
                    .find(|(name, _)| name == property)
                    .copied()
                    .ok_or_else(|| {
                        format!(
                            "{property:?} is not a queryable of this collection (see /queryables)"
                        )
                    })?;
                // `name` is this file's own text, never the request's.
                Ok((
                    format!("(c.properties->>'{name}'){}", kind.cast()),
                    kind.class(),
                ))
            }
            Expr::Literal(text) => Ok((self.bind(Bind::Text(text.clone()), "::text"), Class::Text)),
            Expr::Float(n) if n.is_finite() => {
                Ok((self.bind(Bind::Number(*n), "::float8"), Class::Number))
            }
            Expr::Bool(b) => Ok((self.bind(Bind::Boolean(*b), "::boolean"), Class::Boolean)),
            Expr::Null => Ok(("NULL".into(), Class::Null)),
            Expr::Date { date } => {
                let text = literal(date)?;
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|d| (1..=9999).contains(&d.year()))
                    .ok_or_else(|| format!("DATE('{text}') is not a date (YYYY-MM-DD)"))?;
                Ok((self.bind(Bind::Date(date), "::date"), Class::Time))
            }
            Expr::Timestamp { timestamp } => {
                let text = literal(timestamp)?;
                let at = DateTime::parse_from_rfc3339(text)
                    .ok()
                    .filter(|t| (1..=9999).contains(&t.year()))
                    .ok_or_else(|| format!("TIMESTAMP('{text}') is not an RFC 3339 timestamp"))?;
                Ok((
                    self.bind(Bind::Instant(at.with_timezone(&Utc)), "::timestamptz"),
                    Class::Time,
                ))
            }
            Expr::Geometry(geometry) => {
                let wkt = geometry
                    .to_wkt()
                    .map_err(|e| format!("a geometry cannot be read: {e}"))?;
                let srid = self.crs.srid;
                let read = format!(
                    "ST_GeomFromText({}, {srid})",
                    self.bind(Bind::Text(wkt), "::text")
                );
                Ok((self.in_storage(read), Class::Geometry))
            }
            Expr::BBox { bbox } => {
                let numbers: Vec<f64> = bbox
                    .iter()
                    .map(|n| match n.as_ref() {
                        Expr::Float(n) if n.is_finite() => Some(*n),
                        _ => None,
                    })
                    .collect::<Option<_>>()
                    .ok_or("BBOX takes numbers")?;
                let [a1, b1, a2, b2] = numbers[..] else {
                    return Err("BBOX takes four numbers: the lower corner, then the upper".into());
                };
                let corners = [a1, b1, a2, b2].map(|n| self.bind(Bind::Number(n), "::float8"));
                let envelope = format!(
                    "ST_MakeEnvelope({}, {}, {}, {}, {})",
                    corners[0], corners[1], corners[2], corners[3], self.crs.srid
                );
                Ok((self.in_storage(envelope), Class::Geometry))
            }
            Expr::Operation { op, args } if op == "casei" && args.len() == 1 => {
                match self.value(&args[0])? {
                    (sql, Class::Text) => Ok((format!("lower({sql})"), Class::Text)),
                    (_, class) => Err(format!("CASEI takes text, not {}", class.name())),
                }
            }
            Expr::Operation { .. } => {
                // A condition used as a value, as in `(a = 1) = true`.
                Ok((self.predicate(expr)?, Class::Boolean))
            }
            Expr::Float(_) => Err("a number is not finite".into()),
            Expr::Array(_) => Err("a list is allowed only after IN".into()),
            Expr::Interval { .. } => Err("intervals are not filtered on here".into()),
        }
    }

    /// A geometry written in the filter's CRS, in the storage CRS (SWEREF 99 18 00), its axes
    /// swapped first when the filter's CRS puts the northing first.
    fn in_storage(&self, geometry: String) -> String {
        // A subquery of its own, so that it is projected once per query: written inline, a
        // prepared statement's generic plan projects it again for every feature it tests.
        if self.crs.northing_first {
            format!("(SELECT ST_Transform(ST_FlipCoordinates({geometry}), 3011))")
        } else {
            format!("(SELECT ST_Transform({geometry}, 3011))")
        }
    }
}

/// The text inside `DATE(...)` or `TIMESTAMP(...)`.
fn literal(expr: &Expr) -> Result<&str, Refusal> {
    match expr {
        Expr::Literal(text) => Ok(text),
        _ => Err("DATE and TIMESTAMP take a quoted text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRS84: Crs = Crs {
        srid: 4326,
        northing_first: false,
        decimals: 7,
    };
    const QUERYABLES: &[Queryable] = &[
        ("status", Kind::Text),
        ("area_m2", Kind::Number),
        ("fiber", Kind::Boolean),
        ("updated_at", Kind::Instant),
    ];

    fn sql(text: &str) -> Result<Condition, Refusal> {
        condition(text, Lang::Text, QUERYABLES, CRS84, 13)
    }

    #[test]
    fn values_are_bound_and_names_are_ours() {
        let c = sql("status = 'available' AND area_m2 >= 5000").unwrap();
        assert_eq!(
            c.sql,
            "(((c.properties->>'status') = $13::text) AND ((c.properties->>'area_m2')::float8 >= $14::float8))"
        );
        assert_eq!(
            c.binds,
            vec![Bind::Text("available".into()), Bind::Number(5000.0)]
        );
    }

    #[test]
    fn a_quote_in_a_value_stays_in_the_value() {
        let c = sql("status = 'x'' OR 1=1 --'").unwrap();
        assert_eq!(c.binds, vec![Bind::Text("x' OR 1=1 --".into())]);
        assert!(!c.sql.contains("OR 1=1"));
    }

    #[test]
    fn what_is_refused() {
        for (text, why) in [
            ("internal_notes = 'x'", "not a queryable"),
            ("status = 5", "cannot be compared"),
            ("fiber < true", "booleans"),
            ("area_m2 LIKE 'x%'", "cannot be compared"),
            ("fiber LIKE true", "LIKE compares text"),
            ("status = ", "not CQL2"),
            (
                "T_AFTER(updated_at, TIMESTAMP('2026-01-01T00:00:00Z'))",
                "not one this server",
            ),
            ("S_INTERSECTS(status, POINT(18 59))", "compares geometries"),
        ] {
            let refusal = sql(text).unwrap_err();
            assert!(refusal.contains(why), "{text}: {refusal}");
        }
        let nested = format!("{}NOT NOT status = 'a'{}", "(".repeat(20), ")".repeat(20));
        assert!(sql(&nested).is_ok());
        let deep = format!("{}status = 'a'{}", "(".repeat(100), ")".repeat(100));
        assert!(sql(&deep).unwrap_err().contains("nests"));
        assert!(sql(&"1=".repeat(100)).unwrap_err().contains("nests"));
        assert!(sql("DATE('-5000-01-01') = updated_at").is_err());
        let many = (0..30)
            .map(|n| format!("area_m2 > {n}"))
            .collect::<Vec<_>>()
            .join(" AND ");
        assert!(
            sql(&many).is_ok(),
            "thirty conditions are a filter a client may write"
        );
        assert!(
            sql(&"a".repeat(MAX_CHARS + 1))
                .unwrap_err()
                .contains("longer")
        );
    }

    /// Hostile filters as long as they may be are read or refused quickly, without exhausting
    /// a thread's stack (tokio's workers have 2 MiB, as the test threads do).
    #[test]
    fn the_longest_filters_neither_crash_nor_stall() {
        let words = |w: &str| w.repeat(MAX_CHARS / w.len())[..MAX_CHARS - 20].to_string();
        let started = std::time::Instant::now();
        for text in [
            format!("{}fiber", words("NOT ")),
            format!("{}fiber", words("- ")),
            format!("{}fiber", words("NOT(")),
            words("1="),
            words("'a' LIKE "),
            format!("{}1", words("area_m2 <= ")),
            format!("{}status = 'a'", words("status = 'a' OR ")),
            format!("area_m2 IN ({}1)", words("1, ")),
            format!("status = '{}'", words("''")),
            format!("S_INTERSECTS(geometry, LINESTRING({}1 1))", words("1 1, ")),
            words("CASEI("),
            words("((((("),
        ] {
            let _ = sql(&text);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn geometries_come_from_the_filter_crs() {
        let c = sql("S_INTERSECTS(geometry, BBOX(18.6, 59.7, 18.8, 59.8))").unwrap();
        assert_eq!(
            c.sql,
            "ST_Intersects(c.geom, (SELECT ST_Transform(ST_MakeEnvelope($13::float8, $14::float8, $15::float8, $16::float8, 4326), 3011)))"
        );
        let sweref = Crs {
            srid: 3006,
            northing_first: true,
            decimals: 2,
        };
        let c = condition(
            "S_WITHIN(geometry, POLYGON((1 2, 1 3, 2 3, 1 2)))",
            Lang::Text,
            QUERYABLES,
            sweref,
            1,
        )
        .unwrap();
        assert!(c.sql.contains(
            "(SELECT ST_Transform(ST_FlipCoordinates(ST_GeomFromText($1::text, 3006)), 3011))"
        ));
    }

    #[test]
    fn json_reads_the_same() {
        let json = r#"{"op":"and","args":[{"op":"=","args":[{"property":"status"},"available"]},{"op":"isNull","args":[{"property":"updated_at"}]}]}"#;
        let c = condition(json, Lang::Json, QUERYABLES, CRS84, 1).unwrap();
        assert_eq!(
            c.sql,
            "(((c.properties->>'status') = $1::text) AND ((c.properties->>'updated_at')::timestamptz IS NULL))"
        );
    }
}
