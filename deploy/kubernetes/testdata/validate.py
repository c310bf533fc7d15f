"""Checks Kubernetes manifests offline, as far as that can be done without a
cluster. Usage: validate.py MANIFEST.yaml...

- dask-kubernetes kinds (DaskCluster, DaskJob, DaskWorkerGroup,
  DaskAutoscaler): against the openAPIV3Schema of the operator's CRD shipped in
  the dask_kubernetes package (its Helm chart's crds/, with the pod and service
  specs expanded), made strict like `kubectl apply --validate=strict`: a field
  the schema does not declare is an error unless the schema preserves unknown
  fields.
- core kinds (Deployment, CronJob, PersistentVolumeClaim, ConfigMap, Service,
  Job): structurally, against the pydantic models of the official Kubernetes
  Python client: every field known, each value of the declared type, required
  fields present. Those models also accept snake_case field names, which the
  API server would reject. Defaulting, admission, enumerated values and
  cross-field rules (selector matches labels, quantities, names) are the API
  server's and are not checked.

Prints one line per problem, `FILE: KIND NAME: PATH: message`, and exits 1 if
there is any; prints `ok FILE KIND NAME` for each clean document.
"""

import copy
import importlib.util
import os
import sys

import jsonschema
import kubernetes.client as k8s
import pydantic
import yaml

CORE = {
    ("apps/v1", "Deployment"): "V1Deployment",
    ("batch/v1", "CronJob"): "V1CronJob",
    ("batch/v1", "Job"): "V1Job",
    ("v1", "PersistentVolumeClaim"): "V1PersistentVolumeClaim",
    ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Service"): "V1Service",
}


def crd_schemas():
    """Maps each dask-kubernetes kind to its strict v1 schema."""
    spec = importlib.util.find_spec("dask_kubernetes")
    root = os.path.join(spec.submodule_search_locations[0], "operator", "deployment", "helm", "dask-kubernetes-operator", "crds")
    schemas = {}
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name)) as f:
            crd = yaml.safe_load(f)
        group = crd["spec"]["group"]
        for v in crd["spec"]["versions"]:
            schema = strict(copy.deepcopy(v["schema"]["openAPIV3Schema"]))
            schema.setdefault("properties", {}).update(
                apiVersion={"type": "string"}, kind={"type": "string"},
                metadata={"type": "object", "required": ["name"]})
            schemas[(group + "/" + v["name"], crd["spec"]["names"]["kind"])] = schema
    return schemas


def strict(node):
    """Forbids undeclared fields wherever the schema lists properties and
    neither preserves unknown fields nor allows additional ones."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node and not node.get("x-kubernetes-preserve-unknown-fields"):
            node["additionalProperties"] = False
        for v in node.values():
            strict(v)
    elif isinstance(node, list):
        for v in node:
            strict(v)
    return node


def check_crd(doc, schema):
    """Yields (path, message) for each schema violation, leaves only."""
    v = jsonschema.Draft7Validator(schema)
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        for leaf in leaves(e):
            yield path_of(leaf.absolute_path), leaf.message


def leaves(e):
    if not e.context:
        return [e]
    return [l for c in e.context for l in leaves(c)]


def path_of(parts):
    return ".".join(str(p) for p in parts) or "(document)"


def check_core(doc, cls_name):
    """Yields (path, message) for each way doc does not fit the Kubernetes
    client's model (pydantic, extra fields forbidden)."""
    try:
        getattr(k8s, cls_name).model_validate(doc)
    except pydantic.ValidationError as e:
        for err in e.errors():
            yield path_of(err["loc"]), "%s (%s)" % (err["msg"], cls_name)


def main(files):
    schemas = crd_schemas()
    bad = 0
    for name in files:
        with open(name) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        for doc in docs:
            key = (doc.get("apiVersion"), doc.get("kind"))
            label = "%s %s" % (doc.get("kind"), (doc.get("metadata") or {}).get("name"))
            if key in schemas:
                problems = list(check_crd(doc, schemas[key]))
            elif key in CORE:
                problems = list(check_core(doc, CORE[key]))
            else:
                problems = [("(document)", "apiVersion %s kind %s is not one this check knows" % key)]
            for path, msg in problems:
                print("%s: %s: %s: %s" % (name, label, path, msg))
            if problems:
                bad += 1
            else:
                print("ok %s %s" % (name, label))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
