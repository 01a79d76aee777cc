"""containerd's own image tool, for what CRI has no call for (tag, load, save).

CRI's ImageService can list, pull and remove images only. containerd's `ctr`, run on
the node against the runtime's own socket and in the namespace the CRI plugin uses
(k8s.io), tags, imports and exports images in the same store, so `docker images` and
pods see the result at once. Plans name the command line; `<runtime socket>` is filled
here with the socket of the endpoint that answered."""

import shutil
import subprocess
import tempfile

from dockercri.errors import DockerCLIError, PlainError

SOCKET = "<runtime socket>"
SNAPSHOTTER = "<the CRI plugin's snapshotter>"
NAMESPACE = "k8s.io"  # containerd's CRI plugin keeps the kubelet's images here


def ctr_argv(*words):
    return ["ctr", "--address", SOCKET, "--namespace", NAMESPACE] + list(words)


def _refused(context, why):
    command = context.step.key
    return DockerCLIError(
        "Error response from daemon: docker %s needs containerd's ctr on the node: %s.\n"
        "Instead: on containerd, ctr -n k8s.io images %s; with CRI-O, podman or skopeo on the "
        "node's containers-storage." % (command, why, {"load": "import", "save": "export"}.get(
            command, command)), exit_code=1)


def _argv(context, argv):
    version = context["version"]
    if version is not None and version.runtime_name != "containerd":
        raise _refused(context, "the runtime is %s, not containerd" % version.runtime_name)
    binary = shutil.which("ctr")
    if binary is None:
        raise _refused(context, "no ctr on PATH")
    endpoint = context.executor.cri.endpoint("RuntimeService")
    socket = endpoint[len("unix://"):] if endpoint.startswith("unix://") else endpoint
    fill = {SOCKET: socket, SNAPSHOTTER: _snapshotter(context)}
    return [binary] + [fill.get(word, word) for word in argv[1:]]


def _snapshotter(context):
    from dockercri.verbose import verbose_info
    info = verbose_info(context["status"]) or {}
    return ((info.get("config") or {}).get("containerd") or {}).get("snapshotter") or "overlayfs"


def _failed(stderr):
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    text = "Error response from daemon: %s" % (lines[-1] if lines else "ctr failed")
    if "content digest" in text and "not found" in text:
        text += ("\nThe runtime no longer has this image's compressed layers (containerd's CRI "
                 "plugin drops them after unpacking when discard_unpacked_layers is set). "
                 "Instead: copy it from its registry with skopeo copy, or pull it again with "
                 "that setting off.")
    return DockerCLIError(text, exit_code=1)


def run(context, request):
    """Run the ctr command line of the step; its output (bytes) is the result."""
    argv = _argv(context, request["argv"])
    proc = subprocess.run(argv, capture_output=True, timeout=request.get("timeout", 600))
    if proc.returncode != 0:
        raise _failed(proc.stderr)
    return proc.stdout


def import_archive(context, request):
    """ctr images import, from the file given or from standard input (spooled to a file
    first, since ctr reads an archive by seeking in it)."""
    argv = list(request["argv"])
    if argv[-1] != "-":
        return run(context, request)
    stdin = context.session.env.stdin
    source = getattr(stdin, "buffer", stdin)
    with tempfile.NamedTemporaryFile(prefix="dockercri-load-", suffix=".tar") as spool:
        shutil.copyfileobj(source, spool, 1 << 20)
        spool.flush()
        if spool.tell() == 0:
            raise PlainError("requested load from stdin, but stdin is empty", exit_code=1)
        return run(context, dict(request, argv=argv[:-1] + [spool.name]))


def export_archive(context, request):
    """ctr images export, to the file given or streamed to standard output."""
    if request.get("output") != "-":
        return run(context, request)
    full = _argv(context, request["argv"])
    out = context.session.env.stdout_bytes
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=errors)
        for chunk in iter(lambda: proc.stdout.read(1 << 16), b""):
            out.write(chunk)
        proc.stdout.close()
        code = proc.wait()
        out.flush()
        if code != 0:
            errors.seek(0)
            raise _failed(errors.read())
    return b""


def loaded_names(output):
    """Image names from ctr import's "unpacking NAME (sha256:...)...done" lines."""
    names = []
    for line in output.decode("utf-8", "replace").splitlines():
        if line.startswith("unpacking ") and " (" in line:
            names.append(line[len("unpacking "):].split(" (", 1)[0])
    return names


TASK_ERRORS = (  # ctr's words -> docker's, for pause and unpause
    ("cannot pause a paused container", "Container %s is already paused"),
    ("cannot resume a running process", "Container %s is not paused"),
    ("not found", "Container %s is not running"),
)


def task(context, request):
    """ctr tasks pause|resume ID: the cgroup freezer, through the runtime's own tool."""
    try:
        return run(context, request)
    except DockerCLIError as error:
        for words, docker in TASK_ERRORS:
            if words in error.message:
                raise DockerCLIError("Error response from daemon: " + docker
                                     % request["container_id"], exit_code=1) from None
        raise


def complete_content(context, request):
    """Before an export: the image's compressed layers must be in the runtime's store.
    containerd skips fetching a layer whose snapshot exists already (another image had
    it), or drops it after unpacking; `ctr images check` says so, and `ctr content fetch`
    brings what is missing back from the image's registry (over plain HTTP where the
    registry answers only that, as the runtime's own configuration may allow)."""
    name = request["name"]
    check = _argv(context, ctr_argv("images", "check", "name==" + name))
    proc = subprocess.run(check, capture_output=True, timeout=60)
    if proc.returncode != 0 or b"incomplete" not in proc.stdout:
        return False
    fetch = _argv(context, ctr_argv("content", "fetch", name))
    proc = subprocess.run(fetch, capture_output=True, timeout=600)
    if proc.returncode != 0 and b"HTTP response to HTTPS client" in proc.stderr:
        proc = subprocess.run(fetch[:-1] + ["--plain-http", name], capture_output=True,
                              timeout=600)
    return proc.returncode == 0
