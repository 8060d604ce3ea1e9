#!/usr/bin/env python3
"""The peer benchmark's helpers (issue 23): everything that needs the database or arithmetic.
`run.sh` starts the servers and the load; this file prepares what they are pointed at and
turns the load's output into the table.

    peers.py prepare WORK     views for the peers, tile lists, Martin's configs, pgbench scripts
    peers.py cleanup          drops what `prepare` added to the database
    peers.py check-tile WORK  compares one tile from every server with the bare SQL's bytes
    peers.py report WORK OUT  the Markdown table (stdout and OUT)

Settings come from the environment run.sh exports (PEERS_*). Standard library only: it runs on
the machine's /usr/bin/python3, with psql for the database.
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TILE_CACHE_RS = ROOT / "server/src/tile_cache.rs"

# Everything the peers read lives in this schema of the benchmark's database, and two
# expression indexes on our tables (named so cleanup finds them); `cleanup` drops them all.
SCHEMA = "bench_peers"
INDEXES = {"plot_records": "bench_peers_plots_geom", "detailed_plans": "bench_peers_plans_geom"}

# The collections compared, our id -> (view name, the table under our query that gets an
# expression index for the view's typed geometry: `plots` is itself a view of plot_records, and
# published_plans of detailed_plans).
SOURCES = {"plots": ("plots", "plot_records"), "detailed-plans": ("detailed_plans", "detailed_plans")}

WORLD = 20037508.342789244  # half of Web Mercator's width in metres


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        sys.exit(f"peers.py: {name} is not set")
    return value


def psql(sql, *, rows=True):
    """Runs SQL through psql; with rows, returns them as lists of fields (tab-separated)."""
    out = subprocess.run(
        [env("PEERS_PSQL"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", env("PEERS_DB")],
        input=sql, capture_output=True, text=True,
    )
    if out.returncode != 0:
        sys.exit(f"peers.py: psql failed: {out.stderr.strip()}\n--- SQL ---\n{sql}")
    return [line.split("\t") for line in out.stdout.splitlines() if line] if rows else None


# --- our SQL, from the server itself -------------------------------------------------------------
# `markkartan tile-sql COLLECTION` prints the tile query the server sends and the collection's rows
# with the tiles' columns, made from the one property list in server/src/db/ogc.rs: the peers and
# the bare-SQL floor get what the server serves today. `check-tile` confirms byte for byte.

def our_sql(collection):
    """{"tile": the query of `ogc::tile` ($1 origin, $2-$4 z, x, y, $5 tolerance, $6 layer),
    "columns": the rows with a column per property, "tolerance_at_zoom_0": $5 at zoom 0}."""
    out = subprocess.run([env("PEERS_MARKKARTAN"), "tile-sql", collection], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"peers.py: markkartan tile-sql {collection} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def const(text, name):
    m = re.search(rf"const {name}: \w+ = ([0-9_]+);", text)
    if not m:
        sys.exit(f"peers.py: no const {name} found")
    return int(m.group(1).replace("_", ""))


def literal(origin):
    return "'" + origin.replace("'", "''") + "'::text"


def view_sql(our_id, origin):
    """A view with the collection's properties as columns, the very columns our tiles carry (the
    peers publish a table's columns): the same expressions over the same tables. The geometry is
    cast to geometry(Geometry, 3011): tipg reads a column's SRID from its type only (an untyped
    column counts as 4326 there)."""
    view, _ = SOURCES[our_id]
    sql = our_sql(our_id)
    columns = "".join(f', c."{name}"' for name in sql["properties"])
    rows = sql["columns"].replace("$1", literal(origin))
    return (f"CREATE VIEW {SCHEMA}.{view} AS SELECT c.id, c.geom::geometry(Geometry, 3011) AS geom"
            f"{columns} FROM ({rows}) c;")


# --- prepare -------------------------------------------------------------------------------------

def our_origin():
    """The origin our server puts in its links (its public URL, an allowed Host, or the address it
    listens on): the peers' views put the same one in the fact-sheet links."""
    import urllib.request
    with urllib.request.urlopen(env("PEERS_URL").rstrip("/") + "/ogc?f=json", timeout=30) as r:
        href = json.load(r)["links"][0]["href"]
    return href[: href.index("/ogc")]


def tile_of(z, mx, my):
    size = 2 * WORLD / 2 ** z
    return int((mx + WORLD) // size), int((WORLD - my) // size)


def prepare(work):
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    origin = our_origin()
    cleanup()
    sql = [f"CREATE SCHEMA {SCHEMA};"]
    for our_id, (view, table) in SOURCES.items():
        sql.append(view_sql(our_id, origin))
        # The view's typed geometry is an expression: without an index on the same expression the
        # peers would scan every row where we use plots_geom_idx.
        sql.append(f"CREATE INDEX {INDEXES[table]} ON public.{table} USING gist ((geom::geometry(Geometry, 3011)));")
    sql.append("".join(f"ANALYZE public.{table};" for _, table in SOURCES.values()))
    psql("\n".join(sql), rows=False)

    # The tiles that hold plots at the map's zoom levels (every tile a plot's box touches), in a
    # fixed shuffled order so consecutive requests are not neighbours.
    zooms = [int(z) for z in env("PEERS_ZOOMS", "13 14 15 16 17").split()]
    boxes = psql(f"SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g) FROM "
                 f"(SELECT ST_Transform(geom, 3857) AS g FROM {SCHEMA}.plots) p")
    boxes = [tuple(map(float, b)) for b in boxes]
    tiles, per_tile = set(), {}
    for z in zooms:
        for (x0, y0, x1, y1) in boxes:
            (ax, ay), (bx, by) = tile_of(z, x0, y1), tile_of(z, x1, y0)
            for x in range(ax, bx + 1):
                for y in range(ay, by + 1):
                    tiles.add((z, x, y))
                    per_tile[(z, x, y)] = per_tile.get((z, x, y), 0) + 1
    if not tiles:
        sys.exit("peers.py: no published plots in the database")
    import hashlib
    order = sorted(tiles, key=lambda t: hashlib.md5(f"{t[0]}/{t[1]}/{t[2]}".encode()).hexdigest())

    # Our cache keeps KEPT_TILES tiles, oldest out first: the cached case asks for fewer than that.
    kept = const(TILE_CACHE_RS.read_text(), "KEPT_TILES")
    cached = order[: min(len(order), kept - 96)]

    # The hot tile: the zoom-15 tile with the most plots (a town's business area).
    hz = 15 if 15 in zooms else zooms[len(zooms) // 2]
    hot = max((t for t in per_tile if t[0] == hz), key=lambda t: per_tile[t])
    # The detaljplaner at a low zoom: the zoom-10 tile with the most plans.
    plan_boxes = psql(f"SELECT ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g) FROM "
                      f"(SELECT ST_Transform(geom, 3857) AS g FROM {SCHEMA}.detailed_plans) p")
    plan_tiles = {}
    for b in plan_boxes:
        x0, y0, x1, y1 = map(float, b)
        (ax, ay), (bx, by) = tile_of(10, x0, y1), tile_of(10, x1, y0)
        for x in range(ax, bx + 1):
            for y in range(ay, by + 1):
                plan_tiles[(10, x, y)] = plan_tiles.get((10, x, y), 0) + 1
    plan = max(plan_tiles, key=plan_tiles.get) if plan_tiles else (10, 0, 0)
    # Items: the zoom-14 tile around the hot tile, as a CRS84 box (a screenful of map).
    iz, ix, iy = hot[0] - 1, hot[1] // 2, hot[2] // 2
    (w, s, e, n), = psql(f"SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM "
                         f"(SELECT ST_Transform(ST_TileEnvelope({iz}, {ix}, {iy}), 4326) AS b) t")
    bbox = ",".join(f"{float(v):.6f}" for v in (w, s, e, n))
    (count,), = psql(f"SELECT count(*) FROM {SCHEMA}.plots")
    (in_bbox,), = psql(f"SELECT count(*) FROM {SCHEMA}.plots WHERE geom && ST_Transform(ST_TileEnvelope({iz}, {ix}, {iy}), 3011)")
    (plan_count,), = psql(f"SELECT count(*) FROM {SCHEMA}.detailed_plans")
    (first_plot,), = psql(f"SELECT min(id) FROM {SCHEMA}.plots")

    # Each server's address for a tile: ours and OGC's WebMercatorQuad are z/row/column; Martin's
    # and tipg's z/x/y (x the column).
    ours = lambda c, t: f"/ogc/collections/{c}/tiles/WebMercatorQuad/{t[0]}/{t[2]}/{t[1]}"
    martin = lambda c, t: f"/{c}/{t[0]}/{t[1]}/{t[2]}"
    tipg = lambda c, t: f"/collections/{SCHEMA}.{c}/tiles/WebMercatorQuad/{t[0]}/{t[1]}/{t[2]}"
    # The cached list ends with the hot tile, so nginx's folder has it too.
    cached_hot = cached + ([hot] if hot not in cached else [])
    lists = {
        "ours-list": [ours("plots", t) for t in order],
        "ours-cached": [ours("plots", t) for t in cached_hot],
        "ours-hot": [ours("plots", hot)],
        "ours-plans": [ours("detailed-plans", plan)],
        "martin-list": [martin("plots", t) for t in order],
        "martin-cached": [martin("plots", t) for t in cached_hot],
        "martin-hot": [martin("plots", hot)],
        "martin-plans": [martin("detailed_plans", plan)],
        "tipg-list": [tipg("plots", t) for t in order],
        "tipg-hot": [tipg("plots", hot)],
        "tipg-plans": [tipg("detailed_plans", plan)],
        "ours-items": [f"/ogc/collections/plots/items?bbox={bbox}&limit=100&f=json"],
        # The same screenful moved by a few metres at most: as many different pages as a run asks, so
        # none is found among the pages our server keeps.
        "ours-items-anew": [f"/ogc/collections/plots/items?bbox={moved(bbox, i)}&limit=100&f=json"
                            for i in range(ITEMS_ANEW)],
        # The same again, other addresses, for the run in which nothing is kept.
        "ours-items-cold": [f"/ogc/collections/plots/items?bbox={moved(bbox, ITEMS_ANEW + i)}&limit=100&f=json"
                            for i in range(ITEMS_ANEW)],
        "tipg-items": [f"/collections/{SCHEMA}.plots/items?bbox={bbox}&limit=100&f=geojson"],
        "ours-factsheet": [f"/tomt/{first_plot}"],
        "ours-map": ["/"],
    }
    for name, paths in lists.items():
        (work / f"{name}.paths").write_text("\n".join(paths) + "\n")

    # The tile list as a table for pgbench, which picks a row per transaction.
    rows = "\n".join(f"{i + 1}\t{z}\t{x}\t{y}" for i, (z, x, y) in enumerate(order))
    psql(f"CREATE TABLE {SCHEMA}.tiles (n int PRIMARY KEY, z int, x int, y int);\n"
         f"COPY {SCHEMA}.tiles FROM STDIN;\n{rows}\n\\.\nANALYZE {SCHEMA}.tiles;", rows=False)
    write_pgbench(work, origin, len(order), hot, plan)

    # Our cache has no switch to skip it: to time tiles made anew, run.sh empties it as an edit
    # would, with the message the database sends on a change (migration 0025), here for a whole
    # layer: {"layers": [...], "bbox": [Web Mercator box]} on tile_cache.rs's CHANNEL.
    channel = re.search(r'pub const CHANNEL: &str = "([^"]+)";', TILE_CACHE_RS.read_text()).group(1)
    for layer in SOURCES:
        change = json.dumps({"layers": [layer], "bbox": [-WORLD, -WORLD, WORLD, WORLD]})
        (work / f"flush-{layer}.sql").write_text(f"SELECT pg_notify('{channel}', '{change}');\n")

    # Martin: one config per cache setting, the same sources.
    for name, cache_mb, port in (("martin-nocache", 0, env("PEERS_MARTIN_NOCACHE_PORT")),
                                 ("martin-cache", 512, env("PEERS_MARTIN_CACHE_PORT"))):
        (work / f"{name}.yaml").write_text(martin_config(cache_mb, port))

    meta = {
        "plots": int(count), "plans": int(plan_count), "zooms": zooms, "tiles": len(order),
        "cached_tiles": len(cached), "kept_tiles": kept, "hot": hot, "hot_plots": per_tile[hot],
        "plan_tile": plan, "plan_tile_plans": plan_tiles.get(plan, 0), "bbox": bbox,
        "bbox_plots": int(in_bbox), "fact_sheet": first_plot,
    }
    (work / "meta.json").write_text(json.dumps(meta, indent=1))
    print(f"peers: {count} published plots, {len(order)} tiles at zoom {zooms[0]}–{zooms[-1]} "
          f"({len(cached)} in the cached list), hot tile {hot} with {per_tile[hot]} plots, "
          f"detaljplaner tile {plan}, items bbox {bbox} ({in_bbox} plots)", file=sys.stderr)


def martin_config(cache_mb, port):
    """Martin's config (bench/peers/martin.yaml) with this instance's values: the two views with
    their columns and types as the catalog has them, the same extent and buffer as our tiles."""
    text = (Path(__file__).parent / "martin.yaml").read_text()
    sources = []
    for our_id, (view, _) in SOURCES.items():
        cols = psql(f"SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                    f"WHERE attrelid = '{SCHEMA}.{view}'::regclass AND attnum > 0 "
                    f"AND attname NOT IN ('id', 'geom') ORDER BY attnum")
        props = "\n".join(f"        {name}: {json.dumps(kind)}" for name, kind in cols)
        sources.append(f"""    {view}:
      schema: {SCHEMA}
      table: {view}
      srid: 3011
      geometry_column: geom
      geometry_type: GEOMETRY
      id_column: id
      extent: 4096
      buffer: 64
      clip_geom: true
      properties:
{props}""")
    return (text.replace("@LISTEN@", json.dumps(f"127.0.0.1:{port}"))
                .replace("@CACHE_MB@", str(cache_mb))
                .replace("@DATABASE_URL@", json.dumps(env("PEERS_DB")))
                .replace("@TABLES@", "\n".join(sources)))


def write_pgbench(work, origin, count, hot, plan):
    """pgbench scripts that run our tile query bare, as the server sends it (prepared), with the
    zoom's simplification tolerance computed as `ogc::tile_tolerance` computes it."""
    for name, source, head in (
        ("pg-list", "plots", f"\\set i random(1, {count})\n"
                             f"SELECT z, x, y FROM {SCHEMA}.tiles WHERE n = :i \\gset\n"),
        ("pg-hot", "plots", f"\\set z {hot[0]}\n\\set x {hot[1]}\n\\set y {hot[2]}\n"),
        ("pg-plans", "detailed-plans", f"\\set z {plan[0]}\n\\set x {plan[1]}\n\\set y {plan[2]}\n"),
    ):
        sql = our_sql(source)
        tol = f"\\set tol {sql['tolerance_at_zoom_0']!r} / pow(2, :z)\n"
        query = bind(sql["tile"], origin, source, z=":z", x=":x", y=":y", tol=":tol")
        (work / f"{name}.sql").write_text(head + tol + query.strip() + ";\n")


def bind(sql, origin, layer, *, z, x, y, tol):
    values = {1: literal(origin), 2: z, 3: x, 4: y, 5: tol, 6: f"'{layer}'"}
    return re.sub(r"\$(\d+)", lambda m: str(values[int(m.group(1))]), sql)


def cleanup():
    psql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;\n"
         + "".join(f"DROP INDEX IF EXISTS public.{i};\n" for i in INDEXES.values()), rows=False)


# --- check-tile: the same tile from everyone -------------------------------------------------------

def mvt_summary(data):
    """Layer names, features and property keys of a Mapbox Vector Tile (protobuf, by hand)."""
    def varint(buf, i):
        shift = result = 0
        while True:
            b = buf[i]
            result |= (b & 0x7F) << shift
            i += 1
            if b < 0x80:
                return result, i
            shift += 7

    def fields(buf):
        i = 0
        while i < len(buf):
            key, i = varint(buf, i)
            num, wire = key >> 3, key & 7
            if wire == 0:
                val, i = varint(buf, i)
            elif wire == 2:
                ln, i = varint(buf, i)
                val, i = buf[i:i + ln], i + ln
            elif wire == 1:
                val, i = buf[i:i + 8], i + 8
            elif wire == 5:
                val, i = buf[i:i + 4], i + 4
            else:
                raise ValueError("not a vector tile")
            yield num, val

    layers = []
    for num, layer in fields(data):
        if num != 3:
            continue
        name, features, keys = "", 0, []
        for n, v in fields(layer):
            if n == 1:
                name = v.decode()
            elif n == 2:
                features += 1
            elif n == 3:
                keys.append(v.decode())
        layers.append({"name": name, "features": features, "keys": sorted(keys)})
    return layers


def check_tile(work):
    """Asks every server for the hot tile and the bare SQL for its bytes: the peers must carry the
    same features and property names as ours, and the bare SQL must be our tile byte for byte
    (else the floor times something else than the server runs). Then the items in the bbox from
    ours and tipg: the same features."""
    import urllib.request
    work = Path(work)
    meta = json.loads((work / "meta.json").read_text())
    z, x, y = meta["hot"]
    sql = our_sql("plots")
    query = bind(sql["tile"], our_origin(), "plots", z=z, x=x, y=y,
                 tol=repr(sql["tolerance_at_zoom_0"] / 2 ** z))
    (hexed,), = psql(f"SELECT encode(({query}), 'hex')")
    bare = bytes.fromhex(hexed)
    found = {"bare SQL": bare}
    for name, base, listing in (("ours", env("PEERS_URL"), "ours-hot"),
                                ("Martin", f"http://127.0.0.1:{env('PEERS_MARTIN_CACHE_PORT')}", "martin-hot"),
                                ("tipg", f"http://127.0.0.1:{env('PEERS_TIPG_PORT')}", "tipg-hot")):
        if name == "Martin" and not os.environ.get("PEERS_MARTIN_BIN"):
            continue
        path = (work / f"{listing}.paths").read_text().strip()
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=30) as r:
            found[name] = r.read()
    lines, ours = [], found["ours"]
    for name, data in found.items():
        summary = mvt_summary(data)
        feats = sum(l["features"] for l in summary)
        keys = sorted({k for l in summary for k in l["keys"]})
        lines.append({"server": name, "bytes": len(data), "features": feats, "keys": keys})
    # The items in the bbox, from both.
    items = []
    for name, base, listing in (("ours", env("PEERS_URL"), "ours-items"),
                                ("tipg", f"http://127.0.0.1:{env('PEERS_TIPG_PORT')}", "tipg-items")):
        path = (work / f"{listing}.paths").read_text().strip()
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=30) as r:
            body = r.read()
        items.append({"server": name, "bytes": len(body), "features": len(json.loads(body)["features"])})
        print(f"peers: items in the bbox from {name}: {items[-1]['features']} features, {len(body)} bytes",
              file=sys.stderr)
    (work / "check.json").write_text(json.dumps({"same_as_bare": bare == ours, "tiles": lines, "items": items}, indent=1))
    for l in lines:
        print(f"peers: hot tile from {l['server']}: {l['bytes']} bytes, {l['features']} features, "
              f"properties {', '.join(l['keys'])}", file=sys.stderr)
    if bare != ours:
        print("peers: WARNING the bare SQL's tile differs from the server's: the floor is not "
              "the server's query (has server/src/db/ogc.rs changed its parameters?)", file=sys.stderr)


# --- report --------------------------------------------------------------------------------------

def load_runs(work):
    """Each case's runs at each connection count, by round: {(case, conns): {round: run}}."""
    runs = {}
    for f in Path(work).glob("run-*.json"):
        r = json.loads(f.read_text())
        runs.setdefault((r["case"], r["conns"]), {})[r.get("round", 1)] = r
    return runs


def median_run(rounds):
    """One run standing for the rounds: the median of requests/s, p50 and p99 (each on its own),
    the counts summed, and the lowest and highest requests/s."""
    rs = list(rounds.values())
    r = {k: sum(x.get(k, 0) for x in rs) for k in COUNTS}
    for k in ("rps", "p50_us", "p99_us"):
        values = [x[k] for x in rs if x.get(k) is not None]
        r[k] = statistics.median(values) if values else None
    r["rps_low"], r["rps_high"] = min(x["rps"] for x in rs), max(x["rps"] for x in rs)
    r["rounds"] = len(rs)
    return r


# What wrk.lua and pgbench count, summed over the rounds.
COUNTS = ("requests", "hits", "misses", "features_hit", "features_part", "features_miss",
          "errors_status", "errors_connect", "errors_read", "errors_timeout")


def ratio_of_rounds(a, b):
    """Ours ÷ a peer, round by round (each pair ran within a minute of each other): the median
    and the lowest and highest, or None."""
    pairs = [a[n]["rps"] / b[n]["rps"] for n in a if n in b and b[n]["rps"]]
    return (statistics.median(pairs), min(pairs), max(pairs)) if pairs else None


def fmt_rps(v):
    return "–" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")


# Different boxes for the items read anew: more than a run at 10 connections asks.
ITEMS_ANEW = 30000


def moved(bbox, i):
    """The box `bbox` ("w,s,e,n") moved by ten-millionths of a degree (up to about 6 m), east
    and north, differently for each i: the same plots, a different page address."""
    w, s, e, n = (float(v) for v in bbox.split(","))
    dx, dy = (i % 1000) / 1e7, (i // 1000) / 1e7
    return ",".join(f"{v:.7f}" for v in (w + dx, s + dy, e + dx, n + dy))


def fmt_ms(us):
    return "–" if us is None else (f"{us / 1000:.1f}" if us >= 10000 else f"{us / 1000:.2f}")


# The table's rows: case id, what is asked, from whom.
CASES = [
    ("ours-list", "plot tiles, list", "ours, made anew (cache emptied 10 times a second)"),
    ("pg-list", "plot tiles, list", "bare SQL (pgbench, our query)"),
    ("martin-nocache-list", "plot tiles, list", "Martin, cache off"),
    ("tipg-list", "plot tiles, list", "tipg"),
    ("ours-cached", "plot tiles, list", "ours, cached"),
    ("martin-cache-cached", "plot tiles, list", "Martin, cache on (warmed)"),
    ("nginx-cached", "plot tiles, list", "nginx, our tile files"),
    ("ours-hot", "plot tile, one hot", "ours (cached)"),
    ("pg-hot", "plot tile, one hot", "bare SQL (pgbench)"),
    ("martin-nocache-hot", "plot tile, one hot", "Martin, cache off"),
    ("martin-cache-hot", "plot tile, one hot", "Martin, cache on"),
    ("tipg-hot", "plot tile, one hot", "tipg"),
    ("nginx-hot", "plot tile, one hot", "nginx, our tile file"),
    ("ours-hot-br", "plot tile, one hot, as a browser asks (brotli taken)", "ours (cached)"),
    ("martin-cache-hot-br", "plot tile, one hot, as a browser asks (brotli taken)", "Martin, cache on"),
    ("ours-plans-anew", "detaljplaner tile, z10", "ours, made anew (a change announced 1,000 times a second)"),
    ("ours-plans", "detaljplaner tile, z10", "ours (cached after the first)"),
    ("pg-plans", "detaljplaner tile, z10", "bare SQL (pgbench)"),
    ("martin-nocache-plans", "detaljplaner tile, z10", "Martin, cache off"),
    ("martin-cache-plans", "detaljplaner tile, z10", "Martin, cache on"),
    ("tipg-plans", "detaljplaner tile, z10", "tipg"),
    ("ours-items-cold", "plot items, bbox, limit 100", "ours, read anew, nothing kept (a change announced 1,000 times a second)"),
    ("ours-items-anew", "plot items, bbox, limit 100", "ours, read anew (a different box each time), features kept"),
    ("ours-items", "plot items, bbox, limit 100", "ours, the same box again (kept)"),
    ("tipg-items", "plot items, bbox, limit 100", "tipg"),
    ("ours-factsheet", "fact sheet /tomt/{id}", "ours"),
    ("ours-map", "map page /", "ours"),
]

# Ratios of requests per second: (label, numerator case, denominator case). Above 1: ours serves more.
RATIOS = [
    ("ours ÷ Martin, tiles made anew (Martin's cache off)", "ours-list", "martin-nocache-list"),
    ("ours ÷ Martin, tiles cached (both caches on)", "ours-cached", "martin-cache-cached"),
    ("ours ÷ Martin, one hot tile (both cached)", "ours-hot", "martin-cache-hot"),
    ("ours ÷ Martin, detaljplaner z10 made anew (Martin's cache off)", "ours-plans-anew", "martin-nocache-plans"),
    ("ours ÷ Martin, detaljplaner z10 (both cached)", "ours-plans", "martin-cache-plans"),
    ("ours ÷ Martin, one hot tile as a browser asks (both cached)", "ours-hot-br", "martin-cache-hot-br"),
    ("ours ÷ tipg, tiles made anew", "ours-list", "tipg-list"),
    ("ours ÷ tipg, items in a bbox, read anew, nothing kept", "ours-items-cold", "tipg-items"),
    ("ours ÷ tipg, items in a bbox, read anew, features kept", "ours-items-anew", "tipg-items"),
    ("ours ÷ tipg, items in a bbox, the same box again", "ours-items", "tipg-items"),
    ("ours ÷ bare SQL, tiles made anew", "ours-list", "pg-list"),
    ("cached ours ÷ nginx, tile list", "ours-cached", "nginx-cached"),
    ("cached ours ÷ nginx, one hot tile", "ours-hot", "nginx-hot"),
]


def report(work, out):
    work = Path(work)
    meta = json.loads((work / "meta.json").read_text())
    runs = load_runs(work)
    conns = [int(c) for c in env("PEERS_CONNECTIONS", "1 10").split()]
    skipped = json.loads((work / "skipped.json").read_text()) if (work / "skipped.json").exists() else {}
    check = json.loads((work / "check.json").read_text()) if (work / "check.json").exists() else None

    head = ["asked", "from", *[h for c in conns for h in (f"req/s ({c} conn)", "p50 ms", "p99 ms")], "notes"]
    rows = []
    for case, asked, who in CASES:
        cells, notes, hits, kept, spread = [], [], [], [], []
        for c in conns:
            if (case, c) not in runs:
                cells += ["–", "–", "–"]
                continue
            r = median_run(runs[(case, c)])
            cells += [fmt_rps(r["rps"]), fmt_ms(r["p50_us"]), fmt_ms(r["p99_us"])]
            if r["rounds"] > 1:
                spread.append(f"{fmt_rps(r['rps_low'])}–{fmt_rps(r['rps_high'])}")
            if r.get("hits", 0) + r.get("misses", 0):
                hits.append(f"{r['hits'] / (r['hits'] + r['misses']):.0%}")
            read = r.get("features_hit", 0) + r.get("features_part", 0) + r.get("features_miss", 0)
            if read:
                kept.append(f"{r['features_hit'] / read:.0%}, {r['features_part'] / read:.0%}, "
                            f"{r['features_miss'] / read:.0%}")
            if r.get("errors_status"):
                notes.append(f"{r['errors_status']} of {r['requests']} answers not 2xx/3xx at {c} conn")
            failed = r.get("errors_connect", 0) + r.get("errors_read", 0) + r.get("errors_timeout", 0)
            if failed:
                notes.append(f"{failed} connection errors or time-outs at {c} conn")
        if spread:
            notes.insert(0, "req/s lowest–highest round " + " / ".join(spread))
        if kept:
            notes.insert(0, "pages read with all, some, none of their features kept " + " / ".join(kept))
        if hits:
            notes.insert(0, "cache hits " + " / ".join(hits))
        if case in skipped:
            notes.insert(0, skipped[case])
        if all(v == "–" for v in cells) and not notes:
            notes.append("not run")
        rows.append([asked, who, *cells, "; ".join(notes)])
    for label, a, b in RATIOS:
        cells = []
        spread = []
        for c in conns:
            ratio = ratio_of_rounds(runs.get((a, c), {}), runs.get((b, c), {}))
            cells += [f"**{ratio[0]:.2f}×**" if ratio else "–", "", ""]
            if ratio and ratio[1] != ratio[2]:
                spread.append(f"{ratio[1]:.2f}–{ratio[2]:.2f}")
        rows.append(["ratio, req/s", label, *cells,
                     "lowest–highest round " + " / ".join(spread) if spread else ""])

    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    table = "\n".join(lines)

    rss = json.loads((work / "rss.json").read_text()) if (work / "rss.json").exists() else {}
    z0, z1 = meta["zooms"][0], meta["zooms"][-1]
    text = [
        f"# Tiles and items beside peers, {meta['plots']} plots",
        "",
        f"{env('PEERS_DATE')}, `./dev bench-peers` (bench/peers/), commit {env('PEERS_COMMIT')}, "
        f"{os.cpu_count()} cores. Our server {env('PEERS_URL')}; {env('PEERS_VERSIONS')}. "
        f"Load from wrk (one thread, {env('PEERS_WARMUP')} s warm-up, then {env('PEERS_SECONDS')} s) and "
        f"pgbench (prepared, one thread) on the same machine as the servers and PostgreSQL, in "
        f"{env('PEERS_ROUNDS', '1')} rounds: every case runs once a round, so ours and each peer "
        f"alternate; each figure is the median of the rounds, a ratio the median of the rounds' "
        f"ratios, and the notes give the lowest and highest round.",
        "",
        f"Data: {meta['plots']} published plots, {meta['plans']} published detaljplaner. Tile list: the "
        f"{meta['tiles']} tiles at zoom {z0}–{z1} that plots touch, shuffled once and asked in order from "
        f"where the warm-up stopped; the cached list is its first {meta['cached_tiles']} tiles (our "
        f"cache keeps {meta['kept_tiles']}), fetched once before it is timed. Hot tile z/x/y "
        f"{'/'.join(map(str, meta['hot']))} ({meta['hot_plots']} plots); detaljplaner tile "
        f"{'/'.join(map(str, meta['plan_tile']))} ({meta['plan_tile_plans']} plans); items bbox "
        f"{meta['bbox']} ({meta['bbox_plots']} plots), limit 100.",
        "",
        table,
        "",
    ]
    if rss:
        text.append("Peak memory (VmHWM): " + ", ".join(f"{k} {v / 1024:.0f} MiB" for k, v in rss.items()) + ".")
        text.append("")
    if check:
        parts = [f"{t['server']} {t['bytes']} B / {t['features']} features" for t in check["tiles"]]
        same = "the bare SQL's bytes are the server's" if check["same_as_bare"] else \
            "**the bare SQL's bytes differ from the server's**"
        ours_keys = set(next(t["keys"] for t in check["tiles"] if t["server"] == "ours"))
        differ = []
        for t in check["tiles"]:
            more, fewer = sorted(set(t["keys"]) - ours_keys), sorted(ours_keys - set(t["keys"]))
            if more or fewer:
                differ.append(t["server"] + (f" adds {', '.join(more)}" if more else "")
                              + (f" lacks {', '.join(fewer)}" if fewer else ""))
        text.append(f"The hot tile from each: {', '.join(parts)}; {same}; the same property names "
                    + ("everywhere." if not differ else f"but where {'; '.join(differ)}.")
                    + " The items in the bbox: "
                    + ", ".join(f"{i['server']} {i['features']} features in {i['bytes']:,} B" for i in check.get("items", []))
                    + ".")
        text.append("")
    text += [
        "How to read it: ours has no switch that skips its tile cache, so for 'made anew' the "
        "database announces a change to the whole plots layer ten times a second (the NOTIFY an edit "
        "sends), which empties the cache, while the list is walked in order (a tile comes round again "
        "only after the whole list); the notes give the share of answers the server reported as "
        "cache hits (`x-tile-cache`, `x-items-cache`). The one detaljplaner tile made anew has "
        "its layer's change announced a thousand times a second instead, since it is asked over and "
        "over. Pages of items are kept the same way; 'read "
        "anew' asks the box moved by a few metres at most each time, so no page is asked twice; its "
        "features' text is kept too (`x-features-cache`), so a page read anew asks the database only "
        "which features it holds, unless a change was announced ('nothing kept': the NOTIFY a thousand "
        "times a second empties both; the notes say how many pages still found their features kept). The peers "
        "read views of the same tables with the same properties (schema bench_peers, made and dropped "
        "by the run); the bare SQL is our tile query as the server sends it, timed by pgbench with the "
        "tile picked from the same list. wrk reads every server's answers the same way (headers and "
        "body into its script, to count our cache headers), so the client costs each the same. "
        "No compression is asked for (wrk sends no Accept-Encoding), "
        "except in the rows 'as a browser asks', which send Chromium's `gzip, deflate, br, zstd`. "
        "tipg runs in one uvicorn worker, as its documentation runs it (with two, every answer here "
        "waited 40 ms: Nagle's algorithm against the client's delayed ACK); Martin with its default "
        "workers and pool.",
        "",
    ]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(text))
    print("\n".join(text))


def parse_wrk(path, case, conns):
    """The JSON line wrk.lua's done() prints, with the case's name, as run-CASE-cN.json."""
    for line in Path(path).read_text().splitlines():
        if line.startswith("WRK_JSON "):
            r = json.loads(line[len("WRK_JSON "):])
            r.update(case=case, conns=int(conns))
            return r
    sys.exit(f"peers.py: no result line in {path}:\n{Path(path).read_text()}")


def parse_pgbench(stdout, logs, case, conns):
    """pgbench's tps line and, from its per-transaction logs, the latency percentiles."""
    text = Path(stdout).read_text()
    m = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text)
    if not m:
        sys.exit(f"peers.py: no tps in {stdout}:\n{text}")
    lat = []
    for f in logs:
        for line in Path(f).read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                lat.append(int(parts[2]))
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, math.ceil(p / 100 * len(lat)) - 1)] if lat else None
    return {"case": case, "conns": int(conns), "rps": float(m.group(1)), "requests": len(lat),
            "p50_us": pct(50), "p99_us": pct(99)}


def main():
    cmd, *args = sys.argv[1:] or ["help"]
    if cmd == "prepare":
        prepare(args[0])
    elif cmd == "cleanup":
        cleanup()
    elif cmd == "check-tile":
        check_tile(args[0])
    elif cmd in ("wrk-result", "pgbench-result"):  # OUTPUT CASE CONNS RESULT_JSON [PGBENCH_LOG...]
        r = parse_wrk(*args[:3]) if cmd == "wrk-result" else parse_pgbench(args[0], args[4:], args[1], args[2])
        r["round"] = int(env("ROUND", "1"))
        Path(args[3]).write_text(json.dumps(r))
        cache = f", cache hits {r['hits']} of {r['hits'] + r['misses']}" if r.get("hits", 0) + r.get("misses", 0) else ""
        print(f"peers: {r['case']}, {r['conns']} conn, round {r['round']}: {fmt_rps(r['rps'])} req/s, p50 {fmt_ms(r['p50_us'])} ms, "
              f"p99 {fmt_ms(r['p99_us'])} ms{cache}", file=sys.stderr)
    elif cmd == "report":
        report(args[0], args[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
