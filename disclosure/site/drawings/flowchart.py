"""Procedure flowcharts (执法流程图) drawn at build time as inline SVG, by a layout of our own.

Evaluated 2026-11-21 on LC-01/LC-02. (a) Graphviz `dot` is no PyPI package (`graphviz` 0.21 only wraps the
binary; Debian apt has 2.42.2), so `pip install -r requirements.txt` can't install it: rejected. `graphviz-pure`
0.2.2 (unofficial 13 MB Rust port, beta) does pip-install, but has no CJK metrics (Times widths) either.
(b) grandalf 0.8 (last release 2023-01, GPL-2.0/EPL-1.0): no box overlaps, but edges are straight centre-to-centre
lines, so LC-02's loop 补正材料→受理 lies exactly on 受理→补正材料, and labels get no place. (c) Chosen: this module.

The longest path runs straight down; branches sit beside it; edges run orthogonally between the rows, with
condition labels just above their arrowheads; loops back climb channels outside all boxes. Presentation
attributes only (the site's CSP allows no inline style). Width and height are the natural size: the page shows
the chart at it, in a scroll container when it is wider than the column, so no text is drawn below 12 px on a
phone. An empty list raises ValueError.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from graphlib import TopologicalSorter
from html import escape
from typing import Sequence
from unicodedata import east_asian_width

BOX_W, PAD_X, PAD_Y = 164.0, 12.0, 9.0  # 140 px inside: ten CJK characters at 14 px
NAME_PX, NAME_LH, DETAIL_PX, DETAIL_LH = 14, 20.0, 12, 17.0
LABEL_PX, LABEL_H = 12, 18.0
H_GAP, TRACK, MARGIN, ARROW = 44.0, 8.0, 16.0, 16.0
STROKE, TEXT, DETAIL, FILL = "#1d4f91", "#1b1b1b", "#474747", "#f2f6fb"  # all ≥ 7:1 on the fills used
FONTS = '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif'
NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)")


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    post: str = ""
    time_limit: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    label: str


@dataclass(frozen=True)
class Box:
    step: int
    x: float
    y: float
    width: float
    height: float
    lines: tuple[str, ...]  # the step name, wrapped
    details: tuple[str, ...] = ()  # 承办岗位 · 时限, wrapped, in the smaller font


@dataclass(frozen=True)
class Route:
    edge: Edge
    points: tuple[tuple[float, float], ...]
    label_box: tuple[float, float, float, float] | None  # x, y, width, height of the label's background
    back: bool  # a loop back to the same or an earlier layer


@dataclass(frozen=True)
class Layout:
    boxes: tuple[Box, ...]
    edges: tuple[Route, ...]
    width: float
    height: float


# ---- reading the 下一步 column ---------------------------------------------------------------

# Clerks write "4:符合条件; 5:不符合", "3：材料齐全；4：需要补正", "2、3", "第4步". Semicolons always separate;
# commas only before another step number, so "4:材料齐全，符合法定形式" keeps its whole label.
_SPLIT = re.compile(r"[;；\n]+|[,，、]+(?=\s*第?\s*\d)|\s+(?=第?\s*\d+\s*[:：])")
_ITEM = re.compile(r"第?\s*(\d+)(?:\.0+)?\s*(?:步骤|步)?\s*(?:[:：]\s*(.*)|[(（](.*)[)）])?")


def parse_next_steps(text: str) -> list[tuple[int, str]]:
    """[(target step, condition label)]; pieces that name no step are ignored."""
    found = []
    for piece in _SPLIT.split(text or ""):
        match = _ITEM.fullmatch(piece.strip())
        if match:
            found.append((int(match[1]), (match[2] or match[3] or "").strip()))
    return found


def edges_of(steps: Sequence[Step]) -> list[Edge]:
    """Edges between existing steps, first mention wins; the page's list still shows the raw text."""
    known, seen, found = {s.number for s in steps}, set(), []
    for step in steps:
        for target, label in parse_next_steps(step.next_steps):
            if target in known and (step.number, target) not in seen:
                seen.add((step.number, target))
                found.append(Edge(step.number, target, label))
    return found


# ---- text ------------------------------------------------------------------------------------

def text_em(text: str) -> float:
    # Ambiguous-width characters (·, —, “”) are drawn full width by CJK fonts, so count them wide.
    return sum(1.0 if east_asian_width(c) in "WFA" else 0.55 for c in text)


def wrap(text: str, em: float) -> tuple[str, ...]:
    lines, line = [], ""
    for char in text.strip():
        if line and text_em(line + char) > em:
            carry = line[-1] if char in NO_LINE_START and len(line) > 1 else ""  # no line starts with "，"
            lines.append(line[:len(line) - len(carry)])
            line = carry
        line += char
    return tuple(lines + [line] if line else lines)


# ---- layout ----------------------------------------------------------------------------------

def _back_edges(numbers: list[int], edges: list[Edge]) -> set[Edge]:
    children = {n: [e for e in edges if e.source == n] for n in numbers}
    state, back = {}, set()  # state: 1 on the DFS stack, 2 finished
    for root in numbers:
        if root in state:
            continue
        state[root], stack = 1, [(root, iter(children[root]))]
        while stack:
            node, todo = stack[-1]
            edge = next(todo, None)
            if edge is None:
                state[node] = 2
                stack.pop()
            elif state.get(edge.target) == 1:
                back.add(edge)
            elif edge.target not in state:
                state[edge.target] = 1
                stack.append((edge.target, iter(children[edge.target])))
    return back


def _main_path(numbers: list[int], forward: list[Edge], layer: dict) -> list[Edge]:
    """The longest path, first-listed branch on ties: drawn as one straight column."""
    depth = {n: 0 for n in numbers}
    for n in sorted(numbers, key=lambda n: -layer[n]):
        depth[n] = max((depth[e.target] + 1 for e in forward if e.source == n), default=0)
    node, path = min((n for n in numbers if layer[n] == 0), key=lambda n: (-depth[n], n)), []
    while nexts := [e for e in forward if e.source == node]:
        path.append(max(nexts, key=lambda e: depth[e.target]))  # max() keeps the first of equals
        node = path[-1].target
    return path


def _crossings(rows: list[list], down: dict) -> int:
    count = 0
    for upper, lower in zip(rows, rows[1:]):
        pos = {n: i for i, n in enumerate(lower)}
        pairs = [(i, pos[m]) for i, n in enumerate(upper) for m in down[n]]
        count += sum(1 for a, b in pairs for c, d in pairs if a < c and b > d)
    return count


def _order(rows: list[list], up: dict, down: dict) -> list[list]:
    best = [list(r) for r in rows]
    for sweep in range(4):  # barycenter, down then up; keep the order with fewest crossings
        downward = sweep % 2 == 0
        for i in range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1):
            ref = {n: k for k, n in enumerate(rows[i - 1] if downward else rows[i + 1])}
            near = up if downward else down
            bary = {n: sum(ref[m] for m in near[n]) / len(near[n]) if near[n] else k for k, n in enumerate(rows[i])}
            rows[i] = sorted(rows[i], key=lambda n: bary[n])
        if _crossings(rows, down) < _crossings(best, down):
            best = [list(r) for r in rows]
    return best


def _place(row: list, desired: list[float], weight: list[float], width: dict) -> list[float]:
    """x closest to desired (weighted least squares) with boxes H_GAP apart: pool adjacent violators."""
    offsets = [0.0]
    for a, b in zip(row, row[1:]):
        offsets.append(offsets[-1] + (width[a] + width[b]) / 2 + H_GAP)
    blocks: list[list[float]] = []  # [mean, total weight, count]
    for d, o, w in zip(desired, offsets, weight):
        blocks.append([d - o, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks[-1]
            blocks[-1] = [(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2]
    return [m + o for (m, _, c), o in zip([b for b in blocks for _ in range(int(b[2]))], offsets)]


def layout(steps: Sequence[Step]) -> Layout:
    if not steps:
        raise ValueError("a flowchart needs at least one step")
    by_number: dict[int, Step] = {}
    for step in steps:
        by_number.setdefault(step.number, step)  # a repeated number is the checker's business: keep the first
    numbers = sorted(by_number)
    edges = edges_of([by_number[n] for n in numbers])
    cut = _back_edges(numbers, edges)
    preds = {n: [e.source for e in edges if e.target == n and e not in cut] for n in numbers}
    layer: dict = {}
    for n in TopologicalSorter(preds).static_order():
        layer[n] = max((layer[p] + 1 for p in preds[n]), default=0)
    forward = [e for e in edges if layer[e.target] > layer[e.source]]
    # Long edges pass through one narrow dummy per layer, so they keep out of the boxes' columns.
    rows: list[list] = [[] for _ in range(max(layer.values()) + 1)]
    up: dict = {n: [] for n in numbers}
    down: dict = {n: [] for n in numbers}
    chains = {}
    for i, e in enumerate(forward):
        chains[e] = [e.source, *((i, k) for k in range(layer[e.source] + 1, layer[e.target])), e.target]
        for a, b in zip(chains[e], chains[e][1:]):
            up.setdefault(b, []).append(a)
            down.setdefault(a, []).append(b)
    for n in [*numbers, *(d for chain in chains.values() for d in chain[1:-1])]:
        layer.setdefault(n, n[1] if isinstance(n, tuple) else 0)
        rows[layer[n]].append(n)
    rows = _order(rows, up, down)

    texts = {}
    for n in numbers:
        step, inner = by_number[n], BOX_W - 2 * PAD_X
        detail = " · ".join(t.strip() for t in (step.post, step.time_limit) if t and t.strip())
        texts[n] = (wrap(step.name, inner / NAME_PX), wrap(detail, inner / DETAIL_PX))
    need = {n: 2 * PAD_Y + len(a) * NAME_LH + len(b) * DETAIL_LH for n, (a, b) in texts.items()}
    row_h = [max([need[n] for n in row if isinstance(n, int)] or [0.0]) for row in rows]
    width = {n: 0.0 if isinstance(n, tuple) else BOX_W for n in layer}
    main = [n for e in _main_path(numbers, forward, layer) for n in chains[e]]
    x = _columns(rows, up, down, width, {n: 1e6 if n in main else 1.0 for n in layer})
    grid = _Grid(rows, layer, x, row_h, texts)
    return grid.route(forward, chains, [e for e in edges if e not in chains])


def _columns(rows: list[list], up: dict, down: dict, width: dict, weight: dict) -> dict:
    x = {n: 0.0 for row in rows for n in row}
    for sweep in range(5):  # all centred first, then pulled towards neighbours: down, up, down, up
        near = up if sweep % 2 == 0 else down
        for i in range(len(rows)) if sweep % 2 == 0 else range(len(rows) - 1, -1, -1):
            desired = [sum(x[m] * weight[m] for m in near[n]) / sum(weight[m] for m in near[n])
                       if near[n] and sweep else x[n] for n in rows[i]]
            x.update(zip(rows[i], _place(rows[i], desired, [weight[n] for n in rows[i]], width)))
    return {n: float(round(v)) for n, v in x.items()}  # whole pixels: "same column" is an exact test


class _Grid:
    """The placed rows while the edges are routed. Gap g lies above row g; the last gap is below it all."""

    def __init__(self, rows: list[list], layer: dict, x: dict, row_h: list[float], texts: dict):
        self.rows, self.layer, self.x, self.row_h, self.texts = rows, layer, x, row_h, texts
        self.tracks: list[list] = [[] for _ in range(len(rows) + 1)]
        self.label_rows = [0] * (len(rows) + 1)
        self.gap_top: list[float] = []
        self.gap_h: list[float] = []
        self.top: list[float] = []

    def bottom(self, node) -> float:
        return self.top[self.layer[node]] + self.row_h[self.layer[node]]

    def track_y(self, g: int, user) -> float:
        return self.gap_top[g] + (MARGIN if g == 0 else 10.0) + TRACK * self.tracks[g].index(user)

    def outermost(self, node, way: int) -> bool:  # way: 1 right, -1 left
        return self.x[node] * way == max(self.x[n] * way for n in self.rows[self.layer[node]] if isinstance(n, int))

    def route(self, forward: list[Edge], chains: dict, back: list[Edge]) -> Layout:
        ports = self._entry_ports(chains)
        for chain in chains.values():  # each source whose edges bend gets a horizontal track of its own
            for a, b in zip(chain, chain[1:]):
                if self.x[a] != ports[a, b] and a not in self.tracks[self.layer[b]]:
                    self.tracks[self.layer[b]].append(a)
        drops = {ports[a, b] for chain in chains.values() for a, b in zip(chain, chain[1:]) if self.x[a] != ports[a, b]}
        for users in self.tracks:  # a stub standing on another edge's drop line takes the upper track: no overlap
            users.sort(key=lambda a: (self.x[a] not in drops, self.x[a]))
        # A loop goes round the right, or the left when that lets more of its ends leave by the side.
        way = {e: -1 if sum(self.outermost(n, -1) - self.outermost(n, 1) for n in (e.source, e.target)) > 0 else 1
               for e in back}
        side = {(e, end): self.outermost(end, way[e]) for e in back for end in (e.source, e.target)}
        for e in back:
            if not side[e, e.source]:
                self.tracks[self.layer[e.source] + 1].append(("out", e))
            if not side[e, e.target]:
                self.tracks[self.layer[e.target]].append(("in", e))
        spans = self._forward_labels(chains, ports)
        self._stack()
        routes = [self._forward(e, chains[e], ports, spans.get(e)) for e in forward]
        routes += self._loops(back, way, side, routes)
        boxes = tuple(Box(n, self.x[n] - BOX_W / 2, self.top[self.layer[n]], BOX_W, self.row_h[self.layer[n]],
                          *self.texts[n]) for n in sorted(self.texts))
        return _shift(boxes, routes, self.gap_top[-1] + self.gap_h[-1])

    def _entry_ports(self, chains: dict) -> dict:
        """Edges merging into one box join above it, unless one has a label: then they arrive side by side, so
        that each label sits on its own line."""
        sources: dict = {}
        labelled = {chain[1] for e, chain in chains.items() if e.label}
        for chain in chains.values():
            for a, b in zip(chain, chain[1:]):
                sources.setdefault(b, []).append(a)
        ports = {}
        for b, froms in sources.items():
            if b not in labelled:
                ports.update(((a, b), self.x[b]) for a in froms)
                continue
            froms.sort(key=lambda a: self.x[a])
            centre = next((j for j, a in enumerate(froms) if self.x[a] == self.x[b]), (len(froms) - 1) / 2)
            step = min(18.0, (BOX_W / 2 - 24) / max(1.0, centre, len(froms) - 1 - centre))
            ports.update(((a, b), self.x[b] + (j - centre) * step) for j, a in enumerate(froms))
        return ports

    def _forward_labels(self, chains: dict, ports: dict) -> dict:
        """Labels sit on their edge just above the arrowheads: centred, or beside a line arriving off-centre
        on the side it comes from; labels that would touch are stacked in rows."""
        spans, rows_used = {}, {}
        for e, chain in sorted(chains.items(), key=lambda item: ports[item[1][0], item[1][1]]):
            if not e.label:
                continue
            line, w, g = ports[chain[0], chain[1]], text_em(e.label) * LABEL_PX + 8, self.layer[chain[1]]
            offset = line - self.x[chain[1]]
            left = line - w / 2 if offset == 0 else line + 4 if offset > 0 else line - 4 - w
            row = 0
            while any(left < r + 4 and start < left + w + 4 for start, r in rows_used.get((g, row), [])):
                row += 1
            rows_used.setdefault((g, row), []).append((left, left + w))
            self.label_rows[g] = max(self.label_rows[g], row + 1)
            spans[e] = (left, w, row)
        return spans

    def _stack(self) -> None:
        last, y = len(self.rows), 0.0
        self.gap_h = [MARGIN if g in (0, last) and not users else (MARGIN if g == 0 else 10.0)
                      + TRACK * max(len(users) - 1, 0) + self.label_rows[g] * (LABEL_H + 4)
                      + (MARGIN if g == last else ARROW + 10) for g, users in enumerate(self.tracks)]
        for g, h in enumerate(self.row_h + [0.0]):
            self.gap_top.append(y)
            self.top.append(y + self.gap_h[g])
            y += self.gap_h[g] + h

    def _forward(self, e: Edge, chain: list, ports: dict, span) -> Route:
        pts = [(self.x[e.source], self.bottom(e.source))]
        for a, b in zip(chain, chain[1:]):
            g, port = self.layer[b], ports[a, b]
            if self.x[a] != port:
                pts += [(self.x[a], self.track_y(g, a)), (port, self.track_y(g, a))]
            pts += [(port, self.top[g])] + ([(port, self.bottom(b))] if b != chain[-1] else [])
        label = None
        if span:
            left, w, row = span
            label = (left, self.top[self.layer[chain[1]]] - ARROW - (row + 1) * (LABEL_H + 4), w, LABEL_H)
        return Route(e, tuple(_simplify(pts)), label, False)

    def _loops(self, back: list[Edge], way: dict, side: dict, routes: list[Route]) -> list[Route]:
        """Loops back climb channels outside everything (labels included), shortest innermost."""
        ports: dict = {}
        for e in back:
            for end, kind in ((e.target, "in"), (e.source, "out")):
                if side[e, end]:
                    ports.setdefault((end, way[e]), []).append((kind, e))
        for users in ports.values():
            users.sort(key=lambda p: p[0] != "in")  # loops arrive high on the side and leave low

        def side_y(node, user) -> float:
            users = ports[node, way[user[1]]]
            row = self.layer[node]
            return self.top[row] + self.row_h[row] * (users.index(user) + 1) / (len(users) + 1)

        labels = [r.label_box for r in routes if r.label_box]
        cursor = {w: w * max([w * x + BOX_W / 2 for x in self.x.values()] + [w * (lx + (lw if w > 0 else 0))
                                                                            for lx, _, lw, _ in labels]) + w * 18
                  for w in (1, -1)}
        found = []
        for e in sorted(back, key=lambda e: (self.layer[e.source] - self.layer[e.target], back.index(e))):
            s, t, d, w = e.source, e.target, way[e], text_em(e.label) * LABEL_PX + 8 if e.label else 0.0
            channel, cursor[d] = cursor[d] + d * w / 2, cursor[d] + d * (w + 14)
            rim = {n: self.x[n] + d * BOX_W / 2 for n in (s, t)}
            if side[e, s]:
                pts = [(rim[s], side_y(s, ("out", e))), (channel, side_y(s, ("out", e)))]
            else:
                gy = self.track_y(self.layer[s] + 1, ("out", e))
                pts = [(rim[s] - d * 8, self.bottom(s)), (rim[s] - d * 8, gy), (channel, gy)]
            if side[e, t]:
                pts += [(channel, side_y(t, ("in", e))), (rim[t], side_y(t, ("in", e)))]
            else:
                gy = self.track_y(self.layer[t], ("in", e))
                pts += [(channel, gy), (rim[t] - d * 8, gy), (rim[t] - d * 8, self.top[self.layer[t]])]
            turn = 1 if side[e, s] else 2  # pts[turn] → pts[turn + 1] is the climb up the channel
            mid = (pts[turn][1] + pts[turn + 1][1]) / 2
            label = (channel - w / 2, mid - LABEL_H / 2, w, LABEL_H) if e.label else None
            found.append(Route(e, tuple(_simplify(pts)), label, True))
        return sorted(found, key=lambda r: back.index(r.edge))


def _simplify(pts: list) -> list:
    out = []
    for p in pts:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p  # a straight run needs no middle point
        else:
            out.append(p)
    return out


def _shift(boxes, routes, height) -> Layout:
    xs = [b.x for b in boxes] + [p[0] for r in routes for p in r.points]
    xs += [r.label_box[0] for r in routes if r.label_box]
    right = ([b.x + b.width for b in boxes] + [p[0] for r in routes for p in r.points]
             + [r.label_box[0] + r.label_box[2] for r in routes if r.label_box])
    dx = MARGIN - min(xs)
    boxes = tuple(Box(b.step, b.x + dx, b.y, b.width, b.height, b.lines, b.details) for b in boxes)
    routes = tuple(Route(r.edge, tuple((px + dx, py) for px, py in r.points),
                         (r.label_box[0] + dx, *r.label_box[1:]) if r.label_box else None, r.back) for r in routes)
    return Layout(boxes, routes, max(right) + dx + MARGIN, height)


# ---- SVG -------------------------------------------------------------------------------------

def _esc(text: str) -> str:
    return escape(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text), quote=True)  # XML forbids control characters


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def describe(plan: Layout) -> str:
    sources = [r.edge.source for r in plan.edges]
    branches = len({n for n in sources if sources.count(n) > 1})
    loops = sum(r.back for r in plan.edges)
    parts = [f"{k}处{what}" for k, what in ((branches, "条件分支"), (loops, "返回前序步骤")) if k]
    return f"共{len(plan.boxes)}个步骤" + (f"，含{'、'.join(parts)}" if parts else "")


def render_svg(steps: Sequence[Step], title: str) -> str:
    plan = layout(steps)
    key = "|".join([title, *sorted(f"{s.number}/{s.name}/{s.next_steps}" for s in steps)])
    uid = "flow-" + hashlib.blake2b(key.encode(), digest_size=5).hexdigest()
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart-diagram" '
           f'viewBox="0 0 {_n(plan.width)} {_n(plan.height)}" width="{_n(plan.width)}" height="{_n(plan.height)}" preserveAspectRatio="xMinYMin meet" role="img" '
           f'aria-labelledby="{uid}-title {uid}-desc" font-family=\'{FONTS}\' font-size="{NAME_PX}" fill="{TEXT}">',
           f'<title id="{uid}-title">{_esc(title)}</title><desc id="{uid}-desc">{describe(plan)}</desc>',
           f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
           f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="{STROKE}"/></marker></defs>',
           f'<g fill="none" stroke="{STROKE}" stroke-width="1.5">']
    for r in plan.edges:
        points = " ".join(f"{_n(px)},{_n(py)}" for px, py in r.points)
        out.append(f'<polyline class="edge{" back" if r.back else ""}" data-from="{r.edge.source}" '
                   f'data-to="{r.edge.target}" points="{points}" marker-end="url(#{uid}-arrow)"/>')
    out.append("</g>")
    for b in plan.boxes:
        start = not any(r.edge.target == b.step and not r.back for r in plan.edges)
        out.append(_box_svg(b, start or not any(r.edge.source == b.step for r in plan.edges)))
    for r in plan.edges:
        if r.label_box:
            lx, ly, lw, lh = r.label_box
            out.append(f'<g class="condition" data-from="{r.edge.source}" data-to="{r.edge.target}">'
                       f'<rect x="{_n(lx)}" y="{_n(ly)}" width="{_n(lw)}" height="{_n(lh)}" fill="#ffffff"/>'
                       f'<text class="condition" x="{_n(lx + lw / 2)}" y="{_n(ly + lh - 5)}" text-anchor="middle" '
                       f'font-size="{LABEL_PX}" fill="{STROKE}">{_esc(r.edge.label)}</text></g>')
    return "\n".join(out + ["</svg>"])


def _box_svg(b: Box, terminal: bool) -> str:
    radius = 14 if terminal else 4  # start and end steps get the rounded ends readers know as terminals
    inner = len(b.lines) * NAME_LH + len(b.details) * DETAIL_LH
    y = b.y + (b.height - inner) / 2
    cx, spans = b.x + b.width / 2, []
    for line in b.lines:
        spans.append(f'<tspan x="{_n(cx)}" y="{_n(y + 15)}">{_esc(line)}</tspan>')
        y += NAME_LH
    for line in b.details:
        spans.append(f'<tspan class="detail" x="{_n(cx)}" y="{_n(y + 13)}" font-size="{DETAIL_PX}" '
                     f'fill="{DETAIL}">{_esc(line)}</tspan>')
        y += DETAIL_LH
    return (f'<g class="step" data-step="{b.step}"><rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.width)}" '
            f'height="{_n(b.height)}" rx="{radius}" fill="{FILL}" stroke="{STROKE}" stroke-width="1.5"/>'
            f'<text text-anchor="middle">{"".join(spans)}</text></g>')
