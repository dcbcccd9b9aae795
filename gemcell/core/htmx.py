"""htmx conventions: one URL answers the full page or just its fragment."""
import json

from flask import make_response, render_template, request


def is_htmx() -> bool:
    return request.headers.get('HX-Request') == 'true'


def wants_fragment() -> bool:
    """An htmx request that swaps part of a page (not a boosted navigation or a history restore)."""
    return (is_htmx() and request.headers.get('HX-Boosted') != 'true'
            and request.headers.get('HX-History-Restore-Request') != 'true')


def render_page(page: str, partial: str, status: int = 200, **context):
    """Render ``partial`` for an htmx swap, else ``page`` (which includes the same partial)."""
    template = partial if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add('HX-Request')
    return response


def hx_redirect(url: str, status: int = 200):
    """Tell htmx to navigate to ``url`` (a full page load)."""
    response = make_response('', status)
    response.headers['HX-Redirect'] = url
    return response


def hx_trigger(response, event: str, value=None):
    """Add an event to the response's ``HX-Trigger`` header (kept as JSON so several events combine).

    The JSON is ASCII (Hindi as ``\\uXXXX`` escapes): an HTTP header cannot carry UTF-8, and the browser's JSON parser
    reads the escapes back."""
    events = json.loads(response.headers.get('HX-Trigger') or '{}')
    events[event] = value if value is not None else True
    response.headers['HX-Trigger'] = json.dumps(events)
    return response
