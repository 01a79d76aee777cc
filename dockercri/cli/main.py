"""Entry point: docker's global flags, command dispatch, and every error's final form.

raw_main owns error handling and exit codes (httpie's shape); the commands
themselves raise DockerCLIError subclasses and never call sys.exit.
"""

import os
import sys

from dockercri.errors import DockerCLIError, UsageError, see_help

GLOBAL_VALUE_FLAGS = {
    "-r": "runtime_endpoint", "--runtime-endpoint": "runtime_endpoint",
    "-i": "image_endpoint", "--image-endpoint": "image_endpoint",
    "-H": "host", "--host": "host",
    "--timeout": "timeout", "-t": "timeout",
    "--config": "config", "-c": "config",
    "--cri-api": "api_version",
    "-l": "log_level", "--log-level": "log_level",
}
GLOBAL_BOOL_FLAGS = {"-D": "debug", "--debug": "debug", "-v": "version", "--version": "version",
                     "-h": "help", "--help": "help"}


def split_globals(argv):
    """Global flags come before the command word, as in docker."""
    found = {}
    index = 0
    while index < len(argv):
        arg = argv[index]
        name, eq, value = arg.partition("=")
        if name in GLOBAL_VALUE_FLAGS and arg.startswith("-"):
            if not eq:
                if index + 1 >= len(argv):
                    raise UsageError("flag needs an argument: %s" % arg, "")
                value = argv[index + 1]
                index += 1
            found[GLOBAL_VALUE_FLAGS[name]] = value
        elif arg in GLOBAL_BOOL_FLAGS:
            found[GLOBAL_BOOL_FLAGS[arg]] = True
        elif arg.startswith("-") and arg != "-":
            raise UsageError("unknown flag: %s" % arg if arg.startswith("--") else
                             "unknown shorthand flag: '%s' in %s" % (arg[1:2], arg), "")
        else:
            break
        index += 1
    return found, argv[index:]


def program_name(argv0):
    base = os.path.basename(argv0 or "")
    return "docker" if base == "docker" else "dockercri"


def raw_main(argv, env):
    """Run one command line; return the exit status."""
    debug = "-D" in argv[:1] or "--debug" in argv
    try:
        return dispatch(argv, env)
    except KeyboardInterrupt:
        return 130
    except UsageError as error:
        env.stderr.write(error.message + "\n")
        env.stderr.write(see_help(env.prog, error.command_path) + "\n")
        return error.exit_code
    except DockerCLIError as error:
        if error.message:
            env.stderr.write(error.text(env.prog) + "\n")
        return error.exit_code
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the one place that turns bugs into a line
        if debug:
            raise
        env.stderr.write("Error: %s: %s (run with --debug for details)\n"
                         % (type(error).__name__, error))
        return 1


def dispatch(argv, env):
    from dockercri import config as runtime_config
    from dockercri.cli import dispatch
    from dockercri.env import Session

    flags, rest = split_globals(list(argv))
    if flags.get("version"):
        from dockercri.render.version import version_flag_line
        env.stdout.write(version_flag_line() + "\n")
        return 0
    if not rest or flags.get("help") or rest[0] == "help" and len(rest) == 1:
        from dockercri.render.help import main_help
        env.stdout.write(main_help(env.prog))
        return 0
    config = runtime_config.resolve(
        runtime_endpoint=flags.get("runtime_endpoint"), image_endpoint=flags.get("image_endpoint"),
        timeout=flags.get("timeout"), config_path=_crictl_config(flags.get("config"), env),
        debug=flags.get("debug"), api_version=flags.get("api_version"), environ=env.environ,
        host=flags.get("host"))
    session = Session(env, config)
    try:
        return dispatch.run(rest, session)
    finally:
        if not env.exiting:
            session.close()


def _crictl_config(path, env):
    """docker's --config names a directory of client files; crictl's names a file."""
    if path and os.path.isdir(path):
        os.environ.setdefault("DOCKER_CONFIG", path)
        return None
    return path


def main(argv=None):
    from dockercri.env import Environment

    argv = sys.argv[1:] if argv is None else argv
    env = Environment(prog=program_name(sys.argv[0] if sys.argv else ""), exiting=True)
    status = raw_main(argv, env)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
    # Skip interpreter teardown: gRPC's threads would make every command wait for them.
    os._exit(status)
