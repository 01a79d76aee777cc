"""Step.lock: the steps of several names that carry the same lock value take turns while
the names' groups run at once (rm of a pod sandbox and of its containers in one call)."""

import threading
import time

from dockercri.plan.model import Plan, Ref, Step
from dockercri.runtime.executor import Executor

GUARD = threading.Lock()
ACTIVE, MOST = {}, {}


def value(context, request, pod):
    return pod


def hold(context, request):
    """Count how many steps hold `pod` at once, and how many run at all."""
    pod = request["pod"]
    with GUARD:
        for key in (pod, "any"):
            ACTIVE[key] = ACTIVE.get(key, 0) + 1
            MOST[key] = max(MOST.get(key, 0), ACTIVE[key])
    # stay until another step runs beside this one (or half a second has passed), so
    # that what may overlap does, however the threads are scheduled
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        with GUARD:
            if ACTIVE["any"] > 1:
                break
        time.sleep(0.005)
    time.sleep(0.02)
    with GUARD:
        for key in (pod, "any"):
            ACTIVE[key] -= 1


def _plan(pods, lock):
    steps = []
    for index, pod in enumerate(pods, 1):
        found = Ref("value%d" % index, "", "pod")
        steps += [Step("value%d" % index, node=__name__ + ":value", args=(pod,), group=index),
                  Step("hold%d" % index, node=__name__ + ":hold", request={"pod": found},
                       lock=found if lock else None, group=index)]
    return Plan("rm", steps=steps, parallel=4)


def test_steps_with_one_lock_value_take_turns_and_the_others_run_at_once():
    ACTIVE.clear()
    MOST.clear()
    Executor(cri=None).execute(_plan(["a", "a", "b", "b"], lock=True))
    assert (MOST["a"], MOST["b"]) == (1, 1)
    assert MOST["any"] == 2  # a and b at once


def test_without_a_lock_the_same_value_runs_at_once():
    ACTIVE.clear()
    MOST.clear()
    Executor(cri=None).execute(_plan(["a", "a", "a", "a"], lock=False))
    assert MOST["a"] > 1
