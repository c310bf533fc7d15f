# flowspec's module introspection: imports one module (the search paths
# first) and prints, as JSON, its file and its public functions with their
# parameters, first doc line and flowspec markers. flowspec runs it at
# validate time and caches the answer by the module file's content.
import importlib
import inspect
import json
import os
import sys

KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "either",
    inspect.Parameter.KEYWORD_ONLY: "keyword",
    inspect.Parameter.VAR_POSITIONAL: "var",
    inspect.Parameter.VAR_KEYWORD: "var",
}


def plain(v):
    """Whether v is plain data flowspec can write as a default."""
    if type(v) is float:
        return v == v and abs(v) != float("inf")
    if v is None or type(v) in (bool, int, str):
        return type(v) is not int or -(2**63) <= v < 2**63
    if type(v) in (list, tuple):
        return all(plain(x) for x in v)
    if type(v) is dict:
        return all(type(k) is str and plain(x) for k, x in v.items())
    return False


def param(p):
    out = {"name": p.name, "kind": KINDS[p.kind], "required": p.default is inspect.Parameter.empty}
    if not out["required"]:
        if plain(p.default):
            out["default"] = json.loads(json.dumps(p.default))
        else:
            out["opaque_default"] = repr(p.default)[:60]
    return out


def function(fn):
    try:
        params = [param(p) for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        params = [{"name": "args", "kind": "var", "required": False}]
    doc = (inspect.getdoc(fn) or "").strip().split("\n")[0]
    return {
        "params": params,
        "doc": doc,
        "pure": getattr(fn, "flowspec_pure", False) is True,
        "batchable": getattr(fn, "flowspec_batchable", False) is True,
    }


def main():
    module, paths = sys.argv[1], sys.argv[2:]
    sys.path[:0] = [os.path.abspath(p) for p in paths]
    sys.stdout, out = sys.stderr, sys.stdout  # the module's prints are not the answer
    try:
        m = importlib.import_module(module)
    except BaseException as e:
        missing = isinstance(e, ModuleNotFoundError) and e.name is not None and (module + ".").startswith(e.name + ".")
        json.dump({"error": {"class": type(e).__name__, "message": str(e), "missing": missing}}, out)
        return
    funcs = {}
    for name, fn in vars(m).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != m.__name__:
            continue
        funcs[name] = function(fn)
    json.dump({"file": getattr(m, "__file__", None) or "", "functions": funcs}, out)


main()
