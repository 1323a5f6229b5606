# METADATA
# title: Pod Security Standards, baseline
# description: |
#   The "baseline" level of the Kubernetes Pod Security Standards (v1.30+): it prevents
#   known privilege escalations for pods and workloads (Pod, Deployment, StatefulSet,
#   DaemonSet, ReplicaSet, ReplicationController, Job, CronJob). Every container of a pod
#   counts: containers, initContainers and ephemeralContainers. Select it with
#   `kc check --policy builtin:baseline` or `policies = [ "builtin:baseline" ];` in kc.nix.
#   Every violation is an error with a `path` to the offending field; for a field that is
#   missing, the path names it and kc points at the closest field that exists.
# custom:
#   # The kinds this pack checks (their pod spec); it reports nothing for other kinds.
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   parameters:
#     # Set them in kc.nix: `policyParameters.baseline = { allowedHostPorts = [ 9100 ]; };`
#     exemptNamespaces:
#       default: []
#       description: Objects in these namespaces are not checked.
#     allowedCapabilities:
#       default: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#                 NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
#       description: Capabilities a container may add (securityContext.capabilities.add).
#     allowedHostPorts:
#       default: []
#       description: Host ports containers may use (besides 0, which means none).
#     allowedSysctls:
#       default: [kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
#                 net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies,
#                 net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports,
#                 net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
#                 net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes]
#       description: The sysctls a pod may set (the "safe" set).
#     allowedSELinuxTypes:
#       default: ["", container_t, container_init_t, container_kvm_t, container_engine_t]
#       description: The SELinux types a pod or container may set.
package kc.builtin.baseline

# How this pack is written: every object of a project is evaluated, so the rules are kept
# cheap for the common, clean object. Each rule tests the offending field first; the
# parameters, the namespace exemption, the message and the path are only computed for a
# violation.
#
# The pod, its containers and how messages name them come from `data.kc.builtin.pods`
# (`containers`, `container_paths`, `container_whos`), which the built-in packs share: kc
# runs the packs an object needs in one run of the machine, so they are computed once per
# object. The rules name them in full: through `import data.kc.builtin.pods`, regorus made
# every pack three times slower.
#
# A variable assigned from a field that may be missing (`image := c.container.image`) is
# tested before any `not` reads it: regorus's bytecode machine does not stop at an undefined
# assignment, so `not` would hold where Rego finds nothing, and kc keeps a package where that
# may happen off the machine.

# ---------------------------------------------------------------------------------------
# Parameters (data.kc.parameters.baseline), with their defaults. A parameter of the wrong
# type is ignored.
# ---------------------------------------------------------------------------------------

default exempt_namespaces := []

exempt_namespaces := p if {
	p := data.kc.parameters.baseline.exemptNamespaces
	is_array(p)
}

default allowed_capabilities := [
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]

allowed_capabilities := p if {
	p := data.kc.parameters.baseline.allowedCapabilities
	is_array(p)
}

default allowed_host_ports := []

allowed_host_ports := p if {
	p := data.kc.parameters.baseline.allowedHostPorts
	is_array(p)
}

default allowed_sysctls := [
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
]

allowed_sysctls := p if {
	p := data.kc.parameters.baseline.allowedSysctls
	is_array(p)
}

default allowed_selinux_types := ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]

allowed_selinux_types := p if {
	p := data.kc.parameters.baseline.allowedSELinuxTypes
	is_array(p)
}

exempt if input.metadata.namespace in exempt_namespaces

# ---------------------------------------------------------------------------------------
# Controls. The security-context controls have a rule for the pod's securityContext and
# one for each container's.
# ---------------------------------------------------------------------------------------

# baseline.host-process: Windows HostProcess containers give privileged access to the
# Windows node. securityContext.windowsOptions.hostProcess (pod or container) must be unset
# or false.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	pod.spec.securityContext.windowsOptions.hostProcess == true
	not exempt
	v := {
		"id": "baseline.host-process",
		"severity": "error",
		"msg": sprintf("%s runs as a Windows HostProcess pod, which gives it privileged access to the node: remove securityContext.windowsOptions.hostProcess or set it to false.", [data.kc.builtin.pods.pod_who]),
		"path": array.concat(pod.path, ["securityContext", "windowsOptions", "hostProcess"]),
	}
}

# baseline.host-process, a container:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	c.container.securityContext.windowsOptions.hostProcess == true
	not exempt
	v := {
		"id": "baseline.host-process",
		"severity": "error",
		"msg": sprintf("%s runs as a Windows HostProcess container, which gives it privileged access to the node: remove securityContext.windowsOptions.hostProcess or set it to false.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "windowsOptions", "hostProcess"]),
	}
}

# baseline.host-namespaces: sharing the host's network, process or IPC namespace must be
# disallowed: hostNetwork, hostPID and hostIPC must be unset or false.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	pod.spec[field] == true
	not exempt
	v := {
		"id": "baseline.host-namespaces",
		"severity": "error",
		"msg": sprintf("%s sets %s = true and so shares a namespace of the node: remove %s or set it to false.", [data.kc.builtin.pods.pod_who, field, field]),
		"path": array.concat(pod.path, [field]),
	}
}

# baseline.privileged: privileged containers disable most security mechanisms;
# securityContext.privileged must be unset or false.
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	c.container.securityContext.privileged == true
	not exempt
	v := {
		"id": "baseline.privileged",
		"severity": "error",
		"msg": sprintf("%s runs privileged, with full access to the node: remove securityContext.privileged or set it to false.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "privileged"]),
	}
}

# baseline.capabilities: adding capabilities beyond the default set must be disallowed
# (parameter allowedCapabilities).
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	some j, capability in c.container.securityContext.capabilities.add
	not capability in allowed_capabilities
	not exempt
	v := {
		"id": "baseline.capabilities",
		"severity": "error",
		"msg": sprintf("%s adds the capability %s, which the baseline level does not allow: remove it from securityContext.capabilities.add (allowed: %s).", [data.kc.builtin.pods.container_whos[k], capability, concat(", ", allowed_capabilities)]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "capabilities", "add", j]),
	}
}

# baseline.host-path: hostPath volumes give access to the node's file system and must be
# forbidden.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some i, volume in pod.spec.volumes
	volume.hostPath
	not exempt
	v := {
		"id": "baseline.host-path",
		"severity": "error",
		"msg": sprintf("Volume \"%s\" of %s mounts a path of the node (hostPath): use a persistentVolumeClaim, an emptyDir, a configMap or a secret instead.", [object.get(volume, "name", ""), data.kc.builtin.pods.object_name]),
		"path": array.concat(pod.path, ["volumes", i, "hostPath"]),
	}
}

# baseline.host-ports: host ports should be disallowed entirely, or limited to a known list
# (parameter allowedHostPorts). hostPort must be unset or 0.
violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	some j, port in c.container.ports
	port.hostPort != 0
	not port.hostPort in allowed_host_ports
	not exempt
	v := {
		"id": "baseline.host-ports",
		"severity": "error",
		"msg": sprintf("%s binds port %v of the node (hostPort): remove hostPort and reach the pod through a Service.", [data.kc.builtin.pods.container_whos[k], port.hostPort]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["ports", j, "hostPort"]),
	}
}

# baseline.apparmor: the default AppArmor profile may not be disabled or overridden: the
# annotation container.apparmor.security.beta.kubernetes.io/* must be runtime/default or
# localhost/*, and securityContext.appArmorProfile.type (pod or container) RuntimeDefault
# or Localhost.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some key, value in pod.metadata.annotations
	startswith(key, "container.apparmor.security.beta.kubernetes.io/")
	value != "runtime/default"
	not startswith(value, "localhost/")
	not exempt
	v := {
		"id": "baseline.apparmor",
		"severity": "error",
		"msg": sprintf("%s sets the AppArmor annotation %s to \"%s\": use runtime/default or localhost/<profile>, or remove the annotation.", [data.kc.builtin.pods.pod_who, key, value]),
		"path": array.concat(pod.metadata_path, ["annotations", key]),
	}
}

# baseline.apparmor, securityContext.appArmorProfile.type of the pod:
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	type := pod.spec.securityContext.appArmorProfile.type
	type != "RuntimeDefault"
	type != "Localhost"
	not exempt
	v := {
		"id": "baseline.apparmor",
		"severity": "error",
		"msg": sprintf("%s sets the AppArmor profile type %s: use RuntimeDefault or Localhost, or remove securityContext.appArmorProfile.", [data.kc.builtin.pods.pod_who, type]),
		"path": array.concat(pod.path, ["securityContext", "appArmorProfile", "type"]),
	}
}

# baseline.apparmor, securityContext.appArmorProfile.type of a container:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	type := c.container.securityContext.appArmorProfile.type
	type != "RuntimeDefault"
	type != "Localhost"
	not exempt
	v := {
		"id": "baseline.apparmor",
		"severity": "error",
		"msg": sprintf("%s sets the AppArmor profile type %s: use RuntimeDefault or Localhost, or remove securityContext.appArmorProfile.", [data.kc.builtin.pods.container_whos[k], type]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "appArmorProfile", "type"]),
	}
}

# baseline.selinux: setting a custom SELinux user or role, and SELinux types other than the
# container ones (parameter allowedSELinuxTypes), must be forbidden; pod first:
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some field, value in pod.spec.securityContext.seLinuxOptions
	msg := selinux_problem(field, value)
	not exempt
	v := {
		"id": "baseline.selinux",
		"severity": "error",
		"msg": sprintf("%s %s", [data.kc.builtin.pods.pod_who, msg]),
		"path": array.concat(pod.path, ["securityContext", "seLinuxOptions", field]),
	}
}

# baseline.selinux, a container:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	some field, value in c.container.securityContext.seLinuxOptions
	msg := selinux_problem(field, value)
	not exempt
	v := {
		"id": "baseline.selinux",
		"severity": "error",
		"msg": sprintf("%s %s", [data.kc.builtin.pods.container_whos[k], msg]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "seLinuxOptions", field]),
	}
}

selinux_problem("type", value) := msg if {
	not value in allowed_selinux_types
	msg := sprintf("sets the SELinux type \"%s\": use one of %s, or remove securityContext.seLinuxOptions.type.", [value, concat(", ", [t | some t in allowed_selinux_types; t != ""])])
}

selinux_problem(field, value) := msg if {
	field in {"user", "role"}
	value != ""
	msg := sprintf("sets the SELinux %s \"%s\": remove securityContext.seLinuxOptions.%s.", [field, value, field])
}

# baseline.proc-mount: the default /proc masks reduce the attack surface:
# securityContext.procMount must be unset or Default.
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	mount := c.container.securityContext.procMount
	mount != "Default"
	not exempt
	v := {
		"id": "baseline.proc-mount",
		"severity": "error",
		"msg": sprintf("%s sets procMount %s, which unmasks /proc: remove securityContext.procMount or set it to Default.", [data.kc.builtin.pods.container_whos[k], mount]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "procMount"]),
	}
}

# baseline.seccomp: the seccomp profile must not be explicitly set to Unconfined; pod:
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	pod.spec.securityContext.seccompProfile.type == "Unconfined"
	not exempt
	v := {
		"id": "baseline.seccomp",
		"severity": "error",
		"msg": sprintf("%s turns seccomp off (seccompProfile type Unconfined): use RuntimeDefault or Localhost.", [data.kc.builtin.pods.pod_who]),
		"path": array.concat(pod.path, ["securityContext", "seccompProfile", "type"]),
	}
}

# baseline.seccomp, a container:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	c.container.securityContext.seccompProfile.type == "Unconfined"
	not exempt
	v := {
		"id": "baseline.seccomp",
		"severity": "error",
		"msg": sprintf("%s turns seccomp off (seccompProfile type Unconfined): use RuntimeDefault or Localhost.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "seccompProfile", "type"]),
	}
}

# baseline.sysctls: sysctls can disable security mechanisms or affect every container of the
# node; only the "safe" subset is allowed (parameter allowedSysctls).
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some i, sysctl in pod.spec.securityContext.sysctls
	not sysctl.name in allowed_sysctls
	not exempt
	v := {
		"id": "baseline.sysctls",
		"severity": "error",
		"msg": sprintf("%s sets the sysctl %s, which is not in the safe set: remove it from securityContext.sysctls (allowed: %s).", [data.kc.builtin.pods.pod_who, sysctl.name, concat(", ", allowed_sysctls)]),
		"path": array.concat(pod.path, ["securityContext", "sysctls", i, "name"]),
	}
}
