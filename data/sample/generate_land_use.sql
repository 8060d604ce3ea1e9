-- Makes the sample's fictional översiktsplan (land_use.geojson), riksintressen
-- (national_interests.geojson) and extended shore protection (shore_protection.geojson) from the
-- sample already loaded: its land and municipality, localities, roads, ports, business areas'
-- plots and future areas. Run from the repository root after changing any of those:
--
--   ./dev db start && ./dev run   (or `markkartan load-sample --replace`), then
--   psql "$DATABASE_URL" -f data/sample/generate_land_use.sql
--
-- and commit the three files. The loader reads the files, not this script: planners change
-- land use through their workspace, so it is data, not something derived at load time.
--
-- The land-use designations cover the municipality's border, water included, without
-- overlapping. Each place gets the first designation that claims it, in this order:
--   verksamheter            business areas (their plots and streets) and the future areas
--   infrastruktur           the port
--   bebyggelse              the towns: round their centre and along the roads into them
--   infrastruktur           the main roads' corridors, outside the towns
--   natur_och_friluftsliv   the archipelago's islands and the mainland's coast and lake shores
--   landsbygd               the countryside around each locality
--   jord_och_skogsbruk      the rest of the land, by the locality it is nearest
--   vatten                  the sea and the lakes

\set ON_ERROR_STOP on
\pset format unaligned
\pset tuples_only on
\pset footer off

BEGIN;

CREATE TEMPORARY TABLE claims (
    rank int NOT NULL,
    name text NOT NULL,
    category text NOT NULL,
    description text NOT NULL,
    description_en text NOT NULL,
    geom geometry NOT NULL
) ON COMMIT DROP;

CREATE TEMPORARY VIEW mainland AS
SELECT d.geom FROM municipality m, ST_Dump(m.geom) d ORDER BY ST_Area(d.geom) DESC LIMIT 1;

-- Business areas: round their plots, 150 m out, and the future areas (all for businesses).
INSERT INTO claims
SELECT 1, a.name, 'verksamheter',
       'Befintligt verksamhetsområde. Ny bebyggelse för verksamheter, industri och logistik prövas med detaljplan; störande verksamheter lokaliseras hit.',
       'Existing business area. New buildings for businesses, industry and logistics are tried through a detailed plan; disruptive activities are located here.',
       ST_Buffer(ST_ConvexHull(ST_Collect(p.geom)), 150, 'quad_segs=4')
  FROM plots p JOIN business_areas a ON a.id = p.business_area_id
 WHERE a.name <> 'Syntetiskt testområde'
 GROUP BY a.name;
INSERT INTO claims
SELECT 1, f.name, 'verksamheter',
       'Utvecklingsområde för verksamheter. Marken reserveras för framtida verksamheter; detaljplan krävs.',
       'Development area for businesses. The land is reserved for future businesses; a detailed plan is needed.',
       ST_Buffer(f.geom, 50, 'quad_segs=4')
  FROM future_areas f WHERE f.published;

-- The port; the main roads' corridors (50 m each side) give way to the towns they enter.
INSERT INTO claims
SELECT 2, name, 'infrastruktur',
       'Hamn och färjeterminal. Marken används för sjöfart och hamnverksamhet; annan användning får inte försvåra hamnens utveckling.',
       'Port and ferry terminal. The land is used for shipping and port activities; other uses must not hinder the port''s development.',
       ST_Buffer(geom, 700, 'quad_segs=4')
  FROM ports;
INSERT INTO claims
SELECT 4, CASE WHEN road_number LIKE 'E%' THEN road_number ELSE 'Väg ' || regexp_replace(road_number, '^Rv ', '') END || ', transportled',
       'infrastruktur',
       'Transportled för genomfartstrafik och gods. Byggnader hålls minst 50 m från vägen; nya anslutningar prövas med Trafikverket.',
       'Transport route for through traffic and goods. Buildings are kept at least 50 m from the road; new junctions are tried with the Swedish Transport Administration.',
       ST_Buffer(geom, 50, 'quad_segs=2')
  FROM roads;

-- The towns: round the centre, and along the roads that lead into it.
INSERT INTO claims
SELECT 3, l.name || ' tätort', 'bebyggelse',
       'Tätort. Förtätning med bostäder, service och verksamheter som inte stör; ny bebyggelse prövas med detaljplan.',
       'Urban area. Infill with housing, services and businesses that do not disturb; new buildings are tried through a detailed plan.',
       ST_Union(ST_Buffer(l.geom, t.radius, 'quad_segs=6'),
                coalesce((SELECT ST_Buffer(ST_Intersection(ST_Collect(r.geom), ST_Buffer(l.geom, 1.8 * t.radius)), 0.35 * t.radius, 'quad_segs=4')
                            FROM roads r WHERE ST_DWithin(r.geom, l.geom, 1.8 * t.radius)),
                         ST_GeomFromText('POLYGON EMPTY', 3011)))
  FROM localities l
  JOIN (VALUES ('Norrtälje', 2600), ('Rimbo', 1300), ('Hallstavik', 1300), ('Älmsta', 700),
               ('Grisslehamn', 500), ('Kapellskär', 350)) AS t(name, radius) ON t.name = l.name;

-- The archipelago's islands, and the mainland's coast (600 m) and lake shores (250 m).
INSERT INTO claims
SELECT 5, 'Skärgården', 'natur_och_friluftsliv',
       'Skärgårdens öar. Natur, friluftsliv och fritidsbebyggelse; ny bebyggelse prövas restriktivt med hänsyn till strandskydd och landskapsbild.',
       'The archipelago''s islands. Nature, outdoor life and holiday homes; new buildings are tried restrictively, with regard to shore protection and the landscape.',
       ST_Difference(m.geom, mainland.geom)
  FROM municipality m, mainland;
INSERT INTO claims
SELECT 5, 'Kust och stränder', 'natur_och_friluftsliv',
       'Kust- och strandzon. Allmänhetens tillgång till stränderna och växt- och djurlivet väger tungt; ny bebyggelse prövas restriktivt.',
       'Coast and shore zone. Public access to the shores and plant and animal life weigh heavily; new buildings are tried restrictively.',
       ST_Union(ST_Buffer(ST_Collect(s.geom) FILTER (WHERE s.water = 'sea'), 600, 'quad_segs=2'),
                ST_Buffer(ST_Collect(s.geom) FILTER (WHERE s.water = 'lake'), 250, 'quad_segs=2'))
  FROM shorelines s, mainland
 WHERE ST_Intersects(s.geom, mainland.geom)
 GROUP BY mainland.geom;

-- The countryside round each locality, and the land beyond it, by the locality it is nearest.
INSERT INTO claims
SELECT 6, 'Landsbygd kring ' || l.name, 'landsbygd',
       'Landsbygd. Kompletterande bebyggelse, småföretag och service i anslutning till befintlig bebyggelse och vägar.',
       'Countryside. Additional buildings, small businesses and services next to existing buildings and roads.',
       ST_Intersection(ST_Buffer(l.geom, 6000, 'quad_segs=6'), v.cell)
  FROM localities l
  JOIN (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(geom), 0, (SELECT ST_Expand(border, 20000) FROM municipality)))).geom AS cell
          FROM localities WHERE name <> 'Syntetiska orten') v ON ST_Contains(v.cell, l.geom)
 WHERE l.name <> 'Syntetiska orten';
INSERT INTO claims
SELECT 7, 'Jord- och skogsbruksmark, ' || l.name, 'jord_och_skogsbruk',
       'Jord- och skogsbruksmark. De areella näringarna har företräde; enstaka byggnader för dem och för boende kan prövas.',
       'Agricultural and forest land. Farming and forestry come first; single buildings for them and for living can be tried.',
       v.cell
  FROM localities l
  JOIN (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(geom), 0, (SELECT ST_Expand(border, 20000) FROM municipality)))).geom AS cell
          FROM localities WHERE name <> 'Syntetiska orten') v ON ST_Contains(v.cell, l.geom)
 WHERE l.name <> 'Syntetiska orten';

-- Each claim keeps what no earlier rank took, on the municipality's land; then the water.
CREATE TEMPORARY TABLE designations ON COMMIT DROP AS
WITH land AS (SELECT geom FROM municipality),
     ranked AS (
         SELECT c.rank, c.name, c.category, c.description, c.description_en,
                ST_Intersection(ST_Union(c.geom), land.geom) AS geom
           FROM claims c, land GROUP BY 1, 2, 3, 4, 5, land.geom
     )
SELECT r.rank, r.name, r.category, r.description, r.description_en,
       coalesce(ST_Difference(r.geom, (SELECT ST_Union(e.geom) FROM ranked e
                                         WHERE e.rank < r.rank OR (e.rank = r.rank AND e.name < r.name))),
                r.geom) AS geom
  FROM ranked r;

WITH lakes AS (
    SELECT ST_Union(ST_MakePolygon(ST_ExteriorRing(r.geom))) AS geom
      FROM land l, ST_DumpRings(l.geom) r, municipality m
     WHERE r.path[1] > 0 AND ST_Intersects(r.geom, m.border)
)
INSERT INTO designations
SELECT 8, 'Sjöar', 'vatten',
       'Sjöar och vattendrag. Vattenkvaliteten och stränderna skyddas; strandskydd gäller.',
       'Lakes and watercourses. Water quality and the shores are protected; shore protection applies.',
       ST_Intersection(lakes.geom, m.border)
  FROM lakes, municipality m
UNION ALL
SELECT 8, 'Havet och skärgårdens vatten', 'vatten',
       'Havet. Farleder, fiske, friluftsliv och naturvärden; anläggningar i vatten prövas enligt miljöbalken.',
       'The sea. Fairways, fishing, outdoor life and natural values; works in the water are tried under the Environmental Code.',
       ST_Difference(m.border, ST_Union(m.geom, lakes.geom))
  FROM lakes, municipality m;

-- Polygons only, no slivers under a tenth of a hectare, simplified to 5 m.
CREATE TEMPORARY TABLE cleaned ON COMMIT DROP AS
SELECT d.rank, d.name, d.category, d.description, d.description_en,
       ST_Multi(ST_Union(p.geom)) AS geom
  FROM designations d,
       ST_Dump(ST_CollectionExtract(ST_MakeValid(ST_SimplifyPreserveTopology(d.geom, 5)), 3)) p
 WHERE ST_Area(p.geom) >= 1000
 GROUP BY 1, 2, 3, 4, 5;

\o data/sample/land_use.geojson
SELECT E'{"type": "FeatureCollection", "name": "sample", "features": [\n'
       || string_agg(jsonb_build_object(
        'type', 'Feature',
        'properties', jsonb_build_object(
            'name', name, 'category', category, 'description', description,
            'description_en', description_en,
            'documents_url', 'https://www.norrtalje.se/oversiktsplan'),
        'geometry', ST_AsGeoJSON(ST_Transform(geom, 4326), 6)::jsonb)::text, E',\n' ORDER BY rank, name)
       || E'\n]}'
  FROM cleaned;

\o data/sample/national_interests.geojson
WITH sea_shore AS (SELECT ST_Collect(geom) AS geom FROM shorelines WHERE water = 'sea'),
     largest_lake AS (
         SELECT ST_MakePolygon(ST_ExteriorRing(r.geom)) AS geom
           FROM land l, ST_DumpRings(l.geom) r, municipality m
          WHERE r.path[1] > 0 AND ST_Within(r.geom, m.border)
          ORDER BY ST_Area(ST_MakePolygon(ST_ExteriorRing(r.geom))) DESC LIMIT 1
     ),
     interests (name, kind, description, description_en, geom) AS (
         SELECT 'Norrtälje kust och skärgård', 'kust_och_skargard',
                'Kusten och skärgården är av riksintresse enligt 4 kap. 1–4 §§ miljöbalken: turismens och friluftslivets intressen ska särskilt beaktas vid exploatering.',
                'The coast and archipelago are of national interest under chapter 4, sections 1–4 of the Environmental Code: tourism and outdoor life are given particular weight when land is developed.',
                ST_Intersection(ST_Buffer(sea_shore.geom, 2500, 'quad_segs=2'), m.border)
           FROM sea_shore, municipality m
         UNION ALL
         SELECT 'Kapellskärs hamn', 'sjofart',
                'Hamnen och dess farled är av riksintresse för sjöfarten (3 kap. 8 § miljöbalken): marken får inte användas så att hamnens funktion försvåras.',
                'The port and its fairway are of national interest for shipping (chapter 3, section 8 of the Environmental Code): the land may not be used in a way that hinders the port.',
                ST_Intersection(ST_Buffer(p.geom, 1500, 'quad_segs=6'), m.border)
           FROM ports p, municipality m
         UNION ALL
         SELECT 'E18', 'vagar',
                'E18 är av riksintresse för kommunikationer (3 kap. 8 § miljöbalken): vägens funktion och framtida utbyggnad ska skyddas.',
                'The E18 is of national interest for communications (chapter 3, section 8 of the Environmental Code): the road''s function and future extension are protected.',
                ST_Intersection(ST_Buffer(r.geom, 150, 'quad_segs=2'), m.border)
           FROM roads r, municipality m WHERE r.road_number = 'E18'
         UNION ALL
         SELECT 'Väddö och Grisslehamn', 'friluftsliv',
                'Område av riksintresse för friluftslivet (3 kap. 6 § miljöbalken): natur- och kulturvärden för vandring, bad och båtliv.',
                'Area of national interest for outdoor life (chapter 3, section 6 of the Environmental Code): natural and cultural values for hiking, bathing and boating.',
                ST_Intersection(ST_Buffer(l.geom, 5000, 'quad_segs=6'), m.border)
           FROM localities l, municipality m WHERE l.name = 'Grisslehamn'
         UNION ALL
         SELECT 'Norrtälje stadskärna', 'kulturmiljovard',
                'Stadskärnan med rutnätsplan och trähusbebyggelse är av riksintresse för kulturmiljövården (3 kap. 6 § miljöbalken).',
                'The town centre, with its grid plan and wooden houses, is of national interest for cultural heritage (chapter 3, section 6 of the Environmental Code).',
                ST_Buffer(l.geom, 500, 'quad_segs=6')
           FROM localities l WHERE l.name = 'Norrtälje'
         UNION ALL
         SELECT 'Sjön och dess stränder', 'naturvard',
                'Sjön med omgivande stränder är av riksintresse för naturvården (3 kap. 6 § miljöbalken): vattenmiljö, fågelliv och forskning.',
                'The lake and its shores are of national interest for nature conservation (chapter 3, section 6 of the Environmental Code): water environment, birds and research.',
                ST_Buffer(geom, 300, 'quad_segs=4')
           FROM largest_lake
     )
SELECT E'{"type": "FeatureCollection", "name": "sample", "features": [\n'
       || string_agg(jsonb_build_object(
        'type', 'Feature',
        'properties', jsonb_build_object(
            'name', name, 'kind', kind, 'description', description, 'description_en', description_en,
            'documents_url', 'https://www.lansstyrelsen.se/stockholm/samhalle/planering-och-byggande/riksintressen.html'),
        'geometry', ST_AsGeoJSON(ST_Transform(ST_Multi(ST_SimplifyPreserveTopology(geom, 10)), 4326), 6)::jsonb)::text,
        E',\n' ORDER BY name)
       || E'\n]}'
  FROM interests;

\o data/sample/shore_protection.geojson
SELECT E'{"type": "FeatureCollection", "name": "sample", "features": [\n'
       || string_agg(jsonb_build_object(
        'type', 'Feature',
        'properties', jsonb_build_object(
            'name', 'Hallstaviks kust', 'distance_m', 300,
            'decision', 'Länsstyrelsens beslut om utvidgat strandskydd, 2014 (fiktivt)'),
        'geometry', ST_AsGeoJSON(ST_Transform(ST_Multi(ST_SimplifyPreserveTopology(geom, 10)), 4326), 6)::jsonb)::text, E',\n')
       || E'\n]}'
  FROM (SELECT ST_Intersection(ST_Buffer(ST_Collect(ST_Intersection(s.geom, ST_Buffer(l.geom, 3000))), 300, 'quad_segs=4'),
                                m.border) AS geom
          FROM shorelines s, localities l, municipality m
         WHERE s.water = 'sea' AND l.name = 'Hallstavik' AND ST_DWithin(s.geom, l.geom, 3000)
         GROUP BY m.border) AS extension;
\o

COMMIT;
