def fail(message="failed on purpose"):
    _str("message", message)
    raise RuntimeError(message)
