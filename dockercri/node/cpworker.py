"""The half of `cp` that runs inside the container's root filesystem.

Started as `python -m dockercri.node.cpworker ROOT MODE PATH [FLAGS]` by the cp node
step; it imports what it needs, chroots into ROOT (the container's /proc/PID/root, or
its snapshot mounted on the node), so that paths and symbolic links resolve as they do
inside the container, and then:

  pack PATH [follow] [one-filesystem]
                        writes a tar of PATH to stdout (PATH ending in "/." packs the
                        directory's contents); "follow" follows PATH if it is a link;
                        "one-filesystem" leaves out other filesystems mounted below
  unpack PATH NAME      reads a tar from stdin whose top entry is NAME and puts it at
                        PATH: into PATH when PATH is a directory, else as PATH
  unpack-into PATH      reads a tar from stdin and extracts it into directory PATH

No tar and no shell are needed in the image. Errors: exit 2 with docker's message.
"""

import os
import shutil
import sys
import tarfile
import tempfile

NOT_FOUND = 3  # the container path does not exist


def fail(message, code=2):
    sys.stderr.write(message + "\n")
    sys.exit(code)


def _same_filesystem(device):
    """A tar filter that leaves out what is mounted on other filesystems (proc, sys, dev and
    the runtime's bind mounts under a running container's root), as tar --one-file-system."""
    def keep(info):
        try:
            return info if os.lstat("/" + info.name).st_dev == device else None
        except OSError:
            return None
    return keep


def pack(path, follow, one_filesystem=False):
    contents = path.endswith("/.")
    path = path[:-2] or "/" if contents else path
    if follow:
        path = os.path.realpath(path)
    if not os.path.lexists(path):
        fail(path, NOT_FOUND)
    out = tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.PAX_FORMAT)
    keep = _same_filesystem(os.lstat(path).st_dev) if one_filesystem else None
    if contents and os.path.isdir(path):
        for entry in sorted(os.listdir(path)):
            out.add(os.path.join(path, entry), arcname=entry, filter=keep)
    else:
        name = os.path.basename(path.rstrip("/")) or "."
        out.add(path, arcname=name)
    out.close()


def _extract(source, into):
    with tarfile.open(fileobj=source, mode="r|") as archive:
        for member in archive:
            name = os.path.normpath(member.name)
            if name.startswith("..") or os.path.isabs(name):
                fail("invalid tar entry: %s" % member.name)
            archive.extract(member, into, set_attrs=True)


def unpack(path, name):
    if os.path.isdir(path):
        _extract(sys.stdin.buffer, path)
        return
    parent = os.path.dirname(path.rstrip("/")) or "/"
    if not os.path.isdir(parent):
        fail(parent, NOT_FOUND)
    if path.endswith("/"):
        fail(path, NOT_FOUND)
    staging = tempfile.mkdtemp(prefix=".dockercri-cp-", dir=parent)
    try:
        _extract(sys.stdin.buffer, staging)
        made = os.path.join(staging, name)
        if os.path.isdir(made) and os.path.lexists(path) and not os.path.isdir(path):
            fail("cannot copy directory")
        os.replace(made, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv):
    root, mode, path = argv[:3]
    os.chroot(root)
    os.chdir("/")
    if mode == "pack":
        pack(path, "follow" in argv[3:], "one-filesystem" in argv[3:])
    elif mode == "unpack":
        unpack(path, argv[3])
    elif mode == "unpack-into":
        if not os.path.isdir(path):
            fail(path, NOT_FOUND)
        _extract(sys.stdin.buffer, path)
    else:
        fail("unknown mode %s" % mode)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BrokenPipeError:
        os._exit(4)  # the reader stopped: it reports why
