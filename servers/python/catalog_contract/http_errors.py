"""Which contract body answers a framework's HTTP error, by status (404/405/413/415/500)."""

from . import bodies

STATUS_BODIES = {
    404: bodies.NOT_FOUND,
    405: bodies.METHOD_NOT_ALLOWED,
    413: bodies.PAYLOAD_TOO_LARGE,
    415: bodies.UNSUPPORTED_MEDIA_TYPE,
    500: bodies.INTERNAL_SERVER_ERROR,
}
