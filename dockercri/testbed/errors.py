"""Errors raised by the testbed."""


class TestbedError(RuntimeError):
    """The testbed could not be brought up or down; the message says why."""

    # pytest would otherwise try to collect this class as a test case.
    __test__ = False
