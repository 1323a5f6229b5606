# METADATA
# title: Pods and containers
# description: |
#   What the built-in packs share: the pod spec of a workload, its containers, and how
#   messages name them. Not a pack: kc loads it with any built-in pack, and runs no rule of
#   it by itself.
package kc.builtin.pods

# Shared rather than repeated in each pack: kc evaluates the packs an object needs in one
# run of the machine, where a rule's value is computed once, so the packs selected together
# compute the pod, its containers and their names once per object instead of once per pack.

# The pod spec of the object: {"spec", "path", "metadata", "metadata_path"}, where `path`
# leads from `input` to the pod spec and `metadata_path` to the pod's metadata. Pod:
# spec; Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job:
# spec.template.spec; CronJob: spec.jobTemplate.spec.template.spec. An array of at most one
# pod, not a set: iterating a set of objects compares whole pod specs at every step.
pod_specs := [pod] if {
	input.kind == "Pod"
	pod := {"spec": input.spec, "path": ["spec"], "metadata": object.get(input, "metadata", {}), "metadata_path": ["metadata"]}
} else := [pod] if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
	template := input.spec.template
	pod := {
		"spec": template.spec,
		"path": ["spec", "template", "spec"],
		"metadata": object.get(template, "metadata", {}),
		"metadata_path": ["spec", "template", "metadata"],
	}
} else := [pod] if {
	input.kind == "CronJob"
	template := input.spec.jobTemplate.spec.template
	pod := {
		"spec": template.spec,
		"path": ["spec", "jobTemplate", "spec", "template", "spec"],
		"metadata": object.get(template, "metadata", {}),
		"metadata_path": ["spec", "jobTemplate", "spec", "template", "metadata"],
	}
} else := []

# The kinds that carry a pod spec, as `pod_specs` finds it.
pod_kinds := {"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}

# Every container of every pod, with its list and index: {"container", "field", "index",
# "pod"}. An array, not a set: a set compares its elements to keep them unique, and these
# hold whole pod specs (this made every pack about 20% faster).
containers := [c |
	some pod in pod_specs;
	some field in ["containers", "initContainers", "ephemeralContainers"];
	some i, container in pod.spec[field];
	c := {"container": container, "field": field, "index": i, "pod": pod}
]

# The containers that set a securityContext, by their index in `containers`. The controls of
# fields a container sets (not of fields it lacks) look only at these: a pod whose
# containers set none costs nothing there. An object rather than a list of indices, so that
# `some k, c in secured_containers` binds the container as well: looking it up by index
# (`c := containers[k]`) is an assignment regorus's machine does not test, which would keep
# the pack off the machine (see undefined_assignment.rs).
secured_containers := {k: c | some k, c in containers; c.container.securityContext}

# The path from `input` to each container. Arrays indexed like `containers` rather than
# functions: a rule's value is computed once, when a violation first needs it, while each
# function call costs about a microsecond on regorus's bytecode machine.
container_paths := [array.concat(c.pod.path, [c.field, c.index]) | some c in containers]

# How messages name each container: `Init container "migrate" of Deployment "api"`.
container_whos := [who |
	some c in containers
	who := sprintf("%s \"%s\" of %s \"%s\"", [
		container_labels[c.field],
		object.get(c.container, "name", ""),
		input.kind,
		object.get(input.metadata, "name", ""),
	])
]

container_labels := {"containers": "Container", "initContainers": "Init container", "ephemeralContainers": "Ephemeral container"}

# How messages name the object, and its pod: `Pod "x"`, or `The pod of Deployment "x"`.
object_name := sprintf("%s \"%s\"", [input.kind, object.get(input.metadata, "name", "")])

pod_who := object_name if {
	input.kind == "Pod"
} else := sprintf("The pod of %s", [object_name])
