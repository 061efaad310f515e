"""Inline SVG charts for report.html: stacked bars, horizontal bars, a world map and a circular
network. Pure functions from plain Python data to SVG text; no JavaScript, no network, and the
same data always gives the same bytes.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from importlib import resources

QUAD_COLORS = {1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#d7301f"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
RELATION_COLORS = {"cooperates_with": "#238b45", "conflicts_with": "#d7301f"}
AFFILIATION_COLOR = "#6b7fa8"
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif'"


def num(value: float) -> str:
    """Coordinates with at most 1 decimal, no trailing zeros (stable, short SVG)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps (1, 2, 5 × 10^k) up to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    n = math.ceil(top / step)
    return [i * step for i in range(n + 1)]


def tick_label(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def legend(items: list[tuple[str, str]], x: float, y: float) -> str:
    out, cx = [], x
    for color, label in items:
        out.append(f"<rect x='{num(cx)}' y='{num(y - 9)}' width='10' height='10' rx='2' "
                   f"fill='{color}'/><text x='{num(cx + 14)}' y='{num(y)}' font-size='12' "
                   f"fill='#333'>{esc(label)}</text>")
        cx += 22 + 6.6 * len(label)
    return "".join(out)


def stacked_bars(labels: list[str], series: dict[int, list[int]], *, width: int = 1040,
                 height: int = 300, title: str, label_every: int | None = None) -> str:
    """Vertical bars, one per label, stacked by quad class (series: quad -> counts)."""
    left, right, top, bottom = 48, 12, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    totals = [sum(series[q][i] for q in series) for i in range(len(labels))]
    ticks = nice_ticks(max(totals, default=0))
    scale = plot_h / ticks[-1]
    slot = plot_w / n
    bar = max(slot * 0.82, 0.6)
    out = [f"<svg class='chart' id='chart-weekly' viewBox='0 0 {width} {height}' "
           f"role='img' aria-label='{esc(title)}' {FONT}>"]
    for t in ticks:
        y = top + plot_h - t * scale
        out.append(f"<line x1='{left}' x2='{width - right}' y1='{num(y)}' y2='{num(y)}' "
                   f"stroke='#e3e6ea'/><text x='{left - 6}' y='{num(y + 4)}' font-size='11' "
                   f"text-anchor='end' fill='#666'>{tick_label(t)}</text>")
    for i, label in enumerate(labels):
        x, y = left + i * slot + (slot - bar) / 2, top + plot_h
        for q in sorted(series):
            v = series[q][i]
            if not v:
                continue
            h = v * scale
            y -= h
            out.append(f"<rect class='bar' x='{num(x)}' y='{num(y)}' width='{num(bar)}' "
                       f"height='{num(h)}' fill='{QUAD_COLORS[q]}'><title>{esc(label)}: "
                       f"{v} {esc(QUAD_NAMES[q])}</title></rect>")
    every = label_every or max(1, math.ceil(len(labels) / 8))
    for i in range(0, len(labels), every):
        x = left + i * slot + slot / 2
        out.append(f"<text x='{num(x)}' y='{height - bottom + 16}' font-size='11' "
                   f"text-anchor='middle' fill='#666'>{esc(labels[i])}</text>")
    out.append(f"<line x1='{left}' x2='{width - right}' y1='{top + plot_h}' "
               f"y2='{top + plot_h}' stroke='#999'/>")
    out.append(legend([(QUAD_COLORS[q], QUAD_NAMES[q]) for q in (1, 2, 3, 4)], left, 18))
    out.append("</svg>")
    return "".join(out)


def hbars(rows: list[tuple[str, dict[int, int]]], *, width: int = 520, title: str,
          chart_id: str, label_width: int = 230) -> str:
    """Horizontal bars stacked by quad class: rows of (label, {quad: count})."""
    row_h, top, right = 22, 8, 40
    height = top + row_h * max(len(rows), 1) + 8
    top_value = max((sum(c.values()) for _, c in rows), default=0) or 1
    plot_w = width - label_width - right
    out = [f"<svg class='chart' id='{chart_id}' viewBox='0 0 {width} {height}' role='img' "
           f"aria-label='{esc(title)}' {FONT}>"]
    for i, (label, counts) in enumerate(rows):
        y = top + i * row_h
        fits = int((label_width - 12) / 7.0)
        shown = label if len(label) <= fits else label[:fits - 1] + "…"
        out.append(f"<text x='{label_width - 8}' y='{y + 15}' font-size='12' "
                   f"text-anchor='end' fill='#222'><title>{esc(label)}</title>"
                   f"{esc(shown)}</text>")
        x = label_width
        for q in sorted(counts):
            w = counts[q] / top_value * plot_w
            out.append(f"<rect class='bar' x='{num(x)}' y='{y + 4}' width='{num(w)}' "
                       f"height='{row_h - 8}' fill='{QUAD_COLORS[q]}'><title>{esc(label)}: "
                       f"{counts[q]} {esc(QUAD_NAMES[q])}</title></rect>")
            x += w
        out.append(f"<text x='{num(x + 5)}' y='{y + 15}' font-size='11' fill='#555'>"
                   f"{sum(counts.values())}</text>")
    out.append("</svg>")
    return "".join(out)


@lru_cache(maxsize=1)
def world_rings() -> tuple[tuple[float, ...], ...]:
    text = resources.files("eventfold.publish").joinpath("data/world_outline.json").read_text(
        "utf-8")
    return tuple(tuple(r) for r in json.loads(text)["rings"])


LAT_TOP, LAT_BOTTOM = 84, -58  # the map leaves out the Arctic Ocean and Antarctica
MAP_LABELS = 10  # the places with most mentions get a name on the map


def project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Equirectangular projection onto a width × height box (lon -180..180,
    lat LAT_TOP..LAT_BOTTOM; points beyond are clamped to the edge)."""
    lat = min(max(lat, LAT_BOTTOM), LAT_TOP)
    return (lon + 180) / 360 * width, (LAT_TOP - lat) / (LAT_TOP - LAT_BOTTOM) * height


def world_map(points: list[dict], *, width: int = 1040, title: str) -> str:
    """Country outlines, a 30° graticule and one circle per place, area ~ mentions.

    points: {lat, lon, label, events, mentions, quad} (quad = the most frequent quad class).
    """
    height = round(width * (LAT_TOP - LAT_BOTTOM) / 360)
    out = [f"<svg class='chart' id='chart-map' viewBox='0 0 {width} {height}' role='img' "
           f"aria-label='{esc(title)}' {FONT}>",
           f"<clipPath id='map-clip'><rect width='{width}' height='{height}'/></clipPath>",
           f"<rect width='{width}' height='{height}' fill='#eaf2f8'/>"
           "<g clip-path='url(#map-clip)'>"]
    land = []
    for ring in world_rings():
        pts = [project(ring[i], ring[i + 1], width, height) for i in range(0, len(ring), 2)]
        land.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in pts) + "Z")
    out.append(f"<path class='land' d='{''.join(land)}' fill='#d9dcd6' stroke='#b9bdb5' "
               "stroke-width='0.5'/>")
    grid = []
    for lon in range(-180, 181, 30):
        x, _ = project(lon, 0, width, height)
        grid.append(f"M{num(x)} 0V{height}")
    for lat in range(-30, 61, 30):
        _, y = project(0, lat, width, height)
        grid.append(f"M0 {num(y)}H{width}")
    out.append(f"<path class='graticule' d='{''.join(grid)}' fill='none' stroke='#9fb3c8' "
               "stroke-width='0.5' stroke-dasharray='2 3'/>")
    top = max((p["mentions"] for p in points), default=1) or 1
    ranked = sorted(points, key=lambda p: (-p["mentions"], p["label"], p["lat"], p["lon"]))
    labels: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    for p in ranked:
        x, y = project(p["lon"], p["lat"], width, height)
        r = 3 + 13 * math.sqrt(p["mentions"] / top)
        out.append(f"<circle class='point' cx='{num(x)}' cy='{num(y)}' r='{num(r)}' "
                   f"fill='{QUAD_COLORS[p['quad']]}' fill-opacity='0.78' stroke='#fff' "
                   f"stroke-width='0.8'><title>{esc(p['label'])}: {p['events']} event(s), "
                   f"{p['mentions']} mention(s)</title></circle>")
        boxes.append((x - r, y - r, x + r, y + r))
    for p in ranked:
        if len(labels) == MAP_LABELS:
            break
        x, y = project(p["lon"], p["lat"], width, height)
        r = 3 + 13 * math.sqrt(p["mentions"] / top)
        w = 6.2 * len(p["label"])
        for lx, anchor in ((x + r + 3, "start"), (x - r - 3, "end")):
            box = (lx if anchor == "start" else lx - w, y - 7, lx + w if anchor == "start"
                   else lx, y + 7)
            own = (x - r, y - r, x + r, y + r)
            if box[0] >= 0 and box[2] <= width and not any(
                    _overlap(box, b) for b in boxes if b != own):
                boxes.append(box)
                labels.append(f"<text x='{num(lx)}' y='{num(y + 4)}' font-size='11' "
                              f"text-anchor='{anchor}' fill='#1d2733' stroke='#fff' "
                              f"stroke-width='3' paint-order='stroke'>{esc(p['label'])}</text>")
                break
    out += labels
    out.append("</g>")
    out.append(f"<rect x='6' y='{height - 26}' width='470' height='20' rx='4' fill='#fff' "
               "fill-opacity='0.85'/>")
    out.append(legend([(QUAD_COLORS[q], QUAD_NAMES[q]) for q in (1, 2, 3, 4)], 12, height - 11))
    out.append("</svg>")
    return "".join(out)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def network(nodes: list[dict], edges: list[dict], *, size: int = 560, title: str) -> str:
    """Actors on a circle (in the given order), edges width ~ events, coloured by type;
    labels radiate outwards.

    nodes: {id, label, weight}; edges: {source, target, type, events, label}.
    """
    cx = cy = size / 2
    radius = size / 2 - 118
    pos = {}
    n = max(len(nodes), 1)
    for i, node in enumerate(nodes):
        a = -math.pi / 2 + 2 * math.pi * i / n
        pos[node["id"]] = (cx + radius * math.cos(a), cy + radius * math.sin(a), a)
    top = max((e["events"] for e in edges), default=1) or 1
    out = [f"<svg class='chart' id='chart-network' viewBox='0 0 {size} {size + 24}' role='img' "
           f"aria-label='{esc(title)}' {FONT}>"]
    for e in edges:
        x1, y1, _ = pos[e["source"]]
        x2, y2, _ = pos[e["target"]]
        color = RELATION_COLORS.get(e["type"], AFFILIATION_COLOR)
        dash = "" if e["type"] in RELATION_COLORS else " stroke-dasharray='4 3'"
        w = 1 + 5 * e["events"] / top
        out.append(f"<path class='edge' d='M{num(x1)} {num(y1)}Q{num(cx)} {num(cy)} "
                   f"{num(x2)} {num(y2)}' fill='none' stroke='{color}' stroke-opacity='0.7' "
                   f"stroke-width='{num(w)}'{dash}><title>{esc(e['label'])}</title></path>")
    top_w = max((nd["weight"] for nd in nodes), default=1) or 1
    for node in nodes:
        x, y, a = pos[node["id"]]
        r = 4 + 6 * math.sqrt(node["weight"] / top_w)
        lx, ly = x + (r + 5) * math.cos(a), y + (r + 5) * math.sin(a)
        degrees = math.degrees(a)
        right = math.cos(a) >= 0
        angle = degrees if right else degrees + 180
        label = node["label"] if len(node["label"]) <= 17 else node["label"][:16] + "…"
        out.append(f"<circle class='node' cx='{num(x)}' cy='{num(y)}' r='{num(r)}' "
                   f"fill='#34495e'><title>{esc(node['label'])}</title></circle>"
                   f"<text x='{num(lx)}' y='{num(ly)}' font-size='10' dominant-baseline="
                   f"'middle' text-anchor='{'start' if right else 'end'}' fill='#222' "
                   f"transform='rotate({num(angle)} {num(lx)} {num(ly)})'>{esc(label)}</text>")
    items = [(RELATION_COLORS["cooperates_with"], "cooperates with"),
             (RELATION_COLORS["conflicts_with"], "conflicts with"),
             (AFFILIATION_COLOR, "affiliation")]
    out.append(legend(items, 8, size + 18))
    out.append("</svg>")
    return "".join(out)
