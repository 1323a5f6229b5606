# METADATA
# title: Pod Security Standards, restricted
# description: |
#   The "restricted" level of the Kubernetes Pod Security Standards (v1.30+): current pod
#   hardening best practices, on top of the baseline level. This pack holds the controls
#   restricted adds; kc runs builtin:baseline as well whenever builtin:restricted is
#   selected, and a problem baseline already reports (a hostPath volume, an Unconfined
#   seccomp profile, a capability outside the baseline set) is not reported twice.
#   Pods of every workload kind are checked (Pod, Deployment, StatefulSet, DaemonSet,
#   ReplicaSet, ReplicationController, Job, CronJob), with all their containers,
#   initContainers and ephemeralContainers. Pods with spec.os.name = "windows" are exempt
#   from the Linux-only controls (privilege escalation, seccomp, capabilities), as the
#   standard says. Every violation is an error with a `path` to the offending field; for a
#   field that is missing, the path names it and kc points at the closest field that exists.
# custom:
#   # The kinds this pack checks (their pod spec); it reports nothing for other kinds.
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob]
#   parameters:
#     # Set them in kc.nix: `policyParameters.restricted = { exemptNamespaces = [ "ops" ]; };`
#     exemptNamespaces:
#       default: []
#       description: Objects in these namespaces are not checked.
#     allowedVolumeTypes:
#       default: [configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,
#                 projected, secret]
#       description: The volume sources a pod may use.
#     allowedCapabilities:
#       default: [NET_BIND_SERVICE]
#       description: The capabilities a container may add (after dropping ALL).
package kc.builtin.restricted

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
# Parameters (data.kc.parameters.restricted), with their defaults. A parameter of the wrong
# type is ignored.
# ---------------------------------------------------------------------------------------

default exempt_namespaces := []

exempt_namespaces := p if {
	p := data.kc.parameters.restricted.exemptNamespaces
	is_array(p)
}

default allowed_volume_types := [
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
	"persistentVolumeClaim", "projected", "secret",
]

allowed_volume_types := p if {
	p := data.kc.parameters.restricted.allowedVolumeTypes
	is_array(p)
}

default allowed_capabilities := ["NET_BIND_SERVICE"]

allowed_capabilities := p if {
	p := data.kc.parameters.restricted.allowedCapabilities
	is_array(p)
}

# The capabilities builtin:baseline allows (its parameter allowedCapabilities): the others
# are reported by baseline.capabilities already.
default baseline_allowed_capabilities := [
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]

baseline_allowed_capabilities := p if {
	p := data.kc.parameters.baseline.allowedCapabilities
	is_array(p)
}

exempt if input.metadata.namespace in exempt_namespaces

# ---------------------------------------------------------------------------------------
# Controls.
# ---------------------------------------------------------------------------------------

# restricted.volume-types: only the volume types of the restricted level are allowed
# (parameter allowedVolumeTypes); hostPath is reported by baseline.host-path.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	some i, volume in pod.spec.volumes
	some type, _ in volume
	not type in {"name", "hostPath"}
	not type in allowed_volume_types
	not exempt
	v := {
		"id": "restricted.volume-types",
		"severity": "error",
		"msg": sprintf("Volume \"%s\" of %s has the type %s, which the restricted level does not allow: use one of %s.", [object.get(volume, "name", ""), data.kc.builtin.pods.object_name, type, concat(", ", allowed_volume_types)]),
		"path": array.concat(pod.path, ["volumes", i, type]),
	}
}

# restricted.privilege-escalation: privilege escalation (through set-user-ID or set-group-ID
# file modes) must not be allowed: securityContext.allowPrivilegeEscalation must be false.
# Pods with spec.os.name = "windows" are exempt from the Linux-only controls.
violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	not c.container.securityContext.allowPrivilegeEscalation == false
	not c.pod.spec.os.name == "windows"
	not exempt
	v := {
		"id": "restricted.privilege-escalation",
		"severity": "error",
		"msg": sprintf("%s may gain more privileges than its process has: set securityContext.allowPrivilegeEscalation = false.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "allowPrivilegeEscalation"]),
	}
}

# restricted.run-as-non-root: containers must run as non-root users:
# securityContext.runAsNonRoot must be true, on the pod or on every container (a container's
# setting overrides the pod's), and never false. The pod allows root:
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	pod.spec.securityContext.runAsNonRoot == false
	not exempt
	v := {
		"id": "restricted.run-as-non-root",
		"severity": "error",
		"msg": sprintf("%s allows its containers to run as root (runAsNonRoot = false): set securityContext.runAsNonRoot = true.", [data.kc.builtin.pods.pod_who]),
		"path": array.concat(pod.path, ["securityContext", "runAsNonRoot"]),
	}
}

# restricted.run-as-non-root, a container that allows root:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	c.container.securityContext.runAsNonRoot == false
	not exempt
	v := {
		"id": "restricted.run-as-non-root",
		"severity": "error",
		"msg": sprintf("%s may run as root (runAsNonRoot = false): set securityContext.runAsNonRoot = true.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "runAsNonRoot"]),
	}
}

# restricted.run-as-non-root, set neither on the container nor on the pod:
violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	not is_boolean(c.container.securityContext.runAsNonRoot)
	not is_boolean(c.pod.spec.securityContext.runAsNonRoot)
	not exempt
	v := {
		"id": "restricted.run-as-non-root",
		"severity": "error",
		"msg": sprintf("%s may run as root: set securityContext.runAsNonRoot = true on the container or on the pod.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "runAsNonRoot"]),
	}
}

# restricted.run-as-user: containers must not set runAsUser to 0 (root), on the pod or on a
# container.
violation contains v if {
	some pod in data.kc.builtin.pods.pod_specs
	pod.spec.securityContext.runAsUser == 0
	not exempt
	v := {
		"id": "restricted.run-as-user",
		"severity": "error",
		"msg": sprintf("%s runs its containers as root (runAsUser = 0): use a non-zero user ID.", [data.kc.builtin.pods.pod_who]),
		"path": array.concat(pod.path, ["securityContext", "runAsUser"]),
	}
}

# restricted.run-as-user, a container:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	c.container.securityContext.runAsUser == 0
	not exempt
	v := {
		"id": "restricted.run-as-user",
		"severity": "error",
		"msg": sprintf("%s runs as root (runAsUser = 0): use a non-zero user ID.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "runAsUser"]),
	}
}

# restricted.seccomp: a seccomp profile must be set explicitly, RuntimeDefault or Localhost,
# on the pod or on every container (Unconfined is reported by baseline.seccomp).
violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	not c.container.securityContext.seccompProfile.type
	not c.pod.spec.securityContext.seccompProfile.type
	not c.pod.spec.os.name == "windows"
	not exempt
	v := {
		"id": "restricted.seccomp",
		"severity": "error",
		"msg": sprintf("%s runs without a seccomp profile: set securityContext.seccompProfile.type = \"RuntimeDefault\" (or Localhost) on the pod or on the container.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "seccompProfile", "type"]),
	}
}

# restricted.capabilities: containers must drop ALL capabilities, and may add back only
# NET_BIND_SERVICE (parameter allowedCapabilities).
violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	not "ALL" in object.get(c.container, ["securityContext", "capabilities", "drop"], [])
	not c.pod.spec.os.name == "windows"
	not exempt
	v := {
		"id": "restricted.capabilities",
		"severity": "error",
		"msg": sprintf("%s keeps the default Linux capabilities: set securityContext.capabilities.drop = [ \"ALL\" ].", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "capabilities", "drop"]),
	}
}

# restricted.capabilities, an added capability that baseline allows but restricted does not:
violation contains v if {
	some k, c in data.kc.builtin.pods.secured_containers
	some j, capability in c.container.securityContext.capabilities.add
	not capability in allowed_capabilities
	capability in baseline_allowed_capabilities
	not c.pod.spec.os.name == "windows"
	not exempt
	v := {
		"id": "restricted.capabilities",
		"severity": "error",
		"msg": sprintf("%s adds the capability %s, which the restricted level does not allow: remove it from securityContext.capabilities.add (allowed: %s).", [data.kc.builtin.pods.container_whos[k], capability, concat(", ", allowed_capabilities)]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "capabilities", "add", j]),
	}
}
