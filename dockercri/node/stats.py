"""The wait between stats' two samples: a node step, so explain shows it."""

import time


def wait_a_second(context, request):
    """(when the wait began, when it ended): the wall time between the two samples."""
    began = time.monotonic()
    time.sleep(1.0)
    return began, time.monotonic()
