"""The outside world a command sees, injected so tests can replace any of it."""

import os
import sys
import time

from dockercri.record import Factory, Record


class Environment(Record):
    FIELDS = (
        ("stdout", Factory(lambda: sys.stdout)),
        ("stderr", Factory(lambda: sys.stderr)),
        ("stdin", Factory(lambda: sys.stdin)),
        ("environ", Factory(lambda: os.environ)),
        ("clock", time.time),
        ("prog", "docker"),
        # A command-line process ends right after its command: closing gRPC channels
        # there only waits (about 170 ms) for threads the exit ends anyway.
        ("exiting", False),
    )

    @property
    def stdout_bytes(self):
        return getattr(self.stdout, "buffer", self.stdout)

    @property
    def stderr_bytes(self):
        return getattr(self.stderr, "buffer", self.stderr)

    def stdout_isatty(self):
        try:
            return self.stdout.isatty()
        except (AttributeError, ValueError):
            return False


class Session:
    """What a running command needs: the environment, the runtime config, and a
    lazily opened connection (so commands that never call the runtime never import grpc)."""

    def __init__(self, env, config):
        self.env = env
        self.config = config
        self._executor = None

    @property
    def executor(self):
        if self._executor is None:
            from dockercri.runtime.connection import CRI
            from dockercri.runtime.executor import Executor
            self._executor = Executor(CRI(self.config),
                                      trace_file=self.env.environ.get("DOCKERCRI_TRACE"))
        return self._executor

    def close(self):
        if self._executor is not None:
            self._executor.cri.close()

    def out(self, text=""):
        self.env.stdout.write(text + "\n")

    def err(self, text=""):
        self.env.stderr.write(text + "\n")
