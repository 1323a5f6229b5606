//! `kc init`: the new project checks and builds as it is, and existing files are never
//! overwritten.

mod support;

use support::run_kc;

#[test]
fn a_new_project_builds_and_init_never_overwrites() {
    let base = std::env::temp_dir().join(format!("kc-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("temp dir is writable");
    let project = base.join("hello");

    let init = run_kc(&["init", "hello"], &base);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let check = run_kc(&["check", ".", "--deny-warnings"], &project);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = run_kc(&["build", "."], &project);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    for file in [
        "out/dev/_cluster/namespace-hello-dev.yaml",
        "out/dev/hello-dev/deployment-hello.yaml",
        "out/prod/hello-prod/service-hello.yaml",
    ] {
        assert!(project.join(file).is_file(), "{file} was not written");
    }

    std::fs::write(project.join("kc.nix"), "# mine\n").expect("writable");
    let again = run_kc(&["init", "hello"], &base);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(project.join("kc.nix"))
            .ok()
            .as_deref(),
        Some("# mine\n")
    );
    let _ = std::fs::remove_dir_all(&base);
}
