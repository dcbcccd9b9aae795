"""Security headers, and pages that keep to the Content-Security-Policy: no inline script, event handler, eval or
style in any template a browser is served (the PDFs' templates are not)."""
import re
from pathlib import Path

import pytest

from gemcell.core.security import CSP

TEMPLATES = Path(__file__).resolve().parent.parent / 'templates'
WEB_TEMPLATES = sorted(p for p in TEMPLATES.rglob('*.html') if 'pdf' not in p.relative_to(TEMPLATES).parts)
INLINE = {
    'an inline <script>': re.compile(r'<script(?![^>]*\bsrc=)[^>]*>', re.IGNORECASE),
    'an event-handler attribute': re.compile(r'\son[a-z]+\s*=', re.IGNORECASE),
    'an hx-on attribute (eval)': re.compile(r'\shx-on[:-]', re.IGNORECASE),
    'a style attribute': re.compile(r'\sstyle\s*=', re.IGNORECASE),
    'a <style> element': re.compile(r'<style[\s>]', re.IGNORECASE),
    'a javascript: URL': re.compile(r'javascript:', re.IGNORECASE),
    'a js: value (eval)': re.compile(r'''hx-vals\s*=\s*['"]\s*js:''', re.IGNORECASE),
}


def test_there_are_templates_to_read():
    assert len(WEB_TEMPLATES) > 50


@pytest.mark.parametrize('template', WEB_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_what_the_policy_forbids(template):
    text = template.read_text(encoding='utf-8')
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f'{template.relative_to(TEMPLATES)} has {", ".join(found)}: move it to static/js or static/css'


def test_pages_fragments_and_errors_carry_the_headers(client, login_as):
    login_as('reviewer')
    for url, headers in (('/', {}), ('/bids/', {'HX-Request': 'true'}), ('/no-such-page', {}),
                         ('/static/css/gemcell.css', {})):
        with client.get(url, headers=headers) as response:
            assert response.headers['Content-Security-Policy'] == CSP, url
            assert response.headers['X-Content-Type-Options'] == 'nosniff'
            assert response.headers['X-Frame-Options'] == 'DENY'
    assert "script-src 'self'" in CSP and 'unsafe' not in CSP


def test_htmx_runs_without_eval_and_without_inline_styles(client, login_as):
    login_as('nodal')
    page = client.get('/').get_data(as_text=True)
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    assert '/static/js/gemcell.js' in page
