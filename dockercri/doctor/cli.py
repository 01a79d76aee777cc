"""`dockercri doctor [--format json|text] [--root DIR]
                  [--migrate-registries [--dry-run] [--force]]`"""

import json
import os

from dockercri.doctor import (containerd, crictl, daemon_json, kernel, kubelet, references,
                              registries, runtime, sandbox)
from dockercri.doctor.node import Node
from dockercri.doctor.report import Result, render_json, render_text
from dockercri.errors import DockerCLIError, UsageError

CHECKS = (
    kernel.check_modules,
    kernel.check_sysctls,
    runtime.check_reachable,
    runtime.check_api_version,
    runtime.check_conditions,
    containerd.check_cri_plugin,
    containerd.check_cgroup_driver,
    sandbox.check_sandbox_image,
    kubelet.check_runtime_endpoint,
    kubelet.check_cgroup_driver,
    crictl.check_crictl,
    daemon_json.check_daemon_json,
    references.check_docker_service,
    references.check_units,
    references.check_scripts,
)

USAGE = """
Usage:  {prog} doctor [OPTIONS]

Check that this node is ready to run Kubernetes on a CRI runtime without Docker

Options:
      --dry-run              Change nothing: with --migrate-registries print the files
                             instead of writing them; never pull the sandbox image
      --force                With --migrate-registries, also replace hosts.toml files
                             that dockercri did not write
      --format string        Output format: text or json (default "text")
      --migrate-registries   Write containerd hosts.toml files for the registry-mirrors
                             and insecure-registries of /etc/docker/daemon.json
      --root string          Read (and write) the node's files below this directory
                             (default "/")
"""

_VALUE_FLAGS = ("--format", "--root")
_BOOL_FLAGS = ("--migrate-registries", "--dry-run", "--force")


def parse(words):
    options = {"format": "text", "root": "/", "migrate_registries": False, "dry_run": False,
               "force": False, "help": False}
    index = 0
    while index < len(words):
        word = words[index]
        name, eq, value = word.partition("=")
        if name in _VALUE_FLAGS:
            if not eq:
                if index + 1 >= len(words):
                    raise UsageError("flag needs an argument: %s" % name, "doctor")
                index += 1
                value = words[index]
            options[name[2:]] = value
        elif word in _BOOL_FLAGS:
            options[word[2:].replace("-", "_")] = True
        elif word in ("-h", "--help"):
            options["help"] = True
        elif word.startswith("-"):
            raise UsageError("unknown flag: %s" % name, "doctor")
        else:
            raise UsageError('"doctor" accepts no arguments.', "doctor")
        index += 1
    if options["format"] not in ("text", "json"):
        raise UsageError('--format must be "text" or "json", not "%s"' % options["format"],
                         "doctor")
    if options["force"] and not options["migrate_registries"]:
        raise UsageError("--force goes with --migrate-registries", "doctor")
    return options


def _cri(session):
    try:
        executor = session.executor
        return executor if hasattr(executor, "execute") else executor.cri
    except ImportError:  # no grpc: the runtime checks report it as unreachable
        return None


def run_checks(node, debug=False):
    results = []
    for check in CHECKS:
        try:
            results.extend(check(node))
        except Exception as error:  # noqa: BLE001 - one broken check must not hide the others
            if debug:
                raise
            results.append(Result(check.__name__.replace("check_", ""), "fail",
                                  "the check itself failed: %s: %s" % (type(error).__name__, error),
                                  "dockercri --debug doctor shows where"))
    return results


def run_doctor(words, session):
    options = parse(list(words))
    if options["help"]:
        session.env.stdout.write(USAGE.format(prog=session.env.prog))
        return 0
    if not os.path.isdir(options["root"]):
        raise DockerCLIError("--root %s: no such directory" % options["root"], exit_code=1)
    node = Node(options["root"], _cri(session),
                api_forced=getattr(session.config, "api_version", "auto") != "auto",
                pull=not options["dry_run"])
    if options["migrate_registries"]:
        return migrate_registries(node, session, options)
    results = run_checks(node, getattr(session.config, "debug", False))
    render = render_json if options["format"] == "json" else render_text
    session.env.stdout.write(render(results))
    return 1 if any(result.status == "fail" for result in results) else 0


def migrate_registries(node, session, options):
    out = session.env.stdout
    daemon, error = daemon_json.read(node)
    if error:
        raise DockerCLIError("%s is not valid JSON: %s" % (node.path(registries.DAEMON_JSON),
                                                           error), exit_code=1)
    daemon = daemon or {}
    changes = registries.migrate(node, daemon, options["dry_run"], options["force"])
    _, networks = registries.insecure_hosts(daemon)
    config_fix = registries.config_path_fix(node) if changes else None
    if options["format"] == "json":
        out.write(json.dumps({
            "files": [{"host": c.host, "path": node.path(c.path), "action": c.action,
                       "content": c.text} for c in changes],
            "networks": networks,
            "config_path": config_fix,
        }, indent=2) + "\n")
        return 1 if any(c.action == "kept" for c in changes) else 0
    if not changes and not networks:
        out.write("%s %s: nothing to migrate\n" % (
            node.path(registries.DAEMON_JSON),
            "sets no registry-mirrors or insecure-registries"
            if node.exists(registries.DAEMON_JSON) else "does not exist"))
        return 0
    for change in changes:
        path = node.path(change.path)
        if change.action == "kept":
            out.write("kept           %s: dockercri did not write it; --force replaces it\n"
                      % path)
        elif change.action.startswith("would"):
            out.write("%-15s%s:\n" % (change.action, path))
            text = change.text.rstrip("\n")
            out.write("".join("    " + line + "\n" for line in text.split("\n")))
        else:
            out.write("%-15s%s\n" % (change.action, path))
    for network in networks:
        out.write("not migrated   %s: containerd has no setting for whole networks; write a "
                  "hosts.toml for each registry in it\n" % network)
    if config_fix:
        out.write("\ncontainerd reads these files only when its registry config_path names %s:\n"
                  % registries.CERTS_D)
        out.write("".join("    " + line + "\n" for line in config_fix.split("\n")))
    elif changes:
        out.write("\ncontainerd's config_path names %s; it reads hosts.toml at each pull\n"
                  % registries.CERTS_D)
    return 1 if any(c.action == "kept" for c in changes) else 0
