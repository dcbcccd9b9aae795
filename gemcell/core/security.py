"""Security headers on every response: a strict Content-Security-Policy (scripts, styles, fonts and images from the
app itself only — no inline script, no eval, no inline style), no sniffing, no framing, no referrer outside; no
caching of any page (``Cache-Control: no-store``: after signing out, the back button or a shared computer's cache
shows nothing), static files excepted; and, when the site is served over HTTPS (``SESSION_COOKIE_SECURE``),
Strict-Transport-Security.

The pages keep to it: behaviour lives in ``static/js/gemcell.js`` (data attributes in the markup), htmx runs with
``allowEval`` and ``allowScriptTags`` off and its indicator styles in the stylesheet; ``tests/test_security.py``
reads every template for inline script, handlers and styles. The PDFs' templates (``*/pdf/``) are not web pages.
"""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
}


HSTS = 'max-age=31536000'


def init_app(app):
    from flask import request

    @app.after_request
    def security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != 'static':
            response.headers.setdefault('Cache-Control', 'no-store')
        if app.config.get('SESSION_COOKIE_SECURE'):
            response.headers.setdefault('Strict-Transport-Security', HSTS)
        return response
