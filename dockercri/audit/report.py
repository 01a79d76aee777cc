"""The audit as text (per file, with counts) or as a JSON list."""

import json

from dockercri.audit import ASSUMPTION
from dockercri.audit.classify import VERDICTS


def counts(findings):
    """verdict → number of findings, every verdict present (assumes-docker too)."""
    out = {verdict: 0 for verdict in VERDICTS + (ASSUMPTION,)}
    for finding in findings:
        out[finding.verdict] += 1
    return out


def summary(findings):
    """"5 docker calls (3 works, 1 differs, 1 refused), 2 docker-specific assumptions"."""
    numbers = counts(findings)
    calls = sum(numbers[verdict] for verdict in VERDICTS)
    detail = ", ".join("%d %s" % (numbers[verdict], verdict) for verdict in VERDICTS
                       if numbers[verdict])
    text = "%d docker call%s" % (calls, "" if calls == 1 else "s")
    if detail:
        text += " (%s)" % detail
    assumed = numbers[ASSUMPTION]
    return text + ", %d docker-specific assumption%s" % (assumed, "" if assumed == 1 else "s")


def render_text(findings, files_read, explain=False):
    lines = []
    by_file = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    for path, found in by_file.items():
        lines.append("%s: %s" % (path, summary(found)))
        width = max(len(finding.verdict) for finding in found)
        for finding in found:
            lines.append("  %s:%d  %-*s  %s" % (path, finding.line, width, finding.verdict,
                                                 finding.command))
            if finding.reason:
                lines.append("      " + finding.reason)
            if explain and finding.explain:
                lines += ["      | " + line if line else "      |"
                          for line in finding.explain.rstrip("\n").split("\n")]
        lines.append("")
    lines.append("%d file%s read: %s" % (files_read, "" if files_read == 1 else "s",
                                         summary(findings)))
    return "\n".join(lines) + "\n"


def render_json(findings, explain=False):
    return json.dumps([finding.as_dict(explain) for finding in findings], indent=2) + "\n"
