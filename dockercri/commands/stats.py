"""stats: docker's columns from two CRI stats samples; live refresh on a terminal."""

from dockercri import names
from dockercri.plan.common import refuse_if_needed
from dockercri.render import humanize

def _memory_total():
    from dockercri.commands.system import _meminfo_total
    return _meminfo_total()


def _targets(intent, results):
    """(the name as given, or the id; the container or sandbox; its docker name) of each
    row. Listed without names, kubelet pod sandboxes are rows as dockershim's k8s_POD_
    containers were: the ready ones, all with -a."""
    pods = {pod.id: pod for pod in results["pods"].items}
    if intent.args:
        chosen = [(name, results["find%d" % index])
                  for index, name in enumerate(intent.args, 1)]
    else:
        rows = list(results["containers"].containers) + [
            names.Sandbox(pod) for pod in results["pods"].items
            if not names.is_managed(pod) and (pod.state == 0 or intent.opt("all"))]
        chosen = [(c.id[:12], c) for c in sorted(rows, key=lambda c: c.created_at,
                                                 reverse=True)]
    return [(given, c, names.sandbox_name(c.pod) if names.is_sandbox(c) else
             names.container_name(c, pods)) for given, c in chosen]


def _by_id(response):
    return {stat.attributes.id: stat for stat in response.stats}


class StatsContext:
    """One row of docker stats: the placeholders of its --format."""

    __go_type__ = "*formatter.containerStatsContext"
    HEADERS = {"Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME",
               "CPUPerc": "CPU %", "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %",
               "NetIO": "NET I/O", "BlockIO": "BLOCK I/O", "PIDs": "PIDS"}
    DEFAULT = ("ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs")

    def __init__(self, given, container_id, name, cpu, memory, limit, facts, no_trunc):
        self.given, self.id, self.name = given, container_id, name
        self.cpu, self.memory, self.limit, self.facts = cpu, memory, limit, facts
        self.no_trunc = no_trunc

    def Container(self):
        return self.given

    def ID(self):
        return self.id if self.no_trunc else self.id[:12]

    def Name(self):
        return self.name

    def CPUPerc(self):
        return "%.2f%%" % self.cpu

    def MemUsage(self):
        return "%s / %s" % (humanize.bytes_size(self.memory), humanize.bytes_size(self.limit))

    def MemPerc(self):
        return "%.2f%%" % ((self.memory / self.limit * 100.0) if self.limit else 0.0)

    def _pair(self, key):
        pair = self.facts.get(key) or (0, 0)
        return "%s / %s" % (humanize.human_size(pair[0]), humanize.human_size(pair[1]))

    def NetIO(self):
        return self._pair("net_io")

    def BlockIO(self):
        return self._pair("block_io")

    def PIDs(self):
        return str(self.facts.get("pids") or 0)

    def as_json(self):
        return {key: getattr(self, key)() for key in self.HEADERS}


def _cpu_percent(used_ns, elapsed):
    return max(0.0, used_ns / (elapsed * 1e9) * 100.0) if elapsed > 0 else 0.0


def _sandbox_usage(before, now):
    """(CPU %, memory, running) of a sandbox from two node readings of its cgroup."""
    if not now.get("read_at"):
        return 0.0, 0, False
    cpu = 0.0
    if before.get("cpu_time") is not None and now.get("cpu_time") is not None:
        cpu = _cpu_percent(now["cpu_time"] - before["cpu_time"],
                           now["read_at"] - before["read_at"])
    return cpu, now.get("memory") or 0, True


def contexts(targets, first, second, elapsed, no_trunc, host_memory, facts,
             sandboxes_before=None):
    """The rows: containers from the two CRI samples; sandboxes from the node's readings
    (`sandboxes_before`, then `facts`)."""
    out = []
    for given, container, name in targets:
        found = facts.get(container.id) or {}
        if names.is_sandbox(container):
            cpu, memory, running = _sandbox_usage(
                (sandboxes_before or {}).get(container.id) or {}, found)
            limit = (found.get("memory_limit") or host_memory) if running else 0
            out.append(StatsContext(given, container.id, name, cpu, memory, limit, found,
                                    no_trunc))
            continue
        a, b = first.get(container.id), second.get(container.id)
        cpu = 0.0
        if a is not None and b is not None:
            cpu = _cpu_percent(b.cpu.usage_core_nano_seconds.value -
                               a.cpu.usage_core_nano_seconds.value, elapsed)
        memory = b.memory.working_set_bytes.value if b is not None else 0
        running = b is not None and container.state == 1
        # the container's own limit; without one, the node's memory, as docker shows it
        limit = (found.get("memory_limit") or host_memory) if running else 0
        out.append(StatsContext(given, container.id, name, cpu, memory, limit, found,
                                no_trunc))
    return out


def run_stats(intent, plan, session):
    from dockercri.plan.model import Plan
    from dockercri.plan.stats import REFRESH
    from dockercri.render.output import write

    refuse_if_needed(plan, session)
    stream = not intent.opt("no_stream")
    live = stream and session.env.stdout_isatty()
    limit = _memory_total()
    try:
        results = session.executor.execute(plan, session)
        targets = _targets(intent, results)
        first = _by_id(results["sample1"])
        sandboxes_before = results.get("sandbox_sample1") or {}
        refresh = Plan(plan.command, steps=[s for s in plan.steps if s.key in REFRESH])
        while True:
            t1, t2 = results["wait"]  # just after the first sample, just before the second
            second = _by_id(results["sample2"])
            rows = contexts(targets, first, second, t2 - t1, bool(intent.opt("no_trunc")),
                            limit, results.get("node") or {}, sandboxes_before)
            if live:
                session.env.stdout.write("\x1b[2J\x1b[H")
            write(session, intent.opt("format"), rows, StatsContext.DEFAULT,
                  StatsContext.HEADERS)
            session.env.stdout.flush()
            if not stream:
                return 0
            first, sandboxes_before = second, results.get("node") or {}
            results = session.executor.execute(refresh, session, results)
    except KeyboardInterrupt:
        return 0
