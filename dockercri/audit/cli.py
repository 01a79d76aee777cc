"""`dockercri audit [--format text|json] [--explain] PATH...`"""

import os

from dockercri.errors import DockerCLIError, UsageError

USAGE = """
Usage:  {prog} audit [OPTIONS] PATH [PATH...]

Find the docker calls in scripts, systemd units, crontabs and YAML playbooks or
manifests, and tell which still work on a CRI node: works, differs (runs, but
something a script may rely on is different), refused (CRI cannot do it), or
unknown (decided by values known only at run time). Also names Docker-only
paths and units (docker.sock, /var/lib/docker, docker.service, docker://).
The exit status is 1 when any call is refused.

Options:
      --explain         Add the CRI plan of each call, as explain prints it
      --format string   Output format: text or json (default "text")
"""

INSTALL_HINT = ('"{prog} audit" needs a shell parser that is not installed: '
                'pip install "dockercri[audit]" (tree-sitter and tree-sitter-bash)')


def parse(words):
    options = {"format": "text", "explain": False, "help": False, "paths": []}
    index = 0
    while index < len(words):
        word = words[index]
        name, eq, value = word.partition("=")
        if name == "--format":
            if not eq:
                if index + 1 >= len(words):
                    raise UsageError("flag needs an argument: --format", "audit")
                index += 1
                value = words[index]
            options["format"] = value
        elif word == "--explain":
            options["explain"] = True
        elif word in ("-h", "--help"):
            options["help"] = True
        elif word == "--":
            options["paths"] += words[index + 1:]
            break
        elif word.startswith("-") and word != "-":
            raise UsageError("unknown flag: %s" % name if word.startswith("--") else
                             "unknown shorthand flag: '%s' in %s" % (word[1:2], word), "audit")
        else:
            options["paths"].append(word)
        index += 1
    if options["format"] not in ("text", "json"):
        raise UsageError('--format must be "text" or "json", not "%s"' % options["format"],
                         "audit")
    return options


def run_audit(words, session):
    prog = session.env.prog
    options = parse(list(words))
    if options["help"]:
        session.env.stdout.write(USAGE.format(prog=prog))
        return 0
    if not options["paths"]:
        raise DockerCLIError('"%s audit" requires at least 1 argument.\nSee \'%s audit --help\'.'
                             '\n\nUsage:  %s audit [OPTIONS] PATH [PATH...]\n\n'
                             'Find the docker calls in scripts and tell which still work'
                             % (prog, prog, prog), exit_code=1)
    for path in options["paths"]:
        if not os.path.exists(path):
            raise DockerCLIError("audit: %s: no such file or directory" % path, exit_code=1)
    from dockercri.audit import audit, report
    from dockercri.audit.shell import MissingParser, parser

    try:
        parser()
    except MissingParser:
        raise UsageError(INSTALL_HINT.format(prog=prog), "audit")
    findings, read = audit(options["paths"], options["explain"])
    if options["format"] == "json":
        session.env.stdout.write(report.render_json(findings, options["explain"]))
    else:
        session.env.stdout.write(report.render_text(findings, read, options["explain"]))
    return 1 if any(finding.verdict == "refused" for finding in findings) else 0
