def split(text, sep=""):
    _str("text", text)
    _str("sep", sep)
    if sep == "":
        return text.split()
    return text.split(sep)
