"""cp on the node: the container's root filesystem is reached from the node (as root),
so no tar and no shell are needed in the image.

A running container's root is /proc/PID/root (with its mounts). A created or exited
one has no process: its snapshot (the rootfs the runtime keeps, named in the container's
verbose status) is mounted on a private temporary directory with the mount command
containerd's `ctr snapshots mounts` gives, and unmounted after. The copy inside the
root runs in dockercri.node.cpworker, chrooted there."""

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile

from dockercri.errors import DockerCLIError, PlainError
from dockercri.verbose import verbose_info

RUNNING = 1


def _status(context):
    """(the verbose status, whether it runs): a container's, or for a kubelet pod's
    sandbox (k8s_POD_...) the pod sandbox's, whose pause process has a root as well."""
    if context["status"] is not None:
        return context["status"], context["status"].status.state == RUNNING
    sandbox = context["sandbox"]
    return sandbox, sandbox.status.state == 0  # SANDBOX_READY


@contextlib.contextmanager
def container_root(context):
    status, running = _status(context)
    info = verbose_info(status) or {}
    pid = int(info.get("pid") or 0)
    if running and pid:
        yield "/proc/%d/root" % pid
        return
    key, snapshotter = info.get("snapshotKey"), info.get("snapshotter") or "overlayfs"
    if not key:
        raise DockerCLIError("Error response from daemon: the runtime names no root filesystem "
                             "for container %s" % status.status.id, exit_code=1)
    from dockercri.node.ctr import ctr_argv, run
    target = tempfile.mkdtemp(prefix="dockercri-rootfs-")
    mounted = []
    try:
        commands = run(context, {"argv": ctr_argv("snapshots", "--snapshotter", snapshotter,
                                                  "mounts", target, key)})
        for line in commands.decode().splitlines():
            argv = shlex.split(line)
            if argv and argv[0] == "mount":
                subprocess.run(argv, check=True, capture_output=True)
                mounted.append(target)
        yield target
    except subprocess.CalledProcessError as error:
        raise DockerCLIError("Error response from daemon: mounting the container's root "
                             "filesystem: %s" % error.stderr.decode().strip(), exit_code=1)
    finally:
        for path in reversed(mounted):
            subprocess.run(["umount", path], capture_output=True)
        os.rmdir(target)


def _worker(root, *args, **popen):
    return subprocess.Popen([sys.executable, "-m", "dockercri.node.cpworker", root] + list(args),
                            stderr=subprocess.PIPE, **popen)


def _finish(proc, request):
    errors = proc.stderr.read().decode("utf-8", "replace").strip()
    code = proc.wait()
    if code == 3:  # the worker names the path it did not find
        raise DockerCLIError("Error: No such container:path: %s:%s"
                             % (request["container"], errors or request["container_path"]),
                             exit_code=1)
    if code != 0:
        raise DockerCLIError("Error response from daemon: %s" % errors, exit_code=1)


def copy(context, request):
    with container_root(context) as root:
        if request["direction"] == "out":
            return _copy_out(context, root, request)
        return _copy_in(context, root, request)


def _copy_out(context, root, request):
    dest = request["local_path"]
    if dest != "-":
        _check_destination(dest)
    args = ["pack", request["container_path"]] + (["follow"] if request["follow_link"] else [])
    proc = _worker(root, *args, stdout=subprocess.PIPE)
    try:
        if dest == "-":
            out = context.session.env.stdout_bytes
            shutil.copyfileobj(proc.stdout, out, 1 << 16)
            out.flush()
        else:
            _extract_local(proc.stdout, dest, request["container_path"].endswith("/."))
    except BaseException:
        proc.stdout.close()
        try:
            # the worker found nothing to send (its error), or saw us stop reading (exit 4)
            failed = proc.wait(timeout=1) not in (0, 4)
        except subprocess.TimeoutExpired:
            failed = False  # it is still sending: the error is ours, not its broken pipe
            proc.kill()
            proc.wait()
        if failed:
            _finish(proc, request)
        raise
    proc.stdout.close()
    _finish(proc, request)
    return None


def _check_destination(dest):
    """docker's checks of a local destination, made before anything is read."""
    if os.path.isdir(dest):
        return
    if dest.endswith("/"):
        raise PlainError("no such directory", exit_code=1)
    parent = os.path.dirname(dest) or "."
    if not os.path.isdir(parent):
        raise PlainError('invalid output path: directory "%s" does not exist' % parent,
                         exit_code=1)


def _extract_local(stream, dest, contents):
    if os.path.isdir(dest):
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            archive.extractall(dest)
        return
    parent = os.path.dirname(dest) or "."
    staging = tempfile.mkdtemp(prefix=".dockercri-cp-", dir=parent)
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            archive.extractall(staging)
        entries = os.listdir(staging)
        if contents or len(entries) != 1:
            os.rename(staging, dest)
            staging = None
            return
        made = os.path.join(staging, entries[0])
        if os.path.isdir(made) and os.path.lexists(dest):
            raise PlainError("cannot copy directory", exit_code=1)
        os.replace(made, dest)
    finally:
        if staging:
            shutil.rmtree(staging, ignore_errors=True)


def _copy_in(context, root, request):
    src = request["local_path"]
    if src == "-":
        proc = _worker(root, "unpack-into", request["container_path"], stdin=subprocess.PIPE)
        stdin = context.session.env.stdin
        try:
            shutil.copyfileobj(getattr(stdin, "buffer", stdin), proc.stdin, 1 << 16)
        except BrokenPipeError:
            pass
        proc.stdin.close()
        _finish(proc, request)
        return None
    contents = src.endswith("/.")
    path = src[:-2] or "/" if contents else src
    if request["follow_link"]:
        path = os.path.realpath(path)
    if not os.path.lexists(path):
        raise PlainError("lstat %s: no such file or directory" % os.path.abspath(path), exit_code=1)
    name = os.path.basename(path.rstrip("/")) or "."
    mode = ["unpack-into", request["container_path"]] if contents else \
        ["unpack", request["container_path"], name]
    proc = _worker(root, *mode, stdin=subprocess.PIPE)
    keep_owner = request["archive"]
    try:
        with tarfile.open(fileobj=proc.stdin, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            def owned(info):
                if not keep_owner:  # docker: without -a the copy belongs to the container's root
                    info.uid = info.gid = 0
                    info.uname = info.gname = "root"
                return info
            if contents:
                for entry in sorted(os.listdir(path)):
                    archive.add(os.path.join(path, entry), arcname=entry, filter=owned)
            else:
                archive.add(path, arcname=name, filter=owned)
    except BrokenPipeError:
        pass
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    _finish(proc, request)
    return None


def export(context, request):
    """export: the container's whole root filesystem as a tar, without what is mounted on it."""
    with container_root(context) as root:
        output = request["output"]
        target = context.session.env.stdout_bytes if output == "-" else open(output, "wb")
        proc = _worker(root, "pack", "/.", "one-filesystem", stdout=subprocess.PIPE)
        try:
            shutil.copyfileobj(proc.stdout, target, 1 << 16)
            target.flush()
        finally:
            proc.stdout.close()
            if output != "-":
                target.close()
        _finish(proc, {"container": request["container"], "container_path": "/"})
    return None
