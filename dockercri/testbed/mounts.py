"""Find and undo mounts below the testbed directory.

containerd leaves overlay rootfs, /dev/shm and network namespace mounts below
its state folder when it is killed; they must go before the folder can be
removed, and only mounts below our own folder are ever touched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import subprocess

MNT_DETACH = 2


def _unescape(field: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as \ooo.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mounts_under(directory: str) -> list:
    """Mount points at or below `directory`, deepest first."""
    prefix = directory.rstrip("/") + "/"
    found = []
    try:
        with open("/proc/self/mountinfo") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 5:
                    continue
                point = _unescape(fields[4])
                if point == directory.rstrip("/") or point.startswith(prefix):
                    found.append(point)
    except OSError:
        return []
    # Deepest first so that nested mounts are released before their parents.
    return sorted(set(found), key=lambda p: (p.count("/"), p), reverse=True)


def _libc():
    name = ctypes.util.find_library("c") or "libc.so.6"
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def unmount(point: str) -> bool:
    libc = _libc()
    if libc is not None:
        for flags in (0, MNT_DETACH):
            if libc.umount2(os.fsencode(point), flags) == 0:
                return True
        return False
    for argv in (["umount", point], ["umount", "-l", point]):
        if subprocess.run(argv, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            return True
    return False


def unmount_all(directory: str) -> list:
    """Unmount everything below `directory`; returns what could not be."""
    for _ in range(3):
        points = mounts_under(directory)
        if not points:
            return []
        for point in points:
            unmount(point)
    return mounts_under(directory)
