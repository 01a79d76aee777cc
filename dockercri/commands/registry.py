"""Which planner and runner implement each command.

Planners and runners are named by string and imported on use, so a command
pays only for its own modules at start-up. Reading a command line and running
its plan is the command line's work: dockercri.cli.dispatch.
"""

import importlib


# command name → (planner "module:function", runner "module:function" or None)
COMMANDS = {
    "version": ("dockercri.plan.system:plan_version", "dockercri.commands.system:run_version"),
    "info": ("dockercri.plan.system:plan_info", "dockercri.commands.system:run_info"),
    "imagefsinfo": ("dockercri.plan.system:plan_imagefsinfo", "dockercri.commands.system:run_imagefsinfo"),
    "images": ("dockercri.plan.listing:plan_images", "dockercri.commands.listing:run_images"),
    "ps": ("dockercri.plan.listing:plan_ps", "dockercri.commands.listing:run_ps"),
    "pods": ("dockercri.plan.listing:plan_pods", "dockercri.commands.listing:run_pods"),
    "inspect": ("dockercri.plan.inspect:plan_inspect", "dockercri.commands.inspect:run_inspect"),
    "inspectp": ("dockercri.plan.inspect:plan_inspectp", "dockercri.commands.inspect:run_inspectp"),
    "logs": ("dockercri.plan.logs:plan_logs", "dockercri.commands.logs:run_logs"),
    "stats": ("dockercri.plan.stats:plan_stats", "dockercri.commands.stats:run_stats"),
    "run": ("dockercri.plan.run:plan_run", "dockercri.commands.run:run_run"),
    "create": ("dockercri.plan.run:plan_create", "dockercri.commands.run:run_create"),
    "stop": ("dockercri.plan.lifecycle:plan_stop", "dockercri.commands.lifecycle:run_stop"),
    "kill": ("dockercri.plan.lifecycle:plan_kill", "dockercri.commands.lifecycle:run_kill"),
    "rm": ("dockercri.plan.lifecycle:plan_rm", "dockercri.commands.lifecycle:run_rm"),
    "start": ("dockercri.plan.lifecycle:plan_start", "dockercri.commands.lifecycle:run_start"),
    "restart": ("dockercri.plan.lifecycle:plan_restart", "dockercri.commands.lifecycle:run_restart"),
    "wait": ("dockercri.plan.lifecycle:plan_wait", "dockercri.commands.lifecycle:run_wait"),
    "update": ("dockercri.plan.pods:plan_update", "dockercri.commands.pods:run_update"),
    "runp": ("dockercri.plan.pods:plan_runp", "dockercri.commands.pods:run_runp"),
    "stopp": ("dockercri.plan.pods:plan_stopp", "dockercri.commands.pods:run_stopp"),
    "rmp": ("dockercri.plan.pods:plan_rmp", "dockercri.commands.pods:run_rmp"),
    "container prune": ("dockercri.plan.lifecycle:plan_container_prune",
                        "dockercri.commands.lifecycle:run_container_prune"),
    "pull": ("dockercri.plan.images:plan_pull", "dockercri.commands.images:run_pull"),
    "rmi": ("dockercri.plan.images:plan_rmi", "dockercri.commands.images:run_rmi"),
    "image prune": ("dockercri.plan.images:plan_image_prune",
                    "dockercri.commands.images:run_image_prune"),
    "login": ("dockercri.plan.images:plan_login", "dockercri.commands.images:run_login"),
    "logout": ("dockercri.plan.images:plan_logout", "dockercri.commands.images:run_logout"),
    "exec": ("dockercri.plan.streams:plan_exec", "dockercri.commands.streams:run_exec"),
    "attach": ("dockercri.plan.streams:plan_attach", "dockercri.commands.streams:run_attach"),
    "port-forward": ("dockercri.plan.streams:plan_port_forward",
                     "dockercri.commands.streams:run_port_forward"),
    "volume ls": ("dockercri.plan.volumes:plan_volume_ls", "dockercri.commands.volumes:run_volume_ls"),
    "volume inspect": ("dockercri.plan.volumes:plan_volume_inspect",
                       "dockercri.commands.volumes:run_volume_inspect"),
    "volume rm": ("dockercri.plan.volumes:plan_volume_rm", "dockercri.commands.volumes:run_volume_rm"),
    "volume prune": ("dockercri.plan.volumes:plan_volume_prune",
                     "dockercri.commands.volumes:run_volume_prune"),
    "network ls": ("dockercri.plan.networks:plan_network_ls",
                   "dockercri.commands.networks:run_network_ls"),
    "network inspect": ("dockercri.plan.networks:plan_network_inspect",
                        "dockercri.commands.networks:run_network_inspect"),
    "network prune": ("dockercri.plan.networks:plan_network_prune",
                      "dockercri.commands.networks:run_network_prune"),
    "port": ("dockercri.plan.ports:plan_port", "dockercri.commands.ports:run_port"),
    "top": ("dockercri.plan.top:plan_top", "dockercri.commands.top:run_top"),
    "history": ("dockercri.plan.history:plan_history", "dockercri.commands.history:run_history"),
    "system df": ("dockercri.plan.disk:plan_system_df", "dockercri.commands.disk:run_system_df"),
    "tag": ("dockercri.plan.ctr_images:plan_tag", "dockercri.commands.ctr_images:run_tag"),
    "load": ("dockercri.plan.ctr_images:plan_load", "dockercri.commands.ctr_images:run_load"),
    "save": ("dockercri.plan.ctr_images:plan_save", "dockercri.commands.ctr_images:run_save"),
    "cp": ("dockercri.plan.copy:plan_cp", "dockercri.commands.copy:run_cp"),
    "events": ("dockercri.plan.events:plan_events", "dockercri.commands.events:run_events"),
    "system prune": ("dockercri.plan.prune:plan_system_prune",
                     "dockercri.commands.prune:run_system_prune"),
    "export": ("dockercri.plan.export:plan_export", "dockercri.commands.export:run_export"),
    "pause": ("dockercri.plan.pause:plan_pause", "dockercri.commands.pause:run_pause"),
    "unpause": ("dockercri.plan.pause:plan_unpause", "dockercri.commands.pause:run_unpause"),
    "import": ("dockercri.plan.ctr_images:plan_import", "dockercri.commands.ctr_images:run_import"),
}
# A command the table refuses as a whole (status = "unsupported") needs no entry:
# every one is planned and run by these two.
REFUSED = ("dockercri.plan.refused:plan_refused", "dockercri.commands.refused:run_refused")
SPECIAL = {
    "explain": "dockercri.cli.explain:run_explain",
    "doctor": "dockercri.doctor.cli:run_doctor",
    "audit": "dockercri.audit.cli:run_audit",
    "completion": "dockercri.completion:run_completion",
    "__complete": "dockercri.completion:run_complete",
}


def load(ref):
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def entry(command):
    """(planner, runner) names for a table Command: its own, or for a command the table
    refuses as a whole, the one planner and runner of refusals."""
    found = COMMANDS.get(command.name)
    if found is None and command.status == "unsupported":
        return REFUSED
    if found is None:
        from dockercri.errors import DockerCLIError
        raise DockerCLIError("%s: the table has no planner for this command" % command.name)
    return found


def planner_for(command):
    return load(entry(command)[0])
