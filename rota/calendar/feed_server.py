"""The calendar-feed server: ``GET``/``HEAD /feeds/{token}.ics`` and ``/healthz`` (Starlette).

Stateless: every request asks ``lookup(token, now)`` for the feed, so the server scales
horizontally behind any load balancer. The database-backed ``lookup`` is written at the edge
(see :func:`rota.calendar.feeds.build_feed_for_token` for the pure part); this module never imports
storage.

HTTP behaviour (calendar-feeds.md, RFC 9110):

- 200 with ``Content-Type: text/calendar; charset=utf-8``, a strong ``ETag`` over the exact body,
  ``Last-Modified``, ``Cache-Control: private, no-cache``, ``Referrer-Policy: no-referrer`` and
  ``X-Robots-Tag: noindex``. No Accept header is needed (Google sends none).
- Conditional requests, RFC 9110 §13.2.2: "When If-None-Match is present, ... evaluate the
  If-None-Match precondition" and ignore If-Modified-Since; §13.1.2: "A recipient MUST use the
  weak comparison function when comparing entity tags for If-None-Match". §13.1.3: "A recipient
  MUST ignore the If-Modified-Since header field if the received field value is not a valid
  HTTP-date" -> an unparseable date gives 200.
- Unknown, revoked and malformed tokens get the same 404, byte for byte.
- The token never reaches a log: a filter on uvicorn's loggers rewrites every ``/feeds/...`` path
  to ``/feeds/<redacted>``, and lookup failures are logged with the token cut out.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from rota.calendar.feeds import FeedBody

if TYPE_CHECKING:  # uvicorn is imported only when a server is built
    import uvicorn

#: What the server asks for a feed: the presented token and the current instant -> feed or None.
Lookup = Callable[[str, datetime], FeedBody | None]

#: Logger of this module; nothing it logs contains a token. It keeps the name it had before the
#: module moved into rota.calendar, so log filters that name it still work.
logger = logging.getLogger("rota.feed_server")

#: Loggers that may see request paths and get the redaction filter.
REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn", "rota.feed_server")

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"

#: Headers on every feed response, 200, 304 and 404 alike.
PRIVACY_HEADERS = {
    "Cache-Control": "private, no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "X-Content-Type-Options": "nosniff",
}

_NOT_FOUND_BODY = "Not found\n"
_FEED_PATH = re.compile(r"/feeds/[^\s\"'?#]*")
_REDACTED_PATH = "/feeds/<redacted>"


def redact(text: str) -> str:
    """``text`` with every feed path (and so every token) replaced by ``/feeds/<redacted>``."""
    return _FEED_PATH.sub(_REDACTED_PATH, text)


class RedactFeedTokens(logging.Filter):
    """A logging filter that rewrites feed paths in a record before any handler sees it.

    uvicorn's access log passes the path as an argument (``'%s - "%s %s HTTP/%s" %d'``), and its
    ``AccessFormatter`` unpacks exactly those five arguments again; so string arguments are
    redacted in place, keeping their number and order. Only when the formatted message would
    still show a feed path (a path split between the format and an argument, or inside a
    non-string argument) is the record flattened to its redacted message with no arguments; a
    record that cannot be formatted loses its arguments too, so no error report can print them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: its error report would print the arguments
            record.msg = redact(str(record.msg))
            record.args = ()
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True


def install_log_redaction(names: tuple[str, ...] = REDACTED_LOGGERS) -> None:
    """Add :class:`RedactFeedTokens` to the named loggers (once each; calling again is harmless)."""
    for name in names:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in target.filters):
            target.addFilter(RedactFeedTokens())


def _http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _parse_http_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000" or obsolete forms: HTTP dates are always GMT
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _etag_list(header: str) -> list[str]:
    """The entity tags in an If-None-Match value, weak prefixes dropped (weak comparison)."""
    tags = re.findall(r'(?:W/)?"[^"]*"|\*', header)
    return [t[2:] if t.startswith("W/") else t for t in tags]


def not_modified(headers: dict[str, str], feed: FeedBody) -> bool:
    """True when the request's validators say the client's copy is current (-> 304).

    ``headers`` have lower-case names. If-None-Match wins when present; otherwise
    If-Modified-Since counts if it parses and is not older than the feed's Last-Modified.
    """
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = _etag_list(if_none_match)
        return "*" in tags or feed.etag in tags
    if_modified_since = headers.get("if-modified-since")
    if if_modified_since is None or feed.last_modified is None:
        return False
    since = _parse_http_date(if_modified_since)
    if since is None:
        return False
    return feed.last_modified.astimezone(UTC).replace(microsecond=0) <= since


def _validators(feed: FeedBody) -> dict[str, str]:
    headers = {"ETag": feed.etag}
    if feed.last_modified is not None:
        headers["Last-Modified"] = _http_date(feed.last_modified)
    return headers


def not_found_response() -> Response:
    """The one 404 for unknown, revoked and malformed tokens and any other path."""
    return PlainTextResponse(_NOT_FOUND_BODY, status_code=404, headers=PRIVACY_HEADERS)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(lookup: Lookup, *, clock: Callable[[], datetime] = _utc_now) -> Starlette:
    """The feed server as an ASGI app. ``lookup(token, now)`` returns the feed or None (-> 404).

    ``lookup`` may block (a database query): it runs in Starlette's thread pool.

    ``clock`` gives the current instant (aware, UTC); tests pass a fixed one.
    """
    install_log_redaction()

    async def feed(request: Request) -> Response:
        token = request.path_params["token"]
        try:
            # the lookup reads the database synchronously: keep it off the event loop
            found = await run_in_threadpool(lookup, token, clock())
        except Exception as error:
            details = "".join(traceback.format_exception(error)).replace(token, "<redacted>")
            logger.error("feed lookup failed for %s:\n%s", _REDACTED_PATH, redact(details))
            return PlainTextResponse(
                "Feed temporarily unavailable\n", status_code=503, headers=PRIVACY_HEADERS
            )
        if found is None:
            return not_found_response()
        headers = {**PRIVACY_HEADERS, **_validators(found)}
        conditions = {
            name: ", ".join(request.headers.getlist(name))
            for name in ("if-none-match", "if-modified-since")
            if name in request.headers
        }
        if not_modified(conditions, found):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(found.body))
            return Response(b"", headers=headers, media_type=CALENDAR_CONTENT_TYPE)
        return Response(found.body, headers=headers, media_type=CALENDAR_CONTENT_TYPE)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n", headers={"Cache-Control": "no-store"})

    async def http_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException) and exc.status_code == 404:
            return not_found_response()
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return PlainTextResponse(
            f"{status}\n", status_code=status, headers=getattr(exc, "headers", None)
        )

    return Starlette(
        routes=[
            Route("/feeds/{token}.ics", feed, methods=["GET", "HEAD"]),
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
        ],
        exception_handlers={HTTPException: http_error},
    )


def build_server(
    lookup: Lookup,
    host: str = "127.0.0.1",
    port: int = 8502,
    *,
    log_level: str = "info",
    clock: Callable[[], datetime] = _utc_now,
) -> uvicorn.Server:
    """A configured ``uvicorn.Server`` for the feed app, with token redaction on its loggers.

    ``port=0`` picks a free port (tests). Behind a TLS-terminating proxy, bind to loopback and
    let the proxy add https.
    """
    import uvicorn

    config = uvicorn.Config(
        create_app(lookup, clock=clock),
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=True,
    )
    # uvicorn configures logging in Config(); the filters go on after that, so they stay.
    install_log_redaction()
    return uvicorn.Server(config)


def serve(
    lookup: Lookup,
    host: str = "127.0.0.1",
    port: int = 8502,
    *,
    log_level: str = "info",
    clock: Callable[[], datetime] = _utc_now,
) -> None:
    """Run the feed server with uvicorn until interrupted; access logs have tokens redacted."""
    build_server(lookup, host, port, log_level=log_level, clock=clock).run()
