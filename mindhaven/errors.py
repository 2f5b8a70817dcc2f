"""Domain errors raised by services, and the one place they become HTTP answers.

Services raise these; routes never build error responses by hand. HTML
requests get a styled page, JSON/API requests get {"error": {...}}.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """Base for rule violations a user can fix or must be told about."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    """Also used for records that exist but are not yours: their existence is not revealed."""

    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    if request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


TITLES = {
    400: "That request could not be understood",
    401: "Please log in",
    403: "You do not have access to this page",
    404: "We could not find that page",
    405: "That action is not allowed here",
    409: "That conflicts with something that already exists",
    413: "That upload is too large",
    415: "Unsupported content type",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def error_response(status: int, message: str, code: str | None = None, field: str | None = None) -> Response:
    if wants_json():
        body: dict = {"error": {"status": status, "code": code or str(status), "message": message}}
        if field:
            body["error"]["field"] = field
        response = jsonify(body)
        response.status_code = status
        return response
    title = TITLES.get(status, "Something went wrong")
    return Response(render_template("errors/error.html", status=status, title=title, message=message), status)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        return error_response(error.status, error.message, error.code, error.field)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return error_response(
            400, "Your form expired or was sent from elsewhere. Reload the page and try again.", "csrf"
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        messages = {
            404: "The page you asked for does not exist, or you do not have access to it.",
            405: "This address does not accept that kind of request.",
            413: "The request body is larger than this server accepts.",
            429: "Too many attempts. Please wait a minute and try again.",
        }
        message = messages.get(status) or error.description or TITLES.get(status, "Error")
        return error_response(status, message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(
            500, "An unexpected error happened. It has been logged; please try again.", "server_error"
        )
