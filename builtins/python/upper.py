# Characters whose Python upper case is several characters, mapped to their
# simple (single character) upper case as Go's unicode.ToUpper does; the
# others in that class (ß, ŉ, ǰ, ﬀ...) stay as they are.
_UPPER_SIMPLE = {c: c + 8 for base in (0x1F80, 0x1F90, 0x1FA0) for c in _b.range(base, base + 8)}
_UPPER_SIMPLE.update({0x1FB3: 0x1FBC, 0x1FC3: 0x1FCC, 0x1FF3: 0x1FFC})


def _upper1(c):
    u = c.upper()
    if _b.len(u) == 1:
        return u
    return chr(_UPPER_SIMPLE.get(ord(c), ord(c)))


def upper(text):
    _str("text", text)
    if text.isascii():
        return text.upper()
    return "".join(_upper1(c) for c in text)
