"""The catalog's DRF views: serializers validate input (``VALIDATION=native``) and project
output to Product; ``off`` takes input as given and projects with the shared projection."""

from django.http import HttpResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog_contract import bodies, jsjson, trusted
from catalog_contract.jsnumbers import js_string
from catalog_contract.store import CatalogStore, to_product
from rest_framework.exceptions import ParseError, UnsupportedMediaType

from errors import Invalid, PayloadTooLarge, contract_detail
from serializers import (
    ListQuerySerializer,
    ProductIdSerializer,
    ProductInputSerializer,
    ProductSerializer,
)

STORE = CatalogStore()


def first_query(request) -> dict:
    """Each query parameter's first value (QueryDict's ``[]`` and ``get`` give the last)."""
    return {key: values[0] for key, values in request.query_params.lists()}


def json_body(request):
    """The request's JSON within the limits: 415 unless JSON, 413 over 64 KiB, 422 if malformed.

    Read from the WSGI input rather than ``request.data``: Django reads no body without a
    Content-Length, and the contract answers a chunked body over the limit with 413.
    """
    content_type = request.META.get("CONTENT_TYPE")
    if not bodies.is_json_content_type(content_type):
        raise UnsupportedMediaType(content_type or "")
    declared = request.META.get("CONTENT_LENGTH")
    length = int(declared) if declared and declared.isdigit() else None
    if length is not None and length > bodies.BODY_LIMIT_BYTES:
        raise PayloadTooLarge()
    # Without a length (chunked) Gunicorn ends the input where the body ends.
    data = request.META["wsgi.input"].read(
        bodies.BODY_LIMIT_BYTES + 1 if length is None else length
    )
    if len(data) > bodies.BODY_LIMIT_BYTES:
        raise PayloadTooLarge()
    try:
        return jsjson.loads(data)
    except jsjson.JsonInvalid as error:
        raise ParseError(str(error)) from None


def validated(serializer_class, data, where: str) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise Invalid(contract_detail(serializer.errors, where))
    return serializer.validated_data


def product_id(id: str) -> int:
    return validated(ProductIdSerializer, {"id": id}, "path")["id"]


class ContractView(APIView):
    """APIView whose ``Allow`` header is only on a 405, with the contract's methods."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 405:
            response["Allow"] = bodies.allow_header(bodies.known_route_methods(request.path) or ())
        elif "Allow" in response:
            del response["Allow"]
        return response


class ProductList(ContractView):
    def get(self, request):
        query = validated(ListQuerySerializer, first_query(request), "query")
        records = STORE.list(query["category"], query["page"], query["page_size"])
        return Response(ProductSerializer(records, many=True).data)

    def post(self, request):
        fields = validated(ProductInputSerializer, json_body(request), "body")
        return Response(ProductSerializer(STORE.create(fields)).data, status=201)


class ProductDetail(ContractView):
    def get(self, request, id):
        number = product_id(id)
        record = STORE.get(number)
        if record is None:
            return Response(bodies.product_not_indexed(str(number)), status=404)
        return Response(ProductSerializer(record).data)

    def delete(self, request, id):
        if not STORE.delete(product_id(id)):
            return Response(bodies.RECORD_MISSING, status=404)
        return Response(status=204)


class TrustedProductList(ContractView):
    def get(self, request):
        category, page, page_size = trusted.trusted_query(first_query(request))
        return Response([to_product(r) for r in STORE.list(category, page, page_size)])

    def post(self, request):
        record = STORE.create(trusted.trusted_input(json_body(request)))
        return Response(to_product(record), status=201)


class TrustedProductDetail(ContractView):
    def get(self, request, id):
        number = trusted.trusted_id(id)
        record = STORE.get(number)
        if record is None:
            return Response(bodies.product_not_indexed(js_string(number)), status=404)
        return Response(to_product(record))

    def delete(self, request, id):
        if not STORE.delete(trusted.trusted_id(id)):
            return Response(bodies.RECORD_MISSING, status=404)
        return Response(status=204)


class Fixed(ContractView):
    """A constant body (``/json``, ``/health``)."""

    body: dict = {}

    def get(self, request):
        return Response(self.body)


class Ready(ContractView):
    def get(self, request):
        return Response(bodies.READY) if STORE.ready else Response(bodies.NOT_READY, status=503)


def openapi_document(document: bytes):
    class OpenApi(ContractView):
        def get(self, request):
            return HttpResponse(document, content_type="application/json")

    return OpenApi
