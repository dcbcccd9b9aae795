import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from gemcell.core.views import GemView
from gemcell.extensions import db
from gemcell.home.inbox import work_items


class IndexView(GemView):
    """The inbox of the signed-in user (``home/inbox.py``)."""

    def get(self):
        return render_template('home/index.html', items=work_items(current_user))


class LiveView(GemView):
    """Liveness: 200 while the process answers, without the database (the load test's baseline, the route that does
    the least a request of the app can do)."""

    LOGIN_REQUIRED = False

    def get(self):
        return {'status': 'ok'}


class HealthView(GemView):
    """For load balancers and monitoring: 200 when the database answers."""

    LOGIN_REQUIRED = False

    def get(self):
        db.session.execute(sa.text('SELECT 1'))
        return {'status': 'ok'}
