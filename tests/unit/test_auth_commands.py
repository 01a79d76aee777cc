"""login and logout through the command line, against a fake registry; no runtime needed.

Every output of every command here is checked for the password.
"""

import base64
import io
import json
import os
import stat

import pytest

from tests.conftest import Result
from tests.unit.test_auth import FakeRegistry

SECRET = FakeRegistry.PASSWORD


class _Text(io.StringIO):
    def isatty(self):
        return False


def run(argv, environ, stdin=""):
    from dockercri.cli.main import raw_main
    from dockercri.env import Environment

    out, err = _Text(), _Text()
    env = Environment(stdout=out, stderr=err, stdin=_Text(stdin), environ=dict(environ),
                      prog="docker")
    code = raw_main(list(argv), env)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def registry():
    server = FakeRegistry().start()
    yield server
    server.stop()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Runs dockercri with DOCKER_CONFIG in a temporary folder; remembers every output."""
    folder = str(tmp_path / "docker-config")
    monkeypatch.setenv("DOCKER_CONFIG", folder)  # explain reads the process environment
    environ = dict(os.environ, DOCKER_CONFIG=folder)
    outputs = []

    def call(*argv, stdin=""):
        result = run(argv, environ, stdin)
        outputs.append(result)
        return result
    call.folder = folder
    call.path = os.path.join(folder, "config.json")
    call.outputs = outputs
    yield call
    for result in outputs:
        assert SECRET not in _beyond_echo(result.out) and SECRET not in result.err, result


def _beyond_echo(text):
    """explain's first line repeats the command line as typed (cli/explain.py);
    that echo is checked by test_explain_echo_hides_the_password."""
    return text.split("\n", 1)[1] if text.startswith("$ docker ") else text


def _auths(path):
    with open(path) as handle:
        return json.load(handle).get("auths", {})


def test_login_password_stdin_verifies_then_stores(cli, registry):
    result = cli("login", "-u", "alice", "--password-stdin", registry.host, stdin=SECRET + "\n")
    assert result.code == 0, result
    assert result.out == "Login Succeeded\n"
    assert result.err == (
        "WARNING! Your password will be stored unencrypted in %s.\n"
        "Configure a credential helper to remove this warning. See\n"
        "https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n"
        % cli.path)
    assert stat.S_IMODE(os.stat(cli.path).st_mode) == 0o600
    expected = base64.b64encode(("alice:" + SECRET).encode()).decode()
    assert _auths(cli.path) == {registry.host: {"auth": expected}}
    # the registry saw a request with the credentials: they were checked before storing
    assert any(value.startswith("Basic ") for value in registry.seen_authorization)


def test_login_wrong_password_stores_nothing(cli, registry):
    result = cli("login", "-u", "alice", "--password-stdin", registry.host, stdin="nope\n")
    assert result.code == 1
    assert result.out == ""
    assert result.err == ("Error response from daemon: login attempt to http://%s/v2/ failed "
                          "with status: 401 Unauthorized\n" % registry.host)
    assert not os.path.exists(cli.path)


def test_login_with_password_flag_warns(cli, registry):
    result = cli("login", "-u", "alice", "-p", SECRET, registry.host)
    assert result.code == 0
    assert result.err.startswith(
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    assert result.out == "Login Succeeded\n"


def test_login_bearer_registry(cli, registry):
    registry.mode = "bearer"
    result = cli("login", "--username", "alice", "--password-stdin", registry.host,
                 stdin=SECRET)
    assert result.code == 0 and result.out == "Login Succeeded\n"
    bad = cli("login", "-u", "alice", "--password-stdin", registry.host, stdin="bad")
    assert bad.code == 1
    assert bad.err == ('Error response from daemon: Get "http://%s/v2/": unauthorized: '
                       'incorrect username or password\n' % registry.host)


def test_login_identity_token_is_stored_instead_of_password(cli, registry):
    registry.mode = "bearer"
    registry.refresh_token = "refresh-abc"
    result = cli("login", "-u", "alice", "--password-stdin", registry.host, stdin=SECRET)
    assert result.code == 0
    assert "unencrypted" not in result.err  # docker warns only when a password is stored
    entry = _auths(cli.path)[registry.host]
    assert entry["identitytoken"] == "refresh-abc"
    assert SECRET not in open(cli.path).read()


@pytest.mark.parametrize("argv,stdin,message", [
    (["-u", "a", "-p", "x", "--password-stdin"], "y", "--password and --password-stdin are "
                                                      "mutually exclusive\n"),
    (["--password-stdin"], "y", "Must provide --username with --password-stdin\n"),
    (["-u", "alice"], "", "Error: Cannot perform an interactive login from a non TTY device\n"),
    ([], "", "Error: Cannot perform an interactive login from a non TTY device\n"),
])
def test_login_option_errors(cli, registry, argv, stdin, message):
    result = cli("login", *(argv + [registry.host]), stdin=stdin)
    assert result.code == 1
    assert result.err.endswith(message)
    assert not os.path.exists(cli.path)


def test_login_takes_at_most_one_server(cli):
    result = cli("login", "a", "b")
    assert result.code == 1
    assert result.err.startswith('"docker login" requires at most 1 argument.\n'
                                 "See 'docker login --help'.\n\nUsage:  docker login [OPTIONS] "
                                 "[SERVER]\n")


def test_logout(cli, registry):
    cli("login", "-u", "alice", "--password-stdin", registry.host, stdin=SECRET)
    result = cli("logout", registry.host)
    assert (result.code, result.out, result.err) == (
        0, "Removing login credentials for %s\n" % registry.host, "")
    assert _auths(cli.path) == {}
    again = cli("logout", registry.host)
    assert (again.code, again.out) == (0, "Not logged in to %s\n" % registry.host)
    hub = cli("logout")
    assert hub.out == "Not logged in to https://index.docker.io/v1/\n"


def test_existing_credentials_are_tried_first(cli, registry):
    cli("login", "-u", "alice", "--password-stdin", registry.host, stdin=SECRET)
    result = cli("login", registry.host)
    assert result.code == 0
    assert result.out == "Authenticating with existing credentials...\nLogin Succeeded\n"


def test_explain_and_debug_never_show_the_password(cli, registry):
    explained = cli("explain", "login", "-u", "alice", "-p", SECRET, registry.host)
    assert explained.code == 0
    assert "GET http://%s/v2/ as alice" % registry.host in explained.out
    cli("--debug", "login", "-u", "alice", "-p", SECRET, registry.host)
    cli("--debug", "login", "-u", "alice", "-p", "wrong-" + SECRET, registry.host)
    pulled = cli("explain", "pull", registry.host + "/library/private:1")
    assert "(user alice; the password is sent, never shown)" in pulled.out
    assert "crictl pull --creds alice:<password> " in pulled.out
    for result in cli.outputs:
        assert "wrong-" + SECRET not in result.out + result.err


def test_login_with_a_creds_store(cli, registry, tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    store = tmp_path / "store.json"
    helper = folder / "docker-credential-unit"
    helper.write_text(
        "#!/bin/sh\n"
        "case \"$1\" in\n"
        "  store) cat > %s ;;\n"
        "  get) if [ -s %s ]; then cat %s; else echo 'credentials not found in native "
        "keychain'; exit 1; fi ;;\n"
        "  erase) rm -f %s ;;\n"
        "esac\n" % (store, store, store, store))
    helper.chmod(0o755)
    os.makedirs(cli.folder, exist_ok=True)
    with open(cli.path, "w") as handle:
        json.dump({"credsStore": "unit"}, handle)
    path_env = "%s:%s" % (folder, os.environ["PATH"])
    environ = dict(os.environ, DOCKER_CONFIG=cli.folder, PATH=path_env)
    result = run(["login", "-u", "alice", "--password-stdin", registry.host], environ, SECRET)
    cli.outputs.append(result)
    assert result.code == 0 and result.out == "Login Succeeded\n"
    assert "unencrypted" not in result.err
    assert json.loads(store.read_text())["Secret"] == SECRET
    assert _auths(cli.path) == {registry.host: {}}
    logout = run(["logout", registry.host], environ)
    cli.outputs.append(logout)
    assert logout.out == "Removing login credentials for %s\n" % registry.host
    assert not store.exists()


@pytest.mark.parametrize("form", [["-p", SECRET], ["--password", SECRET],
                                  ["--password=" + SECRET], ["-p" + SECRET]])
def test_explain_echo_hides_the_password(tmp_path, form):
    result = run(["explain", "login", "-u", "alice"] + form + ["127.0.0.1:1"],
                 dict(os.environ, DOCKER_CONFIG=str(tmp_path)))
    assert result.code == 0
    assert SECRET not in result.out and SECRET not in result.err
    assert "<redacted>" in result.out
