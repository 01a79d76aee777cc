"""`dockercri audit PATH...`: which docker calls in scripts, units, crontabs and YAML
still work once a node runs a CRI runtime instead of Docker.

    from dockercri.audit import audit
    findings = audit(["/usr/local/bin", "/etc/cron.d"])   # [Finding]

sources finds the files and the shell text in them, shell reads the docker calls
out of that text (tree-sitter's bash grammar, the optional `audit` extra),
classify gives each call a verdict from dockercri's own table and plan, and
assumptions names Docker-only paths and units around them. Nothing here talks
to the runtime (or imports grpc).
"""

from dockercri.record import Record

ASSUMPTION = "assumes-docker"  # the verdict of a docker-specific assumption


class Finding(Record):
    FIELDS = (
        "file", "line",
        "command",         # as written, on one line
        "verdict",         # works, differs, refused, unknown, or assumes-docker
        "reason",
        ("kind", "call"),  # "call" or "assumption"
        ("explain", ""),   # the CRI plan as `dockercri explain` prints it (on request)
    )

    def as_dict(self, explain=False):
        out = {"file": self.file, "line": self.line, "command": self.command,
               "verdict": self.verdict, "reason": self.reason, "kind": self.kind}
        if explain:
            out["explain"] = self.explain
        return out


def audit(paths, explain=False):
    """Findings of every file below paths, in file order then line order, and how many
    files were read."""
    from dockercri.audit import assumptions, sources

    findings, read = [], 0
    for path, named in sources.files(paths):
        text = sources.read_text(path)
        if text is None:
            continue
        kind = sources.kind_of(path, text, named)
        if kind is None:
            continue
        read += 1
        found = _calls(path, kind, text, explain)
        found += [Finding(path, item.line, item.text, ASSUMPTION, item.reason, "assumption")
                  for item in assumptions.find(text)]
        findings += sorted(found, key=lambda finding: finding.line)
    return findings, read


def _calls(path, kind, text, explain):
    from dockercri.audit import shell, sources
    from dockercri.audit.classify import classify

    found = []
    for offset, piece in sources.pieces(kind, text, path):
        for call in shell.calls(piece, offset):
            verdict = classify(call)
            text, plan_text = call.text, ""
            if verdict.command is not None and verdict.command.name == "login":
                text = _redacted(text, verdict.command)
            if explain and verdict.plan is not None:
                plan_text = _explain(verdict)
            found.append(Finding(path, call.line, text, verdict.verdict, verdict.reason,
                                 "call", plan_text))
    return found


def _redacted(text, command):
    """A login's password is not repeated in the report (explain hides it the same way)."""
    from dockercri.cli.explain import redacted

    return " ".join(redacted(text.split(" "), command))


def _explain(verdict):
    import shlex

    from dockercri.cli.explain import redacted
    from dockercri.render.explain import explain_text

    words = redacted(list(verdict.argv), verdict.command)
    return explain_text(" ".join(shlex.quote(word) for word in words), verdict.command,
                        verdict.plan)
