"""The catalog routes as a Flask Blueprint, validated by Marshmallow schemas
(``VALIDATION=native``) or taken as given (``off``); responses are projected to Product by
``ProductSchema.dump`` (native) or the shared projection (off), so no internal field leaves."""

from flask import Blueprint, abort, current_app, request

from catalog_contract import bodies, jsjson, problems, trusted
from catalog_contract.jsnumbers import js_string
from catalog_contract.store import to_product
from marshmallow import ValidationError
from problems import contract_detail
from schemas import ListQuerySchema, ProductIdSchema, ProductInputSchema, ProductSchema

product_input = ProductInputSchema()
list_query = ListQuerySchema()
product_id = ProductIdSchema()
product_out = ProductSchema()
products_out = ProductSchema(many=True)


class Invalid(Exception):
    """A 422 whose body is ready."""

    def __init__(self, body: dict):
        self.body = body


def json_body():
    """The request's JSON within the limits: 415 unless JSON, 413 over 64 KiB, 422 if malformed.

    The body is read here rather than by ``request.get_json()``: Werkzeug's limit on a chunked
    body stops reading at the limit without telling a longer body from one of exactly 64 KiB.
    """
    if not bodies.is_json_content_type(request.headers.get("content-type")):
        abort(415)
    declared = request.content_length
    if declared is not None and declared > bodies.BODY_LIMIT_BYTES:
        abort(413)
    # Without a length (chunked) Gunicorn ends the input where the body ends.
    data = request.environ["wsgi.input"].read(
        bodies.BODY_LIMIT_BYTES + 1 if declared is None else declared
    )
    if len(data) > bodies.BODY_LIMIT_BYTES:
        abort(413)
    try:
        return current_app.json.loads(data)
    except jsjson.JsonInvalid:
        raise Invalid(problems.JSON_INVALID) from None


def _load(schema, data, where):
    try:
        return schema.load(data)
    except ValidationError as error:
        raise Invalid(contract_detail(error.messages, where)) from None


def native_blueprint() -> Blueprint:
    bp = Blueprint("catalog", __name__, url_prefix="/catalog")

    @bp.post("/products")
    def create_product():
        fields = _load(product_input, json_body(), "body")
        return product_out.dump(current_app.extensions["store"].create(fields)), 201

    @bp.get("/products")
    def list_products():
        query = _load(list_query, request.args.to_dict(flat=True), "query")
        store = current_app.extensions["store"]
        return products_out.dump(store.list(query["category"], query["page"], query["page_size"]))

    @bp.get("/products/<id>")
    def get_product(id):
        number = _load(product_id, {"id": id}, "path")["id"]
        record = current_app.extensions["store"].get(number)
        if record is None:
            return bodies.product_not_indexed(str(number)), 404
        return product_out.dump(record)

    @bp.delete("/products/<id>")
    def delete_product(id):
        number = _load(product_id, {"id": id}, "path")["id"]
        if not current_app.extensions["store"].delete(number):
            return bodies.RECORD_MISSING, 404
        return "", 204

    return bp


def trusted_blueprint() -> Blueprint:
    bp = Blueprint("catalog", __name__, url_prefix="/catalog")

    @bp.post("/products")
    def create_product():
        record = current_app.extensions["store"].create(trusted.trusted_input(json_body()))
        return to_product(record), 201

    @bp.get("/products")
    def list_products():
        category, page, page_size = trusted.trusted_query(request.args.to_dict(flat=True))
        records = current_app.extensions["store"].list(category, page, page_size)
        return [to_product(r) for r in records]

    @bp.get("/products/<id>")
    def get_product(id):
        number = trusted.trusted_id(id)
        record = current_app.extensions["store"].get(number)
        if record is None:
            return bodies.product_not_indexed(js_string(number)), 404
        return to_product(record)

    @bp.delete("/products/<id>")
    def delete_product(id):
        if not current_app.extensions["store"].delete(trusted.trusted_id(id)):
            return bodies.RECORD_MISSING, 404
        return "", 204

    return bp
