"""The wheel carries the mapping table (top-level mapping/ in the checkout) and leaves the
test runtime (dockercri/testbed) out; the checkout finds the table where it is."""

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

SOURCES = ("setup.py", "setup.cfg", "pyproject.toml", "README.md", "dockercri", "mapping")
TABLE_FILES = sorted(name for name in os.listdir(os.path.join(ROOT, "mapping"))
                     if name.endswith(".toml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Built offline from a copy of the sources, so the checkout gets no build/ or egg-info."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        path = os.path.join(ROOT, name)
        if os.path.isdir(path):
            shutil.copytree(path, str(source / name),
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(path, str(source / name))
    out = base / "out"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "--no-build-isolation", "--no-index", "-w", str(out), str(source)],
                          capture_output=True, text=True, cwd=str(base))
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("dockercri-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(str(wheel)) as archive:
        archive.extractall(str(site))
    return site


def _run(site, *args):
    """Python with `site` (the unpacked wheel, or the checkout) first on sys.path, run
    from a directory of its own."""
    env = dict(os.environ, PYTHONPATH=str(site), HOME="/nonexistent",
               CONTAINER_RUNTIME_ENDPOINT="unix:///nonexistent/dockercri-test.sock")
    return subprocess.run([sys.executable] + list(args), capture_output=True, text=True,
                          cwd="/", env=env)


def test_the_wheel_holds_the_table_and_not_the_testbed(wheel):
    with zipfile.ZipFile(str(wheel)) as archive:
        names = archive.namelist()
    assert sorted(os.path.basename(name) for name in names
                  if name.startswith("dockercri/mapping/table/")) == TABLE_FILES
    assert [name for name in names if "testbed" in name] == []
    assert "dockercri/mapping/__init__.py" in names
    assert "dockercri/mapping/transforms/__init__.py" in names


def test_the_installed_package_reads_its_own_table(unpacked):
    done = _run(unpacked, "-c", "import dockercri.mapping as m; print(m._DIR)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == os.path.join(str(unpacked), "dockercri", "mapping", "table")


def test_the_installed_package_explains_and_helps(unpacked):
    explain = _run(unpacked, "-m", "dockercri", "explain", "run", "-d", "busybox")
    assert explain.returncode == 0, explain.stderr
    assert "crictl run container-config.json pod-config.json" in explain.stdout
    assert "--detach  [emulated]" in explain.stdout
    usage = _run(unpacked, "-m", "dockercri", "--help")
    assert usage.returncode == 0, usage.stderr
    assert "Usage:" in usage.stdout and "  run " in usage.stdout
    run_help = _run(unpacked, "-m", "dockercri", "run", "--help")
    assert run_help.returncode == 0 and "--restart string" in run_help.stdout


def test_the_installed_package_has_no_testbed(unpacked):
    done = _run(unpacked, "-m", "dockercri.testbed", "--help")
    assert done.returncode != 0 and "No module named dockercri.testbed" in done.stderr


def test_the_checkout_reads_the_top_level_table_and_keeps_the_testbed(tmp_path):
    """The dev install (setuptools' compat editable mode) is a plain path entry to the
    checkout: the same as PYTHONPATH=checkout here."""
    from dockercri import mapping
    assert mapping._DIR == os.path.join(ROOT, "mapping")
    explain = _run(ROOT, "-m", "dockercri", "explain", "run", "-d", "busybox")
    assert explain.returncode == 0, explain.stderr
    assert "--detach  [emulated]" in explain.stdout
    done = _run(ROOT, "-m", "dockercri.testbed", "--help")
    assert done.returncode == 0, done.stderr
