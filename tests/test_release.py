"""A deploy never serves markup cached by the release before it."""

from django.conf import settings
from django.core.cache import caches

from webcastory.release import release_digest, release_id


def _project(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<h1>Old</h1>")
    (tmp_path / "app.py").write_text("X = 1")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text("def test(): pass")
    return tmp_path


def test_a_changed_template_is_a_new_release(tmp_path):
    project = _project(tmp_path)
    before = release_digest(project)

    (project / "templates" / "page.html").write_text("<h1>New</h1>")

    assert release_digest(project) != before


def test_tests_and_unrelated_files_are_not_part_of_the_release(tmp_path):
    project = _project(tmp_path)
    before = release_digest(project)

    (project / "tests" / "test_app.py").write_text("def test(): assert True")
    (project / "notes.md").write_text("draft")

    assert release_digest(project) == before


def test_release_named_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("RELEASE", "v2026.12.1")

    assert release_id(_project(tmp_path)) == "v2026.12.1"


def test_every_cache_key_starts_with_the_release():
    for alias in ("default", "local"):
        key = caches[alias].make_key("pages:version")
        assert key.startswith(f"wc-{settings.RELEASE}:")
