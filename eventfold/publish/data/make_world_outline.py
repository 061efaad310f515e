"""Rebuild world_outline.json (country outlines for the map in report.html) from Natural Earth.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the geopandas
0.14.4 wheel (geopandas/datasets/naturalearth_lowres). Usage:
    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    python eventfold/publish/data/make_world_outline.py /tmp/gpd/geopandas-0.14.4-py3-none-any.whl
Rings are simplified (Douglas-Peucker, 0.25 degree), tiny islands dropped, coordinates rounded
to 0.1 degree, so the file stays small and the map is recognisable, not exact.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

SHP = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp"
TOLERANCE = 0.25
MIN_EXTENT = 0.8  # degrees: rings smaller than this both ways are dropped
OUT = Path(__file__).with_name("world_outline.json")


def read_rings(data: bytes) -> list[list[tuple[float, float]]]:
    """Polygon rings of an ESRI shapefile (shape type 5)."""
    rings, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if struct.unpack("<i", rec[:4])[0] != 5:
            continue
        nparts, npoints = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44:44 + 4 * nparts])) + [npoints]
        base = 44 + 4 * nparts
        pts = struct.unpack(f"<{2 * npoints}d", rec[base:base + 16 * npoints])
        for a, b in zip(parts, parts[1:], strict=False):
            rings.append([(pts[2 * i], pts[2 * i + 1]) for i in range(a, b)])
    return rings


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, idx = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = (abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm
             else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
        if d > best:
            best, idx = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return simplify(points[:idx + 1], tol)[:-1] + simplify(points[idx:], tol)


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        rings = read_rings(zf.read(SHP))
    out = []
    for ring in rings:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        if max(xs) - min(xs) < MIN_EXTENT and max(ys) - min(ys) < MIN_EXTENT:
            continue
        # split the closed ring in two halves so that Douglas-Peucker keeps its shape
        half = len(ring) // 2
        pts = simplify(ring[:half + 1], TOLERANCE)[:-1] + simplify(ring[half:], TOLERANCE)
        flat = []
        for x, y in pts:
            flat += [round(x, 1), round(y, 1)]
        if len(flat) >= 8:
            out.append(flat)
    doc = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4",
        "license": "public domain",
        "simplification": f"Douglas-Peucker {TOLERANCE} degree, rings under {MIN_EXTENT} "
                          "degree dropped, rounded to 0.1 degree",
        "rings": out,
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(out)} rings, {sum(len(r) for r in out) // 2} points, "
          f"{OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
