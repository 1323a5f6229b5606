//! Every diagnostic code kc reports, with the explanation `kc explain CODE` prints.
//!
//! Families: KC01xx syntax, KC02xx evaluation, KC03xx schema, KC04xx semantic and
//! cross-object checks, KC05xx policy, KC06xx project, output and images.

pub struct CodeInfo {
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
}

pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    let wanted = code.trim().to_ascii_uppercase();
    CODES.iter().find(|info| info.code == wanted)
}

pub fn all() -> &'static [CodeInfo] {
    CODES
}

macro_rules! codes {
    ($($code:literal, $title:literal, $explanation:literal;)*) => {
        static CODES: &[CodeInfo] = &[$(CodeInfo { code: $code, title: $title, explanation: $explanation }),*];
    };
}

codes! {
    "KC0101", "syntax error",
        "The file is not valid Nix syntax: a missing `;`, an unbalanced bracket, a keyword in the wrong place. Fix the text at the marked position; the rest of the file is not evaluated until it parses.";
    "KC0102", "duplicate attribute",
        "An attribute is defined twice in the same set or `let`, e.g. `{ a = 1; a = 2; }` or `{ a.b = 1; a = 3; }`. Nested paths merge (`a.b = 1; a.c = 2;`), plain values do not. Remove or rename one definition.";
    "KC0103", "duplicate function argument",
        "A function pattern names the same argument twice, e.g. `{ a, a }: ...` or `a@{ a }: ...`. Rename one of them.";
    "KC0104", "undefined variable",
        "A name is used that no `let`, function argument, `rec` set or `with` binds. kc reports these before evaluating (except under `with`, where the lookup is dynamic). Check the spelling; the note suggests the closest name in scope.";
    "KC0105", "unsupported syntax",
        "The construct is valid Nix but not part of kc's hermetic language: search paths like `<nixpkgs>`, home paths like `~/x`, the experimental pipe operators. Use relative paths to files of the project, and plain function application.";
    "KC0107", "dynamic attribute not allowed here",
        "`let` bindings and `inherit` need fixed names; `${expr}` names are only allowed in attribute sets. Build a set instead: `let s = { ${name} = v; }; in ...`.";
    "KC0201", "type error",
        "A value of the wrong type was used: adding a string to a number, `if` on a non-Boolean, calling something that is not a function, a builtin given the wrong kind of argument. The label says what was expected.";
    "KC0202", "missing attribute",
        "`set.name` selects an attribute the set does not have. Check the spelling (the note suggests the closest name), use `set.name or default`, or test with `set ? name`.";
    "KC0203", "infinite recursion",
        "A value was needed while it was being computed, e.g. `let x = x + 1; in x` or `rec { a = b; b = a; }`. Break the cycle.";
    "KC0204", "stack overflow",
        "Evaluation nested deeper than kc's stack budget, almost always a function that calls itself without a base case. Check the recursion's termination; for long lists prefer builtins.foldl' or genList over recursion.";
    "KC0205", "assertion failed",
        "An `assert cond; body` found `cond` false. builtins.tryEval can catch it.";
    "KC0206", "thrown error",
        "The program called `throw \"message\"`. The message is the program's own; builtins.tryEval can catch it.";
    "KC0207", "aborted",
        "The program called `abort \"message\"`, which cannot be caught.";
    "KC0208", "division by zero",
        "An integer or float was divided by zero.";
    "KC0209", "integer overflow",
        "Integer arithmetic exceeded the signed 64-bit range. kc reports it as current Nix does (Nix 2.8 silently wrapped). Use floats for very large values.";
    "KC0210", "wrong function arguments",
        "A function with a pattern `{ a, b ? 1 }: ...` was called without a required argument or with one it does not take (and no `...`). The note lists the arguments it takes.";
    "KC0211", "list index out of bounds",
        "builtins.elemAt with an index outside the list, or head/tail of an empty list.";
    "KC0212", "invalid regular expression",
        "builtins.match and builtins.split take POSIX extended regular expressions. Perl classes like `\\d` are not part of them: use `[0-9]` or `[[:digit:]]`.";
    "KC0213", "unsupported builtin",
        "The builtin needs the Nix store, the network or the machine's state (derivation, fetchurl, currentTime, currentSystem, ...), or a path would be copied to the store. kc output must be the same on every machine; vendor files into the project and read them with builtins.readFile or kc.readYAML.";
    "KC0215", "invalid JSON, TOML or YAML",
        "builtins.fromJSON, builtins.fromTOML or kc.readYAML was given text it cannot parse. The message says where.";
    "KC0216", "cannot coerce to a string",
        "String interpolation `\"${x}\"` and string concatenation need strings (or sets with __toString/outPath). Convert numbers and Booleans with `toString`.";
    "KC0217", "invalid argument",
        "A builtin got an argument of the right type but an invalid value: a negative substring start or list length, a function given to toJSON, an unknown hash algorithm.";
    "KC0218", "values cannot be compared",
        "`<`, `<=`, `>`, `>=` and builtins.sort order numbers, strings, paths and lists; sets, functions, Booleans and null have no order.";
    "KC0220", "file access outside the project",
        "kc is hermetic: import, readFile, readDir, pathExists and kc.readYAML may only read files inside the project root (the nearest directory with kc.nix), also through symlinks. Move the file into the project.";
    "KC0221", "file not found",
        "A file the program imports or reads does not exist (relative paths are relative to the file that contains them).";
    "KC0222", "environment variable not allowed",
        "builtins.getEnv makes output depend on the machine. Allow a variable explicitly with `--allow-env NAME`.";
    "KC0301", "unknown field",
        "The object has a field its schema does not define (Kubernetes would reject it, or silently drop it). Usually a typo: the note suggests the closest field. For custom resources the schema comes from the CRD.";
    "KC0302", "wrong type",
        "A field has a value of the wrong type: a string where an integer is expected (`replicas = \"3\"`), a list where an object is expected. Quote or unquote the value as the schema says.";
    "KC0303", "missing required field",
        "The schema requires a field the object does not set, e.g. a container's `name` or a Service port's `port`.";
    "KC0304", "value not allowed",
        "The field only accepts the values listed in the message (an enum), e.g. imagePullPolicy Always, IfNotPresent or Never. Values are case-sensitive.";
    "KC0305", "unknown kind",
        "No built-in Kubernetes kind and no CRD (from `schemas` or the project itself) has this name. Check the spelling, or add the CRD to the project's `schemas` (default ./crds).";
    "KC0306", "unknown or removed apiVersion",
        "The kind exists, but not in this apiVersion: it may have been removed from Kubernetes (e.g. extensions/v1beta1 Deployment, removed in 1.16; use apps/v1) or never existed.";
    "KC0307", "invalid quantity",
        "Resource quantities are numbers with an optional suffix: 500m, 2, 1.5, 128Mi, 1Gi, 1e3. Units like MB or GiB are not Kubernetes quantities.";
    "KC0308", "string does not match its constraints",
        "The string breaks the schema's pattern, format or length limits.";
    "KC0309", "number out of range",
        "The number is below the schema's minimum or above its maximum.";
    "KC0310", "wrong number of items",
        "The list has fewer items than minItems or more than maxItems, or the object fewer or more properties than allowed.";
    "KC0311", "duplicate list key",
        "In a keyed list (containers by name, ports by containerPort and protocol, env by name, volumes by name) two items have the same key; the API server would merge or reject them.";
    "KC0312", "unusable CRD",
        "A CustomResourceDefinition in `schemas` or in the project lacks what kc needs (group, names.kind, versions with an openAPIV3Schema).";
    "KC0401", "invalid name",
        "Object, namespace and container names follow DNS rules: lower-case letters, digits and '-', starting and ending with a letter or digit; at most 63 characters for labels (Services, Namespaces, containers) and 253 with dots allowed for subdomains (most other objects).";
    "KC0402", "invalid label",
        "Label keys are `name` or `prefix/name` (name: at most 63 of A-Z a-z 0-9 - _ ., starting and ending alphanumeric; prefix: a DNS subdomain). Values are empty or follow the same rule as names.";
    "KC0403", "invalid annotation",
        "Annotation keys follow the label key rules; all annotations of an object total at most 256 KiB.";
    "KC0404", "port out of range",
        "Ports are integers from 1 to 65535.";
    "KC0405", "invalid port name",
        "Named ports (container port names and Service targetPorts given as text) have at most 15 characters: lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-'.";
    "KC0406", "selector does not match the pod template",
        "A Deployment, ReplicaSet, StatefulSet or DaemonSet must select its own pods: every label in spec.selector.matchLabels (and each matchExpression) must hold for spec.template.metadata.labels. Define the labels once and use them in both places.";
    "KC0407", "no containers",
        "A pod needs at least one container.";
    "KC0408", "restartPolicy not allowed for this kind",
        "Deployments, ReplicaSets, StatefulSets and DaemonSets restart their pods: restartPolicy must be Always (the default). Jobs and CronJobs need OnFailure or Never.";
    "KC0409", "request above limit",
        "A container's resource request (cpu, memory, ...) cannot exceed its limit for the same resource.";
    "KC0410", "duplicate container name",
        "Container names must be unique within a pod, init containers included.";
    "KC0420", "Service selects no pods",
        "Warning: no pod template in the Service's namespace (in this environment) has all the labels of its selector, so the Service has no endpoints. Check the selector against the workload's template labels.";
    "KC0421", "reference to a missing object",
        "Warning: a pod refers to a ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim, or an Ingress to a Service, that the environment does not define. It may exist in the cluster already; if not, the pod will not start.";
    "KC0501", "policy cannot be parsed",
        "A .rego policy (or the Rego of a Gatekeeper ConstraintTemplate) has a syntax error. kc reads current Rego (v1) and, when that fails, the older v0 syntax; the diagnostic points at the line of the error in the syntax the file appears to use.";
    "KC0502", "policy cannot be used",
        "A policy loaded but cannot run: a Gatekeeper Constraint whose ConstraintTemplate is not in the policy paths, or policy parameters (`policyParameters` in kc.nix) that are not plain data.";
    "KC0503", "policy not found",
        "A `policies` entry or `--policy` argument names a path that does not exist, or a built-in pack other than builtin:baseline, builtin:restricted and builtin:hygiene.";
    "KC0510", "policy violation",
        "A policy rule (conftest `deny`/`violation`, a Gatekeeper `violation`, a kc-native violation with severity error, or a built-in policy) reports the object. The label points at the field the violation's `path` names, or, without a path, at a value the message quotes or the object itself (marked approximate). `kc explain <policy id>` shows a built-in policy's source. Fix the object, or change the policy or its parameters.";
    "KC0511", "policy warning",
        "A policy rule (conftest `warn`, a Gatekeeper constraint with enforcementAction warn or dryrun, or a violation with severity warning) reports the object. Warnings do not fail `kc check` or `kc build` unless `--deny-warnings` is given.";
    "KC0601", "not a kc project",
        "The directory has no kc.nix. Run kc in the project's directory, give the directory as an argument, or create a project with `kc init`.";
    "KC0602", "invalid project structure",
        "kc.nix must evaluate to a set (or a function of { kc, lib, ... } returning one) with `environments.<name>.resources` lists, or a top-level `resources` list for a single environment. Objects must be sets of plain data (no functions or paths).";
    "KC0604", "object cannot be identified",
        "Every Kubernetes object needs string `apiVersion`, `kind` and `metadata.name`; kc uses them (with the namespace) to identify the object.";
    "KC0605", "duplicate object",
        "Two objects in one environment have the same apiVersion, kind, namespace and name; the second would overwrite the first in the cluster. Rename one or remove the duplicate.";
    "KC0606", "unknown environment",
        "`--env` named an environment the project does not define. The note lists the defined ones.";
    "KC0610", "cannot write the output",
        "`kc build` could not replace the output directory: it is not writable, or it exists, is not empty and was not written by kc (it has no `.kc-output` marker file; kc refuses to replace such a directory so that a mistyped `--out` cannot wipe your files). The previous output is left as it was. Choose another `--out`, empty the directory, or fix its permissions.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_explained() {
        assert!(
            CODES.windows(2).all(|w| w[0].code < w[1].code),
            "codes must be sorted and unique"
        );
        for info in CODES {
            assert!(info.code.len() == 6 && info.code.starts_with("KC"));
            assert!(!info.explanation.is_empty());
        }
        assert_eq!(
            lookup("kc0104").map(|i| i.title),
            Some("undefined variable")
        );
    }
}
