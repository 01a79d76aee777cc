"""login, pull, logout against a registry that demands credentials (htpasswd).

The testbed's containerd reaches the second registry over plain HTTP through a
hosts.toml the fixture writes (and removes). Every output is checked for the
password.
"""

import base64
import json
import os
import secrets
import stat
import textwrap

import pytest

from tests.e2e.auth_registry import AuthRegistry, FixtureError, build_image, run_with_stdin

PRIVATE_REPO = "library/dcri-private-" + secrets.token_hex(4)


@pytest.fixture(scope="module")
def private(testbed, cri, tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("auth-registry"))
    registry = AuthRegistry(testbed, directory)
    try:
        registry.start()
    except FixtureError as error:
        pytest.skip(str(error))
    try:
        archive, image_id = build_image(testbed, directory, PRIVATE_REPO.split("/")[1])
        registry.ref = registry.push(archive, PRIVATE_REPO, "1")
        registry.image_id = image_id
        _forget(cri, image_id)
        yield registry
        _forget(cri, image_id)
    finally:
        registry.stop()


def _forget(cri, image_id):
    for img in cri.call("ImageService.ListImages", {}).images:
        if img.id == image_id:
            cri.call("ImageService.RemoveImage", {"image": {"image": img.id}})


@pytest.fixture
def docker(runtime_env, tmp_path, monkeypatch, private):
    folder = str(tmp_path / "docker-config")
    monkeypatch.setenv("DOCKER_CONFIG", folder)  # explain plans from the process environment
    environ = dict(runtime_env, DOCKER_CONFIG=folder)
    outputs = []

    def call(*argv, stdin="", env=None):
        result = run_with_stdin(argv, env or environ, stdin)
        outputs.append((argv, result))
        return result
    call.folder = folder
    call.environ = environ
    call.path = os.path.join(folder, "config.json")
    yield call
    for argv, result in outputs:
        out = result.out
        if argv[0] == "explain":  # its first line echoes the command line as typed
            out = out.split("\n", 1)[1]
        assert private.password not in out, (argv, result)
        assert private.password not in result.err, (argv, result)


def test_login_pull_logout(docker, private, cri):
    denied = docker("pull", private.ref)
    assert denied.code == 1
    assert denied.out == ""
    assert denied.err.startswith("Error response from daemon: ")
    assert "401 Unauthorized" in denied.err

    wrong = docker("login", "-u", private.user, "--password-stdin", private.host,
                   stdin="not-the-password\n")
    assert wrong.code == 1
    assert wrong.err == ("Error response from daemon: login attempt to http://%s/v2/ failed with "
                         "status: 401 Unauthorized\n" % private.host)
    assert not os.path.exists(docker.path)

    login = docker("login", "-u", private.user, "--password-stdin", private.host,
                   stdin=private.password + "\n")
    assert login.code == 0, login
    assert login.out == "Login Succeeded\n"
    assert "WARNING! Your password will be stored unencrypted in %s." % docker.path in login.err
    assert stat.S_IMODE(os.stat(docker.path).st_mode) == 0o600
    with open(docker.path) as handle:
        auths = json.load(handle)["auths"]
    assert auths == {private.host: {"auth": base64.b64encode(
        private.creds.encode()).decode()}}

    explained = docker("explain", "pull", private.ref)
    assert "(user %s; the password is sent, never shown)" % private.user in explained.out
    assert private.password not in explained.out

    pulled = docker("pull", private.ref)
    assert pulled.code == 0, pulled
    assert pulled.out.splitlines()[0] == "1: Pulling from " + PRIVATE_REPO
    assert pulled.out.splitlines()[-2:] == ["Status: Downloaded newer image for " + private.ref,
                                            private.ref]
    debug = docker("--debug", "pull", private.ref)
    assert "Status: Image is up to date for " + private.ref in debug.out

    logout = docker("logout", private.host)
    assert (logout.code, logout.out) == (0, "Removing login credentials for %s\n" % private.host)
    with open(docker.path) as handle:
        assert json.load(handle)["auths"] == {}
    assert docker("logout", private.host).out == "Not logged in to %s\n" % private.host

    removed = docker("rmi", private.ref)
    assert removed.code == 0, removed
    again = docker("pull", private.ref)
    assert again.code == 1 and "401 Unauthorized" in again.err


def test_password_flag_warns_and_a_creds_store_keeps_the_secret(docker, private, cri, tmp_path):
    helper_dir = tmp_path / "bin"
    helper_dir.mkdir()
    store = tmp_path / "helper.json"
    helper = helper_dir / "docker-credential-dcritest"
    helper.write_text(textwrap.dedent("""\
        #!/bin/sh
        case "$1" in
          store) cat > %(store)s ;;
          get) if [ -s %(store)s ]; then cat %(store)s; else
               echo 'credentials not found in native keychain'; exit 1; fi ;;
          erase) rm -f %(store)s ;;
        esac
        """ % {"store": store}))
    helper.chmod(0o755)
    os.makedirs(docker.folder)
    with open(docker.path, "w") as handle:
        json.dump({"credsStore": "dcritest"}, handle)
    environ = dict(docker.environ, PATH="%s:%s" % (helper_dir, docker.environ["PATH"]))

    login = docker("login", "-u", private.user, "-p", private.password, private.host,
                   env=environ)
    assert login.code == 0, login
    assert login.err == "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
    assert login.out == "Login Succeeded\n"
    text = open(docker.path).read()
    assert private.password not in text
    assert json.loads(text)["auths"] == {private.host: {}}
    assert json.loads(store.read_text())["Secret"] == private.password

    pulled = docker("pull", "-q", private.ref, env=environ)
    assert (pulled.code, pulled.out) == (0, private.ref + "\n")
    _forget(cri, private.image_id)

    logout = docker("logout", private.host, env=environ)
    assert logout.out == "Removing login credentials for %s\n" % private.host
    assert not store.exists()
