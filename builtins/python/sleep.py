def sleep(seconds):
    s = _seconds("seconds", seconds)
    if s > 0:
        _time.sleep(s)
    return seconds
