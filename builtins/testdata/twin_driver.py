# Conformance driver: runs operator twins on typed-JSON arguments.
# Input (stdin): {"twins": {op: source}, "calls": [{"op", "args": [typed]}]}
# Output (stdout): {"results": [{"value": typed} | {"error": message}],
#                   "signatures": {op: [[name, has_default, typed default]]}}
# Typed JSON keeps Go's int/float distinction that plain JSON loses:
# {"i": "12"}, {"f": "1.5"}, {"s": "x"}, {"b": true}, {"n": null},
# {"l": [typed...]}, {"m": {key: typed}}.
import inspect
import json
import sys


def decode(v):
    (k, x), = v.items()
    if k == "i":
        return int(x)
    if k == "f":
        return float(x)
    if k in ("s", "b", "n"):
        return x
    if k == "l":
        return [decode(e) for e in x]
    if k == "m":
        return {key: decode(e) for key, e in x.items()}
    raise ValueError("bad typed value %r" % (v,))


def encode(v):
    t = type(v)
    if v is None:
        return {"n": None}
    if t is bool:
        return {"b": v}
    if t is int:
        return {"i": str(v)}
    if t is float:
        return {"f": repr(v)}
    if t is str:
        return {"s": v}
    if t is list:
        return {"l": [encode(e) for e in v]}
    if t is dict:
        return {"m": {k: encode(e) for k, e in v.items()}}
    return {"bad": "%s %r" % (t.__name__, v)}


def main():
    req = json.load(sys.stdin)
    funcs, sigs = {}, {}
    for name, src in req["twins"].items():
        ns = {"__name__": "flowspec_twin_" + name}
        exec(compile(src, "flowspec/builtins/%s.py" % name, "exec"), ns)
        funcs[name] = ns[name]
        sigs[name] = [
            [p.name, p.default is not inspect.Parameter.empty,
             encode(p.default) if p.default is not inspect.Parameter.empty else None]
            for p in inspect.signature(ns[name]).parameters.values()
        ]
    results = []
    for call in req["calls"]:
        try:
            results.append({"value": encode(funcs[call["op"]](*[decode(a) for a in call["args"]]))})
        except Exception as e:  # the error's text is what Dask reports
            results.append({"error": str(e), "type": type(e).__name__})
    json.dump({"results": results, "signatures": sigs}, sys.stdout, ensure_ascii=False)


main()
