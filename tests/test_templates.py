"""Every template compiles (a broken tag in a page seldom visited would otherwise wait for a user to find it)."""
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / 'templates'
NAMES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob('*.html'))


@pytest.mark.parametrize('name', NAMES)
def test_the_template_compiles(app, name):
    app.jinja_env.get_template(name)
