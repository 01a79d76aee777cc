"""A command line docker itself rejects (a bad filter, time, port or reference): the plan
says so as its one step, so explain shows it and running it prints docker's words."""

from dockercri.errors import DockerCLIError, PlainError


def refuse(context, request):
    kind = PlainError if request.get("plain") else DockerCLIError
    raise kind(request["message"], exit_code=request["exit_code"])
