"""Files dockercri keeps on the node for its containers."""

import os
import shutil

from dockercri import names


def forget_name(name):
    """The --add-host hosts file and the log folder, which docker's rm removes too."""
    from dockercri.plan.run_config import LOG_ROOT, STATE_ROOT, pod_uid
    if name and "/" not in name:
        shutil.rmtree(os.path.join(STATE_ROOT, name), ignore_errors=True)
        shutil.rmtree("%s/%s_%s_%s" % (LOG_ROOT, names.DOCKERCRI_NAMESPACE, name, pod_uid(name)),
                      ignore_errors=True)


def forget(context, request, find_key):
    found = context[find_key]
    if names.is_managed(found) and not hasattr(found, "state"):  # an orphaned pod
        forget_name(found.metadata.name)
    else:
        forget_name(names.container_name(found))


def forget_each(context, request):
    forget_name(names.container_name(context.item))
