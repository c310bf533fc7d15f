def _lower1(c):
    l = c.lower()
    if _b.len(l) == 1:
        return l
    return "i" if c == "\u0130" else c  # İ: Go's simple mapping


def lower(text):
    _str("text", text)
    if text.isascii():
        return text.lower()
    return "".join(_lower1(c) for c in text)
