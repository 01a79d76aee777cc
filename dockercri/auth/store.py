"""docker's config.json and credential helpers, read and written as the docker CLI does."""

import base64
import json
import os
import subprocess
import tempfile

from dockercri.record import Record

INDEX_SERVER = "https://index.docker.io/v1/"
DOCKER_HUB_NAMES = ("docker.io", "index.docker.io", "registry-1.docker.io",
                    "registry.hub.docker.com")
REDACTED = "<redacted>"
# A helper that answers with this user name holds an identity token, not a password.
TOKEN_USERNAME = "<token>"
NOT_FOUND = "credentials not found in native keychain"


class CredentialsError(Exception):
    """A credential helper or the config file failed; the message is docker's."""


class Credentials(Record):
    FIELDS = (
        "server",               # the config key: INDEX_SERVER or host[:port]
        ("username", ""),
        ("password", ""),       # never in repr (see __repr__)
        ("identity_token", ""),
        ("source", ""),         # where they were found, for explain
    )

    def __repr__(self):
        return "Credentials(server=%r, username=%r, secret=%s)" % (
            self.server, self.username, REDACTED if self.has_secret() else "''")

    def has_secret(self):
        return bool(self.password or self.identity_token)

    def cri(self, redact=False):
        """PullImageRequest.auth (CRI's AuthConfig) in proto field names. server_address
        stays empty, as crictl leaves it: containerd would parse it as a URL and drop
        credentials whose address is a bare host:port."""
        if self.identity_token:
            return {"identity_token": REDACTED if redact else self.identity_token}
        return {"username": self.username, "password": REDACTED if redact else self.password}


# -- names --------------------------------------------------------------------
def hostname(server):
    """docker's ConvertToHostname: scheme and path dropped."""
    text = server
    for scheme in ("http://", "https://"):
        if text.startswith(scheme):
            text = text[len(scheme):]
            break
    return text.split("/", 1)[0]


def server_key(server=None):
    """The key `docker login SERVER` uses: Docker Hub's index URL, else host[:port]."""
    if not server or server in (INDEX_SERVER, "docker.io"):
        return INDEX_SERVER
    host = hostname(server)
    if host in DOCKER_HUB_NAMES:
        return INDEX_SERVER
    return host


def registry_key(domain):
    """The key whose credentials a pull from `domain` uses."""
    return INDEX_SERVER if domain in DOCKER_HUB_NAMES else domain


def default_directory(environ=None):
    env = os.environ if environ is None else environ
    configured = env.get("DOCKER_CONFIG") or os.environ.get("DOCKER_CONFIG")
    if configured:
        return configured
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".docker")


def _encode(username, password):
    return base64.b64encode(("%s:%s" % (username, password)).encode("utf-8")).decode("ascii")


def _decode(auth):
    try:
        text = base64.b64decode(auth.strip(), validate=False).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise CredentialsError("invalid auth configuration file")
    user, sep, password = text.partition(":")
    if not sep:
        raise CredentialsError("invalid auth configuration file")
    return user, password


# -- the file -----------------------------------------------------------------
class DockerConfig:
    """config.json in one directory; every method reads the file afresh."""

    def __init__(self, directory, environ=None):
        self.directory = directory
        self.path = os.path.join(directory, "config.json")
        self.environ = dict(os.environ if environ is None else environ)

    @classmethod
    def locate(cls, environ=None):
        return cls(default_directory(environ), environ)

    def load(self):
        try:
            with open(self.path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise CredentialsError("Error loading config file: %s: %s"
                                   % (self.path, error.strerror))
        if not text.strip():
            return {}
        try:
            data = json.loads(text)
        except ValueError as error:
            raise CredentialsError("Error loading config file: %s: %s" % (self.path, error))
        if not isinstance(data, dict):
            raise CredentialsError("Error loading config file: %s: not a JSON object" % self.path)
        return data

    def save(self, data):
        """Written as docker writes it: a temporary file in the same folder, mode 0600,
        renamed over the old one (through a symlink to its target)."""
        target = os.path.realpath(self.path)
        folder = os.path.dirname(target)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="config.json", dir=folder)  # mkstemp: mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(data, indent="\t"))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # -- which store ----------------------------------------------------------
    def helper_for(self, key, data=None):
        """The credential helper for a registry key: credHelpers, then credsStore."""
        return self._helper(key, self.load() if data is None else data)[0]

    @staticmethod
    def _helper(key, data):
        helpers = data.get("credHelpers") or {}
        names = (key, hostname(key)) + (("docker.io",) if key == INDEX_SERVER else ())
        for name in names:
            if helpers.get(name):
                return helpers[name], "credHelpers"
        if data.get("credsStore"):
            return data["credsStore"], "credsStore"
        return None, ""

    def describe(self, key):
        """Where credentials for `key` would come from, without running any helper;
        (username or None, text) or None when nothing is stored. For explain."""
        try:
            data = self.load()
        except CredentialsError as error:
            return None, str(error)
        helper, kind = self._helper(key, data)
        entry_key, entry = _find_entry(data.get("auths") or {}, key)
        if helper:
            return None, "`docker-credential-%s get %s` (%s in %s)" % (helper, key, kind, self.path)
        if entry is None or not (entry.get("auth") or entry.get("identitytoken")):
            return None
        username = ""
        if entry.get("auth"):
            try:
                username = _decode(entry["auth"])[0]
            except CredentialsError:
                username = ""
        return username, 'the "auths" entry "%s" of %s' % (entry_key, self.path)

    # -- get, store, erase ----------------------------------------------------
    def get(self, key):
        """Credentials for a registry key, or None. Helpers are run; their failures raise."""
        data = self.load()
        helper = self.helper_for(key, data)
        if helper:
            found = Helper(helper, self.environ).get(key)
            if found is None:
                return None
            username, secret = found
            creds = Credentials(key, source="docker-credential-%s" % helper)
            if username == TOKEN_USERNAME:
                creds.identity_token = secret
            else:
                creds.username, creds.password = username, secret
            return creds if creds.has_secret() else None
        entry_key, entry = _find_entry(data.get("auths") or {}, key)
        if entry is None:
            return None
        creds = Credentials(key, source='"auths" entry "%s" of %s' % (entry_key, self.path))
        if entry.get("auth"):
            creds.username, creds.password = _decode(entry["auth"])
        elif entry.get("username"):
            creds.username, creds.password = entry.get("username", ""), entry.get("password", "")
        if entry.get("identitytoken"):
            creds.identity_token = entry["identitytoken"]
            creds.password = ""
        return creds if creds.has_secret() else None

    def uses_file(self, key):
        """True when `store` would write the secret into config.json itself."""
        return self.helper_for(key) is None

    def store(self, creds):
        """docker's fileStore / nativeStore Store. Returns the helper used, or None."""
        data = self.load()
        helper = self.helper_for(creds.server, data)
        auths = data.setdefault("auths", {})
        if helper:
            if creds.identity_token:
                Helper(helper, self.environ).store(creds.server, TOKEN_USERNAME,
                                                   creds.identity_token)
            else:
                Helper(helper, self.environ).store(creds.server, creds.username, creds.password)
            # docker keeps an empty entry in the file: that is how logout knows.
            auths[creds.server] = {}
        else:
            entry = {}
            if creds.identity_token:
                entry["auth"] = _encode(creds.username, "")
                entry["identitytoken"] = creds.identity_token
            else:
                entry["auth"] = _encode(creds.username, creds.password)
            auths[creds.server] = entry
        self.save(data)
        return helper

    def logged_in_keys(self, server=None):
        """docker logout's candidates: the key as given, its host name, and http(s):// forms.
        Returns (the name docker prints, the keys present in the file)."""
        auths = self.load().get("auths") or {}
        if not server or server == INDEX_SERVER:
            shown, tries = INDEX_SERVER, [INDEX_SERVER]
        else:
            shown = hostname(server)
            tries = [server, shown, "http://" + shown, "https://" + shown]
            if server_key(server) == INDEX_SERVER:
                tries.append(INDEX_SERVER)
        found = []
        for name in tries:
            if name in auths and name not in found:
                found.append(name)
        return shown, found

    def erase(self, keys):
        """Remove keys from the file and from their helper; helper failures are returned
        as warnings (docker goes on, as its logout does)."""
        data = self.load()
        auths = data.get("auths") or {}
        warnings = []
        for key in keys:
            helper = self.helper_for(key, data)
            auths.pop(key, None)
            if helper:
                try:
                    Helper(helper, self.environ).erase(key)
                except CredentialsError as error:
                    warnings.append(str(error))
        data["auths"] = auths
        self.save(data)
        return warnings


def _find_entry(auths, key):
    if key in auths:
        return key, auths[key]
    for name, entry in auths.items():
        if server_key(name) == key or hostname(name) == key:
            return name, entry
    return None, None


# -- credential helpers -------------------------------------------------------
class Helper:
    """docker-credential-<name> get|store|erase, docker's JSON protocol."""

    def __init__(self, name, environ=None):
        self.name = name
        self.program = "docker-credential-" + name
        self.environ = dict(os.environ if environ is None else environ)

    def _run(self, action, data):
        try:
            proc = subprocess.run([self.program, action], input=data.encode("utf-8"),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=self.environ, timeout=60)
        except FileNotFoundError:
            return None, 'exec: "%s": executable file not found in $PATH' % self.program, ""
        except subprocess.TimeoutExpired:
            return None, "%s %s did not answer within 60s" % (self.program, action), ""
        out = proc.stdout.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            return None, "exit status %d" % proc.returncode, out
        return out, None, out

    def get(self, server):
        """(username, secret), or None when the helper holds nothing for the server."""
        out, error, text = self._run("get", server)
        if error is not None:
            if text == NOT_FOUND:
                return None
            raise CredentialsError("error getting credentials - err: %s, out: `%s`"
                                   % (error, _scrub(text)))
        try:
            answer = json.loads(out)
        except ValueError:
            raise CredentialsError("error getting credentials - err: invalid JSON from %s"
                                   % self.program)
        return answer.get("Username", ""), answer.get("Secret", "")

    def store(self, server, username, secret):
        payload = json.dumps({"ServerURL": server, "Username": username, "Secret": secret})
        _, error, text = self._run("store", payload)
        if error is not None:
            raise CredentialsError("error storing credentials - err: %s, out: `%s`"
                                   % (error, _scrub(text)))

    def erase(self, server):
        _, error, text = self._run("erase", server)
        if error is not None:
            raise CredentialsError("error erasing credentials - err: %s, out: `%s`"
                                   % (error, _scrub(text)))


def _scrub(text):
    """A failing helper's output is shown, but never anything that looks like JSON
    credentials (a helper that failed after echoing its input)."""
    return "<output withheld>" if "Secret" in text else text
