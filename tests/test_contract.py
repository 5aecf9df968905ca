"""One contract over every exercise: the three places, the reference, the stub, and every
known-wrong and alternative-correct version kept in tests/mistakes and tests/variants."""
from __future__ import annotations

import pytest
from conftest import DEVICE, ROOT, TESTS, expectations

from graders.core.course import builtin
from graders.core.outcomes import Outcome

NAMES = builtin().names()


def _files(kind: str):
    return [pytest.param(name, path, id=f"{name}/{path.stem}")
            for name in NAMES for path in sorted((TESTS / kind / name).glob("*.py"))]


@pytest.mark.parametrize("name", NAMES)
def test_three_places_share_one_name(name):
    """Does every suite have a stub and a reference with its name, and at least one check?"""
    s = builtin().load(name)
    assert s.stub_path == ROOT / "exercises" / f"{name}.py" and s.stub_path.exists()
    assert s.solution_path == ROOT / "solutions" / f"{name}.py" and s.solution_path.exists()
    assert s.checks and all(c.points > 0 and c.hint for c in s.checks)


def test_readme_course_table_is_true():
    """Does the README's course table list every exercise, with its title and points?"""
    rows = [line.split("|")[1:4] for line in (ROOT / "README.md").read_text().splitlines()
            if line.startswith("| `ex")]
    table = {name.strip(" `"): (title.strip(), int(points)) for name, title, points in rows}
    course = builtin()
    assert table == {n: (course.load(n).title, course.load(n).max_score) for n in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_enough_known_mistakes_and_variants(name):
    """Does every exercise carry at least 6 known mistakes and 3 alternative solutions?"""
    assert len(list((TESTS / "mistakes" / name).glob("*.py"))) >= 6
    assert len(list((TESTS / "variants" / name).glob("*.py"))) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_reference_gets_full_marks(grader, name):
    """Does the reference solution pass every check?"""
    r = grader.grade(builtin().load(name).solution_path, name)
    assert r.full_marks, [(c.name, c.message) for c in r.checks if not c.passed]


@pytest.mark.parametrize("name", NAMES)
def test_untouched_stub_is_not_attempted(grader, name):
    """Does an untouched stub read 'not attempted' on every check, naming its function?"""
    r = grader.grade(builtin().load(name).stub_path, name)
    assert r.score == 0
    for c in r.checks:
        assert c.outcome is Outcome.NOT_ATTEMPTED, (c.name, c.outcome, c.message)
        assert "Not attempted yet" in c.message and "Traceback" not in c.message


@pytest.mark.parametrize("name,path", _files("variants"))
def test_alternative_solution_gets_full_marks(grader, name, path):
    """Does this other correct way of writing the exercise get full marks?"""
    r = grader.grade(path, name)
    assert r.full_marks, [(c.name, c.message) for c in r.checks if not c.passed]


@pytest.mark.parametrize("name,path", _files("mistakes"))
def test_known_mistake_is_caught_by_its_check(grader, name, path):
    """Does this known mistake lose the points of the check that targets it, with a message
    that names the mistake?"""
    exp = expectations(path)
    assert exp["expect"], f"{path} has no '# expect: CHECK: PHRASE' header"
    if exp["device"] and exp["device"] != DEVICE.split(":")[0]:
        pytest.skip(f"this mistake shows only on {exp['device']}")
    r = grader.grade(path, name)
    by_name = {c.name: c for c in r.checks}
    for check, phrase in exp["expect"]:
        c = by_name[check]
        assert not c.passed and c.points == 0, f"{check} passed"
        assert phrase in c.message + " " + c.hint, (check, c.outcome, c.message, c.hint)
    for phrase in exp["note"]:
        assert any(phrase in n for n in r.notes), r.notes
