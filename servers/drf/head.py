"""HEAD answered as GET without the body (Django leaves that to the server; Gunicorn would drop
the body and log a warning for every HEAD request). Outermost, so Content-Length stays the
GET body's length, as the node:http reference sends it."""


class HeadWithoutBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response
