"""`dockercri explain <docker command line>`: the planning pipeline stopped before the runtime."""

import shlex

from dockercri.errors import DockerCLIError


SECRET_FLAGS = ("--password", "-p")  # login's; nothing secret is ever echoed back


def redacted(words, command):
    if command.name != "login":
        return words
    out, hide_next = [], False
    for word in words:
        if hide_next:
            out.append("<redacted>")
            hide_next = False
        elif word in SECRET_FLAGS:
            out.append(word)
            hide_next = True
        elif any(word.startswith(flag + "=") for flag in SECRET_FLAGS):
            out.append(word.split("=", 1)[0] + "=<redacted>")
        elif word.startswith("-p") and len(word) > 2:
            out.append("-p<redacted>")
        else:
            out.append(word)
    return out


def run_explain(words, session):
    words = list(words)
    if words and words[0] in ("docker", "dockercri"):
        words = words[1:]
    if not words:
        raise DockerCLIError('"%s explain" requires a docker command line, e.g. '
                             "%s explain run -d --name web busybox" % (session.env.prog,
                                                                      session.env.prog), exit_code=1)
    from dockercri.cli.dispatch import plan_argv
    from dockercri.render.explain import explain_text

    command, intent, plan = plan_argv(words, session.env.prog)
    text = " ".join(shlex.quote(word) for word in redacted(words, command))
    session.env.stdout.write(explain_text(text, command, plan))
    return 0
