#!/usr/bin/env bash
# Checks the container and Kubernetes artifacts without a container engine or a cluster:
# the manifests under deploy/k8s parse and say what Ferry needs (named management port, probes,
# pod IP, discovery, database Secret, RBAC), every environment variable they set is one the node
# reads, and the image starts the node through the same launcher as the local scripts
# (deploy/bin/ferry-node). One line per check; exits non-zero if any check fails.
#
#   deploy/k8s/check.sh
#
# Needs python3 with PyYAML. Two checks are skipped when their tool is absent: field names and
# types of every manifest against the API models of the Python Kubernetes client (Debian:
# python3-kubernetes), and the shell lint of the launcher and this script (the shellcheck tool).
set -euo pipefail
root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)

# A python3 with PyYAML, preferring one that also has the Kubernetes client.
py=""
for candidate in python3 /usr/bin/python3; do
  command -v "$candidate" >/dev/null 2>&1 || continue
  "$candidate" -c 'import yaml' 2>/dev/null || continue
  [ -n "$py" ] || py=$candidate
  if "$candidate" -c 'import kubernetes' 2>/dev/null; then
    py=$candidate
    break
  fi
done
if [ -z "$py" ]; then
  echo "FAIL no python3 with PyYAML (pip install pyyaml, or apt-get install python3-yaml)"
  exit 1
fi

exec "$py" - "$root" <<'PYTHON'
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import yaml

root = sys.argv[1]
os.chdir(root)
results = {"ok": 0, "FAIL": 0, "skip": 0}


def report(status, message):
    results[status] += 1
    print(f"{status:<4} {message}")


def check(condition, message, detail=""):
    report("ok" if condition else "FAIL", message + ("" if condition or not detail else f": {detail}"))
    return condition


LAUNCHER = "deploy/bin/ferry-node"
DOCKERFILE = "deploy/docker/Dockerfile"
REFERENCE_CONF = "node/src/main/resources/reference.conf"
# Variables read by the launcher rather than by the node's configuration.
LAUNCHER_VARS = {"JAVA_OPTS", "FERRY_JAR"}

# --- every YAML document under deploy/k8s parses and names itself ---------------------------
docs = []  # (file, document)
files = sorted(glob.glob("deploy/k8s/**/*.yaml", recursive=True) + glob.glob("deploy/k8s/**/*.yml", recursive=True))
check(bool(files), "YAML files found under deploy/k8s", "none")
for path in files:
    try:
        with open(path) as f:
            parsed = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        report("FAIL", f"{path} parses: " + " ".join(str(e).split()))
        continue
    report("ok", f"{path} parses ({len(parsed)} document{'s' if len(parsed) != 1 else ''})")
    for doc in parsed:
        name = (doc.get("metadata") or {}).get("name") if isinstance(doc, dict) else None
        kind = doc.get("kind") if isinstance(doc, dict) else None
        complete = isinstance(doc, dict) and doc.get("apiVersion") and kind and name
        if check(bool(complete), f"{path}: {doc.get('apiVersion') if isinstance(doc, dict) else '?'} {kind} {name} has apiVersion, kind, metadata.name"):
            docs.append((path, doc))


def of_kind(*kinds):
    return [(p, d) for p, d in docs if d["kind"] in kinds]


# --- field names and types against the Kubernetes API models (optional) ----------------------
try:
    import kubernetes
    from kubernetes import client as k8s
except ImportError:
    k8s = None
if k8s is None:
    report("skip", "field names and types against the Kubernetes API models (no python kubernetes module)")
else:
    def model_name(api_version, kind):
        return api_version.split("/")[-1].capitalize() + kind

    def walk(value, type_name, where, errors):
        if type_name.startswith("list["):
            if not isinstance(value, list):
                errors.append(f"{where}: expected a list")
                return
            for i, item in enumerate(value):
                walk(item, type_name[5:-1], f"{where}[{i}]", errors)
        elif type_name.startswith("dict("):
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a map")
                return
            inner = type_name[5:-1].split(", ", 1)[1]
            for key, item in value.items():
                walk(item, inner, f"{where}.{key}", errors)
        elif type_name == "str":
            if not isinstance(value, str):
                errors.append(f"{where}: expected a string, got {value!r}")
        elif type_name == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                errors.append(f"{where}: expected an integer, got {value!r}")
        elif type_name == "bool":
            if not isinstance(value, bool):
                errors.append(f"{where}: expected true or false, got {value!r}")
        elif type_name in ("object", "datetime", "float"):
            pass  # int-or-string ports, quantities, times
        else:
            model = getattr(k8s.models, type_name, None)
            if model is None:
                errors.append(f"{where}: unknown model {type_name}")
                return
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a {type_name} object")
                return
            fields = {json_key: python_key for python_key, json_key in model.attribute_map.items()}
            for key, item in value.items():
                if key not in fields:
                    errors.append(f"{where}.{key}: no such field in {type_name}")
                else:
                    walk(item, model.openapi_types[fields[key]], f"{where}.{key}", errors)

    api = k8s.ApiClient()
    for path, doc in docs:
        name = model_name(doc["apiVersion"], doc["kind"])
        label = f"{path}: {doc['kind']} {doc['metadata']['name']} uses only fields and types of {name} (kubernetes client {kubernetes.__version__})"
        if getattr(k8s.models, name, None) is None:
            report("FAIL", f"{label}: no such model")
            continue
        errors = []
        walk(doc, name, doc["kind"], errors)
        try:  # the models' constructors refuse missing required fields
            api._ApiClient__deserialize(doc, name)
        except (ValueError, TypeError) as e:
            errors.append(str(e))
        check(not errors, label, "; ".join(errors))

# --- the workload -----------------------------------------------------------------------------
workloads = of_kind("Deployment", "StatefulSet")
if check(len(workloads) == 1, "one Deployment or StatefulSet", f"found {len(workloads)}"):
    wpath, workload = workloads[0]
    spec = workload.get("spec", {})
    pod = spec.get("template", {})
    pod_labels = (pod.get("metadata") or {}).get("labels") or {}
    pod_spec = pod.get("spec") or {}
    containers = pod_spec.get("containers") or []
    check(len(containers) == 1, f"{wpath}: one container", f"found {len(containers)}")
    container = containers[0] if containers else {}
    where = f"{wpath}: container {container.get('name')}"

    replicas = spec.get("replicas", 1)
    check(isinstance(replicas, int) and replicas % 2 == 1, f"{wpath}: odd number of replicas (keep-majority)", f"replicas: {replicas}")
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    check(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
          f"{wpath}: selector {selector} matches the pod labels {pod_labels}")
    grace = pod_spec.get("terminationGracePeriodSeconds", 30)
    check(30 <= grace <= 45, f"{wpath}: terminationGracePeriodSeconds {grace} leaves time to leave the cluster (30-45)")

    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    check("management" in ports, f"{where}: a port named \"management\" (Cluster Bootstrap contacts it)", f"ports: {ports}")
    check("api" in ports and "remoting" in ports, f"{where}: ports named api and remoting", f"ports: {ports}")

    for probe, path in (("readinessProbe", "/ready"), ("livenessProbe", "/alive")):
        get = (container.get(probe) or {}).get("httpGet") or {}
        check(get.get("path") == path and get.get("port") == "management",
              f"{where}: {probe} is GET {path} on port management", f"httpGet: {get}")
    liveness = container.get("livenessProbe") or {}
    patience = liveness.get("initialDelaySeconds", 0) + liveness.get("periodSeconds", 10) * liveness.get("failureThreshold", 3)
    check(patience >= 60, f"{where}: livenessProbe waits {patience} s before the first restart (startup takes 20-30 s)")

    env = {e["name"]: e for e in container.get("env") or []}

    def field_ref(name):
        return (((env.get(name) or {}).get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath")

    check(field_ref("FERRY_REMOTE_HOST") == "status.podIP", f"{where}: FERRY_REMOTE_HOST is the pod IP (downward API)")
    check(field_ref("FERRY_MANAGEMENT_HOST") == "status.podIP", f"{where}: FERRY_MANAGEMENT_HOST is the pod IP (downward API)")
    check((env.get("FERRY_HTTP_HOST") or {}).get("value") == "0.0.0.0", f"{where}: FERRY_HTTP_HOST is 0.0.0.0")
    check((env.get("FERRY_DISCOVERY") or {}).get("value") == "kubernetes", f"{where}: FERRY_DISCOVERY is kubernetes")
    contact_points = (env.get("FERRY_REQUIRED_CONTACT_POINTS") or {}).get("value", "2")
    check(contact_points.isdigit() and 1 < int(contact_points) <= replicas,
          f"{where}: FERRY_REQUIRED_CONTACT_POINTS {contact_points} is more than 1 and at most the replicas ({replicas})")
    pod_selector = (env.get("FERRY_K8S_POD_SELECTOR") or {}).get("value", "app=ferry")
    wanted = dict(term.split("=", 1) for term in pod_selector.split(",") if "=" in term)
    check(wanted and all(pod_labels.get(k) == v for k, v in wanted.items()),
          f"{where}: FERRY_K8S_POD_SELECTOR {pod_selector} selects the pod labels {pod_labels}")

    secret_keys = {}
    for var, key in (("FERRY_DB_URL", "url"), ("FERRY_DB_USER", "user"), ("FERRY_DB_PASSWORD", "password")):
        ref = ((env.get(var) or {}).get("valueFrom") or {}).get("secretKeyRef") or {}
        check(ref.get("name") == "ferry-db" and ref.get("key") == key, f"{where}: {var} from Secret ferry-db key {key}", f"got {ref}")
    example = [d for p, d in of_kind("Secret") if d["metadata"]["name"] == "ferry-db"]
    if check(len(example) == 1, "deploy/k8s: an example Secret ferry-db"):
        data = dict(example[0].get("stringData") or {}, **(example[0].get("data") or {}))
        check({"url", "user", "password"} <= set(data), "example Secret ferry-db has keys url, user, password", f"keys: {sorted(data)}")
        check(all("PLACEHOLDER" in str(data.get(k, "")) for k in ("url", "user", "password")),
              "example Secret ferry-db values are marked PLACEHOLDER")
    secret_paths = [p for p, d in of_kind("Secret")]
    check(all(os.path.dirname(p) != "deploy/k8s" for p in secret_paths),
          "no Secret directly in deploy/k8s, so `kubectl apply -f deploy/k8s/` cannot apply placeholders", f"{secret_paths}")
    check(not [p for p in files if os.path.basename(p) in ("kustomization.yaml", "kustomization.yml") and os.path.dirname(p) == "deploy/k8s"],
          "no kustomization.yaml directly in deploy/k8s (`kubectl apply -f` would send it to the API)")

    # names the node reads: ${?NAME} overrides in reference.conf
    with open(REFERENCE_CONF) as f:
        overrides = set(re.findall(r"\$\{\?([A-Za-z0-9_]+)\}", f.read()))
    with open(LAUNCHER) as f:
        launcher_text = f.read()
    unknown = [n for n in env if n not in overrides and not (n in LAUNCHER_VARS and n in launcher_text)]
    check(not unknown, f"{where}: every env name is a ${{?NAME}} override in {REFERENCE_CONF} or read by {LAUNCHER}",
          f"unknown: {unknown}")

    # service account and its permission to list pods
    account = pod_spec.get("serviceAccountName")
    accounts = [d["metadata"]["name"] for p, d in of_kind("ServiceAccount")]
    check(account in accounts, f"{wpath}: serviceAccountName {account} is a ServiceAccount in deploy/k8s", f"accounts: {accounts}")
    roles = {d["metadata"]["name"]: d for p, d in of_kind("Role")}
    granted = False
    for p, binding in of_kind("RoleBinding"):
        subjects = binding.get("subjects") or []
        if not any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in subjects):
            continue
        role = roles.get((binding.get("roleRef") or {}).get("name"))
        for rule in (role or {}).get("rules") or []:
            if "" in rule.get("apiGroups", []) and "pods" in rule.get("resources", []) \
                    and {"get", "watch", "list"} <= set(rule.get("verbs", [])):
                granted = True
    check(granted, f"RBAC: ServiceAccount {account} may get, watch and list pods through a RoleBinding")

    # the Service reaches the API port
    services = of_kind("Service")
    if check(len(services) == 1, "one Service"):
        spath, service = services[0]
        svc_selector = (service.get("spec") or {}).get("selector") or {}
        check(svc_selector and all(pod_labels.get(k) == v for k, v in svc_selector.items()),
              f"{spath}: selector {svc_selector} matches the pod labels")
        svc_ports = (service.get("spec") or {}).get("ports") or []
        check(any(p.get("port") == 9324 and p.get("targetPort") in ("api", ports.get("api")) for p in svc_ports),
              f"{spath}: port 9324 targets the api port", f"ports: {svc_ports}")

# --- the image --------------------------------------------------------------------------------
with open(DOCKERFILE) as f:
    logical = re.sub(r"\\\n", " ", f.read())
instructions = []
for line in logical.splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        word, _, rest = line.partition(" ")
        instructions.append((word.upper(), rest.strip()))


def copy_destination(source):
    for word, rest in instructions:
        if word == "COPY":
            parts = [p for p in shlex.split(rest) if not p.startswith("--")]
            if source in parts[:-1]:
                return parts[-1]
    return None


base = [rest for word, rest in instructions if word == "FROM"]
check(len(base) == 1 and re.match(r"eclipse-temurin:17[.\d]*-jre\S*$", base[0] or ""),
      f"{DOCKERFILE}: FROM a pinned Eclipse Temurin 17 JRE tag", f"FROM {base}")
entrypoints = [rest for word, rest in instructions if word == "ENTRYPOINT"]
launcher_in_image = copy_destination(LAUNCHER)
try:
    entrypoint = json.loads(entrypoints[-1]) if entrypoints else None
except ValueError:
    entrypoint = None
check(isinstance(entrypoint, list) and launcher_in_image is not None and entrypoint[:1] == [launcher_in_image],
      f"{DOCKERFILE}: ENTRYPOINT (exec form) is {LAUNCHER}, copied to {launcher_in_image}",
      f"ENTRYPOINT {entrypoints}")
check(not [w for w, _ in instructions if w == "CMD"], f"{DOCKERFILE}: no CMD adds arguments to the launcher")
env_text = " ".join(rest for word, rest in instructions if word == "ENV")
image_env = dict(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)", env_text))
jar_in_image = copy_destination("node/target/ferry-node.jar")
check(jar_in_image is not None and image_env.get("FERRY_JAR") == jar_in_image,
      f"{DOCKERFILE}: FERRY_JAR points at the copied jar {jar_in_image}", f"FERRY_JAR={image_env.get('FERRY_JAR')}")
check(image_env.get("FERRY_HTTP_HOST") == "0.0.0.0", f"{DOCKERFILE}: FERRY_HTTP_HOST=0.0.0.0")
with open(REFERENCE_CONF) as f:
    overrides = set(re.findall(r"\$\{\?([A-Za-z0-9_]+)\}", f.read()))
unknown = [n for n in image_env if n not in overrides and n not in LAUNCHER_VARS]
check(not unknown, f"{DOCKERFILE}: every ENV name is read by the node or the launcher", f"unknown: {unknown}")
users = [rest for word, rest in instructions if word == "USER"]
check(users and re.match(r"[1-9]\d*(:\d+)?$", users[-1]), f"{DOCKERFILE}: runs as a numeric non-root USER", f"USER {users}")
exposed = {int(p.split("/")[0]) for word, rest in instructions if word == "EXPOSE" for p in rest.split()}
check(exposed == {9324, 7355, 7626}, f"{DOCKERFILE}: EXPOSE 9324 7355 7626", f"EXPOSE {sorted(exposed)}")
if len(workloads) == 1:
    check(set(ports.values()) == exposed, f"{wpath}: container ports equal the image's EXPOSE", f"{sorted(ports.values(), key=str)} vs {sorted(exposed)}")

# .dockerignore (context = repository root) must still send what the Dockerfile copies
if os.path.exists(".dockerignore"):
    with open(".dockerignore") as f:
        patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    import fnmatch

    def ignored(path):
        parts = path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        excluded = False
        for pattern in patterns:
            negate = pattern.startswith("!")
            pattern = pattern.lstrip("!").strip("/")
            if any(fnmatch.fnmatchcase(p, pattern) and p.count("/") == pattern.count("/") for p in prefixes) \
                    or fnmatch.fnmatchcase(path, pattern):
                excluded = not negate
        return excluded

    sources = [s for word, rest in instructions if word == "COPY"
               for s in [p for p in shlex.split(rest) if not p.startswith("--")][:-1]]
    kept = [s for s in sources if not ignored(s)]
    check(kept == sources, ".dockerignore keeps every file the Dockerfile copies", f"ignored: {sorted(set(sources) - set(kept))}")
else:
    report("skip", ".dockerignore (none at the repository root)")

# --- the launcher, and the scripts that must use it ------------------------------------------
check(os.access(LAUNCHER, os.X_OK), f"{LAUNCHER} is executable")
syntax = subprocess.run(["sh", "-n", LAUNCHER], capture_output=True, text=True)
check(syntax.returncode == 0, f"{LAUNCHER} passes sh -n", syntax.stderr.strip())
# the launcher's own options (class-data archive, huge pages) come first, so JAVA_OPTS can override them
check(re.search(r'exec java [^\n]*\$\{JAVA_OPTS:-\} -jar "\$FERRY_JAR" "\$@"', launcher_text) is not None,
      f"{LAUNCHER} execs java with its options, then JAVA_OPTS, FERRY_JAR and the arguments")
shell_scripts = []
for path in sorted(glob.glob("deploy/**/*", recursive=True) + glob.glob(".ci/*")):
    if not os.path.isfile(path) or "/target/" in path or "/src/" in path:
        continue
    with open(path, errors="replace") as f:
        text = f.read()
    if path.endswith(".sh") or re.match(r"#!.*\b(ba|da|z)?sh\b", text):
        shell_scripts.append((path, text))
if shutil.which("shellcheck"):
    targets = [p for p, _ in shell_scripts if p in (LAUNCHER, "deploy/k8s/check.sh")]
    lint = subprocess.run(["shellcheck", *targets], capture_output=True, text=True)
    check(lint.returncode == 0, f"shellcheck {' '.join(targets)}", lint.stdout.strip()[:500])
else:
    report("skip", "shellcheck (not installed)")
bypass = [p for p, text in shell_scripts
          if p not in (LAUNCHER, "deploy/k8s/check.sh") and re.search(r"\bjava\b[^\n]*\s-jar\b", text)]
users_of_launcher = [p for p, text in shell_scripts if p != LAUNCHER and "bin/ferry-node" in text and p != "deploy/k8s/check.sh"]
check(not bypass, "no script under deploy/ or .ci/ starts the jar except through " + LAUNCHER
      + (f" (scripts using it: {', '.join(users_of_launcher)})" if users_of_launcher else " (no other script starts nodes yet)"),
      f"java -jar in {bypass}")

print(f"check.sh: {results['ok']} passed, {results['FAIL']} failed, {results['skip']} skipped")
sys.exit(1 if results["FAIL"] else 0)
PYTHON
