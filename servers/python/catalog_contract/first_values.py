"""Query parameters as the contract reads them: a repeated parameter counts by its first value."""


def first_values(pairs) -> dict:
    """``{name: first value}`` from (name, value) pairs in request order."""
    first: dict = {}
    for key, value in pairs:
        if key not in first:
            first[key] = value
    return first
