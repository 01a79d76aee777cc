"""stats: docker's columns from two CRI stats samples; live refresh on a terminal."""

from dockercri import names
from dockercri.plan.common import refuse_if_needed
from dockercri.render import humanize
from dockercri.render.table import format_table

HEADER = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O",
          "BLOCK I/O", "PIDS"]


def _memory_total():
    from dockercri.commands.system import _meminfo_total
    return _meminfo_total()


def _targets(intent, results):
    pods = {pod.id: pod for pod in results["pods"].items}
    if intent.args:
        chosen = [results["find%d" % index] for index in range(1, len(intent.args) + 1)]
    else:
        chosen = sorted(results["containers"].containers, key=lambda c: c.created_at,
                        reverse=True)
    return [(c, names.container_name(c, pods)) for c in chosen]


def _by_id(response):
    return {stat.attributes.id: stat for stat in response.stats}


def rows(targets, first, second, elapsed, no_trunc, limit):
    out = []
    for container, name in targets:
        a, b = first.get(container.id), second.get(container.id)
        cpu = 0.0
        if a is not None and b is not None and elapsed > 0:
            used = b.cpu.usage_core_nano_seconds.value - a.cpu.usage_core_nano_seconds.value
            cpu = max(0.0, used / (elapsed * 1e9) * 100.0)
        memory = b.memory.working_set_bytes.value if b is not None else 0
        mem_limit = limit if b is not None and container.state == 1 else 0
        percent = (memory / mem_limit * 100.0) if mem_limit else 0.0
        out.append([container.id if no_trunc else container.id[:12], name, "%.2f%%" % cpu,
                    "%s / %s" % (humanize.bytes_size(memory), humanize.bytes_size(mem_limit)),
                    "%.2f%%" % percent, "--", "--", "--"])
    return out


def run_stats(intent, plan, session):
    from dockercri.plan.model import Plan
    from dockercri.plan.stats import REFRESH

    refuse_if_needed(plan, session)
    stream = not intent.opt("no_stream")
    live = stream and session.env.stdout_isatty()
    limit = _memory_total()
    try:
        results = session.executor.execute(plan, session)
        targets = _targets(intent, results)
        first = _by_id(results["sample1"])
        refresh = Plan(plan.command, steps=[s for s in plan.steps if s.key in REFRESH])
        while True:
            t1, t2 = results["wait"]  # just after the first sample, just before the second
            second = _by_id(results["sample2"])
            table = format_table(HEADER, rows(targets, first, second, t2 - t1,
                                              bool(intent.opt("no_trunc")), limit))
            if live:
                session.env.stdout.write("\x1b[2J\x1b[H")
            session.env.stdout.write(table)
            session.env.stdout.flush()
            if not stream:
                return 0
            first = second
            results = session.executor.execute(refresh, session, results)
    except KeyboardInterrupt:
        return 0
