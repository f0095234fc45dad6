"""Flowcharts drawn as inline SVG: what a reader would see go wrong — overlapping boxes, lines through
boxes, labels on top of steps, names cut off, arrows pointing the wrong way — checked on the parsed SVG."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from unicodedata import east_asian_width

import pytest

from disclosure.site.drawings.flowchart import Step, edges_of, layout, parse_next_steps, render_svg

PROJECT = Path(__file__).resolve().parents[2]
NS = {"svg": "http://www.w3.org/2000/svg"}

LC01 = [Step(1, "立案", "执法股", "7日内", "2"), Step(2, "调查取证", "执法股", "90日内", "3"),
        Step(3, "法制审核", "法制股", "5个工作日", "4:符合条件; 5:不符合"),
        Step(4, "告知陈述申辩权利", "执法股", "3日内", "6"), Step(5, "不予处罚", "执法股"),
        Step(6, "作出处罚决定", "局长办公会", "7日内", "7"), Step(7, "送达并公示", "执法股", "7个工作日内")]
LC02 = [Step(1, "申请", "窗口", "", "2"), Step(2, "受理", "窗口", "当场", "3:材料齐全; 4:需要补正"),
        Step(3, "审查", "审批股", "10个工作日", "5"), Step(4, "补正材料", "申请人", "5个工作日", "2"),
        Step(5, "作出决定", "分管领导", "3个工作日", "6"), Step(6, "送达并公示", "窗口", "7个工作日内")]
CHAIN = [Step(n, f"第{n}环节审批", "", "", str(n + 1) if n < 12 else "") for n in range(1, 13)]
THREE_WAY = [Step(1, "受理申请", next_steps="2"), Step(2, "分类处理", next_steps="3:简易程序，4：普通程序，5:移送"),
             Step(3, "当场处罚", next_steps="6"), Step(4, "立案调查", next_steps="6"), Step(5, "移送司法机关"),
             Step(6, "结案归档")]
DIAMOND = [Step(1, "现场检查", next_steps="2:发现问题；3:未发现问题"), Step(2, "责令整改", next_steps="4"),
           Step(3, "出具检查意见", next_steps="4"), Step(4, "录入系统并公示")]
LOOP = [Step(1, "提交材料", next_steps="2"), Step(2, "初审", next_steps="3"), Step(3, "复核", next_steps="4"),
        Step(4, "退回修改", next_steps="1:材料不全")]
LONG_NAMES = [Step(1, "对涉嫌违反安全生产法律法规的生产经营单位依法开展现场检查并制作笔录", "执法一股安全生产监督检查岗位",
                   "自发现之日起十五个工作日内完成", "2:存在重大事故隐患需要立即停产停业整顿的; 3:其他"),
              Step(2, "依法责令暂时停产停业或者停止使用相关设施设备并现场送达文书", next_steps="3"),
              Step(3, "对整改情况进行复查并将复查意见书送达生产经营单位主要负责人")]
SPARSE = [Step(10, "立案", next_steps="20"), Step(20, "调查", next_steps="30:证据确凿、40:证据不足"),
          Step(30, "处罚决定"), Step(40, "撤销立案")]
CASES = {"LC-01": LC01, "LC-02": LC02, "chain": CHAIN, "three-way": THREE_WAY, "diamond": DIAMOND, "loop": LOOP,
         "long-names": LONG_NAMES, "sparse": SPARSE}


# ---- reading the drawing back --------------------------------------------------------------------

def tag(element: ET.Element) -> str:
    return element.tag.split("}")[-1]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert tag(root) == "svg"
    return root


def rect_of(element: ET.Element) -> tuple[float, float, float, float]:
    return tuple(float(element.get(k)) for k in ("x", "y", "width", "height"))


def step_rects(root: ET.Element) -> dict[int, tuple[float, float, float, float]]:
    return {int(g.get("data-step")): rect_of(g.find("svg:rect", NS)) for g in root.iter(f"{{{NS['svg']}}}g")
            if g.get("class") == "step"}


def name_in_box(root: ET.Element, step: int) -> str:
    group = next(g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("data-step") == str(step))
    return "".join(t.text or "" for t in group.iter(f"{{{NS['svg']}}}tspan") if t.get("class") != "detail")


def edges_drawn(root: ET.Element) -> list[tuple[int, int, list[tuple[float, float]], bool]]:
    found = []
    for line in root.iter(f"{{{NS['svg']}}}polyline"):
        points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        found.append((int(line.get("data-from")), int(line.get("data-to")), points, "back" in line.get("class")))
    return found


def labels_drawn(root: ET.Element) -> dict[tuple[int, int], tuple[str, tuple[float, float, float, float]]]:
    found = {}
    for g in root.iter(f"{{{NS['svg']}}}g"):
        if g.get("class") == "condition":
            text = g.find("svg:text", NS)
            assert text.get("class") == "condition"
            found[int(g.get("data-from")), int(g.get("data-to"))] = (text.text, rect_of(g.find("svg:rect", NS)))
    return found


def overlap(a, b, margin: float = 0.0) -> bool:
    return (a[0] < b[0] + b[2] + margin and b[0] < a[0] + a[2] + margin
            and a[1] < b[1] + b[3] + margin and b[1] < a[1] + a[3] + margin)


def crosses_interior(p, q, rect, inset: float = 1.0) -> bool:
    """Does segment p-q enter the rectangle's inside (Liang–Barsky clipping)?"""
    x0, y0, x1, y1 = rect[0] + inset, rect[1] + inset, rect[0] + rect[2] - inset, rect[1] + rect[3] - inset
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for d, near, far in ((dx, x0 - p[0], x1 - p[0]), (dy, y0 - p[1], y1 - p[1])):
        if d == 0:
            if near > 0 or far < 0:
                return False
            continue
        t0, t1 = sorted((near / d, far / d))
        low, high = max(low, t0), min(high, t1)
    return low < high


def em(text: str) -> float:
    return sum(1.0 if east_asian_width(c) in "WFA" else 0.55 for c in text)


def check_drawing(steps: list[Step], title: str = "测试流程") -> ET.Element:
    """Everything a reader would notice, for any chart."""
    svg = render_svg(steps, title)
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"svg:title[@id='{title_id}']", NS).text == title
    assert root.find(f"svg:desc[@id='{desc_id}']", NS).text.startswith(f"共{len(steps)}个步骤")
    view = tuple(map(float, root.get("viewBox").split()))
    assert view[:2] == (0, 0) and float(root.get("width")) == view[2] and float(root.get("height")) == view[3]
    assert "style" not in svg and "<script" not in svg and "href" not in svg

    rects = step_rects(root)
    assert sorted(rects) == sorted(s.number for s in steps)
    for a in rects:  # (1) no two boxes overlap, and nothing lies outside the picture
        x, y, w, h = rects[a]
        assert 0 <= x and 0 <= y and x + w <= view[2] and y + h <= view[3], a
        for b in rects:
            assert a == b or not overlap(rects[a], rects[b], margin=8), (a, b)
    for step in steps:  # (2) every name is there in full, every line fits inside its box
        assert name_in_box(root, step.number) == step.name
        group = next(g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("data-step") == str(step.number))
        for span in group.iter(f"{{{NS['svg']}}}tspan"):
            size = float(span.get("font-size", root.get("font-size")))
            assert em(span.text) * size <= rects[step.number][2] - 16, span.text
            assert rects[step.number][1] < float(span.get("y")) < sum(rects[step.number][1::2])

    drawn = edges_drawn(root)
    expected = {(e.source, e.target) for e in edges_of(steps)}
    assert {(a, b) for a, b, _, _ in drawn} == expected
    marker = re.search(r'<marker id="([^"]+)"', svg)[1]
    assert svg.count(f'marker-end="url(#{marker})"') == len(drawn)
    for source, target, points, back in drawn:  # (4) no line through a box that it doesn't start or end at
        for p, q in zip(points, points[1:]):
            assert p[0] == q[0] or p[1] == q[1], "lines run straight across and down"
            for n, rect in rects.items():
                assert n in (source, target) or not crosses_interior(p, q, rect), (source, target, n)
        assert all(0 <= x <= view[2] and 0 <= y <= view[3] for x, y in points)
        if not back:  # (6) forward arrows point down, onto the top of the next step
            assert rects[target][1] >= sum(rects[source][1::2])
            assert points[-1] == pytest.approx((points[-1][0], rects[target][1]))

    labels = labels_drawn(root)  # (3) every condition shows, and hides no step
    expected_labels = {(e.source, e.target): e.label for e in edges_of(steps) if e.label}
    assert {k: text for k, (text, _) in labels.items()} == expected_labels
    for key, (_, box) in labels.items():
        assert all(not overlap(box, rect) for rect in rects.values()), key
        assert all(other == key or not overlap(box, labels[other][1]) for other in labels), key
        assert box[0] >= 0 and box[0] + box[2] <= view[2]
    return root


# ---- 下一步 as clerks write it ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2", [(2, "")]),
    ("4:符合条件; 5:不符合", [(4, "符合条件"), (5, "不符合")]),
    ("3：材料齐全；4：需要补正", [(3, "材料齐全"), (4, "需要补正")]),
    ("3,4", [(3, ""), (4, "")]),
    ("3，4、5", [(3, ""), (4, ""), (5, "")]),
    (" 4 : 符合条件 ;5：不符合；", [(4, "符合条件"), (5, "不符合")]),
    ("4:材料齐全，符合法定形式; 5:否", [(4, "材料齐全，符合法定形式"), (5, "否")]),
    ("4:符合条件 5:不符合", [(4, "符合条件"), (5, "不符合")]),
    ("第4步", [(4, "")]),
    ("4（符合条件）", [(4, "符合条件")]),
    ("2.0", [(2, "")]),
    ("", []),
    ("   ", []),
    ("无", []),
    ("见附件; 3", [(3, "")]),
    ("结束", []),
])
def test_parse_next_steps(text, expected):
    assert parse_next_steps(text) == expected


# ---- drawings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_drawing_reads_right(case):
    check_drawing(CASES[case])


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_input_same_bytes(case):
    steps = CASES[case]
    shuffled = random.Random(7).sample(steps, len(steps))
    assert render_svg(steps, "流程") == render_svg(list(steps), "流程") == render_svg(shuffled, "流程")


def test_same_bytes_whatever_the_hash_seed():
    code = "from tests.site.test_flowchart import CASES; from disclosure.site.drawings.flowchart import render_svg; " \
           "print(''.join(render_svg(c, '流程') for c in CASES.values()))"
    runs = {subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1


def test_lc01_branch_goes_down_beside_the_main_line():
    root = check_drawing(LC01, "行政处罚一般程序")
    rects = step_rects(root)
    assert root.find("svg:desc", NS).text == "共7个步骤，含1处条件分支"
    centre = [rects[n][0] + rects[n][2] / 2 for n in (1, 2, 3, 4, 6, 7)]
    assert max(centre) == min(centre), "the main line is drawn straight"
    assert rects[4][1] == rects[5][1] and rects[5][0] > rects[4][0]


def test_lc02_loop_back_goes_round_the_side_into_the_earlier_step():
    root = check_drawing(LC02, "行政许可办理流程")
    rects = step_rects(root)
    loops = [(a, b, points) for a, b, points, back in edges_drawn(root) if back]
    assert [(a, b) for a, b, _ in loops] == [(4, 2)]  # 补正材料 → 受理
    points = loops[0][2]
    assert max(x for x, _ in points) > max(x + w for x, _, w, _ in rects.values()), "outside every box"
    assert points[-1][1] < points[0][1], "it climbs back up"
    assert rects[2][1] <= points[-1][1] <= rects[2][1] + rects[2][3]
    assert root.find("svg:desc", NS).text == "共6个步骤，含1处条件分支、1处返回前序步骤"


def test_loop_from_last_step_to_first():
    root = check_drawing(LOOP)
    (source, target, points, back), = [e for e in edges_drawn(root) if e[3]]
    assert (source, target) == (4, 1) and points[-1][1] < points[0][1]


def test_long_names_wrap_inside_their_boxes():
    root = check_drawing(LONG_NAMES)
    group = next(g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("data-step") == "1")
    lines = [t.text for t in group.iter(f"{{{NS['svg']}}}tspan") if t.get("class") != "detail"]
    assert len(lines) == 4 and all(8 <= len(line) <= 10 for line in lines[:-1])


def test_non_contiguous_numbers_keep_their_numbers():
    root = check_drawing(SPARSE)
    assert sorted(step_rects(root)) == [10, 20, 30, 40]
    assert set(labels_drawn(root)) == {(20, 30), (20, 40)}


def test_an_edge_to_a_missing_step_is_dropped():
    steps = [Step(1, "立案", next_steps="2; 9:移送"), Step(2, "结案")]
    root = check_drawing(steps)
    assert [(a, b) for a, b, _, _ in edges_drawn(root)] == [(1, 2)]
    assert "移送" not in render_svg(steps, "流程")


def test_single_step_and_empty_list():
    root = check_drawing([Step(1, "当场作出决定", "窗口", "当场")])
    assert root.find("svg:desc", NS).text == "共1个步骤"
    with pytest.raises(ValueError):
        layout([])


def test_text_is_escaped_and_several_charts_share_a_page():
    steps = [Step(1, "核对<材料>&签字", next_steps='2:"齐全"'), Step(2, "结束\x0b")]
    svg = render_svg(steps, "A&B<流程>")
    root = parse(svg)
    assert name_in_box(root, 1) == "核对<材料>&签字"
    assert root.find("svg:title", NS).text == "A&B<流程>"
    other = render_svg(steps, "另一流程")
    assert re.search(r'marker id="([^"]+)"', svg)[1] != re.search(r'marker id="([^"]+)"', other)[1]


def test_random_charts_stay_readable():
    rng = random.Random(2026)
    for _ in range(60):
        count = rng.randint(2, 11)
        steps = []
        for n in range(1, count + 1):
            targets = rng.sample(range(1, count + 1), min(count, rng.choice([0, 1, 1, 1, 2, 2, 3])))
            next_steps = "；".join(f"{t}:{'条件' * rng.randint(1, 3)}{t}" if len(targets) > 1 else str(t) for t in targets)
            steps.append(Step(n * 10 // 10, "步骤名称" * rng.randint(1, 4), "岗位", "3日", next_steps))
        check_drawing(steps)


def test_every_sample_flowchart_page_draws_and_lists_every_step(sample_site):
    """The shipped agencies' own flowcharts, as their pages show them: boxes apart, each step drawn and listed."""
    pages = sorted((sample_site.root / "flowcharts").glob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        html = sample_site.html(path.relative_to(sample_site.root).as_posix())
        root = parse(str(html.select_one("figure.flowchart svg")))
        rects = step_rects(root)
        assert not [(a, b) for a in rects for b in rects if a < b and overlap(rects[a], rects[b])], path.name
        listed = {int(li["id"].removeprefix("step-")): li.strong.get_text() for li in html.select("ol.steps li")}
        assert set(listed) == set(rects), path.name
        for number, text in listed.items():
            assert text == f"第{number}步 {name_in_box(root, number)}", path.name
