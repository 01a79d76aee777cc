import io
import os
import sys

import pytest

# The suite forks (pexpect, subprocess) after it has used gRPC; see
# dockercri/runtime/connection.py for why gRPC's fork handlers must stay off.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "0")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return "Result(code=%r, out=%r, err=%r)" % (self.code, self.out, self.err)


class _Text(io.TextIOWrapper):
    def isatty(self):
        return False


def run_cli(argv, environ=None, clock=None):
    """Run dockercri in-process with captured streams; returns Result."""
    from dockercri.cli.main import raw_main
    from dockercri.env import Environment

    out_buf, err_buf = io.BytesIO(), io.BytesIO()
    out = _Text(out_buf, encoding="utf-8", write_through=True)
    err = _Text(err_buf, encoding="utf-8", write_through=True)
    env = Environment(stdout=out, stderr=err, environ=dict(environ or os.environ), prog="docker")
    if clock is not None:
        env.clock = clock
    code = raw_main(list(argv), env)
    out.flush()
    err.flush()
    return Result(code, out_buf.getvalue().decode("utf-8", "replace"),
                  err_buf.getvalue().decode("utf-8", "replace"))
