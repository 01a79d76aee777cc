"""docker's PromptForConfirmation, for the commands that ask before removing."""


def confirm(session, question):
    """Only y or Y says yes; no input (a closed stdin) says no."""
    session.env.stdout.write(question + " [y/N] ")
    session.env.stdout.flush()
    stdin = session.env.stdin
    answer = stdin.readline() if stdin is not None else ""
    return answer.strip() in ("y", "Y")
