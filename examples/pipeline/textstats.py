"""Plain Python steps of the pipeline example: flowspec calls them by name
(op: py:textstats.word_count) between shell commands."""


def word_count(line):
    """Return how many words a line has."""
    return len(line.split())


def summarize(counts):
    """Return the number of lines, of words and the longest line's words."""
    return {"lines": len(counts), "words": sum(counts), "longest": max(counts)}


def render(summary):
    """Return the summary as a small text report, one fact per line."""
    return "".join(f"{key}: {summary[key]}\n" for key in sorted(summary))
