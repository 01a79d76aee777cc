"""The node as the checks see it: files below a root directory, and the CRI runtime.

Every path a check names is a path on the node ("/etc/containerd/config.toml");
`Node` reads it below `root`, so a fake node is a directory tree. The runtime
is asked each question once and its answers (or its error) are kept.
"""

import fnmatch
import os

from dockercri.errors import DockerCLIError

MAX_FILE = 1 << 20  # larger files are not configuration or scripts


class Node:
    def __init__(self, root="/", cri=None, api_forced=False, pull=True):
        self.root = os.path.abspath(root)
        self.runtime = RuntimeProbe(cri, api_forced)
        self.pull = pull  # may the sandbox image check pull a missing image?
        self._cache = {}

    def memo(self, key, make):
        """make() once per node: parsed config files are shared by several checks."""
        if ("memo", key) not in self._cache:
            self._cache[("memo", key)] = make()
        return self._cache[("memo", key)]

    # -- files ------------------------------------------------------------
    def path(self, node_path):
        return os.path.join(self.root, node_path.lstrip("/"))

    def exists(self, node_path):
        return os.path.lexists(self.path(node_path))

    def isdir(self, node_path):
        return os.path.isdir(self.path(node_path))

    def read(self, node_path):
        """The file's text, or None when it is missing, unreadable, binary or huge."""
        if node_path in self._cache:
            return self._cache[node_path]
        text = None
        try:
            with open(self.path(node_path), "rb") as handle:
                data = handle.read(MAX_FILE + 1)
            if len(data) <= MAX_FILE and b"\0" not in data[:4096]:
                text = data.decode("utf-8", "replace")
        except OSError:
            pass
        self._cache[node_path] = text
        return text

    def listdir(self, node_path):
        try:
            return sorted(os.listdir(self.path(node_path)))
        except OSError:
            return []

    def glob(self, directory, pattern="*"):
        """Node paths of the entries of directory matching pattern, sorted by name."""
        return [directory.rstrip("/") + "/" + name for name in self.listdir(directory)
                if fnmatch.fnmatch(name, pattern)]

    def walk(self, directory):
        """Node paths of regular files below directory; symlinks are listed, not followed."""
        base = self.path(directory)
        found = []
        for top, dirs, files in os.walk(base):
            dirs.sort()
            rel = os.path.relpath(top, self.root)
            node_dir = "/" if rel == "." else "/" + rel
            linked = [d for d in dirs if os.path.islink(os.path.join(top, d))]
            for name in sorted(files + linked):
                found.append(os.path.join(node_dir, name))
        return found

    def islink(self, node_path):
        return os.path.islink(self.path(node_path))

    def readlink(self, node_path):
        try:
            return os.readlink(self.path(node_path))
        except OSError:
            return None


class RuntimeProbe:
    """The runtime's answers to Version and Status, asked once; `error` when it did not answer.

    Its calls are plans run by the one executor, like every command's."""

    def __init__(self, executor, api_forced=False):
        if executor is not None and not hasattr(executor, "execute"):
            from dockercri.runtime.executor import Executor
            executor = Executor(executor)  # a bare CRI client (tests' fakes)
        self.executor = executor
        self.cri = executor.cri if executor is not None else None
        self.api_forced = api_forced
        self._asked = False
        self.version = None
        self.status = None
        self.error = None
        self.endpoint = None

    def _ask(self):
        if self._asked:
            return
        self._asked = True
        if self.executor is None:
            self.error = "no CRI client"
            return
        try:
            self.version = self.call("RuntimeService.Version", {})
            self.endpoint = self.cri.endpoint("RuntimeService")
        except DockerCLIError as error:
            self.error = error.message
            return
        try:
            self.status = self.call("RuntimeService.Status", {"verbose": True})
        except DockerCLIError as error:
            self.error = error.message

    @property
    def reachable(self):
        self._ask()
        return self.version is not None

    @property
    def name(self):
        """"containerd", "cri-o", "docker" (cri-dockerd), ... or None when unreachable."""
        return self.version.runtime_name.lower() if self.reachable else None

    @property
    def api_version(self):
        """The CRI API version the client settled on ("v1" or "v1alpha2")."""
        return getattr(self.cri, "version", None) if self.reachable else None

    @property
    def info(self):
        """The runtime's verbose Status info, parsed ({} when it has none)."""
        self._ask()
        if self.status is None:
            return {}
        from dockercri.verbose import verbose_info
        return verbose_info(self.status) or {}

    def call(self, rpc, request):
        """One call, as a plan of one step."""
        from dockercri.plan.model import Plan, Step
        plan = Plan("doctor", steps=[Step("call", rpc, request)])
        return self.executor.execute(plan)["call"]


# ---------------------------------------------------------------- small readers

def load_toml(text):
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    return tomllib.loads(text)


def top_level_yaml(text):
    """`key: value` pairs at the top level of a YAML document (enough for the kubelet's
    scalar settings); nested blocks, lists and comments are passed over."""
    values = {}
    for raw in (text or "").splitlines():
        if not raw or raw[0] in " \t#-" or ":" not in raw:
            continue
        key, _, value = raw.partition(":")
        value = value.split(" #", 1)[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def same_endpoint(a, b):
    """Endpoints name the same socket, allowing for unix:// and /var/run → /run."""
    def norm(endpoint):
        endpoint = (endpoint or "").strip()
        if endpoint.startswith("unix://"):
            endpoint = endpoint[len("unix://"):]
        if endpoint.startswith("/var/run/"):
            endpoint = endpoint[len("/var"):]
        return os.path.normpath(endpoint) if endpoint.startswith("/") else endpoint
    return norm(a) == norm(b)
