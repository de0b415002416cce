"""A deploy never serves markup cached by the release before it."""

import copy

import pytest
from django.conf import settings
from django.core.cache import caches

from core.release import release_digest, release_id
from tests.factories import TopicFactory


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


def test_fragment_keys_start_with_the_release():
    assert caches["local"].make_key("topic_body").startswith(f"wc-{settings.RELEASE}:")


@pytest.mark.django_db
def test_a_new_release_does_not_serve_the_pages_cached_by_the_old_one(client, settings):
    url = TopicFactory().get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    # The next release's settings: the same caches, under its own prefix.
    caches_next = copy.deepcopy(settings.CACHES)
    caches_next["local"]["KEY_PREFIX"] = "wc-next-release"
    settings.CACHES = caches_next

    assert client.get(url)["X-Page-Cache"] == "miss"
