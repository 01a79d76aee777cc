"""A full node for the bench: kubelet-style pods made through CRI, as the kubelet makes them.

Each pod is a sandbox (host network, so no CNI cost in the set-up) with one running
container whose command is not in any dockercri label, as on a node the kubelet runs.
Every pod carries `io.dockercri.bench=<run id>`, and `remove` takes away exactly the pods
with that label, so the bench never touches what others on the same runtime made.
"""

import os
import shutil
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor

BENCH_LABEL = "io.dockercri.bench"


class FullNode:
    def __init__(self, endpoint, image):
        from dockercri.config import resolve
        from dockercri.runtime.connection import CRI
        self.cri = CRI(resolve(runtime_endpoint=endpoint, environ={}))
        self.image = image
        self.run_id = uuid.uuid4().hex[:8]
        self.logs = tempfile.mkdtemp(prefix="dockercri-bench-logs-")
        self.count = 0

    def grow(self, total, workers=4):
        """Add pods until there are `total` of this run (made `workers` at a time)."""
        self.cri.call("ImageService.PullImage", {"image": {"image": self.image}})
        wanted = max(0, total - self.count)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda _: self._pod(), range(wanted)))
        self.count += wanted

    def _pod(self):
        name = "bench-%s-%s" % (self.run_id, uuid.uuid4().hex[:6])
        uid = str(uuid.uuid4())
        namespace = "bench"
        log_dir = os.path.join(self.logs, "%s_%s_%s" % (namespace, name, uid))
        os.makedirs(os.path.join(log_dir, "app"), exist_ok=True)
        kube = {"io.kubernetes.pod.name": name, "io.kubernetes.pod.namespace": namespace,
                "io.kubernetes.pod.uid": uid}
        config = {
            "metadata": {"name": name, "namespace": namespace, "uid": uid, "attempt": 0},
            "log_directory": log_dir, "labels": dict(kube, **{BENCH_LABEL: self.run_id}),
            "annotations": {"kubernetes.io/config.source": "api"},
            "linux": {"security_context": {"namespace_options": {"network": "NODE"}}},
        }
        pod_id = self.cri.call("RuntimeService.RunPodSandbox", {"config": config}).pod_sandbox_id
        container = {
            "metadata": {"name": "app", "attempt": 0}, "image": {"image": self.image},
            "command": ["sleep"], "args": ["3600"], "log_path": "app/0.log",
            "labels": dict(kube, **{"io.kubernetes.container.name": "app",
                                    BENCH_LABEL: self.run_id}),
        }
        made = self.cri.call("RuntimeService.CreateContainer", {
            "pod_sandbox_id": pod_id, "config": container, "sandbox_config": config})
        self.cri.call("RuntimeService.StartContainer", {"container_id": made.container_id})

    def remove(self):
        """Stop and remove every pod of this run (their containers go with them)."""
        pods = self.cri.call("RuntimeService.ListPodSandbox", {
            "filter": {"label_selector": {BENCH_LABEL: self.run_id}}}).items

        def take(pod):
            self.cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod.id})
            self.cri.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod.id})
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(take, pods))
        self.count = 0
        shutil.rmtree(self.logs, ignore_errors=True)

    def close(self):
        self.cri.close()
