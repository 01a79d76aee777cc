"""The README's "Everyday use" examples run as written against the testbed.

The block is read from README.md and run line by line in one bash shell with the
alias it sets. Two things differ from a person typing it, both so that the test can
run next to others on a shared testbed: the container is named per run instead of
`web`, and host port 8080 is a free port. `scripts/setup.sh` (which makes the
virtualenv this test already runs in) is not run again, and `dockercri` is this
checkout's.
"""

import os
import re
import subprocess
import sys
import uuid

from dockercri.node.run import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def everyday_block():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        section = f.read().split("\n## Everyday use\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"((?:\n    .*|\n)+)", section).group(1)
    lines = [line[4:] for line in block.splitlines() if line.startswith("    ")]
    assert lines, "no example block under Everyday use"
    return lines


def test_everyday_examples_run_as_written(testbed, tmp_path):
    lines = everyday_block()
    assert lines[0].startswith("bash scripts/setup.sh")
    name = "readme-%s" % uuid.uuid4().hex[:6]
    port = str(free_port("tcp"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "dockercri"
    wrapper.write_text("#!/bin/sh\nexec %s -m dockercri \"$@\"\n" % sys.executable)
    wrapper.chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    script = ["shopt -s expand_aliases", "cd %s" % ROOT]
    commands = []
    for line in lines[1:]:
        line = line.split("   #")[0].strip()
        line = re.sub(r"\bweb\b", name, line).replace("8080:80", port + ":80")
        if line.startswith("export PATH="):
            line = 'export PATH="%s:$PATH"' % bin_dir
        commands.append(line)
        # Each line on its own, with its exit status after it (an alias takes effect
        # only from the next line bash reads, as in a terminal).
        script += ["echo '::: %s'" % line.replace("'", "'\\''"), line, 'echo "::: exit $?"']
    env = {k: v for k, v in os.environ.items()
           if k not in ("CONTAINER_RUNTIME_ENDPOINT", "IMAGE_SERVICE_ENDPOINT")}
    env["PAGER"] = "cat"
    try:
        proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", "\n".join(script)],
                              env=env, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=180, text=True)
    finally:
        subprocess.run([sys.executable, "-m", "dockercri", "rm", "-f", name], cwd=ROOT,
                       env=dict(os.environ, **testbed.env()), capture_output=True)
    outputs = {}
    for chunk in proc.stdout.split("::: ")[1:]:
        head, _, body = chunk.partition("\n")
        if head.startswith("exit "):
            outputs[last] = (int(head[5:]), out_of_line)
        else:
            last, out_of_line = head, body
    for command in commands:
        assert command in outputs, (command, proc.stdout, proc.stderr)
        status, out = outputs[command]
        assert status == 0, "%r exited %d:\n%s\n%s" % (command, status, out, proc.stderr)
    run = "docker run -d --name %s -p %s:80 -m 256m busybox httpd -f -p 80" % (name, port)
    assert re.fullmatch(r"[0-9a-f]{64}\n", outputs[run][1])
    assert re.search(r"busybox +\"httpd -f -p 80\".*0\.0\.0\.0:%s->80/tcp +%s\n" % (port, name),
                     outputs["docker ps -a"][1])
    assert "etc\n" in outputs["docker exec %s ls /" % name][1]
    assert '"Path": "httpd"' in outputs["docker inspect %s | less" % name][1]
    assert outputs["docker stop {0} && docker start {0}".format(name)][1] == \
        "{0}\n{0}\n".format(name)
    assert outputs["docker rm -f %s" % name][1] == name + "\n"
    explained = outputs["dockercri explain run --rm -it --network host busybox sh"][1]
    assert "crictl attach -i -t <container id>" in explained
