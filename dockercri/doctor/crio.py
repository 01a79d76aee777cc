"""The few CRI-O settings other checks compare against (crio.conf and its drop-ins)."""

from dockercri.doctor.node import load_toml

CONFIG = "/etc/crio/crio.conf"
DROP_INS = "/etc/crio/crio.conf.d"


def present(node):
    return node.exists(CONFIG) or node.isdir(DROP_INS)


def settings(node):
    """crio.conf then its drop-ins in name order, later values winning; the keys of
    all [crio.*] tables in one flat dict (their names do not collide)."""
    def make():
        merged = {}
        for path in [CONFIG] + node.glob(DROP_INS, "*.conf"):
            text = node.read(path)
            if text is None:
                continue
            try:
                data = load_toml(text)
            except ValueError:
                continue
            for table in (data.get("crio") or {}).values():
                if isinstance(table, dict):
                    merged.update({k: v for k, v in table.items() if not isinstance(v, dict)})
        return merged
    return node.memo("crio", make)


def cgroup_manager(node):
    return settings(node).get("cgroup_manager") or "systemd"


def pause_image(node):
    return settings(node).get("pause_image")


def systemd_fix():
    return ('in %s/02-cgroup-manager.conf set:\n[crio.runtime]\ncgroup_manager = "systemd"\n'
            "systemctl restart crio" % DROP_INS)
