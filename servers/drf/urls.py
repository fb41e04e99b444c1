"""The catalog's URLs; which views serve them follows VALIDATION (native or off)."""

from django.conf import settings
from django.urls import path

import views
from catalog_contract import bodies

config = settings.CATALOG_CONFIG
native = config.validation == "native"

urlpatterns = [
    path("json", views.Fixed.as_view(body=bodies.HELLO)),
    path("health", views.Fixed.as_view(body=bodies.HEALTH_OK)),
    path("ready", views.Ready.as_view()),
    path("openapi.json", views.openapi_document(config.openapi_json).as_view()),
    path("catalog/products", (views.ProductList if native else views.TrustedProductList).as_view()),
    path(
        "catalog/products/<str:id>",
        (views.ProductDetail if native else views.TrustedProductDetail).as_view(),
    ),
]

handler404 = "errors.not_found"
handler500 = "errors.server_error"
