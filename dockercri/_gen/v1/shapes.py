# Regenerate with `python tools/gen_protos.py`; never edit by hand.
"""Which fields of CRI ``runtime.v1`` are not plain JSON values, for code that must
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
    'ImageService.StreamImages': 'StreamImagesRequest',
    'RuntimeService.Attach': 'AttachRequest',
    'RuntimeService.CheckpointContainer': 'CheckpointContainerRequest',
    'RuntimeService.CheckpointPod': 'CheckpointPodRequest',
    'RuntimeService.ContainerStats': 'ContainerStatsRequest',
    'RuntimeService.ContainerStatus': 'ContainerStatusRequest',
    'RuntimeService.CreateContainer': 'CreateContainerRequest',
    'RuntimeService.Exec': 'ExecRequest',
    'RuntimeService.ExecSync': 'ExecSyncRequest',
    'RuntimeService.GetContainerEvents': 'GetEventsRequest',
    'RuntimeService.ListContainerStats': 'ListContainerStatsRequest',
    'RuntimeService.ListContainers': 'ListContainersRequest',
    'RuntimeService.ListMetricDescriptors': 'ListMetricDescriptorsRequest',
    'RuntimeService.ListPodSandbox': 'ListPodSandboxRequest',
    'RuntimeService.ListPodSandboxMetrics': 'ListPodSandboxMetricsRequest',
    'RuntimeService.ListPodSandboxStats': 'ListPodSandboxStatsRequest',
    'RuntimeService.PodSandboxStats': 'PodSandboxStatsRequest',
    'RuntimeService.PodSandboxStatus': 'PodSandboxStatusRequest',
    'RuntimeService.PortForward': 'PortForwardRequest',
    'RuntimeService.RemoveContainer': 'RemoveContainerRequest',
    'RuntimeService.RemovePodSandbox': 'RemovePodSandboxRequest',
    'RuntimeService.ReopenContainerLog': 'ReopenContainerLogRequest',
    'RuntimeService.RestorePod': 'RestorePodRequest',
    'RuntimeService.RunPodSandbox': 'RunPodSandboxRequest',
    'RuntimeService.RuntimeConfig': 'RuntimeConfigRequest',
    'RuntimeService.StartContainer': 'StartContainerRequest',
    'RuntimeService.Status': 'StatusRequest',
    'RuntimeService.StopContainer': 'StopContainerRequest',
    'RuntimeService.StopPodSandbox': 'StopPodSandboxRequest',
    'RuntimeService.StreamContainerStats': 'StreamContainerStatsRequest',
    'RuntimeService.StreamContainers': 'StreamContainersRequest',
    'RuntimeService.StreamPodSandboxMetrics': 'StreamPodSandboxMetricsRequest',
    'RuntimeService.StreamPodSandboxStats': 'StreamPodSandboxStatsRequest',
    'RuntimeService.StreamPodSandboxes': 'StreamPodSandboxesRequest',
    'RuntimeService.UpdateContainerResources': 'UpdateContainerResourcesRequest',
    'RuntimeService.UpdatePodSandboxResources': 'UpdatePodSandboxResourcesRequest',
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
        'CDI_devices': ('message', 'CDIDevice'),
        'stop_signal': ('enum', 'Signal'),
    },
    'ContainerEventResponse': {
        'container_event_type': ('enum', 'ContainerEventType'),
        'pod_sandbox_status': ('message', 'PodSandboxStatus'),
        'containers_statuses': ('message', 'ContainerStatus'),
    },
    'ContainerFilter': {
        'state': ('message', 'ContainerStateValue'),
    },
    'ContainerMetrics': {
        'metrics': ('message', 'Metric'),
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
        'swap': ('message', 'SwapUsage'),
        'io': ('message', 'IoUsage'),
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
        'user': ('message', 'ContainerUser'),
        'stop_signal': ('enum', 'Signal'),
    },
    'ContainerStatusResponse': {
        'status': ('message', 'ContainerStatus'),
    },
    'ContainerUser': {
        'linux': ('message', 'LinuxContainerUser'),
    },
    'CpuUsage': {
        'usage_core_nano_seconds': ('message', 'UInt64Value'),
        'usage_nano_cores': ('message', 'UInt64Value'),
        'psi': ('message', 'PsiStats'),
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
        'container_filesystems': ('message', 'FilesystemUsage'),
    },
    'ImageStatusRequest': {
        'image': ('message', 'ImageSpec'),
    },
    'ImageStatusResponse': {
        'image': ('message', 'Image'),
    },
    'IoUsage': {
        'psi': ('message', 'PsiStats'),
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
        'supplemental_groups_policy': ('enum', 'SupplementalGroupsPolicy'),
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
        'io': ('message', 'IoUsage'),
    },
    'LinuxPodSandboxStatus': {
        'namespaces': ('message', 'Namespace'),
    },
    'LinuxRuntimeConfiguration': {
        'cgroup_driver': ('enum', 'CgroupDriver'),
    },
    'LinuxSandboxSecurityContext': {
        'namespace_options': ('message', 'NamespaceOption'),
        'selinux_options': ('message', 'SELinuxOption'),
        'run_as_user': ('message', 'Int64Value'),
        'run_as_group': ('message', 'Int64Value'),
        'supplemental_groups_policy': ('enum', 'SupplementalGroupsPolicy'),
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
    'ListMetricDescriptorsResponse': {
        'descriptors': ('message', 'MetricDescriptor'),
    },
    'ListPodSandboxMetricsResponse': {
        'pod_metrics': ('message', 'PodSandboxMetrics'),
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
        'psi': ('message', 'PsiStats'),
    },
    'Metric': {
        'metric_type': ('enum', 'MetricType'),
        'value': ('message', 'UInt64Value'),
    },
    'Mount': {
        'propagation': ('enum', 'MountPropagation'),
        'uidMappings': ('message', 'IDMapping'),
        'gidMappings': ('message', 'IDMapping'),
        'image': ('message', 'ImageSpec'),
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
    'PodSandboxMetrics': {
        'metrics': ('message', 'Metric'),
        'container_metrics': ('message', 'ContainerMetrics'),
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
        'containers_statuses': ('message', 'ContainerStatus'),
    },
    'PortMapping': {
        'protocol': ('enum', 'Protocol'),
    },
    'ProcessUsage': {
        'process_count': ('message', 'UInt64Value'),
    },
    'PsiStats': {
        'Full': ('message', 'PsiData'),
        'Some': ('message', 'PsiData'),
    },
    'PullImageRequest': {
        'image': ('message', 'ImageSpec'),
        'auth': ('message', 'AuthConfig'),
        'sandbox_config': ('message', 'PodSandboxConfig'),
    },
    'RemoveImageRequest': {
        'image': ('message', 'ImageSpec'),
    },
    'RestorePodRequest': {
        'config': ('message', 'PodSandboxConfig'),
        'container_configs': ('message', 'ContainerConfig'),
    },
    'RestorePodResponse': {
        'restored_containers': ('message', 'RestoredContainer'),
    },
    'RunPodSandboxRequest': {
        'config': ('message', 'PodSandboxConfig'),
    },
    'RuntimeConfig': {
        'network_config': ('message', 'NetworkConfig'),
    },
    'RuntimeConfigResponse': {
        'linux': ('message', 'LinuxRuntimeConfiguration'),
    },
    'RuntimeHandler': {
        'features': ('message', 'RuntimeHandlerFeatures'),
    },
    'RuntimeStatus': {
        'conditions': ('message', 'RuntimeCondition'),
    },
    'SecurityProfile': {
        'profile_type': ('enum', 'SecurityProfile.ProfileType'),
    },
    'StatusResponse': {
        'status': ('message', 'RuntimeStatus'),
        'runtime_handlers': ('message', 'RuntimeHandler'),
        'features': ('message', 'RuntimeFeatures'),
    },
    'StreamContainerStatsRequest': {
        'filter': ('message', 'ContainerStatsFilter'),
    },
    'StreamContainerStatsResponse': {
        'container_stats': ('message', 'ContainerStats'),
    },
    'StreamContainersRequest': {
        'filter': ('message', 'ContainerFilter'),
    },
    'StreamContainersResponse': {
        'containers': ('message', 'Container'),
    },
    'StreamImagesRequest': {
        'filter': ('message', 'ImageFilter'),
    },
    'StreamImagesResponse': {
        'images': ('message', 'Image'),
    },
    'StreamPodSandboxMetricsResponse': {
        'pod_sandbox_metrics': ('message', 'PodSandboxMetrics'),
    },
    'StreamPodSandboxStatsRequest': {
        'filter': ('message', 'PodSandboxStatsFilter'),
    },
    'StreamPodSandboxStatsResponse': {
        'pod_sandbox_stats': ('message', 'PodSandboxStats'),
    },
    'StreamPodSandboxesRequest': {
        'filter': ('message', 'PodSandboxFilter'),
    },
    'StreamPodSandboxesResponse': {
        'pod_sandboxes': ('message', 'PodSandbox'),
    },
    'SwapUsage': {
        'swap_available_bytes': ('message', 'UInt64Value'),
        'swap_usage_bytes': ('message', 'UInt64Value'),
    },
    'UpdateContainerResourcesRequest': {
        'linux': ('message', 'LinuxContainerResources'),
        'windows': ('message', 'WindowsContainerResources'),
    },
    'UpdatePodSandboxResourcesRequest': {
        'overhead': ('message', 'LinuxContainerResources'),
        'resources': ('message', 'LinuxContainerResources'),
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
    'WindowsContainerResources': {
        'affinity_cpus': ('message', 'WindowsCpuGroupAffinity'),
    },
    'WindowsContainerStats': {
        'attributes': ('message', 'ContainerAttributes'),
        'cpu': ('message', 'WindowsCpuUsage'),
        'memory': ('message', 'WindowsMemoryUsage'),
        'writable_layer': ('message', 'WindowsFilesystemUsage'),
    },
    'WindowsCpuUsage': {
        'usage_core_nano_seconds': ('message', 'UInt64Value'),
        'usage_nano_cores': ('message', 'UInt64Value'),
    },
    'WindowsFilesystemUsage': {
        'fs_id': ('message', 'FilesystemIdentifier'),
        'used_bytes': ('message', 'UInt64Value'),
    },
    'WindowsMemoryUsage': {
        'working_set_bytes': ('message', 'UInt64Value'),
        'available_bytes': ('message', 'UInt64Value'),
        'page_faults': ('message', 'UInt64Value'),
        'commit_memory_bytes': ('message', 'UInt64Value'),
    },
    'WindowsNamespaceOption': {
        'network': ('enum', 'NamespaceMode'),
    },
    'WindowsNetworkInterfaceUsage': {
        'rx_bytes': ('message', 'UInt64Value'),
        'rx_packets_dropped': ('message', 'UInt64Value'),
        'tx_bytes': ('message', 'UInt64Value'),
        'tx_packets_dropped': ('message', 'UInt64Value'),
    },
    'WindowsNetworkUsage': {
        'default_interface': ('message', 'WindowsNetworkInterfaceUsage'),
        'interfaces': ('message', 'WindowsNetworkInterfaceUsage'),
    },
    'WindowsPodSandboxConfig': {
        'security_context': ('message', 'WindowsSandboxSecurityContext'),
    },
    'WindowsPodSandboxStats': {
        'cpu': ('message', 'WindowsCpuUsage'),
        'memory': ('message', 'WindowsMemoryUsage'),
        'network': ('message', 'WindowsNetworkUsage'),
        'process': ('message', 'WindowsProcessUsage'),
        'containers': ('message', 'WindowsContainerStats'),
    },
    'WindowsProcessUsage': {
        'process_count': ('message', 'UInt64Value'),
    },
    'WindowsSandboxSecurityContext': {
        'namespace_options': ('message', 'WindowsNamespaceOption'),
    },
}

ENUMS = {
    'CgroupDriver': {'SYSTEMD': 0, 'CGROUPFS': 1},
    'ContainerEventType': {'CONTAINER_CREATED_EVENT': 0, 'CONTAINER_STARTED_EVENT': 1, 'CONTAINER_STOPPED_EVENT': 2, 'CONTAINER_DELETED_EVENT': 3},
    'ContainerState': {'CONTAINER_CREATED': 0, 'CONTAINER_RUNNING': 1, 'CONTAINER_EXITED': 2, 'CONTAINER_UNKNOWN': 3},
    'MetricType': {'COUNTER': 0, 'GAUGE': 1},
    'MountPropagation': {'PROPAGATION_PRIVATE': 0, 'PROPAGATION_HOST_TO_CONTAINER': 1, 'PROPAGATION_BIDIRECTIONAL': 2},
    'NamespaceMode': {'POD': 0, 'CONTAINER': 1, 'NODE': 2, 'TARGET': 3},
    'PodSandboxState': {'SANDBOX_READY': 0, 'SANDBOX_NOTREADY': 1},
    'Protocol': {'TCP': 0, 'UDP': 1, 'SCTP': 2},
    'SecurityProfile.ProfileType': {'RuntimeDefault': 0, 'Unconfined': 1, 'Localhost': 2},
    'Signal': {'SIGNAL_RUNTIME_DEFAULT': 0, 'SIGNAL_SIGABRT': 1, 'SIGNAL_SIGALRM': 2, 'SIGNAL_SIGBUS': 3, 'SIGNAL_SIGCHLD': 4, 'SIGNAL_SIGCLD': 5, 'SIGNAL_SIGCONT': 6, 'SIGNAL_SIGFPE': 7, 'SIGNAL_SIGHUP': 8, 'SIGNAL_SIGILL': 9, 'SIGNAL_SIGINT': 10, 'SIGNAL_SIGIO': 11, 'SIGNAL_SIGIOT': 12, 'SIGNAL_SIGKILL': 13, 'SIGNAL_SIGPIPE': 14, 'SIGNAL_SIGPOLL': 15, 'SIGNAL_SIGPROF': 16, 'SIGNAL_SIGPWR': 17, 'SIGNAL_SIGQUIT': 18, 'SIGNAL_SIGSEGV': 19, 'SIGNAL_SIGSTKFLT': 20, 'SIGNAL_SIGSTOP': 21, 'SIGNAL_SIGSYS': 22, 'SIGNAL_SIGTERM': 23, 'SIGNAL_SIGTRAP': 24, 'SIGNAL_SIGTSTP': 25, 'SIGNAL_SIGTTIN': 26, 'SIGNAL_SIGTTOU': 27, 'SIGNAL_SIGURG': 28, 'SIGNAL_SIGUSR1': 29, 'SIGNAL_SIGUSR2': 30, 'SIGNAL_SIGVTALRM': 31, 'SIGNAL_SIGWINCH': 32, 'SIGNAL_SIGXCPU': 33, 'SIGNAL_SIGXFSZ': 34, 'SIGNAL_SIGRTMIN': 35, 'SIGNAL_SIGRTMINPLUS1': 36, 'SIGNAL_SIGRTMINPLUS2': 37, 'SIGNAL_SIGRTMINPLUS3': 38, 'SIGNAL_SIGRTMINPLUS4': 39, 'SIGNAL_SIGRTMINPLUS5': 40, 'SIGNAL_SIGRTMINPLUS6': 41, 'SIGNAL_SIGRTMINPLUS7': 42, 'SIGNAL_SIGRTMINPLUS8': 43, 'SIGNAL_SIGRTMINPLUS9': 44, 'SIGNAL_SIGRTMINPLUS10': 45, 'SIGNAL_SIGRTMINPLUS11': 46, 'SIGNAL_SIGRTMINPLUS12': 47, 'SIGNAL_SIGRTMINPLUS13': 48, 'SIGNAL_SIGRTMINPLUS14': 49, 'SIGNAL_SIGRTMINPLUS15': 50, 'SIGNAL_SIGRTMAXMINUS14': 51, 'SIGNAL_SIGRTMAXMINUS13': 52, 'SIGNAL_SIGRTMAXMINUS12': 53, 'SIGNAL_SIGRTMAXMINUS11': 54, 'SIGNAL_SIGRTMAXMINUS10': 55, 'SIGNAL_SIGRTMAXMINUS9': 56, 'SIGNAL_SIGRTMAXMINUS8': 57, 'SIGNAL_SIGRTMAXMINUS7': 58, 'SIGNAL_SIGRTMAXMINUS6': 59, 'SIGNAL_SIGRTMAXMINUS5': 60, 'SIGNAL_SIGRTMAXMINUS4': 61, 'SIGNAL_SIGRTMAXMINUS3': 62, 'SIGNAL_SIGRTMAXMINUS2': 63, 'SIGNAL_SIGRTMAXMINUS1': 64, 'SIGNAL_SIGRTMAX': 65},
    'SupplementalGroupsPolicy': {'Merge': 0, 'Strict': 1},
}
