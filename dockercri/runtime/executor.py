"""The one place that runs plans: every runtime call a command makes is a step here.

A runner is plan → `execute` → render. The executor walks the plan's steps in
order; it resolves Refs, tests `when` conditions, fans a step out over the items
of an earlier result (all calls in flight at once on the channel), repeats a call
`until` its condition holds, runs node steps (work done on the node rather than
through CRI), holds interrupts where the plan says, and takes back what a failed
or interrupted command made by running the undo steps the plan gave. Every call
it makes is appended to `trace` with the key of its step, which is how the tests
prove that what explain prints is what runs.
"""

import contextlib
import importlib
import threading
import time

from dockercri import names
from dockercri.errors import DockerCLIError, NoSuchObject
from dockercri.plan.model import Computed, Pick, Ref


class WaitTimeout(DockerCLIError):
    """An `until` step whose condition did not come true within its timeout."""


class Results(dict):
    """Step key → that step's result (a response, a picked object, a node step's value,
    or for a fanned-out step the list of per-item results). `errors` holds the failure
    that ended each group; `skipped` the keys of steps whose condition did not hold."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors = {}
        self.skipped = []
        self.items = {}  # fanned-out step key → the items it ran for (after `where`)

    def per_item(self, key):
        """[(item, its result)] of a fanned-out step; [] when it did not run."""
        return list(zip(self.items.get(key, ()), self.get(key) or ()))


class Context:
    """What a condition, an error translator or a node step sees."""

    def __init__(self, executor, session, results, item=None, step=None):
        self.executor = executor
        self.session = session
        self.results = results
        self.item = item
        self.step = step

    def __getitem__(self, key):
        return self.results.get(key)

    def request_of(self, key):
        """Another step's request, filled from the results so far."""
        step = next(step for step in self.executor.plans[-1].steps if step.key == key)
        return fill(step.request, self.results, self.item, self)

    def call(self, key, item=None, **changes):
        """Make the call of the plan's on-demand step `key` (a node step's way to the
        runtime: only calls its plan declares). `changes` replace request fields."""
        step = self.executor.on_demand_step(key)
        request = fill(step.request, self.results, item, self)
        request.update(changes)
        return self.executor._call(key, step.rpc, request)


def _get_path(obj, path):
    if not path:
        return obj
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def fill(value, results, item=None, context=None):
    """Replace every Ref (and Computed value) inside a request with the value earlier
    steps produced."""
    if isinstance(value, Computed):
        if context is None:
            context = Context(None, None, results, item)
        return load(value.function)(context, *value.args)
    if isinstance(value, Ref):
        if value.step == "@each":
            return _get_path(item, value.path)
        return _get_path(results[value.step], value.path)
    if isinstance(value, dict):
        return {key: fill(entry, results, item, context) for key, entry in value.items()}
    if isinstance(value, list):
        return [fill(entry, results, item, context) for entry in value]
    return value


_LOADED = {}


def holds(check, context):
    return bool(load(check.test)(context, *check.args))


def load(ref):
    """"module:function" → the function (imported on first use)."""
    found = _LOADED.get(ref)
    if found is None:
        module, _, name = ref.partition(":")
        found = _LOADED[ref] = getattr(importlib.import_module(module), name)
    return found


class Executor:
    def __init__(self, cri, trace_file=None):
        self.cri = cri
        self.trace_file = trace_file  # DOCKERCRI_TRACE: each call appended as "key<TAB>rpc"
        self.trace = []          # (step key, rpc) of every call made, in order
        self.plans = []          # the plans executed, in order
        self._locks, self._locks_guard = {}, threading.Lock()  # Step.lock's
        self._undo = []          # (step, request) taking back what was made, newest last

    # -- the one way to the runtime -------------------------------------------------
    def _call(self, key, rpc, request):
        self._record([(key, rpc)])
        return self.cri.call(rpc, request)

    def _call_many(self, key, rpc, requests):
        self._record([(key, rpc)] * len(requests))
        return self.cri.call_many(rpc, requests)

    def _record(self, calls):
        self.trace.extend(calls)
        if self.trace_file and calls:
            # One write per call in append mode: lines from threads never interleave.
            with open(self.trace_file, "a") as handle:
                for key, rpc in calls:
                    handle.write("%s\t%s\n" % (key, rpc))

    # -- plans --------------------------------------------------------------------
    def execute(self, plan, session=None, results=None, on_group=None):
        """Run every step of `plan`; return the Results. A failure outside a group,
        or an interrupt, first runs the pending undo steps and is then raised.
        `on_group(group, error_or_None)` is called as each group ends, so that a
        command acting on several names can print each outcome as it comes."""
        results = Results() if results is None else results
        self.plans.append(plan)
        self._on_demand = {step.key: step for step in plan.steps if step.on_demand}
        interrupts = None
        if plan.parallel > 1 or any(step.held or step.undo for step in plan.steps):
            from dockercri.interrupts import Interrupts
            interrupts = Interrupts().install()
        self._undo = []
        self._parallel = plan.parallel
        current_group, mark = None, 0
        try:
            steps = list(plan.steps)
            index = 0
            while index < len(steps):
                step = steps[index]
                if step.group is not None and plan.parallel > 1:
                    end = index
                    while end < len(steps) and steps[end].group is not None:
                        end += 1
                    if interrupts is not None:
                        with interrupts.critical():
                            self._groups_at_once(steps[index:end], results, session,
                                                 interrupts, on_group)
                    else:
                        self._groups_at_once(steps[index:end], results, session, None, on_group)
                    index = end
                    continue
                index += 1
                if step.group != current_group:
                    if current_group is not None and on_group is not None:
                        on_group(current_group, results.errors.get(current_group))
                    current_group = step.group
                    mark = len(self._undo)
                    if interrupts is not None and interrupts.pending is not None:
                        break
                if step.group is not None and step.group in results.errors:
                    continue  # that name already failed: docker moves on to the next
                try:
                    self._step(step, results, session, interrupts)
                except DockerCLIError as error:
                    if step.group is None:
                        raise
                    results.errors[step.group] = error
                    self._take_back(interrupts, mark)  # what this name's steps made
            if current_group is not None and on_group is not None:
                on_group(current_group, results.errors.get(current_group))
            self._undo = []
            return results
        except BaseException:
            self._take_back(interrupts)
            raise
        finally:
            if interrupts is not None:
                interrupts.restore()

    def _take_back(self, interrupts, mark=0):
        pending, self._undo = self._undo[mark:], self._undo[:mark]
        if not pending:
            return

        def undo_all():
            for key, rpc, request in reversed(pending):
                try:
                    self._call(key, rpc, request)
                except DockerCLIError:
                    pass  # already gone, or the runtime went away: nothing more to do
        if interrupts is None:
            undo_all()
            return
        with interrupts.shielded():
            undo_all()

    def on_demand_step(self, key):
        return self._on_demand[key]

    def _step(self, step, results, session, interrupts):
        if step.on_demand:
            return  # made by the node step that needs it
        context = Context(self, session, results, step=step)
        if step.when is not None and not holds(step.when, context):
            results.skipped.append(step.key)
            return
        lock = contextlib.nullcontext()
        if step.lock is not None:
            lock = self._lock_for(fill(step.lock, results, None, context))
        with lock:
            self._run_step(step, results, session, interrupts)

    def _lock_for(self, value):
        """One lock per value: names of one command whose steps act on the same pod sandbox
        take turns (containerd refuses to remove a pod while one of its containers is
        being removed, and the other way round)."""
        with self._locks_guard:
            return self._locks.setdefault(value, threading.Lock())

    def _run_step(self, step, results, session, interrupts):
        try:
            if step.each is not None and interrupts is not None and step.held:
                with interrupts.critical():
                    results[step.key] = self._fan_out(step, results, session)
            elif step.each is not None:
                results[step.key] = self._fan_out(step, results, session)
            elif interrupts is not None and step.held:
                with interrupts.critical():
                    results[step.key] = self._once(step, results, session)
                    self._remember_undo(step, results)
            else:
                results[step.key] = self._once(step, results, session)
                self._remember_undo(step, results)
        except DockerCLIError as error:
            if step.errors is not None:
                translated = load(step.errors)(Context(self, session, results, step=step),
                                               error, *step.args)
                if isinstance(translated, BaseException):
                    raise translated from None
                results[step.key] = translated  # the failure means this result
                return
            if step.optional:
                results[step.key] = None
                return
            raise
        if step.keep:
            self._undo = []

    def _remember_undo(self, step, results):
        for undo in step.undo:
            self._undo.append((undo.key, undo.rpc, fill(undo.request, results)))

    # -- several names at once --------------------------------------------------------
    def _groups_at_once(self, steps, results, session, interrupts, on_group):
        """Consecutive grouped steps, each group in order, `plan.parallel` groups at a
        time. An interrupt lets the groups under way finish and starts no other."""
        from concurrent.futures import ThreadPoolExecutor

        order, by_group = [], {}
        for step in steps:
            if step.group not in by_group:
                order.append(step.group)
                by_group[step.group] = []
            by_group[step.group].append(step)

        def run_group(group):
            if interrupts is not None and interrupts.pending is not None:
                return False
            for step in by_group[group]:
                try:
                    self._step(step, results, session, None)
                except DockerCLIError as error:
                    results.errors[group] = error
                    break
            return True

        workers = max(1, min(self._parallel, len(order)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for group, began in zip(order, pool.map(run_group, order)):
                if began and on_group is not None:
                    on_group(group, results.errors.get(group))

    def _once(self, step, results, session, item=None):
        if step.pick is not None:
            return self.pick(step.pick, results)
        context = Context(self, session, results, item, step)
        request = fill(step.request, results, item, context)
        if step.node:
            return load(step.node)(context, request, *step.args)
        if not step.rpc:
            return None  # a note: something the runtime does by itself
        if step.until is None and step.during is not None:
            with load(step.during.test)(context, *step.during.args):
                return self._call(step.key, step.rpc, request)
        if step.until is None:
            return self._call(step.key, step.rpc, request)
        deadline = time.monotonic() + step.timeout if step.timeout else None
        while True:
            response = self._call(step.key, step.rpc, request)
            if holds(step.until, Context(self, session, dict(results, **{step.key: response}),
                                         item, step)):
                return response
            if deadline is not None and time.monotonic() >= deadline:
                raise WaitTimeout("%s: %s after %gs" % (step.key, step.until.text,
                                                         step.timeout))
            time.sleep(step.interval)

    def _fan_out(self, step, results, session):
        items = list(fill(step.each, results) or ())
        if step.where is not None:
            items = [item for item in items
                     if holds(step.where, Context(self, session, results, item, step))]
        if isinstance(results, Results):
            results.items[step.key] = items
        if step.rpc and not step.node and step.until is None:
            requests = [fill(step.request, results, item,
                             Context(self, session, results, item, step)) for item in items]
            outcomes = self._call_many(step.key, step.rpc, requests)
            for index, outcome in enumerate(outcomes):
                if isinstance(outcome, Exception):
                    if step.errors is not None:
                        outcome = load(step.errors)(
                            Context(self, session, results, items[index], step), outcome,
                            *step.args)
                        if isinstance(outcome, BaseException):
                            raise outcome
                        outcomes[index] = outcome
                    elif not step.optional:
                        raise outcome
                    else:
                        outcomes[index] = None
            return outcomes
        return [self._once(step, results, session, item) for item in items]

    # -- naming, from lists earlier steps fetched ------------------------------------
    def pick(self, pick, results):
        def listed(key, attribute):
            response = results.get(key)
            return list(getattr(response, attribute)) if response is not None else []

        if pick.kind == "container":
            return names.pick_container(pick.name, listed(pick.containers, "containers"),
                                        listed(pick.pods, "items"), pick.sandboxes)
        if pick.kind == "pod":
            return names.pick_pod(pick.name, listed(pick.pods, "items"))
        if pick.kind == "image":
            return names.pick_image(pick.name, listed(pick.images, "images"))
        for kind in ("container", "image", "pod"):
            try:
                return self.pick(Pick(kind, pick.name, pick.containers, pick.pods, pick.images,
                                      pick.sandboxes), results)
            except NoSuchObject:
                continue
        raise NoSuchObject("object", pick.name)
