def _format(template, values):
    out = []
    i, n = 0, _b.len(template)
    while i < n:
        c = template[i]
        if c in "{}" and i + 1 < n and template[i + 1] == c:
            out.append(c)
            i += 2
            continue
        if c == "}":
            raise ValueError("template has an unmatched }; write }} for a literal brace")
        if c == "{":
            j = i + 1
            while j < n and template[j] not in "{}":
                j += 1
            if j >= n or template[j] != "}":
                raise ValueError("template has an unclosed {; write {{ for a literal brace")
            out.append(_text(_placeholder(template[i + 1:j], values)))
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _placeholder(name, values):
    if name == "":
        raise ValueError("template has an empty {}; put a key of values between the braces")
    if ":" in name or "!" in name:
        raise ValueError("template uses {%s}: format specs are not supported; compute the text in an expr" % name)
    if name not in values:
        raise ValueError("template uses {%s} but values has no %s (it has: %s)" % (name, _quote(name), ", ".join(sorted(values))))
    return values[name]


def format(template, values={}):
    _str("template", template)
    _map("values", values)
    return _format(template, values)
