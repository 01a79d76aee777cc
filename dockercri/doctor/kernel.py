"""Kernel modules and sysctls a CRI runtime needs, now and after the next boot.

dockerd loads br_netfilter and sets net.ipv4.ip_forward=1 each time it starts;
once Docker is gone nothing does, unless a modules-load.d or sysctl.d file says so.
"""

from dockercri.doctor.report import fail, ok, warn

MODULES = ("overlay", "br_netfilter")
MODULES_LOAD_DIRS = ("/etc/modules-load.d", "/run/modules-load.d",
                     "/usr/local/lib/modules-load.d", "/usr/lib/modules-load.d",
                     "/lib/modules-load.d")
MODULES_FILE = "/etc/modules-load.d/k8s.conf"

SYSCTLS = ("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables",
           "net.ipv4.ip_forward")
SYSCTL_DIRS = ("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
               "/usr/lib/sysctl.d", "/lib/sysctl.d")
SYSCTL_FILE = "/etc/sysctl.d/99-kubernetes-cri.conf"

_SET_BY_DOCKERD = {"br_netfilter", "net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables",
                   "net.bridge.bridge-nf-call-ip6tables"}


def _config_files(node, dirs):
    """*.conf files of a systemd-style config directory set: the first directory holding
    a name wins, and files apply in the order of their names."""
    chosen = {}
    for directory in dirs:
        for path in node.glob(directory, "*.conf"):
            chosen.setdefault(path.rsplit("/", 1)[1], path)
    return [chosen[name] for name in sorted(chosen)]


def _config_lines(text):
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if line and line[0] not in "#;":
            yield number, line


# ---------------------------------------------------------------- modules

def loaded_modules(node):
    return {line.split()[0] for line in (node.read("/proc/modules") or "").splitlines()
            if line.strip()}


def builtin(node, module):
    """Built into the kernel: the kernel knows it (/sys/module) but it is no loadable module."""
    if node.isdir("/sys/module/%s" % module):
        return True
    if module == "overlay":
        return any(line.split()[-1:] == ["overlay"]
                   for line in (node.read("/proc/filesystems") or "").splitlines())
    return False


def boot_modules(node):
    """module → the file that loads it at boot."""
    found = {}
    for path in _config_files(node, MODULES_LOAD_DIRS) + ["/etc/modules"]:
        for _, line in _config_lines(node.read(path)):
            found.setdefault(line.split()[0], path)
    return found


def check_modules(node):
    loaded = loaded_modules(node)
    at_boot = boot_modules(node)
    results = []
    for module in MODULES:
        name = "module/" + module
        persist = "echo %s >> %s" % (module, MODULES_FILE)
        if module not in loaded and builtin(node, module):
            results.append(ok(name, "built into the kernel"))
        elif module not in loaded:
            fix = "modprobe %s" % module + ("" if module in at_boot else " && " + persist)
            later = " (%s loads it at boot)" % at_boot[module] if module in at_boot else ""
            results.append(fail(name, "not loaded" + later, fix))
        elif module in at_boot:
            results.append(ok(name, "loaded, and loaded at boot by %s" % at_boot[module]))
        else:
            why = " (dockerd loads it when it starts; without Docker nothing will)" \
                if module in _SET_BY_DOCKERD else ""
            results.append(warn(name, "loaded now, but no modules-load.d file loads it at boot"
                                + why, persist))
    return results


# ---------------------------------------------------------------- sysctls

def boot_sysctls(node):
    """key → (value, file) as applied at boot: later files override earlier ones."""
    found = {}
    for path in _config_files(node, SYSCTL_DIRS) + ["/etc/sysctl.conf"]:
        for _, line in _config_lines(node.read(path)):
            key, sep, value = line.lstrip("-").partition("=")
            if not sep:
                continue
            key = key.strip()
            if "/" in key:
                key = key.replace("/", ".")
            found[key] = (value.strip(), path)
    return found


def check_sysctls(node):
    at_boot = boot_sysctls(node)
    results = []
    for key in SYSCTLS:
        name = "sysctl/" + key
        live = node.read("/proc/sys/" + key.replace(".", "/"))
        live = live.strip() if live is not None else None
        boot_value, boot_file = at_boot.get(key, (None, None))
        persist = None
        if boot_value is None:
            persist = "echo '%s = 1' >> %s && sysctl --system" % (key, SYSCTL_FILE)
        elif boot_value != "1":
            persist = "set '%s = 1' in %s, then sysctl --system" % (key, boot_file)
        if live is None:
            needs = "br_netfilter is not loaded" if key.startswith("net.bridge.") else "not found"
            fix = ("modprobe br_netfilter && " if key.startswith("net.bridge.") else "") + \
                "sysctl -w %s=1" % key
            results.append(fail(name, "not present: %s" % needs,
                                fix + ("\n" + persist if persist else "")))
        elif live != "1":
            results.append(fail(name, "is %s, must be 1" % live,
                                "sysctl -w %s=1" % key + ("\n" + persist if persist else "")))
        elif boot_value == "1":
            results.append(ok(name, "1, and set to 1 at boot by %s" % boot_file))
        elif boot_value is None:
            why = " (dockerd sets it when it starts; without Docker nothing will)" \
                if key in _SET_BY_DOCKERD else ""
            results.append(warn(name, "1 now, but no sysctl file sets it at boot" + why, persist))
        else:
            results.append(warn(name, "1 now, but %s sets it to %s at boot"
                                % (boot_file, boot_value), persist))
    return results
