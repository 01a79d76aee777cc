"""What on the node still expects Docker: systemd units that depend on docker.service,
and cron jobs, units and local scripts that run the docker command."""

import os
import re

from dockercri.doctor.report import fail, ok, skip, warn

UNIT_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
SCRIPT_DIRS = ("/usr/local/bin",)
PER_FILE = 3
MAX_FILES = 20

_DEPENDENCY = re.compile(r"^\s*(Requires|Requisite|BindsTo|Wants|After|PartOf|Upholds)\s*=(.*)$")
_HARD = ("Requires", "Requisite", "BindsTo")
_DOCKER_UNITS = ("docker.service", "docker.socket")
_EXEC = re.compile(r"^\s*Exec\w*\s*=")
_DOCKER_COMMAND = re.compile(r"""(?:^|[\s;&|(`'"=/])(docker(?:-compose)?)(?=$|[\s;&|)`'"])""")


def _unit_files(node):
    seen = set()
    for directory in UNIT_DIRS:
        for path in node.walk(directory):
            real = os.path.realpath(node.path(path))
            if real in seen or node.islink(path):
                continue
            seen.add(real)
            yield path


def _cron_files(node):
    files = []
    for path in node.glob("/etc", "cron*"):
        files.extend(node.walk(path) if node.isdir(path) else [path])
    return files + node.walk("/var/spool/cron")


def _summarise(hits, what):
    """hits: file → [(line number, text)] → detail lines, a few per file and a few files."""
    lines = []
    for path in list(hits)[:MAX_FILES]:
        found = hits[path]
        for number, text in found[:PER_FILE]:
            lines.append("%s:%d: %s" % (path, number, text.strip()[:120]))
        if len(found) > PER_FILE:
            lines.append("%s: ... %d more" % (path, len(found) - PER_FILE))
    if len(hits) > MAX_FILES:
        lines.append("... and %d more %s" % (len(hits) - MAX_FILES, what))
    return "\n".join(lines)


def check_units(node):
    name = "docker/units"
    hits, hard = {}, False
    for path in _unit_files(node):
        base = path.rsplit("/", 1)[1]
        if base in _DOCKER_UNITS or "/docker.service.d/" in path or "/docker.socket.d/" in path:
            continue
        for number, line in enumerate((node.read(path) or "").splitlines(), 1):
            match = _DEPENDENCY.match(line)
            if match and any(unit in match.group(2).split() for unit in _DOCKER_UNITS):
                hits.setdefault(path, []).append((number, line))
                hard = hard or match.group(1) in _HARD
    if not hits:
        return [ok(name, "no unit depends on docker.service")]
    report = fail if hard else warn
    why = "will not start once Docker is removed" if hard else "are ordered after docker.service"
    return [report(name, "%d unit file(s) %s:\n%s" % (len(hits), why, _summarise(hits, "files")),
                   "drop docker.service/docker.socket from those lines (name containerd.service "
                   "where a runtime is needed): systemctl edit --full <unit>; then "
                   "systemctl daemon-reload")]


def check_docker_service(node):
    name = "docker/service"
    enabled = [path for path in node.walk("/etc/systemd/system")
               if path.rsplit("/", 1)[1] in _DOCKER_UNITS and node.islink(path)
               and path.rsplit("/", 2)[1].endswith((".wants", ".requires"))]
    if enabled:
        return [warn(name, "still enabled: %s" % ", ".join(enabled),
                     "systemctl disable --now docker.service docker.socket")]
    if not any(node.exists("%s/docker.service" % d) for d in UNIT_DIRS):
        return [skip(name, "no docker.service unit")]
    return [ok(name, "docker.service is installed but not enabled")]


def _docker_lines(text, only_exec=False):
    for number, line in enumerate((text or "").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if only_exec and not _EXEC.match(line):
            continue
        if _DOCKER_COMMAND.search(line):
            yield number, line


def check_scripts(node):
    name = "docker/scripts"
    hits = {}
    sources = [(path, False) for path in _cron_files(node)]
    sources += [(path, True) for path in _unit_files(node)]
    for directory in SCRIPT_DIRS:
        sources += [(path, False) for path in node.walk(directory) if not node.islink(path)]
    for path, only_exec in sources:
        found = list(_docker_lines(node.read(path), only_exec))
        if found:
            hits[path] = found
    if not hits:
        return [ok(name, "no cron job, unit or script in /usr/local/bin runs docker")]
    audited = _audit(node, hits)
    if audited is None:
        head = "%d file(s) run the docker command:" % len(hits)
        audit_fix = ("`pip install \"dockercri[audit]\"`, then `dockercri audit FILE...` "
                     "tells which calls still work")
    else:
        counts, hits = audited
        head = "%d file(s) run the docker command: %s" % (len(hits), counts)
        audit_fix = "`dockercri audit %s` tells what each call becomes" % " ".join(hits)
    return [warn(name, "%s\n%s" % (head, _summarise(hits, "files")),
                 "replace docker with crictl, or with dockercri where it runs the same command ("
                 + audit_fix + "), or install dockercri as docker: "
                 "ln -s \"$(command -v dockercri)\" /usr/local/bin/docker")]


def _audit(node, hits):
    """The audit's verdicts for the files that name docker: (summary, file → [(line, text)]),
    or None when the audit's shell parser is not installed."""
    from dockercri.audit import audit
    from dockercri.audit.report import summary
    from dockercri.audit.shell import MissingParser, parser

    try:
        parser()
    except MissingParser:
        return None
    findings, _ = audit([node.path(path) for path in hits])
    by_file = {}
    for finding in findings:
        path = "/" + os.path.relpath(finding.file, node.root) if node.root != "/" else finding.file
        by_file.setdefault(path, []).append(
            (finding.line, "%s: %s" % (finding.verdict, finding.command)))
    return summary(findings), {path: by_file.get(path, found) for path, found in hits.items()}
