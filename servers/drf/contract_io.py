"""DRF's renderer, parser and content negotiation for the contract's JSON (see jsjson)."""

from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer

from catalog_contract import jsjson


class ContractJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return b"" if data is None else jsjson.dumps(data)


class ContractJSONParser(BaseParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return jsjson.loads(stream.read())
        except jsjson.JsonInvalid as error:
            raise ParseError(str(error)) from None


class FirstRendererNegotiation(BaseContentNegotiation):
    """As DRF's content negotiation docs show: ignore the client, use the first renderer."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return (renderers[0], renderers[0].media_type)
