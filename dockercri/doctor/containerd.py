"""containerd's config.toml: is the CRI plugin on, which cgroup driver runc uses,
where registry hosts are configured, and which sandbox image pods start from.

Three config schemas exist: version 1 (`[plugins.cri]`), version 2
(`[plugins."io.containerd.grpc.v1.cri"]`, containerd 1.x) and version 3
(`io.containerd.cri.v1.runtime` / `io.containerd.cri.v1.images`, containerd 2.x).
"""

from dockercri.doctor.node import load_toml, same_endpoint
from dockercri.doctor.report import fail, ok, skip, warn

CONFIG = "/etc/containerd/config.toml"
DEFAULT_ADDRESS = "/run/containerd/containerd.sock"
CRI_PLUGINS = ("cri", "io.containerd.grpc.v1.cri", "io.containerd.cri.v1.runtime",
               "io.containerd.cri.v1.images")
_SECTIONS = {  # version → (runtime section, images section)
    1: ("cri", "cri"),
    2: ("io.containerd.grpc.v1.cri", "io.containerd.grpc.v1.cri"),
    3: ("io.containerd.cri.v1.runtime", "io.containerd.cri.v1.images"),
}


class Config:
    """What the checks need from containerd's config, from the file or the running runtime."""

    def __init__(self, path, data=None, error=None, info=None, other_address=None):
        self.path = path
        self.data = data  # the parsed file, None when there is none (or it is another's)
        self.error = error  # the file's parse error
        self.info = info or {}  # the running containerd's verbose config
        self.other_address = other_address  # set when the file serves another socket
        self.version = int((data or {}).get("version", 1)) if data is not None else None

    def section(self, which):
        name = _SECTIONS.get(self.version or 2, _SECTIONS[2])[0 if which == "runtime" else 1]
        return ((self.data or {}).get("plugins") or {}).get(name) or {}

    def section_name(self, which):
        return _SECTIONS.get(self.version or 2, _SECTIONS[2])[0 if which == "runtime" else 1]

    @property
    def disabled_plugins(self):
        return list((self.data or {}).get("disabled_plugins") or [])

    @property
    def default_runtime(self):
        return (self.section("runtime").get("containerd") or {}).get("default_runtime_name") \
            or (self.info.get("containerd") or {}).get("defaultRuntimeName") or "runc"

    @property
    def systemd_cgroup(self):
        """SystemdCgroup of the default runtime as the file sets it (False when unset)."""
        runtimes = (self.section("runtime").get("containerd") or {}).get("runtimes") or {}
        options = (runtimes.get(self.default_runtime) or {}).get("options") or {}
        return bool(options.get("SystemdCgroup", False))

    @property
    def running_systemd_cgroup(self):
        """The same setting in the running containerd, None when it does not say."""
        runtimes = (self.info.get("containerd") or {}).get("runtimes") or {}
        options = (runtimes.get(self.default_runtime) or {}).get("options")
        if not isinstance(options, dict) or "SystemdCgroup" not in options:
            return None
        return bool(options["SystemdCgroup"])

    @property
    def sandbox_image(self):
        images = self.section("images")
        if self.version == 3:
            image = (images.get("pinned_images") or {}).get("sandbox")
        else:
            image = images.get("sandbox_image")
        return image or self.info.get("sandboxImage")

    @property
    def registry_config_paths(self):
        """Directories holding <host>/hosts.toml, as the file sets them (else as running)."""
        registry = self.section("images").get("registry") or {}
        if self.data is not None:
            value = registry.get("config_path") or ""
        else:
            value = (self.info.get("registry") or {}).get("configPath") or ""
        return [part for part in value.split(":") if part]

    @property
    def has_mirrors_table(self):
        registry = self.section("images").get("registry") or {}
        return bool(registry.get("mirrors"))


def config_path(node):
    """The runtime's own word on its config file when it gives one, else the usual place."""
    info = node.runtime.info if node.runtime.reachable else {}
    for where in (info, info.get("config")):
        for key in ("configFile", "config_file"):
            value = where.get(key) if isinstance(where, dict) else None
            if isinstance(value, str) and value.startswith("/"):
                return value
    return CONFIG


def read_config(node):
    return node.memo("containerd-config", lambda: _read_config(node))


def _read_config(node):
    path = config_path(node)
    running = node.runtime.reachable and node.runtime.name == "containerd"
    info = node.runtime.info.get("config") if running else None
    info = info if isinstance(info, dict) else {}
    text = node.read(path)
    if text is None:
        return Config(path, info=info)
    try:
        data = load_toml(text)
    except ValueError as error:
        return Config(path, error=str(error), info=info)
    address = (data.get("grpc") or {}).get("address") or DEFAULT_ADDRESS
    if running and not same_endpoint(address, node.runtime.endpoint):
        return Config(path, info=info, other_address=address)
    return Config(path, data=data, info=info)


def not_containerd(node):
    """Why containerd checks do not apply, or None when they do."""
    runtime = node.runtime
    if runtime.reachable:
        if runtime.name != "containerd":
            return "the runtime is %s, not containerd" % runtime.version.runtime_name
        return None
    if not node.exists(config_path(node)):
        return "no runtime answered and there is no %s" % CONFIG
    return None


def check_cri_plugin(node):
    name = "containerd/cri-plugin"
    why = not_containerd(node)
    if why:
        return [skip(name, why)]
    config = read_config(node)
    if config.error:
        return [fail(name, "%s is not valid TOML: %s" % (config.path, config.error),
                     "correct %s, or start again from `containerd config default`" % config.path)]
    if config.other_address:
        return [warn(name, "%s configures the containerd at %s, not the one checked here at %s;"
                     " the running containerd's own settings are checked instead"
                     % (config.path, config.other_address, node.runtime.endpoint),
                     "dockercri --runtime-endpoint unix://%s doctor    # check that one"
                     % config.other_address)]
    if config.data is None:
        return [ok(name, "no %s: containerd's built-in defaults enable the CRI plugin"
                   % config.path)]
    disabled = [p for p in config.disabled_plugins if p in CRI_PLUGINS]
    if disabled:
        rest = ", ".join('"%s"' % p for p in config.disabled_plugins if p not in CRI_PLUGINS)
        later = " (the running containerd will lose it on restart)" if node.runtime.reachable \
            else ""
        return [fail(name, "%s disables %s in disabled_plugins, as the config of Docker's "
                     "containerd.io package does: the kubelet cannot use containerd%s"
                     % (config.path, ", ".join(disabled), later),
                     "in %s set: disabled_plugins = [%s]\nsystemctl restart containerd"
                     % (config.path, rest))]
    return [ok(name, "enabled in %s (config version %d)" % (config.path, config.version))]


def _systemd_lines(config):
    return ('[plugins."%s".containerd.runtimes.%s.options]\n  SystemdCgroup = true'
            % (config.section_name("runtime"), config.default_runtime))


def cgroup_v2(node):
    return node.exists("/sys/fs/cgroup/cgroup.controllers")


def check_cgroup_driver(node):
    name = "containerd/cgroup-driver"
    why = not_containerd(node)
    if why:
        return [skip(name, why)]
    config = read_config(node)
    if config.error:
        return [skip(name, "%s could not be read" % config.path)]
    if config.data is not None:
        systemd = config.systemd_cgroup
    else:
        systemd = bool(config.running_systemd_cgroup)
    driver = "systemd" if systemd else "cgroupfs"
    where = config.path if config.data is not None else "the running containerd"
    running = config.running_systemd_cgroup
    if config.data is not None and running is not None and running != systemd:
        return [warn(name, "%s sets SystemdCgroup = %s but the running containerd uses %s"
                     % (config.path, str(systemd).lower(), str(running).lower()),
                     "systemctl restart containerd")]
    version = "v2" if cgroup_v2(node) else "v1"
    detail = "%s (SystemdCgroup = %s in %s) on cgroup %s" % (driver, str(systemd).lower(), where,
                                                            version)
    if version == "v2" and not systemd:
        return [warn(name, detail + ": the systemd driver is recommended on cgroup v2",
                     "in %s set:\n%s\nsystemctl restart containerd\n"
                     "and cgroupDriver: systemd in /var/lib/kubelet/config.yaml, then "
                     "systemctl restart kubelet" % (config.path, _systemd_lines(config)))]
    return [ok(name, detail)]


def driver(node):
    """containerd's cgroup driver, "systemd" or "cgroupfs"; None when it cannot be told."""
    if not_containerd(node):
        return None
    config = read_config(node)
    if config.error:
        return None
    if config.data is None:
        running = config.running_systemd_cgroup
        return None if running is None else ("systemd" if running else "cgroupfs")
    return "systemd" if config.systemd_cgroup else "cgroupfs"


def systemd_fix(node):
    config = read_config(node)
    return "in %s set:\n%s\nsystemctl restart containerd" % (config.path, _systemd_lines(config))
