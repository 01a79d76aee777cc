"""The testbed's pod network: one CNI conflist, and its removal.

A bridge of our own (dcri0) with host-local IPAM whose leases are kept in the
testbed folder, so nothing is shared with a system CNI setup.

Outgoing traffic is masqueraded by one rule for the whole subnet, as docker does
for its bridge, rather than by the bridge plugin's ipMasq, which makes a chain and
rules for every pod: those cost every RunPodSandbox and StopPodSandbox several
iptables runs (about 30 ms each way here), CPU that removing many pods at once
competes for.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess

from .layout import BRIDGE, NETWORK_NAME, SUBNET
from .packages import search_path, static_busybox, which

CONFLIST_NAME = "10-dockercri-testbed.conflist"


def conflist(data_dir: str) -> str:
    return json.dumps({
        "cniVersion": "0.4.0",
        "name": NETWORK_NAME,
        "plugins": [
            {
                "type": "bridge",
                "bridge": BRIDGE,
                "isGateway": True,
                "ipMasq": False,
                "hairpinMode": True,
                "ipam": {
                    "type": "host-local",
                    "dataDir": data_dir,
                    "ranges": [[{"subnet": SUBNET}]],
                    "routes": [{"dst": "0.0.0.0/0"}],
                },
            },
            {"type": "portmap", "capabilities": {"portMappings": True}},
            {"type": "loopback"},
        ],
    }, indent=2) + "\n"


def load_kernel_modules() -> None:
    """overlay for the snapshotter, br_netfilter for the bridge.

    Best effort: minimal machines have no modprobe, and the modules are often
    built in or already loaded.
    """
    modprobe = which("modprobe")
    if not modprobe:
        return
    for module in ("overlay", "br_netfilter"):
        subprocess.run([modprobe, module], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def overlay_supported() -> bool:
    try:
        with open("/proc/filesystems") as f:
            return any(line.split()[-1] == "overlay" for line in f if line.strip())
    except OSError:
        return False


def _run(argv: list) -> subprocess.CompletedProcess:
    return subprocess.run(argv, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={"PATH": search_path()})


def _masquerade_rule() -> list:
    # The comment carries the marker that _iptables_cleanup looks for.
    return ["POSTROUTING", "-s", SUBNET, "!", "-o", BRIDGE, "-m", "comment",
            "--comment", 'name: "%s" id: "subnet"' % NETWORK_NAME, "-j", "MASQUERADE"]


def ensure_masquerade() -> None:
    """The subnet's one masquerade rule, added once (best effort, as iptables may be
    missing on a minimal machine: pods then reach only the node)."""
    iptables = which("iptables")
    if not iptables:
        return
    if _run([iptables, "-t", "nat", "-C"] + _masquerade_rule()).returncode != 0:
        _run([iptables, "-t", "nat", "-A"] + _masquerade_rule())


def _iptables_cleanup(table: str) -> None:
    """Drop the rules CNI plugins added for this network, and their chains.

    The bridge (ipMasq) and portmap plugins tag each rule with a comment
    `name: "<network>" id: "<container>"`; pods that were killed rather than
    stopped through CRI never had them removed.
    """
    iptables = which("iptables")
    save = which("iptables-save")
    if not iptables or not save:
        return
    dump = _run([save, "-t", table])
    if dump.returncode != 0:
        return
    marker = 'name: \\"%s\\"' % NETWORK_NAME
    chains = set()
    for line in dump.stdout.decode(errors="replace").splitlines():
        if not line.startswith("-A ") or marker not in line:
            continue
        try:
            args = shlex.split(line)
        except ValueError:
            continue
        if "-j" in args:
            target = args[args.index("-j") + 1]
            # Per-pod chains only; CNI-HOSTPORT-* are shared by every network.
            if target.startswith("CNI-") and not target.startswith(
                    "CNI-HOSTPORT-"):
                chains.add(target)
        _run([iptables, "-t", table, "-D"] + args[1:])
    for chain in sorted(chains):
        _run([iptables, "-t", table, "-F", chain])
        _run([iptables, "-t", table, "-X", chain])


def cleanup(data_dir: str) -> None:
    for table in ("nat", "filter"):
        _iptables_cleanup(table)
    if os.path.exists("/sys/class/net/" + BRIDGE):
        ip = which("ip")
        argv = [ip] if ip else [static_busybox() or "busybox", "ip"]
        _run(argv + ["link", "del", BRIDGE])
    # Leases of pods that no longer exist: host-local would otherwise run out
    # of addresses after many killed testbeds.
    if os.path.isdir(data_dir):
        for network in os.listdir(data_dir):
            path = os.path.join(data_dir, network)
            if os.path.isdir(path) and not os.path.islink(path):
                for name in os.listdir(path):
                    try:
                        os.unlink(os.path.join(path, name))
                    except OSError:
                        pass
