import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from gemcell.core.scoping import visible
from gemcell.core.views import GemView
from gemcell.directory.models import Department, Office
from gemcell.extensions import db


class IndexView(GemView):
    """The inbox of the signed-in user. Each duty module adds its own cards as it lands."""

    def get(self):
        counts = {
            'departments': db.session.scalar(visible(Department, current_user, sa.select(sa.func.count(Department.id)))),
            'offices': db.session.scalar(visible(Office, current_user, sa.select(sa.func.count(Office.id)))),
        }
        return render_template('home/index.html', counts=counts)


class HealthView(GemView):
    """For load balancers and monitoring: 200 when the database answers."""

    LOGIN_REQUIRED = False

    def get(self):
        db.session.execute(sa.text('SELECT 1'))
        return {'status': 'ok'}
