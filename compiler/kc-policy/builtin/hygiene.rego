# METADATA
# title: Hygiene
# description: |
#   Common hygiene for Kubernetes objects: required labels, no `:latest` or untagged
#   images, images only from allowed registries, resource requests and limits, readiness
#   and liveness probes, a read-only root file system, and no object in the `default`
#   namespace. Select it with `kc check --policy builtin:hygiene` or
#   `policies = [ "builtin:hygiene" ];` in kc.nix. Pods of every workload kind are checked
#   (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
#   CronJob). Labels, images, registries and namespaces are errors; requests and limits,
#   probes and the read-only root file system are warnings. Every violation has a `path` to
#   the offending field; for a field that is missing, the path names it and kc points at the
#   closest field that exists.
# custom:
#   parameters:
#     # Set them in kc.nix:
#     #   policyParameters.hygiene = { requiredLabels = [ "team" ];
#     #                                allowedRegistries = [ "ghcr.io/acme/" ]; };
#     requiredLabels:
#       default: [app.kubernetes.io/name]
#       description: Labels every object must have in metadata.labels.
#     requiredLabelsKinds:
#       default: []
#       description: The kinds requiredLabels applies to; empty means every kind.
#     allowedRegistries:
#       default: []
#       description: |
#         Prefixes an image must start with, such as "ghcr.io/acme/"; empty means any
#         registry. Docker Hub images also match in their full form ("nginx:1.27" is
#         "docker.io/library/nginx:1.27").
#     exemptImages:
#       default: []
#       description: |
#         Images exempt from the image checks (tag and registry): exact references, or
#         prefixes ending in "*" ("registry.k8s.io/pause*").
#     requiredRequests:
#       default: [cpu, memory]
#       description: Resources every container must request (resources.requests).
#     requiredLimits:
#       default: [cpu, memory]
#       description: Resources every container must limit (resources.limits).
#     requiredProbes:
#       default: [readinessProbe, livenessProbe]
#       description: Probes every container (not init or ephemeral ones) must have.
#     probeExemptKinds:
#       default: [Job, CronJob]
#       description: Kinds whose pods run to completion and need no probes.
#     requireNamespace:
#       default: true
#       description: |
#         Also report namespaced objects of the built-in kinds without a namespace (kubectl
#         would put them in the current namespace, usually `default`).
#     exemptNamespaces:
#       default: []
#       description: Objects in these namespaces are not checked.
package kc.builtin.hygiene

# How this pack is written: every object of a project is evaluated, so the rules are kept
# cheap for the common, clean object. Each rule tests the offending field first; the
# namespace exemption, the message and the path are only computed for a violation.
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
# Parameters (data.kc.parameters.hygiene), with their defaults. A parameter of the wrong
# type is ignored.
# ---------------------------------------------------------------------------------------

default required_labels := ["app.kubernetes.io/name"]

required_labels := p if {
	p := data.kc.parameters.hygiene.requiredLabels
	is_array(p)
}

default required_labels_kinds := []

required_labels_kinds := p if {
	p := data.kc.parameters.hygiene.requiredLabelsKinds
	is_array(p)
}

default allowed_registries := []

allowed_registries := p if {
	p := data.kc.parameters.hygiene.allowedRegistries
	is_array(p)
}

default exempt_images := []

exempt_images := p if {
	p := data.kc.parameters.hygiene.exemptImages
	is_array(p)
}

default required_requests := ["cpu", "memory"]

required_requests := p if {
	p := data.kc.parameters.hygiene.requiredRequests
	is_array(p)
}

default required_limits := ["cpu", "memory"]

required_limits := p if {
	p := data.kc.parameters.hygiene.requiredLimits
	is_array(p)
}

default required_probes := ["readinessProbe", "livenessProbe"]

required_probes := p if {
	p := data.kc.parameters.hygiene.requiredProbes
	is_array(p)
}

default probe_exempt_kinds := ["Job", "CronJob"]

probe_exempt_kinds := p if {
	p := data.kc.parameters.hygiene.probeExemptKinds
	is_array(p)
}

default require_namespace := true

require_namespace := p if {
	p := data.kc.parameters.hygiene.requireNamespace
	is_boolean(p)
}

default exempt_namespaces := []

exempt_namespaces := p if {
	p := data.kc.parameters.hygiene.exemptNamespaces
	is_array(p)
}

exempt if input.metadata.namespace in exempt_namespaces

# ---------------------------------------------------------------------------------------
# Images.
# ---------------------------------------------------------------------------------------

image_exempt(image) if image in exempt_images

image_exempt(image) if {
	some pattern in exempt_images
	endswith(pattern, "*")
	startswith(image, trim_suffix(pattern, "*"))
}

# The reference with its registry: "nginx" is "docker.io/library/nginx".
image_full(image) := image if {
	parts := split(image, "/")
	count(parts) > 1
	registry_like(parts[0])
} else := concat("", ["docker.io/", image]) if {
	contains(image, "/")
} else := concat("", ["docker.io/library/", image])

registry_like(host) if contains(host, ".")

registry_like(host) if contains(host, ":")

registry_like(host) if host == "localhost"

registry_allowed(image) if {
	some prefix in allowed_registries
	startswith(image, prefix)
}

registry_allowed(image) if {
	some prefix in allowed_registries
	startswith(image_full(image), prefix)
}

# ---------------------------------------------------------------------------------------
# Controls.
# ---------------------------------------------------------------------------------------

# The violations about containers, for objects that have a pod: the other objects do not
# pay for the container rules, nor for finding their pod.
violation contains v if {
	input.kind in data.kc.builtin.pods.pod_kinds
	some v in pod_violation
}

# hygiene.required-labels: every object carries the labels of the parameter requiredLabels
# (default app.kubernetes.io/name), for the kinds of requiredLabelsKinds (default all).
violation contains v if {
	some label in required_labels
	not input.metadata.labels[label]
	label_kind
	not exempt
	v := {
		"id": "hygiene.required-labels",
		"severity": "error",
		"msg": sprintf("%s has no label %s: add it to metadata.labels (required labels: %s).", [data.kc.builtin.pods.object_name, label, concat(", ", required_labels)]),
		"path": ["metadata", "labels", label],
	}
}

label_kind if count(required_labels_kinds) == 0

label_kind if input.kind in required_labels_kinds

# hygiene.image-tag: images name a version: no `:latest` tag and no untagged image (which
# means latest), unless pinned by digest (`@sha256:...`) or exempt (parameter exemptImages).
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	image := c.container.image
	endswith(image, ":latest")
	not contains(image, "@")
	not image_exempt(image)
	not exempt
	v := {
		"id": "hygiene.image-tag",
		"severity": "error",
		"msg": sprintf("%s uses the image \"%s\", whose :latest tag changes under you: use a version tag or a digest (@sha256:...).", [data.kc.builtin.pods.container_whos[k], image]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["image"]),
	}
}

# hygiene.image-tag, an image without a tag or digest:
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	image := c.container.image
	# The last component of the reference holds the tag ("nginx:1.27" of
	# "ghcr.io/x/nginx:1.27"), not the registry's port; split inline, as this runs for every
	# container. A test that holds, not `not contains(...)`: see the note on assignments at
	# the top.
	parts := split(image, "/")
	indexof(parts[count(parts) - 1], ":") == -1
	not contains(image, "@")
	not image_exempt(image)
	not exempt
	v := {
		"id": "hygiene.image-tag",
		"severity": "error",
		"msg": sprintf("%s uses the image \"%s\" without a tag, which means :latest: add a version tag or a digest (@sha256:...).", [data.kc.builtin.pods.container_whos[k], image]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["image"]),
	}
}

# hygiene.allowed-registries: images come from the registries of the parameter
# allowedRegistries (prefixes; default: any registry), unless exempt (exemptImages).
pod_violation contains v if {
	data.kc.parameters.hygiene.allowedRegistries
	count(allowed_registries) > 0
	some k, c in data.kc.builtin.pods.containers
	image := c.container.image
	is_string(image)
	not registry_allowed(image)
	not image_exempt(image)
	not exempt
	v := {
		"id": "hygiene.allowed-registries",
		"severity": "error",
		"msg": sprintf("%s uses the image \"%s\" from a registry that is not allowed: use an image starting with %s.", [data.kc.builtin.pods.container_whos[k], image, concat(" or ", allowed_registries)]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["image"]),
	}
}

# hygiene.resources: containers (and init containers) set resource requests and limits
# (parameters requiredRequests and requiredLimits, default cpu and memory for both), so the
# scheduler can place them and one pod cannot starve the node. Requests:
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	some name in required_requests
	not c.container.resources.requests[name]
	c.field != "ephemeralContainers"
	unset := [n | some n in required_requests; not c.container.resources.requests[n]]
	name == unset[0] # one warning for all the missing ones
	not exempt
	v := resources_warning("hygiene.resources", k, "requests", unset)
}

# hygiene.resources, limits:
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	some name in required_limits
	not c.container.resources.limits[name]
	c.field != "ephemeralContainers"
	unset := [n | some n in required_limits; not c.container.resources.limits[n]]
	name == unset[0] # one warning for all the missing ones
	not exempt
	v := resources_warning("hygiene.resources", k, "limits", unset)
}

# The warning for the resources `unset` a container does not set in `section`.
resources_warning(id, k, section, unset) := v if {
	fields := [sprintf("resources.%s.%s", [section, name]) | some name in unset]
	v := {
		"id": id,
		"severity": "warning",
		"msg": sprintf("%s sets no %s %s: set %s.", [data.kc.builtin.pods.container_whos[k], concat(" or ", unset), section, concat(" and ", fields)]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["resources", section]),
	}
}

# hygiene.probes: long-running containers have a readiness and a liveness probe (parameter
# requiredProbes), so traffic and restarts follow their health; kinds in probeExemptKinds
# (default Job and CronJob) are not checked, nor init and ephemeral containers.
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	unset := [p | some p in required_probes; not c.container[p]]
	count(unset) > 0 # one warning for all the missing ones
	c.field == "containers"
	not input.kind in probe_exempt_kinds
	not exempt
	v := {
		"id": "hygiene.probes",
		"severity": "warning",
		"msg": sprintf("%s has no %s: add %s so that Kubernetes knows when it is ready and when to restart it.", [data.kc.builtin.pods.container_whos[k], concat(" and no ", unset), concat(" and ", unset)]),
		"path": data.kc.builtin.pods.container_paths[k],
	}
}

# hygiene.read-only-root-filesystem: containers (and init containers) cannot write to their
# image's file system: securityContext.readOnlyRootFilesystem = true; mount an emptyDir
# where they must write.
pod_violation contains v if {
	some k, c in data.kc.builtin.pods.containers
	not c.container.securityContext.readOnlyRootFilesystem == true
	c.field != "ephemeralContainers"
	not exempt
	v := {
		"id": "hygiene.read-only-root-filesystem",
		"severity": "warning",
		"msg": sprintf("%s can write to its root file system: set securityContext.readOnlyRootFilesystem = true and mount an emptyDir where it must write.", [data.kc.builtin.pods.container_whos[k]]),
		"path": array.concat(data.kc.builtin.pods.container_paths[k], ["securityContext", "readOnlyRootFilesystem"]),
	}
}

# hygiene.default-namespace: objects do not go to the `default` namespace: set a namespace
# (or the environment's `namespace`). Namespaced objects of the built-in kinds without a
# namespace count too, unless requireNamespace is false.
violation contains v if {
	input.metadata.namespace == "default"
	not exempt
	v := {
		"id": "hygiene.default-namespace",
		"severity": "error",
		"msg": sprintf("%s is in the default namespace: use a namespace of its own (metadata.namespace, or the environment's namespace).", [data.kc.builtin.pods.object_name]),
		"path": ["metadata", "namespace"],
	}
}

# hygiene.default-namespace, a namespaced object without a namespace:
violation contains v if {
	not input.metadata.namespace
	input.kind in namespaced_kinds
	require_namespace == true
	v := {
		"id": "hygiene.default-namespace",
		"severity": "error",
		"msg": sprintf("%s has no namespace and would go to the current one, usually default: set metadata.namespace or the environment's namespace.", [data.kc.builtin.pods.object_name]),
		"path": ["metadata", "namespace"],
	}
}

# The namespaced kinds of the core API groups (a custom resource's scope is its CRD's).
namespaced_kinds := {
	"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
	"Job", "CronJob", "Service", "ConfigMap", "Secret", "ServiceAccount", "Ingress",
	"NetworkPolicy", "PersistentVolumeClaim", "Role", "RoleBinding",
	"HorizontalPodAutoscaler", "PodDisruptionBudget", "Endpoints", "EndpointSlice",
	"LimitRange", "ResourceQuota", "Lease", "PodTemplate", "ControllerRevision",
	"CSIStorageCapacity",
}
