"""tag, load, save: CRI has no call for them; on containerd the node's ctr does them in the
runtime's own image store (namespace k8s.io), so the runtime and pods see the result."""

from dockercri.plan.invalid import rejects
import platform

from dockercri.plan.common import start
from dockercri.plan.images import parse_reference
from dockercri.plan.lookup import find_image
from dockercri.plan.model import Step
from dockercri.node.ctr import SNAPSHOTTER, ctr_argv

WHY_CTR = ("CRI's ImageService can only list, pull and remove images; containerd's ctr works "
           "on the same image store",)
HOW = {"tag": "dockercri.node.ctr:run", "load": "dockercri.node.ctr:import_archive",
       "save": "dockercri.node.ctr:export_archive"}


def _node_platform():
    machine = platform.machine()
    return "linux/" + {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def _start(intent, command):
    plan = start(command, intent)
    plan.add(Step("version", "RuntimeService.Version", {"version": "v1"},
                  why=("ctr works only on containerd: the runtime's name",)))
    return plan


def _ctr_step(plan, key, argv, **request):
    shown = " ".join(word if isinstance(word, str) else "<%s>" % word.label for word in argv)
    plan.add(Step(key, node=HOW[key], request=dict(request, argv=argv),
                  action="%s" % shown, why=WHY_CTR))


@rejects
def plan_tag(intent, command):
    plan = _start(intent, command)
    target = _parsed(intent.args[1])
    source = find_image(plan, intent.args[0], daemon=True)
    _ctr_step(plan, "tag", ctr_argv("images", "tag", "--force", source, target.full))
    return plan


def _parsed(name):
    """docker's client check of a tag's target, in its words."""
    from dockercri.errors import DockerCLIError
    from dockercri.plan.images import InvalidReference
    try:
        return parse_reference(name)
    except InvalidReference as error:
        raise DockerCLIError('Error parsing reference: "%s" is not a valid repository/tag: %s'
                             % (name, error.message), exit_code=1) from None


def plan_load(intent, command):
    plan = _start(intent, command)
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("the snapshotter the CRI plugin unpacks images with",)))
    source = intent.opt("input") or "-"
    _ctr_step(plan, "load", ctr_argv("images", "import", "--snapshotter", SNAPSHOTTER,
                                     "--platform", _node_platform(), source))
    return plan


@rejects
def plan_save(intent, command):
    plan = _start(intent, command)
    names = []
    for index, name in enumerate(intent.args, 1):
        picked = find_image(plan, name, key="image%d" % index, daemon=True)
        names.append(_export_name(name, picked))
    output = intent.opt("output") or "-"
    for index, name in enumerate(names, 1):
        plan.add(Step("content%d" % index, node="dockercri.node.ctr:complete_content",
                      request={"name": name}, action=(
                          "ctr images check: are the image's compressed layers still in the "
                          "runtime's store? where containerd did not keep them, ctr content "
                          "fetch brings them back from the image's registry"), why=WHY_CTR))
    _ctr_step(plan, "save", ctr_argv("images", "export", "--platform", _node_platform(), output,
                                     *names), output=output)
    return plan


def _export_name(name, picked):
    """The name ctr exports the image under: docker's normalised reference (so the archive
    names it), or for an id or id prefix the image id the name resolved to."""
    if all(c in "0123456789abcdef" for c in name.replace("sha256:", "")):
        return picked
    return parse_reference(name).full


@rejects
def plan_import(intent, command):
    from dockercri.errors import DockerCLIError
    from dockercri.node.imports import apply_changes

    source = intent.args[0]
    if "://" in source:
        raise DockerCLIError("dockercri import reads a file or standard input, not a URL: "
                             "download it first (curl -o rootfs.tar URL)", exit_code=1)
    if len(intent.args) < 2:
        raise DockerCLIError("dockercri import needs REPOSITORY[:TAG]: an unnamed image in "
                             "containerd's store is not listed by CRI", exit_code=1)
    repository = _parsed(intent.args[1])
    changes = list(intent.opt("change") or ())
    apply_changes(changes)  # a bad --change fails before anything is made
    plan = _start(intent, command)
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("the snapshotter the CRI plugin unpacks images with",)))
    argv = ctr_argv("images", "import", "--snapshotter", SNAPSHOTTER, "--platform",
                    _node_platform())
    plan.add(Step("import", node="dockercri.node.imports:import_rootfs",
                  request={"argv": argv, "source": source, "repository": repository.full,
                           "changes": changes, "message": intent.opt("message") or ""},
                  action="make %s a one-layer image %s (its config from --change), "
                         "then %s <that archive>" % (
                             "standard input" if source == "-" else source, repository.full,
                             " ".join(argv)),
                  why=WHY_CTR))
    return plan
