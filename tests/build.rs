//! `kc build` end to end: the output layout, apply order, determinism, atomicity (a failing
//! build changes nothing), stale files, preserved modification times, and the guard against
//! replacing a directory that is not kc's.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use support::run_kc;

/// A scratch project directory, removed at the end of the test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path =
            std::env::temp_dir().join(format!("kc-build-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir is writable");
        Scratch(path)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("writable");
        }
        std::fs::write(path, text).expect("writable");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `kc build .` in `project`, which must succeed; its output (the summary is on stderr).
fn build_succeeds(project: &Scratch) -> std::process::Output {
    let output = run_kc(&["build", "."], &project.0);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every file below `directory`: relative path → (bytes, modification time).
fn snapshot(directory: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    fn walk(base: &Path, directory: &Path, files: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
        for entry in std::fs::read_dir(directory).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                let bytes = std::fs::read(&path).unwrap_or_default();
                let modified = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                files.insert(relative, (bytes, modified));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(directory, directory, &mut files);
    files
}

const TWO_ENVIRONMENTS: &str = r#"
let
  app = env: replicas: [
    { apiVersion = "v1"; kind = "Namespace"; metadata.name = "shop-${env}"; }
    { apiVersion = "v1"; kind = "ConfigMap"; metadata.name = "settings";
      data = { enabled = "yes"; mode = "on"; octal = "0777"; date = "2001-12-14"; script = "echo hi\necho there\n"; }; }
    { apiVersion = "apps/v1"; kind = "Deployment"; metadata.name = "web";
      spec = {
        inherit replicas;
        selector.matchLabels.app = "web";
        template.metadata.labels.app = "web";
        template.spec.containers = [ { name = "web"; image = "nginx:1.25"; envFrom = [ { configMapRef.name = "settings"; } ]; } ];
      }; }
    { apiVersion = "v1"; kind = "Service"; metadata.name = "web";
      spec = { selector.app = "web"; ports = [ { port = 80; } ]; }; }
  ];
in {
  environments.dev = { namespace = "shop-dev"; resources = app "dev" 1; };
  environments.prod = { namespace = "shop-prod"; resources = app "prod" REPLICAS; };
}
"#;

fn two_environments(replicas: &str) -> String {
    TWO_ENVIRONMENTS.replace("REPLICAS", replicas)
}

/// Compares two snapshots, naming the files that differ instead of printing their bytes.
fn assert_same_files(
    before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    why: &str,
) {
    let names = |files: &BTreeMap<String, (Vec<u8>, SystemTime)>| -> Vec<String> {
        files.keys().cloned().collect()
    };
    assert_eq!(
        names(before),
        names(after),
        "{why}: the set of files changed"
    );
    for (path, (bytes, modified)) in before {
        let (new_bytes, new_modified) = &after[path];
        assert!(bytes == new_bytes, "{why}: {path} has other contents");
        assert!(modified == new_modified, "{why}: {path} was rewritten");
    }
}

#[test]
fn writes_one_file_per_object_by_environment_and_namespace() {
    let project = Scratch::new("layout");
    project.write("kc.nix", &two_environments("3"));
    build_succeeds(&project);
    let files: Vec<String> = snapshot(&project.0.join("out")).into_keys().collect();
    assert_eq!(
        files,
        [
            ".kc-output",
            "dev/_cluster/namespace-shop-dev.yaml",
            "dev/shop-dev/configmap-settings.yaml",
            "dev/shop-dev/deployment-web.yaml",
            "dev/shop-dev/service-web.yaml",
            "prod/_cluster/namespace-shop-prod.yaml",
            "prod/shop-prod/configmap-settings.yaml",
            "prod/shop-prod/deployment-web.yaml",
            "prod/shop-prod/service-web.yaml",
        ]
    );
    let config_map =
        std::fs::read_to_string(project.0.join("out/dev/shop-dev/configmap-settings.yaml"))
            .unwrap_or_default();
    assert_eq!(
        config_map,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop-dev\n\
         data:\n  date: \"2001-12-14\"\n  enabled: \"yes\"\n  mode: \"on\"\n  octal: \"0777\"\n  \
         script: |\n    echo hi\n    echo there\n"
    );
}

#[test]
fn stdout_streams_one_environment_in_apply_order() {
    let project = Scratch::new("stdout");
    project.write("kc.nix", &two_environments("3"));
    let several = run_kc(&["build", ".", "--stdout"], &project.0);
    assert_eq!(several.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&several.stderr);
    assert!(stderr.contains("choose one with --env"), "{stderr}");

    let output = run_kc(&["build", ".", "--stdout", "--env", "prod"], &project.0);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let kinds: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("kind: "))
        .collect();
    assert_eq!(kinds, ["Namespace", "ConfigMap", "Service", "Deployment"]);
    assert_eq!(stdout.matches("\n---\n").count(), 3);
    assert!(!project.0.join("out").exists(), "--stdout writes no files");

    let json = run_kc(
        &["build", ".", "--stdout", "--env", "dev", "--format", "json"],
        &project.0,
    );
    let list: serde_json::Value =
        serde_json::from_slice(&json.stdout).expect("--format json prints JSON");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"][3]["spec"]["replicas"], 1);
}

#[test]
fn rebuilding_keeps_unchanged_files_and_removes_stale_ones() {
    let project = Scratch::new("incremental");
    project.write("kc.nix", &two_environments("3"));
    assert!(run_kc(&["build", "."], &project.0).status.success());
    let before = snapshot(&project.0.join("out"));
    std::thread::sleep(std::time::Duration::from_millis(30));

    // Change prod's replicas and drop dev's Service.
    let changed = two_environments("5").replace(
        "environments.dev = { namespace = \"shop-dev\"; resources = app \"dev\" 1; };",
        "environments.dev = { namespace = \"shop-dev\"; resources = builtins.filter (o: o.kind != \"Service\") (app \"dev\" 1); };",
    );
    project.write("kc.nix", &changed);
    let output = build_succeeds(&project);
    let after = snapshot(&project.0.join("out"));
    assert!(!after.contains_key("dev/shop-dev/service-web.yaml"));
    let deployment = "prod/shop-prod/deployment-web.yaml";
    assert_ne!(before[deployment].0, after[deployment].0);
    for (path, (bytes, modified)) in &after {
        if path != deployment {
            assert_eq!(&before[path].0, bytes, "{path} changed");
            assert_eq!(&before[path].1, modified, "{path} was rewritten");
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 written, 6 unchanged, 1 removed"),
        "{stderr}"
    );
}

#[test]
fn a_rebuild_restores_an_output_file_edited_by_hand() {
    // kc compares each object's file while the project evaluates; an edit of the same size
    // must still be seen and undone, and nothing else rewritten.
    let project = Scratch::new("edited");
    project.write("kc.nix", &two_environments("3"));
    assert!(run_kc(&["build", "."], &project.0).status.success());
    let before = snapshot(&project.0.join("out"));
    let edited = project.0.join("out/prod/shop-prod/deployment-web.yaml");
    let original = std::fs::read_to_string(&edited).expect("built");
    std::fs::write(&edited, original.replace("replicas: 3", "replicas: 4")).expect("writable");
    let output = build_succeeds(&project);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 written, 7 unchanged"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&edited).ok(), Some(original));
    let after = snapshot(&project.0.join("out"));
    for (path, (bytes, modified)) in &after {
        assert_eq!(
            &before[path].0, bytes,
            "{path} differs from the first build"
        );
        if !path.ends_with("deployment-web.yaml") || path.starts_with("dev") {
            assert_eq!(&before[path].1, modified, "{path} was rewritten");
        }
    }
}

#[test]
fn an_unchanged_object_whose_file_is_renamed_keeps_its_contents() {
    // The early comparison finds the core Event's file unchanged under its plain name, and
    // drops its text; the second Event, of another API group, makes both names qualified, so
    // the text must be rendered again for the new name.
    let event = r#"{ apiVersion = "v1"; kind = "Event"; metadata.name = "restart";
      involvedObject = { kind = "Pod"; name = "web"; }; reason = "Restarted"; }"#;
    let project = Scratch::new("renamed");
    project.write(
        "kc.nix",
        &format!("{{ namespace = \"ops\"; resources = [ {event} ]; }}"),
    );
    assert!(run_kc(&["build", "."], &project.0).status.success());
    let before = snapshot(&project.0.join("out"));
    let plain = "default/ops/event-restart.yaml";
    assert!(before.contains_key(plain), "{:?}", before.keys());
    project.write(
        "kc.nix",
        &format!(
            "{{ namespace = \"ops\"; resources = [ {event}
              {{ apiVersion = \"events.k8s.io/v1\"; kind = \"Event\"; metadata.name = \"restart\";
                eventTime = \"2026-11-26T05:00:00.000000Z\"; reason = \"Restarted\"; }} ]; }}"
        ),
    );
    build_succeeds(&project);
    let after = snapshot(&project.0.join("out"));
    assert!(!after.contains_key(plain));
    assert_eq!(
        after["default/ops/event.v1-restart.yaml"].0,
        before[plain].0
    );
    assert!(after.contains_key("default/ops/event.v1.events.k8s.io-restart.yaml"));
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let project = Scratch::new("atomic");
    project.write("kc.nix", &two_environments("3"));
    assert!(run_kc(&["build", "."], &project.0).status.success());
    let before = snapshot(&project.0.join("out"));

    // A schema error in one environment stops the whole build.
    project.write("kc.nix", &two_environments("\"three\""));
    let output = run_kc(&["build", "."], &project.0);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("KC0302"), "{stderr}");
    assert!(stderr.contains("before writing anything"), "{stderr}");
    assert_same_files(&before, &snapshot(&project.0.join("out")), "schema error");

    // So does an evaluation error.
    project.write("kc.nix", "{ resources = [ (throw \"broken\") ]; }");
    assert_eq!(run_kc(&["build", "."], &project.0).status.code(), Some(1));
    assert_same_files(
        &before,
        &snapshot(&project.0.join("out")),
        "evaluation error",
    );
}

#[test]
fn building_one_environment_keeps_the_others() {
    let project = Scratch::new("one-env");
    project.write("kc.nix", &two_environments("3"));
    assert!(run_kc(&["build", "."], &project.0).status.success());
    let before = snapshot(&project.0.join("out"));
    project.write("kc.nix", &two_environments("4"));
    assert!(run_kc(&["build", ".", "--env", "dev"], &project.0)
        .status
        .success());
    let after = snapshot(&project.0.join("out"));
    assert_same_files(
        &before,
        &after,
        "prod keeps its old output; dev did not change",
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let project = Scratch::new("deterministic");
    project.write("kc.nix", &two_environments("3"));
    let first = project.0.join("first");
    let second = project.0.join("second");
    for out in [&first, &second] {
        let out = out.to_string_lossy().into_owned();
        assert!(run_kc(&["build", ".", "--out", &out], &project.0)
            .status
            .success());
    }
    let strip = |files: BTreeMap<String, (Vec<u8>, SystemTime)>| -> BTreeMap<String, Vec<u8>> {
        files
            .into_iter()
            .map(|(k, (bytes, _))| (k, bytes))
            .collect()
    };
    assert_eq!(strip(snapshot(&first)), strip(snapshot(&second)));
}

#[test]
fn a_directory_kc_did_not_write_is_never_replaced() {
    let project = Scratch::new("guard");
    project.write("kc.nix", &two_environments("3"));
    project.write("src/main.rs", "fn main() {}\n");
    let output = run_kc(&["build", ".", "--out", "src"], &project.0);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("KC0610"), "{stderr}");
    assert!(stderr.contains("not written by kc"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(project.0.join("src/main.rs"))
            .ok()
            .as_deref(),
        Some("fn main() {}\n")
    );
}
