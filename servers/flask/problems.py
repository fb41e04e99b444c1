"""Marshmallow's ValidationError messages → the contract's 422 body."""

from catalog_contract import problems


def contract_detail(messages, where: str) -> dict:
    """``{field: [message, ...]}`` (or ``{"_schema": [...]}`` for a non-object) in field order."""
    detail: list[dict] = []
    if isinstance(messages, list):  # Marshmallow's answer for a list given to a non-many schema
        messages = {"_schema": messages}
    for field, field_messages in messages.items():
        if field == "_schema":
            detail.append(problems.issue(where, None, problems.OBJECT))
            continue
        for msg in field_messages if isinstance(field_messages, list) else [field_messages]:
            detail.append(problems.issue(where, field, (problems.type_of_message(msg), msg)))
    return problems.validation_error(detail)
