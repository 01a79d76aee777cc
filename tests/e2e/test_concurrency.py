"""Many dockercri processes at once against one runtime: each command succeeds or fails
cleanly, names stay unique, and nothing is left behind."""

import json
import subprocess
import sys
import time
import uuid

from tests.e2e.test_lifecycle import pods_named

DOCKER_EXIT_CODES = {0, 1, 125, 126, 127}


def spawn(env, *argv):
    return subprocess.Popen([sys.executable, "-m", "dockercri"] + list(argv), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(procs, timeout=120):
    """[(argv, proc)] → [(argv, code, out, err)], every process checked for a clean end."""
    done = []
    for argv, proc in procs:
        out, err = proc.communicate(timeout=timeout)
        text = err.decode("utf-8", "replace")
        assert "Traceback" not in text and "(run with --debug for details)" not in text, (
            argv, text)
        assert proc.returncode in DOCKER_EXIT_CODES, (argv, proc.returncode, text)
        if proc.returncode:
            assert text.strip(), (argv, "a failure must say why")
        done.append((argv, proc.returncode, out.decode("utf-8", "replace"), text))
    return done


def containers_of(cri, pod_id):
    return [c for c in cri.call("RuntimeService.ListContainers", {}).containers
            if c.pod_sandbox_id == pod_id]


def managed_pods_with_prefix(cri, prefix):
    return [p for p in cri.call("RuntimeService.ListPodSandbox", {}).items
            if p.metadata.name.startswith(prefix)]


def test_twenty_processes_at_once(runtime_env, cri, dcri, testbed):
    image = testbed.images["busybox"]
    prefix = "cc%s-" % uuid.uuid4().hex[:4]
    contested = [prefix + "same-a", prefix + "same-b"]
    own = [prefix + "own-%d" % index for index in range(5)]
    try:
        for round_ in range(2):
            plan = []
            plan += [("run", "-d", "--name", contested[0], image, "sleep", "100")] * 4
            plan += [("run", "-d", "--name", contested[1], image, "sleep", "100")] * 3
            plan += [("run", "-d", "--name", name, image, "sleep", "100") for name in own]
            plan += [("rm", "-f", own[0], own[1]), ("rm", "-f", own[2]),
                     ("rm", "-f", prefix + "never-made")]
            plan += [("ps", "-a"), ("ps", "-q"), ("ps", "-a", "--format", "{{.Names}}")]
            plan += [("inspect", own[3]), ("inspect", contested[0])]
            assert len(plan) == 20
            # Interleave the kinds so that they really start together.
            order = plan[::2] + plan[1::2]
            procs = [(argv, spawn(runtime_env, *argv)) for argv in order]
            results = finish(procs)

            for name in contested:
                outcomes = [(code, err) for argv, code, out, err in results
                            if argv[0] == "run" and name in argv]
                winners = [code for code, err in outcomes if code == 0]
                assert len(winners) == 1, (name, outcomes)
                for code, err in outcomes:
                    if code:
                        assert code == 125 and "Conflict" in err, err
                assert len(pods_named(cri, name)) == 1
            for argv, code, out, err in results:
                if argv[0] == "rm":
                    assert code == 0, (argv, err)  # -f: a missing name is not a failure
                if argv[0] == "run" and argv[3] in own:
                    assert code in (0, 125), (argv, err)
                if argv[0] == "inspect" and code == 0:
                    found = json.loads(out)[0]
                    # Between RunPodSandbox and CreateContainer only the pod has the name,
                    # and inspect without --type finds that pod sandbox.
                    assert found.get("Name") == "/" + argv[1] or argv[1] in out, out
            # Whatever the order, every pod of ours holds exactly its one container.
            for pod in managed_pods_with_prefix(cri, prefix):
                assert len(containers_of(cri, pod.id)) == 1, pod.metadata.name
            # Next round: the same names again, from nothing.
            done = dcri("rm", "-f", *(contested + own))
            assert done.code == 0, done
            assert managed_pods_with_prefix(cri, prefix) == []
    finally:
        dcri("rm", "-f", *(contested + own))
    assert managed_pods_with_prefix(cri, prefix) == []


def test_rm_f_of_fifty_containers_in_one_command(runtime_env, cri, dcri, testbed):
    image = testbed.images["busybox"]
    prefix = "fifty%s-" % uuid.uuid4().hex[:4]
    names = [prefix + "%02d" % index for index in range(50)]
    try:
        for start in range(0, len(names), 10):
            batch = [(name, spawn(runtime_env, "run", "-d", "--name", name, image, "sleep",
                                  "100")) for name in names[start:start + 10]]
            for argv, code, out, err in finish(batch):
                assert code == 0, (argv, err)
        assert len(managed_pods_with_prefix(cri, prefix)) == 50
        started = time.monotonic()
        proc = spawn(runtime_env, "rm", "-f", *names)
        [(argv, code, out, err)] = finish([("rm", proc)], timeout=300)
        elapsed = time.monotonic() - started
        assert code == 0, err
        assert out.split() == names  # each success printed, in the order given
        assert managed_pods_with_prefix(cri, prefix) == []
        print("rm -f of 50 containers: %.1f s" % elapsed)
        assert elapsed < 120
    finally:
        dcri("rm", "-f", *names)
    assert managed_pods_with_prefix(cri, prefix) == []
