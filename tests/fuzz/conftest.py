import io
import os
import sys
import urllib.error
import urllib.request

import pytest

UNREACHABLE = "unix:///nonexistent/x.sock"


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory):
    """An environment whose runtime does not exist and whose docker config is private."""
    home = tmp_path_factory.mktemp("fuzz-home")
    env = {key: os.environ[key] for key in ("PATH", "LANG", "TZ") if key in os.environ}
    env.update({"CONTAINER_RUNTIME_ENDPOINT": UNREACHABLE, "IMAGE_SERVICE_ENDPOINT": UNREACHABLE,
                "DOCKER_CONFIG": str(home / "docker"), "HOME": str(home),
                "CRI_CONFIG_FILE": str(home / "crictl.yaml")})
    return env


@pytest.fixture(scope="module", autouse=True)
def no_network_and_no_terminal():
    """Nothing fuzzed may reach the network (login tries registries) or wait on stdin."""
    def refuse(self, *args, **kwargs):
        raise urllib.error.URLError("network disabled while fuzzing")

    saved_open, saved_stdin = urllib.request.OpenerDirector.open, sys.stdin
    saved_environ = dict(os.environ)
    urllib.request.OpenerDirector.open = refuse
    sys.stdin = io.StringIO("")
    try:
        yield
    finally:
        urllib.request.OpenerDirector.open = saved_open
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_environ)
