"""What docker's daemon does for `docker login`: try the credentials on the registry.

GET /v2/ without credentials; a 401 names the scheme in WWW-Authenticate:
Basic means the same request again with the credentials, Bearer means a token
from the realm (with the credentials as basic auth) and the request again with
that token. docker says "Login Succeeded" when /v2/ finally answers 200.
"""

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from dockercri.auth.store import INDEX_SERVER

DOCKER_HUB_API = "https://registry-1.docker.io"
LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")
TIMEOUT = 30.0
_HTTP_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
              429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
              503: "Service Unavailable", 504: "Gateway Timeout"}


class LoginError(Exception):
    """The registry refused, or could not be reached; the message is the daemon's."""


def base_url(key, server=None):
    """https, except for loopback registries (docker treats 127.0.0.0/8 as insecure)
    and an address given as http://."""
    if key == INDEX_SERVER:
        return DOCKER_HUB_API
    if server and server.startswith("http://"):
        return "http://" + key
    host = key.rsplit(":", 1)[0] if key.count(":") == 1 or key.startswith("[") else key
    if host in LOOPBACK or host.startswith("127."):
        return "http://" + key
    return "https://" + key


def _opener(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    if host in LOOPBACK or host.startswith("127."):
        # A proxy from the environment must never see loopback requests.
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _get(url, headers=None, timeout=TIMEOUT):
    request = urllib.request.Request(url, headers=dict(headers or {}))
    request.add_header("User-Agent", "dockercri")
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        body = error.read() if error.fp is not None else b""
        return error.code, error.headers, body
    except urllib.error.URLError as error:
        raise LoginError('Get "%s": %s' % (url, _reason(error.reason)))
    except OSError as error:
        raise LoginError('Get "%s": %s' % (url, _reason(error)))


def _reason(reason):
    text = getattr(reason, "strerror", None) or str(reason)
    return text.lower() if text else "connection failed"


def parse_challenge(header):
    """'Bearer realm="https://auth",service="reg"' →
    ("bearer", {"realm": "https://auth", "service": "reg"})."""
    if not header:
        return "", {}
    scheme, _, rest = header.strip().partition(" ")
    params = {key.lower(): value for key, value in
              re.findall(r'([A-Za-z_]+)\s*=\s*"?([^",]*)"?', rest)}
    return scheme.lower(), params


def _basic(username, password):
    raw = ("%s:%s" % (username, password)).encode("utf-8")
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _status_text(code):
    return _HTTP_TEXT.get(code, "")


def _unauthorized(body):
    """The registry's own words for a refused token request (docker's errcode text)."""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return "unauthorized: authentication required"
    if isinstance(data, dict):
        if data.get("details"):
            return "unauthorized: %s" % data["details"]
        errors = data.get("errors") or []
        if errors and isinstance(errors[0], dict) and errors[0].get("message"):
            return "unauthorized: %s" % errors[0]["message"]
    return "unauthorized: authentication required"


def login(key, username, password, server=None, timeout=TIMEOUT):
    """Check the credentials; returns an identity token when the registry hands one
    out (docker stores that instead of the password), else "". Raises LoginError."""
    endpoint = base_url(key, server).rstrip("/") + "/v2/"
    status, headers, _ = _get(endpoint, timeout=timeout)
    if status == 200:
        return ""
    if status != 401:
        raise LoginError("login attempt to %s failed with status: %d %s"
                         % (endpoint, status, _status_text(status)))
    scheme, params = parse_challenge(headers.get("WWW-Authenticate", ""))
    if scheme == "basic":
        status, _, _ = _get(endpoint, {"Authorization": _basic(username, password)}, timeout)
        if status == 200:
            return ""
        raise LoginError("login attempt to %s failed with status: %d %s"
                         % (endpoint, status, _status_text(status)))
    if scheme == "bearer" and params.get("realm"):
        token, refresh = _token(params, username, password, endpoint, timeout)
        status, _, _ = _get(endpoint, {"Authorization": "Bearer " + token}, timeout)
        if status == 200:
            return refresh
        raise LoginError("login attempt to %s failed with status: %d %s"
                         % (endpoint, status, _status_text(status)))
    raise LoginError("login attempt to %s failed with status: %d %s"
                     % (endpoint, status, _status_text(status)))


def _token(params, username, password, endpoint, timeout):
    query = {"account": username, "client_id": "docker", "offline_token": "true"}
    if params.get("service"):
        query["service"] = params["service"]
    if params.get("scope"):
        query["scope"] = params["scope"]
    realm = params["realm"]
    url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(query)
    status, _, body = _get(url, {"Authorization": _basic(username, password)}, timeout)
    if status != 200:
        if status in (401, 403):
            raise LoginError('Get "%s": %s' % (endpoint, _unauthorized(body)))
        raise LoginError('Get "%s": token request to %s failed with status: %d %s'
                         % (endpoint, realm, status, _status_text(status)))
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        raise LoginError('Get "%s": the token server %s did not answer with JSON'
                         % (endpoint, realm))
    token = data.get("token") or data.get("access_token") or ""
    if not token:
        raise LoginError('Get "%s": the token server %s gave no token' % (endpoint, realm))
    return token, data.get("refresh_token") or ""
