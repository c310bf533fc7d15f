# flowspec's loader on Dask: load and run, the callables every task names.
# sources.go explains how the graph builds this module and why load and run
# pickle as a recipe.
import itertools
import operator
import pickle

_namespaces = {}


def _load(src, name):
    """The function name of source src, executed once per process."""
    ns = _namespaces.get(src)
    if ns is None:
        ns = {"__name__": "flowspec_" + name}
        exec(compile(src, "flowspec/" + name + ".py", "exec"), ns)
        ns = _namespaces.setdefault(src, ns)
    return ns[name]


class _Call:
    """A call written into a pickle: unpickling it makes the call."""

    __slots__ = ("f", "args")

    def __init__(self, f, *args):
        self.f, self.args = f, args

    def __reduce__(self):
        return self.f, self.args


def _recipe(attr):
    """The pickle of getattr(M, attr), where M is this module as found in
    sys.modules or, failing that (map is lazy), built by eval(BOOT)."""
    modules = _Call(getattr, _Call(__import__, "sys"), "modules")
    found = _Call(operator.methodcaller("get", __name__), modules)
    built = _Call(map, eval, (BOOT,), ({"S": SOURCE, "N": __name__, "B": BOOT},))
    first = _Call(next, _Call(filter, None, _Call(itertools.chain, (found,), built)))
    return pickle.dumps(_Call(getattr, first, attr), protocol=4)


class _Handle:
    """load or run as tasks hold them: pickled as a recipe."""

    __slots__ = ("_name", "_recipe")

    def __init__(self, name):
        self._name, self._recipe = name, _recipe(name)

    def __reduce__(self):
        return pickle.loads, (self._recipe,)

    def __repr__(self):
        return "flowspec." + self._name


class _Load(_Handle):
    __slots__ = ()

    def __call__(self, src, name):
        return _load(src, name)


class _Run(_Handle):
    __slots__ = ()

    def __call__(self, src, name, *args):
        """Call the function name of source src with args."""
        ns = _namespaces.get(src)
        if ns is None:
            return _load(src, name)(*args)
        return ns[name](*args)


load = _Load("load")
run = _Run("run")
