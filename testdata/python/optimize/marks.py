"""A function marked pure and batchable, and one left opaque."""
def double(x):
    return 2 * x
double.flowspec_pure = True
double.flowspec_batchable = True
def triple(x):
    return 3 * x
