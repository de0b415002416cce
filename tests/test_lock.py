"""The install is the lock: every package pinned with hashes, and a pyproject.toml that
drifts from uv.lock fails (make test runs the same check first)."""

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"


@pytest.fixture
def uv():
    if not UV.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("uv is missing: make installs it into .tools/ before the tests")
        pytest.skip("uv is not installed here (make test installs it)")
    return UV


def _lock_check(uv, project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_CACHE_DIR": str(project / "cache")}
    return subprocess.run(  # noqa: S603 (our pinned uv, fixed arguments)
        [str(uv), "lock", "--check", "--offline", "--project", str(project)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_lock_matches_pyproject(uv, tmp_path):
    result = _lock_check(uv, _copy(tmp_path))

    assert result.returncode == 0, result.stderr


def test_a_dependency_added_without_relocking_fails_the_check(uv, tmp_path):
    project = _copy(tmp_path)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "dependencies = [\n", 'dependencies = [\n    "six>=1.16",\n', 1
        )
    )

    result = _lock_check(uv, project)

    assert result.returncode != 0


def test_every_locked_package_is_pinned_with_hashes():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    from_registry = [p for p in lock["package"] if "registry" in p.get("source", {})]

    unhashed = [
        p["name"]
        for p in from_registry
        if not p.get("version")
        or not all(d.get("hash", "").startswith("sha256:") for d in _distributions(p))
        or not _distributions(p)
    ]
    assert (len(from_registry) > 30, unhashed) == (True, [])


def _distributions(package: dict) -> list[dict]:
    return ([package["sdist"]] if "sdist" in package else []) + package.get("wheels", [])
