def identity(value):
    return value
