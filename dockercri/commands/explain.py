"""`dockercri explain <docker command line>`: the planning pipeline stopped before the runtime."""

import shlex

from dockercri.errors import DockerCLIError


def run_explain(words, session):
    words = list(words)
    if words and words[0] in ("docker", "dockercri"):
        words = words[1:]
    if not words:
        raise DockerCLIError('"%s explain" requires a docker command line, e.g. '
                             "%s explain run -d --name web busybox" % (session.env.prog,
                                                                      session.env.prog), exit_code=1)
    from dockercri.commands.registry import plan_argv
    from dockercri.render.explain import explain_text

    command, intent, plan = plan_argv(words, session.env.prog)
    text = " ".join(shlex.quote(word) for word in words)
    session.env.stdout.write(explain_text(text, command, plan))
    return 0
