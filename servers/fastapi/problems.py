"""pydantic's validation errors (FastAPI's RequestValidationError) → the contract's 422 body."""

from catalog_contract import problems
from catalog_contract.jsnumbers import number_from_text

_OBJECT_TYPES = {"model_type", "model_attributes_type", "dict_type"}
_BOUNDS = {"greater_than_equal": "ge", "less_than_equal": "le"}


def contract_detail(errors) -> dict:
    """The 422 body for pydantic's errors, in their (schema field) order."""
    detail: list[dict] = []
    for error in errors:
        loc = list(error["loc"])
        kind = (error["type"], error["msg"])
        if kind[0] == "json_invalid" or (kind[0] == "missing" and loc == ["body"]):
            return problems.JSON_INVALID  # no body, or not JSON: nothing else to report
        if kind[0] in _OBJECT_TYPES:
            kind = problems.OBJECT
        where, field = loc[0], (str(loc[1]) if len(loc) > 1 else None)
        bound = _BOUNDS.get(kind[0])
        if bound is not None:
            value = error.get("input")
            number = number_from_text(value) if isinstance(value, str) else value
            limit = (error.get("ctx") or {}).get(bound)
            extra = problems.safe_integer_issues(
                number,
                own_min=limit if bound == "ge" else None,
                own_max=limit if bound == "le" else None,
            )
            detail.extend(problems.issue(where, field, k) for k in extra)
        detail.append(problems.issue(where, field, kind))
    return problems.validation_error(detail)
