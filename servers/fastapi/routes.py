"""The catalog routes on an APIRouter, as the guide writes them: pydantic models for input,
``response_model`` for output (the projection that keeps internal fields out), the store
through ``Depends``. ``VALIDATION=off`` mounts the trusted router instead: same paths, input
taken as given, responses still projected to Product.
"""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.responses import Response

from catalog_contract import problems, trusted
from catalog_contract.first_values import first_values
from catalog_contract.jsnumbers import js_string
from catalog_contract.store import CatalogStore, to_product
from request import ContractRoute
from responses import ContractJSONResponse
from schemas import ListQuery, Product, ProductId, ProductInput


def get_store(request: Request) -> CatalogStore:
    return request.app.state.store


Store = Annotated[CatalogStore, Depends(get_store)]


def list_query(request: Request) -> ListQuery:
    """The query model from each parameter's first value (Starlette's mapping keeps the last)."""
    try:
        return ListQuery.model_validate(first_values(request.query_params.multi_items()))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in error.errors()]
        ) from None


# Responses go through the contract's JSON codec: pydantic's direct-to-JSON path refuses
# strings with lone surrogates, which JSON.stringify (the reference) escapes.
router = APIRouter(
    prefix="/catalog", route_class=ContractRoute, default_response_class=ContractJSONResponse
)


@router.post("/products", response_model=Product, status_code=201)
async def create_product(payload: ProductInput, store: Store):
    return store.create(payload.model_dump())


@router.api_route("/products", methods=["GET", "HEAD"], response_model=list[Product])
async def list_products(query: Annotated[ListQuery, Depends(list_query)], store: Store):
    return store.list(query.category, query.page, query.page_size)


@router.api_route("/products/{id}", methods=["GET", "HEAD"], response_model=Product)
async def get_product(id: Annotated[ProductId, Path()], store: Store):
    record = store.get(id)
    if record is None:
        raise HTTPException(404, detail=f"Product {id} not indexed")
    return record


@router.delete("/products/{id}", status_code=204, response_class=Response)
async def delete_product(id: Annotated[ProductId, Path()], store: Store):
    if not store.delete(id):
        raise HTTPException(404, detail="Record missing")
    return Response(status_code=204)


trusted_router = APIRouter(prefix="/catalog", route_class=ContractRoute)


@trusted_router.post("/products")
async def create_trusted(request: Request, store: Store):
    try:
        body = await request.json()
    except json.JSONDecodeError:
        return ContractJSONResponse(problems.JSON_INVALID, 422)
    record = store.create(trusted.trusted_input(body))
    return ContractJSONResponse(to_product(record), 201)


@trusted_router.api_route("/products", methods=["GET", "HEAD"])
async def list_trusted(request: Request, store: Store):
    category, page, page_size = trusted.trusted_query(
        first_values(request.query_params.multi_items())
    )
    return ContractJSONResponse([to_product(r) for r in store.list(category, page, page_size)])


@trusted_router.api_route("/products/{id}", methods=["GET", "HEAD"])
async def get_trusted(id: str, store: Store):
    number = trusted.trusted_id(id)
    record = store.get(number)
    if record is None:
        raise HTTPException(404, detail=f"Product {js_string(number)} not indexed")
    return ContractJSONResponse(to_product(record))


@trusted_router.delete("/products/{id}", status_code=204, response_class=Response)
async def delete_trusted(id: str, store: Store):
    if not store.delete(trusted.trusted_id(id)):
        raise HTTPException(404, detail="Record missing")
    return Response(status_code=204)
