"""docker's config.json, credential helpers and the login check, without a runtime."""

import base64
import json
import os
import socket
import stat
import sys
import textwrap
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dockercri.auth import (INDEX_SERVER, Credentials, CredentialsError, DockerConfig, hostname,
                            registry_key, server_key)
from dockercri.auth.store import Helper


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def config_dir(tmp_path):
    return str(tmp_path / "docker")


@pytest.fixture
def helper_bin(tmp_path):
    """docker-credential-fake: keeps credentials in a JSON file next to it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    store = tmp_path / "helper-store.json"
    script = folder / "docker-credential-fake"
    script.write_text(textwrap.dedent("""\
        #!%s
        import json, os, sys
        path = %r
        data = json.load(open(path)) if os.path.exists(path) else {}
        action = sys.argv[1]
        text = sys.stdin.read()
        if action == "get":
            if text not in data:
                print("credentials not found in native keychain")
                sys.exit(1)
            user, secret = data[text]
            print(json.dumps({"ServerURL": text, "Username": user, "Secret": secret}))
        elif action == "store":
            item = json.loads(text)
            data[item["ServerURL"]] = [item["Username"], item["Secret"]]
            json.dump(data, open(path, "w"))
        elif action == "erase":
            data.pop(text, None)
            json.dump(data, open(path, "w"))
        """ % (sys.executable, str(store))))
    script.chmod(0o755)
    broken = folder / "docker-credential-broken"
    broken.write_text("#!/bin/sh\necho 'keychain locked'\nexit 3\n")
    broken.chmod(0o755)
    environ = dict(os.environ, PATH="%s:%s" % (folder, os.environ.get("PATH", "")))
    return environ, store


def unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeRegistry:
    """/v2/ and a token endpoint on 127.0.0.1, as a registry answers docker's login:
    mode "basic" (htpasswd), "bearer" (token server) or "open" (no auth)."""

    USER, PASSWORD, TOKEN = "alice", "right-pw", "good-token"

    def __init__(self):
        self.mode = "basic"
        self.refresh_token = ""
        self.token_queries = []
        self.seen_authorization = []
        registry = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body=b"{}", headers=()):
                self.send_response(code)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - http.server's name
                auth = self.headers.get("Authorization", "")
                registry.seen_authorization.append(auth)
                basic_ok = auth == "Basic " + b64("%s:%s" % (registry.USER, registry.PASSWORD))
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/v2/":
                    if registry.mode == "open":
                        return self._send(200)
                    if registry.mode == "basic":
                        if basic_ok:
                            return self._send(200)
                        return self._send(401, headers=[("WWW-Authenticate",
                                                         'Basic realm="fake"')])
                    if auth == "Bearer " + registry.TOKEN:
                        return self._send(200)
                    return self._send(401, headers=[("WWW-Authenticate", (
                        'Bearer realm="http://%s/token",service="fake-registry"'
                        % registry.host))])
                if url.path == "/token":
                    registry.token_queries.append(urllib.parse.parse_qs(url.query))
                    if not basic_ok:
                        return self._send(401, json.dumps(
                            {"details": "incorrect username or password"}).encode())
                    answer = {"token": registry.TOKEN}
                    if registry.refresh_token:
                        answer["refresh_token"] = registry.refresh_token
                    return self._send(200, json.dumps(answer).encode())
                return self._send(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = "127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# -- names ---------------------------------------------------------------------
@pytest.mark.parametrize("given,key", [
    (None, INDEX_SERVER), ("docker.io", INDEX_SERVER), ("index.docker.io", INDEX_SERVER),
    ("https://index.docker.io/v1/", INDEX_SERVER), ("registry-1.docker.io", INDEX_SERVER),
    ("127.0.0.1:5001", "127.0.0.1:5001"), ("https://quay.io/", "quay.io"),
    ("http://localhost:5000/v2/", "localhost:5000"),
])
def test_login_keys_follow_docker(given, key):
    assert server_key(given) == key


def test_pull_keys_by_registry_host():
    assert registry_key("docker.io") == INDEX_SERVER
    assert registry_key("127.0.0.1:5000") == "127.0.0.1:5000"
    assert hostname("https://my.reg:443/path") == "my.reg:443"


def test_default_directory_is_docker_config_then_home(tmp_path):
    assert DockerConfig.locate({"DOCKER_CONFIG": "/x/y"}).path == "/x/y/config.json"
    env = {"HOME": str(tmp_path)}
    if "DOCKER_CONFIG" not in os.environ:
        assert DockerConfig.locate(env).path == str(tmp_path / ".docker" / "config.json")


# -- the file --------------------------------------------------------------------
def test_store_writes_base64_auth_mode_0600(config_dir):
    config = DockerConfig(config_dir, {})
    assert config.store(Credentials("127.0.0.1:5001", "alice", "s3cr3t")) is None
    path = os.path.join(config_dir, "config.json")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.load(open(path))
    assert data == {"auths": {"127.0.0.1:5001": {"auth": b64("alice:s3cr3t")}}}
    assert open(path).read().startswith("{\n\t\"auths\"")  # docker's tab indent
    got = config.get("127.0.0.1:5001")
    assert (got.username, got.password) == ("alice", "s3cr3t")
    assert config.get("other:1") is None


def test_store_keeps_other_settings_and_entries(config_dir):
    os.makedirs(config_dir)
    path = os.path.join(config_dir, "config.json")
    with open(path, "w") as handle:
        json.dump({"psFormat": "table {{.ID}}", "auths": {"quay.io": {"auth": b64("q:w")}}}, handle)
    os.chmod(path, 0o644)
    DockerConfig(config_dir, {}).store(Credentials(INDEX_SERVER, "bob", "pw"))
    data = json.load(open(path))
    assert data["psFormat"] == "table {{.ID}}"
    assert set(data["auths"]) == {"quay.io", INDEX_SERVER}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_get_matches_keys_written_with_a_scheme(config_dir):
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.json"), "w") as handle:
        json.dump({"auths": {"https://reg.example:5000/v2/": {"auth": b64("u:p")},
                             "docker.io": {"auth": b64("hub:pw")}}}, handle)
    config = DockerConfig(config_dir, {})
    assert config.get("reg.example:5000").password == "p"
    assert config.get(INDEX_SERVER).username == "hub"


def test_identity_token_entries_become_identity_tokens(config_dir):
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.json"), "w") as handle:
        json.dump({"auths": {"r.example": {"auth": b64("u:"), "identitytoken": "tok"}}}, handle)
    creds = DockerConfig(config_dir, {}).get("r.example")
    assert creds.identity_token == "tok"
    assert creds.cri() == {"identity_token": "tok"}
    assert creds.cri(redact=True) == {"identity_token": "<redacted>"}


def test_broken_config_file_is_reported_with_its_path(config_dir):
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.json"), "w") as handle:
        handle.write("{not json")
    with pytest.raises(CredentialsError, match="Error loading config file: .*config.json"):
        DockerConfig(config_dir, {}).get("x")


def test_credentials_never_show_their_secret():
    creds = Credentials("r", "alice", "hunter2-secret")
    assert "hunter2-secret" not in repr(creds)
    assert "hunter2-secret" not in str(creds)
    assert creds.cri(redact=True) == {"username": "alice", "password": "<redacted>"}


def test_logout_candidates_and_erase(config_dir):
    config = DockerConfig(config_dir, {})
    config.store(Credentials("127.0.0.1:5001", "a", "b"))
    config.store(Credentials(INDEX_SERVER, "c", "d"))
    assert config.logged_in_keys("127.0.0.1:5001") == ("127.0.0.1:5001", ["127.0.0.1:5001"])
    assert config.logged_in_keys("http://127.0.0.1:5001/") == ("127.0.0.1:5001", ["127.0.0.1:5001"])
    assert config.logged_in_keys() == (INDEX_SERVER, [INDEX_SERVER])
    assert config.logged_in_keys("other:1") == ("other:1", [])
    assert config.erase(["127.0.0.1:5001"]) == []
    assert config.get("127.0.0.1:5001") is None
    assert config.get(INDEX_SERVER).username == "c"


# -- credential helpers ----------------------------------------------------------
def test_creds_store_keeps_the_secret_out_of_the_file(config_dir, helper_bin):
    environ, store = helper_bin
    os.makedirs(config_dir)
    path = os.path.join(config_dir, "config.json")
    with open(path, "w") as handle:
        json.dump({"credsStore": "fake"}, handle)
    config = DockerConfig(config_dir, environ)
    assert config.store(Credentials("127.0.0.1:5001", "alice", "helper-secret")) == "fake"
    text = open(path).read()
    assert "helper-secret" not in text and b64("alice:helper-secret") not in text
    assert json.loads(text)["auths"] == {"127.0.0.1:5001": {}}
    assert json.load(open(str(store))) == {"127.0.0.1:5001": ["alice", "helper-secret"]}
    got = config.get("127.0.0.1:5001")
    assert (got.username, got.password) == ("alice", "helper-secret")
    assert config.logged_in_keys("127.0.0.1:5001")[1] == ["127.0.0.1:5001"]
    assert config.erase(["127.0.0.1:5001"]) == []
    assert json.load(open(str(store))) == {}
    assert config.get("127.0.0.1:5001") is None  # "credentials not found" is not an error


def test_cred_helpers_per_registry_win_over_creds_store(config_dir, helper_bin):
    environ, _ = helper_bin
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.json"), "w") as handle:
        json.dump({"credsStore": "broken", "credHelpers": {"r.example": "fake"}}, handle)
    config = DockerConfig(config_dir, environ)
    assert config.helper_for("r.example") == "fake"
    assert config.helper_for("other.example") == "broken"
    with pytest.raises(CredentialsError) as failure:
        config.get("other.example")
    assert str(failure.value) == ("error getting credentials - err: exit status 3, "
                                  "out: `keychain locked`")


def test_missing_helper_is_docker_s_error(helper_bin):
    environ, _ = helper_bin
    with pytest.raises(CredentialsError) as failure:
        Helper("nosuch", environ).get("r.example")
    assert str(failure.value) == ('error getting credentials - err: exec: '
                                  '"docker-credential-nosuch": executable file not found in '
                                  '$PATH, out: ``')


def test_helper_token_user_means_identity_token(config_dir, helper_bin):
    environ, _ = helper_bin
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.json"), "w") as handle:
        json.dump({"credsStore": "fake"}, handle)
    config = DockerConfig(config_dir, environ)
    config.store(Credentials("r.example", "alice", identity_token="refresh-tok"))
    creds = config.get("r.example")
    assert creds.identity_token == "refresh-tok" and not creds.password


# -- the login check -------------------------------------------------------------
@pytest.fixture
def registry():
    server = FakeRegistry().start()
    yield server
    server.stop()


def test_login_basic_auth(registry):
    from dockercri.auth.verify import LoginError, login

    registry.mode = "basic"
    assert login(registry.host, "alice", "right-pw") == ""
    with pytest.raises(LoginError) as failure:
        login(registry.host, "alice", "wrong")
    assert str(failure.value) == ("login attempt to http://%s/v2/ failed with status: "
                                  "401 Unauthorized" % registry.host)


def test_login_bearer_token_flow(registry):
    from dockercri.auth.verify import LoginError, login

    registry.mode = "bearer"
    assert login(registry.host, "alice", "right-pw") == ""
    assert registry.token_queries[-1]["account"] == ["alice"]
    assert registry.token_queries[-1]["service"] == ["fake-registry"]
    with pytest.raises(LoginError) as failure:
        login(registry.host, "alice", "wrong")
    assert str(failure.value) == ('Get "http://%s/v2/": unauthorized: incorrect username or '
                                  'password' % registry.host)


def test_login_bearer_refresh_token_is_the_identity_token(registry):
    from dockercri.auth.verify import login

    registry.mode = "bearer"
    registry.refresh_token = "refresh-123"
    assert login(registry.host, "alice", "right-pw") == "refresh-123"


def test_login_to_an_open_registry_succeeds(registry):
    from dockercri.auth.verify import login

    registry.mode = "open"
    assert login(registry.host, "anyone", "anything") == ""


def test_login_unreachable_registry():
    from dockercri.auth.verify import LoginError, login

    port = unused_port()
    with pytest.raises(LoginError) as failure:
        login("127.0.0.1:%d" % port, "a", "b", timeout=5)
    assert str(failure.value).startswith('Get "http://127.0.0.1:%d/v2/": ' % port)
    assert "refused" in str(failure.value)


def test_https_except_for_loopback():
    from dockercri.auth.verify import base_url

    assert base_url(INDEX_SERVER) == "https://registry-1.docker.io"
    assert base_url("quay.io") == "https://quay.io"
    assert base_url("localhost:5000") == "http://localhost:5000"
    assert base_url("127.0.0.1:5001") == "http://127.0.0.1:5001"
    assert base_url("reg.lan:5000", "http://reg.lan:5000") == "http://reg.lan:5000"
