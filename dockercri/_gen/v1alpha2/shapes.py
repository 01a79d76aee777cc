# Regenerate with `python tools/gen_protos.py`; never edit by hand.
"""Which fields of CRI ``runtime.v1alpha2`` are not plain JSON values, for code that must
know without importing protobuf (explain writes crictl's files with it).

RPC_INPUTS: "Service.Method" -> request message. MESSAGES: message -> {field: shape}
for its message, enum, map and bytes fields only; a shape is ("message", type),
("enum", enum), ("bytes",) or ("map", value shape). ENUMS: enum -> {name: number}.
Names are relative to the proto package; nested ones are dotted ("A.B").
"""

RPC_INPUTS = {
    'ImageService.ImageFsInfo': 'ImageFsInfoRequest',
    'ImageService.ImageStatus': 'ImageStatusRequest',
    'ImageService.ListImages': 'ListImagesRequest',
    'ImageService.PullImage': 'PullImageRequest',
    'ImageService.RemoveImage': 'RemoveImageRequest',
    'RuntimeService.Attach': 'AttachRequest',
    'RuntimeService.ContainerStats': 'ContainerStatsRequest',
    'RuntimeService.ContainerStatus': 'ContainerStatusRequest',
    'RuntimeService.CreateContainer': 'CreateContainerRequest',
    'RuntimeService.Exec': 'ExecRequest',
    'RuntimeService.ExecSync': 'ExecSyncRequest',
    'RuntimeService.ListContainerStats': 'ListContainerStatsRequest',
    'RuntimeService.ListContainers': 'ListContainersRequest',
    'RuntimeService.ListPodSandbox': 'ListPodSandboxRequest',
    'RuntimeService.ListPodSandboxStats': 'ListPodSandboxStatsRequest',
    'RuntimeService.PodSandboxStats': 'PodSandboxStatsRequest',
    'RuntimeService.PodSandboxStatus': 'PodSandboxStatusRequest',
    'RuntimeService.PortForward': 'PortForwardRequest',
    'RuntimeService.RemoveContainer': 'RemoveContainerRequest',
    'RuntimeService.RemovePodSandbox': 'RemovePodSandboxRequest',
    'RuntimeService.ReopenContainerLog': 'ReopenContainerLogRequest',
    'RuntimeService.RunPodSandbox': 'RunPodSandboxRequest',
    'RuntimeService.StartContainer': 'StartContainerRequest',
    'RuntimeService.Status': 'StatusRequest',
    'RuntimeService.StopContainer': 'StopContainerRequest',
    'RuntimeService.StopPodSandbox': 'StopPodSandboxRequest',
    'RuntimeService.UpdateContainerResources': 'UpdateContainerResourcesRequest',
    'RuntimeService.UpdateRuntimeConfig': 'UpdateRuntimeConfigRequest',
    'RuntimeService.Version': 'VersionRequest',
}

MESSAGES = {
    'Container': {
        'metadata': ('message', 'ContainerMetadata'),
        'image': ('message', 'ImageSpec'),
        'state': ('enum', 'ContainerState'),
    },
    'ContainerAttributes': {
        'metadata': ('message', 'ContainerMetadata'),
    },
    'ContainerConfig': {
        'metadata': ('message', 'ContainerMetadata'),
        'image': ('message', 'ImageSpec'),
        'envs': ('message', 'KeyValue'),
        'mounts': ('message', 'Mount'),
        'devices': ('message', 'Device'),
        'linux': ('message', 'LinuxContainerConfig'),
        'windows': ('message', 'WindowsContainerConfig'),
    },
    'ContainerFilter': {
        'state': ('message', 'ContainerStateValue'),
    },
    'ContainerResources': {
        'linux': ('message', 'LinuxContainerResources'),
        'windows': ('message', 'WindowsContainerResources'),
    },
    'ContainerStateValue': {
        'state': ('enum', 'ContainerState'),
    },
    'ContainerStats': {
        'attributes': ('message', 'ContainerAttributes'),
        'cpu': ('message', 'CpuUsage'),
        'memory': ('message', 'MemoryUsage'),
        'writable_layer': ('message', 'FilesystemUsage'),
    },
    'ContainerStatsResponse': {
        'stats': ('message', 'ContainerStats'),
    },
    'ContainerStatus': {
        'metadata': ('message', 'ContainerMetadata'),
        'state': ('enum', 'ContainerState'),
        'image': ('message', 'ImageSpec'),
        'mounts': ('message', 'Mount'),
        'resources': ('message', 'ContainerResources'),
    },
    'ContainerStatusResponse': {
        'status': ('message', 'ContainerStatus'),
    },
    'CpuUsage': {
        'usage_core_nano_seconds': ('message', 'UInt64Value'),
        'usage_nano_cores': ('message', 'UInt64Value'),
    },
    'CreateContainerRequest': {
        'config': ('message', 'ContainerConfig'),
        'sandbox_config': ('message', 'PodSandboxConfig'),
    },
    'ExecSyncResponse': {
        'stdout': ('bytes',),
        'stderr': ('bytes',),
    },
    'FilesystemUsage': {
        'fs_id': ('message', 'FilesystemIdentifier'),
        'used_bytes': ('message', 'UInt64Value'),
        'inodes_used': ('message', 'UInt64Value'),
    },
    'Image': {
        'uid': ('message', 'Int64Value'),
        'spec': ('message', 'ImageSpec'),
    },
    'ImageFilter': {
        'image': ('message', 'ImageSpec'),
    },
    'ImageFsInfoResponse': {
        'image_filesystems': ('message', 'FilesystemUsage'),
    },
    'ImageStatusRequest': {
        'image': ('message', 'ImageSpec'),
    },
    'ImageStatusResponse': {
        'image': ('message', 'Image'),
    },
    'LinuxContainerConfig': {
        'resources': ('message', 'LinuxContainerResources'),
        'security_context': ('message', 'LinuxContainerSecurityContext'),
    },
    'LinuxContainerResources': {
        'hugepage_limits': ('message', 'HugepageLimit'),
    },
    'LinuxContainerSecurityContext': {
        'capabilities': ('message', 'Capability'),
        'namespace_options': ('message', 'NamespaceOption'),
        'selinux_options': ('message', 'SELinuxOption'),
        'run_as_user': ('message', 'Int64Value'),
        'run_as_group': ('message', 'Int64Value'),
        'seccomp': ('message', 'SecurityProfile'),
        'apparmor': ('message', 'SecurityProfile'),
    },
    'LinuxPodSandboxConfig': {
        'security_context': ('message', 'LinuxSandboxSecurityContext'),
        'overhead': ('message', 'LinuxContainerResources'),
        'resources': ('message', 'LinuxContainerResources'),
    },
    'LinuxPodSandboxStats': {
        'cpu': ('message', 'CpuUsage'),
        'memory': ('message', 'MemoryUsage'),
        'network': ('message', 'NetworkUsage'),
        'process': ('message', 'ProcessUsage'),
        'containers': ('message', 'ContainerStats'),
    },
    'LinuxPodSandboxStatus': {
        'namespaces': ('message', 'Namespace'),
    },
    'LinuxSandboxSecurityContext': {
        'namespace_options': ('message', 'NamespaceOption'),
        'selinux_options': ('message', 'SELinuxOption'),
        'run_as_user': ('message', 'Int64Value'),
        'run_as_group': ('message', 'Int64Value'),
        'seccomp': ('message', 'SecurityProfile'),
        'apparmor': ('message', 'SecurityProfile'),
    },
    'ListContainerStatsRequest': {
        'filter': ('message', 'ContainerStatsFilter'),
    },
    'ListContainerStatsResponse': {
        'stats': ('message', 'ContainerStats'),
    },
    'ListContainersRequest': {
        'filter': ('message', 'ContainerFilter'),
    },
    'ListContainersResponse': {
        'containers': ('message', 'Container'),
    },
    'ListImagesRequest': {
        'filter': ('message', 'ImageFilter'),
    },
    'ListImagesResponse': {
        'images': ('message', 'Image'),
    },
    'ListPodSandboxRequest': {
        'filter': ('message', 'PodSandboxFilter'),
    },
    'ListPodSandboxResponse': {
        'items': ('message', 'PodSandbox'),
    },
    'ListPodSandboxStatsRequest': {
        'filter': ('message', 'PodSandboxStatsFilter'),
    },
    'ListPodSandboxStatsResponse': {
        'stats': ('message', 'PodSandboxStats'),
    },
    'MemoryUsage': {
        'working_set_bytes': ('message', 'UInt64Value'),
        'available_bytes': ('message', 'UInt64Value'),
        'usage_bytes': ('message', 'UInt64Value'),
        'rss_bytes': ('message', 'UInt64Value'),
        'page_faults': ('message', 'UInt64Value'),
        'major_page_faults': ('message', 'UInt64Value'),
    },
    'Mount': {
        'propagation': ('enum', 'MountPropagation'),
    },
    'Namespace': {
        'options': ('message', 'NamespaceOption'),
    },
    'NamespaceOption': {
        'network': ('enum', 'NamespaceMode'),
        'pid': ('enum', 'NamespaceMode'),
        'ipc': ('enum', 'NamespaceMode'),
        'userns_options': ('message', 'UserNamespace'),
    },
    'NetworkInterfaceUsage': {
        'rx_bytes': ('message', 'UInt64Value'),
        'rx_errors': ('message', 'UInt64Value'),
        'tx_bytes': ('message', 'UInt64Value'),
        'tx_errors': ('message', 'UInt64Value'),
    },
    'NetworkUsage': {
        'default_interface': ('message', 'NetworkInterfaceUsage'),
        'interfaces': ('message', 'NetworkInterfaceUsage'),
    },
    'PodSandbox': {
        'metadata': ('message', 'PodSandboxMetadata'),
        'state': ('enum', 'PodSandboxState'),
    },
    'PodSandboxAttributes': {
        'metadata': ('message', 'PodSandboxMetadata'),
    },
    'PodSandboxConfig': {
        'metadata': ('message', 'PodSandboxMetadata'),
        'dns_config': ('message', 'DNSConfig'),
        'port_mappings': ('message', 'PortMapping'),
        'linux': ('message', 'LinuxPodSandboxConfig'),
        'windows': ('message', 'WindowsPodSandboxConfig'),
    },
    'PodSandboxFilter': {
        'state': ('message', 'PodSandboxStateValue'),
    },
    'PodSandboxNetworkStatus': {
        'additional_ips': ('message', 'PodIP'),
    },
    'PodSandboxStateValue': {
        'state': ('enum', 'PodSandboxState'),
    },
    'PodSandboxStats': {
        'attributes': ('message', 'PodSandboxAttributes'),
        'linux': ('message', 'LinuxPodSandboxStats'),
        'windows': ('message', 'WindowsPodSandboxStats'),
    },
    'PodSandboxStatsResponse': {
        'stats': ('message', 'PodSandboxStats'),
    },
    'PodSandboxStatus': {
        'metadata': ('message', 'PodSandboxMetadata'),
        'state': ('enum', 'PodSandboxState'),
        'network': ('message', 'PodSandboxNetworkStatus'),
        'linux': ('message', 'LinuxPodSandboxStatus'),
    },
    'PodSandboxStatusResponse': {
        'status': ('message', 'PodSandboxStatus'),
    },
    'PortMapping': {
        'protocol': ('enum', 'Protocol'),
    },
    'ProcessUsage': {
        'process_count': ('message', 'UInt64Value'),
    },
    'PullImageRequest': {
        'image': ('message', 'ImageSpec'),
        'auth': ('message', 'AuthConfig'),
        'sandbox_config': ('message', 'PodSandboxConfig'),
    },
    'RemoveImageRequest': {
        'image': ('message', 'ImageSpec'),
    },
    'RunPodSandboxRequest': {
        'config': ('message', 'PodSandboxConfig'),
    },
    'RuntimeConfig': {
        'network_config': ('message', 'NetworkConfig'),
    },
    'RuntimeStatus': {
        'conditions': ('message', 'RuntimeCondition'),
    },
    'SecurityProfile': {
        'profile_type': ('enum', 'SecurityProfile.ProfileType'),
    },
    'StatusResponse': {
        'status': ('message', 'RuntimeStatus'),
    },
    'UpdateContainerResourcesRequest': {
        'linux': ('message', 'LinuxContainerResources'),
        'windows': ('message', 'WindowsContainerResources'),
    },
    'UpdateRuntimeConfigRequest': {
        'runtime_config': ('message', 'RuntimeConfig'),
    },
    'UserNamespace': {
        'mode': ('enum', 'NamespaceMode'),
        'uids': ('message', 'IDMapping'),
        'gids': ('message', 'IDMapping'),
    },
    'WindowsContainerConfig': {
        'resources': ('message', 'WindowsContainerResources'),
        'security_context': ('message', 'WindowsContainerSecurityContext'),
    },
    'WindowsPodSandboxConfig': {
        'security_context': ('message', 'WindowsSandboxSecurityContext'),
    },
}

ENUMS = {
    'ContainerState': {'CONTAINER_CREATED': 0, 'CONTAINER_RUNNING': 1, 'CONTAINER_EXITED': 2, 'CONTAINER_UNKNOWN': 3},
    'MountPropagation': {'PROPAGATION_PRIVATE': 0, 'PROPAGATION_HOST_TO_CONTAINER': 1, 'PROPAGATION_BIDIRECTIONAL': 2},
    'NamespaceMode': {'POD': 0, 'CONTAINER': 1, 'NODE': 2, 'TARGET': 3},
    'PodSandboxState': {'SANDBOX_READY': 0, 'SANDBOX_NOTREADY': 1},
    'Protocol': {'TCP': 0, 'UDP': 1, 'SCTP': 2},
    'SecurityProfile.ProfileType': {'RuntimeDefault': 0, 'Unconfined': 1, 'Localhost': 2},
}
