"""The HTML class report and per-learner feedback: right numbers in data attributes (the class
report's equal to results.json's statistics), hidden checks kept from learners, learner text
inert, SVG curves that survive bad evidence, a histogram that survives a missing matplotlib,
and (slow) the real `grade class` output as headless Chromium renders it."""
from __future__ import annotations

import base64
import json
import math
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from conftest import ROOT

from graders.core import gradebook, html_report, report
from graders.core.grading import EVIDENCE_VALUES
from graders.core.outcomes import Outcome
from graders.core.results import CheckResult, ExerciseResult, LearnerResult

HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>\u202eevil\ud800'"
PNG = b"\x89PNG\r\n\x1a\n"
# What a curve may be made of: shapes and text, nothing that runs, links or fetches.
SVG_TAGS = {"svg", "title", "g", "line", "path", "polyline", "circle", "text"}


# ----------------------------------------------------------------------------- helpers
def chk(name, outcome="passed", *, pts=None, mx=1.0, message="", hint="", hidden=False,
        evidence=None) -> CheckResult:
    o = Outcome(outcome)
    got = mx if pts is None and o is Outcome.PASSED else (pts or 0.0)
    return CheckResult(name, o, got, mx, message, hint, 0.0, hidden, evidence or {})


def ex(name, *checks, file="f.py", notes=()) -> ExerciseResult:
    return ExerciseResult(name, f"Title of {name}", file, 1, "cpu", list(checks), list(notes))


def klass(*learners: LearnerResult) -> dict:
    """results.json as `grade class` writes it, for these learners, statistics included."""
    first = learners[0].exercises if learners else []
    meta = {"seed": 1, "device": "cpu", "exercises": [
        {"name": e.exercise, "title": e.title, "max_score": e.max_score} for e in first]}
    stats = gradebook.statistics(list(learners), gradebook.exercise_columns(list(learners), []))
    return json.loads(report.class_json(list(learners), meta, (), stats))


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def elements(page: str) -> list[tuple[str, dict]]:
    p = _Elements()
    p.feed(page)
    p.close()
    return p.found


def by(page: str, attr: str) -> dict[str, dict]:
    """Elements carrying `data-ATTR`, keyed by its value."""
    return {a[f"data-{attr}"]: a for _, a in elements(page) if f"data-{attr}" in a}


def having(page: str, attr: str) -> list[dict]:
    """Every element carrying `data-ATTR`, in page order."""
    return [a for _, a in elements(page) if f"data-{attr}" in a]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


def images(page: str) -> list[bytes]:
    """Every img's data: PNG, decoded; any other src fails."""
    out = []
    for tag, a in elements(page):
        if tag == "img":
            assert a["src"].startswith("data:image/png;base64,"), a["src"][:60]
            out.append(base64.b64decode(a["src"].split(",", 1)[1], validate=True))
    return out


def svgs(page: str) -> list[ET.Element]:
    """Every inline <svg>...</svg> in the page, parsed as XML and checked to be inert: only the
    tags of SVG_TAGS, no on* attribute, no link, no url(), every coordinate a finite number
    inside the picture."""
    __tracebackhide__ = True
    found = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(found) == page.count("<svg"), "an <svg> that does not close"
    out = []
    for text in found:
        root = ET.fromstring(text)
        width, height = (float(v) for v in root.get("viewBox").split()[2:])
        for el in root.iter():
            assert el.tag in SVG_TAGS, el.tag
            for k, v in el.attrib.items():
                assert not k.lower().startswith("on") and "href" not in k.lower(), (k, v)
                assert "url(" not in v.lower() and "script" not in v.lower(), (k, v)
            for k, v in el.attrib.items():                   # NaN fails these too
                pairs = ([p.split(",") for p in v.split()] if k == "points" else
                         [(v, 0)] if k in ("x", "cx", "x1", "x2") else
                         [(0, v)] if k in ("y", "cy", "y1", "y2") else [])
                for x, y in pairs:
                    assert 0 <= float(x) <= width and 0 <= float(y) <= height, (el.tag, k, v)
        out.append(root)
    return out


def series(svg: ET.Element) -> dict[str, tuple[int, int]]:
    """(polylines, dots) of each series drawn, by data-series."""
    return {g.get("data-series"): (len(g.findall("polyline")), len(g.findall(".//circle")))
            for g in svg.iter("g") if g.get("data-series")}


def ticks(svg: ET.Element, axis: str) -> list[str]:
    [g] = [g for g in svg.iter("g") if g.get("data-axis") == axis]
    return [t.text for t in g.iter("text")]


def a_class_learners() -> list[LearnerResult]:
    """Four learners on two exercises: full marks, partial, a missing file, a time-out."""
    def ex2(*outcomes):
        return ex("ex02_b", chk("first", outcomes[0]), chk("second", outcomes[1], mx=2.0))
    return [
        LearnerResult("ann", [ex("ex01_a", chk("shape"), chk("values", mx=2.0)),
                              ex2("passed", "passed")]),
        LearnerResult("bob", [ex("ex01_a", chk("shape"), chk("values", "failed", mx=2.0,
                                                             message="Off by one.")),
                              ex2("passed", "failed")]),
        LearnerResult("cat", [ex("ex01_a", *(chk(n, "missing", mx=m, message="No file.")
                                             for n, m in (("shape", 1.0), ("values", 2.0))),
                                 file=None),
                              ex2("timed_out", "timed_out")]),
        LearnerResult("dan", [ex("ex01_a", chk("shape"), chk("values", mx=2.0)),
                              ex2("passed", "passed")])]


def a_class() -> dict:
    return klass(*a_class_learners())


# ----------------------------------------------------------------------------- the class
def test_pass_rates_per_exercise_and_per_check():
    """Are full marks per exercise, and passed/graded per check, counted with missing files
    as graded-but-not-passed and also listed apart?"""
    page = html_report.class_report(a_class())
    exercises = by(page, "exercise")
    assert exercises["ex01_a"]["data-passed"] == "2" and exercises["ex01_a"]["data-learners"] == "4"
    assert exercises["ex01_a"]["data-pass-rate"] == "0.5"
    assert exercises["ex02_b"]["data-passed"] == "2"
    assert float(exercises["ex01_a"]["data-mean-score"]) == pytest.approx((3 + 1 + 0 + 3) / 4)
    checks = by(page, "check")
    assert {k: (a["data-passed"], a["data-graded"], a["data-missing"])
            for k, a in checks.items()} == {
        "ex01_a/shape": ("3", "4", "1"), "ex01_a/values": ("2", "4", "1"),
        "ex02_b/first": ("3", "4", "0"), "ex02_b/second": ("2", "4", "0")}
    assert checks["ex01_a/shape"]["data-pass-rate"] == "0.75"


def test_summary_histogram_learners_and_limits():
    """Are the summary numbers, the histogram's bins (100% in the last one), each learner's
    total and the learner who timed out all in the page?"""
    results = a_class()
    page = html_report.class_report(results)
    totals = [lr["score"] for lr in results["learners"]]              # 6, 2, 0, 6 of 6
    stats = by(page, "stat")
    assert stats["learners"]["data-value"] == "4"
    assert float(stats["mean-total"]["data-value"]) == pytest.approx(statistics.mean(totals))
    assert float(stats["median-total"]["data-value"]) == statistics.median(totals)
    bins = {a["data-bin-low"]: int(a["data-count"]) for a in having(page, "bin-low")}
    assert bins["0"] == 1 and bins["30"] == 1 and bins["90"] == 2 and sum(bins.values()) == 4
    assert {a["data-learner"]: float(a["data-learner-total"])
            for a in having(page, "learner-total")} == {
        lr["learner"]: lr["score"] for lr in results["learners"]}
    assert [(a["data-limit-learner"], a["data-limit-exercise"], a["data-limit-outcomes"])
            for a in having(page, "limit-learner")] == [
        ("cat", "ex02_b", "timed_out")]
    problems = by(page, "problem")
    assert problems["ex01_a/values"]["data-count"] == "1"
    assert "Off by one." in page


def test_common_problems_are_computed_when_absent():
    """Does an older results.json without common_problems still list the mistakes?"""
    results = a_class()
    del results["common_problems"]
    problems = by(html_report.class_report(results), "problem")
    assert problems["ex01_a/values"]["data-count"] == "1"
    assert "ex01_a/shape" not in problems                  # a missing file is not a mistake


def test_empty_class():
    """Does a class with no learners render, with undefined means left empty?"""
    for results in (klass(), {}):
        page = html_report.class_report(results)
        stats = by(page, "stat")
        assert stats["learners"]["data-value"] == "0" and stats["mean-total"]["data-value"] == ""
        assert "No learners were graded" in page and not images(page)


def agrees_with_statistics(page: str, stats: dict) -> None:
    """Is every number of the class report the one results.json's statistics give (computed
    there with pandas), exactly: totals, per exercise and per check?"""
    __tracebackhide__ = True
    wrong = []

    def same(what: str, shown: str, want) -> None:
        if (None if shown == "" else float(shown)) != want:
            wrong.append(f"{what}: the report says {shown!r}, statistics {want!r}")

    summary = by(page, "stat")
    for key in ("learners", "full_marks", "max_total", "mean_total", "median_total"):
        same(key, summary[key.replace("_", "-")]["data-value"], stats[key])
    rows = by(page, "exercise")
    for e in stats["exercises"]:
        row = rows.pop(e["exercise"], None)
        if row is None:
            wrong.append(f"{e['exercise']}: no row in the report")
            continue
        for attr, key in (("learners", "learners"), ("passed", "full_marks"),
                          ("missing", "missing"), ("pass-rate", "pass_rate"),
                          ("mean-score", "mean_score")):
            same(f"{e['exercise']} {key}", row[f"data-{attr}"], e[key])
    for name, row in rows.items():         # listed for the run, but no learner has a result
        same(f"{name} learners", row["data-learners"], 0)
    checks = by(page, "check")
    want = {f"{c['exercise']}/{c['check']}": c for c in stats["checks"]}
    if set(checks) != set(want):
        wrong.append(f"checks: the report lists {sorted(checks)}, statistics {sorted(want)}")
    for key in set(checks) & set(want):
        for attr in ("passed", "graded", "missing", "pass_rate"):
            same(f"{key} {attr}", checks[key][f"data-{attr.replace('_', '-')}"], want[key][attr])
    if wrong:
        pytest.fail("the class report disagrees with results.json's statistics:\n"
                    + "\n".join(wrong), pytrace=False)


def _statistics_cases() -> dict[str, list[LearnerResult]]:
    thirds = [LearnerResult(n, [ex("ex01_a", chk("shape", o), chk("values", "failed", pts=p,
                                                                  mx=2.0))])
              for n, o, p in (("ann", "passed", 0.5), ("bob", "failed", 1.5),
                              ("cat", "failed", 0.0))]
    sevenths = [LearnerResult(f"l{i}", [ex("ex01_a", chk("a", pts=i / 4, mx=2.0),
                                           chk("b", "passed" if i % 3 else "failed"))])
                for i in range(7)]
    later = a_class_learners()                 # a learner merged in later, graded on ex02 only
    later.append(LearnerResult("eve", [ex("ex02_b", chk("first"), chk("second", mx=2.0))]))
    hidden = [LearnerResult("ann", [ex("ex01_a", chk("open"), chk("held", "failed", hidden=True)),
                                    ex("ex02_b", chk("first", "missing"), file=None)]),
              LearnerResult("bob", [ex("ex01_a", chk("open"), chk("held", hidden=True)),
                                    ex("ex02_b", chk("first"))])]
    no_checks = [LearnerResult("ann", [ex("ex01_a", chk("shape")), ex("ex02_b")]),
                 LearnerResult("bob", [ex("ex01_a", chk("shape", "failed")), ex("ex02_b")])]
    return {"four learners": a_class_learners(), "thirds and halves": thirds,
            "sevenths": sevenths, "a learner without one exercise": later,
            "hidden checks and a missing file": hidden, "a record without checks": no_checks,
            "no learners": []}


@pytest.mark.parametrize("learners", _statistics_cases().values(), ids=_statistics_cases())
def test_class_report_agrees_with_statistics(learners):
    """Does the class report, computed without pandas, give exactly the numbers that
    `gradebook.statistics` writes into results.json: rounding, learners without an exercise,
    missing files, hidden checks and an empty class included?"""
    results = klass(*learners)
    agrees_with_statistics(html_report.class_report(results), results["statistics"])


# ----------------------------------------------------------------------------- one learner
def test_hidden_checks_are_kept_from_the_learner_but_counted_for_the_class():
    """Does a hidden check show neither its verdict, points nor message to the learner (as in
    the text feedback), while the class report counts it?"""
    secret = "SECRET verdict text"
    lr = LearnerResult("ann", [ex("ex01_a", chk("open", mx=2.0),
                                  chk("held_back", "failed", mx=3.0, message=secret, hidden=True,
                                      evidence={"losses": {"learner": [1, 2], "reference": [1]}}))])
    results = klass(lr)
    page = html_report.learner_feedback(results["learners"][0], results)
    assert secret not in page and "held_back" not in page and "data-evidence" not in page
    assert "<svg" not in page                               # nor its curves
    [total] = having(page, "learner-total")
    assert [total[f"data-{k}"] for k in ("learner-total", "learner-max", "hidden-max")] == [
        "2", "2", "3"]
    assert "hidden checks worth 3 more" in page and "shown when grades are released" in page
    assert list(by(page, "check")) == ["ex01_a/open"]
    section = by(page, "exercise")["ex01_a"]
    assert (section["data-score"], section["data-max-score"]) == ("2", "2")
    klass_page = html_report.class_report(results)
    held = by(klass_page, "check")["ex01_a/held_back"]
    assert (held["data-passed"], held["data-graded"], held["data-hidden"]) == ("0", "1", "true")
    [row] = having(klass_page, "learner-total")           # the class total counts it
    assert (row["data-learner-total"], row["data-learner-max"]) == ("2", "5")


def test_learner_page_shows_every_visible_check_message_hint_and_note():
    lr = LearnerResult("bob", [ex("ex01_a", chk("shape"),
                                  chk("values", "failed", message="Off by one.", hint="Count."),
                                  chk("again", "failed", message="Off by one.", hint="Count."),
                                  notes=["A warning was raised."])])
    results = klass(lr)
    page = html_report.learner_feedback(results["learners"][0], results)
    checks = by(page, "check")
    assert [(k, a["data-outcome"], a["data-points"]) for k, a in checks.items()] == [
        ("ex01_a/shape", "passed", "1"), ("ex01_a/values", "failed", "0"),
        ("ex01_a/again", "failed", "0")]
    assert page.count("Off by one.") == 1 and "same as above" in page    # said once, as in text
    assert "Hint: Count." in page and "A warning was raised." in page


def test_late_marker_only_where_results_say_so():
    results = a_class()
    ann = results["learners"][0]
    ann["exercises"][0].update(late=True, submitted="2024-05-01T10:00")
    page = html_report.learner_feedback(ann, results)
    sections = by(page, "exercise")
    assert sections["ex01_a"]["data-late"] == "true" and sections["ex02_b"]["data-late"] == "false"
    assert "class=late>late<" in page and "submitted 2024-05-01T10:00" in page
    assert by(html_report.class_report(results), "learner")["ann"]["data-late"] == "1"
    bob = results["learners"][1]
    assert "class=late" not in html_report.learner_feedback(bob, results)


# ----------------------------------------------------------------------------- untrusted text
def test_learner_text_is_inert():
    """Do a hostile learner name, file name, message, hint, note and evidence name stay text:
    no script, no injected element or attribute, no bidi override, no lone surrogate, and the
    curve still well-formed XML (U+FFFF included)?"""
    curve = {HOSTILE + "\uffff": {"learner": [1, 2], "reference": [2, 1]}}
    lr = LearnerResult(HOSTILE, [ex("ex01_a", chk("values", "failed", message=HOSTILE,
                                                  hint=HOSTILE, evidence=curve),
                                    file=HOSTILE, notes=[HOSTILE])],
                       unmatched=[HOSTILE])
    # An undecodable folder name reaches us as a surrogate escape: its page is still linked.
    undecodable = LearnerResult("b\udcff<b>", [ex("ex01_a", chk("values"))])
    results = klass(lr, undecodable)
    for page in (html_report.class_report(results),
                 html_report.learner_feedback(results["learners"][0], results)):
        page.encode("utf-8")                                  # no lone surrogate left
        assert "<script" not in page and "<img src=x" not in page
        assert "\u202e" not in page and "\\u202e" in page      # the name shows its escape
        for tag, attrs in elements(page):
            assert tag not in ("script", "iframe", "object", "embed", "base", "link")
            assert not any(k.startswith("on") for k in attrs), (tag, attrs)
            if tag == "img":
                assert attrs["src"].startswith("data:image/png;base64,")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror" in page
    [curve] = svgs(html_report.learner_feedback(results["learners"][0], results))
    assert "<script>alert(1)</script>" in curve.find("title").text     # as text, inert
    # Every learner's page is written (`slug` names any name), so each is linked, inertly.
    links = [a["href"] for t, a in elements(html_report.class_report(results)) if t == "a"]
    assert len(links) == 2 and all(re.fullmatch(r"feedback/[\w-]+\.html", h) for h in links)
    assert links[1].startswith("feedback/b_")


def test_pages_are_self_contained():
    """Does every page carry the CSP and fetch nothing: no script, no external URL (the
    curves' SVG included)?"""
    lr = LearnerResult("ann", [ex("ex09_training_loop", chk("losses_match", evidence={
        "losses": {"learner": [3.0, 2.0], "reference": [3.0, 1.5]}}))])
    results = klass(lr, *a_class_learners())
    learner_page = html_report.learner_feedback(results["learners"][0], results)
    assert len(svgs(learner_page)) == 1
    for page in (html_report.class_report(results), learner_page):
        csp = [a for t, a in elements(page) if a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in \
            csp[0]["content"]
        assert "<script" not in page and "http:" not in page and "https:" not in page


# ----------------------------------------------------------------------------- plots
BAD = {"learner": [2.0, None, float("nan"), "text", True, 10**400, 1e308, [1], float("inf"),
                   0.5, 0.25, float("-inf")],
       "reference": [2.0, 1.0]}
LONG = [1 / (1 + i) for i in range(120)]
LONG[60] = None                                     # a gap...
LONG[62] = "x"                                      # ... and a value standing alone between two


def test_curves_survive_bad_evidence():
    """Is each list-of-numbers evidence pair drawn as a well-formed, inert SVG despite None,
    NaN, infinities, text, bools, nested lists, huge and unequal-length values, a flat series,
    a single value and a long one, and is evidence with no number left out?"""
    lr = LearnerResult("ann", [ex("ex09_training_loop", chk("losses_match", "failed", evidence={
        "losses": BAD, "words": {"learner": ["a"], "reference": None}, "scalar": 3.0,
        "flat": {"learner": 4.0, "reference": 4.0}, "only_reference": {"reference": [1, 2]},
        "nested": {"learner": [[1.0], [2.0]], "reference": [True, False]},
        "level": {"learner": [4.0, 4.0, 4.0], "reference": [4.0]}, "one": {"learner": [7]},
        "zero": {"learner": [0.0, 0.0]}, "nearly_level": {"learner": [1.0, 1.0 + 1e-7, 1.0]},
        "extremes": {"learner": [-1e149, 1e149], "reference": [1e-300, 0]},
        "long": {"learner": LONG, "reference": [1 / (1 + i) for i in range(120)]}}))])
    results = klass(lr)
    page = html_report.learner_feedback(results["learners"][0], results)
    curves = ["losses", "only_reference", "level", "one", "zero", "nearly_level", "extremes",
              "long"]
    assert list(by(page, "evidence")) == [f"ex09_training_loop/losses_match/{k}" for k in curves]
    drawn = dict(zip(curves, svgs(page)))
    assert len(drawn) == len(curves) and not images(page)
    # (polylines, dots): a polyline per unbroken run of two or more; short series: a dot per
    # value; long ones: a dot only for a value standing alone.
    assert {k: series(svg) for k, svg in drawn.items()} == {
        "losses": {"reference": (1, 2), "learner": (1, 3)},        # 2.0 | 0.5, 0.25
        "only_reference": {"reference": (1, 2)},
        "level": {"reference": (0, 1), "learner": (1, 3)},
        "one": {"learner": (0, 1)}, "zero": {"learner": (1, 2)},
        "nearly_level": {"learner": (1, 3)},
        "extremes": {"reference": (1, 2), "learner": (1, 2)},
        "long": {"reference": (1, 0), "learner": (2, 1)}}
    for k, svg in drawn.items():
        labels = ticks(svg, "y")
        assert 3 <= len(labels) <= 5 and len(set(labels)) == len(labels), (k, labels)
        assert all(math.isfinite(float(t)) for t in labels), (k, labels)
    assert ticks(drawn["level"], "x") == ["1", "2", "3"]                      # every epoch
    assert ticks(drawn["losses"], "x") == ["1", *map(str, range(2, 13, 2))]   # thinned: 12
    assert ticks(drawn["long"], "x") == ["1", *map(str, range(20, 121, 20))]  # and 120
    assert ticks(drawn["one"], "x") == ["1"]
    assert ticks(drawn["level"], "y")[len(ticks(drawn["level"], "y")) // 2] == "4"
    assert [t.text for t in drawn["losses"].iter("text")][-2:] == ["reference", "your code"]
    assert ">–<" in page and ">0.25<" in page                  # the values table, gaps as –
    assert html_report.NO_PLOTS not in page


def test_a_curve_stays_small_however_long_its_evidence():
    """Is a learner page's curve bounded by the plot's width, not by the evidence's length, so a
    class of hundreds gets light pages even for the longest series a check may record, and does
    thinning such a series keep its extremes? (What a curve costs in time, next to a matplotlib
    PNG, is measured by bench/bench_report.py, not asserted here.)"""
    short = [2.0 / (i + 1) for i in range(20)]
    longest = [1 / (1 + i) for i in range(EVIDENCE_VALUES)]
    longest[2999] = 2.0                                           # a one-value spike
    cases = {"short": (short, short[::-1]), "long": (LONG, [1 / (1 + i) for i in range(120)]),
             "longest": (longest, longest[::-1])}
    width = html_report.RIGHT - html_report.LEFT
    for name, (mine, ref) in cases.items():
        page = html_report._curves("ex09/c", "losses", mine, ref, "your code")
        [svg] = svgs(page)
        for series in ("learner", "reference"):
            [g] = [g for g in svg.iter("g") if g.get("data-series") == series]
            points = sum(len(line.get("points").split()) for line in g.iter("polyline"))
            dots = len(list(g.iter("circle")))
            assert 0 < points <= 2 * width + 2, (name, series, points)
            assert dots <= html_report.MARKERS, (name, series, dots)
        assert page.count("<tr>") <= html_report.VALUE_ROWS + 1, name   # + the header
        assert len(page) < 32_000, (name, len(page))
    [svg] = svgs(page)
    [line] = [g for g in svg.iter("g") if g.get("data-series") == "learner"][0].iter("polyline")
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    xs = [x for x, _ in points]
    assert len(xs) <= 2 * (html_report.RIGHT - html_report.LEFT) + 2 and xs == sorted(xs)
    assert min(y for _, y in points) == html_report.TOP                # the spike, at 2.0


def test_class_report_draws_the_histogram():
    pytest.importorskip("matplotlib")
    pngs = images(html_report.class_report(a_class()))
    assert len(pngs) == 1 and png_size(pngs[0])[1] > 200


def test_without_matplotlib_the_tables_remain(monkeypatch):
    """Where matplotlib is missing (the GPU image), does the class report still give every
    number, with a line saying its histogram needs matplotlib, and does a learner page, which
    needs no matplotlib, draw its curves as usual?"""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    lr = LearnerResult("ann", [ex("ex09_training_loop", chk("losses_match", evidence={
        "losses": {"learner": [3.0, 2.0], "reference": [3.0, 1.5]}}))])
    results = klass(lr)
    page = html_report.class_report(results)
    assert html_report.NO_PLOTS in page and not images(page)
    assert sum(int(a["data-count"]) for a in having(page, "bin-low")) == 1
    feedback = html_report.learner_feedback(results["learners"][0], results)
    assert html_report.NO_PLOTS not in feedback and not images(feedback)
    assert "ex09_training_loop/losses_match/losses" in by(feedback, "evidence")
    [curve] = svgs(feedback)
    assert series(curve) == {"reference": (1, 2), "learner": (1, 2)}
    assert ">1.5<" in feedback                         # the values, in a table
    assert by(html_report.class_report(results), "exercise")["ex09_training_loop"]


# ----------------------------------------------------------------------------- in a browser
def _browser() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("TORCHGRADE_REQUIRE_BROWSER") == "1":
            pytest.fail("TORCHGRADE_REQUIRE_BROWSER=1 but no chromium on PATH", pytrace=False)
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return exe


def _chromium(exe: str, tmp_path, *args: str) -> str:
    proc = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.slow
def test_real_class_run_in_a_browser(tmp_path):
    """Does Chromium, reading the pages made from a real `grade class` run, show the class
    report's histogram as a valid PNG and the learner's curves as SVG, with the numbers that
    results.json gives: computed here independently, and equal to its statistics?"""
    exe = _browser()
    pytest.importorskip("matplotlib")
    out = tmp_path / "grades"
    proc = subprocess.run([sys.executable, "-m", "graders", "class",
                           str(ROOT / "examples" / "sample_class"), "--out", str(out),
                           "-e", "ex04", "-e", "ex09", "--seed", "5", "--jobs", "2"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    results = json.loads((out / "results.json").read_text())
    learners = results["learners"]
    learner = next(lr for lr in learners if any(
        c["evidence"] and c["outcome"] != "passed" for e in lr["exercises"] for c in e["checks"]))
    pages = {"report.html": html_report.class_report(results),
             "learner.html": html_report.learner_feedback(learner, results)}
    dom, shots = {}, {}
    for name, page in pages.items():
        (tmp_path / name).write_text(page, encoding="utf-8")
        url = (tmp_path / name).as_uri()
        dom[name] = _chromium(exe, tmp_path, "--dump-dom", url)
        shots[name] = shot = tmp_path / f"{name}.png"
        _chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
        width, height = png_size(shot.read_bytes())        # more on a high-DPI setting
        assert width >= 1280 and height >= 2000

    # The class report, against numbers computed here from results.json.
    page = dom["report.html"]
    assert len(images(page)) == 1 and png_size(images(page)[0])[0] > 300
    rows = by(page, "exercise")
    for e in results["exercises"]:
        full = sum(1 for lr in learners for x in lr["exercises"]
                   if x["exercise"] == e["name"] and x["score"] == x["max_score"] > 0)
        assert int(rows[e["name"]]["data-passed"]) == full
        assert float(rows[e["name"]]["data-pass-rate"]) == pytest.approx(full / len(learners))
    checks = by(page, "check")
    for x in learners[0]["exercises"]:
        for c in x["checks"]:
            outcomes = [cc["outcome"] for lr in learners for xx in lr["exercises"]
                        for cc in xx["checks"]
                        if (xx["exercise"], cc["name"]) == (x["exercise"], c["name"])]
            row = checks[f"{x['exercise']}/{c['name']}"]
            assert int(row["data-passed"]) == outcomes.count("passed")
            assert int(row["data-graded"]) == len(outcomes)
            assert int(row["data-missing"]) == outcomes.count("missing")
            assert float(row["data-pass-rate"]) == pytest.approx(
                outcomes.count("passed") / len(outcomes), abs=1e-6)
    assert float(by(page, "stat")["mean-total"]["data-value"]) == pytest.approx(
        sum(lr["score"] for lr in learners) / len(learners))
    totals = {a["data-learner"]: float(a["data-learner-total"])
              for a in having(page, "learner-total")}
    assert totals == {lr["learner"]: lr["score"] for lr in learners}

    agrees_with_statistics(page, results["statistics"])

    # The learner's page: a curve per loss evidence, the total (no hidden checks here).
    page = dom["learner.html"]
    evidence = [(f"{e['exercise']}/{c['name']}/{k}", v) for e in learner["exercises"]
                for c in e["checks"] for k, v in c["evidence"].items()]
    assert [k for k, _ in evidence] == list(by(page, "evidence")) and not images(page)
    drawn = svgs(page)              # as Chromium parsed them: each curve with its lines
    assert len(drawn) == len(evidence)
    for svg, (key, v) in zip(drawn, evidence):
        numbers = {s for s in ("learner", "reference")
                   if any(isinstance(y, float) and math.isfinite(y) for y in v.get(s) or [])}
        assert set(series(svg)) == numbers and all(sum(n) for n in series(svg).values()), key
    # ... and painted: the learner's blue (no other element of this page is that colour).
    from matplotlib.image import imread
    rgb = imread(shots["learner.html"])[..., :3] * 255
    blue = (abs(rgb - (0x4A, 0x7B, 0xD0)).max(axis=-1) < 12).sum()
    assert blue > 200, f"{blue} pixels of the learner's curve in the screenshot"
    [total] = having(page, "learner-total")
    assert float(total["data-learner-total"]) == learner["score"]
