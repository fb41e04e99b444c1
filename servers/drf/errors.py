"""DRF's exceptions and Django's error views → the contract's bodies (404/405/413/415/422/500)."""

from django.http import HttpResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from catalog_contract import bodies, jsjson, problems
from catalog_contract.http_errors import STATUS_BODIES


class Invalid(exceptions.APIException):
    """A 422 whose contract body is ready."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, body: dict):
        self.body = body


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


def contract_detail(errors, where: str) -> dict:
    """``serializer.errors`` (field → messages, in field order) as the contract's 422 body."""
    detail: list[dict] = []
    for field, messages in errors.items():
        if field == "non_field_errors":
            detail.append(problems.issue(where, None, problems.OBJECT))
            continue
        for msg in messages:
            detail.append(
                problems.issue(where, field, (problems.type_of_message(str(msg)), str(msg)))
            )
    return problems.validation_error(detail)


def contract_exception_handler(exc, context):
    if isinstance(exc, Invalid):
        return Response(exc.body, status=422)
    if isinstance(exc, exceptions.ParseError):
        return Response(problems.JSON_INVALID, status=422)
    if isinstance(exc, exceptions.NotFound):
        return Response(bodies.NOT_FOUND, status=404)
    if isinstance(exc, exceptions.APIException):
        code = exc.status_code
        return Response(STATUS_BODIES.get(code, {"detail": str(exc.detail)}), status=code)
    return None  # Django's handler500 answers


def _json(body: dict, status_code: int) -> HttpResponse:
    return HttpResponse(jsjson.dumps(body), content_type="application/json", status=status_code)


def not_found(request, exception=None) -> HttpResponse:
    return _json(bodies.NOT_FOUND, 404)


def server_error(request) -> HttpResponse:
    return _json(bodies.INTERNAL_SERVER_ERROR, 500)
