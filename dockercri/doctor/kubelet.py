"""The kubelet's side: which runtime socket it uses and which cgroup driver.

Settings come from its config file (top-level scalars, read line by line) and
from the flags kubeadm and packages leave in environment files; flags win.
"""

import shlex

from dockercri.doctor import containerd, crio
from dockercri.doctor.node import same_endpoint, top_level_yaml
from dockercri.doctor.report import fail, ok, skip, warn

CONFIG = "/var/lib/kubelet/config.yaml"
FLAG_FILES = ("/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet",
              "/etc/sysconfig/kubelet")
DEFAULT_ENDPOINT = "unix:///run/containerd/containerd.sock"


class Kubelet:
    def __init__(self, config, flags, flag_files):
        self.config = config  # None when there is no config file
        self.flags = flags  # flag → (value, file)
        self.flag_files = flag_files

    @property
    def present(self):
        return self.config is not None or bool(self.flags)

    def setting(self, key, flag):
        """(value, where) from a flag, else the config file; (None, None) when unset."""
        if flag in self.flags:
            return self.flags[flag]
        if self.config and key in self.config:
            return self.config[key], CONFIG
        return None, None


def _flags(text):
    found = {}
    for line in (text or "").splitlines():
        _, sep, value = line.partition("=")
        if not sep or line.lstrip().startswith("#"):
            continue
        try:  # VAR="--a=1 --b 2": the variable's value, then the words within it
            words = [word for part in shlex.split(value) for word in shlex.split(part)]
        except ValueError:
            continue
        for index, word in enumerate(words):
            if not word.startswith("--"):
                continue
            name, eq, flag_value = word.partition("=")
            if not eq and index + 1 < len(words) and not words[index + 1].startswith("--"):
                flag_value = words[index + 1]
            found[name] = flag_value
    return found


def read(node):
    def make():
        text = node.read(CONFIG)
        flags, files = {}, []
        for path in FLAG_FILES:
            found = _flags(node.read(path))
            if found:
                files.append(path)
            for name, value in found.items():
                flags.setdefault(name, (value, path))
        return Kubelet(top_level_yaml(text) if text is not None else None, flags, files)
    return node.memo("kubelet", make)


def _runtime_driver(node):
    """(driver, fix that switches the runtime to systemd) of the runtime in use."""
    if node.runtime.reachable and node.runtime.name == "cri-o" or \
            not node.runtime.reachable and crio.present(node):
        return crio.cgroup_manager(node), crio.systemd_fix()
    return containerd.driver(node), containerd.systemd_fix(node)


def check_cgroup_driver(node):
    name = "kubelet/cgroup-driver"
    kubelet = read(node)
    if not kubelet.present:
        return [skip(name, "no %s: not a kubelet node yet" % CONFIG)]
    value, where = kubelet.setting("cgroupDriver", "--cgroup-driver")
    value = value or "cgroupfs"
    where = where or "the kubelet's default, no cgroupDriver in %s" % CONFIG
    runtime_driver, runtime_fix = _runtime_driver(node)
    if runtime_driver is None:
        return [skip(name, "the runtime's cgroup driver cannot be told")]
    if value == runtime_driver:
        return [ok(name, "%s (%s), as the runtime's" % (value, where))]
    if value == "systemd":
        fix = runtime_fix
    else:
        fix = "set cgroupDriver: systemd in %s, then systemctl restart kubelet" % CONFIG
    return [fail(name, "the kubelet uses %s (%s) but the runtime uses %s: pods fail to start"
                 % (value, where, runtime_driver), fix)]


def check_runtime_endpoint(node):
    name = "kubelet/runtime-endpoint"
    kubelet = read(node)
    if not kubelet.present:
        return [skip(name, "no %s: not a kubelet node yet" % CONFIG)]
    old_runtime, old_where = kubelet.setting("containerRuntime", "--container-runtime")
    endpoint, where = kubelet.setting("containerRuntimeEndpoint", "--container-runtime-endpoint")
    set_it = ("set containerRuntimeEndpoint: %s in %s%s, then systemctl restart kubelet"
              % (node.runtime.endpoint or DEFAULT_ENDPOINT, CONFIG,
                 " and drop --container-runtime-endpoint from %s" % where
                 if where and where != CONFIG else ""))
    if old_runtime == "docker" or "dockershim" in (endpoint or ""):
        return [fail(name, "the kubelet still uses dockershim (%s), which kubelet >= 1.24 "
                     "no longer has" % (old_where if old_runtime == "docker" else where),
                     set_it + ("; drop --container-runtime=docker from %s" % old_where
                               if old_runtime == "docker" else ""))]
    if "cri-dockerd" in (endpoint or "") or "cri-docker" in (endpoint or ""):
        return [fail(name, "the kubelet uses cri-dockerd (%s in %s): Docker still runs its pods"
                     % (endpoint, where), set_it)]
    shown = endpoint or "not set, the kubelet's default %s" % DEFAULT_ENDPOINT
    endpoint = endpoint or DEFAULT_ENDPOINT
    if not node.runtime.reachable:
        return [ok(name, "%s (not compared: the runtime is not reachable)" % shown)]
    if same_endpoint(endpoint, node.runtime.endpoint):
        return [ok(name, shown)]
    return [warn(name, "the kubelet uses %s but the runtime checked here is at %s"
                 % (shown, node.runtime.endpoint),
                 "dockercri --runtime-endpoint %s doctor    # check the kubelet's runtime\n"
                 "or: %s" % (endpoint, set_it))]
